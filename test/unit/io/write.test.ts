import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { createHash } from 'node:crypto';
import {
  assertNotSource, DEFAULT_CSV_DIALECT, fingerprintFile, openDataset, writeDataset, writeFileAtomic,
} from '../../../src/core/io';
import { TwinError } from '../../../src/core/errors';
import type { BinaryDialect, ColumnSpec, Table } from '../../../src/core/schema';
import { readAll, tempDir } from './helpers';

const dir = tempDir('write');

const columns: ColumnSpec[] = [
  { name: 'x', type: 'numeric', format: { kind: 'number', decimals: null, thousands: false } },
  { name: 'n', type: 'integer', format: { kind: 'integer', thousands: false } },
  { name: 'day', type: 'date', format: { kind: 'date', pattern: 'yyyy-MM-dd' } },
  { name: 'at', type: 'datetime', format: { kind: 'datetime', pattern: "yyyy-MM-dd'T'HH:mm:ss'Z'" } },
  { name: 'ok', type: 'boolean', format: { kind: 'boolean', trueToken: 'true', falseToken: 'false' } },
  { name: 'cat', type: 'categorical', format: { kind: 'string' } },
  { name: 'note', type: 'text', format: { kind: 'string' } },
];

function table(offset: number, n: number): Table {
  const idx = Array.from({ length: n }, (_, i) => i + offset);
  return {
    rowCount: n,
    columns: [
      { spec: columns[0], data: { kind: 'number', values: Float64Array.from(idx, (i) => (i % 10 === 3 ? NaN : i * 0.25)) } },
      { spec: columns[1], data: { kind: 'number', values: Float64Array.from(idx, (i) => i * 1000) } },
      { spec: columns[2], data: { kind: 'number', values: Float64Array.from(idx, (i) => Date.UTC(2020, 0, 1 + i)) } },
      { spec: columns[3], data: { kind: 'number', values: Float64Array.from(idx, (i) => Date.UTC(2021, 5, 1, 0, 0, i)) } },
      { spec: columns[4], data: { kind: 'category', codes: Int32Array.from(idx, (i) => (i % 7 === 0 ? -1 : i % 2)), categories: ['true', 'false'] } },
      { spec: columns[5], data: { kind: 'category', codes: Int32Array.from(idx, (i) => i % 3), categories: ['a', 'b', 'c'] } },
      { spec: columns[6], data: { kind: 'string', values: idx.map((i) => (i % 5 === 0 ? null : `note ${i}`)) } },
    ],
  };
}

function tmpLeftovers(): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));
}

describe('io: writers', () => {
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const kind of ['parquet', 'arrow'] as const) {
    it(`${kind} round trip keeps values, types and nulls`, async () => {
      const p = path.join(dir, `t.${kind}`);
      const res = await writeDataset(p, { dialect: { kind, fields: [] }, columns }, [table(0, 100), table(100, 50)]);
      assert.equal(res.rows, 150);
      assert.equal(res.bytes, fs.statSync(p).size);
      const src = await openDataset(p);
      assert.equal(src.format, kind);
      assert.deepEqual(src.columnNames, columns.map((c) => c.name));
      const fields = (src.dialect as BinaryDialect).fields;
      assert.ok(fields.every((f) => f.nullable));
      const types = fields.map((f) => f.type);
      assert.deepEqual(types, kind === 'parquet'
        ? ['DOUBLE', 'INT64', 'DATE', 'TIMESTAMP_MILLIS', 'BOOLEAN', 'STRING', 'STRING']
        : ['Float64', 'Int64', 'Date32<DAY>', 'Timestamp<MILLISECOND>', 'Bool', 'Utf8', 'Utf8']);
      const { rows } = await readAll(src);
      assert.equal(rows.length, 150);
      assert.deepEqual(rows[3], [null, 3000n, new Date(Date.UTC(2020, 0, 4)), new Date(Date.UTC(2021, 5, 1, 0, 0, 3)), false, 'a', 'note 3']);
      assert.deepEqual(rows[7], [1.75, 7000n, new Date(Date.UTC(2020, 0, 8)), new Date(Date.UTC(2021, 5, 1, 0, 0, 7)), null, 'b', 'note 7']);
      assert.deepEqual(rows[140], [35, 140000n, new Date(Date.UTC(2020, 0, 141)), new Date(Date.UTC(2021, 5, 1, 0, 2, 20)), null, 'c', null]);

      // Writing again with the recorded schema gives the same declared types.
      const p2 = path.join(dir, `t2.${kind}`);
      await writeDataset(p2, { dialect: src.dialect, columns }, [table(0, 10)]);
      assert.deepEqual(((await openDataset(p2)).dialect as BinaryDialect).fields, fields);
    });
  }

  it('streams more rows than run between garbage collections, every row in order', async () => {
    const p = path.join(dir, 'long.csv');
    const spec: ColumnSpec = { name: 'n', type: 'integer', format: { kind: 'integer', thousands: false } };
    const batch = (start: number, n: number): Table => ({
      rowCount: n,
      columns: [{ spec, data: { kind: 'number', values: Float64Array.from({ length: n }, (_, i) => start + i) } }],
    });
    function* batches(): Generator<Table> {
      for (let start = 0; start < 450_000; start += 65_536) yield batch(start, Math.min(65_536, 450_000 - start));
    }
    const res = await writeDataset(p, { dialect: DEFAULT_CSV_DIALECT, columns: [spec] }, batches());
    assert.equal(res.rows, 450_000);
    const lines = fs.readFileSync(p, 'utf8').split('\n');
    assert.equal(lines.length, 450_002); // header, rows, and the empty string after the final newline
    assert.equal(lines[1], '0');
    assert.equal(lines[450_000], '449999');
    assert.equal(res.sha256, createHash('sha256').update(fs.readFileSync(p)).digest('hex'));
    // The collections leave no `gc` global behind for contexts made later (VS Code hosts other extensions).
    assert.equal(vm.runInNewContext('typeof gc'), 'undefined');
  });

  it('parquet and arrow with no rows still carry the schema', async () => {
    for (const kind of ['parquet', 'arrow'] as const) {
      const p = path.join(dir, `empty.${kind}`);
      assert.equal((await writeDataset(p, { dialect: { kind, fields: [] }, columns }, [])).rows, 0);
      const src = await openDataset(p);
      assert.deepEqual(src.columnNames, columns.map((c) => c.name));
      assert.equal((await readAll(src)).rows.length, 0);
    }
  });

  it('parquet honours recorded INT32 and REQUIRED fields', async () => {
    const dialect: BinaryDialect = { kind: 'parquet', fields: [{ name: 'n', type: 'INT32', nullable: false }] };
    const spec: ColumnSpec = { name: 'n', type: 'integer', format: { kind: 'integer', thousands: false } };
    const p = path.join(dir, 'int32.parquet');
    await writeDataset(p, { dialect, columns: [spec] }, [{ rowCount: 3, columns: [{ spec, data: { kind: 'number', values: Float64Array.from([1, 2, 3]) } }] }]);
    const src = await openDataset(p);
    assert.deepEqual((src.dialect as BinaryDialect).fields, [{ name: 'n', type: 'INT32', nullable: false }]);
    assert.deepEqual((await readAll(src)).rows, [[1], [2], [3]]);
  });

  it('atomic: a failing batch iterator leaves neither the target nor a temp file', async () => {
    const p = path.join(dir, 'fail.csv');
    async function* failing(): AsyncGenerator<Table> {
      yield table(0, 10);
      throw new Error('generator broke');
    }
    await assert.rejects(writeDataset(p, { dialect: DEFAULT_CSV_DIALECT, columns }, failing()), /generator broke/);
    assert.equal(fs.existsSync(p), false);
    assert.deepEqual(tmpLeftovers(), []);
  });

  it('atomic: an existing target is untouched when writing fails, replaced when it succeeds', async () => {
    const p = path.join(dir, 'keep.csv');
    fs.writeFileSync(p, 'old');
    const ctrl = new AbortController();
    async function* aborting(): AsyncGenerator<Table> {
      yield table(0, 5);
      ctrl.abort();
      yield table(5, 5);
    }
    await assert.rejects(writeDataset(p, { dialect: DEFAULT_CSV_DIALECT, columns }, aborting(), { signal: ctrl.signal }),
      (e: unknown) => e instanceof TwinError && e.kind === 'cancelled');
    assert.equal(fs.readFileSync(p, 'utf8'), 'old');
    assert.deepEqual(tmpLeftovers(), []);
    for (const kind of ['parquet', 'arrow'] as const) {
      async function* broken(): AsyncGenerator<Table> { yield table(0, 5); throw new Error('boom'); }
      await assert.rejects(writeDataset(path.join(dir, `broken.${kind}`), { dialect: { kind, fields: [] }, columns }, broken()), /boom/);
    }
    assert.deepEqual(tmpLeftovers(), []);
    const res = await writeDataset(p, { dialect: DEFAULT_CSV_DIALECT, columns }, [table(0, 2)]);
    assert.equal(res.rows, 2);
    assert.equal(fs.readFileSync(p, 'utf8'),
      'x,n,day,at,ok,cat,note\n0,0,2020-01-01,2021-06-01T00:00:00Z,,a,\n0.25,1000,2020-01-02,2021-06-01T00:00:01Z,false,b,note 1\n');
  });

  it('writeFileAtomic, fingerprintFile', async () => {
    const p = path.join(dir, 'meta.json');
    await writeFileAtomic(p, '{"a":1}\n');
    assert.equal(fs.readFileSync(p, 'utf8'), '{"a":1}\n');
    await writeFileAtomic(p, Uint8Array.from([1, 2, 3]));
    assert.deepEqual([...fs.readFileSync(p)], [1, 2, 3]);
    assert.deepEqual(await fingerprintFile(p), { bytes: 3, sha256: createHash('sha256').update(Uint8Array.from([1, 2, 3])).digest('hex') });
    await assert.rejects(fingerprintFile(path.join(dir, 'none')), /file not found/);
  });

  it('writeFileAtomic into a missing folder is an input error', async () => {
    await assert.rejects(writeFileAtomic(path.join(dir, 'no', 'such', 'x.json'), 'x'), /folder does not exist/);
  });

  it('assertNotSource refuses the source itself, also through a symlink or ../', async () => {
    const src = path.join(dir, 'source.csv');
    fs.writeFileSync(src, 'a\n1\n');
    fs.symlinkSync(src, path.join(dir, 'link.csv'));
    await assert.rejects(assertNotSource(src, src), /refusing to write over the source/);
    await assert.rejects(assertNotSource(path.join(dir, 'link.csv'), src), /refusing/);
    await assert.rejects(assertNotSource(path.join(dir, '..', path.basename(dir), 'source.csv'), src), /refusing/);
    await assertNotSource(path.join(dir, 'source.synthetic.csv'), src);
  });
});

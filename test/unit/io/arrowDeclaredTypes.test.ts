import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import {
  Binary, Bool, DataType, DateDay, DateMillisecond, Decimal, Dictionary, DurationSecond, Field, FixedSizeBinary, Float16, Float32, Float64, Int16, Int32, Int64, Int8, LargeUtf8, List,
  Null, Struct, Table as ArrowTable, TimeMicrosecond, TimeMillisecond, TimestampMicrosecond, TimestampMillisecond, TimestampNanosecond, TimestampSecond, Uint16, Uint32,
  Uint64, Uint8, Utf8, Utf8View, tableFromIPC, tableToIPC, util, vectorFromArray,
} from 'apache-arrow';
import { generateTwin } from '../../../src/core/synth/generateTwin';
import { openDataset, writeDataset } from '../../../src/core/io';
import type { ColumnSpec, Dialect, Table } from '../../../src/core/schema';

/** A decimal at `scale` as apache-arrow takes it: little-endian 32-bit words (four for 128 bits). */
function decimalWords(v: number, scale: number, bitWidth = 128): Uint32Array {
  let x = BigInt(Math.round(v * 10 ** scale));
  const out = new Uint32Array(bitWidth / 32);
  for (let k = 0; k < out.length; k++) { out[k] = Number(BigInt.asUintN(32, x)); x >>= 32n; }
  return out;
}

describe('Arrow IPC: declared types read and written back', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => { dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'twin-arrow-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps decimal, large string, zoned and plain timestamps, unsigned and small integers', async () => {
    const n = 300;
    const idx = Array.from({ length: n }, (_, i) => i);
    const table = new ArrowTable({
      price: vectorFromArray(idx.map((i) => decimalWords(400 + (i % 50) * 1.25, 2)), new Decimal(2, 10, 128)),
      label: vectorFromArray(idx.map((i) => ['alpha', 'beta', 'gamma'][i % 3]), new LargeUtf8()),
      seen: vectorFromArray(idx.map((i) => new Date(Date.UTC(2021, 0, 1) + i * 3_600_000)), new TimestampMicrosecond('UTC')),
      logged: vectorFromArray(idx.map((i) => new Date(Date.UTC(2022, 5, 1) + i * 60_000)), new TimestampMillisecond()),
      count: vectorFromArray(idx.map((i) => i % 1000), new Uint16()),
      grade: vectorFromArray(idx.map((i) => (i % 5) - 2), new Int8()),
      day: vectorFromArray(idx.map((i) => new Date(Date.UTC(2020, 0, 1 + (i % 200)))), new DateDay()),
      score: vectorFromArray(idx.map((i) => i / 7), new Float64()),
      note: vectorFromArray(idx.map((i) => `n${i % 4}`), new Utf8()),
    });
    const source = nodePath.join(dir, 'typed.arrow');
    fs.writeFileSync(source, tableToIPC(table, 'file'));

    // Read: a decimal is its number (the old reader gave the JSON of its words).
    const opened = await openDataset(source);
    const first = (await opened.batches()[Symbol.asyncIterator]().next()).value as { rows: unknown[][] };
    assert.equal(first.rows[0][0], 400);
    assert.equal(first.rows[1][0], 401.25);

    const out = nodePath.join(dir, 'typed.twin.arrow');
    await generateTwin({ input: source, level: 'correlated', out });
    const twin = tableFromIPC(fs.readFileSync(out));
    assert.deepEqual(twin.schema.fields.map((f) => `${f.name}: ${String(f.type)}`), table.schema.fields.map((f) => `${f.name}: ${String(f.type)}`));
    assert.equal(twin.numRows, n);
    const prices = Array.from({ length: n }, (_, i) => util.bigNumToNumber(twin.getChild('price')!.get(i), 2));
    // Decimals of scale 2 (not floats, not text); the bulk in the real range (a tail model may reach past it).
    for (const p of prices) assert.equal(Math.round(p * 100), p * 100, `price ${p}`);
    const median = [...prices].sort((a, b) => a - b)[n >> 1];
    assert.ok(median >= 400 && median <= 461.25, `median price ${median}`);
    assert.deepEqual(new Set(Array.from({ length: n }, (_, i) => twin.getChild('label')!.get(i))), new Set(['alpha', 'beta', 'gamma']));
  });
});

/**
 * A type's declared properties, read field by field from apache-arrow's objects (not from the
 * names the reader records): type id, width and sign, precision and scale, unit, time zone,
 * byte width, and for a dictionary its index type, value type and ordering.
 */
function declared(t: DataType): Record<string, unknown> {
  const o = t as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { typeId: t.typeId };
  for (const k of ['bitWidth', 'isSigned', 'precision', 'scale', 'unit', 'timezone', 'byteWidth', 'isOrdered']) {
    if (o[k] !== undefined && o[k] !== null) out[k] = o[k]; // no time zone: undefined when built, null when read
  }
  if (DataType.isDictionary(t)) {
    out.indices = declared(t.indices);
    out.dictionary = declared(t.dictionary);
  }
  return out;
}

describe('Arrow IPC: every declared type comes back from twin generate at each level', function () {
  this.timeout(300_000);
  let dir: string;
  let source: string;
  let table: ArrowTable;
  const n = 400;
  const idx = Array.from({ length: n }, (_, i) => i);
  const colours = ['red', 'green', 'blue', 'amber'];
  const sizes = ['small', 'medium', 'large'];

  before(() => {
    dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'twin-arrow-types-'));
    table = new ArrowTable({
      colour: vectorFromArray(idx.map((i) => colours[i % 4]), new Dictionary(new Utf8(), new Int8())),
      size: vectorFromArray(idx.map((i) => (i % 11 === 0 ? null : sizes[i % 3])), new Dictionary(new LargeUtf8(), new Int16(), null, true)),
      site: vectorFromArray(idx.map((i) => `site-${i % 6}`), new Dictionary(new Utf8(), new Uint8())),
      ward: vectorFromArray(idx.map((i) => `w${i % 5}`), new Dictionary(new Utf8(), new Int32())),
      label: vectorFromArray(idx.map((i) => ['alpha', 'beta', 'gamma'][i % 3]), new LargeUtf8()),
      note: vectorFromArray(idx.map((i) => `n${i % 4}`), new Utf8()),
      price: vectorFromArray(idx.map((i) => decimalWords(400 + (i % 50) * 1.25, 2)), new Decimal(2, 10, 128)),
      day: vectorFromArray(idx.map((i) => new Date(Date.UTC(2020, 0, 1 + (i % 200)))), new DateDay()),
      day64: vectorFromArray(idx.map((i) => new Date(Date.UTC(2019, 5, 1 + (i % 90)))), new DateMillisecond()),
      tsS: vectorFromArray(idx.map((i) => new Date(Date.UTC(2021, 0, 1) + i * 3_600_000)), new TimestampSecond('UTC')),
      tsMs: vectorFromArray(idx.map((i) => new Date(Date.UTC(2022, 5, 1) + i * 60_000)), new TimestampMillisecond()),
      tsUs: vectorFromArray(idx.map((i) => new Date(Date.UTC(2023, 1, 1) + i * 7_000)), new TimestampMicrosecond('Europe/London')),
      tsNs: vectorFromArray(idx.map((i) => new Date(Date.UTC(2024, 2, 1) + i * 1_000)), new TimestampNanosecond('America/New_York')),
      flag: vectorFromArray(idx.map((i) => i % 3 === 0), new Bool()),
      i8: vectorFromArray(idx.map((i) => (i % 100) - 50), new Int8()),
      i16: vectorFromArray(idx.map((i) => i * 7 - 1000), new Int16()),
      i32: vectorFromArray(idx.map((i) => i * 1009), new Int32()),
      i64: vectorFromArray(idx.map((i) => BigInt(i) * 1_000_003n), new Int64()),
      u8: vectorFromArray(idx.map((i) => i % 200), new Uint8()),
      u16: vectorFromArray(idx.map((i) => i % 1000), new Uint16()),
      u32: vectorFromArray(idx.map((i) => i * 3001), new Uint32()),
      u64: vectorFromArray(idx.map((i) => BigInt(i) * 17n), new Uint64()),
      f32: vectorFromArray(idx.map((i) => i / 8), new Float32()),
      f64: vectorFromArray(idx.map((i) => i / 7), new Float64()),
      f16: vectorFromArray(idx.map((i) => (i % 64) / 4), new Float16()),
      wide: vectorFromArray(idx.map((i) => decimalWords(i * 1.5, 4, 256)), new Decimal(4, 40, 256)),
      clock: vectorFromArray(idx.map((i) => (i * 60_000) % 86_400_000), new TimeMillisecond()),
      clockUs: vectorFromArray(idx.map((i) => BigInt(i) * 1_000_000n), new TimeMicrosecond()),
      stay: vectorFromArray(idx.map((i) => BigInt(i * 3600)), new DurationSecond()),
      blob: vectorFromArray(idx.map((i) => new Uint8Array([i % 7, 1, 2])), new Binary()),
      digest: vectorFromArray(idx.map((i) => new Uint8Array([i % 5, 9, 9, 9])), new FixedSizeBinary(4)),
      viewed: vectorFromArray(idx.map((i) => `v${i % 3}`), new Utf8View()),
      empty: vectorFromArray(idx.map(() => null), new Null()),
      bigDict: vectorFromArray(idx.map((i) => `k${i % 4}`), new Dictionary(new Utf8(), new Uint16())),
    });
    source = nodePath.join(dir, 'typed.arrow');
    fs.writeFileSync(source, tableToIPC(table, 'file'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const level of ['structural', 'statistical', 'correlated'] as const) {
    it(`${level}: each field's type, dictionary index type, unit, zone, precision and scale are the source's`, async () => {
      const out = nodePath.join(dir, `typed.${level}.arrow`);
      await generateTwin({ input: source, level, out });
      const twin = tableFromIPC(fs.readFileSync(out));
      const real = tableFromIPC(fs.readFileSync(source));
      assert.equal(twin.numRows, n);
      assert.deepEqual(twin.schema.fields.map((f) => f.name), real.schema.fields.map((f) => f.name));
      for (const f of real.schema.fields) {
        const t = twin.schema.fields.find((g) => g.name === f.name)!;
        assert.deepEqual(declared(t.type), declared(f.type), `column ${f.name}: ${String(t.type)} vs ${String(f.type)}`);
        assert.equal(t.nullable, f.nullable, `column ${f.name} nullable`);
      }
      // Dictionary columns decode to the source's labels (only those; never the codes).
      const values = (name: string): Set<unknown> => new Set(twin.getChild(name)!.toArray());
      for (const v of values('colour')) assert.ok(colours.includes(v as string), `colour ${String(v)}`);
      for (const v of values('size')) assert.ok(v === null || sizes.includes(v as string), `size ${String(v)}`);
      for (const v of values('site')) assert.match(v as string, /^site-[0-5]$/);
      assert.ok(values('colour').size >= 2);
    });
  }
});

describe('Arrow IPC: a dictionary written across batches', function () {
  let dir: string;
  before(() => { dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'twin-arrow-dict-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const columns: ColumnSpec[] = [
    { name: 'ward', type: 'categorical', format: { kind: 'string' } },
    { name: 'code', type: 'text', format: { kind: 'string' } },
  ];
  const dialect = (index: string): Dialect => ({
    kind: 'arrow',
    fields: [{ name: 'ward', type: `Dictionary<${index}, Utf8>`, nullable: true }, { name: 'code', type: `Dictionary<${index}, Utf8>`, nullable: true }],
  });
  const batch = (wards: string[], codes: number[], codesOf: (string | null)[]): Table => ({
    rowCount: codesOf.length,
    columns: [
      { spec: columns[0], data: { kind: 'category', codes: Int32Array.from(codes), categories: wards } },
      { spec: columns[1], data: { kind: 'string', values: codesOf } },
    ],
  });

  it('keeps every value when later batches bring values the first did not (delta dictionaries)', async () => {
    const out = nodePath.join(dir, 'deltas.arrow');
    const wards = ['north', 'south', 'east'];
    const tables = [
      batch(wards, [0, 0, -1], ['a', 'b', null]),
      batch(wards, [2, 1, 0], ['c', 'a', 'd']),
      batch(wards, [1], ['e']),
    ];
    await writeDataset(out, { dialect: dialect('Int8'), columns }, tables);
    const twin = tableFromIPC(fs.readFileSync(out));
    assert.equal(String(twin.schema.fields[0].type), 'Dictionary<Int8, Utf8>');
    assert.deepEqual(twin.getChild('ward')!.toArray(), ['north', 'north', null, 'east', 'south', 'north', 'south']);
    assert.deepEqual(twin.getChild('code')!.toArray(), ['a', 'b', null, 'c', 'a', 'd', 'e']);
    // Read back through the twin's own reader too, batch by batch.
    const opened = await openDataset(out);
    const rows: unknown[][] = [];
    for await (const b of opened.batches()) rows.push(...b.rows);
    assert.deepEqual(rows.map((r) => r[1]), ['a', 'b', null, 'c', 'a', 'd', 'e']);
  });

  it('refuses in one line, naming the column, more distinct values than the index type holds', async () => {
    const out = nodePath.join(dir, 'overflow.arrow');
    const codes = Array.from({ length: 300 }, (_, i) => `c${i}`);
    await assert.rejects(
      writeDataset(out, { dialect: dialect('Int8'), columns }, [batch(['x'], codes.map(() => 0), codes)]),
      (e: Error) => /column "code".*more than 128 distinct values.*Int8/.test(e.message) && !e.message.includes('\n'),
    );
    assert.equal(fs.existsSync(out), false);
    // Uint8 holds 256, Int16 all 300.
    await writeDataset(out, { dialect: dialect('Int16'), columns }, [batch(['x'], codes.map(() => 0), codes)]);
    assert.deepEqual(tableFromIPC(fs.readFileSync(out)).getChild('code')!.toArray(), codes);
  });
});

describe('Arrow IPC: nested columns refused', function () {
  let dir: string;
  before(() => { dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'twin-arrow-nested-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a list or struct column is refused in one line naming it, never turned into text', async () => {
    const cases: [string, ArrowTable][] = [
      ['a list', new ArrowTable({ id: vectorFromArray([1, 2], new Int32()), readings: vectorFromArray([[1, 2], [3]], new List(new Field('item', new Int32(), true))) })],
      ['a struct', new ArrowTable({ id: vectorFromArray([1, 2], new Int32()), address: vectorFromArray([{ town: 'Leeds' }, { town: 'York' }], new Struct([new Field('town', new Utf8(), true)])) })],
    ];
    for (const [what, t] of cases) {
      const path = nodePath.join(dir, 'nested.arrow');
      fs.writeFileSync(path, tableToIPC(t, 'file'));
      const column = t.schema.fields[1].name;
      await assert.rejects(openDataset(path), (e: Error) => e.message.includes(`column "${column}"`) && e.message.includes(`is ${what}; nested Arrow columns are not supported`) && !e.message.includes('\n'));
    }
  });
});

import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CSV_DIALECT, writeDataset } from '../../../src/core/io';
import { formatValue } from '../../../src/core/format/value';
import type { ColumnSpec, DelimitedDialect, Dialect, Table } from '../../../src/core/schema';
import { tempDir } from './helpers';

const dir = tempDir('write-fast');

describe('writeDelimited fast paths', () => {
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('integer cells are exactly formatValue’s text (rounding, −0, large and non-safe values)', async () => {
    const values = [0, -0, -0.4, 0.5, 1.5, -1.5, 2.5, -2.5, 7, -7, 42.49999, 1e15 + 0.5, 2 ** 53 - 1, -(2 ** 53) + 1,
      2 ** 53, 2 ** 53 + 2, 2 ** 60, -(2 ** 62), 123456789012345678901, 1e21, 5e21, 2147483647, -2147483648, 99.5, NaN];
    const plain: ColumnSpec = { name: 'n', type: 'integer', format: { kind: 'integer', thousands: false } };
    const grouped: ColumnSpec = { name: 'g', type: 'integer', format: { kind: 'integer', thousands: true } };
    const table: Table = {
      rowCount: values.length,
      columns: [
        { spec: plain, data: { kind: 'number', values: Float64Array.from(values) } },
        { spec: grouped, data: { kind: 'number', values: Float64Array.from(values) } },
      ],
    };
    const dialect: DelimitedDialect = { ...DEFAULT_CSV_DIALECT, delimiter: ';' };
    const file = path.join(dir, 'ints.csv');
    await writeDataset(file, { dialect, columns: [plain, grouped] }, [table]);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    assert.equal(lines[0], 'n;g');
    values.forEach((v, i) => {
      const want = Number.isNaN(v) ? ';' : `${formatValue(v, plain)};${formatValue(v, grouped)}`;
      assert.equal(lines[i + 1], want, `value ${v}`);
    });
    assert.equal(lines[2], '0;0', '−0 is written 0');
    assert.equal(lines[values.indexOf(123456789012345678901) + 1].split(';')[0], (123456789012345678901).toFixed(0), 'beyond 2^53: toFixed digits, not String()');
  });

  it('returns the SHA-256 and size of the bytes written, for every format', async () => {
    const spec: ColumnSpec = { name: 'ward', type: 'categorical', format: { kind: 'string' } };
    const n = 70_000; // several flushes
    const table: Table = { rowCount: n, columns: [{ spec, data: { kind: 'category', codes: Int32Array.from({ length: n }, (_, i) => i % 4 - 1), categories: ['A&E', 'Renal, East', 'Maternité'] } }] };
    const cases: [string, Dialect][] = [
      ['w.csv', { ...DEFAULT_CSV_DIALECT, bom: true }],
      ['w.tsv', { ...DEFAULT_CSV_DIALECT, delimiter: '\t', encoding: 'utf-16le', bom: true }],
      ['w.parquet', { kind: 'parquet', fields: [] }],
      ['w.arrow', { kind: 'arrow', fields: [] }],
    ];
    for (const [name, dialect] of cases) {
      const file = path.join(dir, name);
      const res = await writeDataset(file, { dialect, columns: [spec] }, [table]);
      const bytes = fs.readFileSync(file);
      assert.equal(res.bytes, bytes.length, name);
      assert.equal(res.sha256, createHash('sha256').update(bytes).digest('hex'), name);
      assert.equal(res.rows, n, name);
    }
  });
});

import { strict as assert } from 'node:assert';
import type { RawValue } from '../../../src/core/format';
import type { ColumnSpec } from '../../../src/core/schema';
import { loadTable } from '../../../src/core/table';
import { isTwinError } from '../../../src/core/errors';
import { memorySource } from './helpers';

const SPECS: ColumnSpec[] = [
  { name: 'age', type: 'integer', format: { kind: 'integer', thousands: false } },
  { name: 'sex', type: 'categorical', format: { kind: 'string' } },
  { name: 'admitted', type: 'date', format: { kind: 'date', pattern: 'dd/MM/yyyy' } },
  { name: 'flag', type: 'boolean', format: { kind: 'boolean', trueToken: '1', falseToken: '0' } },
  { name: 'id', type: 'identifier', format: { kind: 'string', shape: 'A99' } },
];
const NAMES = ['id', 'age', 'sex', 'admitted', 'flag'];

describe('loadTable', () => {
  it('parses every value with its column format into the typed table', async () => {
    const rows: RawValue[][] = [
      ['A01', '34', 'F', '29/12/2020', '1'],
      ['A02', 'NA', 'M', '01/01/2021', '0'],
      ['A03', '51', 'F', '', '1'],
      ['', '7', '?', '05/06/2021', '0'],
    ];
    const { table, sampled, sampleNote } = await loadTable(memorySource(NAMES, rows), SPECS);
    assert.equal(table.rowCount, 4);
    assert.equal(sampled, false);
    assert.equal(sampleNote, 'all 4 rows');
    assert.deepEqual(table.columns.map((c) => c.spec.name), ['age', 'sex', 'admitted', 'flag', 'id']);
    const [age, sex, admitted, flag, id] = table.columns.map((c) => c.data);
    assert.equal(age.kind, 'number');
    if (age.kind === 'number') {
      assert.deepEqual([...age.values].slice(0, 1), [34]);
      assert.ok(Number.isNaN(age.values[1]));
      assert.equal(age.values[3], 7);
    }
    assert.deepEqual(sex, { kind: 'category', codes: Int32Array.from([0, 1, 0, -1]), categories: ['F', 'M'] });
    if (admitted.kind === 'number') {
      assert.equal(admitted.values[0], Date.UTC(2020, 11, 29));
      assert.ok(Number.isNaN(admitted.values[2]));
      assert.equal(admitted.values[3], Date.UTC(2021, 5, 5));
    }
    assert.deepEqual(flag, { kind: 'category', codes: Int32Array.from([0, 1, 0, 1]), categories: ['1', '0'] });
    assert.deepEqual(id, { kind: 'string', values: ['A01', 'A02', 'A03', null] });
  });

  it('unreadable values: missing and counted by default, an input error in strict mode', async () => {
    const rows: RawValue[][] = [['A01', '34', 'F', '29/12/2020', '1'], ['A02', 'forty', 'M', '01/01/2021', '0']];
    const { table, sampleNote } = await loadTable(memorySource(NAMES, rows), SPECS);
    const age = table.columns[0].data;
    assert.ok(age.kind === 'number' && Number.isNaN(age.values[1]));
    assert.match(sampleNote, /1 value that did not match the column's format read as missing \(first at row 3, column "age"\)/);
    await assert.rejects(loadTable(memorySource(NAMES, rows), SPECS, { strict: true }), (e: unknown) => {
      assert.ok(isTwinError(e) && e.kind === 'input');
      assert.equal(e.where.row, 3);
      assert.equal(e.where.column, 'age');
      assert.match(e.message, /data\.csv, row 3, column "age": a value does not match the column's type integer/);
      return true;
    });
  });

  it('a column not in the file is an input error', async () => {
    await assert.rejects(loadTable(memorySource(['x'], [['1']]), SPECS), /column "age" is not in the file/);
  });

  it('maxRows: seeded uniform sample kept in file order, categories of the kept rows only', async () => {
    const rows: RawValue[][] = Array.from({ length: 10_000 }, (_, i) => [`A${i}`, String(i), i === 0 ? 'only-first' : i % 2 ? 'M' : 'F', '01/01/2020', '1']);
    const a = await loadTable(memorySource(NAMES, rows, 777), SPECS, { maxRows: 500, seed: 5 });
    const b = await loadTable(memorySource(NAMES, rows, 333), SPECS, { maxRows: 500, seed: 5 });
    assert.equal(a.table.rowCount, 500);
    assert.equal(a.sampled, true);
    assert.equal(a.sampleNote, 'uniform sample of 500 of 10,000 rows (seed 5)');
    const ages = a.table.columns[0].data;
    const agesB = b.table.columns[0].data;
    assert.ok(ages.kind === 'number' && agesB.kind === 'number');
    assert.deepEqual([...ages.values], [...agesB.values], 'same seed, same sample whatever the batching');
    for (let i = 1; i < 500; i++) assert.ok(ages.values[i] > ages.values[i - 1], 'file order');
    const mean = ages.values.reduce((t, v) => t + v, 0) / 500;
    assert.ok(Math.abs(mean - 4999.5) < 4 * 2887 / Math.sqrt(500), `mean ${mean}`);
    const sex = a.table.columns[1].data;
    assert.ok(sex.kind === 'category');
    if (!sex.codes.some((c) => sex.categories[c] === 'only-first')) assert.ok(!sex.categories.includes('only-first'));
    const ids = a.table.columns[4].data;
    assert.ok(ids.kind === 'string' && ids.values[0] === `A${ages.values[0]}`, 'columns stay aligned');
  });
  it('keeps only the rows a row filter accepts, by the key as it compares (numbers in shortest form, missing as null)', async () => {
    const rows: RawValue[][] = [
      ['A01', '34', 'F', '29/12/2020', '1'],
      ['A02', '007', 'M', '01/01/2021', '0'],
      ['A03', '', 'F', '', '1'],
      ['A04', '51', 'M', '05/06/2021', '0'],
    ];
    const seen: (string | null)[] = [];
    let restarts = 0;
    const { table } = await loadTable(memorySource(NAMES, rows), SPECS, {
      rows: { column: 'age', keep: (k) => { seen.push(k); return k === null || k === '7' || k === '51'; }, restart: () => { restarts++; } },
    });
    assert.deepEqual(seen, ['34', '7', null, '51']);
    assert.equal(restarts, 1);
    assert.equal(table.rowCount, 3);
    const id = table.columns.find((c) => c.spec.name === 'id')!.data;
    assert.deepEqual(id.kind === 'string' ? id.values : null, ['A02', 'A03', 'A04']);
    await assert.rejects(loadTable(memorySource(NAMES, rows), SPECS.slice(0, 4), { rows: { column: 'id', keep: () => true } }), /row filter's column "id" is not one of the columns read/);
  });
});

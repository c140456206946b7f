import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openDataset } from '../../../src/core/io';
import type { DatasetSource } from '../../../src/core/io';
import { isTwinError } from '../../../src/core/errors';
import type { ColumnSpec } from '../../../src/core/schema';
import { loadTable, type LoadTableOptions } from '../../../src/core/table';
import { tempDir } from './helpers';

// With `cells`, loadTable reads a delimited file through its cells (byte ranges) when the reader
// offers them; these hold it to the text path, value for value, on files that exercise every builder.
const dir = tempDir('load-cells');

const SPECS: ColumnSpec[] = [
  { name: 'id', type: 'identifier', format: { kind: 'string', shape: 'A99' } },
  { name: 'age', type: 'integer', format: { kind: 'integer', thousands: false } },
  { name: 'weight', type: 'numeric', format: { kind: 'number', decimals: 1, thousands: false } },
  { name: 'ward', type: 'categorical', format: { kind: 'string' } },
  { name: 'admitted', type: 'date', format: { kind: 'date', pattern: 'dd/MM/yyyy' } },
  { name: 'flag', type: 'boolean', format: { kind: 'boolean', trueToken: 'Y', falseToken: 'N' } },
  { name: 'note', type: 'text', format: { kind: 'string' } },
];

/** A CSV of `n` rows covering integers (signs, leading zeros, −0, long), decimals, quoted and non-ASCII labels, dates, missing cells. */
function fixture(n: number, extra: (i: number) => string | null = () => null): string {
  const wards = ['A&E', 'Cardiology', '"Renal, East"', 'Maternité', 'ICU', '?'];
  const lines = ['id,age,weight,ward,admitted,flag,note'];
  for (let i = 0; i < n; i++) {
    const special = extra(i);
    if (special !== null) { lines.push(special); continue; }
    const age = i % 17 === 0 ? '' : i % 23 === 0 ? 'NA' : i % 29 === 0 ? '-0' : i % 31 === 0 ? '+007' : i % 37 === 0 ? '12345678901234567' : String((i * 7) % 101 - 3);
    const weight = i % 11 === 0 ? '' : ((i * 13) % 900 / 10 + 3).toFixed(1);
    const day = i % 19 === 0 ? '' : `${String(1 + (i % 28)).padStart(2, '0')}/${String(1 + (i % 12)).padStart(2, '0')}/${2019 + (i % 4)}`;
    const note = i % 5 === 0 ? '' : i % 7 === 0 ? '"said ""hello"", left"' : `note ${i % 13} é`;
    lines.push([`P${String(i % 100).padStart(2, '0')}`, age, weight, wards[i % wards.length], day, i % 3 === 0 ? 'Y' : 'N', note].join(','));
  }
  return lines.join('\n') + '\n';
}

/** The same source without its cell path: loadTable then reads the text batches. */
function textOnly(src: DatasetSource): DatasetSource {
  return { ...src, cellBatches: undefined };
}

async function both(file: string, options: LoadTableOptions = {}): Promise<[Awaited<ReturnType<typeof loadTable>>, Awaited<ReturnType<typeof loadTable>>]> {
  const src = await openDataset(file);
  assert.ok(src.cellBatches, 'the delimited reader offers cells');
  return [await loadTable(src, SPECS, { ...options, cells: true }), await loadTable(textOnly(src), SPECS, options)];
}

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('loadTable through cells', () => {
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gives the same table as the text path (every column kind, quotes, UTF-8, missing, many batches)', async () => {
    const file = write('mixed.csv', fixture(30_000));
    const [cells, text] = await both(file);
    assert.deepEqual(cells, text);
    assert.equal(cells.table.rowCount, 30_000);
    const age = cells.table.columns[1].data;
    assert.equal(age.kind, 'number');
    if (age.kind === 'number') {
      assert.ok(Object.is(age.values[29], -0), '-0 reads as −0, as the text does');
      assert.equal(age.values[31], 7);
      assert.equal(age.values[37], 12345678901234567);
      assert.ok(Number.isNaN(age.values[17]) && Number.isNaN(age.values[23]));
    }
    const ward = cells.table.columns[3].data;
    assert.equal(ward.kind, 'category');
    if (ward.kind === 'category') assert.deepEqual(ward.categories, ['A&E', 'Cardiology', 'Renal, East', 'Maternité', 'ICU']);
  });

  it('a missing-value spelling that is a number is read as missing, as by the text path', async () => {
    const file = write('token.csv', fixture(500));
    const src = await openDataset(file);
    const options = { missingTokens: ['', 'NA', '?', '95'] };
    const cells = await loadTable(src, SPECS, { ...options, cells: true });
    assert.deepEqual(cells, await loadTable(textOnly(src), SPECS, options));
    const age = cells.table.columns[1].data;
    if (age.kind === 'number') assert.ok(Number.isNaN(age.values[14]), 'age 95 (row 14) is a missing token'); // (14·7) % 101 − 3 = 95
  });

  it('with an unreadable value: read again as text, which numbers its row; strict names it', async () => {
    const file = write('bad.csv', fixture(5_000, (i) => (i === 4321 ? 'P01,forty,70.0,ICU,01/02/2020,Y,x' : null)));
    const [cells, text] = await both(file);
    assert.deepEqual(cells, text);
    assert.match(cells.sampleNote, /1 value that did not match the column's format read as missing \(first at row 4323, column "age"\)/);
    await assert.rejects(loadTable(await openDataset(file), SPECS, { strict: true, cells: true }), (e: unknown) =>
      isTwinError(e) && e.kind === 'input' && /row 4323/.test(e.message) && /"age"/.test(e.message));
  });

  it('samples the same rows (seeded reservoir) as the text path', async () => {
    const file = write('sample.csv', fixture(12_000));
    const [cells, text] = await both(file, { maxRows: 1_000, seed: 7 });
    assert.equal(cells.sampled, true);
    assert.equal(cells.table.rowCount, 1_000);
    assert.deepEqual(cells, text);
  });

  it('without `cells`, a view that overrides batches() is read through it', async () => {
    const src = await openDataset(write('view.csv', fixture(300)));
    const view: DatasetSource = { ...src, batches: async function* (ctx) { for await (const b of src.batches(ctx)) yield { ...b, rows: b.rows.slice(0, 1) }; } };
    assert.equal((await loadTable(view, SPECS)).table.rowCount, 1);
  });

  it('a column with more distinct spellings than it remembers still reads every value', async () => {
    const lines = ['id,age,weight,ward,admitted,flag,note'];
    for (let i = 0; i < 70_000; i++) lines.push(`P1,${i},${(i / 10).toFixed(1)},W${i},01/01/2020,Y,`);
    const file = write('wide.csv', lines.join('\n') + '\n');
    const [cells, text] = await both(file);
    assert.deepEqual(cells, text);
    const weight = cells.table.columns[2].data;
    if (weight.kind === 'number') assert.equal(weight.values[69_999], 6999.9);
  });
});

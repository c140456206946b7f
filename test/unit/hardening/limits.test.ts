/**
 * Issue 7 items 3 and 6: spreadsheet safety on the writer path (generate's `spreadsheetSafe`),
 * and the reader's limits (columns, record length) with messages that say which limit and how
 * to raise it.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CSV_DIALECT, openDataset, spreadsheetSafeText, writeDataset } from '../../../src/core/io';
import { isTwinError, type TwinError } from '../../../src/core/errors';
import { generateTwin } from '../../../src/core/synth';
import { profileFile } from '../../../src/core/profile';
import type { ColumnSpec, Table } from '../../../src/core/schema';
import { parseCsv, tempDir } from './helpers';

const dir = tempDir('limits');
after(() => fs.rmSync(dir, { recursive: true, force: true }));

async function drain(file: string, options: Parameters<typeof openDataset>[1]): Promise<number> {
  const src = await openDataset(file, options);
  let rows = 0;
  for await (const b of src.batches()) rows += b.rows.length;
  return rows;
}

async function inputErrorOf(p: Promise<unknown>): Promise<TwinError> {
  try {
    await p;
  } catch (e) {
    assert.ok(isTwinError(e) && e.kind === 'input', `expected an input error, got ${String(e)}`);
    return e;
  }
  assert.fail('expected an input error');
}

describe('hardening: spreadsheet safety', () => {
  it('spreadsheetSafeText prefixes formula starts, not plain numbers', () => {
    assert.equal(spreadsheetSafeText('=SUM(A1)'), "'=SUM(A1)");
    assert.equal(spreadsheetSafeText('+44 20 7946'), "'+44 20 7946");
    assert.equal(spreadsheetSafeText('-2+3'), "'-2+3");
    assert.equal(spreadsheetSafeText('@cmd'), "'@cmd");
    assert.equal(spreadsheetSafeText('\tx'), "'\tx");
    assert.equal(spreadsheetSafeText('\rx'), "'\rx");
    assert.equal(spreadsheetSafeText('-2.5'), '-2.5');
    assert.equal(spreadsheetSafeText('+1e3'), '+1e3');
    assert.equal(spreadsheetSafeText('plain'), 'plain');
    assert.equal(spreadsheetSafeText('a=b'), 'a=b');
  });

  it('writeDataset neutralises text cells when asked; numbers (incl. negative) stay numbers', async () => {
    const columns: ColumnSpec[] = [
      { name: 'n', type: 'integer', format: { kind: 'integer', thousands: false } },
      { name: 'x', type: 'numeric', format: { kind: 'number', decimals: 2, thousands: false } },
      { name: 'cat', type: 'categorical', format: { kind: 'string' } },
      { name: 'note', type: 'text', format: { kind: 'string' } },
    ];
    const table: Table = {
      rowCount: 3,
      columns: [
        { spec: columns[0], data: { kind: 'number', values: Float64Array.from([-5, 3, -1]) } },
        { spec: columns[1], data: { kind: 'number', values: Float64Array.from([-2.5, 1, -0.25]) } },
        { spec: columns[2], data: { kind: 'category', codes: Int32Array.from([0, 1, 2]), categories: ['=1+1', '-7', 'ok'] } },
        { spec: columns[3], data: { kind: 'string', values: ['@SUM(A1)', '+x, y', null] } },
      ],
    };
    const safe = path.join(dir, 'safe.csv');
    const plain = path.join(dir, 'plain.csv');
    await writeDataset(safe, { dialect: DEFAULT_CSV_DIALECT, columns, spreadsheetSafe: true }, [table]);
    await writeDataset(plain, { dialect: DEFAULT_CSV_DIALECT, columns }, [table]);
    assert.equal(fs.readFileSync(safe, 'utf8'), "n,x,cat,note\n-5,-2.50,'=1+1,'@SUM(A1)\n3,1.00,-7,\"'+x, y\"\n-1,-0.25,ok,\n");
    assert.equal(fs.readFileSync(plain, 'utf8'), 'n,x,cat,note\n-5,-2.50,=1+1,@SUM(A1)\n3,1.00,-7,"+x, y"\n-1,-0.25,ok,\n');
  });

  it('generateTwin({ spreadsheetSafe }) neutralises formula-like categories and records it in the recipe', async () => {
    const src = path.join(dir, 'formula.csv');
    let text = 'v,cat\n';
    // Each value held by 10 records: values held by fewer than k are never published (bounds, quantiles), so unique ones would coarsen away.
    for (let i = 0; i < 60; i++) text += `${i % 2 ? -(10 + (i % 3)) : i % 3},${['=HYPERLINK("x")', '@cmd', 'ok'][i % 3]}\n`;
    fs.writeFileSync(src, text);
    const out = path.join(dir, 'formula.synthetic.csv');
    const result = await generateTwin({ input: src, level: 'statistical', seed: 3, out, spreadsheetSafe: true });
    assert.equal(result.recipe.spreadsheetSafe, true);
    const rows = parseCsv(fs.readFileSync(out, 'utf8'));
    assert.deepEqual(rows[0], ['v', 'cat']);
    const cats = new Set(rows.slice(1).map((r) => r[1]));
    for (const c of cats) assert.ok(["'=HYPERLINK(\"x\")", "'@cmd", 'ok'].includes(c), c);
    assert.ok(rows.slice(1).some((r) => r[0].startsWith('-')), 'negative numbers are written as numbers');
    assert.ok(rows.slice(1).every((r) => !r[0].startsWith("'")));
    // without the option the same seed writes the labels as they were
    const out2 = path.join(dir, 'formula2.synthetic.csv');
    const r2 = await generateTwin({ input: src, level: 'statistical', seed: 3, out: out2 });
    assert.equal(r2.recipe.spreadsheetSafe, undefined);
    assert.ok(parseCsv(fs.readFileSync(out2, 'utf8')).slice(1).some((r) => r[1] === '@cmd'));
  });
});

describe('hardening: limits with clear messages', () => {
  it('maxColumns: a wider file is refused naming the limit and the flag; raising it reads the file', async () => {
    const file = path.join(dir, 'wide.csv');
    const names = Array.from({ length: 12 }, (_, j) => `c${j}`);
    fs.writeFileSync(file, names.join(',') + '\n' + names.map((_, j) => j).join(',') + '\n');
    const e = await inputErrorOf(openDataset(file, { maxColumns: 10 }));
    assert.equal(e.message, `${file}: has 12 columns, more than the limit of 10 (raise the column limit)`);
    assert.equal(await drain(file, { maxColumns: 12 }), 1);
  });

  it('maxCategories: a categorical column with more distinct values is refused naming column, limit and flag', async () => {
    const file = path.join(dir, 'cats.csv');
    let text = 'code,n\n';
    for (let i = 0; i < 400; i++) text += `C${i % 150},${i}\n`;
    fs.writeFileSync(file, text);
    const e = await inputErrorOf(profileFile(file, { maxCategories: 100 }));
    assert.equal(e.message, `${file}, column "code": has 150 distinct categories, more than the limit of 100 (raise the category limit)`);
    const { profile } = await profileFile(file, { maxCategories: 150 });
    assert.equal(profile.columns[0].spec.type, 'categorical');
    assert.equal(profile.columns[0].distinct.count, 150);
  });

    it('maxRecordChars: a giant line is refused with its row, not read into memory; raising it reads it', async () => {
    const file = path.join(dir, 'long-line.csv');
    const long = 'x'.repeat(300_000);
    fs.writeFileSync(file, `a,b\n1,short\n2,${long}\n3,short\n`);
    const e = await inputErrorOf(drain(file, { maxRecordChars: 100_000 }));
    assert.equal(e.message, `${file}, row 3: a record longer than the limit of 100,000 characters (raise the record length limit)`);
    assert.equal(await drain(file, { maxRecordChars: 1_000_000 }), 3);
  });

  it('maxRecordChars: a quote that never closes is reported at the row where it opens', async () => {
    const file = path.join(dir, 'runaway.csv');
    fs.writeFileSync(file, `a,b\n1,ok\n2,"runaway${'\nmore text,with commas'.repeat(20_000)}\n`);
    const e = await inputErrorOf(drain(file, { maxRecordChars: 100_000 }));
    assert.match(e.message, /, row 3: unterminated quoted field/);
  });

  it('a header line longer than the limit is refused at row 1', async () => {
    const file = path.join(dir, 'long-header.csv');
    fs.writeFileSync(file, `a,${'h'.repeat(200_000)}\n1,2\n`);
    const e = await inputErrorOf(drain(file, { maxRecordChars: 50_000 }));
    assert.match(e.message, /, row 1: a record longer than the limit of 50,000 characters/);
  });
});

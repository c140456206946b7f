import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as iconv from 'iconv-lite';
import { openDataset } from '../../../src/core/io';
import type { DelimitedDialect } from '../../../src/core/schema';
import { readAll, tempDir } from './helpers';

const dir = tempDir('read');
let n = 0;
function fixture(content: string | Buffer, ext = '.csv'): string {
  const p = path.join(dir, `f${n++}${ext}`);
  fs.writeFileSync(p, content);
  return p;
}
async function open(content: string | Buffer, options = {}) {
  const src = await openDataset(fixture(content), options);
  const { rows, firstRows } = await readAll(src);
  return { src, d: src.dialect as DelimitedDialect, rows, firstRows };
}

describe('io: delimited reader', () => {
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const delim of [',', '\t', ';', '|']) {
    it(`sniffs the delimiter ${JSON.stringify(delim)}`, async () => {
      const text = ['name', 'age', 'score'].join(delim) + '\n' + ['Ann', '34', '1.5'].join(delim) + '\n' + ['Bob', '41', '2'].join(delim) + '\n';
      const { src, d, rows } = await open(text);
      assert.equal(d.delimiter, delim);
      assert.equal(d.header, true);
      assert.deepEqual(src.columnNames, ['name', 'age', 'score']);
      assert.deepEqual(rows, [['Ann', '34', '1.5'], ['Bob', '41', '2']]);
      assert.equal(src.format, 'delimited');
      assert.equal(src.name, src.path.endsWith('.csv') ? path.basename(src.path, '.csv') : '');
    });
  }

  it('prefers ; over , when commas are decimal commas', async () => {
    const { d, rows } = await open('a;b\n1,5;2,25\n3,0;4,75\n');
    assert.equal(d.delimiter, ';');
    assert.deepEqual(rows, [['1,5', '2,25'], ['3,0', '4,75']]);
  });

  it('reads quoted delimiters, doubled quotes and newlines', async () => {
    const { d, rows } = await open('id,text\n1,"a, b"\n2,"say ""hi"""\n3,"line1\nline2"\n4,plain\n');
    assert.equal(d.quote, '"');
    assert.equal(d.quoting, 'minimal');
    assert.deepEqual(rows, [['1', 'a, b'], ['2', 'say "hi"'], ['3', 'line1\nline2'], ['4', 'plain']]);
  });

  it('carries quoted newlines across 1 MB chunk boundaries', async () => {
    const parts = ['id,text\n'];
    const expected: string[][] = [];
    for (let i = 0; i < 120000; i++) {
      const text = i % 3 === 0 ? `multi\nliné, ${i} ""q""` : `row é ${i}`;
      parts.push(i % 3 === 0 ? `${i},"${text}"\n` : `${i},${text}\n`);
      expected.push([String(i), text.replace(/""/g, '"')]);
    }
    const { rows, firstRows } = await open(parts.join(''));
    assert.equal(rows.length, 120000);
    assert.deepEqual(rows, expected);
    assert.equal(firstRows[0], 2);
  });

  it("uses ' as the quote when only ' encloses fields", async () => {
    const { d, rows } = await open("a,b\n'x,y',1\n'z',2\n");
    assert.equal(d.quote, "'");
    assert.deepEqual(rows, [['x,y', '1'], ['z', '2']]);
  });

  it('strips the space after the delimiter (UCI Adult style)', async () => {
    const { src, d, rows } = await open('age,workclass,income\n39, State-gov, <=50K\n50, ?, >50K\n');
    assert.equal(d.spaceAfterDelimiter, true);
    assert.equal(d.headerSpaceAfterDelimiter, false);
    assert.equal(d.missingToken, '?');
    assert.deepEqual(src.columnNames, ['age', 'workclass', 'income']);
    assert.deepEqual(rows, [['39', 'State-gov', '<=50K'], ['50', '?', '>50K']]);
  });

  it('reads quoted fields after ", "', async () => {
    const { d, rows } = await open('a,b,c\n1, "x, y", 2\n3, z, "q""uote"\n');
    assert.equal(d.spaceAfterDelimiter, true);
    assert.deepEqual(rows, [['1', 'x, y', '2'], ['3', 'z', 'q"uote']]);
  });

  it('detects a header, or its absence', async () => {
    const noHeader = await open('1,2.5,x\n3,4.5,y\n');
    assert.equal(noHeader.d.header, false);
    assert.deepEqual(noHeader.src.columnNames, ['V1', 'V2', 'V3']);
    assert.equal(noHeader.rows.length, 2);
    assert.deepEqual(noHeader.firstRows, [1]);
    const textHeader = await open('city,country\nLeeds,UK\nLyon,FR\n');
    assert.equal(textHeader.d.header, true);
    const forced = await open('city,country\nLeeds,UK\n', { header: false });
    assert.equal(forced.d.header, false);
    assert.deepEqual(forced.rows, [['city', 'country'], ['Leeds', 'UK']]);
  });

  it('classifies quoting: all, per column (R/pandas), minimal', async () => {
    const all = await open('"a","b"\n"1","x"\n"2","y"\n');
    assert.equal(all.d.quoting, 'all');
    assert.equal(all.d.headerQuoted, true);
    const r = await open('"label","age","date"\n"Stranded",50,"29/12/2020"\n"Not",NA,"01/01/2021"\n');
    assert.equal(r.d.quoting, 'nonnumeric');
    assert.deepEqual(r.d.quotedColumns, ['label', 'date']);
    assert.equal(r.d.missingToken, 'NA');
    assert.deepEqual(r.rows, [['Stranded', '50', '29/12/2020'], ['Not', 'NA', '01/01/2021']]);
    const min = await open('a,b\n"x,1",2\ny,3\n');
    assert.equal(min.d.quoting, 'minimal');
  });

  it('line endings and final newline', async () => {
    const crlf = await open('a,b\r\n1,"x\r\ny"\r\n2,z');
    assert.equal(crlf.d.lineEnding, '\r\n');
    assert.equal(crlf.d.finalNewline, false);
    assert.deepEqual(crlf.rows, [['1', 'x\r\ny'], ['2', 'z']]);
    const lf = await open('a,b\n1,2\n');
    assert.equal(lf.d.lineEnding, '\n');
    assert.equal(lf.d.finalNewline, true);
  });

  it('skips blank lines but keeps file record numbers', async () => {
    const { rows, firstRows } = await open('a,b\n1,2\n\n3,4\n');
    assert.deepEqual(rows, [['1', '2'], ['3', '4']]);
    assert.deepEqual(firstRows, [2, 4]);
  });

  it('reads a UTF-8 BOM', async () => {
    const { src, d, rows } = await open(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('naïve,b\né,1\n')]));
    assert.equal(d.encoding, 'utf-8');
    assert.equal(d.bom, true);
    assert.deepEqual(src.columnNames, ['naïve', 'b']);
    assert.deepEqual(rows, [['é', '1']]);
  });

  it('reads UTF-16 LE and BE, with and without BOM', async () => {
    const text = 'name,note\nZoë,£5 ☃\nAl,x\n';
    const le = Buffer.from(text, 'utf16le');
    const be = iconv.encode(text, 'utf-16be');
    for (const [bytes, enc, bom] of [
      [Buffer.concat([Buffer.from([0xff, 0xfe]), le]), 'utf-16le', true],
      [Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'utf-16be', true],
      [le, 'utf-16le', false],
      [be, 'utf-16be', false],
    ] as const) {
      const { src, d, rows } = await open(bytes);
      assert.equal(d.encoding, enc);
      assert.equal(d.bom, bom);
      assert.equal(d.finalNewline, true);
      assert.deepEqual(src.columnNames, ['name', 'note']);
      assert.deepEqual(rows, [['Zoë', '£5 ☃'], ['Al', 'x']]);
    }
  });

  it('detects Latin-1 / Windows-1252 and honours a forced encoding', async () => {
    const bytes = Buffer.from('word,phrase\nMañana,Mañana £5\ncafé,€?\n', 'latin1');
    // '€' is not Latin-1; write the Windows-1252 byte for it.
    bytes[bytes.indexOf(0x3f) - 1] = 0x80;
    const { d, rows } = await open(bytes);
    assert.equal(d.encoding, 'windows-1252');
    assert.deepEqual(rows, [['Mañana', 'Mañana £5'], ['café', '€?']]);
    const latin = await open(Buffer.from('a,b\nMañana,£5\n', 'latin1'), { encoding: 'latin1' });
    assert.equal(latin.d.encoding, 'latin1');
    assert.deepEqual(latin.rows, [['Mañana', '£5']]);
  });

  it('honours a delimiter override, including ", "', async () => {
    const { d, rows } = await open('a;b, c\n1;2, 3\n', { delimiter: ', ' });
    assert.equal(d.delimiter, ',');
    assert.equal(d.spaceAfterDelimiter, true);
    assert.deepEqual(rows, [['1;2', '3']]);
  });

  it('streams every call from the start', async () => {
    const src = await openDataset(fixture('a\n1\n2\n'));
    assert.deepEqual((await readAll(src)).rows, [['1'], ['2']]);
    assert.deepEqual((await readAll(src)).rows, [['1'], ['2']]);
  });
});

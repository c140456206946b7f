import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { openDataset, type DatasetSource, type ReadOptions } from '../../../src/core/io';
import { parseChunk } from '../../../src/core/io/parseChunk';
import { CellTokenizer, STOP_MALFORMED, STOP_NONE, STOP_RAGGED, STOP_UNTERMINATED } from '../../../src/core/io/tokenizeCells';
import { TwinError } from '../../../src/core/errors';
import { readAll, tempDir } from './helpers';

/** Tokenizes `bytes` fed in pieces cut at `cuts`, carrying the untaken bytes as the reader does. */
function cellsInPieces(bytes: Buffer, cuts: number[], delim: string, width: number): { rows: string[][]; stop: number; at: number } {
  const tok = new CellTokenizer(delim, '"', width);
  const rows: string[][] = [];
  let records = 0;
  let pending = Buffer.alloc(0);
  let prev = 0;
  for (const cut of [...cuts, bytes.length]) {
    const buf = Buffer.concat([pending, bytes.subarray(prev, cut)]);
    prev = cut;
    const last = cut === bytes.length;
    const r = tok.tokenize(buf, 0, buf.length, last, 1_000);
    for (let i = 0; i < r.rows; i++) {
      const row: string[] = [];
      for (let c = 0; c < width; c++) row.push(buf.toString('utf8', tok.starts[i * width + c], tok.ends[i * width + c]));
      rows.push(row);
    }
    if (r.stop !== STOP_NONE) return { rows, stop: r.stop, at: records + r.records };
    records += r.records;
    pending = Buffer.from(buf.subarray(r.consumed));
  }
  return { rows, stop: STOP_NONE, at: records };
}

/**
 * What the string parser makes of `text` (whole, as the last chunk), in the tokenizer's terms:
 * the rows of `width` fields with blank lines dropped, and the first problem in file order.
 */
function reference(text: string, delim: string, width: number): { rows: string[][]; stop: number; at: number } {
  const all: string[][] = [];
  const res = parseChunk(text, delim, '"', '\n', true, all);
  const limit = res.error ? res.error.record : all.length;
  const rows: string[][] = [];
  for (let i = 0; i < limit; i++) {
    const row = all[i];
    if (row.length === width) rows.push(row);
    else if (row.length === 1 && row[0] === '') continue;
    else return { rows, stop: STOP_RAGGED, at: i };
  }
  if (!res.error) return { rows, stop: STOP_NONE, at: all.length };
  return { rows, stop: res.error.kind === 'unterminated' ? STOP_UNTERMINATED : STOP_MALFORMED, at: res.error.record };
}

describe('io: CellTokenizer (byte ranges, no strings)', () => {
  const text = 'id,text,n\n1,"a, b",2\n2,"say ""hi""",\n3,"two\nlines",7\n\n4,plain,\r\n5,"",""\n6,x"y,z\n,,\n7,"é ""ü""",ñ';
  const expected = [
    ['id', 'text', 'n'], ['1', 'a, b', '2'], ['2', 'say "hi"', ''], ['3', 'two\nlines', '7'], ['4', 'plain', ''],
    ['5', '', ''], ['6', 'x"y', 'z'], ['', '', ''], ['7', 'é "ü"', 'ñ'],
  ];

  it('reads RFC 4180 records: quotes removed, doubled quotes undone in place, blank lines skipped, CR before LF dropped', () => {
    assert.deepEqual(cellsInPieces(Buffer.from(text), [], ',', 3), { rows: expected, stop: STOP_NONE, at: 10 });
  });

  it('gives the same cells wherever the bytes are cut (one and two cuts, inside characters too)', () => {
    const bytes = Buffer.from(text);
    for (let i = 1; i < bytes.length; i++) {
      assert.deepEqual(cellsInPieces(bytes, [i], ',', 3).rows, expected, `cut at ${i}`);
      for (let j = i + 1; j < bytes.length; j += 5) assert.deepEqual(cellsInPieces(bytes, [i, j], ',', 3).rows, expected, `cuts at ${i}, ${j}`);
    }
  });

  it('handles a delimiter followed by a space (", ") across cuts, as UCI Adult writes it', () => {
    const crlf = Buffer.from('a, b\r\n1, "x, y"\r\n2, "p\r\nq"\r\n3, z,w');
    const want = [['a', 'b'], ['1', 'x, y'], ['2', 'p\r\nq'], ['3', 'z,w']];
    for (let i = 1; i < crlf.length; i++) assert.deepEqual(cellsInPieces(crlf, [i], ', ', 2).rows, want, `cut at ${i}`);
  });

  it('stops at ragged, unterminated and malformed records with their index', () => {
    assert.deepEqual(cellsInPieces(Buffer.from('a,b\n\n1,2,3\n'), [], ',', 2), { rows: [['a', 'b']], stop: STOP_RAGGED, at: 2 });
    assert.deepEqual(cellsInPieces(Buffer.from('a,b\n1,"open\n2,x\n'), [], ',', 2), { rows: [['a', 'b']], stop: STOP_UNTERMINATED, at: 1 });
    assert.deepEqual(cellsInPieces(Buffer.from('a,b\n1,2\n3,"q"x\n'), [], ',', 2), { rows: [['a', 'b'], ['1', '2']], stop: STOP_MALFORMED, at: 2 });
  });

  it('agrees with the string parser on random text, whole and cut (fast-check, fixed seed)', () => {
    const alphabet = fc.constantFrom('a', 'é', ',', ',', '"', '"', '\n', '\n', '\r', ' ', '7');
    fc.assert(fc.property(fc.array(alphabet, { maxLength: 40 }), fc.integer({ min: 1, max: 3 }), fc.nat(), fc.boolean(), (chars, width, cutSeed, spaced) => {
      const input = chars.join('');
      const delim = spaced ? ', ' : ',';
      const want = reference(input, delim, width);
      const bytes = Buffer.from(input);
      assert.deepEqual(cellsInPieces(bytes, [], delim, width), want);
      if (bytes.length > 1) {
        const cut = 1 + (cutSeed % (bytes.length - 1));
        assert.deepEqual(cellsInPieces(bytes, [cut], delim, width), want, `cut at ${cut}`);
      }
    }), { seed: 20261123, numRuns: 3000 });
  });
});

/** Every row of a source read through `cellBatches`, decoded. */
async function readCells(src: DatasetSource, tap?: (b: Uint8Array) => void): Promise<string[][]> {
  assert.ok(src.cellBatches, 'a delimited source offers cell batches');
  const rows: string[][] = [];
  for await (const b of src.cellBatches(undefined, tap)) {
    for (let r = 0; r < b.rows; r++) {
      const row: string[] = [];
      for (let c = 0; c < b.width; c++) row.push(b.bytes.toString('utf8', b.starts[r * b.width + c], b.ends[r * b.width + c]));
      rows.push(row);
    }
  }
  return rows;
}

/** The input error a read raises (one line), or null. */
async function errorOf(read: () => Promise<unknown>): Promise<string | null> {
  try {
    await read();
    return null;
  } catch (e) {
    assert.ok(e instanceof TwinError, `expected a TwinError, got ${String(e)}`);
    assert.equal(e.kind, 'input');
    assert.ok(!e.message.includes('\n'), 'one line');
    return e.message;
  }
}

describe('io: cell batches read files as the string reader does', () => {
  const dir = tempDir('cells');
  let n = 0;
  const fixture = (content: string | Buffer, ext = 'csv'): string => {
    const p = path.join(dir, `f${n++}.${ext}`);
    fs.writeFileSync(p, content);
    return p;
  };
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const utf8Rows = 'name,age,note\nÅsa,31,"says ""hej"", then, leaves"\nBjörn,,"two\nlines"\n\nZoë,7,plain\n';
  const cases: { label: string; content: string | Buffer; ext?: string; options?: ReadOptions }[] = [
    { label: 'UTF-8', content: utf8Rows },
    { label: 'UTF-8 with BOM and CRLF', content: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(utf8Rows.replace(/\n/g, '\r\n'))]) },
    { label: 'Windows-1252', content: iconv.encode('name;city\nJosé;Málaga\n“quoted”;Zürich\n', 'windows-1252') },
    { label: 'Latin-1 forced', content: Buffer.from('a,b\n\xe9t\xe9,1\n', 'latin1'), options: { encoding: 'latin1' } },
    { label: 'UTF-16LE with BOM', content: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\tb\nü\t1\nß\t2\n', 'utf16le')]) },
    { label: 'UTF-16BE with BOM', content: Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode('a|b\nü|1\n', 'utf-16be')]) },
    { label: 'comma-space delimiter, no final newline', content: 'age, workclass, income\n39, State-gov, <=50K\n50, Self-emp-not-inc, >50K' },
    { label: 'no header', content: '1,2\n3,4\n', options: { header: false } },
    { label: 'a header only', content: 'a,b,c\n' },
    { label: 'one column with blank lines', content: 'x\n1\n\n2\n' },
  ];
  for (const c of cases) {
    it(`same rows: ${c.label}`, async () => {
      const p = fixture(c.content, c.ext);
      const src = await openDataset(p, c.options ?? {});
      const strings = (await readAll(src)).rows;
      assert.deepEqual(await readCells(src), strings);
    });
  }

  it('rows across many reads: 30,000 records with quoted fields give the same cells', async () => {
    const lines = ['id,text,value'];
    for (let i = 0; i < 30_000; i++) lines.push(`${i},"row ${i}, ""q"" ${'é'.repeat(i % 7)}",${(i * 0.37).toFixed(2)}`);
    const src = await openDataset(fixture(lines.join('\n') + '\n'));
    const cells = await readCells(src);
    assert.equal(cells.length, 30_000);
    assert.deepEqual(cells, (await readAll(src)).rows);
    assert.deepEqual(cells[12_345], ['12345', `row 12345, "q" ${'é'.repeat(12_345 % 7)}`, '4567.65']);
  });

  const bad: { label: string; content: string | Buffer; want: RegExp }[] = [
    { label: 'ragged row', content: 'a,b\n1,2\n3\n', want: /row 3.*expected 2 fields but found 1/ },
    { label: 'row after blank lines', content: 'a,b\n\n\n1,2,3\n', want: /row 4.*expected 2 fields but found 3/ },
    { label: 'unterminated quote', content: 'a,b\n1,2\n3,"never\n4,5\n', want: /row 3.*unterminated quoted field/ },
    { label: 'text after a closing quote', content: 'a,b\n1,"x"y\n', want: /row 2.*malformed quoted field/ },
  ];
  for (const c of bad) {
    it(`same error: ${c.label}`, async () => {
      const src = await openDataset(fixture(c.content));
      const fromStrings = await errorOf(() => readAll(src));
      const fromCells = await errorOf(() => readCells(src));
      assert.equal(fromCells, fromStrings);
      assert.match(fromCells ?? '', c.want);
    });
  }

  it('an over-long record is refused with its row, in characters', async () => {
    const p = fixture(`a,b\n1,2\n3,"${'x'.repeat(400_000)}\n`);
    const src = await openDataset(p, { maxRecordChars: 300_000 });
    const message = await errorOf(() => readCells(src));
    assert.equal(message, await errorOf(() => readAll(src)));
    assert.match(message ?? '', /row 3: unterminated quoted field, or a record longer than the limit of 300,000 characters/);
  });

  it('an invalid UTF-8 byte deep in the file is an input error naming its offset', async () => {
    const head = 'a,b\n' + '1,ok\n'.repeat(100_000);
    const p = fixture(Buffer.concat([Buffer.from(head), Buffer.from([0x32, 0x2c, 0xc3, 0x28, 0x0a])]));
    const src = await openDataset(p);
    const message = await errorOf(() => readCells(src));
    assert.equal(message, `${p}: cannot be decoded as utf-8 (invalid bytes near byte ${Buffer.byteLength(head) + 2}); give the encoding explicitly (e.g. windows-1252 or latin1)`);
  });

  it('the tap sees every byte of the file once, in order (BOM included)', async () => {
    for (const content of [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a,b\n' + 'é,2\n'.repeat(200_000))]), iconv.encode('a;b\nJosé;1\n', 'windows-1252')]) {
      const p = fixture(content);
      const hash = createHash('sha256');
      let bytes = 0;
      await readCells(await openDataset(p), (chunk) => {
        hash.update(chunk);
        bytes += chunk.length;
      });
      assert.equal(bytes, content.length);
      assert.equal(hash.digest('hex'), createHash('sha256').update(content).digest('hex'));
    }
  });
});

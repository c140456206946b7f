import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openDataset } from '../../../src/core/io';
import { TwinError } from '../../../src/core/errors';
import { readAll, tempDir } from './helpers';
import { skipBecause } from '../skip';

const dir = tempDir('errors');
let n = 0;
function fixture(content: string | Buffer): string {
  const p = path.join(dir, `e${n++}.csv`);
  fs.writeFileSync(p, content);
  return p;
}

/** Opens and reads a file, returning the input error it raises. */
async function inputErrorOf(p: string, options = {}): Promise<TwinError> {
  try {
    await readAll(await openDataset(p, options));
  } catch (e) {
    assert.ok(e instanceof TwinError, `expected a TwinError, got ${String(e)}`);
    assert.equal(e.kind, 'input');
    assert.ok(!e.message.includes('\n'), 'one line');
    return e;
  }
  assert.fail('expected an input error');
}

describe('io: bad input', () => {
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('file not found', async () => {
    const p = path.join(dir, 'missing.csv');
    const e = await inputErrorOf(p);
    assert.equal(e.message, `${p}: file not found`);
  });

  it('a directory', async () => {
    const e = await inputErrorOf(dir);
    assert.match(e.message, /is a directory/);
  });

  it('unreadable file', async function () {
    if (process.getuid?.() === 0) skipBecause(this, 'running as root, which reads any file');
    const p = fixture('a\n1\n');
    fs.chmodSync(p, 0o000);
    const e = await inputErrorOf(p);
    assert.match(e.message, /permission denied/);
  });

  it('empty file, and a file of blank lines', async () => {
    assert.equal((await inputErrorOf(fixture(''))).reason, 'empty file');
    assert.equal((await inputErrorOf(fixture('\n\n  \n'))).reason, 'empty file');
    assert.equal((await inputErrorOf(fixture(Buffer.from([0xef, 0xbb, 0xbf])))).reason, 'empty file');
  });

  it('a header only opens and yields no rows', async () => {
    for (const text of ['a,b,c\n', 'a,b,c']) {
      const src = await openDataset(fixture(text));
      assert.deepEqual(src.columnNames, ['a', 'b', 'c']);
      assert.equal((await readAll(src)).rows.length, 0);
    }
  });

  it('ragged row names the file and 1-based record (header = row 1)', async () => {
    const p = fixture('a,b,c\n1,2,3\n4,5\n6,7,8\n');
    const e = await inputErrorOf(p);
    assert.equal(e.where.row, 3);
    assert.equal(e.where.file, p);
    assert.equal(e.message, `${p}, row 3: expected 3 fields but found 2`);
    const extra = await inputErrorOf(fixture('a,b\n1,2\n3,4\n5,6,7\n'));
    assert.equal(extra.where.row, 4);
  });

  it('ragged row far into a large file has the exact record number', async () => {
    const lines = ['x,y'];
    for (let i = 0; i < 200000; i++) lines.push(i === 150000 ? `${i}` : `${i},"v ${i}"`);
    const e = await inputErrorOf(fixture(lines.join('\n') + '\n'));
    assert.equal(e.where.row, 150002);
  });

  it('unterminated quote names the record where the quote opened', async () => {
    const e = await inputErrorOf(fixture('a,b\n1,x\n2,"never closed\n3,y\n4,z\n'));
    assert.equal(e.where.row, 3);
    assert.match(e.reason, /unterminated quoted field/);
  });

  it('binary files are not delimited text', async () => {
    const nul = Buffer.from('a,b\n1,2\n\u0000\u0000\u0001junk');
    assert.match((await inputErrorOf(fixture(nul))).reason, /not a delimited text file/);
    const ctrl = Buffer.alloc(2000);
    for (let i = 0; i < ctrl.length; i++) ctrl[i] = i % 3 === 0 ? 0x01 : 0x41;
    assert.match((await inputErrorOf(fixture(ctrl))).reason, /not a delimited text file/);
  });

  it('text that the forced encoding cannot decode', async () => {
    const e = await inputErrorOf(fixture(Buffer.from('a,b\ncafé,1\n', 'latin1')), { encoding: 'utf-8' });
    assert.match(e.reason, /cannot be decoded as utf-8/);
    const odd = await inputErrorOf(fixture(Buffer.from([0x61, 0x00, 0x0a, 0x00, 0x62])), { encoding: 'utf-16le' });
    assert.match(odd.reason, /cannot be decoded as utf-16le/);
  });

  it('invalid UTF-8 after the sniffed sample is reported, not garbled', async () => {
    const head = Buffer.from('a,b\n' + 'x,1\n'.repeat(50000));
    const bad = Buffer.from('caf\xe9,2\n', 'latin1');
    const e = await inputErrorOf(fixture(Buffer.concat([head, bad])));
    assert.match(e.reason, /cannot be decoded as utf-8.*encoding/);
  });
});

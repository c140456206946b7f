import { strict as assert } from 'node:assert';
import { parseChunk } from '../../../src/core/io/parseChunk';

/** Parses `text` fed in pieces cut at `cuts`, carrying the unfinished record like the reader does. */
function parseInPieces(text: string, cuts: number[], delim = ',', newline = '\n'): string[][] {
  const rows: string[][] = [];
  let pending = '';
  let prev = 0;
  for (const cut of [...cuts, text.length]) {
    const input = pending + text.slice(prev, cut);
    prev = cut;
    const last = cut === text.length;
    const r = parseChunk(input, delim, '"', newline, last, rows);
    assert.equal(r.error, null);
    pending = last ? '' : input.slice(r.consumed);
  }
  return rows;
}

describe('io: parseChunk', () => {
  const text = 'id,text,n\n1,"a, b",2\n2,"say ""hi""",\n3,"two\nlines",7\n4,plain,\n5,"",""\n6,x"y,z\n,,\n';
  const expected = [
    ['id', 'text', 'n'], ['1', 'a, b', '2'], ['2', 'say "hi"', ''], ['3', 'two\nlines', '7'], ['4', 'plain', ''],
    ['5', '', ''], ['6', 'x"y', 'z'], ['', '', ''],
  ];

  it('parses RFC 4180 records in one piece', () => {
    assert.deepEqual(parseInPieces(text, []), expected);
  });

  it('gives the same records wherever the input is cut (one and two cuts)', () => {
    for (let i = 1; i < text.length; i++) {
      assert.deepEqual(parseInPieces(text, [i]), expected, `cut at ${i}`);
      for (let j = i + 1; j < text.length; j += 3) assert.deepEqual(parseInPieces(text, [i, j]), expected, `cuts at ${i}, ${j}`);
    }
  });

  it('handles CRLF and a multi-character delimiter across cuts', () => {
    const crlf = 'a, b\r\n1, "x, y"\r\n2, "p\r\nq"\r\n3, z';
    const want = [['a', 'b'], ['1', 'x, y'], ['2', 'p\r\nq'], ['3', 'z']];
    for (let i = 1; i < crlf.length; i++) assert.deepEqual(parseInPieces(crlf, [i], ', ', '\r\n'), want, `cut at ${i}`);
  });

  it('reports unterminated and malformed quotes with the record index', () => {
    const rows: string[][] = [];
    assert.deepEqual(parseChunk('a,b\n1,"open\n2,x\n', ',', '"', '\n', true, rows), { consumed: 4, error: { kind: 'unterminated', record: 1 } });
    const rows2: string[][] = [];
    assert.deepEqual(parseChunk('a,b\n1,2\n3,"q"x\n', ',', '"', '\n', true, rows2).error, { kind: 'malformed', record: 2 });
  });

  it('leaves an unfinished record for the next chunk', () => {
    const rows: string[][] = [];
    const r = parseChunk('a,b\n1,"par', ',', '"', '\n', false, rows);
    assert.deepEqual(rows, [['a', 'b']]);
    assert.equal(r.consumed, 4);
  });
});

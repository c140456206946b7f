import { strict as assert } from 'node:assert';
import type { CellBatch } from '../../../src/core/io/types';
import { ByteRowSample } from '../../../src/core/profile/byteRowSample';

/** A one-row batch of the given cells, laid out as the reader does (delimiter between cells). */
function batchOf(cells: string[]): CellBatch {
  const parts: Buffer[] = [];
  const starts = new Int32Array(cells.length);
  const ends = new Int32Array(cells.length);
  let at = 3; // bytes before the row, as in a real chunk
  parts.push(Buffer.from('x\n,'));
  cells.forEach((cell, c) => {
    const bytes = Buffer.from(cell);
    starts[c] = at;
    ends[c] = at + bytes.length;
    parts.push(bytes, Buffer.from(','));
    at += bytes.length + 1;
  });
  return { bytes: Buffer.concat(parts), starts, ends, rows: 1, width: cells.length, bytesRead: at };
}

describe('profile: ByteRowSample (sampled rows kept as bytes)', () => {
  it('keeps the last row put in each slot, through compactions and growth of its arena', () => {
    const sample = new ByteRowSample(5, 3);
    const model: string[][] = [];
    // Rows of 50–400 KB against a 1 MB arena: compactions and growth both happen.
    for (let i = 0; i < 60; i++) {
      const slot = (i * 7) % 5;
      const big = String.fromCharCode(97 + (i % 26)).repeat(50_000 + ((i * 37_003) % 350_000));
      const row = [`row ${i}`, i % 4 === 0 ? '' : big, `é${i}ü`];
      sample.put(slot, batchOf(row), 0);
      model[slot] = row;
    }
    assert.deepEqual(sample.rows(), model);
  });

  it('holds fewer rows than its capacity when fewer were put', () => {
    const sample = new ByteRowSample(10, 2);
    sample.put(0, batchOf(['a', 'b']), 0);
    sample.put(1, batchOf(['', '']), 0);
    assert.deepEqual(sample.rows(), [['a', 'b'], ['', '']]);
  });
});

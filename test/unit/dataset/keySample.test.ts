import { strict as assert } from 'node:assert';
import { KeySample, sampledInclusion, unitOf } from '../../../src/core/dataset/keySample';
import { hash53 } from '../../../src/core/dataset/scanKeys';

const fill = (s: KeySample, values: Iterable<string>, rows = 1): KeySample => {
  for (const v of values) for (let r = 0; r < rows; r++) s.increment(hash53(v));
  return s;
};
const ids = (prefix: string, from: number, to: number): string[] => Array.from({ length: to - from }, (_, i) => `${prefix}${from + i}`);

describe('dataset: KeySample (rows per key value in bounded memory)', () => {
  it('keeps every value, with exact rows, below its capacity', () => {
    const s = fill(new KeySample(1_000), ids('P', 0, 999), 3);
    assert.equal(s.rate, 1);
    assert.equal(s.size, 999);
    assert.equal(s.distinct, 999);
    assert.equal(s.get(hash53('P17')), 3);
    assert.equal(s.has(hash53('P999')), false);
  });

  it('past its capacity keeps the values whose hash is below the rate, rows exact, memory bounded by construction', () => {
    const capacity = 1_024;
    const s = new KeySample(capacity);
    const values = ids('A', 0, 50_000);
    fill(s, values, 2);
    assert.ok(s.rate < 1 && s.size < capacity, `rate ${s.rate}, size ${s.size}`);
    // Exactly the values below the rate are kept, each with its two rows.
    const below = values.filter((v) => unitOf(hash53(v)) < s.rate);
    assert.equal(s.size, below.length);
    for (const v of below) assert.equal(s.get(hash53(v)), 2, v);
    // Bounded by construction: at most 2 × capacity slots of 12 bytes, whatever went in.
    assert.ok(s.bytes <= 2 * capacity * 12, `${s.bytes} bytes`);
    // The distinct estimate is kept ÷ rate: within 15% here (≈ 512 kept values, sd ≈ 4.4%).
    assert.ok(Math.abs(s.distinct / 50_000 - 1) < 0.15, `estimate ${s.distinct}`);
  });

  it('a repeat among kept values is reported when it happens (the uniqueness shortcut)', () => {
    const s = new KeySample(100);
    assert.equal(s.increment(hash53('x')), 1);
    assert.equal(s.increment(hash53('x')), 2);
  });

  it('inclusion is exact while both keep everything, and estimated on the shared hash space past that', () => {
    const parent = fill(new KeySample(1_000), ids('P', 0, 500));
    const child = fill(new KeySample(1_000), [...ids('P', 0, 198), 'X1', 'X2'], 4);
    assert.equal(sampledInclusion(child, parent), 198 / 200);
    // Large: the parent keeps a share, the child (small) keeps everything; 10% of the child's values are strangers.
    const bigParent = fill(new KeySample(2_048), ids('P', 0, 200_000));
    const bigChild = fill(new KeySample(1 << 20), [...ids('P', 0, 90_000), ...ids('Q', 0, 10_000)]);
    assert.ok(bigParent.rate < 1 && bigChild.rate === 1);
    const share = sampledInclusion(bigChild, bigParent);
    // ≈ 1,000 child values in the shared space: sd of the share ≈ 0.0095.
    assert.ok(Math.abs(share - 0.9) < 0.04, `share ${share}`);
    // Every child value in the parent: 1 on any subset.
    const all = fill(new KeySample(1 << 20), ids('P', 0, 150_000));
    assert.equal(sampledInclusion(all, bigParent), 1);
  });
});

import { strict as assert } from 'node:assert';
import { HashCounts } from '../../../src/core/dataset/hashCounts';
import { hash53 } from '../../../src/core/dataset/scanKeys';

describe('dataset: HashCounts (rows per key hash)', () => {
  it('counts like a Map through growth, with hashes 0, 2⁵³ − 1 and hashes equal in their low 32 bits', () => {
    const m = new Map<number, number>();
    const c = new HashCounts(4);
    const hashes = [0, 2 ** 53 - 1, 5, 5 + 2 ** 32, 5 + 2 ** 40, 2 ** 32];
    for (let i = 0; i < 20_000; i++) hashes.push(hash53(`E${i % 7_000}`));
    for (const h of hashes) {
      m.set(h, (m.get(h) ?? 0) + 1);
      c.increment(h);
    }
    assert.equal(c.size, m.size);
    for (const [h, n] of m) assert.equal(c.get(h), n, `hash ${h}`);
    assert.deepEqual([...c.keys()].sort((a, b) => a - b), [...m.keys()].sort((a, b) => a - b));
    assert.equal(c.get(7), undefined);
    assert.equal(c.has(2 ** 53 - 1), true);
    assert.equal(c.has(6), false);
    assert.equal(c.get(5 + 2 ** 32), 1);
  });
});

import { strict as assert } from 'node:assert';
import { RunningMoments, averageRanks, correlationRatio, cramersV, pearson, quantileSorted, spearman } from '../../../src/core/math';
import { HyperLogLog, NumberCounter, NumberReservoir, ReservoirSkipper } from '../../../src/core/profile/sketches';
import { createRandom } from '../../../src/core/random';

const close = (a: number, b: number, tol = 1e-9): void => assert.ok(Math.abs(a - b) <= tol, `${a} ≠ ${b}`);

describe('profile statistics', () => {
  it('mean and sd by Welford: [2,4,4,4,5,5,7,9] → mean 5, sample sd √(32/7)', () => {
    const m = new RunningMoments();
    for (const x of [2, 4, 4, 4, 5, 5, 7, 9]) m.add(x);
    assert.equal(m.count, 8);
    close(m.mean, 5);
    close(m.sd, Math.sqrt(32 / 7)); // 2.138089935
    assert.equal(m.min, 2);
    assert.equal(m.max, 9);
  });

  it('type-7 quantiles (R default) of [2,4,4,4,5,5,7,9]', () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    close(quantileSorted(xs, 0), 2);
    close(quantileSorted(xs, 0.25), 4); // h = 1.75 between 4 and 4
    close(quantileSorted(xs, 0.5), 4.5); // h = 3.5 between 4 and 5
    close(quantileSorted(xs, 0.75), 5.5); // h = 5.25 between 5 and 7
    close(quantileSorted(xs, 0.9), 7.6); // h = 6.3 between 7 and 9
    close(quantileSorted(xs, 1), 9);
  });

  it('Pearson and Spearman on x=[1..5], y=[2,4,5,4,5]', () => {
    const x = [1, 2, 3, 4, 5];
    const y = [2, 4, 5, 4, 5];
    close(pearson(x, y), 6 / Math.sqrt(60)); // 0.7745966692
    // Ranks of y with ties averaged: [1, 2.5, 4.5, 2.5, 4.5]
    assert.deepEqual([...averageRanks(y)], [1, 2.5, 4.5, 2.5, 4.5]);
    close(spearman(x, y), 7 / Math.sqrt(90)); // 0.7378647874
    assert.ok(Number.isNaN(pearson([1, 1, 1], [1, 2, 3])), 'constant column gives NaN');
  });

  it("Cramér's V of a 2×2 table equals |phi|", () => {
    // [[10,20],[30,40]]: phi = (10·40 − 20·30)/√(30·70·40·60) = −0.0890871
    close(cramersV([10, 20, 30, 40], 2, 2), 200 / Math.sqrt(30 * 70 * 40 * 60));
    close(cramersV([50, 0, 0, 50], 2, 2), 1);
    close(cramersV([25, 25, 25, 25], 2, 2), 0);
  });

  it('correlation ratio: groups [1,2,3] and [4,5,6] → √(13.5/17.5)', () => {
    close(correlationRatio([1, 2, 3, 4, 5, 6], [0, 0, 0, 1, 1, 1], 2), Math.sqrt(13.5 / 17.5)); // 0.8783101
    close(correlationRatio([1, 2, 1, 2], [0, 0, 1, 1], 2), 0);
  });

  it('HyperLogLog estimates 200,000 distinct values within 3%', () => {
    const h = new HyperLogLog();
    for (let i = 0; i < 200_000; i++) h.add(`key-${i}`);
    for (let i = 0; i < 50_000; i++) h.add(`key-${i}`); // repeats do not count
    const e = h.estimate();
    assert.ok(Math.abs(e - 200_000) / 200_000 < 0.03, `estimate ${e}`);
    const small = new HyperLogLog();
    for (let i = 0; i < 100; i++) small.add(String(i));
    assert.ok(Math.abs(small.estimate() - 100) <= 2, `small estimate ${small.estimate()}`);
  });

  it('NumberCounter counts by value across rehashes, 0 and −0 together', () => {
    const c = new NumberCounter();
    for (let i = 0; i < 5000; i++) {
      if (!c.increment(i % 2500)) c.insert(i % 2500, String(i % 2500));
    }
    assert.equal(c.size, 2500);
    const entries = c.entries();
    assert.deepEqual(entries.slice(0, 3), [{ value: 0, count: 2, spelling: '0' }, { value: 1, count: 2, spelling: '1' }, { value: 2, count: 2, spelling: '2' }]);
    assert.ok(entries.every((e, i) => e.value === i && e.count === 2), 'first-seen order and counts');
    if (!c.increment(-0)) assert.fail('−0 should match 0');
    assert.equal(c.entries()[0].count, 3);
  });

  it('reservoir sampling is exact below capacity and uniform above (seeded, reproducible)', () => {
    const exact = new NumberReservoir(100, createRandom(1));
    for (let i = 0; i < 50; i++) exact.add(i);
    assert.ok(exact.exact);
    assert.equal(exact.sorted().length, 50);

    const a = new NumberReservoir(1000, createRandom(7));
    const b = new NumberReservoir(1000, createRandom(7));
    for (let i = 0; i < 100_000; i++) { a.add(i); b.add(i); }
    assert.deepEqual([...a.sorted()], [...b.sorted()]);
    const s = a.sorted();
    assert.equal(s.length, 1000);
    const mean = s.reduce((t, v) => t + v, 0) / s.length;
    // Uniform on 0..99999: mean 49999.5, sd of the mean ≈ 28868/√1000 ≈ 913.
    assert.ok(Math.abs(mean - 49_999.5) < 4 * 913, `sample mean ${mean}`);
    const zero = new ReservoirSkipper(0, createRandom(1));
    assert.equal(zero.offer(), -1);
  });
});

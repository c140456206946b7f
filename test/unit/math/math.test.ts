import { strict as assert } from 'node:assert';
import * as jstat from 'jstat';
import {
  averageRanks, correlationRatio, cramersV, cramersVOfCells, mean, median, medianSorted, meanSd, normalCdf, normalInv, normalQuantile,
  pearson, quantileSorted, sampleSd, spearman, twoSidedZ,
} from '../../../src/core/math';

const close = (a: number, b: number, tol = 1e-9): void => assert.ok(Math.abs(a - b) <= tol, `${a} ≠ ${b}`);

describe('core math: statistics written once', () => {
  it('mean, sample sd and median of a textbook sample [2,4,4,4,5,5,7,9]: 5, √(32/7), 4.5', () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    assert.equal(mean(xs), 5);
    close(sampleSd(xs), Math.sqrt(32 / 7));
    close(meanSd(xs).sd, Math.sqrt(32 / 7));
    assert.equal(meanSd(xs).mean, 5);
    assert.equal(median([9, 2, 5, 4, 7, 4, 5, 4]), 4.5);
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(medianSorted([1, 2, 3, 10]), 2.5);
    assert.ok(Number.isNaN(median([])) && Number.isNaN(mean([])));
    assert.deepEqual(meanSd([]), { mean: 0, sd: 0 });
    assert.equal(sampleSd([7]), 0);
  });

  it('quantiles are Hyndman & Fan type 7 (R quantile(x, type = 7)): 1..10 at .1/.25/.9 → 1.9, 3.25, 9.1', () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    close(quantileSorted(xs, 0.1), 1.9);
    close(quantileSorted(xs, 0.25), 3.25);
    close(quantileSorted(xs, 0.5), 5.5);
    close(quantileSorted(xs, 0.9), 9.1);
    assert.equal(quantileSorted(xs, 1.5), 10, 'p is clamped to [0, 1]');
    assert.equal(quantileSorted([4], 0.3), 4);
  });

  it('Pearson and Spearman by hand: x = 1..5, y = [2,4,5,4,5] → r = 6/√60, ρ = 7/√90', () => {
    const x = [1, 2, 3, 4, 5];
    const y = [2, 4, 5, 4, 5];
    close(pearson(x, y), 6 / Math.sqrt(60));
    close(spearman(x, y), 7 / Math.sqrt(90));
    assert.deepEqual([...averageRanks([10, 20, 20, 5])], [2, 3.5, 3.5, 1]);
    close(pearson([1, 2, NaN, 3], [2, 4, 100, 6]), 1, 1e-12);
    assert.ok(Number.isNaN(pearson([1, 2], [3, 5], 3)), 'fewer pairs than asked for');
    close(pearson([1, 2], [3, 5]), 1);
    close(pearson([1, 2, 3], [3, 2, 1]), -1);
  });

  it('Cramér\'s V of a 2×3 table by hand: χ² = 20/3 on n = 100 → V = √(1/15); sparse cells agree with the dense table', () => {
    // Rows [20 10 20 | 10 20 20]: expected counts 15 15 20 in each row, so χ² = 4·25/15 = 20/3.
    const table = [20, 10, 20, 10, 20, 20];
    const rows = [50, 50];
    const cols = [30, 30, 40];
    let chi2 = 0;
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) { const e = (rows[i] * cols[j]) / 100; chi2 += (table[i * 3 + j] - e) ** 2 / e; }
    close(chi2, 20 / 3);
    close(cramersV(table, 2, 3), Math.sqrt(1 / 15));
    close(cramersVOfCells([[0, 0, 20], [0, 1, 10], [0, 2, 20], [1, 0, 10], [1, 1, 20], [1, 2, 20]], rows, cols), cramersV(table, 2, 3), 1e-12);
    close(cramersV([50, 0, 0, 50], 2, 2), 1);
    close(cramersV([25, 25, 25, 25], 2, 2), 0);
    assert.ok(Number.isNaN(cramersV([5, 5, 0, 0], 2, 2)), 'one non-empty row');
  });

  it('correlation ratio η by hand: [1..6] in groups [0,0,0,1,1,1] → √(13.5/17.5)', () => {
    close(correlationRatio([1, 2, 3, 4, 5, 6], [0, 0, 0, 1, 1, 1], 2), Math.sqrt(13.5 / 17.5));
  });

  it('the copula\'s fast normal CDF and quantile agree with jstat to 1e-12', () => {
    for (let x = -8; x <= 8; x += 0.37) close(normalCdf(x), jstat.normal.cdf(x, 0, 1), 1e-12);
    for (const p of [1e-10, 1e-4, 0.01, 0.2, 0.5, 0.77, 0.975, 0.999, 1 - 1e-9]) close(normalQuantile(p), jstat.normal.inv(p, 0, 1), 1e-8 * Math.max(1, Math.abs(normalQuantile(p))));
  });

  it('critical values come from jstat: z(0.95) = 1.959964, z(0.99) = 2.575829', () => {
    close(twoSidedZ(0.95), 1.959963984540054, 1e-9);
    close(twoSidedZ(0.99), 2.5758293035489, 1e-9);
    close(normalInv(0.5), 0, 1e-12);
  });
});

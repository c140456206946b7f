import { strict as assert } from 'assert';
import { choleskyLower, minEigenvalue, nearestCorrelation } from '../../../src/core/synth/correlated/nearestPD';
import { normalCdf, normalQuantile } from '../../../src/core/synth/correlated/normal';
import { findLeaf, fitTree } from '../../../src/core/synth/correlated/tree';
import { miSensitivity } from '../../../src/core/synth/privbayes';

describe('correlated numerical cores', () => {
  it('normal CDF and quantile match published values', () => {
    assert.ok(Math.abs(normalCdf(1.96) - 0.9750021048517795) < 1e-14);
    assert.ok(Math.abs(normalCdf(-3) - 0.0013498980316301) < 1e-15);
    assert.equal(normalCdf(0), 0.5);
    assert.ok(Math.abs(normalQuantile(0.975) - 1.959963984540054) < 1e-13);
    assert.ok(Math.abs(normalQuantile(1e-10) - -6.361340902404056) < 1e-9);
    for (const z of [-5, -1.3, 0.2, 2.7]) assert.ok(Math.abs(normalQuantile(normalCdf(z)) - z) < 1e-9);
    assert.equal(normalQuantile(0), -Infinity);
  });

  it('repairs Higham’s non-PD example to his published nearest correlation matrix', () => {
    // Higham 2002, §4: A = [1 1 0; 1 1 1; 0 1 1] → off-diagonals 0.7607, 0.1573, 0.7607.
    const a = [[1, 1, 0], [1, 1, 1], [0, 1, 1]];
    assert.ok(minEigenvalue(a) < 0);
    const r = nearestCorrelation(a);
    assert.equal(r.repaired, true);
    const m = r.matrix;
    for (let i = 0; i < 3; i++) {
      assert.equal(m[i][i], 1);
      for (let j = 0; j < 3; j++) assert.equal(m[i][j], m[j][i]);
    }
    assert.ok(minEigenvalue(m) > 0);
    assert.ok(Math.abs(m[0][1] - 0.7607) < 5e-4 && Math.abs(m[1][2] - 0.7607) < 5e-4, `${m[0][1]} ${m[1][2]}`);
    assert.ok(Math.abs(m[0][2] - 0.1573) < 5e-4, `${m[0][2]}`);
    // Frobenius distance to A is Higham's minimum (≈ 0.5278).
    let f = 0;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) f += (m[i][j] - a[i][j]) ** 2;
    assert.ok(Math.abs(Math.sqrt(f) - 0.5278) < 2e-3, `${Math.sqrt(f)}`);
  });

  it('leaves a positive-definite matrix alone and survives NaN, collinear and out-of-range entries', () => {
    const pd = [[1, 0.5], [0.5, 1]];
    assert.deepEqual(nearestCorrelation(pd), { matrix: pd, repaired: false, iterations: 0 });
    // Perfectly collinear (singular), a constant column's NaN, and |r| > 1 from rounding.
    const bad = [[1, 1, NaN], [1, 1, 0.3], [NaN, 0.3, 1]];
    const r = nearestCorrelation(bad);
    assert.ok(minEigenvalue(r.matrix) > 0);
    assert.equal(r.matrix[0][2], r.matrix[2][0]);
    assert.ok(r.matrix[0][1] > 0.95 && r.matrix[0][1] < 1);
    assert.deepEqual(r.matrix.map((row, i) => row[i]), [1, 1, 1]);
    const over = nearestCorrelation([[1, 1.0000001], [1.0000001, 1]]);
    assert.ok(minEigenvalue(over.matrix) > 0);
  });

  it('Cholesky factor reconstructs the matrix', () => {
    const a = [[1, 0.8, 0.3], [0.8, 1, 0.5], [0.3, 0.5, 1]];
    const l = choleskyLower(a);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += l[i * 3 + k] * l[j * 3 + k];
      assert.ok(Math.abs(s - a[i][j]) < 1e-12);
    }
    assert.equal(l[0 * 3 + 1], 0); // lower triangular
    assert.throws(() => choleskyLower([[1, 2], [2, 1]]));
  });

  it('CART classification tree finds a threshold and a category subset', () => {
    // y = 1 when x-bin > 4 or the category is 0 or 2; 200 rows.
    const n = 200;
    const xb = new Int32Array(n), cb = new Int32Array(n), y = new Int32Array(n);
    for (let i = 0; i < n; i++) { xb[i] = i % 10; cb[i] = Math.floor(i / 10) % 4; y[i] = xb[i] > 4 || cb[i] === 0 || cb[i] === 2 ? 1 : 0; }
    const rows = Int32Array.from({ length: n }, (_, i) => i);
    const tree = fitTree([{ kind: 'ordered', bins: xb, nBins: 10 }, { kind: 'nominal', bins: cb, nBins: 4 }], { kind: 'classification', y, classes: 2 }, rows, { minLeaf: 5, maxDepth: 10, cp: 1e-8 });
    // Every leaf pure, and 3 leaves suffice (x > 4 | category {0,2} | rest).
    for (let node = 0; node < tree.nodeCount; node++) {
      if (tree.feature[node] >= 0) continue;
      const ys = new Set<number>();
      for (let k = 0; k < tree.leafSize[node]; k++) ys.add(y[tree.donors[tree.leafStart[node] + k]]);
      assert.equal(ys.size, 1);
    }
    assert.equal(tree.leafCount, 3);
    const leaf = findLeaf(tree, (f) => (f === 0 ? 7 : 1), [10, 4]);
    assert.equal(y[tree.donors[tree.leafStart[leaf]]], 1);
    const leaf0 = findLeaf(tree, (f) => (f === 0 ? 2 : 3), [10, 4]);
    assert.equal(y[tree.donors[tree.leafStart[leaf0]]], 0);
  });

  it('CART regression tree respects the minimum leaf size and sends missing to the better side', () => {
    const n = 100;
    const xb = new Int32Array(n), y = new Float64Array(n);
    // Bin 5 = missing (nBins 5); missing rows behave like the high group.
    for (let i = 0; i < n; i++) { xb[i] = i < 20 ? 5 : i % 5; y[i] = i < 20 || xb[i] >= 3 ? 10 : 0; }
    const rows = Int32Array.from({ length: n }, (_, i) => i);
    const tree = fitTree([{ kind: 'ordered', bins: xb, nBins: 5 }], { kind: 'regression', y }, rows, { minLeaf: 10, maxDepth: 5, cp: 0 });
    assert.equal(tree.feature[0], 0);
    assert.equal(tree.threshold[0], 2);
    assert.equal(tree.missingLeft[0], 0);
    for (let node = 0; node < tree.nodeCount; node++) if (tree.feature[node] < 0) assert.ok(tree.leafSize[node] >= 10);
  });

  it('PrivBayes mutual-information sensitivity follows Zhang et al. Lemma 4.1', () => {
    // n = 1000: binary ln(n)/n + (n−1)/n·ln(n/(n−1)); otherwise 2/n·ln((n+1)/2) + (n−1)/n·ln((n+1)/(n−1)).
    assert.ok(Math.abs(miSensitivity(1000, true) - 0.0079073) < 1e-6);
    assert.ok(Math.abs(miSensitivity(1000, false) - 0.0144292) < 1e-6, `${miSensitivity(1000, false)}`);
  });
});

import { strict as assert } from 'assert';
import { choleskyLower, minEigenvalue, nearestCorrelation } from '../../../src/core/synth/correlated/nearestPD';
import { normalCdf, normalQuantile } from '../../../src/core/math/normal';
import { findLeaf, fitTree } from '../../../src/core/synth/correlated/tree';
import { miSensitivity } from '../../../src/core/synth/privbayes';
import { bivariateNormalUpper, polychoric } from '../../../src/core/synth/correlated/polychoric';
import { createRandom } from '../../../src/core/random';

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

  it('CART with many classes (row-by-row split search) separates 20 classes determined by a predictor', () => {
    const n = 400;
    const xb = new Int32Array(n), cb = new Int32Array(n), y = new Int32Array(n);
    for (let i = 0; i < n; i++) { xb[i] = Math.floor(i / 20); cb[i] = (i * 7) % 20; y[i] = cb[i]; }
    const rows = Int32Array.from({ length: n }, (_, i) => i);
    const tree = fitTree([{ kind: 'ordered', bins: xb, nBins: 20 }, { kind: 'nominal', bins: cb, nBins: 20 }], { kind: 'classification', y, classes: 20 }, rows, { minLeaf: 5, maxDepth: 30, cp: 1e-8 });
    assert.equal(tree.leafCount, 20);
    for (let node = 0; node < tree.nodeCount; node++) {
      if (tree.feature[node] < 0) {
        const ys = new Set<number>();
        for (let k = 0; k < tree.leafSize[node]; k++) ys.add(y[tree.donors[tree.leafStart[node] + k]]);
        assert.equal(ys.size, 1);
        assert.equal(tree.leafSize[node], 20);
      } else assert.equal(tree.feature[node], 1); // only the informative predictor is used
    }
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

  it('PrivBayes mutual-information sensitivity bounds every add/remove change', () => {
    // 3(ln n + 1)/n; n = 1000 → 0.0237233.
    assert.ok(Math.abs(miSensitivity(1000) - 0.0237233) < 1e-6);
    // Brute force on small tables: adding one record to any cell never moves MI by more.
    const mi = (t: number[], rows: number, cols: number): number => {
      const n = t.reduce((a, b) => a + b, 0);
      let v = 0;
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) {
        const c = t[i * cols + j];
        if (!c) continue;
        let ri = 0, cj = 0;
        for (let k = 0; k < cols; k++) ri += t[i * cols + k];
        for (let k = 0; k < rows; k++) cj += t[k * cols + j];
        v += (c / n) * Math.log((c * n) / (ri * cj));
      }
      return v;
    };
    const rng = createRandom(5);
    for (let trial = 0; trial < 300; trial++) {
      const rows = 2 + rng.int(3), cols = 2 + rng.int(3);
      const t = Array.from({ length: rows * cols }, () => (rng.next() < 0.3 ? 0 : rng.int(6)));
      if (t.reduce((a, b) => a + b, 0) < 2) continue;
      const n = t.reduce((a, b) => a + b, 0);
      for (let cell = 0; cell < t.length; cell++) {
        const u = [...t];
        u[cell]++;
        assert.ok(Math.abs(mi(u, rows, cols) - mi(t, rows, cols)) <= miSensitivity(n + 1) + 1e-12);
      }
    }
  });

  it('bivariate normal upper probability matches closed forms in all three of Genz’s regimes', () => {
    // P(X > 0, Y > 0) = 1/4 + asin(r)/(2π) (Sheppard); r = 0 factorises.
    for (const r of [-0.99, -0.8, -0.5, 0, 0.2, 0.5, 0.8, 0.95]) {
      assert.ok(Math.abs(bivariateNormalUpper(0, 0, r) - (0.25 + Math.asin(r) / (2 * Math.PI))) < 1e-14, `${r}`);
    }
    assert.ok(Math.abs(bivariateNormalUpper(0.5, -1, 0) - 0.3085375387259869 * 0.8413447460685429) < 1e-14);
    // r → 1: P(X > h, Y > k) → 1 − Φ(max(h, k)).
    assert.ok(Math.abs(bivariateNormalUpper(0.5, -1, 0.999999) - 0.3085375387259869) < 1e-4);
    // Symmetry in (h, k), and P(X>h, Y>k; r) + P(X>h, Y<k; r) = P(X>h) with P(X>h, Y<k; r) = P(X>h, −Y>−k; −r).
    for (const [h, k, r] of [[0.3, -0.7, 0.95], [-1.1, 0.4, -0.93], [1.5, 1.2, 0.6]]) {
      assert.ok(Math.abs(bivariateNormalUpper(h, k, r) - bivariateNormalUpper(k, h, r)) < 1e-14);
      const sum = bivariateNormalUpper(h, k, r) + bivariateNormalUpper(h, -k, -r);
      assert.ok(Math.abs(sum - normalCdf(-h)) < 1e-12, `${h} ${k} ${r}: ${sum}`);
    }
  });

  it('polychoric correlation recovers the latent r of a thresholded bivariate normal', () => {
    const rng = createRandom(3);
    const table = new Float64Array(6);
    for (let i = 0; i < 20000; i++) {
      const x = rng.normal(), y = 0.6 * x + 0.8 * rng.normal();
      table[(x > 0.3 ? 1 : 0) * 3 + (y < -0.5 ? 0 : y < 0.7 ? 1 : 2)]++;
    }
    assert.ok(Math.abs(polychoric(table, 2, 3) - 0.6) < 0.03);
    assert.ok(polychoric(Float64Array.of(50, 0, 0, 50), 2, 2) > 0.99);
    assert.equal(polychoric(Float64Array.of(50, 50, 0, 0), 2, 2), 0); // one row empty: no information
  });
});


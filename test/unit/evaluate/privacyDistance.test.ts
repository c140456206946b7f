import { strict as assert } from 'node:assert';
import { computeDcr, distanceHistogram, summarizeDistances } from '../../../src/core/evaluate/privacy/dcr';
import { distanceSpace, encodeRows, NeighbourSearch, rowDistance, type Neighbours } from '../../../src/core/evaluate/privacy/distance';
import { buildKeySpace } from '../../../src/core/evaluate/privacy/keys';
import { createRandom } from '../../../src/core/random';
import { tableOf, type Cell } from './privacyHelpers';

const close = (a: number, b: number, eps = 1e-12): void => assert.ok(Math.abs(a - b) <= eps, `${a} ≠ ${b}`);

/** Real rows r1..r3 and synthetic rows s1..s3 with numeric, categorical, missing and constant columns. */
function handTables() {
  const real = tableOf([
    { name: 'age', type: 'integer', values: [20, 30, 40] },
    { name: 'city', type: 'categorical', values: ['A', 'B', null] },
    { name: 'score', type: 'numeric', values: [1.0, null, 3.0] },
    { name: 'const', type: 'integer', values: [5, 5, 5] },
  ]);
  const synthetic = tableOf([
    { name: 'age', type: 'integer', values: [25, 100, 30] },
    { name: 'city', type: 'categorical', values: ['A', null, 'B'] },
    { name: 'score', type: 'numeric', values: [null, 3.0, null] },
    { name: 'const', type: 'integer', values: [5, 6, 5] },
  ]);
  return { real, synthetic };
}

describe('privacy: Gower-style distance and DCR (SDMetrics dcr_utils)', () => {
  it('hand-computed distances on a 3-row example with mixed types and missing values', () => {
    const { real, synthetic } = handTables();
    const k = buildKeySpace(real, [{ table: synthetic, label: 'synthetic' }]);
    const ds = distanceSpace(k.space, [k.real]);
    const r = encodeRows(ds, k.real, null);
    const s = encodeRows(ds, k.others[0]!, null);
    const cols = [0, 1, 2, 3];
    // s1 = (25, A, –, 5): vs r1 (5/20 + 0 + 1 + 0)/4, vs r2 (5/20 + 1 + 0 + 0)/4, vs r3 (15/20 + 1 + 1 + 0)/4
    close(rowDistance(ds, s, 0, r, 0, cols), 0.3125);
    close(rowDistance(ds, s, 0, r, 1, cols), 0.3125);
    close(rowDistance(ds, s, 0, r, 2, cols), 0.6875);
    // s2 = (100, –, 3, 6): age capped at 1; constant column differs → 1
    close(rowDistance(ds, s, 1, r, 0, cols), 1);
    close(rowDistance(ds, s, 1, r, 1, cols), 1);
    close(rowDistance(ds, s, 1, r, 2, cols), 0.5);
    // s3 is a copy of r2
    close(rowDistance(ds, s, 2, r, 1, cols), 0);
    close(rowDistance(ds, s, 2, r, 0, cols), 0.625);
    close(rowDistance(ds, s, 2, r, 2, cols), 0.625);

    const dcr = computeDcr(k.space, k.real, k.others[0]!, null, createRandom(1));
    assert.deepEqual(Array.from(dcr.synthetic), [0.3125, 0.5, 0]);
    // NNDR = DCR / second-closest distance
    assert.deepEqual(Array.from(dcr.nndr), [1, 0.5, 0]);
    assert.equal(dcr.overfitting, null);
    assert.deepEqual(dcr.rows, { synthetic: 3, real: 3 });
  });

  it('the fast search agrees with a full scan (best, second best, first index on ties)', () => {
    const rng = createRandom(42);
    const cell = (kind: number): Cell => {
      if (rng.next() < 0.05) return null;
      if (kind === 0) return Math.round(rng.next() * 1000) / 10;
      if (kind === 1) return ['a', 'b', 'c'][rng.int(3)];
      return `v${rng.int(12)}`;
    };
    const make = (n: number) =>
      tableOf([
        { name: 'x', type: 'numeric', values: Array.from({ length: n }, () => cell(0)) },
        { name: 'c1', type: 'categorical', values: Array.from({ length: n }, () => cell(1)) },
        { name: 'c2', type: 'categorical', values: Array.from({ length: n }, () => cell(2)) },
        { name: 'y', type: 'integer', values: Array.from({ length: n }, () => rng.int(5)) },
        { name: 'c3', type: 'categorical', values: Array.from({ length: n }, () => cell(1)) },
      ]);
    const real = make(400);
    const syn = make(60);
    const k = buildKeySpace(real, [{ table: syn, label: 'synthetic' }]);
    const ds = distanceSpace(k.space, [k.real]);
    const r = encodeRows(ds, k.real, null);
    const s = encodeRows(ds, k.others[0]!, null);
    const cols = Int32Array.from([2, 1, 4, 0, 3]);
    const search = new NeighbourSearch(ds, r, 400, cols);
    const out: Neighbours = { best: 0, second: 0, index: 0 };
    const secrets = Int32Array.from([0, 1, 2, 3, 4]);
    const loo = new Int32Array(5);
    for (let i = 0; i < 60; i++) {
      const d = Array.from({ length: 400 }, (_, j) => rowDistance(ds, s, i, r, j, cols) * 5);
      const sorted = [...d].sort((a, b) => a - b);
      search.nearestTwo(s, i, out);
      close(out.best, sorted[0], 1e-9);
      close(out.second, sorted[1], 1e-9);
      search.nearestOne(s, i, out);
      close(out.best, sorted[0], 1e-9);
      assert.equal(out.index, d.findIndex((v) => Math.abs(v - sorted[0]) < 1e-9));
      search.nearestLeaveOneOut(s, i, secrets, loo);
      secrets.forEach((sc, j) => {
        const aux = Array.from(cols).filter((c) => c !== sc);
        const dd = Array.from({ length: 400 }, (_, q) => rowDistance(ds, s, i, r, q, aux));
        const min = Math.min(...dd);
        close(dd[loo[j]], min, 1e-9);
      });
    }
  });

  it('a twin that copies the real rows has DCR 0, NNDR 0, low overfitting and baseline protection', () => {
    const rng = createRandom(3);
    const make = (n: number) =>
      tableOf([
        { name: 'x', type: 'numeric', values: Array.from({ length: n }, () => rng.next() * 100) },
        { name: 'c', type: 'categorical', values: Array.from({ length: n }, () => ['a', 'b', 'c', 'd'][rng.int(4)]) },
        { name: 'z', type: 'numeric', values: Array.from({ length: n }, () => rng.normal()) },
      ]);
    const real = make(300);
    const holdout = make(300);
    const k = buildKeySpace(real, [{ table: real, label: 'synthetic' }, { table: holdout, label: 'holdout' }]);
    const dcr = computeDcr(k.space, k.real, k.others[0]!, k.others[1], createRandom(5));
    assert.equal(summarizeDistances(dcr.synthetic).max, 0);
    assert.equal(summarizeDistances(dcr.nndr).max, 0);
    assert.equal(dcr.baselineProtection, 0);
    assert.ok(dcr.overfitting !== null);
    assert.equal(dcr.overfitting.closerToTraining, 1);
    assert.equal(dcr.overfitting.score, 0);
    assert.ok(summarizeDistances(dcr.holdout!).median > 0);
  });

  it('an independent twin from the same distribution is about as close to training as to holdout rows', () => {
    const rng = createRandom(9);
    const make = (n: number) =>
      tableOf([
        { name: 'x', type: 'numeric', values: Array.from({ length: n }, () => rng.next() * 100) },
        { name: 'c', type: 'categorical', values: Array.from({ length: n }, () => ['a', 'b', 'c', 'd'][rng.int(4)]) },
        { name: 'z', type: 'numeric', values: Array.from({ length: n }, () => rng.normal()) },
      ]);
    const real = make(1000);
    const holdout = make(1000);
    const twin = make(1000);
    const k = buildKeySpace(real, [{ table: twin, label: 'synthetic' }, { table: holdout, label: 'holdout' }]);
    const dcr = computeDcr(k.space, k.real, k.others[0]!, k.others[1], createRandom(5));
    assert.ok(dcr.overfitting !== null);
    assert.ok(Math.abs(dcr.overfitting.closerToTraining - 0.5) < 0.06, `closer share ${dcr.overfitting.closerToTraining}`);
    assert.ok(dcr.overfitting.score > 0.88);
    // Fresh rows from the distribution are much closer to real rows than uniform random rows, but not copies.
    assert.ok(dcr.baselineProtection !== null && dcr.baselineProtection > 0.1 && dcr.baselineProtection < 1);
    assert.ok(summarizeDistances(dcr.nndr).median > 0.5);
  });

  it('sub-samples the larger side for the overfitting share and says so', () => {
    const rng = createRandom(11);
    const make = (n: number) => tableOf([{ name: 'x', type: 'numeric', values: Array.from({ length: n }, () => rng.next()) }]);
    const real = make(600);
    const k = buildKeySpace(real, [{ table: make(200), label: 'synthetic' }, { table: make(300), label: 'holdout' }]);
    const dcr = computeDcr(k.space, k.real, k.others[0]!, k.others[1], createRandom(2));
    assert.ok(dcr.notes.some((n) => n.includes('sub-sampled to the holdout')));
    assert.ok(dcr.overfitting!.score > 0.7);
  });

  it('summaries and histograms', () => {
    const v = Float64Array.from([0, 0.1, 0.2, 0.3, 0.4]);
    const sum = summarizeDistances(v);
    assert.deepEqual([sum.count, sum.min, sum.median, sum.max], [5, 0, 0.2, 0.4]);
    close(sum.p05, 0.02);
    close(sum.p95, 0.38);
    close(sum.mean, 0.2);
    const h = distanceHistogram([{ label: 'synthetic', values: v }], 4);
    assert.deepEqual(h.edges, [0, 0.1, 0.2, 0.30000000000000004, 0.4]);
    assert.deepEqual(h.series[0].counts, [1, 1, 1, 2]);
    const fixed = distanceHistogram([{ label: 'synthetic', values: v }], 2, 1);
    assert.deepEqual(fixed.series[0].counts, [5, 0]);
  });
});

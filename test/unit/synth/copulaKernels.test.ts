import { strict as assert } from 'node:assert';
import { NormalDraws, numberScores } from '../../../src/core/synth/copula';
import { bivariateNormalUpper, cdfsOf, lowerCdfGrid } from '../../../src/core/synth/correlated/polychoric';
import { normalCdf, normalQuantile } from '../../../src/core/math/normal';
import { createRandom, type Random } from '../../../src/core/random';

// The copula's fast kernels must give, value for value, what the plain formulas give: a twin's
// bytes depend on every bit. Each is held here to a straightforward reference.

/** numberScores as first written: a numeric sort, then each row's block of ranks by binary search. */
function referenceScores(values: Float64Array, present: number, rng: Random): { sorted: Float64Array; z: Float64Array; blocks: Int32Array; distinct: number } {
  const n = values.length;
  const sorted = Float64Array.from(values.filter((v) => !Number.isNaN(v))).sort();
  let distinct = 0;
  for (let j = 0; j < present; j++) if (j === 0 || sorted[j] !== sorted[j - 1]) distinct++;
  const firsts: number[] = [];
  const uniq: number[] = [];
  for (let j = 0; j < present; j++) if (j === 0 || sorted[j] !== sorted[j - 1]) { firsts.push(j); uniq.push(sorted[j]); }
  firsts.push(present);
  const z = new Float64Array(n).fill(NaN);
  const blocks = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    let lo = 0, hi = distinct - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (uniq[mid] <= v) lo = mid; else hi = mid - 1; }
    const s = firsts[lo], e = firsts[lo + 1];
    const u = (s + rng.next() * (e - s)) / present;
    z[i] = normalQuantile(u < 1e-12 ? 1e-12 : u > 1 - 1e-12 ? 1 - 1e-12 : u);
    blocks[i] = distinct <= 16 ? lo : Math.min(15, Math.floor((s * 16) / present));
  }
  return { sorted, z, blocks, distinct };
}

function column(n: number, value: (i: number, rng: Random) => number, seed: number): Float64Array {
  const rng = createRandom(seed);
  return Float64Array.from({ length: n }, (_, i) => value(i, rng));
}

describe('copula kernels', () => {
  it('numberScores: counting sort and table lookup give the same scores and blocks as sort and bisection', () => {
    const cases: [string, Float64Array][] = [
      ['small integers with missing', column(5000, (i, r) => (i % 13 === 0 ? NaN : 17 + r.int(74)), 1)],
      ['few distinct (≤ 16 blocks)', column(3000, (_, r) => r.int(9) - 4, 2)],
      ['negative integers, one value', column(200, () => -3, 3)],
      ['integers over a wide range (bisection)', column(4000, (_, r) => 12_000 + r.int(1_500_000), 4)],
      ['decimals (bisection)', column(4000, (_, r) => Math.round(r.next() * 1000) / 10, 5)],
      ['−0 among zeros (kept apart by the numeric sort: bisection)', column(1000, (i, r) => (i % 7 === 0 ? -0 : r.int(3)), 6)],
      ['huge integers beyond 2^53 (bisection)', column(500, (_, r) => 2 ** 60 + r.int(4) * 2 ** 10, 7)],
      ['dates in ms (bisection)', column(2000, (_, r) => Date.UTC(2020, 0, 1) + r.int(400) * 86_400_000, 8)],
    ];
    for (const [name, values] of cases) {
      const present = values.filter((v) => !Number.isNaN(v)).length;
      const got = numberScores(values, present, createRandom(11));
      const want = referenceScores(values, present, createRandom(11));
      assert.equal(got.distinct, want.distinct, name);
      assert.deepEqual(Array.from(got.blocks), Array.from(want.blocks), name);
      assert.ok(got.sorted.every((v, i) => Object.is(v, want.sorted[i])), `${name}: sorted`);
      assert.ok(got.z.every((v, i) => Object.is(v, want.z[i])), `${name}: scores`);
    }
  });

  it('lowerCdfGrid: every cell equals P(X ≤ a, Y ≤ b) from bivariateNormalUpper, bit for bit', () => {
    const a = [-Infinity, -1.7, -0.4, 0, 0.3, 1.2, 2.9, Infinity];
    const b = [-Infinity, -2.2, -0.4, -0.05, 0, 0.8, 1.2, 1.6, 4.1, Infinity];
    // P(X ≤ x, Y ≤ y), as polychoric computed it cell by cell before the grid.
    const lower = (x: number, y: number, r: number): number => {
      if (x === -Infinity || y === -Infinity) return 0;
      if (x === Infinity) return y === Infinity ? 1 : normalCdf(y);
      if (y === Infinity) return normalCdf(x);
      return bivariateNormalUpper(-x, -y, r);
    };
    const cdfA = cdfsOf(a), cdfB = cdfsOf(b), negA = cdfsOf(a, -1), negB = cdfsOf(b, -1);
    const w = b.length;
    const grid = new Float64Array(a.length * w);
    // All three Gauss–Legendre sizes (|r| < 0.3, < 0.75, < 0.925) and the |r| ≥ 0.925 branch, both signs.
    for (const r of [0, 0.1, -0.29, 0.31, -0.6, 0.74, 0.8, -0.9, 0.925, -0.925, 0.93, -0.97, 0.999, -0.999, 0.9999]) {
      lowerCdfGrid(a, b, cdfA, cdfB, negA, negB, r, grid, w);
      for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) {
        const want = lower(a[i], b[j], r);
        assert.ok(Object.is(grid[i * w + j], want), `r=${r} a=${a[i]} b=${b[j]}: ${grid[i * w + j]} vs ${want}`);
      }
    }
  });

  it('NormalDraws: the same normals as Random.normal(), however the draws are split into batches', () => {
    for (const sizes of [[1], [15, 15, 15], [7, 1, 2, 31, 4], [32_561], [0, 3, 0, 5]]) {
      const reference = createRandom(42).fork('copula:latent');
      const draws = new NormalDraws(createRandom(42).fork('copula:latent'));
      for (const size of sizes) {
        const out = new Float64Array(size);
        draws.fill(out);
        for (let i = 0; i < size; i++) assert.ok(Object.is(out[i], reference.normal()), `sizes ${sizes.join(',')}: draw ${i} of ${size}`);
      }
    }
  });
});

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import type { NumberMetadataColumn } from '../../../src/core/metadata';
import { rangeCoverage } from '../../../src/core/evaluate/fidelity/rangeCoverage';
import { createRandom } from '../../../src/core/random';
import { generateTwin } from '../../../src/core/synth';
import { drawTailRows, tailPosition, tailsFor } from '../../../src/core/synth/tails';

/**
 * Issue 19: a twin's rows in a tail are drawn together, at about the medians of the model's order
 * statistics, so a long tail reaches about as far as the real data's whatever the seed (the
 * largest of a few hundred independent draws reached anywhere from 0.86 to 1.0 of Adult's range).
 */
describe('synth/tails: a batch\'s tail rows together, at the medians of the order statistics', function () {
  const exponential = { model: { share: 0.01, scale: 100, shape: 0 }, bound: 1000 };
  const column: NumberMetadataColumn = {
    name: 'x', type: 'numeric', format: { kind: 'number', decimals: 2, thousands: false }, missing: 0, disclosure: [],
    bounds: { lower: 0, upper: 1000 }, quantiles: { p: [0, 1], values: [0, 1000] }, histogram: { edges: [0, 1000], counts: [100] },
    tails: { above: exponential.model },
  };
  const tails = tailsFor(column, 0, undefined).tails!;

  it('puts the outermost of n at the median of the largest of n draws (textbook: −σ·ln(1 − 2^(−1/n)) for an exponential)', function () {
    const n = 99;
    const rng = createRandom(3);
    const own = Array.from({ length: n }, () => rng.next());
    const rows = Array.from({ length: n }, (_, i) => i);
    const out = new Float64Array(n);
    drawTailRows(rows, own, exponential, 'above', tails, out);
    // (n − 1/3)/(n + 1/3) = 1 − 1/149 for n = 99: the outermost is the bound plus 100·ln 149.
    assert.ok(Math.abs(tailPosition(n, n) - (1 - 1 / 149)) < 1e-12);
    const top = Math.max(...out);
    assert.ok(Math.abs(top - (1000 + 100 * Math.log(149))) < 1e-6, `outermost ${top}`);
    // The exact median of the largest of 99 exponential(100) draws, within 1%.
    const median = -100 * Math.log(1 - 2 ** (-1 / n));
    assert.ok(Math.abs(top - 1000 - median) / median < 0.01, `outermost distance ${top - 1000} vs median ${median}`);
    // The rows keep their order: the row furthest out by its own position gets the outermost value.
    const byOwn = rows.slice().sort((a, b) => own[a] - own[b]);
    for (let r = 1; r < n; r++) assert.ok(out[byOwn[r]] > out[byOwn[r - 1]], `order broken at rank ${r}`);
    // One row alone takes the tail's median: 100·ln 2 beyond the bound.
    const one = new Float64Array(1);
    drawTailRows([0], [0.9], exponential, 'above', tails, one);
    assert.ok(Math.abs(one[0] - (1000 + 100 * Math.LN2)) < 1e-9);
  });

  it('a generalised Pareto tail: the outermost of n at σ/ξ·((1 − p)^−ξ − 1), p = (n − 1/3)/(n + 1/3)', function () {
    const pareto = { model: { share: 0.01, scale: 100, shape: 0.5 }, bound: 1000 };
    const out = new Float64Array(99);
    drawTailRows(Array.from({ length: 99 }, (_, i) => i), Array.from({ length: 99 }, (_, i) => i), pareto, 'above', tails, out);
    // 200·(√149 − 1) = 2241.31…
    assert.ok(Math.abs(out[98] - (1000 + 200 * (Math.sqrt(149) - 1))) < 1e-6, `outermost ${out[98]}`);
    // Below a bound the values run the other way, the outermost furthest below.
    const below = new Float64Array(3);
    drawTailRows([0, 1, 2], [0.2, 0.1, 0.3], { model: exponential.model, bound: 0 }, 'below', { ...tails, limits: { lower: -Infinity, upper: Infinity } }, below);
    assert.ok(below[2] < below[0] && below[0] < below[1] && below[1] < 0, `below ${[...below]}`);
  });
});

/**
 * End to end: a long-tailed amount (most tail values held by one to three persons) with a band
 * that depends on it. At every level (copula and cart at the correlated one) and several seeds the twin
 * covers at least 0.95 of the real range (SDMetrics' RangeCoverage) and no twin value beyond the
 * bound equals a real value fewer than k persons hold.
 */
describe('synth: a long tail reaches the real range at every seed and level', function () {
  this.timeout(240_000);
  const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'twin-tail-reach-'));
  const source = nodePath.join(dir, 'claims.csv');
  const rng = createRandom(23);
  const amounts: number[] = [];
  const lines = ['amount,band'];
  for (let i = 0; i < 4000; i++) {
    // Exponential quantiles (mean 40) at (i + ½)/n: a tail with no outlier of its own.
    const a = Math.round(-40 * Math.log(1 - (i + 0.5) / 4000)) + 1;
    amounts.push(a);
    lines.push(`${a},${a > 60 ? (rng.next() < 0.8 ? 'high' : 'mid') : rng.next() < 0.5 ? 'low' : 'mid'}`);
  }
  fs.writeFileSync(source, lines.join('\n') + '\n');
  const held = new Map<number, number>();
  for (const a of amounts) held.set(a, (held.get(a) ?? 0) + 1);

  for (const [level, method] of [['structural', undefined], ['statistical', undefined], ['correlated', 'copula'], ['correlated', 'cart']] as const) {
    for (const seed of [1, 2, 3]) {
      it(`${method ?? level}, seed ${seed}: range coverage ≥ 0.95, no rare real extreme replayed`, async function () {
        const out = nodePath.join(dir, `${method ?? level}-${seed}.csv`);
        const { recipe } = await generateTwin({ input: source, level, method, out, seed });
        const upper = (recipe.metadata.columns.find((c) => c.name === 'amount') as NumberMetadataColumn).bounds.upper;
        const twin = fs.readFileSync(out, 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[0]));
        const coverage = rangeCoverage(amounts, twin)!;
        assert.ok(coverage >= 0.95, `range coverage ${coverage.toFixed(3)}: twin max ${Math.max(...twin)}, real max ${Math.max(...amounts)}, bound ${upper}`);
        const replayed = twin.filter((v) => v > upper && (held.get(v) ?? 0) > 0 && held.get(v)! < 10);
        assert.equal(replayed.length, 0, `replayed extremes: ${replayed.slice(0, 5).join(', ')}`);
      });
    }
  }
});

import assert from 'node:assert/strict';
import { createRandom } from '../../../src/core/random';
import {
  categoryMarginal, composeQuantileKnots, countsNumberMarginal, publishedCategoriesOf, roundWithin, statisticalNumberMarginal,
  uniformNumberMarginal, valueStepOf, DAY_MS, expandCoarsenedDates,
} from '../../../src/core/synth/marginals';
import { noisyCounts, sampleLaplace } from '../../../src/core/synth/laplace';
import { createPermutation } from '../../../src/core/synth/permutation';
import type { CategoryMetadataColumn, NumberMetadataColumn } from '../../../src/core/metadata';
import { handMetadata } from './fixtures';

const col = (name: string) => handMetadata().columns.find((c) => c.name === name)!;

describe('synth/marginals', () => {
  it('rounds to the column step and stays within bounds', () => {
    assert.equal(roundWithin(3.6, 1, 0, 10), 4);
    assert.equal(roundWithin(0.30000000000000004, 0.1, 0, 1), 0.3);
    assert.equal(roundWithin(12.345, 0.01, 0, 100), 12.35);
    assert.equal(roundWithin(9.7, 1, 0.5, 9.5), 9); // rounding up would leave the bounds
    assert.equal(roundWithin(-3, 1, 0, 5), 0);
    assert.equal(roundWithin(7.3, 0, 0, 5), 5);
  });

  it('derives the step from type and format', () => {
    assert.equal(valueStepOf(col('age') as NumberMetadataColumn), 1);
    assert.equal(valueStepOf(col('gain') as NumberMetadataColumn), 0.01);
    assert.equal(valueStepOf(col('admitted') as NumberMetadataColumn), DAY_MS);
    const dt = { ...(col('admitted') as NumberMetadataColumn), type: 'datetime' as const, format: { kind: 'datetime' as const, pattern: "yyyy-MM-dd'T'HH:mm" } };
    assert.equal(valueStepOf(dt), 60_000);
  });

  it('interpolates published quantiles linearly (hand-computed)', () => {
    const m = statisticalNumberMarginal(col('age') as NumberMetadataColumn);
    // knots (0,18) (0.25,30) (0.5,40) (0.75,55) (1,90)
    assert.equal(m.quantile(0.3), 32);
    assert.equal(m.quantile(0.375), 35);
    assert.equal(m.quantile(0.875), 73); // 55 + 35·0.5 = 72.5 → 73
    assert.equal(m.quantile(0), 18);
    assert.equal(m.quantile(0.9999999), 90);
  });

  it('keeps point masses as spikes and removes them from the continuous part (hand-computed)', () => {
    const m = statisticalNumberMarginal(col('gain') as NumberMetadataColumn);
    // mass 0 with share 0.9; continuous part: knot (0.95, 500) → F_cont = (0.95 − 0.9)/0.1 = 0.5
    // quantile knots: (0,0) (0.9,0) (0.95,500) (1,1000)
    assert.equal(m.quantile(0.5), 0);
    assert.equal(m.quantile(0.8999), 0);
    assert.equal(m.quantile(0.92), 200);
    assert.equal(m.quantile(0.95), 500);
    assert.equal(m.quantile(0.975), 750);
  });

  it('composes masses inside a continuous part as flat stretches', () => {
    const { u, x } = composeQuantileKnots([0, 10], [0, 1], 0.5, [{ value: 5, weight: 0.5 }]);
    assert.deepEqual([...u], [0, 0.25, 0.75, 1]);
    assert.deepEqual([...x], [0, 5, 5, 10]);
  });

  it('spreads month-coarsened dates over their months instead of piling them on the 1st', () => {
    const apr = Date.UTC(2019, 3, 1);
    const may = Date.UTC(2019, 4, 1);
    const jun = Date.UTC(2019, 5, 1);
    const base = col('admitted') as NumberMetadataColumn;
    // One month only (A&E arrivals): bounds, quantiles and histogram all at 1 April.
    const one = { ...base, type: 'datetime' as const, format: { kind: 'datetime' as const, pattern: 'yyyy-MM-dd HH:mm:ss' },
      bounds: { lower: apr, upper: apr }, quantiles: { p: [0, 0.5, 1], values: [apr, apr, apr] }, histogram: { edges: [apr, apr], counts: [100] } };
    const e = expandCoarsenedDates(one, { dateResolution: 'month' });
    assert.deepEqual(e.bounds, { lower: apr, upper: may - 1000 });
    assert.deepEqual(e.quantiles, { p: [0, 1], values: [apr, may - 1000] });
    const m = statisticalNumberMarginal(e);
    assert.equal(m.quantile(0.5), apr + (may - apr) / 2);
    // Two months, a lone quantile in May moves to mid-May; dates end on the last day of the upper month.
    const two = { ...base, bounds: { lower: apr, upper: jun }, quantiles: { p: [0, 0.4, 0.5, 1], values: [apr, apr, may, jun] }, histogram: { edges: [apr, jun], counts: [100] } };
    const t = expandCoarsenedDates(two, { dateResolution: 'month' });
    assert.equal(t.bounds.upper, Date.UTC(2019, 5, 30));
    assert.deepEqual(t.quantiles.values, [apr, may, may + 15.5 * DAY_MS, Date.UTC(2019, 6, 1)].map((v) => Math.min(v, Date.UTC(2019, 5, 30))));
    // Not aligned to months (the hand fixture): unchanged.
    assert.equal(expandCoarsenedDates(base, { dateResolution: 'month' }), base);
    // A date column at day resolution is already at its own step: unchanged.
    const dayCol = { ...base, bounds: { lower: apr, upper: may }, quantiles: { p: [0, 1], values: [apr, may] } };
    assert.equal(expandCoarsenedDates(dayCol, { dateResolution: 'day' }), dayCol);
  });

  it('draws uniformly within bounds for structural', () => {
    const m = uniformNumberMarginal(col('age') as NumberMetadataColumn);
    assert.equal(m.quantile(0.5), 54);
    assert.equal(m.quantile(0), 18);
  });

  it('builds a marginal from counts (DP path)', () => {
    const c = col('gain') as NumberMetadataColumn;
    const m = countsNumberMarginal(c, [0, 100, 1000], [10, 10], [0], [80]);
    // u: mass 0 weight 0.8 at the start, then bins 0.1 each
    assert.equal(m.quantile(0.5), 0);
    assert.equal(m.quantile(0.85), 50);
    assert.equal(m.quantile(0.95), 550);
  });

  it('draws categories by cumulative frequency and never the merged "other" label', () => {
    const m = categoryMarginal(['A', 'B', 'C'], [600, 300, 100]);
    assert.equal(m.code(0.59), 0);
    assert.equal(m.code(0.6), 1);
    assert.equal(m.code(0.95), 2);
    assert.equal(m.code(0.9999999999), 2);
    assert.equal(categoryMarginal(['A', 'B', 'C'], [0, 5, 0]).code(0), 1);
    const ward = { ...(col('ward') as CategoryMetadataColumn) };
    ward.categories = [...ward.categories, { value: 'Other', count: 20 }];
    assert.deepEqual(publishedCategoriesOf(ward), ['A', 'B', 'C']);
  });

  it('samples Laplace noise with mean |x| equal to the scale', () => {
    const rng = createRandom(7);
    let abs = 0;
    let sum = 0;
    const n = 40_000;
    for (let i = 0; i < n; i++) { const v = sampleLaplace(2, rng); abs += Math.abs(v); sum += v; }
    assert.ok(Math.abs(abs / n - 2) < 0.05, `mean |x| ${abs / n}`);
    assert.ok(Math.abs(sum / n) < 0.05, `mean ${sum / n}`);
    const noisy = noisyCounts([0, 0, 0, 0], 0.01, createRandom(1));
    assert.ok([...noisy].every((v) => v >= 0));
  });

  it('permutes [0, n) bijectively', () => {
    for (const n of [1, 2, 1000, 12_345]) {
      const p = createPermutation(n, createRandom(n));
      const seen = new Set<number>();
      for (let i = 0; i < n; i++) seen.add(p.at(i));
      assert.equal(seen.size, n);
      assert.ok([...seen].every((v) => v >= 0 && v < n));
    }
    const p = createPermutation(1000, createRandom(3));
    assert.notDeepEqual([0, 1, 2, 3].map((i) => p.at(i)), [0, 1, 2, 3]);
  });
});

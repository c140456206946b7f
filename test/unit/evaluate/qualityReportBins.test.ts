import { strict as assert } from 'node:assert';
import { categoryColumnOf } from '../../../src/core/evaluate/columns';
import { evaluateFidelity } from '../../../src/core/evaluate/fidelity/evaluateFidelity';
import { contingencySimilarity, ownRangeCodes, ownRangePairCodes, pairCodesOf } from '../../../src/core/evaluate/fidelity/contingencySimilarity';
import { population, tableOf } from './helpers';

describe('evaluate: column pair trends as SDMetrics’ QualityReport bins them (each table on its own range)', () => {
  it('codes as numpy.digitize on numpy.histogram_bin_edges: the maximum gets a code of its own, shared with missing', () => {
    // Edges 0, 10, …, 100: 0 → 1, 9.99 → 1, 10 → 2, 95 → 10, 100 → 11, NaN → 11.
    assert.deepEqual([...ownRangeCodes(Float64Array.of(0, 9.99, 10, 95, 100, NaN))], [1, 1, 2, 10, 11, 11]);
    // A constant column: edges v − 0.5 … v + 0.5, the value in the middle bin.
    assert.deepEqual([...ownRangeCodes(Float64Array.of(3, 3, NaN))], [6, 6, 11]);
  });

  it('a hand-computed pair: real bins see the narrower twin as half wrong, own bins see it as right', () => {
    // Real: x 0 with a, x 100 with b. Twin: x 0 with a, x 50 with b (half the range).
    const realX = { kind: 'number' as const, values: Float64Array.of(0, 100) };
    const twinX = { kind: 'number' as const, values: Float64Array.of(0, 50) };
    const realC = categoryColumnOf(['a', 'b']);
    const twinC = categoryColumnOf(['a', 'b']);
    // Real bins (0–100 in tens): real cells (0, a), (9, b); twin cells (0, a), (5, b): ½·(½ + ½) apart → 0.5.
    assert.equal(contingencySimilarity(pairCodesOf(realX, twinX), pairCodesOf(realC, twinC)).score, 0.5);
    // Own bins: each table's 50 or 100 is its own maximum, code 11 in both → the same cells → 1.
    assert.equal(contingencySimilarity(ownRangePairCodes(realX.values, twinX.values), pairCodesOf(realC, twinC)).score, 1);
    const real = tableOf([['x', realX], ['c', realC]]);
    const twin = tableOf([['x', twinX], ['c', twinC]]);
    const { fidelity } = evaluateFidelity(real, twin);
    assert.equal(fidelity.columnPairTrends.score, 0.5);
    assert.equal(fidelity.columnPairTrends.scoreOwnBins, 1);
  });

  it('equals the real-bin score for a table compared with itself, and for pairs that are not number × category', () => {
    const real = population(2000, 7);
    const { fidelity } = evaluateFidelity(real, real);
    assert.equal(fidelity.columnPairTrends.scoreOwnBins, 1);
    const numbersOnly = tableOf([['a', { kind: 'number', values: Float64Array.of(1, 2, 3, 4) }], ['b', { kind: 'number', values: Float64Array.of(2, 1, 4, 3) }]]);
    const other = tableOf([['a', { kind: 'number', values: Float64Array.of(1, 2, 3, 9) }], ['b', { kind: 'number', values: Float64Array.of(1, 2, 3, 4) }]]);
    const r = evaluateFidelity(numbersOnly, other).fidelity.columnPairTrends;
    assert.equal(r.scoreOwnBins, r.score);
  });
});

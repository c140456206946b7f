import { strict as assert } from 'node:assert';
import { categoryColumnOf, alignCategories, numberColumnOf } from '../../../src/core/evaluate/columns';
import { ksComplement, ksStatistic } from '../../../src/core/evaluate/fidelity/ksComplement';
import { tvComplement } from '../../../src/core/evaluate/fidelity/tvComplement';
import { boundaryAdherence } from '../../../src/core/evaluate/fidelity/boundaryAdherence';
import { rangeCoverage } from '../../../src/core/evaluate/fidelity/rangeCoverage';
import { categoryCoverage } from '../../../src/core/evaluate/fidelity/categoryCoverage';
import { categoryAdherence } from '../../../src/core/evaluate/fidelity/categoryAdherence';
import { statisticSimilarity } from '../../../src/core/evaluate/fidelity/statisticSimilarity';
import { missingValueSimilarity } from '../../../src/core/evaluate/fidelity/missingValueSimilarity';
import { contingencySimilarity, pairCodesOf, contingencyEdges, binValues } from '../../../src/core/evaluate/fidelity/contingencySimilarity';
import { correlationSimilarity } from '../../../src/core/evaluate/fidelity/correlationSimilarity';
import { pearson } from '../../../src/core/math';
import { tablePMSE } from '../../../src/core/evaluate/fidelity/tablePMSE';

const close = (a: number | null, b: number, tol = 1e-9): void => {
  assert.ok(a !== null && Math.abs(a - b) <= tol, `expected ${b}, got ${a}`);
};

function tv(real: (string | null)[], syn: (string | null)[]): number | null {
  const a = alignCategories(categoryColumnOf(real), categoryColumnOf(syn));
  return tvComplement(a.real, a.synthetic, a.categories.length);
}

describe('evaluate: single-column fidelity metrics (METRICS.md vectors)', () => {
  it('TVComplement of [a,b,c,a,a,b] vs [a,b,c,a,b,c] is 0.8333… (SDMetrics unit test)', () => {
    close(tv(['a', 'b', 'c', 'a', 'a', 'b'], ['a', 'b', 'c', 'a', 'b', 'c']), 5 / 6);
  });

  it('TVComplement with 5 missing + b vs b + 5 missing is 1.0 (missing dropped)', () => {
    close(tv([null, null, null, null, null, 'b'], ['b', null, null, null, null, null]), 1);
  });

  it('TVComplement of disjoint categories is 0', () => {
    close(tv(['a', 'a'], ['b', 'c']), 0);
  });

  it('KSComplement of [1.0,2.4,2.6,0.8] vs [0.9,1.8,3.1,5.0] is 0.5 (hand-computed D = 0.5 at x = 2.6)', () => {
    close(ksComplement([1.0, 2.4, 2.6, 0.8], [0.9, 1.8, 3.1, 5.0]), 0.5);
  });

  it('KS statistic handles ties across samples (D = 0 for identical samples with repeats)', () => {
    assert.equal(ksStatistic([1, 1, 2, 3], [1, 1, 2, 3]), 0);
    // F_a jumps to 2/3 at 1, F_b to 1/3 at 1: D = 1/3 at x = 1.
    close(ksStatistic([1, 1, 2], [1, 2, 2]), 1 / 3);
  });

  it('KSComplement drops NaN and is null when a side is empty', () => {
    close(ksComplement([1, NaN, 2], [1, 2, NaN, NaN]), 1);
    assert.equal(ksComplement([NaN], [1]), null);
  });

  it('BoundaryAdherence of syn [0.9,1.8,2.1,5.0] in real [0.8, 2.6] is 0.75 (SDMetrics unit test)', () => {
    close(boundaryAdherence([1.0, 2.4, 2.6, 0.8], [0.9, 1.8, 2.1, 5.0]), 0.75);
  });

  it('RangeCoverage of [1..5] by [2,3,1,2,3] is 0.5 (SDMetrics unit test)', () => {
    close(rangeCoverage([1, 2, 3, 4, 5], [2, 3, 1, 2, 3]), 0.5);
    assert.equal(rangeCoverage([3, 3], [1, 2]), null);
  });

  it('CategoryCoverage of [a,b,a,b,c] by [a,a,a,b,b] is 2/3 (SDMetrics unit test)', () => {
    const a = alignCategories(categoryColumnOf(['a', 'b', 'a', 'b', 'c']), categoryColumnOf(['a', 'a', 'a', 'b', 'b']));
    close(categoryCoverage(a.real, a.synthetic, a.categories.length), 2 / 3);
  });

  it('CategoryAdherence counts synthetic values that are real categories', () => {
    const a = alignCategories(categoryColumnOf(['a', 'b', 'c']), categoryColumnOf(['a', 'x', 'b', 'y']));
    close(categoryAdherence(a.real, a.synthetic, a.categories.length), 0.5);
    // Missing adheres only when the real data has missing values too.
    const b = alignCategories(categoryColumnOf(['a', null]), categoryColumnOf(['a', null]));
    close(categoryAdherence(b.real, b.synthetic, b.categories.length), 1);
    const c = alignCategories(categoryColumnOf(['a', 'a']), categoryColumnOf(['a', null]));
    close(categoryAdherence(c.real, c.synthetic, c.categories.length), 0.5);
  });

  it('StatisticSimilarity (mean) of [1.0,2.4,2.6,0.8] vs [0.9,1.8,3.1,5.0] is 0.4444 (SDMetrics unit test)', () => {
    const r = statisticSimilarity([1.0, 2.4, 2.6, 0.8], [0.9, 1.8, 3.1, 5.0], 'mean');
    close(r.real, 1.7);
    close(r.synthetic, 2.7);
    close(r.score, 1 - 1 / 1.8);
    // median: real 1.7, syn 2.45 → 1 − 0.75/1.8
    close(statisticSimilarity([1.0, 2.4, 2.6, 0.8], [0.9, 1.8, 3.1, 5.0], 'median').score, 1 - 0.75 / 1.8);
    // sd (n − 1): real sd of [1,2,3] is 1, syn sd of [1,3,5] is 2, range 2 → 0.5
    close(statisticSimilarity([1, 2, 3], [1, 3, 5], 'sd').score, 0.5);
  });

  it('MissingValueSimilarity of [1.0,–,2.6,0.8] vs [0.9,1.8,–,–] is 0.75 (SDMetrics unit test)', () => {
    close(missingValueSimilarity(1, 4, 2, 4), 0.75);
  });
});

describe('evaluate: column-pair fidelity metrics', () => {
  it('ContingencySimilarity of the SDMetrics binned example is 0.25', () => {
    const real1 = numberColumnOf([1.0, 2.4, 2.6, 0.8]);
    const real2 = numberColumnOf([1, 2, 3, 5]);
    const syn1 = numberColumnOf([1.0, 1.8, 2.6, 1.0]);
    const syn2 = numberColumnOf([2, 3, 4, 1]);
    const r = contingencySimilarity(pairCodesOf(real1, syn1), pairCodesOf(real2, syn2));
    close(r.score, 0.25);
  });

  it('bins numbers like numpy.digitize on linspace edges with open outer edges', () => {
    const edges = contingencyEdges([0, 10]);
    assert.deepEqual(Array.from(edges), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.deepEqual(Array.from(binValues([-5, 0, 0.5, 1, 9.99, 10, 50, NaN], edges, 10)), [0, 0, 0, 1, 9, 9, 9, 10]);
  });

  it('ContingencySimilarity keeps missing as a category', () => {
    const a = pairCodesOf(categoryColumnOf(['x', null, 'x', null]), categoryColumnOf(['x', 'x', 'x', 'x']));
    const b = pairCodesOf(categoryColumnOf(['p', 'p', 'q', 'q']), categoryColumnOf(['p', 'p', 'q', 'q']));
    // real cells: (x,p) (–,p) (x,q) (–,q) each ¼; syn: (x,p) ½, (x,q) ½ → TV = ½(¼+¼+¼+¼) = ½
    close(contingencySimilarity(a, b).score, 0.5);
  });

  it("Cramér's V is 1 for a perfect association and 0 for independence", () => {
    const perfect = contingencySimilarity(
      pairCodesOf(categoryColumnOf(['a', 'b', 'a', 'b']), categoryColumnOf(['a', 'b', 'a', 'b'])),
      pairCodesOf(categoryColumnOf(['x', 'y', 'x', 'y']), categoryColumnOf(['x', 'y', 'y', 'x'])),
    );
    close(perfect.real, 1);
    close(perfect.synthetic, 0);
    close(perfect.score, 0.5);
  });

  it('CorrelationSimilarity of the METRICS.md example is 0.85362 (r_real −0.05547, r_syn −0.34823)', () => {
    const r = correlationSimilarity([1.0, 2.4, 2.6, 0.8], [1, 2, 3, 4], [0.9, 1.8, 3.1, 5.0], [2, 3, 4, 1]);
    assert.ok(r);
    close(r.real, -0.05547, 5e-6);
    close(r.synthetic, -0.34823, 5e-6);
    close(r.score, 0.85362, 5e-6);
  });

  it('Pearson is pairwise complete and undefined for a constant column', () => {
    close(pearson([1, 2, NaN, 3], [2, 4, 100, 6]), 1);
    assert.ok(Number.isNaN(pearson([1, 1, 1], [1, 2, 3])));
    assert.equal(correlationSimilarity([1, 1], [1, 2], [1, 2], [1, 2]), null);
  });
});

describe('evaluate: table pMSE (synthpop utility.tab)', () => {
  it('counts [30,20,10] vs [25,25,10]: c 0.5, VW 2.020202, S_pMSE 1.010101, pMSE 0.00210438', () => {
    const r = tablePMSE([30, 20, 10], [25, 25, 10]);
    close(r.c, 0.5);
    close(r.VW, 2.020202, 1e-6);
    close(r.standardized, 1.010101, 1e-6);
    close(r.pMSE, 0.00210438, 1e-8);
    assert.equal(r.cells, 3);
  });

  it('drops cells empty on both sides', () => {
    const r = tablePMSE([30, 0, 20, 10], [25, 0, 25, 10]);
    assert.equal(r.cells, 3);
    close(r.standardized, 1.010101, 1e-6);
  });
});

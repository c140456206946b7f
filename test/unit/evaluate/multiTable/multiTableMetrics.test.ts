import { strict as assert } from 'node:assert';
import { categoryColumnOf, numberColumnOf } from '../../../../src/core/evaluate/columns';
import {
  cardinalities, cardinalityBoundaryAdherence, cardinalityShapeSimilarity, evaluateLinks, keyValues,
  parentChildPairTrends, referentialIntegrity,
} from '../../../../src/core/evaluate/multiTable';
import type { ColumnData } from '../../../../src/core/schema';
import { tableOf } from '../helpers';

const close = (a: number | null | undefined, b: number, tol = 1e-9): void => {
  assert.ok(a !== null && a !== undefined && Math.abs(a - b) <= tol, `expected ${b}, got ${a}`);
};
const ids = (values: (string | null)[]): ColumnData => ({ kind: 'string', values });

// Hand-worked example. Real: parents p1..p4, children referencing p1 twice, p2 once, p4 three times.
// Synthetic: parents s1..s3, children referencing s1 once, s2 twice, and one broken reference s9.
const realParent = tableOf([
  ['pid', ids(['p1', 'p2', 'p3', 'p4']), 'identifier'],
  ['age', numberColumnOf([30, 40, 50, 60])],
  ['sex', categoryColumnOf(['F', 'M', 'F', 'M'])],
]);
const realChild = tableOf([
  ['cid', ids(['c1', 'c2', 'c3', 'c4', 'c5', 'c6']), 'identifier'],
  ['pid', ids(['p1', 'p1', 'p2', 'p4', 'p4', 'p4']), 'identifier'],
  ['x', numberColumnOf([1, 2, 3, 4, 5, 6])],
  ['code', categoryColumnOf(['A', 'A', 'B', 'A', 'B', 'B'])],
]);
const synParent = tableOf([
  ['pid', ids(['s1', 's2', 's3']), 'identifier'],
  ['age', numberColumnOf([35, 55, 45])],
  ['sex', categoryColumnOf(['F', 'M', 'F'])],
]);
const synChild = tableOf([
  ['cid', ids(['d1', 'd2', 'd3', 'd4']), 'identifier'],
  ['pid', ids(['s1', 's2', 's2', 's9']), 'identifier'],
  ['x', numberColumnOf([2, 1, 4, 9])],
  ['code', categoryColumnOf(['A', 'B', 'B', 'A'])],
]);

describe('evaluate: multi-table metrics (SDMetrics definitions, hand-computed cases)', () => {
  it('cardinalities count children per parent row, zeros included', () => {
    assert.deepEqual(Array.from(cardinalities(['p1', 'p2', 'p3', 'p4'], ['p1', 'p1', 'p2', 'p4', 'p4', 'p4', null])), [2, 1, 0, 3]);
  });

  it('keys compare as text whatever their layout (integer 7 in a parent equals 7 in a child)', () => {
    assert.deepEqual(keyValues({ kind: 'number', values: Float64Array.from([7, NaN, 12]) }), ['7', null, '12']);
    assert.deepEqual(keyValues(categoryColumnOf(['a', null])), ['a', null]);
  });

  it('ReferentialIntegrity: 3 of 4 synthetic references resolve → 0.75; a missing key counts as broken when the real key is never missing', () => {
    close(referentialIntegrity(['p1', 'p1'], ['s1', 's2', 's3'], ['s1', 's2', 's2', 's9']), 0.75);
    close(referentialIntegrity(['p1', 'p1'], ['s1', 's2'], ['s1', null, 's2', 's9', 's1']), 3 / 5);
  });

  it('ReferentialIntegrity of an optional link (real key sometimes missing) drops the synthetic missing keys first', () => {
    close(referentialIntegrity(['p1', null], ['s1', 's2'], ['s1', null, 's9']), 1 / 2);
    assert.equal(referentialIntegrity(['p1', null], ['s1'], [null, null]), null);
  });

  it('CardinalityShapeSimilarity of [2,1,0,3] vs [1,2,0] is 0.75 (D = 0.25 at 2: ECDF 0.75 vs 1)', () => {
    close(cardinalityShapeSimilarity([2, 1, 0, 3], [1, 2, 0]), 0.75);
    close(cardinalityShapeSimilarity([0, 1, 1, 2], [2, 1, 1, 0]), 1);
    assert.equal(cardinalityShapeSimilarity([], [1]), null);
  });

  it('CardinalityBoundaryAdherence: synthetic parents with 0..3 children inside the real [0, 3] → 3 of 4 for [1,2,0,5]', () => {
    close(cardinalityBoundaryAdherence([2, 1, 0, 3], [1, 2, 0]), 1);
    close(cardinalityBoundaryAdherence([2, 1, 0, 3], [1, 2, 0, 5]), 0.75);
    close(cardinalityBoundaryAdherence([1, 2], [0, 1, 3, 2]), 0.5);
  });

  it('parent–child pair trends join child to parent and score every parent × child column pair', () => {
    const t = parentChildPairTrends({ parent: realParent, child: realChild }, { parent: synParent, child: synChild }, { parentKey: 'pid', childKey: 'pid' });
    const byName = new Map(t.pairs.map((p) => [`${p.parentColumn}×${p.childColumn}`, p]));
    assert.deepEqual([...byName.keys()].sort(), ['age×code', 'age×x', 'sex×code', 'sex×x']);
    // age×x: joined real (30,1)(30,2)(40,3)(60,4)(60,5)(60,6) r = 0.923093; synthetic (35,2)(55,1)(55,4) r = 0.188982.
    const ax = byName.get('age×x')!;
    assert.equal(ax.metric, 'CorrelationSimilarity');
    close(ax.real, 0.9230930832457442, 1e-12);
    close(ax.synthetic, 0.18898223650461363, 1e-12);
    close(ax.score, 0.6329445766294347, 1e-12);
    assert.equal(ax.trend, true);
    // sex×code: real (F,A) 2/6, (M,B) 3/6, (M,A) 1/6; synthetic (F,A) 1/3, (M,B) 2/3 → TV 1/3 → 5/6.
    const sc = byName.get('sex×code')!;
    assert.equal(sc.metric, 'ContingencySimilarity');
    close(sc.score, 5 / 6);
    // sex×x: x in 10 bins on the real [1, 6]; real cells all 1/6, synthetic (F,bin2) (M,bin0) (M,bin6) → TV 4/3 → 1/3.
    close(byName.get('sex×x')!.score, 1 / 3);
    // age×code: real ages in bins 0, 3, 9; synthetic ages 35, 55 in bins 1 and 8 → disjoint cells → 0.
    close(byName.get('age×code')!.score, 0);
    close(t.score, (0.6329445766294347 + 5 / 6 + 1 / 3 + 0) / 4, 1e-12);
  });

  it('evaluateLinks gives each link its four scores and the means', () => {
    const e = evaluateLinks(
      { parents: realParent, children: realChild },
      { parents: synParent, children: synChild },
      [{ parentTable: 'parents', parentKey: 'pid', childTable: 'children', childKey: 'pid' }],
    );
    assert.equal(e.links.length, 1);
    close(e.links[0].referentialIntegrity, 0.75);
    // Real cardinalities [2,1,0,3]; synthetic [1,2,0] (s9 references no parent).
    close(e.links[0].cardinalityShapeSimilarity, 0.75);
    close(e.links[0].cardinalityBoundaryAdherence, 1);
    close(e.referentialIntegrity, 0.75);
    close(e.pairTrends, (0.6329445766294347 + 5 / 6 + 1 / 3 + 0) / 4, 1e-12);
  });

  it('a twin identical to the real tables scores 1 on every link metric', () => {
    const e = evaluateLinks({ p: realParent, c: realChild }, { p: realParent, c: realChild },
      [{ parentTable: 'p', parentKey: 'pid', childTable: 'c', childKey: 'pid' }]);
    close(e.referentialIntegrity, 1);
    close(e.cardinalityShapeSimilarity, 1);
    close(e.cardinalityBoundaryAdherence, 1);
    close(e.pairTrends, 1);
  });
});

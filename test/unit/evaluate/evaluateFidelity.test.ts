import { strict as assert } from 'node:assert';
import { evaluateFidelity } from '../../../src/core/evaluate/fidelity/evaluateFidelity';
import { evaluateUtility } from '../../../src/core/evaluate/utility/evaluateUtility';
import { chooseTarget } from '../../../src/core/evaluate/utility/target';
import { categoryColumnOf } from '../../../src/core/evaluate/columns';
import { createRandom } from '../../../src/core/random';
import { population, tableOf } from './helpers';

describe('evaluate: fidelity of whole tables', () => {
  const real = population(2000, 7);

  it('a table compared with itself scores 1.0 everywhere and pMSE 0', () => {
    const { fidelity, columns, associations, notes } = evaluateFidelity(real, real);
    assert.equal(fidelity.score, 1);
    assert.equal(fidelity.columnShapes.score, 1);
    assert.equal(fidelity.columnPairTrends.score, 1);
    assert.equal(fidelity.columnPairTrends.scoreTrendPairs, 1);
    assert.ok(Math.abs(fidelity.pMSE.value) < 1e-12);
    assert.equal(fidelity.missingValues.score, 1);
    assert.equal(fidelity.coverage.score, 1);
    assert.equal(fidelity.coverage.adherence, 1);
    assert.equal(fidelity.reading.band, 'good');
    // The identifier is left out and said so.
    assert.deepEqual(fidelity.excluded.map((e) => e.column), ['id']);
    assert.ok(notes.some((n) => n.includes('“id”')));
    assert.deepEqual(fidelity.columnShapes.columns.map((c) => [c.column, c.metric]), [
      ['age', 'KSComplement'], ['group', 'TVComplement'], ['income', 'KSComplement'], ['flag', 'TVComplement'],
    ]);
    // 4 usable columns → 6 pairs; age–income is a numeric pair with a strong trend.
    assert.equal(fidelity.columnPairTrends.pairs.length, 6);
    const ai = fidelity.columnPairTrends.pairs.find((p) => p.columns[0] === 'age' && p.columns[1] === 'income')!;
    assert.equal(ai.metric, 'CorrelationSimilarity');
    assert.ok(ai.trend && ai.real! > 0.7, `r = ${ai.real}`);
    assert.equal(columns.length, 4);
    assert.deepEqual(associations.columns, ['age', 'group', 'income', 'flag']);
    assert.equal(associations.difference[0][2], 0);
  });

  it('an independent-marginals twin keeps column shapes but loses pair trends', () => {
    // Shuffle each column independently: identical marginals, broken associations.
    const rng = createRandom(3);
    const shuffled = {
      rowCount: real.rowCount,
      columns: real.columns.map(({ spec, data }) => {
        const idx = Array.from({ length: real.rowCount }, (_, i) => i);
        for (let i = idx.length - 1; i > 0; i--) {
          const j = rng.int(i + 1);
          [idx[i], idx[j]] = [idx[j], idx[i]];
        }
        if (data.kind === 'number') return { spec, data: { kind: 'number' as const, values: Float64Array.from(idx, (i) => data.values[i]) } };
        if (data.kind === 'category') return { spec, data: { kind: 'category' as const, codes: Int32Array.from(idx, (i) => data.codes[i]), categories: data.categories } };
        return { spec, data: { kind: 'string' as const, values: idx.map((i) => data.values[i]) } };
      }),
    };
    const { fidelity } = evaluateFidelity(real, shuffled);
    assert.equal(fidelity.columnShapes.score, 1);
    const ai = fidelity.columnPairTrends.pairs.find((p) => p.columns[0] === 'age' && p.columns[1] === 'income')!;
    assert.ok(Math.abs(ai.synthetic!) < 0.1);
    assert.ok(ai.score < 0.7, `score ${ai.score}`);
    assert.ok(fidelity.columnPairTrends.scoreTrendPairs! < fidelity.columnPairTrends.score!);
    // A main-effects propensity model cannot see broken associations: pMSE stays near 0.
    assert.ok(fidelity.pMSE.standardized < 3, `S_pMSE ${fidelity.pMSE.standardized}`);
  });

  it('skips and notes a correlation with a constant column', () => {
    const t = tableOf([
      ['x', { kind: 'number', values: Float64Array.from([1, 2, 3, 4]) }],
      ['k', { kind: 'number', values: Float64Array.from([5, 5, 5, 5]) }],
      ['c', categoryColumnOf(['a', 'b', 'a', 'b'])],
    ]);
    const { fidelity, notes } = evaluateFidelity(t, t);
    assert.equal(fidelity.columnPairTrends.skipped.length, 1);
    assert.deepEqual(fidelity.columnPairTrends.skipped[0].columns, ['x', 'k']);
    assert.equal(fidelity.columnPairTrends.pairs.length, 2);
    assert.ok(notes.some((n) => n.includes('“x” × “k”')));
  });

  it('chart detail never names a real category rarer than the threshold', () => {
    const r = tableOf([['c', categoryColumnOf([...Array(12).fill('common'), ...Array(3).fill('rare')])]]);
    const s = tableOf([['c', categoryColumnOf([...Array(10).fill('common'), 'rare', 'new'])]]);
    const c = evaluateFidelity(r, s, {}, { threshold: 10 }).columns[0];
    assert.ok(c.kind === 'categorical');
    assert.deepEqual(c.categories, ['common', 'new', '(other)']);
    assert.deepEqual(c.real.counts, [12, 0, 3]);
    assert.deepEqual(c.synthetic.counts, [10, 1, 1]);
    assert.deepEqual(c.other, { label: '(other)', categories: 1 });
  });

  it('chart detail: shared edges and category frequencies with missing shares', () => {
    const r = tableOf([['c', categoryColumnOf(['a', 'a', 'b', null])], ['v', { kind: 'number', values: Float64Array.from([0, 1, 2, 3]) }]]);
    const s = tableOf([['c', categoryColumnOf(['a', 'z', 'z', 'z'])], ['v', { kind: 'number', values: Float64Array.from([1, 1, 2, 10]) }]]);
    const { columns } = evaluateFidelity(r, s, {}, { threshold: 1 });
    const c = columns[0];
    assert.equal(c.kind, 'categorical');
    if (c.kind !== 'categorical') return;
    assert.deepEqual(c.categories, ['a', 'b', 'z']);
    assert.deepEqual(c.real.counts, [2, 1, 0]);
    assert.deepEqual(c.synthetic.counts, [1, 0, 3]);
    assert.equal(c.missing.real, 0.25);
    const v = columns[1];
    assert.equal(v.kind, 'numeric');
    if (v.kind !== 'numeric') return;
    assert.equal(v.edges[0], 0);
    assert.equal(v.edges[v.edges.length - 1], 10);
    assert.equal(v.real.counts.reduce((a, b) => a + b, 0), 4);
    assert.equal(v.synthetic.counts[v.synthetic.counts.length - 1], 1);
  });
});

describe('evaluate: utility', () => {
  const real = population(3000, 11);
  const holdout = population(1500, 12);

  it('default target is the last two-level categorical column; a named one is checked', () => {
    assert.deepEqual(chooseTarget(real, undefined), { target: 'flag', source: 'default', model: 'logistic', positiveClass: chooseTarget(real, 'flag')!.positiveClass });
    assert.equal(chooseTarget(real, 'income')!.model, 'linear');
    assert.throws(() => chooseTarget(real, 'nope', 'real.csv'), /real\.csv: the target column "nope" is not a column of the data/);
    assert.throws(() => chooseTarget(real, 'id'), /column "id": the target must be numeric/);
  });

  it('real vs itself: identical coefficients (overlap 1, difference 0) and TSTR = TRTR on the holdout', () => {
    const { utility } = evaluateUtility(real, real, holdout, {}, createRandom(1));
    assert.ok(utility);
    assert.equal(utility.target, 'flag');
    assert.equal(utility.model, 'logistic');
    assert.ok(utility.coefficients.length >= 5);
    for (const c of utility.coefficients) {
      assert.ok(Math.abs(c.ciOverlap - 1) < 1e-9);
      assert.ok(c.standardizedDifference < 1e-9);
    }
    assert.equal(utility.prediction.testSet, 'holdout');
    assert.equal(utility.prediction.testRows, 1500);
    assert.equal(utility.prediction.tstr.accuracy, utility.prediction.trtr.accuracy);
    assert.ok(utility.prediction.trtr.auc! > 0.8, `AUC ${utility.prediction.trtr.auc}`);
    assert.equal(utility.prediction.metric, 'auc');
    assert.equal(utility.prediction.ratio, 1);
    assert.equal(utility.reading.band, 'good');
  });

  it('matches a holdout that writes the target class with a trailing full stop (UCI Adult test file)', () => {
    const renamed = {
      ...holdout,
      columns: holdout.columns.map((c) =>
        c.data.kind === 'category' && c.spec.name === 'flag' ? { spec: c.spec, data: { ...c.data, categories: c.data.categories.map((x) => x + '.') } } : c,
      ),
    };
    const plain = evaluateUtility(real, real, holdout, {}, createRandom(1)).utility!;
    const dotted = evaluateUtility(real, real, renamed, {}, createRandom(1)).utility!;
    assert.deepEqual(dotted.prediction, plain.prediction);
    assert.ok(dotted.notes.some((n) => n.includes('matched on the normalised label')));
  });

  it('a twin whose target is unrelated to the predictors gives different coefficients and less skill', () => {
    const rng = createRandom(8);
    const flag = real.columns.find((c) => c.spec.name === 'flag')!;
    const codes = (flag.data as { codes: Int32Array }).codes;
    const shuffled = Int32Array.from(codes);
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    const twin = { ...real, columns: real.columns.map((c) => (c === flag ? { spec: c.spec, data: { ...(c.data as { categories: string[] }), kind: 'category' as const, codes: shuffled } } : c)) };
    const u = evaluateUtility(real, twin, holdout, {}, createRandom(1)).utility!;
    assert.ok(u.prediction.tstr.auc! < u.prediction.trtr.auc! - 0.1, JSON.stringify(u.prediction));
    assert.ok(u.prediction.tstr.accuracy! < u.prediction.trtr.accuracy!);
    assert.ok(u.ciOverlap.mean < 0, `overlap ${u.ciOverlap.mean}`);
    assert.equal(u.ciOverlap.reading.band, 'poor');
    assert.ok(u.standardizedDifference.median > 2);
    assert.equal(u.reading.band, 'poor');
  });

  it('linear target on an independent sample: coefficients overlap, R² similar; without holdout a seeded split', () => {
    const other = population(3000, 99);
    const a = evaluateUtility(real, other, null, { target: 'income' }, createRandom(5)).utility!;
    const b = evaluateUtility(real, other, null, { target: 'income' }, createRandom(5)).utility!;
    assert.equal(a.model, 'linear');
    assert.equal(a.prediction.testSet, 'real-split');
    assert.equal(a.prediction.trainRealRows + a.prediction.testRows, real.rowCount - countMissing(real, 'income'));
    assert.deepEqual(a.prediction, b.prediction);
    const age = a.coefficients.find((c) => c.term === 'age')!;
    assert.ok(age.ciOverlap > 0.3, `overlap ${age.ciOverlap}`);
    assert.ok(a.prediction.trtr.r2! > 0.7 && Math.abs(a.prediction.tstr.r2! - a.prediction.trtr.r2!) < 0.05);
  });
});

function countMissing(t: ReturnType<typeof population>, name: string): number {
  const c = t.columns.find((x) => x.spec.name === name)!.data;
  return c.kind === 'number' ? c.values.filter((v) => Number.isNaN(v)).length : 0;
}

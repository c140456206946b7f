import { strict as assert } from 'node:assert';
import { evaluateAnonymeter, toAttackRisk } from '../../../src/core/evaluate/privacy/anonymeter';
import { guessIsRight } from '../../../src/core/evaluate/privacy/inference';
import { buildKeySpace } from '../../../src/core/evaluate/privacy/keys';
import { defaultAuxColumns } from '../../../src/core/evaluate/privacy/linkability';
import {
  controlCorrection,
  countMatches,
  multivariateQueries,
  Op,
  QueryIndex,
  singlingOutProbabilityIntegral,
  univariateQueries,
  type Query,
} from '../../../src/core/evaluate/privacy/singlingOut';
import { evaluatePrivacy } from '../../../src/core/evaluate/privacy';
import { createRandom, type Random } from '../../../src/core/random';
import type { Table } from '../../../src/core/schema';
import { tableOf } from './privacyHelpers';

/** A population with continuous, integer and categorical columns; every call draws fresh people. */
function people(n: number, rng: Random): Table {
  const income = Array.from({ length: n }, () => Math.round(20000 + 30000 * Math.exp(0.5 * rng.normal())));
  return tableOf([
    { name: 'age', type: 'integer', values: Array.from({ length: n }, () => 18 + rng.int(70)) },
    { name: 'income', type: 'numeric', values: income },
    { name: 'weight', type: 'numeric', values: Array.from({ length: n }, () => Math.round((70 + 12 * rng.normal()) * 100) / 100) },
    { name: 'region', type: 'categorical', values: Array.from({ length: n }, () => ['N', 'S', 'E', 'W', 'C'][rng.int(5)]) },
    { name: 'smoker', type: 'boolean', values: Array.from({ length: n }, () => (rng.next() < 0.2 ? 'TRUE' : 'FALSE')) },
    { name: 'job', type: 'categorical', values: Array.from({ length: n }, () => (rng.next() < 0.03 ? null : `job${rng.int(12)}`)) },
  ]);
}

describe('privacy: Anonymeter attacks', () => {
  it('builds univariate predicates as Anonymeter does: one missing, min/max thresholds, values held once', () => {
    const syn = tableOf([
      { name: 'x', type: 'numeric', values: [1, 2, 2, 3, null] },
      { name: 'c', type: 'categorical', values: ['a', 'a', 'b', 'b', 'c'] },
    ]);
    const k = buildKeySpace(syn, []);
    const q = univariateQueries(k.real, [true, false], 100, createRandom(1));
    const shown = q.map((x) => `${x.cols[0]}:${x.ops[0]}:${x.values[0]}`).sort();
    // x: is-missing, ≤ 1, ≥ 3, == 1, == 3; c: == code of "c" (2). "≤ min" duplicates "== 1" as a predicate but not as a query.
    assert.deepEqual(shown, [`0:${Op.Eq}:1`, `0:${Op.Eq}:3`, `0:${Op.Le}:1`, `0:${Op.Ge}:3`, `0:${Op.IsNa}:0`, `1:${Op.Eq}:2`]);
    for (const query of q) assert.equal(countMatches(k.real, query, 5), 1);
    assert.equal(univariateQueries(k.real, [true, false], 2, createRandom(1)).length, 2);
  });

  it('multivariate predicates single out exactly one synthetic record', () => {
    const t = people(500, createRandom(4));
    const k = buildKeySpace(t, []);
    const index = new QueryIndex(k.real);
    const qs = multivariateQueries(index, k.space.columns.map((c) => c.numeric), 50, 3, 10_000, createRandom(5));
    assert.equal(qs.length, 50);
    for (const q of qs) {
      assert.equal(q.cols.length, 3);
      assert.equal(countMatches(k.real, q, 5), 1);
      assert.equal(index.count(q, 5), 1);
    }
    assert.equal(new Set(qs.map((q) => JSON.stringify(q))).size, 50);
  });

  it('the query index counts like a full scan for every operator', () => {
    const t = people(300, createRandom(8));
    const k = buildKeySpace(t, []);
    const index = new QueryIndex(k.real);
    const rng = createRandom(9);
    for (let i = 0; i < 300; i++) {
      const c1 = rng.int(6);
      const c2 = (c1 + 1 + rng.int(5)) % 6;
      const q: Query = { cols: [c1, c2], ops: [rng.int(8) as Op, rng.int(8) as Op], values: [k.real.cols[c1][rng.int(300)], k.real.cols[c2][rng.int(300)]] };
      assert.equal(index.count(q, 1e9), countMatches(k.real, q, 1e9));
      assert.equal(index.matches(q).length, countMatches(k.real, q, 1e9));
    }
  });

  it('control-size correction: the singling-out integral and no correction for equal sizes', () => {
    assert.equal(singlingOutProbabilityIntegral(10, 1), 1 / 11);
    assert.ok(Math.abs(singlingOutProbabilityIntegral(1000, 0.001) - (1 - 2 * Math.pow(0.999, 1000)) / 1001) < 1e-15);
    const t = people(400, createRandom(12));
    const k = buildKeySpace(t, []);
    const idx = new QueryIndex(k.real);
    const q = univariateQueries(k.real, k.space.columns.map((c) => c.numeric), 100, createRandom(1));
    assert.equal(controlCorrection(idx, q, 400, createRandom(2)), 1);
    // Each query holds for one control record, so on sub-samples its success grows in proportion to the size; the
    // fitted model extrapolates the control count to the training size.
    const up = controlCorrection(idx, q, 4000, createRandom(2));
    assert.ok(up > 5 && up < 11, `correction ${up}`);
    const down = controlCorrection(idx, q, 200, createRandom(2));
    assert.ok(down > 0.4 && down < 0.6, `correction ${down}`);
  });

  it('Anonymeter risk from counts (Wilson rates, residual over control)', () => {
    const r = toAttackRisk({ attacks: 1000, success: 900, baseline: 10, control: 850 }, 0.95, 'singlingOut');
    assert.ok(Math.abs(r.attackRate - 0.898469) < 1e-6);
    assert.ok(Math.abs(r.controlRate! - 0.848661) < 1e-6);
    assert.ok(Math.abs(r.risk - (r.attackRate - r.controlRate!) / (1 - r.controlRate!)) < 1e-12);
    assert.equal(r.attacks, 1000);
    assert.ok(Math.abs(r.risk - 0.32912) < 1e-4);
    assert.equal(r.reading.band, 'poor');
  });

  it('inference guesses: equality for categories, 5% of the guess for numbers, missing = missing', () => {
    assert.equal(guessIsRight(false, 3, 3, true), true);
    assert.equal(guessIsRight(false, 3, 4, true), false);
    assert.equal(guessIsRight(false, -1, -1, true), true);
    assert.equal(guessIsRight(true, 100, 104.9, false), true);
    assert.equal(guessIsRight(true, 100, 105.1, false), false);
    assert.equal(guessIsRight(true, -100, -104, false), true);
    assert.equal(guessIsRight(true, NaN, NaN, false), true);
    assert.equal(guessIsRight(true, NaN, 1, false), false);
  });

  it('default linkability split: two disjoint halves covering every column', () => {
    const [a, b] = defaultAuxColumns(7, createRandom(1));
    assert.equal(a.length, 4);
    assert.equal(b.length, 3);
    assert.deepEqual([...a, ...b].sort(), [0, 1, 2, 3, 4, 5, 6]);
  });

  const rng = createRandom(2024);
  const real = people(2000, rng);
  const control = people(2000, rng);
  const fresh = people(2000, rng);

  it('a twin that copies the real rows: high singling-out, linkability and inference risk', () => {
    const k = buildKeySpace(real, [{ table: real, label: 'synthetic' }, { table: control, label: 'holdout' }]);
    const r = evaluateAnonymeter(k.space, k.real, k.others[0]!, k.others[1], { nAttacks: 300 }, createRandom(1));
    assert.ok(r.singlingOut.univariate!.risk > 0.9, `univariate ${r.singlingOut.univariate!.risk}`);
    assert.ok(r.singlingOut.multivariate!.risk > 0.8, `multivariate ${r.singlingOut.multivariate!.risk}`);
    assert.ok(r.linkability!.risk > 0.9, `linkability ${r.linkability!.risk}`);
    assert.ok(r.inference!.risk > 0.8, `inference ${r.inference!.risk}`);
    assert.equal(r.inferenceBySecret.length, 6);
    for (const a of [r.singlingOut.univariate!, r.linkability!, r.inference!]) {
      assert.equal(a.reading.band, 'poor');
      assert.ok(a.ci[0] <= a.risk && a.risk <= a.ci[1]);
      assert.ok(a.controlRate !== undefined && a.baselineRate !== undefined);
    }
  });

  it('an independent twin of fresh records: low risk on every attack', () => {
    const k = buildKeySpace(real, [{ table: fresh, label: 'synthetic' }, { table: control, label: 'holdout' }]);
    const r = evaluateAnonymeter(k.space, k.real, k.others[0]!, k.others[1], { nAttacks: 300 }, createRandom(1));
    for (const a of [r.singlingOut.univariate!, r.singlingOut.multivariate!, r.linkability!, ...r.inferenceBySecret]) {
      assert.ok(a.risk < 0.1, `${a.detail}: risk ${a.risk}`);
    }
  });

  it('is reproducible from the seed', () => {
    const k = buildKeySpace(real, [{ table: fresh, label: 'synthetic' }, { table: control, label: 'holdout' }]);
    const a = evaluateAnonymeter(k.space, k.real, k.others[0]!, k.others[1], { nAttacks: 100 }, createRandom(7));
    const b = evaluateAnonymeter(k.space, k.real, k.others[0]!, k.others[1], { nAttacks: 100 }, createRandom(7));
    assert.deepEqual(a, b);
  });

  it('evaluatePrivacy: a copy reads poor everywhere, a fresh twin has no exact matches', async () => {
    const copy = await evaluatePrivacy(real, real, control, { seed: 3, anonymeter: { nAttacks: 200 } });
    assert.equal(copy.exactMatches.rate, 1);
    assert.equal(copy.exactMatches.holdoutRate, 0);
    assert.equal(copy.dcr.synthetic.max, 0);
    assert.equal(copy.nndr.summary.median, 0);
    assert.equal(copy.reading.band, 'poor');
    for (const r of [copy.exactMatches.reading, copy.dcr.baselineProtection.reading, copy.dcr.overfittingProtection!.reading, copy.nndr.reading, copy.anonymeter.singlingOut.univariate!.reading]) {
      assert.equal(r.band, 'poor');
    }
    const twin = await evaluatePrivacy(real, fresh, control, { seed: 3, anonymeter: { nAttacks: 200 } });
    assert.equal(twin.exactMatches.count, 0);
    assert.ok(twin.dcr.overfittingProtection!.score > 0.85);
    assert.equal(twin.dcr.histogram.series.map((s) => s.label).join(), 'synthetic,holdout,random');
    assert.equal(twin.nndr.histogram.edges.length, 21);
    assert.ok(JSON.stringify(twin).length > 0 && !JSON.stringify(twin).includes('NaN'));
  });
});

describe('privacy: Anonymeter readings without a control set', () => {
  it('reads a raw attack rate as an upper bound, never as proven disclosure', () => {
    const high = toAttackRisk({ attacks: 500, success: 480, baseline: 300, control: null }, 0.95, 'inference');
    // METRICS.md: without a control set, risk = attack rate.
    assert.ok(Math.abs(high.risk - (480 + 1.96 ** 2 / 2) / (500 + 1.96 ** 2)) < 1e-3, String(high.risk));
    assert.equal(high.reading.band, 'fair');
    assert.match(high.reading.text, /^Upper bound, not a measured risk/);
    assert.equal(high.upperBound, true);
    const withControl = toAttackRisk({ attacks: 500, success: 480, baseline: 300, control: 100 }, 0.95, 'inference');
    assert.equal(withControl.reading.band, 'poor');
  });
});

import { strict as assert } from 'node:assert';
import { computeExactMatches } from '../../../src/core/evaluate/privacy/exactMatches';
import { buildKeySpace } from '../../../src/core/evaluate/privacy/keys';
import { computeRareCategoryLeakage, type CodedColumn } from '../../../src/core/evaluate/privacy/rareCategories';
import { isTwinError } from '../../../src/core/errors';
import { evaluatePrivacy } from '../../../src/core/evaluate/privacy';
import { tableOf } from './privacyHelpers';

describe('privacy: exact matches', () => {
  const real = tableOf([
    { name: 'id', type: 'identifier', values: ['p1', 'p2', 'p3', 'p4'] },
    { name: 'age', type: 'integer', values: [30, 40, null, 30] },
    { name: 'sex', type: 'categorical', values: ['F', 'M', 'F', null] },
    { name: 'note', type: 'text', values: ['x', null, 'y', 'x'] },
  ]);

  it('counts synthetic rows equal to a real row, missing equal to missing, ignoring identifiers', () => {
    // Categories appear in another order in the synthetic table, so codes differ but values are equal.
    const synthetic = tableOf([
      { name: 'id', type: 'identifier', values: ['f1', 'f2', 'f3', 'f4', 'f5', 'f6'] },
      { name: 'age', type: 'integer', values: [40, null, 30, 30, 30, null] },
      { name: 'sex', type: 'categorical', values: ['M', 'F', null, 'F', 'M', 'F'] },
      { name: 'note', type: 'text', values: [null, 'y', 'x', 'x', 'x', null] },
    ]);
    const k = buildKeySpace(real, [{ table: synthetic, label: 'synthetic' }]);
    assert.deepEqual(k.space.excluded.map((e) => e.column), ['id']);
    const em = computeExactMatches(k.real, k.others[0]!, null);
    // rows 1 (= p2), 2 (= p3, missing age), 3 (= p4, missing sex), 4 (= p1) match; row 5 (sex M) and 6 do not.
    assert.deepEqual(em, { count: 4, rate: 4 / 6 });
  });

  it('compares numbers as numbers and gives the holdout baseline', () => {
    const synthetic = tableOf([
      { name: 'id', type: 'identifier', values: ['a'] },
      { name: 'age', type: 'numeric', values: [30.0] },
      { name: 'sex', type: 'categorical', values: ['F'] },
      { name: 'note', type: 'text', values: ['x'] },
    ]);
    const holdout = tableOf([
      { name: 'id', type: 'identifier', values: ['h1', 'h2'] },
      { name: 'age', type: 'integer', values: [41, 40] },
      { name: 'sex', type: 'categorical', values: ['M', 'M'] },
      { name: 'note', type: 'text', values: [null, null] },
    ]);
    const k = buildKeySpace(real, [{ table: synthetic, label: 'synthetic' }, { table: holdout, label: 'holdout' }]);
    assert.deepEqual(computeExactMatches(k.real, k.others[0]!, k.others[1]), { count: 1, rate: 1, holdoutCount: 1, holdoutRate: 0.5 });
  });

  it('names a missing column or a column of another kind in one line', () => {
    const noSex = tableOf([
      { name: 'id', type: 'identifier', values: ['a'] },
      { name: 'age', type: 'integer', values: [1] },
      { name: 'note', type: 'text', values: ['x'] },
    ]);
    assert.throws(
      () => buildKeySpace(real, [{ table: noSex, label: 'synthetic' }]),
      (e: unknown) => isTwinError(e) && e.kind === 'input' && e.where.column === 'sex' && /synthetic data has no column "sex"/.test(e.message),
    );
    const ageText = tableOf([
      { name: 'id', type: 'identifier', values: ['a'] },
      { name: 'age', type: 'categorical', values: ['old'] },
      { name: 'sex', type: 'categorical', values: ['F'] },
      { name: 'note', type: 'text', values: ['x'] },
    ]);
    assert.throws(() => buildKeySpace(real, [{ table: ageText, label: 'holdout' }]), (e: unknown) => isTwinError(e) && e.where.column === 'age' && !e.message.includes('\n'));
  });
});

describe('privacy: degenerate inputs', () => {
  it('an empty twin and identifier-only tables give defined, finite reports', async () => {
    const real = tableOf([
      { name: 'id', type: 'identifier', values: ['p1', 'p2', 'p3'] },
      { name: 'x', type: 'numeric', values: [1, 2, 3] },
    ]);
    const empty = tableOf([
      { name: 'id', type: 'identifier', values: [] },
      { name: 'x', type: 'numeric', values: [] },
    ]);
    const r = await evaluatePrivacy(real, empty, null, { seed: 1 });
    assert.equal(r.exactMatches.count, 0);
    assert.equal(r.dcr.synthetic.count, 0);
    assert.equal(r.dcr.baselineProtection.score, null);
    assert.equal(r.anonymeter.singlingOut.univariate, null);
    assert.ok(!JSON.stringify(r).includes('null,"reading":{"band":"good"'));
    const ids = tableOf([{ name: 'id', type: 'identifier', values: ['p1', 'p2', 'p3'] }]);
    const copied = await evaluatePrivacy(ids, ids, null, { seed: 1 });
    assert.equal(copied.exactMatches.count, 0);
    assert.ok(copied.notes.some((n) => n.includes('only identifiers')));
    // Copied identifiers are caught as leaked values, without inflating the categorical rare-category total.
    assert.deepEqual([copied.rareCategoryLeakage.rareCategories, copied.rareCategoryLeakage.leaked, copied.rareCategoryLeakage.rate], [0, 3, 1]);
    assert.deepEqual(copied.rareCategoryLeakage.columns.map((c) => [c.column, c.leaked]), [['id', 3]]);
    // Fresh identifiers (the twin's fakes) are not listed at all.
    const faked = await evaluatePrivacy(ids, tableOf([{ name: 'id', type: 'identifier', values: ['q1', 'q2', 'q3'] }]), null, { seed: 1 });
    assert.deepEqual([faked.rareCategoryLeakage.rareCategories, faked.rareCategoryLeakage.leaked, faked.rareCategoryLeakage.columns.length], [0, 0, 0]);
    assert.equal(copied.rareCategoryLeakage.reading.band, 'poor');
  });
});

describe('privacy: rare-category leakage', () => {
  it('counts real categories below k that appear in the twin, and the twin rows that carry them', () => {
    const realValues = [...Array(12).fill('a'), ...Array(3).fill('b'), 'c', ...Array(9).fill('d'), ...Array(10).fill('e')];
    const synValues = ['a', 'b', 'b', 'd', 'e', 'f', null];
    const real = tableOf([{ name: 'cat', type: 'categorical', values: realValues }]);
    const syn = tableOf([{ name: 'cat', type: 'categorical', values: [...synValues, ...Array(realValues.length - synValues.length).fill('a')] }]);
    const k = buildKeySpace(real, [{ table: syn, label: 'synthetic' }]);
    const col: CodedColumn = { name: 'cat', type: 'categorical', categories: k.space.columns[0].categories!.length, real: k.real.cols[0] as Int32Array, synthetic: k.others[0]!.cols[0] as Int32Array };
    const r = computeRareCategoryLeakage([col], 10);
    // rare: b (3), c (1), d (9); e has exactly 10 so is not rare; f is not a real category.
    assert.deepEqual(r, { threshold: 10, rareCategories: 3, leaked: 2, rate: 2 / 3, syntheticRows: 3, columns: [{ column: 'cat', rareCategories: 3, leaked: 2, syntheticRows: 3 }] });
    assert.equal(computeRareCategoryLeakage([col], 2).rareCategories, 1);
  });
});

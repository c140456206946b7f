import { strict as assert } from 'node:assert';
import { categoryColumnOf, numberColumnOf } from '../../../src/core/evaluate/columns';
import { encodeRows, fitDesign } from '../../../src/core/evaluate/model/design';
import { fitLogistic } from '../../../src/core/evaluate/model/logistic';
import { fitOls } from '../../../src/core/evaluate/model/ols';
import { propensityMSE } from '../../../src/core/evaluate/fidelity/pmse';
import { tablePMSE } from '../../../src/core/evaluate/fidelity/tablePMSE';
import { ciOverlap, standardizedDifference } from '../../../src/core/evaluate/utility/ciOverlap';
import { accuracy, auc, rSquared } from '../../../src/core/evaluate/utility/prediction';
import type { ColumnData, ColumnType, Table } from '../../../src/core/schema';

const close = (a: number | null | undefined, b: number, tol = 1e-6): void => {
  assert.ok(a !== null && a !== undefined && Math.abs(a - b) <= tol, `expected ${b}, got ${a}`);
};

function table(cols: Record<string, ColumnData>): Table {
  const entries = Object.entries(cols);
  const rowCount = entries[0][1].kind === 'category' ? entries[0][1].codes.length : entries[0][1].values.length;
  return {
    rowCount,
    columns: entries.map(([name, data]) => {
      const type: ColumnType = data.kind === 'number' ? 'numeric' : data.kind === 'category' ? 'categorical' : 'text';
      return { spec: { name, type, format: { kind: 'string' } }, data };
    }),
  };
}

function repeat<T>(pairs: [T, number][]): T[] {
  return pairs.flatMap(([v, n]) => Array.from({ length: n }, () => v));
}

describe('evaluate: regression models', () => {
  it('OLS matches the textbook fit of y = [2,4,5,4,5] on x = 1..5 (slope 0.6, se 0.28284)', () => {
    const t = table({ x: numberColumnOf([1, 2, 3, 4, 5]) });
    const d = fitDesign([t], ['x'], { maxLevels: 30, minLevelCount: 1 });
    const fit = fitOls(encodeRows(d, t), [2, 4, 5, 4, 5], d.terms.length);
    // x is standardised (mean 3, sd √2.5), so β_x = 0.6·√2.5 and the intercept is ȳ = 4.
    const sd = Math.sqrt(2.5);
    close(fit.beta[0], 4);
    close(fit.beta[1], 0.6 * sd);
    close(fit.sigma2, 0.8);
    close(fit.se[0], 0.4);
    close(fit.se[1], Math.sqrt(0.08) * sd);
  });

  it('drops a term collinear with earlier ones, as R lm reports NA, and keeps the rest exact', () => {
    const t = table({ x: numberColumnOf([1, 2, 3, 4, 5]), x2: numberColumnOf([3, 5, 7, 9, 11]) });
    const d = fitDesign([t], ['x', 'x2'], { maxLevels: 30, minLevelCount: 1 });
    const fit = fitOls(encodeRows(d, t), [2, 4, 5, 4, 5], d.terms.length);
    assert.deepEqual(Array.from(fit.aliased), [0, 0, 1]);
    assert.equal(fit.ridge, 0);
    close(fit.beta[1], 0.6 * Math.sqrt(2.5));
    assert.equal(fit.beta[2], 0);
    assert.ok(Number.isNaN(fit.se[2]));
    close(fit.se[1], Math.sqrt(0.08) * Math.sqrt(2.5));
  });

  it('logistic regression on one binary factor gives the log odds ratio and its Woolf standard error', () => {
    // level a: 3 of 12 positive (reference, more frequent); level b: 6 of 8 positive.
    const g = categoryColumnOf([...repeat<string>([['a', 12]]), ...repeat<string>([['b', 8]])]);
    const y = [...repeat<number>([[1, 3], [0, 9]]), ...repeat<number>([[1, 6], [0, 2]])];
    const t = table({ g });
    const d = fitDesign([t], ['g'], { maxLevels: 30, minLevelCount: 1 });
    assert.deepEqual(d.terms, ['(intercept)', 'g=b']);
    const fit = fitLogistic(encodeRows(d, t), y, 2, { standardErrors: true });
    assert.ok(fit.converged);
    close(fit.beta[0], Math.log(3 / 9));
    close(fit.beta[1], Math.log(6 / 2) - Math.log(3 / 9));
    close(fit.se![0], Math.sqrt(1 / 3 + 1 / 9));
    close(fit.se![1], Math.sqrt(1 / 3 + 1 / 9 + 1 / 6 + 1 / 2));
  });
});

describe('evaluate: propensity pMSE (synthpop utility.gen, logistic)', () => {
  it('on one categorical column equals the table pMSE of synthpop utility.tab (saturated model)', () => {
    const real = table({ c: categoryColumnOf(repeat<string>([['x', 30], ['y', 20], ['z', 10]])) });
    const syn = table({ c: categoryColumnOf(repeat<string>([['x', 25], ['y', 25], ['z', 10]])) });
    const r = propensityMSE(real, syn, ['c']);
    const tab = tablePMSE([30, 20, 10], [25, 25, 10]);
    assert.equal(r.terms, 2);
    close(r.c, 0.5);
    close(r.value, 0.00210438, 1e-8);
    close(r.value, tab.pMSE, 1e-10);
    close(r.standardized, 1.010101, 1e-6);
  });

  it('is 0 for identical real and synthetic tables', () => {
    const x = Array.from({ length: 200 }, (_, i) => Math.sin(i) * 10 + (i % 7));
    const c = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 'a' : i % 3 === 1 ? 'b' : null));
    const t = table({ x: numberColumnOf(x), c: categoryColumnOf(c) });
    const r = propensityMSE(t, t, ['x', 'c']);
    close(r.value, 0, 1e-12);
    close(r.standardized, 0, 1e-6);
  });

  it('approaches c(1 − c) when the tables are perfectly separable', () => {
    const real = table({ x: numberColumnOf(Array.from({ length: 50 }, (_, i) => i)) });
    const syn = table({ x: numberColumnOf(Array.from({ length: 50 }, (_, i) => 100 + i)) });
    const r = propensityMSE(real, syn, ['x']);
    assert.ok(r.value > 0.24 && r.value <= 0.25, `pMSE ${r.value}`);
  });
});

describe('evaluate: utility measures', () => {
  it('CI overlap (Karr et al. 2006): identical 1, half-shifted 0.5, disjoint negative', () => {
    close(ciOverlap([0, 2], [0, 2]), 1);
    close(ciOverlap([0, 2], [1, 3]), 0.5);
    close(ciOverlap([0, 2], [3, 5]), -0.5);
    // Unequal widths: real [0,4], syn [1,2] → ½(1/4 + 1/1) = 0.625
    close(ciOverlap([0, 4], [1, 2]), 0.625);
    assert.equal(ciOverlap([1, 1], [0, 2]), null);
  });

  it('standardised difference is |β_syn − β_real| / se(β_real)', () => {
    close(standardizedDifference(1.5, 0.25, 2), 2);
    assert.equal(standardizedDifference(1, 0, 2), null);
  });

  it('accuracy, AUC (with ties) and R²', () => {
    close(accuracy([0.9, 0.2, 0.6, 0.4], [1, 0, 0, 0]), 0.75);
    // positives 0.9, 0.5; negatives 0.5, 0.1 → pairs: (0.9>0.5)1 (0.9>0.1)1 (0.5=0.5)½ (0.5>0.1)1 → 3.5/4
    close(auc([0.9, 0.5, 0.5, 0.1], [1, 1, 0, 0]), 0.875);
    close(rSquared([1, 2, 3], [1, 2, 3]), 1);
    close(rSquared([2, 2, 2], [1, 2, 3]), 0);
  });
});

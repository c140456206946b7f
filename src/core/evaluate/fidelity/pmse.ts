import type { Table } from '../../schema';
import { encodeRows, fitDesign, stackRows } from '../model/design';
import { fitLogistic } from '../model/logistic';

export interface PMSEResult {
  value: number;
  standardized: number;
  c: number;
  rows: number;
  /** k − 1: non-intercept coefficients estimated (aliased terms not counted). */
  terms: number;
  /** Terms dropped as collinear with earlier ones. */
  aliased: string[];
  converged: boolean;
  ridge: number;
  /** Columns left out of the propensity model (constant, single level, text/identifier). */
  dropped: { column: string; reason: string }[];
}

/** Most one-hot levels per categorical column in the propensity model; the rest are merged. */
export const PMSE_MAX_LEVELS = 30;
/** Levels rarer than this in the stacked data are merged into one term, keeping the model well-posed. */
export const PMSE_MIN_LEVEL_COUNT = 10;

/**
 * Propensity-score mean squared error with synthpop's logistic standardisation
 * (synthpop `utility.gen(method = "logit", maxorder = 0)`; Snoke, Raab, Nowok,
 * Dibben & Slavković 2018, JRSS A 181(3)). Stacks real (t = 0, n1 rows) and
 * synthetic (t = 1, n2 rows), c = n2/N, fits a logistic model of t on all
 * given columns (numerics standardised, with missing indicators; categoricals
 * one-hot with rare levels merged; main effects only), and returns
 * `pMSE = Σ(p − c)²/N` and `S_pMSE = pMSE / [(k − 1)(1 − c)² c / N]`.
 * Identical tables give coefficients 0, p = c and pMSE 0.
 */
export function propensityMSE(real: Table, synthetic: Table, columns: readonly string[]): PMSEResult {
  const design = fitDesign([real, synthetic], columns, { maxLevels: PMSE_MAX_LEVELS, minLevelCount: PMSE_MIN_LEVEL_COUNT });
  const x = stackRows(encodeRows(design, real), encodeRows(design, synthetic));
  const n1 = real.rowCount;
  const n2 = synthetic.rowCount;
  const n = n1 + n2;
  const y = new Float64Array(n);
  y.fill(1, n1);
  const c = n2 / n;
  const p = design.terms.length;
  const fit = fitLogistic(x, y, p);
  let s = 0;
  for (let i = 0; i < n; i++) s += (fit.fitted[i] - c) ** 2;
  const value = s / n;
  // k − 1 counts the coefficients actually estimated (synthpop counts the non-NA ones).
  let k1 = 0;
  for (let t = 1; t < p; t++) if (!fit.aliased[t]) k1++;
  const null0 = (k1 * (1 - c) ** 2 * c) / n;
  return {
    value,
    standardized: k1 > 0 ? value / null0 : 0,
    c,
    rows: n,
    terms: k1,
    converged: fit.converged,
    ridge: fit.ridge,
    aliased: design.terms.filter((_, t) => fit.aliased[t] === 1),
    dropped: design.dropped,
  };
}

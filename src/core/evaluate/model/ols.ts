import type { SparseRows } from './design';
import { linearPredictor } from './design';
import { accumulateRow, solveSymmetric } from './solve';

export interface OlsFit {
  beta: Float64Array;
  /** √diag(σ²(X'X)⁻¹), σ² = RSS/(n − rank); NaN for aliased terms. */
  se: Float64Array;
  /** 1 for terms dropped as collinear with earlier terms (coefficient 0; R's lm reports NA). */
  aliased: Uint8Array;
  /** Residual variance estimate σ². */
  sigma2: number;
  ridge: number;
}

/**
 * Ordinary least squares by the normal equations (X'X)β = X'y, solved by
 * Cholesky after dropping terms collinear with earlier ones (R's `lm` reports
 * them as NA); standard errors from σ²(X'X)⁻¹ with σ² = RSS/(n − rank), as
 * `lm` reports them.
 */
export function fitOls(x: SparseRows, y: ArrayLike<number>, terms: number): OlsFit {
  const { width, index, value } = x;
  const h = new Float64Array(terms * terms);
  const g = new Float64Array(terms);
  for (let i = 0; i < x.rows; i++) accumulateRow(h, terms, index, value, i * width, width, 1, g, y[i]);
  const s = solveSymmetric(h, terms, g, true);
  const beta = s.x;
  const fitted = linearPredictor(x, beta);
  let rss = 0;
  for (let i = 0; i < x.rows; i++) rss += (y[i] - fitted[i]) ** 2;
  let rank = 0;
  for (let t = 0; t < terms; t++) if (!s.aliased[t]) rank++;
  const dof = Math.max(x.rows - rank, 1);
  const sigma2 = rss / dof;
  const se = new Float64Array(terms);
  for (let t = 0; t < terms; t++) se[t] = s.aliased[t] ? NaN : Math.sqrt(Math.max(sigma2 * s.inverseDiagonal![t], 0));
  return { beta, se, sigma2, ridge: s.ridge, aliased: s.aliased };
}

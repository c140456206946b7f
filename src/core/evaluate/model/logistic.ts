import type { SparseRows } from './design';
import { linearPredictor } from './design';
import { accumulateRow, solveSymmetric } from './solve';

export interface LogisticFit {
  beta: Float64Array;
  /** Standard errors √diag((X'WX)⁻¹) at the solution (only when requested). */
  se: Float64Array | null;
  /** Fitted probabilities of the fitting rows. */
  fitted: Float64Array;
  converged: boolean;
  iterations: number;
  /** Ridge added to X'WX when it was singular after dropping aliased terms (0 if none). */
  ridge: number;
  /** 1 for terms dropped as collinear with earlier terms (coefficient 0, se NaN), decided on the first iteration's X'WX. */
  aliased: Uint8Array;
}

/**
 * Logistic regression by iteratively reweighted least squares (Newton's method),
 * as R's `glm(family = binomial)` fits it: start at the intercept-only fit, stop when
 * |dev − dev_old| / (|dev| + 0.1) < 1e-8 or after 25 iterations; step-halving when the
 * deviance rises. Terms collinear with earlier ones are dropped (coefficient 0, as R reports NA);
 * a ridge of 1e-6 is added only if the remaining system is still singular. Under perfect separation the coefficients grow until the iteration
 * limit and the fitted probabilities approach 0/1, which is what pMSE needs.
 */
export function fitLogistic(x: SparseRows, y: ArrayLike<number>, terms: number, options: { standardErrors?: boolean; maxIterations?: number } = {}): LogisticFit {
  const maxIt = options.maxIterations ?? 25;
  const n = x.rows;
  const { width, index, value } = x;
  let ySum = 0;
  for (let i = 0; i < n; i++) ySum += y[i];
  const ybar = Math.min(Math.max(ySum / n, 1e-10), 1 - 1e-10);
  let beta = new Float64Array(terms);
  beta[0] = Math.log(ybar / (1 - ybar));
  let eta = linearPredictor(x, beta);
  let dev = deviance(eta, y);
  let converged = false;
  let iterations = 0;
  let ridge = 0;
  let aliased: Uint8Array | null = null;
  const h = new Float64Array(terms * terms);
  const g = new Float64Array(terms);
  for (let it = 0; it < maxIt; it++) {
    iterations = it + 1;
    h.fill(0);
    g.fill(0);
    for (let i = 0; i < n; i++) {
      const p = sigmoid(eta[i]);
      accumulateRow(h, terms, index, value, i * width, width, Math.max(p * (1 - p), 1e-12), g, y[i] - p);
    }
    const step = solveSymmetric(h, terms, g, false, ridge);
    ridge = step.ridge;
    // Weights are constant on the first iteration, so its aliasing is the design's own collinearity.
    if (aliased === null) aliased = step.aliased;
    let factor = 1;
    let next = beta;
    let nextEta = eta;
    let nextDev = dev;
    for (let half = 0; half < 20; half++) {
      next = new Float64Array(terms);
      for (let t = 0; t < terms; t++) next[t] = beta[t] + factor * step.x[t];
      nextEta = linearPredictor(x, next);
      nextDev = deviance(nextEta, y);
      if (nextDev <= dev + 1e-12 * Math.abs(dev)) break;
      factor /= 2;
    }
    const change = Math.abs(nextDev - dev) / (Math.abs(nextDev) + 0.1);
    beta = next;
    eta = nextEta;
    dev = nextDev;
    if (change < 1e-8) {
      converged = true;
      break;
    }
  }
  let se: Float64Array | null = null;
  if (options.standardErrors) {
    // The information matrix X'WX at the final estimate (R's glm reuses the last IRLS weights instead).
    h.fill(0);
    for (let i = 0; i < n; i++) {
      const p = sigmoid(eta[i]);
      accumulateRow(h, terms, index, value, i * width, width, Math.max(p * (1 - p), 1e-12), null, 0);
    }
    const s = solveSymmetric(h, terms, new Float64Array(terms), true, ridge);
    ridge = s.ridge;
    se = new Float64Array(terms);
    for (let t = 0; t < terms; t++) se[t] = aliased![t] ? NaN : Math.sqrt(Math.max(s.inverseDiagonal![t], 0));
  }
  const fitted = new Float64Array(n);
  for (let i = 0; i < n; i++) fitted[i] = sigmoid(eta[i]);
  return { beta, se, fitted, converged, iterations, ridge, aliased: aliased ?? new Uint8Array(terms) };
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Binomial deviance −2·Σ[y log p + (1 − y) log(1 − p)] from the linear predictor (numerically stable form). */
function deviance(eta: Float64Array, y: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < eta.length; i++) {
    const z = eta[i];
    // log(1 + e^z) − y·z
    const softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    d += softplus - y[i] * z;
  }
  return 2 * d;
}

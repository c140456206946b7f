import { CholeskyDecomposition, EigenvalueDecomposition, Matrix } from 'ml-matrix';

/** Smallest eigenvalue a repaired correlation matrix keeps, so that Cholesky always succeeds. */
export const MIN_EIGENVALUE = 1e-6;

export interface NearestCorrelationResult {
  /** Symmetric, unit diagonal, positive definite (min eigenvalue ≥ ~MIN_EIGENVALUE). */
  matrix: number[][];
  /** Whether the input had to be changed. */
  repaired: boolean;
  /** Alternating-projection iterations used (0 when the input was already positive definite). */
  iterations: number;
}

/**
 * The nearest correlation matrix (Frobenius norm) to a symmetric matrix with unit diagonal.
 * Method: Higham 2002, "Computing the nearest correlation matrix — a problem from finance",
 * IMA J. Numer. Anal. 22 — alternating projections onto the positive semidefinite cone and the
 * unit-diagonal set with Dykstra's correction; then eigenvalues clipped to ≥ MIN_EIGENVALUE and the
 * result rescaled to unit diagonal so it is strictly positive definite. Non-finite entries
 * (constant or all-missing columns) are treated as 0 off the diagonal.
 */
export function nearestCorrelation(input: readonly (readonly number[])[], options: { tolerance?: number; maxIterations?: number } = {}): NearestCorrelationResult {
  const d = input.length;
  const a: number[][] = [];
  for (let i = 0; i < d; i++) {
    a.push(new Array<number>(d));
    for (let j = 0; j < d; j++) {
      if (i === j) { a[i][j] = 1; continue; }
      // Symmetrise and bound: sampling error can push |r| slightly above 1.
      const v = 0.5 * (clean(input[i][j]) + clean(input[j][i]));
      a[i][j] = Math.max(-1, Math.min(1, v));
    }
  }
  if (d === 0) return { matrix: a, repaired: false, iterations: 0 };
  if (minEigenvalue(a) >= MIN_EIGENVALUE) return { matrix: a, repaired: false, iterations: 0 };

  const tol = options.tolerance ?? 1e-8;
  const maxIter = options.maxIterations ?? 200;
  let y = new Matrix(a);
  let ds = Matrix.zeros(d, d);
  let iterations = 0;
  for (; iterations < maxIter; iterations++) {
    const r = Matrix.sub(y, ds);
    const x = projectPsd(r, 0);
    ds = Matrix.sub(x, r);
    const yNext = x.clone();
    for (let i = 0; i < d; i++) yNext.set(i, i, 1);
    const change = Matrix.sub(yNext, y).norm('frobenius') / Math.max(1, yNext.norm('frobenius'));
    y = yNext;
    if (change < tol) { iterations++; break; }
  }
  // Guarantee strict positive definiteness: clip eigenvalues, then restore the unit diagonal.
  let m = projectPsd(y, MIN_EIGENVALUE);
  m = rescaleUnitDiagonal(m);
  const out = m.to2DArray();
  for (let i = 0; i < d; i++) {
    out[i][i] = 1;
    for (let j = 0; j < i; j++) { const v = 0.5 * (out[i][j] + out[j][i]); out[i][j] = v; out[j][i] = v; }
  }
  return { matrix: out, repaired: true, iterations };
}

/** Smallest eigenvalue of a symmetric matrix. */
export function minEigenvalue(m: readonly (readonly number[])[]): number {
  if (m.length === 0) return Infinity;
  const e = new EigenvalueDecomposition(new Matrix(m as number[][]), { assumeSymmetric: true });
  return Math.min(...e.realEigenvalues);
}

/**
 * Lower-triangular Cholesky factor L (A = L·Lᵀ) of a positive-definite matrix, row-major d×d.
 * Method: ml-matrix CholeskyDecomposition.
 * @throws Error when the matrix is not positive definite (callers repair it first with nearestCorrelation).
 */
export function choleskyLower(m: readonly (readonly number[])[]): Float64Array {
  const d = m.length;
  const out = new Float64Array(d * d);
  if (d === 0) return out;
  const c = new CholeskyDecomposition(new Matrix(m as number[][]));
  if (!c.isPositiveDefinite()) throw new Error('matrix is not positive definite');
  const l = c.lowerTriangularMatrix;
  for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) out[i * d + j] = l.get(i, j);
  return out;
}

function clean(v: number): number {
  return Number.isFinite(v) ? v : 0;
}

function projectPsd(m: Matrix, floor: number): Matrix {
  const sym = Matrix.add(m, m.transpose()).div(2);
  const e = new EigenvalueDecomposition(sym, { assumeSymmetric: true });
  const v = e.eigenvectorMatrix;
  const lambda = e.realEigenvalues.map((x) => Math.max(x, floor));
  const vl = v.clone();
  for (let j = 0; j < lambda.length; j++) for (let i = 0; i < vl.rows; i++) vl.set(i, j, vl.get(i, j) * lambda[j]);
  return vl.mmul(v.transpose());
}

function rescaleUnitDiagonal(m: Matrix): Matrix {
  const d = m.rows;
  const s = new Array<number>(d);
  for (let i = 0; i < d; i++) s[i] = 1 / Math.sqrt(Math.max(m.get(i, i), 1e-300));
  const out = m.clone();
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) out.set(i, j, m.get(i, j) * s[i] * s[j]);
  return out;
}

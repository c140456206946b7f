import { CholeskyDecomposition, Matrix } from 'ml-matrix';

/** The smallest ridge tried when a matrix is singular. */
export const RIDGE = 1e-6;

/**
 * Solves H·x = b for a symmetric positive (semi-)definite H by Cholesky
 * (ml-matrix). H is given as the upper triangle accumulated in `h`
 * (`h[i·p + j]`, j ≥ i; entries below the diagonal are ignored). When H is
 * singular (a term with no support, collinear columns), a ridge of 1e-6 is
 * added to the diagonal, growing ×100 until it factorises; `startRidge` lets
 * an iterative caller skip attempts it knows will fail. Returns the solution,
 * the inverse (for standard errors, when asked) and the ridge used (0 if none).
 */
export function solveSymmetric(
  h: Float64Array, p: number, b: Float64Array, wantInverse: boolean, startRidge = 0,
): { x: Float64Array; inverse: Matrix | null; ridge: number } {
  let ridge = startRidge;
  for (let attempt = 0; attempt < 8; attempt++) {
    const m = new Matrix(p, p);
    for (let i = 0; i < p; i++) {
      for (let j = i; j < p; j++) {
        const v = h[i * p + j];
        m.set(i, j, v);
        m.set(j, i, v);
      }
      m.set(i, i, h[i * p + i] + ridge);
    }
    const chol = new CholeskyDecomposition(m);
    if (chol.isPositiveDefinite()) {
      const x = chol.solve(Matrix.columnVector(Array.from(b))).getColumn(0);
      const inverse = wantInverse ? chol.solve(Matrix.eye(p, p)) : null;
      return { x: Float64Array.from(x), inverse, ridge };
    }
    ridge = ridge === 0 ? RIDGE : ridge * 100;
  }
  throw new Error('solveSymmetric: matrix could not be factorised');
}

/**
 * Adds w·x_i x_iᵀ of one sparse row into the upper triangle of `h` (p × p), and
 * r·x_i into `g` when given. Slots with index −1 are empty.
 */
export function accumulateRow(
  h: Float64Array, p: number, index: Int32Array, value: Float64Array, base: number, width: number, w: number, g: Float64Array | null, r: number,
): void {
  for (let a = 0; a < width; a++) {
    const ta = index[base + a];
    if (ta < 0) continue;
    const va = value[base + a];
    if (g) g[ta] += va * r;
    const wva = w * va;
    for (let b = a; b < width; b++) {
      const tb = index[base + b];
      if (tb < 0) continue;
      // Upper triangle: put each product at (min, max).
      if (ta <= tb) h[ta * p + tb] += wva * value[base + b];
      else h[tb * p + ta] += wva * value[base + b];
    }
  }
}

import { CholeskyDecomposition, Matrix } from 'ml-matrix';

/** The smallest ridge tried when the (non-aliased) system is still singular. */
export const RIDGE = 1e-6;
/**
 * A term is aliased when, after projecting out the earlier terms, less than this share of its
 * own sum of squares is left (exact collinearity leaves only rounding error, ~1e-13).
 */
export const ALIAS_TOLERANCE = 1e-9;

export interface SymmetricSolution {
  /** Solution; 0 for aliased terms. */
  x: Float64Array;
  /** (H⁻¹)_tt for each term (NaN for aliased ones), when the inverse was asked for. */
  inverseDiagonal: Float64Array | null;
  /** 1 for terms dropped as collinear with earlier terms (as R's lm/glm report NA coefficients). */
  aliased: Uint8Array;
  /** Ridge added to the diagonal (0 if none). */
  ridge: number;
}

/**
 * Finds the terms of a symmetric positive semi-definite H (upper triangle in `h`) that are
 * linear combinations of earlier terms, by a Cholesky sweep that skips a column whose residual
 * pivot is below `ALIAS_TOLERANCE` of its diagonal — the same choice as R's pivoting-free
 * `lm`/`glm`, which keep the first of collinear columns and report the later ones as NA.
 */
export function aliasedTerms(h: Float64Array, p: number): Uint8Array {
  const aliased = new Uint8Array(p);
  const l = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    const diag = h[j * p + j];
    let d = diag;
    for (let k = 0; k < j; k++) if (!aliased[k]) d -= l[j * p + k] * l[j * p + k];
    if (!(diag > 0) || d <= ALIAS_TOLERANCE * diag) {
      aliased[j] = 1;
      continue;
    }
    const ljj = Math.sqrt(d);
    l[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = h[j * p + i];
      for (let k = 0; k < j; k++) if (!aliased[k]) s -= l[i * p + k] * l[j * p + k];
      l[i * p + j] = s / ljj;
    }
  }
  return aliased;
}

/**
 * Solves H·x = b for a symmetric positive semi-definite H given as the upper triangle in `h`
 * (`h[i·p + j]`, j ≥ i): aliased terms (`aliasedTerms`) are dropped and get 0, and the rest is
 * solved by Cholesky (ml-matrix). If that system is still not positive definite, a ridge of
 * 1e-6 is added to its diagonal, growing ×100 until it factorises; `startRidge` lets an
 * iterative caller skip attempts it knows will fail.
 * @throws Error when no ridge up to 1e8 makes the matrix factorisable (non-finite input)
 */
export function solveSymmetric(h: Float64Array, p: number, b: Float64Array, wantInverse: boolean, startRidge = 0): SymmetricSolution {
  const aliased = aliasedTerms(h, p);
  const keep: number[] = [];
  for (let t = 0; t < p; t++) if (!aliased[t]) keep.push(t);
  const q = keep.length;
  let ridge = startRidge;
  for (let attempt = 0; attempt < 8; attempt++) {
    const m = new Matrix(q, q);
    for (let a = 0; a < q; a++) {
      for (let c = a; c < q; c++) {
        const v = h[keep[a] * p + keep[c]];
        m.set(a, c, v);
        m.set(c, a, v);
      }
      m.set(a, a, h[keep[a] * p + keep[a]] + ridge);
    }
    const chol = new CholeskyDecomposition(m);
    if (chol.isPositiveDefinite()) {
      const x = new Float64Array(p);
      if (q > 0) {
        const sol = chol.solve(Matrix.columnVector(keep.map((t) => b[t]))).getColumn(0);
        keep.forEach((t, a) => (x[t] = sol[a]));
      }
      let inverseDiagonal: Float64Array | null = null;
      if (wantInverse) {
        inverseDiagonal = new Float64Array(p).fill(NaN);
        if (q > 0) {
          const inv = chol.solve(Matrix.eye(q, q));
          keep.forEach((t, a) => (inverseDiagonal![t] = inv.get(a, a)));
        }
      }
      return { x, inverseDiagonal, aliased, ridge };
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

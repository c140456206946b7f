import { normalCdf, normalQuantile } from '../../math/normal';

/** Gauss–Legendre half-nodes and weights (6, 12 and 20 points), as in Genz's BVNU. */
const GL_W = [
  [0.1713244923791705, 0.3607615730481384, 0.4679139345726904],
  [0.04717533638651177, 0.1069393259953183, 0.1600783285433464, 0.2031674267230659, 0.2334925365383547, 0.2491470458134029],
  [0.01761400713915212, 0.04060142980038694, 0.06267204833410906, 0.08327674157670475, 0.1019301198172404, 0.1181945319615184,
    0.1316886384491766, 0.1420961093183821, 0.1491729864726037, 0.1527533871307259],
];
const GL_X = [
  [-0.9324695142031522, -0.6612093864662647, -0.238619186083197],
  [-0.9815606342467191, -0.904117256370475, -0.769902674194305, -0.5873179542866171, -0.3678314989981802, -0.1252334085114692],
  [-0.9931285991850949, -0.9639719272779138, -0.9122344282513259, -0.8391169718222188, -0.7463319064601508, -0.636053680726515,
    -0.5108670019508271, -0.3737060887154196, -0.2277858511416451, -0.07652652113349733],
];
const TWO_PI = 2 * Math.PI;

/**
 * Upper bivariate normal probability P(X > h, Y > k) for standard normals with correlation r.
 * Method: Genz 2004, "Numerical computation of rectangular bivariate and trivariate normal and t
 * probabilities", Statistics and Computing 14 (the BVNU routine, after Drezner & Wesolowsky 1990),
 * about 1e-15 absolute accuracy.
 */
export function bivariateNormalUpper(h: number, k: number, r: number): number {
  const ng = Math.abs(r) < 0.3 ? 0 : Math.abs(r) < 0.75 ? 1 : 2;
  const w = GL_W[ng], x = GL_X[ng];
  let hk = h * k;
  let bvn = 0;
  if (Math.abs(r) < 0.925) {
    const hs = (h * h + k * k) / 2;
    const asr = Math.asin(r);
    for (let i = 0; i < w.length; i++) {
      let sn = Math.sin((asr * (1 + x[i])) / 2);
      bvn += w[i] * Math.exp((sn * hk - hs) / (1 - sn * sn));
      sn = Math.sin((asr * (1 - x[i])) / 2);
      bvn += w[i] * Math.exp((sn * hk - hs) / (1 - sn * sn));
    }
    return (bvn * asr) / (2 * TWO_PI) + normalCdf(-h) * normalCdf(-k);
  }
  if (r < 0) { k = -k; hk = -hk; }
  if (Math.abs(r) < 1) {
    const as = (1 - r) * (1 + r);
    let a = Math.sqrt(as);
    const bs = (h - k) * (h - k);
    const c = (4 - hk) / 8;
    const d = (12 - hk) / 16;
    bvn = a * Math.exp(-(bs / as + hk) / 2) * (1 - (c * (bs - as) * (1 - (d * bs) / 5)) / 3 + (c * d * as * as) / 5);
    if (hk > -160) {
      const b = Math.sqrt(bs);
      bvn -= Math.exp(-hk / 2) * Math.sqrt(TWO_PI) * normalCdf(-b / a) * b * (1 - (c * bs * (1 - (d * bs) / 5)) / 3);
    }
    a /= 2;
    for (let i = 0; i < w.length; i++) {
      for (let sgn = -1; sgn <= 1; sgn += 2) {
        let xs = a * (sgn * x[i] + 1);
        xs *= xs;
        const rs = Math.sqrt(1 - xs);
        const asr = -(bs / xs + hk) / 2;
        if (asr > -100) bvn += a * w[i] * Math.exp(asr) * (Math.exp((-hk * (1 - rs)) / (2 * (1 + rs))) / rs - (1 + c * xs * (1 + d * xs)));
      }
    }
    bvn = -bvn / TWO_PI;
  }
  if (r > 0) return bvn + normalCdf(-Math.max(h, k));
  bvn = -bvn;
  if (k > h) bvn += h < 0 ? normalCdf(k) - normalCdf(h) : normalCdf(-h) - normalCdf(-k);
  return bvn;
}

/** Φ of each threshold (`sign` 1) or of its negation (`sign` −1), computed once per table: {@link lowerCdfGrid} needs them at every ρ. */
export function cdfsOf(t: readonly number[], sign: 1 | -1 = 1): Float64Array {
  return Float64Array.from(t, (x) => normalCdf(sign < 0 ? -x : x));
}

/**
 * grid[i·w + j] = P(X ≤ a[i], Y ≤ b[j]) under correlation r, infinite limits allowed, for every
 * pair of thresholds (`cdfA`/`cdfB`: Φ of each, `negA`/`negB`: Φ of their negations). Value for
 * value what bivariateNormalUpper(−a[i], −b[j], r) gives, by the same arithmetic, but what depends
 * on r alone (its arcsine, the sines or square roots at the Gauss–Legendre nodes) or on one
 * threshold alone (Φ) is computed once per grid rather than once per cell: the polychoric search
 * evaluates a grid at every step, so this is its hot loop.
 */
export function lowerCdfGrid(
  a: readonly number[], b: readonly number[], cdfA: Float64Array, cdfB: Float64Array, negA: Float64Array, negB: Float64Array,
  r: number, grid: Float64Array, w: number,
): void {
  if (!(Math.abs(r) < 0.925)) {
    lowerCdfGridHigh(a, b, cdfA, cdfB, negA, negB, r, grid, w);
    return;
  }
  const ng = Math.abs(r) < 0.3 ? 0 : Math.abs(r) < 0.75 ? 1 : 2;
  const gw = GL_W[ng], gx = GL_X[ng];
  const nodes = gw.length;
  const asr = Math.asin(r);
  const sn = new Float64Array(2 * nodes);
  const den = new Float64Array(2 * nodes);
  for (let q = 0; q < nodes; q++) {
    const s1 = Math.sin((asr * (1 + gx[q])) / 2);
    const s2 = Math.sin((asr * (1 - gx[q])) / 2);
    sn[2 * q] = s1; den[2 * q] = 1 - s1 * s1;
    sn[2 * q + 1] = s2; den[2 * q + 1] = 1 - s2 * s2;
  }
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    for (let j = 0; j < b.length; j++) {
      const y = b[j];
      let v: number;
      if (x === -Infinity || y === -Infinity) v = 0;
      else if (x === Infinity) v = y === Infinity ? 1 : cdfB[j];
      else if (y === Infinity) v = cdfA[i];
      else {
        const h = -x, k = -y;
        const hk = h * k;
        const hs = (h * h + k * k) / 2;
        let bvn = 0;
        for (let q = 0; q < nodes; q++) {
          bvn += gw[q] * Math.exp((sn[2 * q] * hk - hs) / den[2 * q]);
          bvn += gw[q] * Math.exp((sn[2 * q + 1] * hk - hs) / den[2 * q + 1]);
        }
        v = (bvn * asr) / (2 * TWO_PI) + cdfA[i] * cdfB[j];
      }
      grid[i * w + j] = v;
    }
  }
}

/** {@link lowerCdfGrid} for |r| ≥ 0.925: bivariateNormalUpper's second branch, with its per-r parts computed once. */
function lowerCdfGridHigh(
  a: readonly number[], b: readonly number[], cdfA: Float64Array, cdfB: Float64Array, negA: Float64Array, negB: Float64Array,
  r: number, grid: Float64Array, w: number,
): void {
  const exact = Math.abs(r) < 1;
  const gw = GL_W[2], gx = GL_X[2];
  const nodes = gw.length;
  const as = (1 - r) * (1 + r);
  const aFull = Math.sqrt(as);
  const aHalf = aFull / 2;
  // Per node and sign (−1, then +1, as the loop below runs): xs, √(1 − xs) and a·w.
  const xsAt = new Float64Array(2 * nodes);
  const rsAt = new Float64Array(2 * nodes);
  const awAt = new Float64Array(2 * nodes);
  for (let q = 0; q < nodes; q++) {
    for (let t = 0, sgn = -1; sgn <= 1; sgn += 2, t++) {
      let xs = aHalf * (sgn * gx[q] + 1);
      xs *= xs;
      xsAt[2 * q + t] = xs;
      rsAt[2 * q + t] = Math.sqrt(1 - xs);
      awAt[2 * q + t] = aHalf * gw[q];
    }
  }
  const sqrtTwoPi = Math.sqrt(TWO_PI);
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    for (let j = 0; j < b.length; j++) {
      const y = b[j];
      let v: number;
      if (x === -Infinity || y === -Infinity) v = 0;
      else if (x === Infinity) v = y === Infinity ? 1 : cdfB[j];
      else if (y === Infinity) v = cdfA[i];
      else if (!exact) v = bivariateNormalUpper(-x, -y, r);
      else {
        const h = -x;
        let k = -y;
        let hk = h * k;
        if (r < 0) { k = -k; hk = -hk; }
        const bs = (h - k) * (h - k);
        const c = (4 - hk) / 8;
        const d = (12 - hk) / 16;
        let bvn = aFull * Math.exp(-(bs / as + hk) / 2) * (1 - (c * (bs - as) * (1 - (d * bs) / 5)) / 3 + (c * d * as * as) / 5);
        if (hk > -160) {
          const bb = Math.sqrt(bs);
          bvn -= Math.exp(-hk / 2) * sqrtTwoPi * normalCdf(-bb / aFull) * bb * (1 - (c * bs * (1 - (d * bs) / 5)) / 3);
        }
        for (let q = 0; q < 2 * nodes; q++) {
          const xs = xsAt[q], rs = rsAt[q];
          const asr = -(bs / xs + hk) / 2;
          if (asr > -100) bvn += awAt[q] * Math.exp(asr) * (Math.exp((-hk * (1 - rs)) / (2 * (1 + rs))) / rs - (1 + c * xs * (1 + d * xs)));
        }
        bvn = -bvn / TWO_PI;
        // Φ(−max(h, k)) for r > 0; for r < 0 (k = y here) Φ(k) − Φ(h) or Φ(−h) − Φ(−k) when k > h.
        if (r > 0) v = bvn + (h >= k ? cdfA[i] : cdfB[j]);
        else {
          v = -bvn;
          if (k > h) v += h < 0 ? cdfB[j] - negA[i] : cdfA[i] - negB[j];
        }
      }
      grid[i * w + j] = v;
    }
  }
}

/**
 * Maximum-likelihood latent correlation of two ordered discrete variables from their
 * contingency table (`counts[i·cols + j]`): the polychoric correlation (Olsson 1979, two-step:
 * thresholds Φ⁻¹ of the cumulative margins, then ρ maximising Σ n_ij log P_ij(ρ) by
 * Brent's method on its derivative). 0 when the table has fewer than two non-empty rows or columns.
 */
export function polychoric(counts: Float64Array, rows: number, cols: number, tolerance = 1e-4): number {
  // Every loop is a small function of its own and this one has none: called once per pair of
  // variables, it stays cheap to run unoptimised while the loops are each compiled once (a short
  // run would otherwise spend more time compiling one large function than running it).
  const rs = new Float64Array(rows), cs = new Float64Array(cols);
  const n = marginsOf(counts, rows, cols, rs, cs);
  const a = thresholds(rs, n), b = thresholds(cs, n);
  if (a.length < 3 || b.length < 3) return 0;
  // Collapse empty rows/columns (their thresholds coincide) so every cell has positive probability mass.
  const ra = a.length - 1, cb = b.length - 1;
  const table = new Float64Array(ra * cb);
  collapse(counts, rows, cols, rs, cs, table, cb);
  const w = cb + 1;
  const grid: Grid = {
    a, b, cdfA: cdfsOf(a), cdfB: cdfsOf(b), negA: cdfsOf(a, -1), negB: cdfsOf(b, -1), table, ra, cb, w,
    cdf: new Float64Array((ra + 1) * w), dens: new Float64Array((ra + 1) * w),
  };
  // Derivative of the log-likelihood in ρ: Σ n_ij·(∂P_ij/∂ρ)/P_ij, where ∂Φ₂(a, b; ρ)/∂ρ is the
  // bivariate normal density φ₂(a, b; ρ) (Plackett's identity; 0 at an infinite limit). The
  // log-likelihood is maximised where it crosses zero, found by Brent's method: a handful of
  // evaluations instead of the ~23 of a golden-section search on the likelihood itself.
  const slope = (r: number): number => slopeAt(grid, r);
  const root = brentZero(slope, ...bracketOf(slope, startOf(table, a, b, ra, cb)), tolerance);
  if (root !== null) return root;
  // No sign change at the ends (the maximum on the boundary, or the slope unreliable where a cell's
  // probability underflows near |ρ| = 1): golden-section search on the likelihood itself.
  return goldenMax((r) => logLikAt(grid, r), -0.999, 0.999, tolerance);
}

/** Row and column sums of a rows×cols table (into rs, cs); returns the total. */
function marginsOf(counts: Float64Array, rows: number, cols: number, rs: Float64Array, cs: Float64Array): number {
  let n = 0;
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) { const c = counts[i * cols + j]; rs[i] += c; cs[j] += c; n += c; }
  return n;
}

/** The table without its empty rows and columns (cb columns kept). */
function collapse(counts: Float64Array, rows: number, cols: number, rs: Float64Array, cs: Float64Array, table: Float64Array, cb: number): void {
  let ii = -1;
  for (let i = 0; i < rows; i++) {
    if (rs[i] === 0) continue;
    ii++;
    let jj = -1;
    for (let j = 0; j < cols; j++) { if (cs[j] === 0) continue; jj++; table[ii * cb + jj] = counts[i * cols + j]; }
  }
}

/** A collapsed table (ra×cb), its thresholds and Φ of them and of their negations, and scratch grids of (ra+1)×w cells (w = cb+1). */
interface Grid {
  a: number[]; b: number[]; cdfA: Float64Array; cdfB: Float64Array; negA: Float64Array; negB: Float64Array;
  table: Float64Array; ra: number; cb: number; w: number;
  cdf: Float64Array; dens: Float64Array;
}

/** The derivative of the log-likelihood at ρ = r. */
function slopeAt(g: Grid, r: number): number {
  lowerCdfGrid(g.a, g.b, g.cdfA, g.cdfB, g.negA, g.negB, r, g.cdf, g.w);
  densityGrid(g.a, g.b, r, g.dens, g.w);
  return slopeSum(g.table, g.cdf, g.dens, g.ra, g.cb, g.w);
}

/** The log-likelihood at ρ = r. */
function logLikAt(g: Grid, r: number): number {
  lowerCdfGrid(g.a, g.b, g.cdfA, g.cdfB, g.negA, g.negB, r, g.cdf, g.w);
  return logLikSum(g.table, g.cdf, g.ra, g.cb, g.w);
}

/** dens[i·w + j] = φ₂(a[i], b[j]; r), the bivariate normal density (0 at an infinite limit). */
function densityGrid(a: readonly number[], b: readonly number[], r: number, dens: Float64Array, w: number): void {
  const s2 = 1 - r * r;
  const norm = 1 / (TWO_PI * Math.sqrt(s2));
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    for (let j = 0; j < b.length; j++) {
      const y = b[j];
      dens[i * w + j] = Number.isFinite(x) && Number.isFinite(y) ? norm * Math.exp(-(x * x - 2 * r * x * y + y * y) / (2 * s2)) : 0;
    }
  }
}

/** Σ n_ij·(∂P_ij/∂ρ)/P_ij from the grids of Φ₂ and φ₂ at the thresholds. */
function slopeSum(table: Float64Array, grid: Float64Array, dens: Float64Array, ra: number, cb: number, w: number): number {
  let g = 0;
  for (let i = 0; i < ra; i++) for (let j = 0; j < cb; j++) {
    const c = table[i * cb + j];
    if (c === 0) continue;
    const p = grid[(i + 1) * w + j + 1] - grid[i * w + j + 1] - grid[(i + 1) * w + j] + grid[i * w + j];
    const dp = dens[(i + 1) * w + j + 1] - dens[i * w + j + 1] - dens[(i + 1) * w + j] + dens[i * w + j];
    g += (c * dp) / Math.max(p, 1e-300);
  }
  return g;
}

/** Σ n_ij log P_ij from the grid of Φ₂ at the thresholds. */
function logLikSum(table: Float64Array, grid: Float64Array, ra: number, cb: number, w: number): number {
  let ll = 0;
  for (let i = 0; i < ra; i++) for (let j = 0; j < cb; j++) {
    const c = table[i * cb + j];
    if (c === 0) continue;
    const p = grid[(i + 1) * w + j + 1] - grid[i * w + j + 1] - grid[(i + 1) * w + j] + grid[i * w + j];
    ll += c * Math.log(Math.max(p, 1e-300));
  }
  return ll;
}

/** The maximiser of f on [lo, hi] by golden-section search, to `tolerance`. */
function goldenMax(f: (x: number) => number, lo: number, hi: number, tolerance: number): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo);
  let f1 = f(x1), f2 = f(x2);
  while (hi - lo > tolerance) {
    if (f1 < f2) { lo = x1; x1 = x2; f1 = f2; x2 = lo + g * (hi - lo); f2 = f(x2); }
    else { hi = x2; x2 = x1; f2 = f1; x1 = hi - g * (hi - lo); f1 = f(x1); }
  }
  return (lo + hi) / 2;
}

/**
 * A starting value for the search: the correlation of the categories' conditional normal means
 * E[Z | category] (the scores of the thresholds), which is the polychoric correlation attenuated
 * by the grouping; within [−0.95, 0.95].
 */
function startOf(table: Float64Array, a: number[], b: number[], ra: number, cb: number): number {
  const r = weightedCorrelation(table, conditionalMeans(a), conditionalMeans(b), ra, cb);
  return Math.max(-0.95, Math.min(0.95, r));
}

/** Correlation of ma[i] and mb[j] weighted by the counts table[i·cb + j] (0 when either is constant). */
function weightedCorrelation(table: Float64Array, ma: Float64Array, mb: Float64Array, ra: number, cb: number): number {
  let n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  for (let i = 0; i < ra; i++) for (let j = 0; j < cb; j++) {
    const c = table[i * cb + j];
    if (c === 0) continue;
    const x = ma[i], y = mb[j];
    n += c; sx += c * x; sy += c * y; sxx += c * x * x; syy += c * y * y; sxy += c * x * y;
  }
  const cxx = sxx - (sx * sx) / n, cyy = syy - (sy * sy) / n, cxy = sxy - (sx * sy) / n;
  return cxx > 0 && cyy > 0 ? cxy / Math.sqrt(cxx * cyy) : 0;
}

/** Per interval between consecutive thresholds t, E[Z | t_i < Z ≤ t_i+1] = (φ(t_i) − φ(t_i+1)) / (Φ(t_i+1) − Φ(t_i)). */
function conditionalMeans(t: number[]): Float64Array {
  const out = new Float64Array(t.length - 1);
  const pdf = (x: number): number => (Number.isFinite(x) ? Math.exp(-x * x / 2) / Math.sqrt(TWO_PI) : 0);
  for (let i = 0; i < out.length; i++) {
    const mass = normalCdf(t[i + 1]) - normalCdf(t[i]);
    out[i] = mass > 0 ? (pdf(t[i]) - pdf(t[i + 1])) / mass : 0;
  }
  return out;
}

/**
 * An interval [lo, hi] ⊆ [−0.999, 0.999] around `start` where f falls through zero, with f at
 * its ends, found by stepping outward from `start` in the direction f points (so the
 * usual case costs two or three evaluations rather than the two costly ones at ±0.999). When f
 * does not change sign before ±0.999 the returned ends do not bracket a root (brentZero then
 * returns null).
 */
function bracketOf(f: (x: number) => number, start: number): [number, number, number, number] {
  const f0 = f(start);
  const dir = f0 > 0 ? 1 : -1;
  let near = start, fnear = f0;
  let step = Math.max(0.05, 0.25 * Math.abs(start));
  for (;;) {
    const far = Math.max(-0.999, Math.min(0.999, near + dir * step));
    const ffar = f(far);
    if ((ffar > 0) !== (f0 > 0) || far === 0.999 || far === -0.999) {
      return dir > 0 ? [near, fnear, far, ffar] : [far, ffar, near, fnear];
    }
    near = far; fnear = ffar;
    step *= 2;
  }
}

/**
 * The root of a function that falls through zero on [lo, hi] (Brent 1973, "zeroin"); null
 * when it does not go from ≥ 0 at lo to ≤ 0 at hi (or is 0 at both).
 */
function brentZero(f: (x: number) => number, lo: number, flo: number, hi: number, fhi: number, tolerance: number): number | null {
  let a = lo, b = hi;
  let fa = flo, fb = fhi;
  if (!(fa >= 0 && fb <= 0) || (fa === 0 && fb === 0)) return null;
  let c = a, fc = fa, d = b - a, e = d;
  for (let iter = 0; iter < 100; iter++) {
    if ((fb > 0) === (fc > 0)) { c = a; fc = fa; d = b - a; e = d; }
    if (Math.abs(fc) < Math.abs(fb)) { a = b; b = c; c = a; fa = fb; fb = fc; fc = fa; }
    const tol = 2 * Number.EPSILON * Math.abs(b) + tolerance / 2;
    const m = (c - b) / 2;
    if (Math.abs(m) <= tol || fb === 0) return b;
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      let p: number, q: number;
      const s = fb / fa;
      if (a === c) { p = 2 * m * s; q = 1 - s; }
      else {
        const qq = fa / fc, r = fb / fc;
        p = s * (2 * m * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q; else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) { e = d; d = p / q; }
      else { d = m; e = d; }
    } else { d = m; e = d; }
    a = b; fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = f(b);
  }
  return b;
}

/** −∞, Φ⁻¹ of the cumulative shares of the non-empty categories, +∞. */
function thresholds(margin: Float64Array, n: number): number[] {
  const t = [-Infinity];
  let c = 0;
  const nonEmpty = Array.from(margin).filter((m) => m > 0);
  for (let i = 0; i < nonEmpty.length - 1; i++) { c += nonEmpty[i]; t.push(normalQuantile(c / n)); }
  t.push(Infinity);
  return t;
}

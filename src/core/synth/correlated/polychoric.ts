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

/** P(X ≤ a, Y ≤ b), infinite limits allowed. */
function lowerCdf(a: number, b: number, r: number): number {
  if (a === -Infinity || b === -Infinity) return 0;
  if (a === Infinity) return b === Infinity ? 1 : normalCdf(b);
  if (b === Infinity) return normalCdf(a);
  return bivariateNormalUpper(-a, -b, r);
}

/**
 * Maximum-likelihood latent correlation of two ordered discrete variables from their
 * contingency table (`counts[i·cols + j]`): the polychoric correlation (Olsson 1979, two-step:
 * thresholds Φ⁻¹ of the cumulative margins, then ρ maximising Σ n_ij log P_ij(ρ) by
 * golden-section search). 0 when the table has fewer than two non-empty rows or columns.
 */
export function polychoric(counts: Float64Array, rows: number, cols: number, tolerance = 1e-4): number {
  const rs = new Float64Array(rows), cs = new Float64Array(cols);
  let n = 0;
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) { const c = counts[i * cols + j]; rs[i] += c; cs[j] += c; n += c; }
  const a = thresholds(rs, n), b = thresholds(cs, n);
  if (a.length < 3 || b.length < 3) return 0;
  // Collapse empty rows/columns (their thresholds coincide) so every cell has positive probability mass.
  const ra = a.length - 1, cb = b.length - 1;
  const table = new Float64Array(ra * cb);
  let ii = -1;
  for (let i = 0; i < rows; i++) {
    if (rs[i] === 0) continue;
    ii++;
    let jj = -1;
    for (let j = 0; j < cols; j++) { if (cs[j] === 0) continue; jj++; table[ii * cb + jj] = counts[i * cols + j]; }
  }
  const grid = new Float64Array((ra + 1) * (cb + 1));
  const logLik = (r: number): number => {
    for (let i = 0; i <= ra; i++) for (let j = 0; j <= cb; j++) grid[i * (cb + 1) + j] = lowerCdf(a[i], b[j], r);
    let ll = 0;
    for (let i = 0; i < ra; i++) for (let j = 0; j < cb; j++) {
      const c = table[i * cb + j];
      if (c === 0) continue;
      const p = grid[(i + 1) * (cb + 1) + j + 1] - grid[i * (cb + 1) + j + 1] - grid[(i + 1) * (cb + 1) + j] + grid[i * (cb + 1) + j];
      ll += c * Math.log(Math.max(p, 1e-300));
    }
    return ll;
  };
  let lo = -0.999, hi = 0.999;
  const g = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo);
  let f1 = logLik(x1), f2 = logLik(x2);
  while (hi - lo > tolerance) {
    if (f1 < f2) { lo = x1; x1 = x2; f1 = f2; x2 = lo + g * (hi - lo); f2 = logLik(x2); }
    else { hi = x2; x2 = x1; f2 = f1; x1 = hi - g * (hi - lo); f1 = logLik(x1); }
  }
  return (lo + hi) / 2;
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

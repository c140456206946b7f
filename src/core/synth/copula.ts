import type { Random } from '../random';
import type { ColumnData, Table } from '../schema';
import { inputError } from '../errors';
import type { FitInput, FittedModel, Generator, ModelDescription, SynthContext } from './generator';
import { columnDecisionsOf, reportFit, streamBatches } from './correlated/common';
import { fakeStreamOf } from './correlated/fakeColumns';
import { uniqueRowGuard } from './correlated/uniqueGuard';
import { choleskyLower, nearestCorrelation } from './correlated/nearestPD';
import { normalCdf, normalQuantile } from '../math/normal';
import { polychoric } from './correlated/polychoric';
import { prepareColumns, type PreparedCategory, type PreparedColumn, type PreparedNumber } from './correlated/prepare';
import { roundWithin } from './marginals';

/** Blocks per variable for the polychoric estimate: more distinct values than this count as continuous. */
const ESTIMATION_BLOCKS = 16;

/** A systematic sample of about this many rows is plenty to rank partners and order categories. */
const PARTNER_SAMPLE = 8192;

/** Keeps uniforms strictly inside (0, 1) so Φ⁻¹ stays finite. */
const U_EPS = 1e-12;

/**
 * One latent Gaussian variable of the copula. `value`: the non-missing values of a number
 * column (empirical marginal); `missing`: the is-missing indicator of a number column;
 * `category`: a categorical column, its missing cells as one more category.
 */
type Latent =
  /** `rare`: per sorted position, 1 when that value occurs fewer than `rareValueCount` times. */
  | { kind: 'value'; column: number; sorted: Float64Array; rare: Uint8Array }
  | { kind: 'missing'; column: number; presentShare: number }
  | { kind: 'category'; column: number; order: Int32Array; cum: Float64Array };

/** The fitted copula, exported for tests. */
export interface CopulaModel {
  prepared: PreparedColumn[];
  latents: Latent[];
  /** Latent correlation matrix, after repair. */
  correlation: number[][];
  /** Cholesky factor, row-major d×d. */
  cholesky: Float64Array;
  repaired: boolean;
}

/**
 * Fits a Gaussian copula to prepared columns.
 * Method: each column becomes normal scores z = Φ⁻¹(u). Numbers: u uniform within the value's
 * block of ranks, (s + U·m)/n for a value occupying sorted positions s..s+m−1 (ties broken at
 * random, seeded). Categories (missing as one more category): each category owns an interval of
 * [0, 1) of length its frequency and u is uniform within it (the approach of SDV's
 * GaussianCopula), so frequencies survive exactly; the categories are ordered by the mean score of
 * their most associated variable, so monotone relationships become linear. A number column with
 * missing cells adds an is-missing indicator handled the same way, so missingness correlates with
 * the other columns. Correlations: Pearson on the scores between continuous variables, polychoric
 * (Olsson 1979) when either is discrete; pairwise complete rows; repaired to the nearest
 * correlation matrix (Higham 2002) when not positive definite. Sampling is z = L·e (Cholesky),
 * back through each marginal.
 */
export function fitCopulaModel(prepared: PreparedColumn[], n: number, rng: Random, rareValueCount = 10): CopulaModel {
  const latents: Latent[] = [];
  const scores: Float64Array[] = [];
  const cats: { latent: number; slotOf: Int32Array; counts: Float64Array; jitter: Float64Array }[] = [];
  // The category orderings below look only at a systematic sample of rows (every `stride`-th);
  // category scores are computed there until the orders are final, then for every row.
  const stride = Math.max(1, Math.ceil(n / PARTNER_SAMPLE));
  // Per latent: its ordered blocks (for the polychoric estimate) and whether it is continuous.
  const discrete: { blocks: Int32Array; continuous: boolean }[] = [];
  prepared.forEach((p, column) => {
    if (p.kind === 'fake') return;
    const r = rng.fork(`copula:scores:${p.meta.name}`);
    if (p.kind === 'number') {
      const present = n - p.missing;
      if (present > 0) {
        const { sorted, z, blocks, distinct } = numberScores(p.values, present, r);
        latents.push({ kind: 'value', column, sorted, rare: rareRuns(sorted, rareValueCount) });
        scores.push(z);
        discrete.push({ blocks, continuous: distinct > ESTIMATION_BLOCKS });
      }
      if (p.missing > 0) {
        const presentShare = present / n;
        latents.push({ kind: 'missing', column, presentShare });
        const z = new Float64Array(n);
        const blocks = new Int32Array(n);
        for (let i = 0; i < n; i++) blocks[i] = Number.isNaN(p.values[i]) ? 1 : 0;
        discrete.push({ blocks, continuous: false });
        for (let i = 0; i < n; i++) {
          const u = Number.isNaN(p.values[i]) ? presentShare + r.next() * (1 - presentShare) : r.next() * presentShare;
          z[i] = normalQuantile(clampU(u));
        }
        scores.push(z);
      }
      return;
    }
    const k = p.labels.length;
    // Slot k is "missing".
    const slotOf = new Int32Array(n);
    const counts = new Float64Array(k + 1);
    slotsOf(p.codes, k, slotOf, counts);
    const slots: number[] = [];
    for (let s = 0; s <= k; s++) if (counts[s] > 0) slots.push(s);
    slots.sort((a, b) => counts[b] - counts[a] || a - b);
    const latent: Latent & { kind: 'category' } = { kind: 'category', column, order: Int32Array.from(slots), cum: new Float64Array(slots.length) };
    const z = new Float64Array(n);
    // One uniform per row, drawn once: a row keeps its relative place within its category's
    // interval whatever the order of the categories.
    const jitter = uniforms(n, r);
    categoryScores(latent, slotOf, counts, jitter, z, stride);
    latents.push(latent);
    scores.push(z);
    discrete.push({ blocks: new Int32Array(n), continuous: false });
    cats.push({ latent: latents.length - 1, slotOf, counts, jitter });
  });
  // The copula sees a category column through one ordering of its categories; frequency order is
  // arbitrary. Reorder each by the mean score, within each category, of the variable it is most
  // associated with (largest correlation ratio), so that monotone relationships (education and
  // education-num) become linear in the scores. Two sweeps; marginals are unaffected.
  for (let sweep = 0; sweep < 2; sweep++) {
    for (const c of cats) {
      const l = latents[c.latent] as Latent & { kind: 'category' };
      const partner = bestPartnerMeans(c.slotOf, c.counts, scores, c.latent, stride);
      if (!partner) continue;
      const slots = Array.from(l.order).sort((a, b) => partner[a] - partner[b] || a - b);
      if (slots.every((s, j) => s === l.order[j])) continue;
      l.order = Int32Array.from(slots);
      categoryScores(l, c.slotOf, c.counts, c.jitter, scores[c.latent], stride);
    }
  }
  if (stride > 1) for (const c of cats) categoryScores(latents[c.latent] as Latent & { kind: 'category' }, c.slotOf, c.counts, c.jitter, scores[c.latent], 1);
  // Blocks of the category latents follow their final order.
  for (const c of cats) {
    const l = latents[c.latent] as Latent & { kind: 'category' };
    const blockOfSlot = new Int32Array(c.counts.length);
    const m = l.order.length;
    let start = 0;
    for (let j = 0; j < m; j++) {
      blockOfSlot[l.order[j]] = m <= ESTIMATION_BLOCKS ? j : Math.min(ESTIMATION_BLOCKS - 1, Math.floor((start / n) * ESTIMATION_BLOCKS));
      start += c.counts[l.order[j]];
    }
    gather(blockOfSlot, c.slotOf, discrete[c.latent].blocks);
  }
  const raw = latentCorrelations(scores, discrete);
  const repairedResult = nearestCorrelation(raw);
  return {
    prepared, latents, correlation: repairedResult.matrix,
    cholesky: choleskyLower(repairedResult.matrix), repaired: repairedResult.repaired,
  };
}

// The loops over rows live in small functions of their own: called once per column, they are
// compiled to optimised code after the first few calls, where a loop inlined in the one-off
// fitting function would run largely unoptimised in a short CLI process.

/** Per row, its category slot (a missing code becomes slot k), and the count of each slot. */
function slotsOf(codes: Int32Array, k: number, slotOf: Int32Array, counts: Float64Array): void {
  for (let i = 0; i < codes.length; i++) { const s = codes[i] < 0 ? k : codes[i]; slotOf[i] = s; counts[s]++; }
}

/** out[i] = table[index[i]]. */
function gather(table: Int32Array, index: Int32Array, out: Int32Array): void {
  for (let i = 0; i < index.length; i++) out[i] = table[index[i]];
}

/** n uniforms in [0, 1) from rng, in order. */
function uniforms(n: number, rng: Random): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.next();
  return out;
}

/**
 * Fills a category latent's cumulative bounds from its order, and the score of every `stride`-th
 * row: at its `jitter` share within its category's interval.
 */
function categoryScores(l: Latent & { kind: 'category' }, slotOf: Int32Array, counts: Float64Array, jitter: Float64Array, z: Float64Array, stride: number): void {
  const n = slotOf.length;
  const start = new Float64Array(counts.length);
  const width = new Float64Array(counts.length);
  let c = 0;
  for (let j = 0; j < l.order.length; j++) {
    const s = l.order[j];
    start[s] = c / n;
    width[s] = counts[s] / n;
    c += counts[s];
    l.cum[j] = c / n;
  }
  if (l.order.length) l.cum[l.order.length - 1] = 1;
  for (let i = 0; i < n; i += stride) {
    const s = slotOf[i];
    z[i] = normalQuantile(clampU(start[s] + jitter[i] * width[s]));
  }
}

/**
 * Mean score per category slot of the other latent with the largest correlation ratio η²
 * (between-category share of its variance), over every `stride`-th row, or null when no latent varies with the categories.
 */
function bestPartnerMeans(slotOf: Int32Array, counts: Float64Array, scores: readonly Float64Array[], self: number, stride: number): Float64Array | null {
  const k = counts.length;
  let best: Float64Array | null = null;
  let bestEta = 1e-4;
  const sum = new Float64Array(k);
  const cnt = new Float64Array(k);
  for (let v = 0; v < scores.length; v++) {
    if (v === self) continue;
    const z = scores[v];
    const { tot, tot2, m } = groupSums(z, slotOf, stride, sum, cnt);
    if (m < 2) continue;
    const totalSs = tot2 - (tot * tot) / m;
    if (!(totalSs > 0)) continue;
    let between = 0;
    for (let s = 0; s < k; s++) if (cnt[s] > 0) between += (sum[s] * sum[s]) / cnt[s];
    const eta = (between - (tot * tot) / m) / totalSs;
    if (eta > bestEta) {
      bestEta = eta;
      best = new Float64Array(k);
      // Categories never seen with this latent (all missing there) sort first.
      for (let s = 0; s < k; s++) best[s] = cnt[s] > 0 ? sum[s] / cnt[s] : -Infinity;
    }
  }
  return best;
}

/** Per slot, the sum and count of the present z at every `stride`-th row (into sum/cnt, cleared first); and overall sum, sum of squares and count. */
function groupSums(z: Float64Array, slotOf: Int32Array, stride: number, sum: Float64Array, cnt: Float64Array): { tot: number; tot2: number; m: number } {
  sum.fill(0); cnt.fill(0);
  let tot = 0, tot2 = 0, m = 0;
  for (let i = 0; i < z.length; i += stride) {
    const x = z[i];
    if (x !== x) continue;
    const s = slotOf[i];
    sum[s] += x; cnt[s]++; tot += x; tot2 += x * x; m++;
  }
  return { tot, tot2, m };
}

/**
 * Sorted non-missing values, the normal scores of every row (NaN where missing), the ordered
 * block of every row for correlation estimation (each distinct value, or ESTIMATION_BLOCKS
 * quantile groups that never split ties; −1 missing) and the number of distinct values.
 */
function numberScores(values: Float64Array, present: number, rng: Random): { sorted: Float64Array; z: Float64Array; blocks: Int32Array; distinct: number } {
  const n = values.length;
  const sorted = new Float64Array(present);
  let m = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(values[i])) sorted[m++] = values[i];
  sorted.sort(); // native numeric sort; each row's block of ranks is then found by binary search
  // Distinct values and, per distinct value, its first sorted position.
  let distinct = 0;
  for (let j = 0; j < present; j++) if (j === 0 || sorted[j] !== sorted[j - 1]) distinct++;
  const firsts = new Int32Array(distinct + 1);
  const values1 = new Float64Array(distinct);
  for (let j = 0, g = 0; j < present; j++) if (j === 0 || sorted[j] !== sorted[j - 1]) { firsts[g] = j; values1[g++] = sorted[j]; }
  firsts[distinct] = present;
  const z = new Float64Array(n).fill(NaN);
  const blocks = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    // Group g: firsts[g] ≤ position of v < firsts[g + 1].
    let lo = 0, hi = distinct - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (values1[mid] <= v) lo = mid;
      else hi = mid - 1;
    }
    const s = firsts[lo], e = firsts[lo + 1];
    z[i] = normalQuantile(clampU((s + rng.next() * (e - s)) / present));
    blocks[i] = distinct <= ESTIMATION_BLOCKS ? lo : Math.min(ESTIMATION_BLOCKS - 1, Math.floor((s * ESTIMATION_BLOCKS) / present));
  }
  return { sorted, z, blocks, distinct };
}

/**
 * Latent correlations: Pearson on the normal scores when both variables are continuous; the
 * polychoric correlation (maximum likelihood under the thresholded-Gaussian model the copula
 * samples from) when either is discrete — Pearson on within-category jittered scores would
 * attenuate those dependencies (a missing indicator that follows a category exactly, education
 * and its number). Pairwise complete rows.
 */
function latentCorrelations(scores: readonly Float64Array[], discrete: readonly { blocks: Int32Array; continuous: boolean }[]): number[][] {
  const d = scores.length;
  const out = pearsonMatrix(scores, (a, b) => discrete[a].continuous && discrete[b].continuous);
  const nb = discrete.map((x) => { let m = 0; for (let i = 0; i < x.blocks.length; i++) if (x.blocks[i] + 1 > m) m = x.blocks[i] + 1; return m; });
  // Blocks shifted by one (0 = missing) into bytes, so a pair's contingency table is one
  // branch-free counting pass over the rows; the missing row and column are dropped after.
  const coded = discrete.map((x) => { const c = new Uint8Array(x.blocks.length); for (let i = 0; i < c.length; i++) c[i] = x.blocks[i] + 1; return c; });
  const full = new Int32Array((ESTIMATION_BLOCKS + 1) * (ESTIMATION_BLOCKS + 1));
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) {
    if (discrete[a].continuous && discrete[b].continuous) continue;
    const ra = nb[a], cb = nb[b];
    if (ra < 2 || cb < 2) { out[a][b] = out[b][a] = 0; continue; }
    const xa = coded[a], xb = coded[b];
    const w = cb + 1;
    countPairs(xa, xb, w, full);
    const table = new Float64Array(ra * cb);
    for (let x = 0; x < ra; x++) for (let y = 0; y < cb; y++) table[x * cb + y] = full[(x + 1) * w + y + 1];
    const r = polychoric(table, ra, cb, 1e-4);
    out[a][b] = out[b][a] = r;
  }
  return out;
}

/** Pearson correlations on pairwise complete rows (of the pairs `include` selects; others 0); a constant column gives 0. */
export function pearsonMatrix(cols: readonly Float64Array[], include: (a: number, b: number) => boolean = () => true): number[][] {
  const d = cols.length;
  const out: number[][] = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  const complete = cols.map((c) => { for (let i = 0; i < c.length; i++) if (c[i] !== c[i]) return false; return true; });
  for (let a = 0; a < d; a++) {
    out[a][a] = 1;
    for (let b = 0; b < a; b++) {
      if (!include(a, b)) continue;
      const r = pearsonPair(cols[a], cols[b], complete[a] && complete[b]);
      out[a][b] = r;
      out[b][a] = r;
    }
  }
  return out;
}

/** Pearson correlation of x and y on the rows where both are present (`both`: no NaN in either); 0 when constant. */
function pearsonPair(x: Float64Array, y: Float64Array, both: boolean): number {
  let k = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  for (let i = 0; i < x.length; i++) {
    const u = x[i], v = y[i];
    if (!both && (u !== u || v !== v)) continue;
    k++; sx += u; sy += v; sxx += u * u; syy += v * v; sxy += u * v;
  }
  if (k <= 2) return 0;
  const cxx = sxx - (sx * sx) / k, cyy = syy - (sy * sy) / k, cxy = sxy - (sx * sy) / k;
  return cxx > 0 && cyy > 0 ? cxy / Math.sqrt(cxx * cyy) : 0;
}

/** Counts the pairs (xa[i], xb[i]) into full[xa·w + xb], which it clears first. */
function countPairs(xa: Uint8Array, xb: Uint8Array, w: number, full: Int32Array): void {
  full.fill(0);
  for (let i = 0; i < xa.length; i++) full[xa[i] * w + xb[i]]++;
}

/**
 * Samples `rows` rows of a fitted copula into one Table (the twin's columns in order).
 * `latentRng` drives the Gaussian draws. Faked columns are left empty here (filled from the fake stream).
 */
export function sampleCopulaBatch(model: CopulaModel, rows: number, latentRng: Random): Table {
  const { prepared, latents, cholesky } = model;
  const d = latents.length;
  const columns: Table['columns'] = prepared.map((p) => ({
    spec: p.spec,
    data: p.kind === 'number' ? { kind: 'number', values: new Float64Array(rows) } as ColumnData
      : p.kind === 'category' ? { kind: 'category', codes: new Int32Array(rows), categories: p.labels } as ColumnData
        : { kind: 'string', values: [] } as ColumnData,
  }));
  prepared.forEach((p, c) => {
    if (p.kind === 'number' && p.missing === p.values.length) (columns[c].data as { values: Float64Array }).values.fill(NaN);
  });
  // Discrete latents compare z with Φ⁻¹ of their cumulative bounds (same outcome as comparing Φ(z)
  // with the bounds, without a Φ per cell); only value latents need u = Φ(z).
  const zBounds = latents.map((l) => (l.kind === 'category' ? Float64Array.from(l.cum, (c, k) => (k === l.cum.length - 1 ? Infinity : normalQuantile(c)))
    : l.kind === 'missing' ? Float64Array.of(normalQuantile(l.presentShare)) : new Float64Array(0)));
  // Column by column (each a tight loop of one kind), with the same draws and arithmetic as row
  // by row: the d normals of each row in turn, z_j = Σ_k≤j L_jk·e_k, latents written in order.
  const e = normals(rows * d, latentRng);
  const z = new Float64Array(rows);
  for (let j = 0; j < d; j++) {
    latentColumn(e, d, cholesky, j, z);
    const l = latents[j];
    const p = prepared[l.column];
    if (l.kind === 'value') {
      // A missing draw (from the indicator, which follows) overwrites these.
      valuesFromScores(z, l.sorted, l.rare, p as PreparedNumber, (columns[l.column].data as { values: Float64Array }).values);
    } else if (l.kind === 'missing') {
      missingFromScores(z, zBounds[j][0], (columns[l.column].data as { values: Float64Array }).values);
    } else {
      codesFromScores(z, zBounds[j], l.order, (p as PreparedCategory).labels.length, (columns[l.column].data as { codes: Int32Array }).codes);
    }
  }
  return { rowCount: rows, columns };
}

/** n standard normals from rng, in order. */
function normals(n: number, rng: Random): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal();
  return out;
}

/** Latent j of every row: out[i] = Σ_k≤j L[j·d + k]·e[i·d + k] (e row-major, d per row). */
function latentColumn(e: Float64Array, d: number, cholesky: Float64Array, j: number, out: Float64Array): void {
  const row = j * d;
  for (let i = 0, base = 0; i < out.length; i++, base += d) {
    let acc = 0;
    for (let k = 0; k <= j; k++) acc += cholesky[row + k] * e[base + k];
    out[i] = acc;
  }
}

/** Values at the scores' uniforms Φ(z) through the empirical quantiles. */
function valuesFromScores(z: Float64Array, sorted: Float64Array, rare: Uint8Array, p: PreparedNumber, out: Float64Array): void {
  for (let i = 0; i < z.length; i++) out[i] = quantileOf(sorted, rare, normalCdf(z[i]), p);
}

/** NaN where the indicator's score reaches Φ⁻¹(present share). */
function missingFromScores(z: Float64Array, bound: number, out: Float64Array): void {
  for (let i = 0; i < z.length; i++) if (z[i] >= bound) out[i] = NaN;
}

/** The category whose interval holds each score (slot `labels` and beyond: missing, −1). */
function codesFromScores(z: Float64Array, bounds: Float64Array, order: Int32Array, labels: number, out: Int32Array): void {
  for (let i = 0; i < z.length; i++) {
    const slot = order[searchCum(bounds, z[i])];
    out[i] = slot >= labels ? -1 : slot;
  }
}

/**
 * Empirical quantile at u: the inverse of the (rank − ½)/n scores. Between adjacent order
 * statistics it interpolates linearly when either is a rare value (seen fewer than k times), so
 * rare real values are not replayed; between common values it takes the nearer one, so a column
 * whose values are all common (month-start periods, small integers) keeps exactly its values.
 * Rounded to the column's step and kept within its coded bounds.
 */
function quantileOf(sorted: Float64Array, rare: Uint8Array, u: number, p: PreparedNumber): number {
  const m = sorted.length;
  let h = u * m - 0.5;
  if (h < 0) h = 0;
  if (h > m - 1) h = m - 1;
  const lo = Math.floor(h);
  const f = h - lo;
  let v = sorted[lo];
  if (lo + 1 < m && sorted[lo + 1] !== v) {
    v = rare[lo] || rare[lo + 1] ? v + f * (sorted[lo + 1] - v) : f < 0.5 ? v : sorted[lo + 1];
  }
  return roundWithin(v, p.step, p.lower, p.upper);
}

/** 1 at each sorted position whose value occurs fewer than `minCount` times. */
function rareRuns(sorted: Float64Array, minCount: number): Uint8Array {
  const out = new Uint8Array(sorted.length);
  let s = 0;
  while (s < sorted.length) {
    let e = s + 1;
    while (e < sorted.length && sorted[e] === sorted[s]) e++;
    if (e - s < minCount) out.fill(1, s, e);
    s = e;
  }
  return out;
}

/** First index whose bound exceeds u (bounds ascending, the last +∞ or 1). */
function searchCum(cum: Float64Array, u: number): number {
  let lo = 0, hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (u < cum[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function clampU(u: number): number {
  return u < U_EPS ? U_EPS : u > 1 - U_EPS ? 1 - U_EPS : u;
}

/** The `copula` method: the default of the correlated level. */
export const copulaGenerator: Generator = {
  method: 'copula',
  level: 'correlated',
  description: 'Gaussian copula over all columns with empirical marginals and modelled missingness',
  supportsEpsilon: false,
  needsRealRows: () => true,
  async fit(input: FitInput, ctx: SynthContext): Promise<FittedModel> {
    if (input.epsilon !== undefined) throw inputError('the copula method has no differential-privacy option; use --method privbayes with --epsilon');
    if (!input.table) throw inputError('the correlated level needs the data file, not metadata.json alone');
    if (input.table.rowCount === 0) throw inputError('the data file has no rows to fit a correlated model on');
    reportFit(ctx, 'fitting', 0);
    const prepared = prepareColumns(input.metadata, input.table, ctx.rng.fork('prepare'));
    const model = fitCopulaModel(prepared, input.table.rowCount, ctx.rng.fork('copula:fit'), Math.max(10, input.metadata.disclosure?.threshold ?? 10));
    const guard = uniqueRowGuard(prepared, input.table.rowCount);
    reportFit(ctx, 'fitting', 1);
    const metadata = input.metadata;
    return {
      describe(): ModelDescription {
        return {
          level: 'correlated',
          method: 'copula',
          summary: `Gaussian copula over ${model.latents.length} latent variables (empirical marginals clipped to the coded bounds, `
            + 'categories by frequency intervals, an is-missing indicator per number column with missing values; '
            + 'Pearson correlations between continuous scores, polychoric where a variable is discrete); '
            + (model.repaired ? 'correlation matrix repaired to the nearest positive-definite one (Higham 2002). ' : 'correlation matrix positive definite as estimated. ')
            + 'Synthetic rows equal to a unique real row are redrawn (synthpop sdc rm.replicated.uniques).',
          columns: columnDecisionsOf(metadata, prepared, (p) => p.kind === 'number'
            ? `empirical quantiles within [${p.lower}, ${p.upper}]; values seen fewer than k times never replayed (interpolated between adjacent order statistics)${p.missing ? '; missingness modelled jointly' : ''}`
            : `published categories only (${(p as PreparedCategory).labels.length}), frequencies kept; missing as a category`),
          parameters: { latentVariables: model.latents.length, correlationRepaired: model.repaired, redrawReplicatedUniques: true },
        };
      },
      sample(rows: number, sctx: SynthContext): AsyncIterable<Table> {
        const latentRng = sctx.rng.fork('copula:latent');
        const fakes = fakeStreamOf(metadata, prepared, rows, 'copula', sctx, sctx.rng.fork('copula:fakes'));
        return streamBatches(rows, sctx, fakes, (size) => sampleCopulaBatch(model, size, latentRng), guard);
      },
    };
  },
};

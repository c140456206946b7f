import { forkIndexed, type Random } from '../random';
import type { ColumnData, Table } from '../schema';
import { inputError, throwIfAborted } from '../errors';
import type { FitInput, FittedModel, Generator, ModelDescription, SynthContext } from './generator';
import { columnDecisionsOf, drawBatch, reportFit } from './correlated/common';
import { fakeColumnsOf } from './correlated/fakeColumns';
import { drawAll } from './columns';
import { uniqueRowGuard } from './correlated/uniqueGuard';
import { choleskyLower, nearestCorrelation } from './correlated/nearestPD';
import { normalCdf, normalQuantile } from '../math/normal';
import { pearson } from '../math/association';
import { polychoric } from './correlated/polychoric';
import { personCodesOf, prepareColumns, type PreparedCategory, type PreparedColumn, type PreparedNumber } from './correlated/prepare';
import { roundWithin } from './marginals';
import { drawTailRows } from './tails';
import { holdersPerValue, rareIntervalsOf, type RareIntervals } from './correlated/rareValues';
import { latentBlocksOf, MAX_BLOCK_LATENTS, type LatentBlocks } from './correlated/blocks';
import { MAX_BATCH_ROWS } from './generator';
import { t } from '../l10n';

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
  /** `intervalAt`: per sorted position, the rare interval its value is drawn from (−1: a common value, kept). */
  | { kind: 'value'; column: number; sorted: Float64Array; intervals: RareIntervals; intervalAt: Int32Array }
  | { kind: 'missing'; column: number; presentShare: number }
  | { kind: 'category'; column: number; order: Int32Array; cum: Float64Array };

/** Latent variables whose correlations are modelled together (see correlated/blocks.ts). */
export interface CopulaBlock {
  /** Latent indices, ascending. */
  latents: Int32Array;
  /** Their correlation matrix, after repair. */
  correlation: number[][];
  /** Its Cholesky factor, row-major k×k (k latents). */
  cholesky: Float64Array;
}

/** The fitted copula, exported for tests. */
export interface CopulaModel {
  prepared: PreparedColumn[];
  latents: Latent[];
  /** One block of every latent for ordinary widths; independent blocks for wide data. */
  blocks: CopulaBlock[];
  /** How the blocks were found. */
  blocking: LatentBlocks;
  /** Whether any block's correlation matrix had to be repaired. */
  repaired: boolean;
}

/**
 * Matrix-repair work allowed per block (iterations × k³): a wide file's rank-deficient blocks
 * (more variables than rows) stop early; the final eigenvalue clip keeps them positive definite.
 * Blocks up to 46 latents keep the full 200 iterations.
 */
const REPAIR_BUDGET = 2e7;

/** Cells (rows × latents) of normal draws held per sampled batch: batches shrink as the width grows. */
const DRAWS_PER_BATCH = 1 << 22;

/** Rows per sampled batch for `latents` latent variables (≤ MAX_BATCH_ROWS). */
export function copulaBatchRows(latents: number): number {
  return Math.max(1, Math.min(MAX_BATCH_ROWS, Math.floor(DRAWS_PER_BATCH / Math.max(1, latents))));
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
export function fitCopulaModel(prepared: PreparedColumn[], n: number, rng: Random, rareValueCount = 10, personOf: Int32Array | null = null, signal?: AbortSignal): CopulaModel {
  const latents: Latent[] = [];
  // Per latent, the normal scores of every row where they are needed (continuous number
  // variables, for Pearson correlations; null elsewhere), and those of a systematic sample of
  // rows (every `stride`-th, contiguous) for ordering the categories: that is all category scores
  // are used for, so they are only ever computed there.
  const scores: (Float64Array | null)[] = [];
  const sampled: Float64Array[] = [];
  const stride = Math.max(1, Math.ceil(n / PARTNER_SAMPLE));
  const m = Math.ceil(n / stride);
  const cats: { latent: number; slotOf: Int32Array; counts: Float64Array; sampledSlots: Int32Array; sampledJitter: Float64Array }[] = [];
  // Per latent: its ordered blocks (for the polychoric estimate) and whether it is continuous.
  const discrete: { blocks: Int32Array; continuous: boolean }[] = [];
  prepared.forEach((p, column) => {
    if (p.kind === 'fake') return;
    const r = rng.fork(`copula:scores:${p.meta.name}`);
    if (p.kind === 'number') {
      const present = n - p.missing;
      if (present > 0) {
        const { sorted, z, blocks, distinct, firsts } = numberScores(p.values, present, r);
        const continuous = distinct > ESTIMATION_BLOCKS;
        latents.push({ kind: 'value', column, sorted, ...smoothedRuns(p.values, sorted, firsts, rareValueCount, personOf) });
        scores.push(continuous ? z : null);
        sampled.push(strided(z, stride, m));
        discrete.push({ blocks, continuous });
      }
      if (p.missing > 0) {
        const presentShare = present / n;
        latents.push({ kind: 'missing', column, presentShare });
        const z = new Float64Array(n);
        const blocks = new Int32Array(n);
        missingScores(p.values, presentShare, r, z, blocks);
        discrete.push({ blocks, continuous: false });
        scores.push(null);
        sampled.push(strided(z, stride, m));
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
    // One uniform per row, drawn once: a row keeps its relative place within its category's
    // interval whatever the order of the categories.
    const sampledJitter = sampledUniforms(n, r, stride, m);
    const sampledSlots = stridedInts(slotOf, stride, m);
    const z = new Float64Array(m);
    categoryScores(latent, sampledSlots, counts, n, sampledJitter, z);
    latents.push(latent);
    scores.push(null);
    sampled.push(z);
    discrete.push({ blocks: new Int32Array(n), continuous: false });
    cats.push({ latent: latents.length - 1, slotOf, counts, sampledSlots, sampledJitter });
  });
  // The copula sees a category column through one ordering of its categories; frequency order is
  // arbitrary. Reorder each by the mean score, within each category, of the variable it is most
  // associated with (largest correlation ratio), so that monotone relationships (education and
  // education-num) become linear in the scores. Two sweeps; marginals are unaffected.
  // Wide data: blocks from the scores so far (categories in frequency order), and a category's
  // partner is looked for within its block only.
  const blocking = latentBlocksOf(sampled, MAX_BLOCK_LATENTS, signal);
  const blockOf = new Int32Array(latents.length);
  blocking.blocks.forEach((b, k) => { for (const v of b) blockOf[v] = k; });
  const totals = sampled.map(totalsOf);
  for (let sweep = 0; sweep < 2; sweep++) {
    for (const c of cats) {
      const l = latents[c.latent] as Latent & { kind: 'category' };
      const partner = bestPartnerMeans(c.sampledSlots, c.counts, sampled, totals, c.latent, blocking.blocks[blockOf[c.latent]]);
      if (!partner) continue;
      const slots = Array.from(l.order).sort((a, b) => partner[a] - partner[b] || a - b);
      if (slots.every((s, j) => s === l.order[j])) continue;
      l.order = Int32Array.from(slots);
      categoryScores(l, c.sampledSlots, c.counts, n, c.sampledJitter, sampled[c.latent]);
      totals[c.latent] = totalsOf(sampled[c.latent]);
    }
  }
  // Blocks of the category latents follow their final order.
  for (const c of cats) {
    const l = latents[c.latent] as Latent & { kind: 'category' };
    const blockOfSlot = new Int32Array(c.counts.length);
    const k = l.order.length;
    let start = 0;
    for (let j = 0; j < k; j++) {
      blockOfSlot[l.order[j]] = k <= ESTIMATION_BLOCKS ? j : Math.min(ESTIMATION_BLOCKS - 1, Math.floor((start / n) * ESTIMATION_BLOCKS));
      start += c.counts[l.order[j]];
    }
    gather(blockOfSlot, c.slotOf, discrete[c.latent].blocks);
  }
  const blocks: CopulaBlock[] = [];
  let repaired = false;
  for (const members of blocking.blocks) {
    throwIfAborted(signal);
    if (members.length === 1) { blocks.push({ latents: members, correlation: [[1]], cholesky: Float64Array.of(1) }); continue; }
    const raw = latentCorrelations(Array.from(members, (v) => scores[v]), Array.from(members, (v) => discrete[v]));
    const k = members.length;
    const fixed = nearestCorrelation(raw, { maxIterations: Math.max(10, Math.min(200, Math.floor(REPAIR_BUDGET / (k * k * k)))) });
    repaired ||= fixed.repaired;
    blocks.push({ latents: members, correlation: fixed.matrix, cholesky: choleskyLower(fixed.matrix) });
  }
  return { prepared, latents, blocks, blocking, repaired };
}

/**
 * The is-missing indicator of a number column: per row its block (1 missing, 0 present) and its
 * score, uniform within the indicator's interval ([present share, 1) when missing), one draw per row.
 */
function missingScores(values: Float64Array, presentShare: number, rng: Random, z: Float64Array, blocks: Int32Array): void {
  for (let i = 0; i < values.length; i++) {
    const missing = Number.isNaN(values[i]);
    blocks[i] = missing ? 1 : 0;
    const u = missing ? presentShare + rng.next() * (1 - presentShare) : rng.next() * presentShare;
    z[i] = normalQuantile(clampU(u));
  }
}

/** x[0], x[stride], x[2·stride], … (m values). */
function strided(x: Float64Array, stride: number, m: number): Float64Array {
  if (stride === 1) return x;
  const out = new Float64Array(m);
  for (let j = 0, i = 0; j < m; j++, i += stride) out[j] = x[i];
  return out;
}

function stridedInts(x: Int32Array, stride: number, m: number): Int32Array {
  if (stride === 1) return x;
  const out = new Int32Array(m);
  for (let j = 0, i = 0; j < m; j++, i += stride) out[j] = x[i];
  return out;
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

/** Of n uniforms in [0, 1) drawn from rng in order, those of rows 0, stride, 2·stride, … (m). */
function sampledUniforms(n: number, rng: Random, stride: number, m: number): Float64Array {
  const out = new Float64Array(m);
  for (let i = 0, j = 0; i < n; i++) {
    const u = rng.next();
    if (i === j * stride) out[j++] = u;
  }
  return out;
}

/**
 * Fills a category latent's cumulative bounds from its order (`counts` of `n` rows), and the
 * score of each sampled row (its slot in `slots`): at its `jitter` share within its category's interval.
 */
function categoryScores(l: Latent & { kind: 'category' }, slots: Int32Array, counts: Float64Array, n: number, jitter: Float64Array, z: Float64Array): void {
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
  for (let i = 0; i < slots.length; i++) {
    const s = slots[i];
    z[i] = normalQuantile(clampU(start[s] + jitter[i] * width[s]));
  }
}

/** Sum, sum of squares and count of the present (non-NaN) scores, in row order. */
interface Totals { tot: number; tot2: number; m: number }

function totalsOf(z: Float64Array): Totals {
  let tot = 0, tot2 = 0, m = 0;
  for (let i = 0; i < z.length; i++) {
    const x = z[i];
    if (x !== x) continue;
    tot += x; tot2 += x * x; m++;
  }
  return { tot, tot2, m };
}

/**
 * Mean score per category slot (`slots`: each sampled row's) of the other latent with the largest
 * correlation ratio η² (between-category share of its variance), over the sampled rows, or null
 * when no latent varies with the categories. `totals`: each latent's {@link totalsOf}.
 */
function bestPartnerMeans(slots: Int32Array, counts: Float64Array, scores: readonly Float64Array[], totals: readonly Totals[], self: number, candidates: Int32Array): Float64Array | null {
  const k = counts.length;
  let best: Float64Array | null = null;
  let bestEta = 1e-4;
  const sum = new Float64Array(k);
  const cnt = new Float64Array(k);
  for (const v of candidates) {
    if (v === self) continue;
    const { tot, tot2, m } = totals[v];
    if (m < 2) continue;
    const totalSs = tot2 - (tot * tot) / m;
    if (!(totalSs > 0)) continue;
    groupSums(scores[v], slots, sum, cnt);
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

/** Per slot, the sum and count of the present z (into sum/cnt, cleared first). */
function groupSums(z: Float64Array, slots: Int32Array, sum: Float64Array, cnt: Float64Array): void {
  sum.fill(0); cnt.fill(0);
  for (let i = 0; i < z.length; i++) {
    const x = z[i];
    if (x !== x) continue;
    const s = slots[i];
    sum[s] += x; cnt[s]++;
  }
}

/**
 * Sorted non-missing values, the normal scores of every row (NaN where missing), the ordered
 * block of every row for correlation estimation (each distinct value, or ESTIMATION_BLOCKS
 * quantile groups that never split ties; −1 missing) and the number of distinct values.
 * One uniform draw from `rng` per non-missing row, in row order. Exported for tests.
 */
export function numberScores(values: Float64Array, present: number, rng: Random): { sorted: Float64Array; z: Float64Array; blocks: Int32Array; distinct: number; firsts: Int32Array } {
  // Each pass over the rows is a function of its own (see above): one-off code with several
  // loops would be compiled again for every loop it reaches.
  const n = values.length;
  const group = new Int32Array(n);
  let runs: Runs;
  const span = integerSpan(values);
  if (span >= 0) {
    // Integers within a short range (ages, counts, codes, scores): a counting sort, and each
    // row's value found in a table indexed by the value — the same order and blocks as below.
    const min = minPresent(values);
    const counts = new Int32Array(span + 1);
    countValues(values, min, counts);
    const table = new Int32Array(span + 1);
    runs = runsOfCounts(counts, min, present, table);
    groupsByTable(values, table, min, group);
  } else {
    const sorted = presentValues(values, present);
    sorted.sort(); // native numeric sort; each row's block of ranks is then found by binary search
    runs = runsOf(sorted);
    groupsBySearch(values, runs.distinctValues, group);
  }
  const distinct = runs.distinctValues.length;
  const z = new Float64Array(n);
  const blocks = new Int32Array(n);
  rankScores(values, group, runs.firsts, present, distinct, rng, z, blocks);
  return { sorted: runs.sorted, z, blocks, distinct, firsts: runs.firsts };
}

/** Widest range of integer values sorted by counting and looked up in a table. */
const LOOKUP_RANGE = 65_536;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * max − min of the non-missing values when they are all safe integers (no −0, which a numeric
 * sort puts before 0) within LOOKUP_RANGE of each other; else −1 (also when there are none).
 */
function integerSpan(values: Float64Array): number {
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    if (!Number.isInteger(v) || (v === 0 && 1 / v < 0)) return -1;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  // Safe integers only, so that min + k is exactly each value again.
  return min >= -MAX_SAFE && max <= MAX_SAFE && max >= min && max - min < LOOKUP_RANGE ? max - min : -1;
}

function minPresent(values: Float64Array): number {
  let min = Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] < min) min = values[i];
  return min;
}

/** counts[v − min]++ for each non-missing value v. */
function countValues(values: Float64Array, min: number, counts: Int32Array): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === v) counts[v - min]++;
  }
}

/** The sorted values, their distinct values and the first sorted position of each (then the length). */
interface Runs { sorted: Float64Array; distinctValues: Float64Array; firsts: Int32Array }

/** {@link Runs} from the counts of the integers min, min + 1, …; `table[v − min]` gets each value's index among the distinct ones. */
function runsOfCounts(counts: Int32Array, min: number, present: number, table: Int32Array): Runs {
  let distinct = 0;
  for (let k = 0; k < counts.length; k++) if (counts[k] > 0) distinct++;
  const sorted = new Float64Array(present);
  const distinctValues = new Float64Array(distinct);
  const firsts = new Int32Array(distinct + 1);
  for (let k = 0, g = 0, at = 0; k < counts.length; k++) {
    const c = counts[k];
    if (c === 0) continue;
    const v = min + k;
    sorted.fill(v, at, at + c);
    distinctValues[g] = v;
    firsts[g] = at;
    table[k] = g++;
    at += c;
  }
  firsts[distinct] = present;
  return { sorted, distinctValues, firsts };
}

/** The non-missing values, in row order. */
function presentValues(values: Float64Array, present: number): Float64Array {
  const out = new Float64Array(present);
  let m = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) out[m++] = values[i];
  return out;
}

/** {@link Runs} of an ascending array. */
function runsOf(sorted: Float64Array): Runs {
  const n = sorted.length;
  let distinct = 0;
  for (let j = 0; j < n; j++) if (j === 0 || sorted[j] !== sorted[j - 1]) distinct++;
  const firsts = new Int32Array(distinct + 1);
  const distinctValues = new Float64Array(distinct);
  for (let j = 0, g = 0; j < n; j++) if (j === 0 || sorted[j] !== sorted[j - 1]) { firsts[g] = j; distinctValues[g++] = sorted[j]; }
  firsts[distinct] = n;
  return { sorted, firsts, distinctValues };
}

/**
 * Per non-missing row (in order, one draw each): its normal score, uniform within its value's
 * block of ranks firsts[g]..firsts[g+1]−1, and its estimation block; NaN and −1 where missing.
 */
function rankScores(
  values: Float64Array, group: Int32Array, firsts: Int32Array, present: number, distinct: number, rng: Random,
  z: Float64Array, blocks: Int32Array,
): void {
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i])) { z[i] = NaN; blocks[i] = -1; continue; }
    const g = group[i];
    const s = firsts[g], e = firsts[g + 1];
    z[i] = normalQuantile(clampU((s + rng.next() * (e - s)) / present));
    blocks[i] = distinct <= ESTIMATION_BLOCKS ? g : Math.min(ESTIMATION_BLOCKS - 1, Math.floor((s * ESTIMATION_BLOCKS) / present));
  }
}

/** Per non-missing row, the index of its value among the distinct values, by the value (see runsOfCounts). */
function groupsByTable(values: Float64Array, table: Int32Array, min: number, out: Int32Array): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === v) out[i] = table[v - min];
  }
}

/** Per non-missing row, the index of its value in `distinct` (ascending, holding every value), by binary search. */
function groupsBySearch(values: Float64Array, distinct: Float64Array, out: Int32Array): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    // Group g: distinct[g] ≤ v < distinct[g + 1].
    let lo = 0, hi = distinct.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (distinct[mid] <= v) lo = mid;
      else hi = mid - 1;
    }
    out[i] = lo;
  }
}

/**
 * Latent correlations: Pearson on the normal scores when both variables are continuous; the
 * polychoric correlation (maximum likelihood under the thresholded-Gaussian model the copula
 * samples from) when either is discrete — Pearson on within-category jittered scores would
 * attenuate those dependencies (a missing indicator that follows a category exactly, education
 * and its number). Pairwise complete rows.
 */
function latentCorrelations(scores: readonly (Float64Array | null)[], discrete: readonly { blocks: Int32Array; continuous: boolean }[]): number[][] {
  const d = scores.length;
  const out = pearsonMatrix(scores, (a, b) => discrete[a].continuous && discrete[b].continuous);
  // Blocks shifted by one (0 = missing) into bytes, so a pair's contingency table is one
  // branch-free counting pass over the rows; the missing row and column are dropped after.
  const coded = discrete.map((x) => new Uint8Array(x.blocks.length));
  const nb = discrete.map((x, v) => shiftBlocks(x.blocks, coded[v]));
  const full = new Int32Array((ESTIMATION_BLOCKS + 1) * (ESTIMATION_BLOCKS + 1));
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) {
    if (discrete[a].continuous && discrete[b].continuous) continue;
    const ra = nb[a], cb = nb[b];
    if (ra < 2 || cb < 2) { out[a][b] = out[b][a] = 0; continue; }
    const w = cb + 1;
    countPairs(coded[a], coded[b], w, full);
    const table = new Float64Array(ra * cb);
    presentCells(full, w, ra, cb, table);
    const r = polychoric(table, ra, cb, 1e-4);
    out[a][b] = out[b][a] = r;
  }
  return out;
}

/** out[i] = blocks[i] + 1 (0 where missing); returns the number of blocks (the largest block + 1). */
function shiftBlocks(blocks: Int32Array, out: Uint8Array): number {
  let m = 0;
  for (let i = 0; i < blocks.length; i++) {
    const c = blocks[i] + 1;
    out[i] = c;
    if (c > m) m = c;
  }
  return m;
}

/** The ra×cb table of a (ra+1)×w count table without its first (missing) row and column. */
function presentCells(full: Int32Array, w: number, ra: number, cb: number, table: Float64Array): void {
  for (let x = 0; x < ra; x++) for (let y = 0; y < cb; y++) table[x * cb + y] = full[(x + 1) * w + y + 1];
}

/**
 * Pearson correlations on pairwise complete rows (of the pairs `include` selects, whose columns
 * must be given; others 0, and a null column is never included); a constant column gives 0.
 */
export function pearsonMatrix(cols: readonly (Float64Array | null)[], include: (a: number, b: number) => boolean = () => true): number[][] {
  const d = cols.length;
  const out: number[][] = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let a = 0; a < d; a++) {
    out[a][a] = 1;
    for (let b = 0; b < a; b++) {
      const x = cols[a], y = cols[b];
      if (!x || !y || !include(a, b)) continue;
      const r = pearsonPair(x, y);
      out[a][b] = r;
      out[b][a] = r;
    }
  }
  return out;
}

/** Pearson correlation of x and y on the rows where both are present; 0 when constant or on fewer than three rows (two always give ±1). */
function pearsonPair(x: Float64Array, y: Float64Array): number {
  const r = pearson(x, y, 3);
  return Number.isNaN(r) ? 0 : r;
}

/** Counts the pairs (xa[i], xb[i]) into full[xa·w + xb], which it clears first. */
function countPairs(xa: Uint8Array, xb: Uint8Array, w: number, full: Int32Array): void {
  full.fill(0);
  for (let i = 0; i < xa.length; i++) full[xa[i] * w + xb[i]]++;
}

/**
 * Samples `rows` rows of a fitted copula into one Table (the twin's columns in order).
 * `latent` gives the Gaussian draws. Faked columns are left empty here (filled from the fake stream).
 */
export function sampleCopulaBatch(model: CopulaModel, rows: number, latent: NormalDraws): Table {
  const { prepared, latents, blocks } = model;
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
  // by row: the d normals of each row in turn, z_j = Σ_k≤j L_jk·e_k over the latents of j's block.
  const e = new Float64Array(rows * d);
  latent.fill(e);
  const z = new Float64Array(rows);
  for (const block of blocks) for (let t = 0; t < block.latents.length; t++) {
    const j = block.latents[t];
    latentColumn(e, d, block, t, z);
    const l = latents[j];
    const p = prepared[l.column];
    if (l.kind === 'value') {
      // A missing draw (from the indicator, which follows) overwrites these.
      valuesFromScores(z, l.sorted, l.intervals, l.intervalAt, p as PreparedNumber, (columns[l.column].data as { values: Float64Array }).values);
    } else if (l.kind === 'missing') {
      missingFromScores(z, zBounds[j][0], (columns[l.column].data as { values: Float64Array }).values);
    } else {
      codesFromScores(z, zBounds[j], l.order, (p as PreparedCategory).labels.length, (columns[l.column].data as { codes: Int32Array }).codes);
    }
  }
  return { rowCount: rows, columns };
}

/**
 * Standard normals from a Random by Box–Muller, draw for draw what repeated `rng.normal()` calls
 * give — the cosine of each pair first, its sine kept for the next draw, also across calls —
 * with the kept value held here unboxed rather than in the Random between calls. The copula's
 * latent stream is drawn only through one of these.
 */
export class NormalDraws {
  private spare = 0;
  private hasSpare = false;
  constructor(private readonly rng: Random) {}

  /** Fills `out` with the next out.length draws. */
  fill(out: Float64Array): void {
    const n = out.length;
    let i = 0;
    if (this.hasSpare && n > 0) {
      out[i++] = this.spare;
      this.hasSpare = false;
    }
    i = boxMullerPairs(this.rng, out, i);
    if (i < n) {
      const pair = new Float64Array(2);
      boxMullerPairs(this.rng, pair, 0);
      out[i] = pair[0];
      this.spare = pair[1];
      this.hasSpare = true;
    }
  }
}

/** Pairs of normals into out from `from` while two fit (Random.normal's arithmetic); returns where it stopped. */
function boxMullerPairs(rng: Random, out: Float64Array, from: number): number {
  let i = from;
  for (; i + 1 < out.length; i += 2) {
    let u = 0;
    while (u === 0) u = rng.next();
    const v = rng.next();
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = r * Math.cos(2 * Math.PI * v);
    out[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return i;
}

/**
 * The block's t-th latent of every row: out[i] = Σ_k≤t L[t·b + k]·e[i·d + latents[k]] (e row-major,
 * d per row; L the block's b×b Cholesky factor). One block of all latents reads e[i·d + k] directly.
 */
function latentColumn(e: Float64Array, d: number, block: CopulaBlock, t: number, out: Float64Array): void {
  const { cholesky, latents } = block;
  const b = latents.length;
  const row = t * b;
  if (b === d) {
    for (let i = 0, base = 0; i < out.length; i++, base += d) {
      let acc = 0;
      for (let k = 0; k <= t; k++) acc += cholesky[row + k] * e[base + k];
      out[i] = acc;
    }
    return;
  }
  for (let i = 0, base = 0; i < out.length; i++, base += d) {
    let acc = 0;
    for (let k = 0; k <= t; k++) acc += cholesky[row + k] * e[base + latents[k]];
    out[i] = acc;
  }
}

/**
 * Values at the scores' uniforms Φ(z) through the smoothed empirical quantiles. The first and last
 * sorted positions stand for the real rows beyond the bounds (clipped to them): rows drawn there
 * take the published tail models instead, the batch's rows of each tail together, in the order of
 * their scores (synth/tails.ts drawTailRows).
 */
function valuesFromScores(z: Float64Array, sorted: Float64Array, intervals: RareIntervals, intervalAt: Int32Array, p: PreparedNumber, out: Float64Array): void {
  const m = sorted.length;
  const t = p.tails;
  const lowTail = t?.model.below && t.below > 0 ? t.below : 0;
  const highTail = t?.model.above && t.above > 0 ? t.above : 0;
  const below: number[] = [], belowAt: number[] = [], above: number[] = [], aboveAt: number[] = [];
  for (let i = 0; i < z.length; i++) {
    const h = Math.min(m, Math.max(0, normalCdf(z[i]) * m));
    if (h < lowTail) { below.push(i); belowAt.push(lowTail - h); }
    else if (highTail && h >= m - highTail) { above.push(i); aboveAt.push(h - (m - highTail)); }
    else out[i] = quantileOf(sorted, intervals, intervalAt, h, p);
  }
  if (below.length) drawTailRows(below, belowAt, t!.model.below!, 'below', t!.model, out);
  if (above.length) drawTailRows(above, aboveAt, t!.model.above!, 'above', t!.model, out);
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
 * Empirical quantile at sorted position h = u·m ∈ [0, m], each real value owning 1/m of [0, 1). A
 * common value (held by k or more persons) is returned as it is; a rare one is replaced by the
 * point at the same share of its rare interval (rareValues.ts), so the interval's values come out
 * uniformly spread over it and no rare real value is replayed more often than its neighbours'
 * density gives it. Rounded to the column's step and kept within its coded bounds.
 */
function quantileOf(sorted: Float64Array, intervals: RareIntervals, intervalAt: Int32Array, h: number, p: PreparedNumber): number {
  const m = sorted.length;
  const i = h >= m ? m - 1 : Math.floor(h);
  const j = intervalAt[i];
  let v = sorted[i];
  if (j >= 0) {
    const a = intervals.start[j], b = intervals.end[j];
    v = intervals.low[j] + ((h - a) / (b - a)) * (intervals.high[j] - intervals.low[j]);
  }
  return roundWithin(v, p.step, p.lower, p.upper);
}

/**
 * The rare intervals of a number column (runs held by fewer than `minHolders` persons; rows
 * when `personOf` is null) and, per sorted position, its interval (−1 common).
 */
function smoothedRuns(values: Float64Array, sorted: Float64Array, firsts: Int32Array, minHolders: number, personOf: Int32Array | null): { intervals: RareIntervals; intervalAt: Int32Array } {
  const runs = firsts.length - 1;
  const distinct = new Float64Array(runs);
  for (let g = 0; g < runs; g++) distinct[g] = sorted[firsts[g]];
  const holders = personOf ? holdersPerValue(values, distinct, personOf) : Int32Array.from({ length: runs }, (_, g) => firsts[g + 1] - firsts[g]);
  const intervals = rareIntervalsOf(sorted, firsts, holders, minHolders);
  const intervalAt = new Int32Array(sorted.length);
  for (let g = 0; g < runs; g++) intervalAt.fill(intervals.intervalOf[g], firsts[g], firsts[g + 1]);
  return { intervals, intervalAt };
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

/** The recipe's sentence on the blocks, empty for one block. */
function blockingSummary(model: CopulaModel): string {
  const { how, screenRows, threshold } = model.blocking;
  if (how === 'single') return '';
  const largest = Math.max(...model.blocks.map((b) => b.latents.length));
  return `too many latent variables for one correlation matrix: ${model.blocks.length} independent blocks of at most ${MAX_BLOCK_LATENTS} (largest ${largest}), `
    + (how === 'screened'
      ? `joined by the strongest pairwise links (|r| ≥ ${threshold.toFixed(2)} on ${screenRows} screened rows); `
      : 'runs of neighbouring columns (too wide to screen every pair); ')
    + 'variables in different blocks drawn independently; ';
}

/** The `copula` method: the default of the correlated level. */
export const copulaGenerator: Generator = {
  method: 'copula',
  level: 'correlated',
  description: 'Gaussian copula over all columns with empirical marginals and modelled missingness',
  supportsEpsilon: false,
  redrawsUniqueRows: true,
  needsRealRows: () => true,
  async fit(input: FitInput, ctx: SynthContext): Promise<FittedModel> {
    if (input.epsilon !== undefined) throw inputError(t('the copula method has no differential-privacy option; use the privbayes method with a privacy budget (epsilon)'));
    if (!input.table) throw inputError(t('the correlated level needs the data file, not metadata.json alone'));
    if (input.table.rowCount === 0) throw inputError(t('the data file has no rows to fit a correlated model on'));
    reportFit(ctx, t('fitting'), 0);
    const prepared = prepareColumns(input.metadata, input.table, ctx.rng.fork('prepare'));
    const model = fitCopulaModel(prepared, input.table.rowCount, ctx.rng.fork('copula:fit'), Math.max(10, input.metadata.disclosure?.threshold ?? 10),
      personCodesOf(input.metadata, input.table), ctx.signal);
    const guard = uniqueRowGuard(prepared, input.table);
    reportFit(ctx, t('fitting'), 1);
    const metadata = input.metadata;
    const fakes = fakeColumnsOf(metadata, prepared, 'copula', 'copula:fakes');
    const fitted: FittedModel = {
      uniqueRows: guard,
      describe(): ModelDescription {
        return {
          level: 'correlated',
          method: 'copula',
          summary: `Gaussian copula over ${model.latents.length} latent variables (empirical marginals clipped to the coded bounds, rare values smoothed over intervals of at least k real values, `
            + 'categories by frequency intervals, an is-missing indicator per number column with missing values; '
            + 'Pearson correlations between continuous scores, polychoric where a variable is discrete); '
            + blockingSummary(model)
            + (model.repaired ? 'correlation matrix repaired to the nearest positive-definite one (Higham 2002). ' : 'correlation matrix positive definite as estimated. ')
            + 'Synthetic rows equal to a unique real row are redrawn (synthpop sdc rm.replicated.uniques).',
          columns: columnDecisionsOf(metadata, prepared, (p) => p.kind === 'number'
            ? `empirical quantiles within [${p.lower}, ${p.upper}]; values held by fewer than k persons never replayed (drawn uniformly over intervals of at least k real values)${p.missing ? '; missingness modelled jointly' : ''}`
            : `published categories only (${(p as PreparedCategory).labels.length}), frequencies kept; missing as a category`),
          parameters: { latentVariables: model.latents.length, correlationBlocks: model.blocks.length, correlationRepaired: model.repaired, redrawReplicatedUniques: true },
        };
      },
      batchRows: copulaBatchRows(model.latents.length),
      draw(first: number, count: number, rows: number, rng: Random): Table {
        const latent = new NormalDraws(forkIndexed(rng, 'copula:latent', first));
        return drawBatch(first, count, rows, rng, fakes, (size) => sampleCopulaBatch(model, size, latent), guard);
      },
      sample(rows: number, sctx: SynthContext): AsyncIterable<Table> {
        return drawAll(fitted, rows, sctx);
      },
    };
    return fitted;
  },
};

import { throwIfAborted } from '../../errors';

/**
 * Most latent variables one correlation block holds. Up to this many, the copula is one block
 * (every pair modelled, as for any ordinary file); wider data is split into blocks of at most
 * this many, modelled independently of each other, so the cubic work (matrix repair, Cholesky)
 * grows linearly with the width instead.
 */
export const MAX_BLOCK_LATENTS = 100;

/** Screening work (pairs × rows) allowed: the rows screened shrink as the pairs grow (2,000 latents: 250 rows). */
const SCREEN_BUDGET = 5e8;

/**
 * Fewest rows a correlation is screened on (the link threshold 4/√rows is then 0.8; fewer rows
 * could link nothing real); with fewer, blocks are runs of neighbouring columns. With the
 * budget, every pair is screened up to about 6,300 latent variables.
 */
const MIN_SCREEN_ROWS = 25;

/** Weakest |correlation| that links two variables into one block (above the screen's noise floor too). */
const MIN_LINK = 0.1;

/** Strongest partners kept per variable while screening (memory stays linear in the width). */
const PARTNERS_KEPT = 16;

/** How the latent variables were split into correlation blocks. */
export interface LatentBlocks {
  /** Each block's latent indices, ascending; blocks ordered by their first latent; every latent in exactly one. */
  blocks: Int32Array[];
  /**
   * `single`: one block of every latent; `screened`: pairs screened on `screenRows` sample rows,
   * linked at |r| ≥ `threshold`, strongest links first, no block above the cap; `adjacent`: too wide
   * (or too few rows) to screen every pair, so runs of neighbouring latents in column order.
   */
  how: 'single' | 'screened' | 'adjacent';
  screenRows: number;
  threshold: number;
}

/**
 * Splits latent variables into blocks of at most `maxBlock` whose correlations are modelled
 * (variables in different blocks are drawn independently). `sampled[v]`: latent v's scores on
 * one systematic sample of rows (NaN where missing), all of one length.
 * Method: a thresholded correlation graph (Pearson on the sampled scores, missing scores at the
 * mean) whose edges, strongest first, join blocks while the joined block stays within the cap
 * (Kruskal's algorithm with a size limit), so the strongest dependencies are the ones kept.
 * The rows screened fall as the pairs grow (SCREEN_BUDGET), which keeps the screen's time
 * bounded; each variable keeps only its PARTNERS_KEPT strongest links, which keeps memory linear.
 */
export function latentBlocksOf(sampled: readonly Float64Array[], maxBlock = MAX_BLOCK_LATENTS, signal?: AbortSignal): LatentBlocks {
  const d = sampled.length;
  if (d <= maxBlock) return { blocks: [Int32Array.from({ length: d }, (_, i) => i)], how: 'single', screenRows: 0, threshold: 0 };
  const m = sampled[0].length;
  const pairs = (d * (d - 1)) / 2;
  const s = Math.min(m, Math.floor(SCREEN_BUDGET / pairs));
  if (s < MIN_SCREEN_ROWS) return { blocks: adjacentBlocks(d, maxBlock), how: 'adjacent', screenRows: 0, threshold: 0 };
  const threshold = Math.max(MIN_LINK, 4 / Math.sqrt(s));
  const x = standardised(sampled, s);
  const partners = new Int32Array(d * PARTNERS_KEPT).fill(-1);
  const strength = new Float64Array(d * PARTNERS_KEPT);
  for (let a = 1; a < d; a++) {
    throwIfAborted(signal);
    for (let b = 0; b < a; b++) {
      const r = Math.abs(dot(x, a * s, b * s, s));
      if (r < threshold) continue;
      offer(partners, strength, a, b, r);
      offer(partners, strength, b, a, r);
    }
  }
  return { blocks: joinStrongestFirst(d, partners, strength, maxBlock), how: 'screened', screenRows: s, threshold };
}

/** Runs of `maxBlock` neighbouring latents. */
function adjacentBlocks(d: number, maxBlock: number): Int32Array[] {
  const out: Int32Array[] = [];
  for (let a = 0; a < d; a += maxBlock) out.push(Int32Array.from({ length: Math.min(maxBlock, d - a) }, (_, i) => a + i));
  return out;
}

/**
 * Each latent's scores on `s` of the sample rows (evenly spaced), missing at the mean, centred
 * and scaled to unit length (all zero when constant), one after another: a dot product is then
 * the Pearson correlation.
 */
function standardised(sampled: readonly Float64Array[], s: number): Float64Array {
  const d = sampled.length;
  const m = sampled[0].length;
  const out = new Float64Array(d * s);
  for (let v = 0; v < d; v++) standardiseInto(sampled[v], m, s, out, v * s);
  return out;
}

function standardiseInto(z: Float64Array, m: number, s: number, out: Float64Array, at: number): void {
  let sum = 0, k = 0;
  for (let t = 0; t < s; t++) {
    const x = z[Math.floor((t * m) / s)];
    out[at + t] = x;
    if (x === x) { sum += x; k++; }
  }
  const mean = k ? sum / k : 0;
  let ss = 0;
  for (let t = 0; t < s; t++) {
    const x = out[at + t];
    const c = x === x ? x - mean : 0;
    out[at + t] = c;
    ss += c * c;
  }
  const scale = ss > 1e-24 ? 1 / Math.sqrt(ss) : 0;
  for (let t = 0; t < s; t++) out[at + t] *= scale;
}

function dot(x: Float64Array, a: number, b: number, s: number): number {
  let acc = 0;
  for (let t = 0; t < s; t++) acc += x[a + t] * x[b + t];
  return acc;
}

/** Keeps b among a's PARTNERS_KEPT strongest partners (replacing the weakest when full). */
function offer(partners: Int32Array, strength: Float64Array, a: number, b: number, r: number): void {
  const base = a * PARTNERS_KEPT;
  let weakest = base;
  for (let i = base; i < base + PARTNERS_KEPT; i++) {
    if (partners[i] < 0) { partners[i] = b; strength[i] = r; return; }
    if (strength[i] < strength[weakest]) weakest = i;
  }
  if (r > strength[weakest]) { partners[weakest] = b; strength[weakest] = r; }
}

/** Union–find over the kept links, strongest first, joining only while the block stays within `maxBlock`. */
function joinStrongestFirst(d: number, partners: Int32Array, strength: Float64Array, maxBlock: number): Int32Array[] {
  const links: number[] = [];
  for (let i = 0; i < partners.length; i++) if (partners[i] >= 0) links.push(i);
  // Strongest first; ties by position, so the blocks do not depend on the sort's stability.
  links.sort((i, j) => strength[j] - strength[i] || i - j);
  const parent = Int32Array.from({ length: d }, (_, i) => i);
  const size = new Int32Array(d).fill(1);
  const root = (v: number): number => {
    while (parent[v] !== v) { parent[v] = parent[parent[v]]; v = parent[v]; }
    return v;
  };
  for (const i of links) {
    const a = root(Math.floor(i / PARTNERS_KEPT)), b = root(partners[i]);
    if (a === b || size[a] + size[b] > maxBlock) continue;
    const [big, small] = size[a] >= size[b] ? [a, b] : [b, a];
    parent[small] = big;
    size[big] += size[small];
  }
  const members = new Map<number, number[]>();
  for (let v = 0; v < d; v++) {
    const r = root(v);
    let list = members.get(r);
    if (!list) members.set(r, (list = []));
    list.push(v);
  }
  // Insertion order of the map is the order of each block's first latent.
  return [...members.values()].map((list) => Int32Array.from(list));
}

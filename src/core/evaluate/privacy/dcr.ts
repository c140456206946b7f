import type { JobContext } from '../../context';
import { throwIfAborted } from '../../errors';
import type { Random } from '../../random';
import { median, quantileSorted } from '../../math/describe';
import type { DistanceHistogram, DistanceSummary } from '../report';
import { distanceSpace, encodeRows, NeighbourSearch, orderColumns, type DistanceSpace, type Neighbours } from './distance';
import type { KeySpace, KeyTable } from './keys';
import { sampleIndices } from './sampling';
import { english } from '../../l10n/stored';

/**
 * Distance to closest record (SDMetrics `dcr_utils`, `DCRBaselineProtection`,
 * `DCROverfittingProtection`) and the nearest-neighbour distance ratio.
 *
 * - DCR of a row = its smallest Gower-style distance (see `distance.ts`,
 *   numeric ranges from the real training table for every comparison) to
 *   the real rows.
 * - DCRBaselineProtection = min(median DCR(synthetic → real) /
 *   median DCR(random → real), 1), random rows drawn uniformly within each
 *   real column's range (numeric/date) or from its distinct categories,
 *   missing with the real column's missing rate.
 * - DCROverfittingProtection = min(2·(1 − p), 1), p = share of synthetic
 *   rows strictly closer to the training rows than to the holdout rows.
 *   SDMetrics compares against both tables whole; when their sizes differ
 *   by more than 10% the larger is sub-sampled (seeded) to the smaller's
 *   size here, because the denser side is nearer by chance and p ≈ ½ is the
 *   ideal only for equal sizes (on UCI Adult, 32,561 training vs 16,281
 *   holdout rows, an independent-columns twin would otherwise show
 *   p ≈ 0.66). A twin of copied rows still reads as over-fitted: p ≈ ¾.
 * - NNDR = DCR / distance to the second-closest real row (0 when both are 0:
 *   the row sits on duplicated real records).
 *
 * Sampling (DCR is quadratic): at most `queryRows` (2,000) synthetic rows
 * (seeded sample) are measured against at most `referenceRows` (50,000)
 * real and holdout rows; the holdout → real distribution uses at most
 * 1,000 holdout rows and the random baseline 500 random rows. The report
 * states the rows used.
 */

export interface DcrOptions {
  /** Synthetic (and holdout, random) rows whose DCR is measured. Default 2,000. */
  queryRows?: number;
  /** Largest number of real (and holdout) reference rows; larger tables are sampled. Default 50,000. */
  referenceRows?: number;
  /** Histogram bins. Default 20. */
  bins?: number;
}

export const DEFAULT_DCR_QUERY_ROWS = 2000;
export const DEFAULT_DCR_REFERENCE_ROWS = 50_000;
/** Holdout rows whose DCR to the real rows is measured (the "unseen real data" distribution). */
export const DEFAULT_DCR_HOLDOUT_QUERY_ROWS = 1000;
/** Random rows whose DCR is measured: they lie far from every real row, so each is costly and their median settles fast. */
export const DEFAULT_DCR_RANDOM_ROWS = 500;

export interface DcrResult {
  /** Mean-distance DCR of each measured row (unsorted, in sample order). */
  synthetic: Float64Array;
  holdout: Float64Array | null;
  random: Float64Array;
  nndr: Float64Array;
  /** DCR of the same synthetic rows to the holdout rows (for the overfitting share). */
  syntheticToHoldout: Float64Array | null;
  baselineProtection: number | null;
  overfitting: { score: number; closerToTraining: number } | null;
  rows: { synthetic: number; real: number; holdout?: number };
  notes: string[];
}

/** Computes DCR(synthetic/holdout/random → real), NNDR and the SDMetrics protection scores. */
export function computeDcr(
  space: KeySpace,
  real: KeyTable,
  synthetic: KeyTable,
  holdout: KeyTable | null,
  rng: Random,
  options: DcrOptions = {},
  ctx: JobContext = {},
  progress: (fraction: number) => void = () => {},
): DcrResult {
  const queryRows = options.queryRows ?? DEFAULT_DCR_QUERY_ROWS;
  const referenceRows = options.referenceRows ?? DEFAULT_DCR_REFERENCE_ROWS;
  const ds = distanceSpace(space, [real]);
  const width = ds.width;
  const all = Int32Array.from({ length: width }, (_, i) => i);
  const notes: string[] = [];

  const refIdx = sampleIndices(real.rows, referenceRows, rng.fork('reference'));
  const ref = encodeRows(ds, real, refIdx);
  const nRef = refIdx.length;
  const cols = orderColumns(ds, ref, nRef, all, rng.fork('order'));
  const toReal = new NeighbourSearch(ds, ref, nRef, cols);

  const synIdx = sampleIndices(synthetic.rows, queryRows, rng.fork('synthetic'));
  const syn = encodeRows(ds, synthetic, synIdx);
  const nSyn = synIdx.length;

  let holdRef: Float64Array | null = null;
  let nHoldRef = 0;
  let holdQuery: Float64Array | null = null;
  let nHoldQuery = 0;
  if (holdout !== null && holdout.rows > 0) {
    const hIdx = sampleIndices(holdout.rows, referenceRows, rng.fork('holdout-reference'));
    holdRef = encodeRows(ds, holdout, hIdx);
    nHoldRef = hIdx.length;
    const hq = sampleIndices(holdout.rows, Math.min(queryRows, DEFAULT_DCR_HOLDOUT_QUERY_ROWS), rng.fork('holdout-query'));
    holdQuery = encodeRows(ds, holdout, hq);
    nHoldQuery = hq.length;
  }
  const nRandom = Math.min(nSyn, DEFAULT_DCR_RANDOM_ROWS);
  const random = randomRows(ds, real, nRandom, rng.fork('random'));

  const total = nSyn * (holdRef ? 2 : 1) + nHoldQuery + nRandom;
  let done = 0;
  const tick = (i: number): void => {
    if ((i & 63) === 63) {
      throwIfAborted(ctx.signal);
      progress(done / total);
    }
    done++;
  };

  const n: Neighbours = { best: 0, second: 0, index: 0 };
  const m = width || 1;
  const dcrSyn = new Float64Array(nSyn);
  const nndr = new Float64Array(nSyn);
  for (let i = 0; i < nSyn; i++) {
    tick(i);
    toReal.nearestTwo(syn, i, n);
    dcrSyn[i] = n.best / m;
    nndr[i] = n.second === 0 || n.second === Infinity ? (n.best === 0 ? 0 : 1) : n.best / n.second;
  }
  let synToHold: Float64Array | null = null;
  let overfitting: DcrResult['overfitting'] = null;
  if (holdRef !== null && holdout !== null) {
    // "About half closer to the training rows" is the ideal only when both sides have equally many rows: a larger
    // side is denser, so it is nearer by chance. The larger side is sub-sampled (seeded) to the smaller's size.
    const size = Math.min(nRef, nHoldRef);
    let trainSide: NeighbourSearch = toReal;
    let trainDcr: Float64Array = dcrSyn;
    let holdSide = new NeighbourSearch(ds, holdRef, nHoldRef, cols);
    if (nRef > size * 1.1) {
      const sub = sampleIndices(real.rows, size, rng.fork('overfitting-training'));
      trainSide = new NeighbourSearch(ds, encodeRows(ds, real, sub), sub.length, cols);
      trainDcr = new Float64Array(nSyn);
      notes.push(english('For the overfitting share the {0} training rows were sub-sampled to the holdout\'s {1} rows (seeded), so that about half is the ideal.', real.rows, size));
    } else if (nHoldRef > size * 1.1) {
      const sub = sampleIndices(holdout.rows, size, rng.fork('overfitting-holdout'));
      holdSide = new NeighbourSearch(ds, encodeRows(ds, holdout, sub), sub.length, cols);
      notes.push(english('For the overfitting share the {0} holdout rows were sub-sampled to the training table\'s {1} rows (seeded), so that about half is the ideal.', holdout.rows, size));
    }
    synToHold = new Float64Array(nSyn);
    let closer = 0;
    for (let i = 0; i < nSyn; i++) {
      tick(i);
      if (trainDcr !== dcrSyn) trainDcr[i] = trainSide.nearestOne(syn, i, n).best / m;
      synToHold[i] = holdSide.nearestOne(syn, i, n).best / m;
      if (trainDcr[i] < synToHold[i]) closer++;
    }
    const share = nSyn ? closer / nSyn : 0;
    overfitting = { score: Math.min(2 * (1 - share), 1), closerToTraining: share };
  }
  let dcrHold: Float64Array | null = null;
  if (holdQuery !== null) {
    dcrHold = new Float64Array(nHoldQuery);
    for (let i = 0; i < nHoldQuery; i++) {
      tick(i);
      dcrHold[i] = toReal.nearestOne(holdQuery, i, n).best / m;
    }
  }
  const dcrRandom = new Float64Array(nRandom);
  for (let i = 0; i < nRandom; i++) {
    tick(i);
    dcrRandom[i] = toReal.nearestOne(random, i, n).best / m;
  }
  progress(1);

  const medSyn = median(dcrSyn);
  const medRandom = median(dcrRandom);
  const baselineProtection = nSyn === 0 || !(medRandom > 0) ? null : Math.min(medSyn / medRandom, 1);
  if (baselineProtection === null && nSyn > 0) notes.push(english('DCRBaselineProtection is undefined: random rows lie on real rows (median random DCR is 0).'));
  if (nSyn < synthetic.rows || nRef < real.rows) {
    // Whole templates, one per case: a translation orders its own words.
    notes.push(holdRef
      ? (nHoldQuery
        ? english('DCR and NNDR were measured for a seeded sample of {0} of {1} synthetic rows against {2} of {3} real rows and {4} holdout rows; the holdout and random distributions use {5} and {6} rows.', nSyn, synthetic.rows, nRef, real.rows, nHoldRef, nHoldQuery, nRandom)
        : english('DCR and NNDR were measured for a seeded sample of {0} of {1} synthetic rows against {2} of {3} real rows and {4} holdout rows; the holdout and random distributions use {5} rows.', nSyn, synthetic.rows, nRef, real.rows, nHoldRef, nRandom))
      : (nHoldQuery
        ? english('DCR and NNDR were measured for a seeded sample of {0} of {1} synthetic rows against {2} of {3} real rows; the holdout and random distributions use {4} and {5} rows.', nSyn, synthetic.rows, nRef, real.rows, nHoldQuery, nRandom)
        : english('DCR and NNDR were measured for a seeded sample of {0} of {1} synthetic rows against {2} of {3} real rows; the holdout and random distributions use {4} rows.', nSyn, synthetic.rows, nRef, real.rows, nRandom)));
  }
  return {
    synthetic: dcrSyn,
    holdout: dcrHold,
    random: dcrRandom,
    nndr,
    syntheticToHoldout: synToHold,
    baselineProtection,
    overfitting,
    rows: holdRef ? { synthetic: nSyn, real: nRef, holdout: nHoldRef } : { synthetic: nSyn, real: nRef },
    notes,
  };
}

/**
 * Rows drawn uniformly within each real column's range or from its distinct values, each value missing with the
 * real column's missing rate (SDMetrics `DCRBaselineProtection`'s random data, keeping missingness). Encoded.
 */
function randomRows(ds: DistanceSpace, real: KeyTable, n: number, rng: Random): Float64Array {
  const w = ds.width;
  const out = new Float64Array(n * w);
  for (let c = 0; c < w; c++) {
    const col = real.cols[c];
    const isCode = col instanceof Int32Array;
    let missing = 0;
    const distinct = new Set<number>();
    for (let i = 0; i < real.rows; i++) {
      const v = col[i];
      if (isCode ? v < 0 : v !== v) missing++;
      else if (ds.numeric[c] !== 1) distinct.add(v);
    }
    const values = Array.from(distinct).sort((a, b) => a - b);
    const pMissing = real.rows ? missing / real.rows : 0;
    const missingCode = isCode ? -1 : ds.numeric[c] === 1 ? NaN : -Infinity;
    const present = real.rows - missing;
    for (let i = 0; i < n; i++) {
      let v: number;
      if (present === 0 || rng.next() < pMissing) v = missingCode;
      else if (ds.numeric[c] === 1) v = rng.next();
      else v = values[rng.int(values.length)];
      out[i * w + c] = v;
    }
  }
  return out;
}

/** Count, min, 5th percentile, median, mean, 95th percentile and max (numpy linear quantiles). */
export function summarizeDistances(values: Float64Array): DistanceSummary {
  const s = Float64Array.from(values).sort();
  const n = s.length;
  if (n === 0) return { count: 0, min: 0, p05: 0, median: 0, mean: 0, p95: 0, max: 0 };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += s[i];
  return { count: n, min: s[0], p05: quantileSorted(s, 0.05), median: quantileSorted(s, 0.5), mean: sum / n, p95: quantileSorted(s, 0.95), max: s[n - 1] };
}

/**
 * Histogram of several distance series on shared edges from 0 to `upper` (`bins` equal bins; values ≥ upper fall
 * in the last bin). With no `upper`, the edges end at the largest value rounded up to a multiple of 0.05 (at most 1).
 */
export function distanceHistogram(series: { label: 'synthetic' | 'holdout' | 'random'; values: Float64Array }[], bins = 20, upper?: number): DistanceHistogram {
  let hi = upper ?? 0;
  if (upper === undefined) {
    for (const s of series) for (let i = 0; i < s.values.length; i++) if (s.values[i] > hi) hi = s.values[i];
    hi = Math.min(1, Math.max(0.05, Math.ceil(hi / 0.05 - 1e-9) * 0.05));
  }
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : (hi * i) / bins));
  return {
    edges,
    series: series.map(({ label, values }) => {
      const counts = new Array<number>(bins).fill(0);
      for (let i = 0; i < values.length; i++) {
        // The small tolerance keeps values on an edge (0.3 of 0.4 in 4 bins) out of the bin below despite rounding.
        const b = Math.min(bins - 1, Math.max(0, Math.floor((values[i] / hi) * bins + 1e-9)));
        counts[b]++;
      }
      return { label, counts };
    }),
  };
}

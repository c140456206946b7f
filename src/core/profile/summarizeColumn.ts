import type { ColumnAccumulator, NumberAccumulator } from './columnAccumulator';
import { LENGTH_CAP } from './columnAccumulator';
import type { Inference } from './inferColumn';
import type { LengthProfile, NumericProfile, TailValues } from './types';
import { quantileSorted } from '../math/describe';
import { isNumericType } from '../schema';

/** p = 0, 0.01, …, 1. */
export const PERCENT_POINTS: readonly number[] = Array.from({ length: 101 }, (_, i) => i / 100);
/** Bins of the profile's equal-width histogram. */
export const PROFILE_BINS = 50;
/** Share at or above which a single value is a point mass. */
export const POINT_MASS_SHARE = 0.05;

/**
 * Summarises a number/date column: exact moments over every value; quantiles, histogram and
 * outlier counts from the kept values (all of them up to the limit, else the seeded reservoir,
 * with counts scaled to the full column); point masses from exact frequencies.
 */
export function summarizeNumbers(acc: ColumnAccumulator, inference: Inference, seed: number): NumericProfile | undefined {
  if (!isNumericType(inference.spec.type)) return undefined;
  const source: NumberAccumulator | null = inference.monthFirst ? acc.alt : acc.num;
  if (source === null || source.moments.count === 0) return undefined;
  const m = source.moments;
  const sorted = source.reservoir.sorted();
  const exact = source.reservoir.exact;
  const scale = m.count / sorted.length;
  const method = exact ? 'exact' : `reservoir sample of ${sorted.length} values (seed ${seed})`;

  const quantiles = { p: [...PERCENT_POINTS], values: PERCENT_POINTS.map((p) => quantileSorted(sorted, p)) };
  // The sample's extremes stand in for the exact ones in the quantile ends.
  quantiles.values[0] = m.min;
  quantiles.values[100] = m.max;

  const edges: number[] = [];
  const counts: number[] = [];
  if (m.max > m.min) {
    const width = (m.max - m.min) / PROFILE_BINS;
    for (let i = 0; i <= PROFILE_BINS; i++) edges.push(i === PROFILE_BINS ? m.max : m.min + i * width);
    const raw = new Float64Array(PROFILE_BINS);
    for (let i = 0; i < sorted.length; i++) {
      let b = Math.floor((sorted[i] - m.min) / width);
      if (b >= PROFILE_BINS) b = PROFILE_BINS - 1;
      if (b < 0) b = 0;
      raw[b]++;
    }
    for (let i = 0; i < PROFILE_BINS; i++) counts.push(exact ? raw[i] : Math.round(raw[i] * scale));
  } else {
    edges.push(m.min, m.max);
    counts.push(m.count);
  }

  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  const iqr = q3 - q1;
  const lowerFence = q1 - 3 * iqr;
  const upperFence = q3 + 3 * iqr;
  let low = 0;
  let high = 0;
  if (iqr > 0) {
    for (let i = 0; i < sorted.length; i++) {
      if (sorted[i] < lowerFence) low++;
      else if (sorted[i] > upperFence) high++;
    }
  }

  let precision = 0;
  const f = inference.spec.format;
  if (f.kind === 'number') precision = f.decimals ?? Math.min(10, Math.max(acc.decimalsMax, acc.typedNonIntegers > 0 ? 6 : 0));

  const profile: NumericProfile = {
    count: m.count,
    min: m.min,
    max: m.max,
    mean: m.mean,
    sd: m.sd,
    method,
    quantiles,
    histogram: { edges, counts },
    precision,
    outliers: { low: Math.round(low * scale), high: Math.round(high * scale), lowerFence, upperFence },
    pointMasses: pointMassesOf(acc, sorted, m.count, inference.spec.type === 'numeric' || inference.spec.type === 'integer'),
  };
  const tailCount = Math.min(sorted.length, Math.max(TAIL_VALUES_KEPT, Math.ceil(sorted.length * TAIL_SHARE_KEPT)));
  const extremes: TailValues = { low: sorted.slice(0, tailCount), high: sorted.slice(sorted.length - tailCount), scale };
  Object.defineProperty(profile, 'extremes', { value: extremes, enumerable: false });
  return profile;
}

/**
 * Values held at each end for the tail models: the bounds sit about 1% in (further on a small
 * file, k persons in, and coarsened inward), so 3% of the kept values, and at least 2,000 — at
 * most 12,000 a side from a full 200,000-value reservoir. A tail the kept values do not reach
 * back through is not modelled (toMetadata).
 */
const TAIL_SHARE_KEPT = 0.03;
const TAIL_VALUES_KEPT = 2000;

/**
 * Values holding ≥ 5% of the non-missing values (numeric and integer columns only): exact counts
 * while the column's distinct values were all counted, else estimated from the kept sample.
 */
function pointMassesOf(acc: ColumnAccumulator, sorted: Float64Array, total: number, numeric: boolean): NumericProfile['pointMasses'] {
  if (!numeric || total === 0) return [];
  const threshold = POINT_MASS_SHARE * total;
  const pooled = new Map<number, number>();
  if (!acc.overflow) {
    for (const e of acc.numbers.entries()) if (e.count >= threshold) pooled.set(e.value, e.count);
    // Typed sources count booleans/others by text; numbers from text are counted by value above.
    for (const { text, count: c } of acc.texts.entries()) {
      if (c < threshold) continue;
      const v = Number(text);
      if (Number.isFinite(v)) pooled.set(v, (pooled.get(v) ?? 0) + c);
    }
  } else if (sorted.length > 0) {
    const scale = total / sorted.length;
    let i = 0;
    while (i < sorted.length) {
      let j = i + 1;
      while (j < sorted.length && sorted[j] === sorted[i]) j++;
      const c = Math.round((j - i) * scale);
      if (c >= threshold) pooled.set(sorted[i], c);
      i = j;
    }
  }
  const out: NumericProfile['pointMasses'] = [];
  for (const [value, count] of pooled) out.push({ value, count, share: count / total });
  out.sort((a, b) => b.count - a.count);
  return out;
}

/** Length distribution from the exact length histogram (an accumulator's, or one a database computed). */
export function summarizeLengths(acc: { nonMissing: number; lengths: ArrayLike<number>; lengthSum: number }): LengthProfile {
  const n = acc.nonMissing;
  if (n === 0) return { min: 0, max: 0, mean: 0, quantiles: { p: [...PERCENT_POINTS], values: PERCENT_POINTS.map(() => 0) } };
  let min = -1;
  let max = 0;
  for (let len = 0; len <= LENGTH_CAP; len++) {
    if (acc.lengths[len] > 0) {
      if (min < 0) min = len;
      max = len;
    }
  }
  // Type-7 quantiles over the multiset of lengths, read from the cumulative counts.
  const orderStat = (k: number): number => {
    let cum = 0;
    for (let len = 0; len <= LENGTH_CAP; len++) {
      cum += acc.lengths[len];
      if (cum > k) return len;
    }
    return max;
  };
  const values = PERCENT_POINTS.map((p) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    const a = orderStat(lo);
    const b = orderStat(Math.min(n - 1, lo + 1));
    return a + (h - lo) * (b - a);
  });
  return { min, max, mean: acc.lengthSum / n, quantiles: { p: [...PERCENT_POINTS], values } };
}

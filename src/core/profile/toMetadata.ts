import { parseValue } from '../format';
import {
  METADATA_FORMAT, type AssociationSummary, type CategoryMetadataColumn, type ControlRecord, type DisclosureSettings,
  type Metadata, type MetadataColumn, type NumberMetadataColumn, type StringMetadataColumn, type TailModel,
} from '../metadata';
import { lowerBound } from '../math/search';
import { publishTail } from '../disclosure/tailModel';
import type { ColumnSpec } from '../schema';
import { TOOL_VERSION } from '../version';
import { chooseFakeSpace, occupiedFromBeginnings, uniqueIntegerSpaceOf } from '../synth/fakeSpaces';
import { publishedCategoriesOf } from '../synth/marginals';
import { ownUnits, publishMultiplicity } from '../disclosure/multiplicity';
import { isKey } from './disclosure';
import { coarserCountRounding, pinsLeftOutTotal } from '../disclosure/derivation';
import { keyedFingerprint } from '../disclosure/fingerprint';
import { perturbCount, perturbMoments } from '../disclosure/cellKey';
import { dominanceFailure } from '../disclosure/dominance';
import { apparentReading, dateGrids, emptyBoundBeyond, numberGrid, numberSteps, safeValue } from '../disclosure/coarsen';
import { RecordKeys, frac } from '../disclosure/recordKeys';

/** How one column's published counts are perturbed: its non-missing cell key and the keyed label offsets. */
interface CellKeys {
  /** Cell key of the column's non-missing records. */
  present: number;
  /** Non-missing count as published (perturbed). */
  n: number;
  labels: RecordKeys;
}

/** A count of the column's records in the cell named `label`, perturbed by the cell-key method, then rounded. */
function publishCount(count: number, label: string, keys: CellKeys, rounding: number): number {
  return roundCount(perturbCount(count, keys.present + keys.labels.ofLabel(label)), rounding);
}
import { resolveDisclosure } from './profileDataset';
import { publishRules } from './rules';
import type { ColumnProfile, NumericProfile, Profile } from './types';
import { english } from '../l10n/stored';

/**
 * A repeated key's rows-per-key distribution (synth/keys.ts), from the exact counts of its values.
 * Left out when the counts are not all known (more distinct keys than the profiler counts).
 */
function addMultiplicity(out: StringMetadataColumn, column: ColumnProfile, s: DisclosureSettings, controls: ControlRecord[]): void {
  if (!column.frequencies.complete) return;
  // Each key's persons where the rows belong to persons (the person key's own values are persons).
  const byKey = column.persons?.keyPersons;
  const keys = byKey
    ? column.frequencies.values.map((f) => ({ count: f.count, person: byKey.get(f.value) ?? -1 }))
    : ownUnits(column.frequencies.values.map((f) => f.count));
  const m = publishMultiplicity(keys, s);
  if (!m) return;
  out.multiplicity = m;
  controls.push({
    column: column.name, control: 'key-multiplicity-groups',
    detail: `rows per key published as ${m.groups.length} group${m.groups.length === 1 ? '' : 's'} of at least ${s.threshold} keys ${byKey ? `of at least ${s.threshold} persons ` : ''}(rounded key count, mean and sd); no single key's count`,
  });
}

/** Target number of histogram bins before small bins are merged. */
const HISTOGRAM_BINS = 20;
const MAX_QUANTILE_INTERVALS = 100;

/**
 * Rounds a count to the nearest multiple of `rounding`; a positive count never becomes 0
 * (it becomes `rounding`), so a published category never reads as empty.
 */
export function roundCount(count: number, rounding: number): number {
  if (count <= 0) return 0;
  const r = Math.round(count / rounding) * rounding;
  return r === 0 ? rounding : r;
}

function roundTo(x: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = Math.round(x * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

function signif(x: number, digits: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(digits));
}

const DAY = 86_400_000;

function monthStart(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1);
}

/**
 * A column's distribution for publishing: exact from the complete frequency table when the
 * profile has one, else interpolated from the profile's 101 percentiles.
 */
interface Distribution {
  n: number;
  quantile(p: number): number;
  /** Records with value in [a, b) (or [a, b] when `closed`). */
  countBetween(a: number, b: number, closed: boolean): number;
}

function numericKey(key: string, spec: ColumnSpec): number {
  const v = parseValue(key, spec);
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  const d = spec.type === 'date' || spec.type === 'datetime' ? Date.parse(key) : Number(key.replace(/,/g, ''));
  return Number.isFinite(d) ? d : NaN;
}

function distributionOf(column: ColumnProfile, num: NumericProfile): Distribution {
  if (column.frequencies.complete && column.frequencies.values.length > 0) {
    const pooled = new Map<number, number>();
    for (const { value, count } of column.frequencies.values) {
      const v = numericKey(value, column.spec);
      if (v === v) pooled.set(v, (pooled.get(v) ?? 0) + count);
    }
    const values = Float64Array.from(pooled.keys()).sort();
    const cum = new Float64Array(values.length + 1);
    for (let i = 0; i < values.length; i++) cum[i + 1] = cum[i] + (pooled.get(values[i]) as number);
    const n = cum[values.length];
    // Index of the first value ≥ x (or > x).
    const lowerBound = (x: number, strict: boolean): number => {
      let lo = 0;
      let hi = values.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (strict ? values[mid] <= x : values[mid] < x) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    // Smallest i with cum[i+1] > k: the k-th (0-based) order statistic.
    const upperIndex = (k: number): number => {
      let lo = 0;
      let hi = values.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cum[mid + 1] > k) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    };
    return {
      n,
      quantile(p) {
        if (n === 0) return NaN;
        const h = (n - 1) * p;
        const lo = Math.floor(h);
        const a = values[upperIndex(lo)];
        const b = values[upperIndex(Math.min(n - 1, lo + 1))];
        return a + (h - lo) * (b - a);
      },
      countBetween(a, b, closed) {
        return cum[lowerBound(b, closed)] - cum[lowerBound(a, false)];
      },
    };
  }
  const qs = num.quantiles.values;
  const ps = num.quantiles.p;
  const n = num.count;
  const cdf = (x: number): number => {
    if (x <= qs[0]) return 0;
    if (x >= qs[qs.length - 1]) return 1;
    let i = 1;
    while (qs[i] < x) i++;
    const span = qs[i] - qs[i - 1];
    return span > 0 ? ps[i - 1] + ((x - qs[i - 1]) / span) * (ps[i] - ps[i - 1]) : ps[i];
  };
  return {
    n,
    quantile: (p) => interpolate(ps, qs, p),
    countBetween: (a, b, closed) => Math.max(0, (closed && b >= qs[qs.length - 1] ? 1 : cdf(b)) - cdf(a)) * n,
  };
}

function interpolate(ps: readonly number[], qs: readonly number[], p: number): number {
  if (p <= ps[0]) return qs[0];
  let i = 1;
  while (i < ps.length - 1 && ps[i] < p) i++;
  const t = (p - ps[i - 1]) / (ps[i] - ps[i - 1]);
  return qs[i - 1] + t * (qs[i] - qs[i - 1]);
}

/** A "nice" step (1, 2, 2.5 or 5 × 10^k) at least `raw`. */
function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const e = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * e >= raw) return m * e;
  return 10 * e;
}

/**
 * Publishes one number/date column under the disclosure rules: bounds at the tail quantiles
 * (no min/max), quantiles whose intervals each hold ≥ k records (at most 101 points), a
 * histogram with bins of ≥ k records (adjacent bins merged; values beyond the bounds counted
 * in the end bins), counts rounded, dates to the month unless `dateResolution` is 'day'.
 */
function numberColumn(column: ColumnProfile, s: DisclosureSettings, controls: ControlRecord[], base: Omit<NumberMetadataColumn, 'type' | 'bounds' | 'quantiles' | 'histogram'>, keys: CellKeys): NumberMetadataColumn {
  const type = column.spec.type as NumberMetadataColumn['type'];
  const num = column.numeric;
  const k = s.threshold;
  const isDate = type === 'date' || type === 'datetime';
  const byMonth = isDate && s.dateResolution === 'month';
  const precision = isDate ? 0 : type === 'integer' ? 0 : num?.precision ?? 0;
  const roundValue = (x: number): number => {
    if (!isDate) return roundTo(x, precision);
    if (byMonth) return monthStart(x);
    return Math.floor(x / DAY) * DAY;
  };
  const empty = { bounds: { lower: 0, upper: 0 }, quantiles: { p: [], values: [] }, histogram: { edges: [], counts: [] } };
  if (!num || num.count === 0) return { ...base, type, ...empty };
  const dist = distributionOf(column, num);
  const n = num.count;
  // Bounds at least k records in from each end (never the extremes of a small file), coarsened inward
  // onto a grid whose cell holds no record or ≥ k (core/disclosure/coarsen).
  const grids = isDate ? dateGrids(s.dateResolution) : numberSteps(10 ** -precision, Math.max(1, num.max - num.min)).map(numberGrid);
  // With a person key a cell is judged by the distinct persons in it (zero only when no record is).
  const personsIn = column.persons?.personsIn;
  const countIn = (lo: number, hi: number): number => {
    const records = dist.countBetween(lo, hi, false);
    return personsIn && records >= 0.5 ? Math.max(1, personsIn(lo, hi)) : records;
  };
  const tail = Math.min(0.5, Math.max(s.tailQuantile, n > 1 ? (k - 1) / (n - 1) : 0));
  // With a person key: at least k distinct persons beyond each bound, each person at their own extreme.
  const persons = column.persons;
  const lowerRaw = Math.max(dist.quantile(tail), persons?.lowest ?? -Infinity);
  const upperRaw = Math.min(dist.quantile(1 - tail), persons?.highest ?? Infinity);
  const reading = apparentReading(isDate);
  // Where no grid holds k near a bound, the bound moves out to a round value whose cell holds no one.
  const outerLower = (): number => emptyBoundBeyond(num.min, 'lower', countIn, isDate, precision);
  const outerUpper = (): number => emptyBoundBeyond(num.max, 'upper', countIn, isDate, precision);
  let lower = safeValue(lowerRaw, grids, countIn, k, 'up', 0, reading)?.value ?? outerLower();
  let upper = safeValue(upperRaw, grids, countIn, k, 'down', 0, reading)?.value ?? outerUpper();
  if (upper < lower) {
    const mid = safeValue(dist.quantile(0.5), grids, countIn, k, 'nearest', 0, reading)?.value;
    lower = mid ?? outerLower();
    upper = mid ?? outerUpper();
  }
  const [lowP, highP] = [pctLabel(s.tailQuantile), pctLabel(1 - s.tailQuantile)];
  controls.push({ column: column.name, control: 'top-bottom-coding', detail: !isDate
    ? english('bounds at least {0} records in from each end (and no nearer than the {1} and {2} percentiles), moved inward onto a grid whose cell holds no record or at least {0}; no minimum or maximum published', k, lowP, highP)
    : byMonth
      ? english('bounds at least {0} records in from each end (and no nearer than the {1} and {2} percentiles), moved inward onto a grid of months or coarser whose cell holds no record or at least {0}; no minimum or maximum published', k, lowP, highP)
      : english('bounds at least {0} records in from each end (and no nearer than the {1} and {2} percentiles), moved inward onto a grid of days or coarser whose cell holds no record or at least {0}; no minimum or maximum published', k, lowP, highP) });
  if (isDate) controls.push({ column: column.name, control: 'date-coarsening', detail: byMonth ? english('dates summarised to the month (bounds, quantiles, histogram, mean)') : english('dates summarised to the day (asked for)') });

  if (n < k || (persons && (persons.lowest === undefined || persons.highest === undefined))) {
    // Too few values to describe: publish only round bounds beyond all of them, whose cells hold no one.
    lower = outerLower();
    upper = outerUpper();
    controls.push({ column: column.name, control: 'small-cell-suppression', detail: `fewer than ${k} non-missing values${persons ? ' or persons' : ''}: distribution, mean and sd withheld; bounds are round values ${isDate ? '(1 January of a year) ' : ''}beyond every value, whose cells hold none` });
    return { ...base, type, bounds: { lower, upper }, quantiles: { p: [], values: [] }, histogram: { edges: [], counts: [] } };
  }

  const clip = (x: number): number => Math.min(upper, Math.max(lower, x));
  const m = Math.min(MAX_QUANTILE_INTERVALS, Math.floor(n / k));
  const p: number[] = [];
  const values: number[] = [];
  let dropped = 0;
  for (let i = 0; i <= m; i++) {
    const pi = roundTo(i / m, 6);
    // The ends are the bounds; interior quantiles are published only at a precision where ≥ k records (or none) share them.
    const safe = i === 0 ? lower : i === m ? upper : safeValue(dist.quantile(pi), grids, countIn, k, 'nearest', 0, reading)?.value;
    if (safe === undefined) {
      dropped++;
      continue;
    }
    p.push(pi);
    values.push(Math.max(values.length ? values[values.length - 1] : lower, clip(safe)));
  }
  if (dropped > 0 || values.some((v, i) => i > 0 && i < values.length - 1 && v !== clip(roundValue(dist.quantile(p[i]))))) {
    controls.push({ column: column.name, control: 'value-coarsening', detail: dropped ? english('quantiles published at a precision where each is shared by at least {0} records or by none; {1} withheld', k, dropped)
      : english('quantiles published at a precision where each is shared by at least {0} records or by none', k) });
  }
  if (m < MAX_QUANTILE_INTERVALS) controls.push({ column: column.name, control: 'quantile-coarsening', detail: english('{0} quantiles (not 101) so that each interval holds at least {1} records', m + 1, k) });

  const histogram = buildHistogram(dist, lower, upper, type, byMonth, precision, s, column.name, controls, keys, countIn);

  const out: NumberMetadataColumn = { ...base, type, bounds: { lower, upper }, quantiles: { p, values }, histogram };
  const dominance = isDate ? null : dominanceOf(dist, num);
  if (dominance) {
    controls.push({ column: column.name, control: 'dominance-suppression', detail: english('mean and sd withheld: {0}', dominance) });
  } else {
    const moments = perturbMoments(num.mean, num.sd, n, upper - lower, keys.present + keys.labels.ofLabel(`${column.name}\u0000mean`), keys.present + keys.labels.ofLabel(`${column.name}\u0000sd`));
    if (isDate) {
      const mean = safeValue(moments.mean, grids, countIn, k, 'nearest', 0, reading)?.value;
      if (mean !== undefined) {
        out.mean = mean;
        out.sd = Math.round(moments.sd / DAY) * DAY;
      }
    } else {
      const decimals = Math.max(precision + 2, 0);
      const mean = roundTo(signif(moments.mean, 4), decimals);
      // A mean equal to a value few records hold would name it: coarsen it like any other published value.
      const safe = safeValue(mean, numberSteps(10 ** -decimals, Math.max(1, num.max - num.min)).map(numberGrid), countIn, k, 'nearest', 0, reading)?.value;
      if (safe !== undefined) {
        out.mean = safe;
        out.sd = roundTo(signif(moments.sd, 4), decimals);
      }
    }
  }
  if (!isDate) {
    const tails = tailsOf(column, lower, upper, k, s.rounding);
    for (const t of tails.details) controls.push({ column: column.name, control: 'tail-model', detail: t });
    if (tails.below || tails.above) out.tails = { ...(tails.below ? { below: tails.below } : {}), ...(tails.above ? { above: tails.above } : {}) };
  }
  if (!isDate) {
    // A point mass is a published value too: k records are not enough when they are fewer than k persons,
    // or when the value as written reads as a cell that 1…k−1 hold.
    const massSafe = (v: number): boolean => {
      const [lo, hi] = reading(roundTo(v, precision));
      const held = countIn(lo, hi);
      return held >= k && (!personsIn || personsIn(v, v + Math.max(Number.EPSILON * Math.abs(v), Number.MIN_VALUE)) >= k);
    };
    const masses = num.pointMasses
      .filter((pm) => pm.count >= k && massSafe(pm.value))
      // A rounded count can exceed the exact total (a constant column of 1,775 rows reads 1,777): a share is at most 1.
      .map((pm) => ({ value: roundTo(pm.value, precision), share: Math.min(1, roundTo(publishCount(pm.count, `${column.name}\u0000mass${pm.value}`, keys, s.rounding) / n, 3)) }));
    if (masses.length) out.pointMasses = masses;
  }
  return out;
}

/**
 * The tail models beyond the bounds (disclosure/tailModel), fitted on the values the profile kept
 * at each end; a side whose kept values do not reach back to the bound is not modelled.
 */
function tailsOf(column: ColumnProfile, lower: number, upper: number, k: number, rounding: number): { below?: TailModel; above?: TailModel; details: string[] } {
  const num = column.numeric!;
  const ext = num.extremes;
  const details: string[] = [];
  if (!ext) return { details };
  const personsIn = column.persons?.personsIn;
  const out: { below?: TailModel; above?: TailModel; details: string[] } = { details };
  for (const side of ['below', 'above'] as const) {
    const kept = side === 'below' ? ext.low : ext.high;
    const bound = side === 'below' ? lower : upper;
    const beyond = side === 'below' ? kept.filter((v) => v < bound) : kept.filter((v) => v > bound);
    if (beyond.length === 0) continue;
    // The kept end must reach back past the bound, or the tail is not all there.
    if (beyond.length === kept.length && kept.length < num.count) continue;
    const sorted = Float64Array.from(beyond).sort();
    const countKept = (lo: number, hi: number): number => {
      let c = 0;
      for (let i = lowerBound(sorted, lo); i < sorted.length && sorted[i] < hi; i++) c++;
      return c * ext.scale;
    };
    const result = publishTail({
      side, bound, beyond, scale: ext.scale, n: num.count, k, rounding,
      personsIn: (lo, hi) => {
        const records = countKept(lo, hi);
        return personsIn && records > 0 ? Math.min(records, personsIn(lo, hi)) : records;
      },
    });
    if (result.model) out[side] = result.model;
    details.push(`${side === 'below' ? 'lower' : 'upper'} tail: ${result.detail}`);
  }
  return out;
}

/** 0.01 → "1st", 0.99 → "99th", 0.025 → "2.5th". */
function pctLabel(q: number): string {
  const x = roundTo(q * 100, 2);
  if (!Number.isInteger(x)) return `${x}th`;
  const tens = x % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : x % 10 === 1 ? 'st' : x % 10 === 2 ? 'nd' : x % 10 === 3 ? 'rd' : 'th';
  return `${x}${suffix}`;
}

function buildHistogram(
  dist: Distribution, lower: number, upper: number, type: NumberMetadataColumn['type'], byMonth: boolean,
  precision: number, s: DisclosureSettings, name: string, controls: ControlRecord[], keys: CellKeys,
  countIn: (lo: number, hi: number) => number,
): { edges: number[]; counts: number[] } {
  const edges: number[] = [];
  if (upper <= lower) {
    edges.push(lower, upper);
  } else if (type === 'date' || type === 'datetime') {
    if (byMonth) {
      let months = 0;
      for (let t = lower; t < upper; t = addMonths(t, 1)) months++;
      const step = Math.max(1, Math.ceil(months / HISTOGRAM_BINS));
      for (let t = lower; t < upper; t = addMonths(t, step)) edges.push(t);
      edges.push(upper);
    } else {
      const days = Math.round((upper - lower) / DAY);
      const step = Math.max(1, Math.ceil(days / HISTOGRAM_BINS)) * DAY;
      for (let t = lower; t < upper; t += step) edges.push(t);
      edges.push(upper);
    }
  } else {
    const minStep = 10 ** -precision;
    const step = Math.max(minStep, niceStep((upper - lower) / HISTOGRAM_BINS));
    const start = Math.floor(lower / step) * step;
    edges.push(lower);
    for (let t = start + step; t < upper - step * 1e-9; t += step) edges.push(roundTo(t, precision + 6));
    edges.push(upper);
  }
  // An interior edge is a published value too: one that 1…k−1 records hold at its precision (its
  // decimal places; its month or day) or as its written form reads (a round 475000 stands for
  // 474500–475500, 1 January 2010 for 2010–2019) goes, and its two bins become one (core/disclosure/coarsen's rule).
  const isDate = type === 'date' || type === 'datetime';
  const reading = apparentReading(isDate);
  const cells = (e: number): [number, number][] => (isDate ? [byMonth ? [e, addMonths(e, 1)] : [e, e + DAY], reading(e)] : [reading(e)]);
  for (let i = edges.length - 2; i >= 1; i--) {
    if (cells(edges[i]).some(([lo, hi]) => {
      const held = countIn(lo, hi);
      return held >= 0.5 && held < s.threshold;
    })) edges.splice(i, 1);
  }
  // Counts: the first bin takes everything below its upper edge, the last everything from its lower edge (bottom/top coding).
  const raw: number[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const a = i === 0 ? -Infinity : edges[i];
    const last = i + 2 === edges.length;
    const b = last ? Infinity : edges[i + 1];
    raw.push(dist.countBetween(a, b, last));
  }
  if (raw.length === 0) raw.push(dist.n);
  // Merge adjacent bins until each holds ≥ k records.
  const mEdges: number[] = [edges[0]];
  const mCounts: number[] = [];
  let acc = 0;
  for (let i = 0; i < raw.length; i++) {
    acc += raw[i];
    if (acc >= s.threshold) {
      mCounts.push(acc);
      mEdges.push(edges[i + 1] ?? edges[edges.length - 1]);
      acc = 0;
    }
  }
  if (acc > 0) {
    if (mCounts.length === 0) return { edges: [], counts: [] };
    mCounts[mCounts.length - 1] += acc;
    mEdges[mEdges.length - 1] = edges[edges.length - 1];
  }
  if (mCounts.length < raw.length) controls.push({ column: name, control: 'histogram-bin-merge', detail: english('{0} bins merged into {1} so that each holds at least {2} records', raw.length, mCounts.length, s.threshold) });
  return { edges: mEdges, counts: mCounts.map((c, i) => publishCount(Math.round(c), `${name}\u0000bin${mEdges[i]}`, keys, s.rounding)) };
}

function categoryColumn(column: ColumnProfile, s: DisclosureSettings, controls: ControlRecord[], base: Omit<CategoryMetadataColumn, 'type' | 'categories'>, nonMissing: number, keys: CellKeys): CategoryMetadataColumn {
  const type = column.spec.type as CategoryMetadataColumn['type'];
  const k = s.threshold;
  const categories: { value: string; count: number }[] = [];
  const exactCounts: number[] = [];
  let rare = 0;
  let published = 0;
  // With a person key a category needs k distinct persons, not k rows (an MRN on 12 visits is one person).
  const persons = column.persons ? new Map(column.persons.categories.map((c) => [c.value, c.persons])) : undefined;
  for (const f of column.frequencies.values) {
    if (f.count >= k && (!persons || (persons.get(f.value) ?? 0) >= k)) {
      categories.push({ value: f.value, count: publishCount(f.count, `${column.name}\u0000=${f.value}`, keys, s.rounding) });
      exactCounts.push(f.count);
      published += f.count;
    } else rare++;
  }
  // Past the distinct cap some categories were never counted: they join the merged group.
  const unseen = column.frequencies.complete ? 0 : Math.max(0, column.distinct.count - column.frequencies.values.length);
  const rareRecords = nonMissing - published;
  // Secondary suppression: where the published row count minus these few rounded counts would pin
  // a left-out group of fewer than k (disclosure/derivation), the counts are rounded more coarsely
  // (the column says so in `countRounding`) until it cannot. The missing share is not counted as a
  // term: it may be published as 0, which adds no uncertainty.
  let countRounding: number | undefined;
  if (rareRecords > 0 && rareRecords < k && categories.length > 0 && pinsLeftOutTotal([{ terms: categories.length, rounding: s.rounding }, { terms: 1, rounding: s.rounding }], k)) {
    countRounding = coarserCountRounding(categories.length, 1, s.rounding, k);
    categories.forEach((c, i) => { c.count = publishCount(exactCounts[i], `${column.name}\u0000=${c.value}`, keys, countRounding!); });
    controls.push({ column: column.name, control: 'secondary-suppression', detail: `category counts rounded to ${countRounding} (not ${s.rounding}), so that the row count minus them cannot pin the rare categories' total` });
  }
  const out: CategoryMetadataColumn = { ...base, type, categories };
  if (countRounding !== undefined) out.countRounding = countRounding;
  if (rare + unseen > 0) {
    // The label names no real value, published or suppressed, in any case: "Other" must not spell
    // a rare real category ("other") that the merge was meant to hide.
    const taken = new Set(column.frequencies.values.map((f) => f.value.toLowerCase()));
    for (const c of categories) taken.add(c.value.toLowerCase());
    let label = 'Other';
    while (taken.has(label.toLowerCase())) label = label === 'Other' ? 'Other (merged)' : `${label}*`;
    const groups = rare + unseen;
    const byPerson = column.persons !== undefined;
    const quoted = JSON.stringify(label);
    const merged = groups === 1
      ? (byPerson ? english('{0} category with fewer than {1} persons merged into {2}', groups, k, quoted) : english('{0} category with fewer than {1} records merged into {2}', groups, k, quoted))
      : (byPerson ? english('{0} categories with fewer than {1} persons merged into {2}', groups, k, quoted) : english('{0} categories with fewer than {1} records merged into {2}', groups, k, quoted));
    if (rareRecords >= k && (!column.persons || column.persons.rarePersons >= k)) {
      out.other = { categories: groups, count: publishCount(rareRecords, `${column.name}\u0000other`, keys, s.rounding), label };
      controls.push({ column: column.name, control: 'rare-category-merge', detail: merged });
    } else {
      out.other = { categories: groups, count: null, label };
      controls.push({ column: column.name, control: 'rare-category-merge', detail: merged });
      controls.push({ column: column.name, control: 'rare-category-drop', detail: byPerson ? english('the merged group holds fewer than {0} persons and is not published', k)
        : english('the merged group holds fewer than {0} records and is not published', k) });
    }
  }
  return out;
}

function lengthQuantiles(column: ColumnProfile, s: DisclosureSettings, nonMissing: number): { p: number[]; values: number[] } {
  const k = s.threshold;
  if (nonMissing < k) return { p: [], values: [] };
  const m = Math.min(MAX_QUANTILE_INTERVALS, Math.floor(nonMissing / k));
  const ps = column.length.quantiles.p;
  const qs = column.length.quantiles.values;
  const lo = Math.round(interpolate(ps, qs, s.tailQuantile));
  const hi = Math.round(interpolate(ps, qs, 1 - s.tailQuantile));
  const p: number[] = [];
  const values: number[] = [];
  for (let i = 0; i <= m; i++) {
    const pi = roundTo(i / m, 6);
    p.push(pi);
    values.push(Math.min(hi, Math.max(lo, Math.round(interpolate(ps, qs, pi)))));
  }
  return { p, values };
}

/** Distinct counts are published exactly when small (a count of categories, not of people), else rounded. */
function publishDistinct(d: number, s: DisclosureSettings): number {
  return d < 20 ? d : roundCount(d, s.rounding);
}

/**
 * Turns a full profile into disclosure-safe `metadata.json` (twin-metadata/1) by DESIGN.md's rules:
 * k threshold (default 10) for categories, bins, quantile intervals and association cells; counts
 * rounded to the nearest `rounding` (5); tail-quantile bounds instead of min/max; dates to the month
 * unless `dateResolution` is 'day'; identifiers and free text described by format and length only.
 * Associations are rounded to 2 dp and omitted when they rest on fewer than k rows, or (Cramér's V, η)
 * when any non-empty cell/group of their table — rare categories pooled — holds fewer than k sample rows.
 * Every control applied is listed in `controls`. Row count and missing fractions are exact.
 */
export function toMetadata(profile: Profile, settings?: Partial<DisclosureSettings>): Metadata {
  const s = resolveDisclosure({ ...profile.disclosure, ...(settings ?? {}) });
  const controls: ControlRecord[] = [];
  const rows = profile.dataset.rows;
  // Cell-key perturbation of every count (core/disclosure/cellKey); profiles without keys are not perturbed.
  const cellKeys = profile.cellKeys ?? { rows: 0.5, missing: profile.columns.map(() => 0.5) };
  const labels = new RecordKeys();
  // Perturbed, then rounded like every other published count: a count left exact by a zero
  // perturbation would still sit beside rounded figures that it lets someone subtract from.
  const publishedRows = roundCount(perturbCount(rows, cellKeys.rows), s.rounding);
  const columns: MetadataColumn[] = profile.columns.map((column, i) => {
    const nonMissing = rows - column.missing;
    const publishedMissing = roundCount(perturbCount(column.missing, cellKeys.missing[i] ?? 0.5), s.rounding);
    const keys: CellKeys = { present: frac(cellKeys.rows - (cellKeys.missing[i] ?? 0.5)), n: Math.max(0, publishedRows - publishedMissing), labels };
    const base = {
      name: column.name,
      format: column.spec.format,
      missing: publishedRows > 0 ? roundTo(Math.min(1, publishedMissing / publishedRows), 6) : 0,
      disclosure: column.flags.map((f) => ({ ...f })),
    };
    const type = column.spec.type;
    if (type === 'identifier' || type === 'text') {
      controls.push(type === 'identifier'
        ? { column: column.name, control: 'identifier-format-only', detail: english('described by format and length only; values never published') }
        : { column: column.name, control: 'free-text-length-only', detail: english('described by length only; values never published') });
      const out: StringMetadataColumn = {
        ...base,
        type,
        length: { quantiles: lengthQuantiles(column, s, nonMissing) },
        unique: isKey(column.distinct, nonMissing),
      };
      if (type === 'identifier' && !out.unique) addMultiplicity(out, column, s, controls);
      // Checked against every real value's beginning, so fakes made from this metadata alone never equal one.
      if (column.beginnings) out.fakeSpace = chooseFakeSpace(out, occupiedFromBeginnings(column.beginnings, column.digitBeginnings));
      return out;
    }
    const withDistinct = { ...base, distinct: publishDistinct(column.distinct.count, s) };
    if (type === 'categorical' || type === 'boolean') {
      const out = categoryColumn(column, s, controls, withDistinct, nonMissing, keys);
      // Nothing publishable: the twin fakes the column, from a beginning no real value has.
      if (type === 'categorical' && column.beginnings && publishedCategoriesOf(out).length === 0) out.fakeSpace = chooseFakeSpace(out, occupiedFromBeginnings(column.beginnings));
      return out;
    }
    const out = numberColumn(column, s, controls, withDistinct, keys);
    const integerKeySpace = uniqueIntegerSpaceOf(out, column);
    if (integerKeySpace) out.fakeSpace = integerKeySpace;
    return out;
  });
  controls.push({ control: 'cell-key-perturbation', detail: english('row count, missing counts, category and bin counts perturbed by the cell-key method (keyed record keys, cell key = their sum mod 1, fixed p-table D in −2…+2; zeros stay zero); means and sds moved by up to twice the published range divided by n: differencing two releases does not give back a person\'s value') });
  controls.push({ control: 'count-rounding', detail: english('every published category and bin count rounded to the nearest {0} after perturbation (a positive count never to 0)', s.rounding) });

  let associations: AssociationSummary | undefined;
  const pairs = profile.associations.pairs;
  if (pairs.length) {
    const kept = pairs.filter((a) => a.n >= s.threshold && a.minCell >= s.threshold);
    const dropped = pairs.length - kept.length;
    if (dropped > 0) controls.push({ control: 'small-cell-suppression', detail: english('{0} of {1} pairwise associations omitted: they rest on a cell or group with fewer than {2} sample rows (an empty cell of a cross-table counts as small: zeros are disclosive)', dropped, pairs.length, s.threshold) });
    associations = {
      method: profile.associations.method,
      pairs: kept.map((a) => ({ columns: [a.columns[0], a.columns[1]], measure: a.measure, value: roundTo(a.value, 2) })),
    };
  }

  const personKey = profile.dataset.personKey;
  if (personKey) controls.push({ column: personKey.column, control: 'person-key', detail: `${personKey.how === 'declared' ? 'declared' : 'detected'} person key: rows belong to persons; an identifier, described by format only` });

  const metadata: Metadata = {
    format: METADATA_FORMAT,
    generator: { tool: 'synthetic-twin', version: TOOL_VERSION },
    dataset: { name: profile.dataset.name, rows: publishedRows, dialect: profile.dataset.dialect, fingerprint: keyedFingerprint(profile.dataset.fingerprint), ...(personKey ? { personKey: personKey.column } : {}) },
    disclosure: s,
    columns,
    controls,
  };
  if (associations) metadata.associations = associations;
  const decimalsOf = (name: string): number => {
    const column = profile.columns.find((c) => c.name === name);
    return column?.spec.type === 'numeric' ? column.numeric?.precision ?? 0 : 0;
  };
  // A rule may name a category only when metadata.json publishes it (held by ≥ k persons).
  const categoriesOf = (name: string): string[] => {
    const column = columns.find((c) => c.name === name);
    if (!column || (column.type !== 'categorical' && column.type !== 'boolean')) return [];
    return column.categories.filter((c) => column.other === undefined || c.value !== column.other.label).map((c) => c.value);
  };
  const rules = publishRules(profile.rules ?? [], s, decimalsOf, controls, categoriesOf);
  if (rules.length) metadata.rules = rules;
  return metadata;
}

/** ACRO's dominance rules on the column's sum (non-negative values only), from its two largest values. */
function dominanceOf(dist: Distribution, num: NumericProfile): string | null {
  if (num.min < 0 || num.count < 2) return null;
  const n = dist.n;
  const largest = num.max;
  const second = n >= 2 ? dist.quantile((n - 2) / (n - 1)) : 0;
  return dominanceFailure(num.mean * num.count, largest, Math.min(largest, second));
}

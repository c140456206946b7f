import type { CategoryMetadataColumn, DisclosureSettings, NumberMetadataColumn } from '../metadata';

/**
 * One column's distribution as a monotone quantile function (inverse CDF), built
 * from what metadata.json publishes. Used by structural/statistical sampling and
 * reusable by correlated methods (a copula feeds `quantile(Φ(z))`).
 */
export interface NumberMarginal {
  /** Coded bounds; every value returned lies within them. */
  readonly lower: number;
  readonly upper: number;
  /**
   * Value at probability u ∈ [0, 1): monotone non-decreasing in u, rounded to the
   * column's precision (integers whole, decimals as the format, dates to the day,
   * datetimes to the pattern's finest unit) and clamped to the bounds.
   */
  quantile(u: number): number;
  /**
   * Values at a batch's probabilities into `out`, when drawing them together differs from one by
   * one (a marginal with tails draws each tail's rows together: tails.ts drawTailRows).
   */
  quantiles?(us: ArrayLike<number>, out: Float64Array): void;
}

/** Milliseconds in a day; `date` values are whole UTC days. */
export const DAY_MS = 86_400_000;

/**
 * The step values of a column are rounded to: 1 for integers, 10^-d for numbers written
 * with d decimals, a day for dates, the finest unit of a datetime pattern (ms, s, min, h, day).
 * For numbers whose format varies (decimals null) the step is the finest precision seen
 * in the published bounds and quantiles (at most 6 decimals); 0 means "no rounding".
 */
export function valueStepOf(column: Pick<NumberMetadataColumn, 'type' | 'format' | 'bounds' | 'quantiles'>): number {
  const { type, format } = column;
  if (type === 'integer') return 1;
  if (type === 'date') return DAY_MS;
  if (type === 'datetime') {
    const pattern = format.kind === 'datetime' || format.kind === 'date' ? stripQuoted(format.pattern) : '';
    if (pattern.includes('S')) return 1;
    if (pattern.includes('s')) return 1000;
    if (pattern.includes('m')) return 60_000;
    if (/[Hhk]/.test(pattern)) return 3_600_000;
    return pattern ? DAY_MS : 1000;
  }
  if (format.kind === 'integer') return 1;
  if (format.kind === 'number' && format.decimals !== null) return 10 ** -format.decimals;
  let decimals = 0;
  for (const v of [column.bounds.lower, column.bounds.upper, ...column.quantiles.values]) decimals = Math.max(decimals, decimalsOf(v));
  return decimals === 0 ? 1 : 10 ** -Math.min(decimals, 6);
}

/**
 * Rounds `value` to a multiple of `step` (0 → unchanged) and keeps it within [lower, upper]:
 * a rounded value that falls outside is moved to the nearest grid point inside.
 */
export function roundWithin(value: number, step: number, lower: number, upper: number): number {
  let v = value < lower ? lower : value > upper ? upper : value;
  if (step <= 0) return v;
  const k = Math.round(v / step);
  v = roundStep(k, step);
  if (v > upper) v = roundStep(Math.floor(upper / step), step);
  if (v < lower) v = roundStep(Math.ceil(lower / step), step);
  // Bounds not on the grid and closer together than one step: keep the bound itself.
  if (v > upper || v < lower) v = lower;
  return v;
}

/**
 * Undoes the *shape* of date coarsening so twins do not pile every date on the first of a month.
 * With `dateResolution` 'month' (or 'day' for datetimes) the metadata publishes bounds, quantiles
 * and histogram edges as the start of a month (day); a published value m stands for the whole
 * unit [m, next(m)). This returns a copy of the column whose values are spread over the units:
 * the upper bound becomes the end of its unit (next(upper) − one step), a run of equal quantiles
 * at m becomes a rise from m to next(m), a lone quantile moves to the unit's middle (its end for
 * p = 1), and the last
 * histogram edge becomes the new upper bound. Columns that are not dates, not coarser than their
 * own step, or whose figures are not all aligned to the unit are returned unchanged.
 */
export function expandCoarsenedDates(column: NumberMetadataColumn, settings: Pick<DisclosureSettings, 'dateResolution'> | undefined): NumberMetadataColumn {
  if ((column.type !== 'date' && column.type !== 'datetime') || !settings) return column;
  const unit = settings.dateResolution === 'month' ? 'month' : 'day';
  const next = unit === 'month' ? nextMonthStart : (x: number): number => x + DAY_MS;
  const aligned = unit === 'month' ? isMonthStart : (x: number): boolean => x % DAY_MS === 0;
  const step = valueStepOf(column);
  const { lower, upper } = column.bounds;
  const q = column.quantiles ?? { p: [], values: [] };
  const edges = column.histogram?.edges ?? [];
  if (!(next(upper) - upper > step)) return column;
  if (![lower, upper, ...q.values, ...edges].every((x) => Number.isFinite(x) && aligned(x))) return column;
  const newUpper = Math.max(lower, next(upper) - step);
  const p: number[] = [];
  const values: number[] = [];
  for (let a = 0; a < q.values.length;) {
    let b = a;
    while (b + 1 < q.values.length && q.values[b + 1] === q.values[a]) b++;
    const m = q.values[a];
    if (b > a) {
      p.push(q.p[a], q.p[b]);
      values.push(m, Math.min(newUpper, next(m)));
    } else {
      // A lone quantile lies somewhere in its unit: the middle, or the unit's end for p = 1 (start for p = 0).
      p.push(q.p[a]);
      values.push(Math.min(newUpper, q.p[a] <= 0 ? m : q.p[a] >= 1 ? next(m) : m + (next(m) - m) / 2));
    }
    a = b + 1;
  }
  const histogram = column.histogram && edges.length >= 2
    ? { edges: edges.map((e, i) => (i === edges.length - 1 ? Math.max(e, newUpper) : e)), counts: column.histogram.counts }
    : column.histogram;
  return { ...column, bounds: { lower, upper: newUpper }, quantiles: { p, values }, histogram };
}

function nextMonthStart(x: number): number {
  const d = new Date(x);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

function isMonthStart(x: number): boolean {
  const d = new Date(x);
  return d.getUTCDate() === 1 && x % DAY_MS === 0;
}

/**
 * Uniform within the coded bounds (the `structural` level): no distribution, only the domain.
 */
export function uniformNumberMarginal(column: NumberMetadataColumn): NumberMarginal {
  const { lower, upper } = column.bounds;
  return quantileMarginal(Float64Array.of(0, 1), Float64Array.of(lower, upper), valueStepOf(column), lower, upper);
}

/**
 * The column's distribution from its disclosure-controlled quantiles, with linear interpolation
 * between them (not a parametric fit), and its point masses (e.g. capital-gain's zeros) as
 * exact spikes. Falls back to the histogram when fewer than two quantiles are published, and
 * to uniform within the bounds when neither is.
 *
 * The published quantiles describe all non-missing values, point masses included; the
 * continuous part is recovered by removing the masses: for a knot (p, x) not at a mass,
 * F_cont(x) = (p − Σ_{v<x} share_v) / (1 − Σ share).
 */
export function statisticalNumberMarginal(column: NumberMetadataColumn): NumberMarginal {
  const { lower, upper } = column.bounds;
  const step = valueStepOf(column);
  const knots = distributionKnotsOf(column);
  const masses = (column.pointMasses ?? [])
    .filter((m) => m.share > 0 && m.value >= lower && m.value <= upper)
    .map((m) => ({ value: m.value, weight: m.share }));
  const massTotal = masses.reduce((s, m) => s + m.weight, 0);
  if (massTotal >= 1 - 1e-12) {
    const { u, x } = composeQuantileKnots([lower, upper], [0, 1], 0, masses);
    return quantileMarginal(u, x, step, lower, upper);
  }
  // Continuous part: drop knots at a mass, subtract the masses below each knot.
  const cx: number[] = [lower];
  const cc: number[] = [0];
  for (let i = 0; i < knots.p.length; i++) {
    const x = knots.x[i];
    if (!(x > lower && x < upper)) continue;
    if (masses.some((m) => m.value === x)) continue;
    let below = 0;
    for (const m of masses) if (m.value < x) below += m.weight;
    const c = Math.min(1, Math.max(cc[cc.length - 1], (knots.p[i] - below) / (1 - massTotal)));
    if (x < cx[cx.length - 1]) continue;
    cx.push(x);
    cc.push(c);
  }
  cx.push(upper);
  cc.push(1);
  const { u, x } = composeQuantileKnots(cx, cc, 1 - massTotal, masses);
  return quantileMarginal(u, x, step, lower, upper);
}

/**
 * A marginal from (possibly noisy) counts: `binCounts[j]` records spread uniformly over
 * [edges[j], edges[j+1]) and `massCounts[i]` records exactly at `massValues[i]`. Negative
 * counts are treated as 0. Used by the DP path, where the counts carry Laplace noise.
 */
export function countsNumberMarginal(
  column: NumberMetadataColumn,
  edges: ArrayLike<number>,
  binCounts: ArrayLike<number>,
  massValues: ArrayLike<number> = [],
  massCounts: ArrayLike<number> = [],
): NumberMarginal {
  const { lower, upper } = column.bounds;
  const step = valueStepOf(column);
  let binTotal = 0;
  for (let j = 0; j < binCounts.length; j++) binTotal += Math.max(0, binCounts[j]);
  let massTotal = 0;
  for (let i = 0; i < massCounts.length; i++) massTotal += Math.max(0, massCounts[i]);
  const total = binTotal + massTotal;
  if (total <= 0) return uniformNumberMarginal(column);
  const cx: number[] = [];
  const cc: number[] = [];
  let cum = 0;
  for (let j = 0; j < binCounts.length; j++) {
    const a = Math.max(lower, Math.min(upper, edges[j]));
    const b = Math.max(lower, Math.min(upper, edges[j + 1]));
    if (cx.length === 0) { cx.push(a); cc.push(0); }
    cum += Math.max(0, binCounts[j]);
    if (b >= cx[cx.length - 1]) { cx.push(b); cc.push(binTotal > 0 ? cum / binTotal : 0); }
  }
  if (cx.length < 2 || binTotal <= 0) { cx.length = 0; cc.length = 0; cx.push(lower, upper); cc.push(0, 1); }
  const masses: { value: number; weight: number }[] = [];
  for (let i = 0; i < massCounts.length; i++) {
    if (massCounts[i] > 0) masses.push({ value: massValues[i], weight: massCounts[i] / total });
  }
  const { u, x } = composeQuantileKnots(cx, cc, binTotal / total, masses);
  return quantileMarginal(u, x, step, lower, upper);
}

/**
 * Joins a continuous piecewise-linear CDF (knots `cx` ascending, `cc` its values 0..1, total
 * weight `contWeight`) and point masses (weights of the total) into the knots of one monotone
 * quantile function: u ascending 0..1, x non-decreasing. A mass becomes a flat stretch of u.
 */
export function composeQuantileKnots(
  cx: readonly number[],
  cc: readonly number[],
  contWeight: number,
  masses: readonly { value: number; weight: number }[],
): { u: Float64Array; x: Float64Array } {
  const sorted = [...masses].sort((a, b) => a.value - b.value);
  const us: number[] = [];
  const xs: number[] = [];
  let massBefore = 0;
  let m = 0;
  const contAt = (v: number): number => {
    if (v <= cx[0]) return 0;
    if (v >= cx[cx.length - 1]) return 1;
    let i = 0;
    while (i + 1 < cx.length && cx[i + 1] < v) i++;
    const x0 = cx[i], x1 = cx[i + 1];
    return x1 > x0 ? cc[i] + ((cc[i + 1] - cc[i]) * (v - x0)) / (x1 - x0) : cc[i + 1];
  };
  const pushMass = (): void => {
    const v = sorted[m].value;
    const base = contWeight * contAt(v) + massBefore;
    us.push(base); xs.push(v);
    massBefore += sorted[m].weight;
    us.push(base + sorted[m].weight); xs.push(v);
    m++;
  };
  for (let i = 0; i < cx.length; i++) {
    while (m < sorted.length && sorted[m].value < cx[i]) pushMass();
    us.push(contWeight * cc[i] + massBefore);
    xs.push(cx[i]);
  }
  while (m < sorted.length) pushMass();
  // Normalise (weights may not sum to exactly 1 after rounding) and force monotone.
  const last = Math.max(us[us.length - 1], 1e-300);
  const u = new Float64Array(us.length);
  const x = new Float64Array(xs.length);
  for (let i = 0; i < us.length; i++) {
    u[i] = Math.max(i ? u[i - 1] : 0, Math.min(1, us[i] / last));
    x[i] = Math.max(i ? x[i - 1] : -Infinity, xs[i]);
  }
  u[0] = 0;
  u[u.length - 1] = 1;
  return { u, x };
}

/** A NumberMarginal over monotone knots (u, x), linear between knots. */
export function quantileMarginal(u: Float64Array, x: Float64Array, step: number, lower: number, upper: number): NumberMarginal {
  const n = u.length;
  return {
    lower,
    upper,
    quantile(p: number): number {
      // Largest i with u[i] <= p (binary search), then interpolate to the next knot.
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (u[mid] <= p) lo = mid;
        else hi = mid - 1;
      }
      let v: number;
      if (lo >= n - 1) v = x[n - 1];
      else {
        const du = u[lo + 1] - u[lo];
        v = du > 0 ? x[lo] + ((x[lo + 1] - x[lo]) * (p - u[lo])) / du : x[lo + 1];
      }
      return roundWithin(v, step, lower, upper);
    },
  };
}

/** A categorical column's distribution: categories and a cumulative table for inverse-CDF draws. */
export interface CategoryMarginal {
  /** Category values as written in the source (booleans: the source's tokens). */
  readonly categories: readonly string[];
  /** Probabilities, summing to 1. */
  readonly probabilities: Float64Array;
  /** Code (index into `categories`) at probability u ∈ [0, 1); monotone in u. */
  code(u: number): number;
}

/**
 * A lookup of a category's published count (the first entry of that value; 0 when absent): one
 * Map, so a column of a million categories costs a million steps, not a million squared.
 */
export function countsByValue(column: CategoryMetadataColumn): (value: string) => number {
  const counts = new Map<string, number>();
  for (const k of column.categories) if (!counts.has(k.value)) counts.set(k.value, Math.max(0, k.count));
  return (value) => counts.get(value) ?? 0;
}

/**
 * Category frequencies as published (statistical level). Only the categories listed in the
 * metadata: rare categories merged into `other` (or dropped) are never drawn, and their
 * share is spread over the published ones in proportion (renormalised).
 */
export function publishedCategoryMarginal(column: CategoryMetadataColumn): CategoryMarginal {
  const categories = publishedCategoriesOf(column);
  const weights = categories.map(countsByValue(column));
  return categoryMarginal(categories, weights);
}

/**
 * Uniform over the published categories (structural level); booleans 50/50 over the source's
 * two tokens. Never a suppressed or merged-away category.
 */
export function uniformCategoryMarginal(column: CategoryMetadataColumn): CategoryMarginal {
  const categories = publishedCategoriesOf(column);
  return categoryMarginal(categories, categories.map(() => 1));
}

/**
 * The categories a twin may emit: the metadata's listed categories, excluding the merged
 * "other" label (it is not a value the source wrote). Booleans: the format's two tokens
 * when the column lists none.
 */
export function publishedCategoriesOf(column: CategoryMetadataColumn): string[] {
  const otherLabel = column.other?.label;
  const listed = column.categories.filter((c) => c.value !== otherLabel || column.other === undefined).map((c) => c.value);
  if (listed.length === 0 && column.format.kind === 'boolean') return [column.format.trueToken, column.format.falseToken];
  return listed;
}

/** A CategoryMarginal from non-negative weights (all zero → uniform). */
export function categoryMarginal(categories: readonly string[], weights: ArrayLike<number>): CategoryMarginal {
  const k = categories.length;
  let total = 0;
  for (let i = 0; i < k; i++) total += Math.max(0, weights[i]);
  const probabilities = new Float64Array(k);
  for (let i = 0; i < k; i++) probabilities[i] = total > 0 ? Math.max(0, weights[i]) / total : 1 / k;
  const cumulative = new Float64Array(k);
  let c = 0;
  for (let i = 0; i < k; i++) { c += probabilities[i]; cumulative[i] = c; }
  if (k) cumulative[k - 1] = Infinity; // u < 1 always lands in a category, whatever the rounding.
  return {
    categories,
    probabilities,
    code(u: number): number {
      let lo = 0;
      let hi = k - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (u < cumulative[mid]) hi = mid;
        else lo = mid + 1;
      }
      // Skip zero-probability categories at the landing point.
      while (lo < k - 1 && probabilities[lo] === 0) lo++;
      return lo;
    },
  };
}

/** Knots (p, x) of the published distribution: quantiles, else histogram edges, else the bounds. */
function distributionKnotsOf(column: NumberMetadataColumn): { p: number[]; x: number[] } {
  const q = column.quantiles;
  if (q && q.p.length >= 2 && q.p.length === q.values.length) return { p: [...q.p], x: [...q.values] };
  const h = column.histogram;
  if (h && h.counts.length >= 1 && h.edges.length === h.counts.length + 1) {
    const total = h.counts.reduce((s, c) => s + Math.max(0, c), 0);
    if (total > 0) {
      const p = [0];
      const x = [h.edges[0]];
      let cum = 0;
      for (let j = 0; j < h.counts.length; j++) {
        cum += Math.max(0, h.counts[j]);
        p.push(cum / total);
        x.push(h.edges[j + 1]);
      }
      return { p, x };
    }
  }
  return { p: [0, 1], x: [column.bounds.lower, column.bounds.upper] };
}

function roundStep(k: number, step: number): number {
  // Multiplying by a power of ten's inverse is exact where step*k is not (0.1*3 = 0.30000000000000004).
  if (step < 1) {
    const inv = Math.round(1 / step);
    if (Math.abs(inv * step - 1) < 1e-12) return k / inv;
  }
  return k * step;
}

function decimalsOf(v: number): number {
  if (!Number.isFinite(v) || Number.isInteger(v)) return 0;
  const s = String(v);
  const e = s.indexOf('e-');
  if (e >= 0) return Math.min(20, Number(s.slice(e + 2)) + (s.indexOf('.') >= 0 ? e - s.indexOf('.') - 1 : 0));
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

function stripQuoted(pattern: string): string {
  return pattern.replace(/'[^']*'/g, '');
}

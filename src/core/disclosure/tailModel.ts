/**
 * Tails modelled, not cut (issue 19): what is published about the values beyond a published bound.
 * DESIGN.md's "No extremes" keeps every real extreme out of a release; a twin that stops at the
 * bounds loses the tails researchers need. So each tail is published as a model fitted on the
 * persons beyond the bound, and only when those are at least k:
 * - its share of the values (its count rounded to 5 first, then two significant digits);
 * - values held by at least k persons that make up at least a twentieth of the tail (top-codes such
 *   as 99999 or age 90): a value shared by k persons is publishable like a category; when the
 *   outermost value of the tail is one of them, it is published as the tail's end;
 * - the distance beyond the bound of the rest (the values outside the masses), as a generalised
 *   Pareto distribution fitted by probability-weighted moments (Hosking & Wallis 1987) on at least
 *   k persons: scale to two significant digits, shape to 0.05 within [0, 0.5]. The fit rests on
 *   all of the rest; no shape below 0 is published, so no end point estimates the real maximum.
 * The scale is a mean distance (a sum over the tail), so the n,k-dominance and p-ratio rules apply
 * to it as to any published mean: a tail whose two largest distances dominate is not published.
 */
import type { TailModel } from '../metadata';
import { dominanceFailure } from './dominance';

/** Share of a tail a value must hold to be published as one of its masses. */
export const TAIL_MASS_SHARE = 0.05;
/** Largest shape published: heavier tails have no finite variance and reach absurdly far. */
export const MAX_TAIL_SHAPE = 0.5;
/**
 * Smallest shape published: 0, the exponential. A negative shape ends the tail at σ/−ξ, which
 * estimates the real maximum (one person's value, DESIGN.md "No extremes") and, fitted on the
 * tail's bulk, cuts a thin tail short of it (Adult's capital-loss ended near 3,800 where real
 * values reach 4,356). A tail that really ends is published by its `end`, a value k persons hold.
 */
export const MIN_TAIL_SHAPE = 0;

export interface TailInput {
  /** 'above' the upper bound or 'below' the lower one. */
  side: 'above' | 'below';
  /** The published bound. */
  bound: number;
  /** Every real value strictly beyond the bound (a sample when the profile was sampled), any order. */
  beyond: ArrayLike<number>;
  /** Multiplier from `beyond`'s count to the column's (1 when exact). */
  scale: number;
  /** Non-missing values of the column. */
  n: number;
  k: number;
  /** Counts behind the shares are rounded to a multiple of this first (DESIGN.md: counts rounded to 5). */
  rounding?: number;
  /** Distinct persons (or records) holding a value in [lo, hi). */
  personsIn: (lo: number, hi: number) => number;
}

/** The published tail, or why none is published. */
export type TailResult = { model: TailModel; detail: string } | { model: undefined; detail: string };

/** The tail beyond one bound as published, or the reason it is not. */
export function publishTail(input: TailInput): TailResult {
  const { side, bound, k } = input;
  const sign = side === 'above' ? 1 : -1;
  const base = Math.max(1, input.rounding ?? 5);
  const round = (count: number): number => Math.max(base, Math.round(count / base) * base);
  const values = Float64Array.from(input.beyond).filter((v) => Number.isFinite(v) && sign * (v - bound) > 0).sort();
  if (values.length === 0) return { model: undefined, detail: 'no values beyond the bound' };
  const lo = side === 'above' ? nextUp(bound) : -Infinity;
  const hi = side === 'above' ? Infinity : bound;
  const persons = input.personsIn(lo, hi);
  if (persons < k) return { model: undefined, detail: `fewer than ${k} persons beyond the bound: not modelled` };
  const m = values.length;
  // Masses: runs of one value held by ≥ k persons and ≥ a twentieth of the tail.
  const masses: { value: number; share: number }[] = [];
  for (let i = 0; i < m;) {
    let j = i + 1;
    while (j < m && values[j] === values[i]) j++;
    const v = values[i];
    if (j - i >= TAIL_MASS_SHARE * m && (j - i) * input.scale >= k && input.personsIn(v, nextUp(v)) >= k) masses.push({ value: v, share: round((j - i) * input.scale) / (m * input.scale) });
    i = j;
  }
  // The distance model is the tail's continuous part: the values outside its masses, as the
  // twin draws it (masses at their values, the rest from the model between and beyond them).
  // Fitted on the whole tail, a bulk of masses near the bound would cut the rest short.
  const isMass = new Set(masses.map((x) => x.value));
  const distances = Array.from(values.filter((v) => !isMass.has(v)), (v) => sign * (v - bound)).sort((a, b) => a - b);
  const r = distances.length;
  // Persons holding a value of the rest: at least those beyond less those holding a mass.
  const restPersons = Math.min(r * input.scale, persons - masses.reduce((s, x) => s + input.personsIn(x.value, nextUp(x.value)), 0));
  const model: TailModel = { share: signif(round(m * input.scale) / input.n, 2), scale: 0, shape: 0 };
  if (masses.length) model.masses = masses.map((x) => ({ value: x.value, share: Math.round(x.share * 100) / 100 }));
  // A tail whose outermost value is a mass ends there (a top-code): the maximum, held by k persons.
  const outermost = side === 'above' ? values[m - 1] : values[0];
  if (isMass.has(outermost)) model.end = outermost;
  let total = 0;
  for (const y of distances) total += y;
  const dominated = r === 0 ? 'no values outside its masses'
    : restPersons < k ? `fewer than ${k} persons outside its masses`
      : r >= 2 ? dominanceFailure(total, distances[r - 1], distances[r - 2]) : 'a single value';
  if (!dominated) {
    const fit = fitGeneralisedPareto(distances);
    const shape = Math.min(MAX_TAIL_SHAPE, Math.max(MIN_TAIL_SHAPE, Math.round(fit.shape * 20) / 20));
    // A clamped shape keeps the mean distance: the mean of a generalised Pareto is σ / (1 − ξ).
    const scale = shape === Math.round(fit.shape * 20) / 20 ? fit.scale : (total / r) * (1 - shape);
    model.scale = signif(scale, 2);
    model.shape = shape;
  } else if (masses.length) {
    // Nothing publishable between the masses: the tail is its masses alone.
    model.masses = normalise(model.masses!);
  } else return { model: undefined, detail: `not modelled: ${dominated}` };
  const parts = [
    `share ${model.share} of the values`,
    ...(model.scale > 0 ? [`generalised Pareto distance beyond the bound (scale ${model.scale}, shape ${model.shape}) fitted on at least ${k} persons`] : []),
    ...(model.masses ? [`${model.masses.length} value${model.masses.length === 1 ? '' : 's'} held by at least ${k} persons`] : []),
    ...(model.end !== undefined ? [`ends at the outermost of them`] : []),
  ];
  return { model, detail: parts.join('; ') };
}

/**
 * Generalised Pareto by probability-weighted moments (Hosking & Wallis 1987): with a0 the mean
 * and a1 = mean of (1 − p_i)·y_(i), p_i = (i − 0.35)/m, shape ξ = 2 − a0/(a0 − 2a1) and
 * scale σ = 2·a0·a1/(a0 − 2a1). `y` ascending, positive.
 */
export function fitGeneralisedPareto(y: readonly number[]): { scale: number; shape: number } {
  const m = y.length;
  let a0 = 0;
  let a1 = 0;
  for (let i = 0; i < m; i++) {
    a0 += y[i];
    a1 += (1 - (i + 1 - 0.35) / m) * y[i];
  }
  a0 /= m;
  a1 /= m;
  const d = a0 - 2 * a1;
  if (!(d > 0)) return { scale: a0, shape: 0 };
  return { scale: (2 * a0 * a1) / d, shape: 2 - a0 / d };
}

function normalise(masses: { value: number; share: number }[]): { value: number; share: number }[] {
  const total = masses.reduce((s, x) => s + x.share, 0);
  return masses.map((x) => ({ value: x.value, share: Math.round((x.share / total) * 100) / 100 }));
}

function signif(x: number, digits: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(digits));
}

/** The next double above x: the half-open interval [x, nextUp(x)) holds exactly x. */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const step = Math.abs(x) * Number.EPSILON;
  return x + Math.max(step, Number.MIN_VALUE);
}

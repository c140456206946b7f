import { twoSidedZ } from '../math/distributions';

/**
 * Secondary disclosure by subtraction: a column's published category counts, beside the published
 * row count and missing share, give the total of the categories left out. Each published figure
 * is off by up to half its rounding base r, uniformly, so the subtraction's error has
 * sd = √(Σ r²/12) over its terms. The left-out total is pinned down when that error's 95% band
 * is narrower than half the band [1, k−1] that suppression already reveals. One rule for the
 * publisher (which rounds the column's category counts more coarsely so it never holds) and the
 * auditor (which checks it).
 */
export interface RoundedTerms {
  /** How many published figures enter the subtraction with this rounding base. */
  terms: number;
  rounding: number;
}

/** Half-width of the 95% band of the subtraction's rounding error. */
export function subtractionBand(parts: readonly RoundedTerms[]): number {
  let variance = 0;
  for (const p of parts) variance += (p.terms * p.rounding * p.rounding) / 12;
  return twoSidedZ(0.95) * Math.sqrt(variance);
}

/** Whether these rounded figures pin a left-out total of fewer than k to better than ±k/2. */
export function pinsLeftOutTotal(parts: readonly RoundedTerms[], k: number): boolean {
  return subtractionBand(parts) < k / 2;
}

/**
 * The rounding base for a column's `categories` category counts (a multiple of the usual base)
 * at which they, beside `others` figures at the usual base, no longer pin the left-out total.
 */
export function coarserCountRounding(categories: number, others: number, rounding: number, k: number): number {
  let base = rounding;
  while (pinsLeftOutTotal([{ terms: categories, rounding: base }, { terms: others, rounding }], k)) base += rounding;
  return base;
}

import { twoSidedZ } from '../math/distributions';

/**
 * Secondary disclosure by subtraction: a column's published category counts, beside the published
 * row count and missing share, give the total of the categories left out. Each published figure
 * is off by up to half the rounding base r, uniformly, so the subtraction's error has
 * sd = r·√(terms/12). The left-out total is pinned down when that error's 95% band is narrower
 * than half the band [1, k−1] that suppression already reveals. One rule for the publisher
 * (which merges a further category so it never holds) and the auditor (which checks it).
 */
export function subtractionBand(terms: number, rounding: number): number {
  return twoSidedZ(0.95) * rounding * Math.sqrt(terms / 12);
}

/** Whether `terms` rounded figures pin a left-out total of fewer than k to better than ±k/2. */
export function pinsLeftOutTotal(terms: number, rounding: number, k: number): boolean {
  return subtractionBand(terms, rounding) < k / 2;
}

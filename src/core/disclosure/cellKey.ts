import { frac } from './recordKeys';

/**
 * The fixed perturbation table (p-table) of the cell-key method, as ONS and the ABS publish theirs:
 * a cell whose key falls in [from, to) has D added to its count. D ∈ {−2, …, +2}, mean 0,
 * variance 1.2; zero cells stay zero and a positive count never becomes 0.
 */
export const P_TABLE: readonly { to: number; d: number }[] = [
  { to: 0.1, d: -2 }, { to: 0.3, d: -1 }, { to: 0.7, d: 0 }, { to: 0.9, d: 1 }, { to: 1, d: 2 },
];

/** A count perturbed by its cell key through {@link P_TABLE}. */
export function perturbCount(count: number, cellKey: number): number {
  if (count <= 0) return 0;
  const key = frac(cellKey);
  const row = P_TABLE.find((r) => key < r.to) ?? P_TABLE[P_TABLE.length - 1];
  return Math.max(1, count + row.d);
}

/**
 * A mean and sd perturbed for publication (the magnitude form of the cell-key method): the sum
 * moves by (2u − 1)·2R and the sum of squared deviations by (2v − 1)·2R², where R is the published
 * range and u, v come from the cell key. One record's value (within the bounds) changes the sum by
 * at most R, so the difference of two releases with and without one person carries noise up to
 * twice that, and n·mean no longer gives a small column's exact sum.
 */
export function perturbMoments(mean: number, sd: number, n: number, range: number, u: number, v: number): { mean: number; sd: number } {
  if (!(n > 0) || !(range > 0)) return { mean, sd };
  const m = mean + ((2 * frac(u) - 1) * 2 * range) / n;
  const variance = Math.max(0, sd * sd + ((2 * frac(v) - 1) * 2 * range * range) / n);
  return { mean: m, sd: Math.sqrt(variance) };
}

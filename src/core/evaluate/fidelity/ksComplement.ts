import { sortedPresent } from '../columns';

/**
 * Two-sample Kolmogorov–Smirnov statistic D = sup |F_a(x) − F_b(x)| of two
 * samples sorted ascending (ties handled by stepping past equal values on
 * both sides, as scipy.stats.ks_2samp does).
 */
export function ksStatistic(sortedA: ArrayLike<number>, sortedB: ArrayLike<number>): number {
  const n1 = sortedA.length;
  const n2 = sortedB.length;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n1 && j < n2) {
    const a = sortedA[i];
    const b = sortedB[j];
    const x = a <= b ? a : b;
    while (i < n1 && sortedA[i] <= x) i++;
    while (j < n2 && sortedB[j] <= x) j++;
    const diff = Math.abs(i / n1 - j / n2);
    if (diff > d) d = diff;
  }
  return d;
}

/**
 * KSComplement (SDMetrics 0.29, `sdmetrics.single_column.KSComplement`):
 * `1 − D`, D the two-sample KS statistic, missing values (NaN) dropped,
 * dates as numbers. Null when either side has no values.
 */
export function ksComplement(real: ArrayLike<number>, synthetic: ArrayLike<number>): number | null {
  const a = sortedPresent(real);
  const b = sortedPresent(synthetic);
  if (a.length === 0 || b.length === 0) return null;
  return 1 - ksStatistic(a, b);
}

import { ksStatistic } from '../fidelity/ksComplement';

/**
 * CardinalityShapeSimilarity (SDMetrics, `sdmetrics.multi_table.CardinalityShapeSimilarity`,
 * one relationship): `1 − D`, D the two-sample Kolmogorov–Smirnov statistic between the real
 * and the synthetic cardinality distributions (children per parent row, zeros included;
 * `cardinalities` in ./keys). Null when either side has no parent rows.
 */
export function cardinalityShapeSimilarity(real: ArrayLike<number>, synthetic: ArrayLike<number>): number | null {
  if (real.length === 0 || synthetic.length === 0) return null;
  const a = Float64Array.from(real).sort();
  const b = Float64Array.from(synthetic).sort();
  return 1 - ksStatistic(a, b);
}

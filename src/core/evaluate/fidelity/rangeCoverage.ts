/**
 * RangeCoverage (SDMetrics 0.29, `sdmetrics.single_column.RangeCoverage`):
 * `max(1 − (max((min_s − min_r)/(max_r − min_r), 0) + max((max_r − max_s)/(max_r − min_r), 0)), 0)`,
 * missing values dropped. Null when a side has no values or the real range is 0
 * (SDMetrics divides by zero there).
 */
export function rangeCoverage(real: ArrayLike<number>, synthetic: ArrayLike<number>): number | null {
  const r = extent(real);
  const s = extent(synthetic);
  if (r === null || s === null) return null;
  const width = r.max - r.min;
  if (!(width > 0)) return null;
  const below = Math.max((s.min - r.min) / width, 0);
  const above = Math.max((r.max - s.max) / width, 0);
  return Math.max(1 - (below + above), 0);
}

/** Minimum and maximum of the non-missing values; null if there are none. */
export function extent(values: ArrayLike<number>): { min: number; max: number } | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo === Infinity ? null : { min: lo, max: hi };
}

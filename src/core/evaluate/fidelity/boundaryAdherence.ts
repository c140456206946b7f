import { presentValues } from '../columns';

/**
 * BoundaryAdherence (SDMetrics 0.29, `sdmetrics.single_column.BoundaryAdherence`):
 * share of the synthetic values (missing dropped) inside `[min_real, max_real]`.
 * Null when either side has no values.
 */
export function boundaryAdherence(real: ArrayLike<number>, synthetic: ArrayLike<number>): number | null {
  const r = presentValues(real);
  if (r.length === 0) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < r.length; i++) {
    if (r[i] < lo) lo = r[i];
    if (r[i] > hi) hi = r[i];
  }
  let n = 0;
  let inside = 0;
  for (let i = 0; i < synthetic.length; i++) {
    const v = synthetic[i];
    if (Number.isNaN(v)) continue;
    n++;
    if (v >= lo && v <= hi) inside++;
  }
  return n === 0 ? null : inside / n;
}

/**
 * CardinalityBoundaryAdherence (SDMetrics, `sdmetrics.column_pairs.CardinalityBoundaryAdherence`):
 * the share of synthetic parent rows whose number of children lies within the real data's
 * [min, max] children per parent (zeros included on both sides; `cardinalities` in ./keys).
 * Null when either side has no parent rows.
 */
export function cardinalityBoundaryAdherence(real: ArrayLike<number>, synthetic: ArrayLike<number>): number | null {
  if (real.length === 0 || synthetic.length === 0) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < real.length; i++) {
    if (real[i] < lo) lo = real[i];
    if (real[i] > hi) hi = real[i];
  }
  let inside = 0;
  for (let i = 0; i < synthetic.length; i++) if (synthetic[i] >= lo && synthetic[i] <= hi) inside++;
  return inside / synthetic.length;
}

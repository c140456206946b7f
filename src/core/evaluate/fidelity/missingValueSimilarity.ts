/**
 * MissingValueSimilarity (SDMetrics 0.29, `sdmetrics.single_column.MissingValueSimilarity`):
 * `1 − |missing_rate_real − missing_rate_syn|`. Rates are fractions in [0, 1]
 * (an empty table has rate 0).
 */
export function missingValueSimilarity(realMissing: number, realRows: number, synMissing: number, synRows: number): number {
  const rr = realRows === 0 ? 0 : realMissing / realRows;
  const rs = synRows === 0 ? 0 : synMissing / synRows;
  return 1 - Math.abs(rr - rs);
}

/**
 * Confidence-interval overlap of Karr, Kohnen, Oganian, Reiter & Sanil (2006),
 * "A framework for evaluating the utility of data altered to protect confidentiality",
 * The American Statistician 60(3): with real interval [l_o, u_o] and synthetic [l_s, u_s],
 * `I = ½·[(min(u_o,u_s) − max(l_o,l_s))/(u_o − l_o) + (min(u_o,u_s) − max(l_o,l_s))/(u_s − l_s)]`.
 * 1 for identical intervals, ≤ 0 when they do not overlap (negative values measure the gap).
 * Null when an interval has zero or non-finite width.
 */
export function ciOverlap(real: readonly [number, number], synthetic: readonly [number, number]): number | null {
  const [lo, uo] = real;
  const [ls, us] = synthetic;
  const wo = uo - lo;
  const ws = us - ls;
  if (!(wo > 0) || !(ws > 0) || !Number.isFinite(wo) || !Number.isFinite(ws)) return null;
  const inter = Math.min(uo, us) - Math.max(lo, ls);
  return 0.5 * (inter / wo + inter / ws);
}

/** |β_syn − β_real| / se(β_real); null when se is zero or not finite. */
export function standardizedDifference(betaReal: number, seReal: number, betaSyn: number): number | null {
  if (!(seReal > 0) || !Number.isFinite(seReal)) return null;
  return Math.abs(betaSyn - betaReal) / seReal;
}

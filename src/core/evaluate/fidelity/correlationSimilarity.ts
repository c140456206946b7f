/**
 * Pearson correlation of two columns over the rows where both are present
 * (pairwise complete), two-pass for numerical stability. Null when fewer
 * than two complete rows or either column is constant on them.
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const n = Math.min(x.length, y.length);
  let sx = 0;
  let sy = 0;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i];
    const b = y[i];
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    sx += a;
    sy += b;
    m++;
  }
  if (m < 2) return null;
  const mx = sx / m;
  const my = sy / m;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i];
    const b = y[i];
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    const dx = a - mx;
    const dy = b - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (!(sxx > 0) || !(syy > 0)) return null;
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r));
}

/**
 * CorrelationSimilarity (SDMetrics 0.29, `sdmetrics.column_pairs.CorrelationSimilarity`,
 * Pearson): `1 − |r_real − r_syn| / 2` on pairwise-complete rows. Null (the pair is skipped
 * and noted) when a correlation is undefined because a column is constant.
 */
export function correlationSimilarity(
  realX: ArrayLike<number>, realY: ArrayLike<number>,
  synX: ArrayLike<number>, synY: ArrayLike<number>,
): { score: number; real: number; synthetic: number } | null {
  const r = pearson(realX, realY);
  const s = pearson(synX, synY);
  if (r === null || s === null) return null;
  return { score: 1 - Math.abs(r - s) / 2, real: r, synthetic: s };
}

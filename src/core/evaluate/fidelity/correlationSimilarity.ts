import { pearson } from '../../math/association';

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
  if (Number.isNaN(r) || Number.isNaN(s)) return null;
  return { score: 1 - Math.abs(r - s) / 2, real: r, synthetic: s };
}

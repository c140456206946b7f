import { sortedPresent } from '../columns';
import { mean, medianSorted, sampleSd } from '../../math/describe';
import type { StatisticComparison } from '../report';

export type Statistic = 'mean' | 'sd' | 'median';

/**
 * StatisticSimilarity (SDMetrics 0.29, `sdmetrics.single_column.StatisticSimilarity`):
 * `max(1 − |stat_real − stat_syn| / (max_real − min_real), 0)` for stat ∈ {mean, sd, median};
 * sd is the sample standard deviation (n − 1), as pandas computes it. Missing values dropped.
 * Score null when a side has no values or the real range is 0.
 */
export function statisticSimilarity(real: ArrayLike<number>, synthetic: ArrayLike<number>, statistic: Statistic): StatisticComparison {
  const r = sortedPresent(real);
  const s = sortedPresent(synthetic);
  return statisticSimilaritySorted(r, s, statistic);
}

/** As `statisticSimilarity`, for values already stripped of missing values and sorted. */
export function statisticSimilaritySorted(r: Float64Array, s: Float64Array, statistic: Statistic): StatisticComparison {
  const stat = (x: Float64Array): number =>
    x.length === 0 ? NaN : statistic === 'mean' ? mean(x) : statistic === 'sd' ? sampleSd(x) : medianSorted(x);
  const a = stat(r);
  const b = stat(s);
  const width = r.length === 0 ? NaN : r[r.length - 1] - r[0];
  const score = Number.isFinite(a) && Number.isFinite(b) && width > 0 ? Math.max(1 - Math.abs(a - b) / width, 0) : null;
  return { real: Number.isFinite(a) ? a : null, synthetic: Number.isFinite(b) ? b : null, score };
}

import { t } from '../../src/core/browser';
/**
 * The props the chart and card components take. Kept independent of the report
 * types so a view adapts report data to them and a UI kit can replace them.
 */

/** Verdict band, as in the evaluation report's readings. */
export type Band = 'good' | 'fair' | 'poor';

/** A verdict with its one-sentence plain-language interpretation. */
/** A reading; without a band (an upper bound, not a verdict) only the sentence is shown. */
export interface ReadingProps { band?: Band; text: string }

/** Kind of axis values: numbers, or dates held as epoch milliseconds UTC. */
export type AxisKind = 'number' | 'date' | 'datetime';

/** Names of the two series, e.g. Real / Synthetic or Synthetic→real / Holdout→real. */
export interface SeriesNames { a: string; b: string }

export const DEFAULT_SERIES: SeriesNames = {
  // Getters: read in the page's language, chosen after the modules load.
  get a() { return t('Real'); },
  get b() { return t('Synthetic'); },
};

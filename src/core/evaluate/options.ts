import type { HoldoutSplit } from '../holdout/split';

import type { RecordRule } from '../metadata';
/** Options of `evaluateTables` (and, via `evaluateFiles`, of `twin evaluate`). Every field is optional. */
export interface EvaluateOptions {
  /** Outcome column for the utility models; default: the last 2-level categorical/boolean column, else the last numeric one. */
  target?: string;
  /** Seed of every random choice (sampling, train/test split, attacks). Default `DEFAULT_EVALUATE_SEED`. */
  seed?: number;
  /** Largest number of rows of each table the metrics use; larger tables are sampled with the seed. Default 50,000. */
  sampleSize?: number;
  /** Disclosure threshold k: real categories with fewer records are "rare" (rare-category leakage). Default 10. */
  threshold?: number;
  /** Confidence level of intervals (Anonymeter Wilson intervals, coefficient CIs are always 95%). Default 0.95. */
  confidence?: number;
  /** Labels of the inputs in `report.inputs` (file names when called through `evaluateFiles`). */
  labels?: { real?: string; synthetic?: string; holdout?: string };
  /**
   * Full row counts before sampling, when the tables passed in are already samples (set by `evaluateFiles`),
   * so `report.inputs` shows the files' sizes.
   */
  sourceRows?: { real?: number; synthetic?: number; holdout?: number };
  /**
   * Record rules to check (a twin's metadata.json rules); default: the rules found in the real table.
   */
  rules?: RecordRule[];
  /** How the rows were loaded and sampled (set by `evaluateFiles`); replaces the default `report.sample.note`. */
  sampleNote?: string;
  /** The in-memory split the holdout table came from (set by `evaluateFiles`), recorded in `report.inputs.holdout.split`. */
  holdoutSplit?: HoldoutSplit;
  /**
   * Histogram edges per numeric/date column for the chart detail, instead of edges spanning the values
   * (a release pack passes metadata.json's published edges, so no bin edge rests on an exact extreme).
   */
  histogramEdges?: Readonly<Record<string, readonly number[]>>;
}

export const DEFAULT_EVALUATE_SEED = 1;
export const DEFAULT_SAMPLE_SIZE = 50_000;
export const DEFAULT_THRESHOLD = 10;
export const DEFAULT_CONFIDENCE = 0.95;

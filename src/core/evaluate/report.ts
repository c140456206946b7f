import type { HoldoutSplit } from '../holdout/types';
import type { RecordRule } from '../metadata';
import type { ColumnType } from '../schema';

/**
 * The evaluation report (`evaluation.json`, format `twin-evaluation/1`):
 * fidelity, utility and privacy of a synthetic twin against its real data,
 * with the per-column detail the dashboard draws and a plain-language
 * reading on every score. The field names of DESIGN.md's contract
 * (`fidelity.score`, `fidelity.columnShapes.columns[].column/metric/score`,
 * `fidelity.columnPairTrends.pairs[].columns/metric/score`,
 * `fidelity.pMSE.value/standardized`, `privacy.exactMatches.count/rate`)
 * are fixed; everything else is additive.
 *
 * Conventions:
 * - Scores are in [0, 1], higher is better, unless a field says otherwise.
 * - A metric that is undefined for the data at hand (e.g. a correlation of a
 *   constant column) is `null`, and the reason is in a `note` or `notes`.
 *   JSON has no NaN, so no field ever holds NaN.
 * - Dates and datetimes are numbers (epoch milliseconds, UTC) throughout.
 * - The full report (`twin evaluate`, the editor's dashboard) holds summaries
 *   of the real data (histograms, category frequencies, associations, exact
 *   min/max in `columns[].stats`) and is labelled `release.status =
 *   'not-for-release'`: it stays inside the TRE. A release pack carries only
 *   the copy made by the disclosure layer (`protectEvaluation`), labelled
 *   'released', whose real-data figures are those of metadata.json and whose
 *   scores are coarsened; what it leaves out is listed in `release.controls`.
 */

export const EVALUATION_FORMAT = 'twin-evaluation/1';

/**
 * 'not-for-release': the full evaluation of the real data, for the analyst inside the TRE.
 * 'released': the disclosure-controlled copy in a release pack; `controls` lists what was coarsened or left out.
 */
export type ReleaseLabel =
  | { status: 'not-for-release'; note: string }
  | { status: 'released'; note: string; controls: { part: string; control: string; detail: string }[] };

export const NOT_FOR_RELEASE: ReleaseLabel = {
  status: 'not-for-release',
  note: 'Full evaluation of the real data: not for release. Keep it inside the TRE; a release pack carries its disclosure-controlled copy.',
};

// ---------------------------------------------------------------------------
// Readings
// ---------------------------------------------------------------------------

/** Verdict band of a score, for non-experts and for the data card. */
export type Band = 'good' | 'fair' | 'poor';

/**
 * A plain-language reading: a band and one sentence a non-expert can quote.
 * Produced by `readingFor` in `readings.ts`, where the thresholds are documented.
 * For privacy metrics 'good' means low risk.
 */
export interface Reading {
  band: Band;
  text: string;
}

// ---------------------------------------------------------------------------
// Top level
// ---------------------------------------------------------------------------

export interface EvaluationReport {
  format: typeof EVALUATION_FORMAT;
  /** Whether this report may leave the TRE; absent in reports of older versions (read as not for release). */
  release?: ReleaseLabel;
  /** The files compared and their full row counts. */
  inputs: EvaluationInputs;
  /** Rows actually used (after sampling large inputs) and the seed. */
  sample: SampleInfo;
  fidelity: FidelityReport;
  /** Null when no model could be fitted (no usable target); the reason is in `notes`. */
  utility: UtilityReport | null;
  privacy: PrivacyReport;
  /** Per-column chart data (histograms, category frequencies), in the real table's column order. */
  columns: ColumnDetail[];
  /** Pairwise association matrices for the heatmaps (real, synthetic, difference). */
  associations: AssociationMatrices;
  /**
   * Record rules (order, derived columns, shared missingness, ranges) with their violation rates in
   * the real table and the twin. Absent in reports written before rules existed.
   */
  recordLogic?: RecordLogicReport;
  /**
   * How the synthetic file's columns and values were matched to the real data's (`evaluateFiles`):
   * names and counts of the twin only. Absent when tables were evaluated directly.
   */
  twinFile?: TwinFileReport;
  /** Things the reader should know: columns left out, pairs skipped, models that did not converge. */
  notes: string[];
}

/** The synthetic file as read: its columns against the real ones, and its values harmonised to the real formats. */
export interface TwinFileReport {
  /** Real columns the synthetic file lacks: left out of every score. */
  missingColumns: string[];
  /** Synthetic-file columns matching no real column: ignored. */
  extraColumns: string[];
  /** Real columns found under another spelling of their name (e.g. R's `education.num`). */
  renamedColumns: { column: string; fileColumn: string }[];
  /** Whether the columns came in another order than the real data's (harmless; matched by name). */
  reordered: boolean;
  /** Columns with values harmonised or unreadable (counts over the whole synthetic file). */
  columns: ColumnHarmonisation[];
}

export interface InputInfo {
  /** File name (no folder), or the label given to `evaluateTables`. */
  file: string;
  /** Rows in the whole file / table, before sampling. */
  rows: number;
}

export interface EvaluationInputs {
  real: InputInfo;
  synthetic: InputInfo;
  /**
   * Real records not used to make the twin: a file, or (with `split`) the records of the real file the
   * twin's recipe held out in memory; then `real` counts only the training records. Null: no holdout.
   */
  holdout: (InputInfo & { split?: HoldoutSplit }) | null;
}

export interface SampleInfo {
  /** Rows of each table that the metrics used. */
  real: number;
  synthetic: number;
  holdout: number | null;
  /** Seed of every random choice in the evaluation (sampling, splits, attacks). */
  seed: number;
  /** True when any input was larger than the sample size and was sampled. */
  sampled: boolean;
  /** The sample size limit per table that was in force. */
  sampleSize: number;
  /** One sentence on how the rows were chosen. */
  note: string;
}

// ---------------------------------------------------------------------------
// Fidelity (SDMetrics 0.29 and synthpop definitions; METRICS.md)
// ---------------------------------------------------------------------------

export interface FidelityReport {
  /** mean(columnShapes.score, columnPairTrends.score); if one is null, the other. */
  score: number;
  reading: Reading;
  columnShapes: ColumnShapes;
  columnPairTrends: ColumnPairTrends;
  pMSE: PMSEReport;
  missingValues: MissingValuesReport;
  coverage: CoverageReport;
  statistics: StatisticsReport;
  /** Columns left out of the fidelity metrics (identifiers, free text, all-missing), with why. */
  excluded: { column: string; reason: string }[];
}

export interface ColumnShapes {
  /** Mean of the column scores. */
  score: number;
  reading: Reading;
  columns: ColumnShapeScore[];
}

export interface ColumnShapeScore {
  column: string;
  /** KSComplement for numeric/integer/date/datetime, TVComplement for categorical/boolean. */
  metric: 'KSComplement' | 'TVComplement';
  score: number;
  reading: Reading;
}

export interface ColumnPairTrends {
  /** Mean over all scored pairs; null when there are fewer than two usable columns. */
  score: number | null;
  /** Mean over pairs with a trend in the real data (|r| > 0.5 or Cramér's V > 0.3), SDMetrics 0.27+; null if none. */
  scoreTrendPairs: number | null;
  /**
   * The figure SDMetrics' QualityReport 0.29 shows for the same pairs: a number × category pair
   * with each table's numbers binned on that table's own range (ColumnPairTrends' own
   * discretisation), not on the real data's as the metric API (and `score`) does; other pairs as
   * in `score`. Null as `score`; absent in reports made before it existed.
   */
  scoreOwnBins?: number | null;
  reading: Reading;
  /**
   * Every scored pair up to 1,000; past that (wide data) the 1,000 least similar, in column
   * order. Every pair counts in the scores either way; `omittedPairs` summarises the others.
   */
  pairs: PairTrendScore[];
  /** Pairs scored (listed or not); absent in reports made before it existed (then `pairs.length`). */
  pairCount?: number;
  /**
   * The scored pairs not listed in `pairs` (each scores at least `minScore`): their number, how
   * many show a trend in the real data, and their mean score. Absent when every pair is listed.
   * Not in a released copy (its `pairs` are the published ones).
   */
  omittedPairs?: { count: number; trendPairs?: number; minScore?: number; meanScore?: number };
  /** Pairs that could not be scored (e.g. a constant column for a correlation), with why: the first 1,000. */
  skipped: { columns: [string, string]; reason: string }[];
  /** Pairs that could not be scored, when more than `skipped` lists. */
  skippedCount?: number;
}

export interface PairTrendScore {
  columns: [string, string];
  /** CorrelationSimilarity for two numeric/date columns, ContingencySimilarity for any other pair. */
  metric: 'CorrelationSimilarity' | 'ContingencySimilarity';
  score: number;
  /** Association in the real data: Pearson r (CorrelationSimilarity) or Cramér's V of the binned contingency table. */
  real?: number;
  /** The same association in the synthetic data. */
  synthetic?: number;
  /** Whether the real data shows a trend (counts toward scoreTrendPairs). */
  trend: boolean;
  reading: Reading;
}

/** Propensity-score mean squared error (synthpop `utility.gen`, logistic model). */
export interface PMSEReport {
  /** pMSE = Σ(p − c)²/N; 0 = indistinguishable, lower is better; c(1 − c) (0.25 at c = ½) when perfectly separable. */
  value: number;
  /** S_pMSE = pMSE / [(k − 1)(1 − c)² c / N]; ≈ 1 for a twin drawn from the same distribution, larger is worse. */
  standardized: number;
  /** c = synthetic rows / all rows. */
  c: number;
  /** Rows in the stacked data (real + synthetic). */
  rows: number;
  /** k − 1: non-intercept coefficients of the propensity model (left out of a released report: it counts real categories). */
  terms?: number;
  /** IRLS converged within its iteration limit. */
  converged: boolean;
  reading: Reading;
  note?: string;
}

export interface MissingValuesReport {
  /** Mean of MissingValueSimilarity over columns. */
  score: number;
  reading: Reading;
  columns: {
    column: string;
    metric: 'MissingValueSimilarity';
    /** Missing fraction in the real and synthetic column. */
    real: number;
    synthetic: number;
    score: number;
    /** Always set by this engine (optional only so older reports still type-check). */
    reading?: Reading;
  }[];
}

export interface CoverageScore {
  metric: 'RangeCoverage' | 'CategoryCoverage' | 'BoundaryAdherence' | 'CategoryAdherence';
  /** Null when undefined (e.g. a real column with a single value for RangeCoverage, or no synthetic values). */
  score: number | null;
  reading: Reading;
}

export interface CoverageReport {
  /** Mean of the coverage scores (RangeCoverage / CategoryCoverage) that are defined. */
  score: number | null;
  /** Mean of the adherence scores (BoundaryAdherence / CategoryAdherence) that are defined. */
  adherence: number | null;
  columns: {
    column: string;
    /** RangeCoverage for numeric/date columns, CategoryCoverage for categorical/boolean. */
    coverage: CoverageScore;
    /** BoundaryAdherence for numeric/date columns, CategoryAdherence for categorical/boolean. */
    adherence: CoverageScore;
  }[];
}

/** StatisticSimilarity (SDMetrics) of mean, sd and median, numeric/date columns. */
export interface StatisticsReport {
  columns: {
    column: string;
    mean: StatisticComparison;
    sd: StatisticComparison;
    median: StatisticComparison;
  }[];
}

export interface StatisticComparison {
  /** The statistic of each side; null when that side has no values. */
  real: number | null;
  synthetic: number | null;
  /** max(1 − |real − synthetic| / (max_real − min_real), 0); null when the real range is 0 or a side is empty. */
  score: number | null;
  /** Always set by this engine (optional only so older reports still type-check). */
  reading?: Reading;
}

// ---------------------------------------------------------------------------
// Utility of analyses (Karr et al. 2006; TSTR vs TRTR)
// ---------------------------------------------------------------------------

export interface UtilityReport {
  /** The outcome column. */
  target: string;
  /** 'option' when the user named it, 'default' when chosen by the rule in `utility/target.ts`. */
  targetSource: 'option' | 'default';
  /** OLS for a numeric target, logistic regression for a binary one. */
  model: 'linear' | 'logistic';
  /** For a logistic model: the level modelled as 1. */
  positiveClass?: string;
  /** Design-matrix terms (one-hot levels of the real data, numerics standardised by the real mean/sd), incl. intercept. */
  coefficients: CoefficientComparison[];
  /**
   * Mean Karr et al. (2006) CI overlap over the coefficients. Its range is (−∞, 1]: 1 = identical intervals,
   * 0 = intervals that just touch, negative = a gap between them (in units of the interval widths).
   */
  ciOverlap: { mean: number; reading: Reading };
  /** Median standardised difference |β_syn − β_real| / se(β_real) (lower is better; not in [0, 1]). */
  standardizedDifference: { median: number; reading: Reading };
  prediction: PredictionComparison;
  reading: Reading;
  notes: string[];
}

export interface CoefficientEstimate {
  estimate: number;
  se: number;
  /** 95% Wald interval. */
  ci: [number, number];
}

export interface CoefficientComparison {
  /** '(intercept)', a numeric column name, or `column=level` for a one-hot term. */
  term: string;
  real: CoefficientEstimate;
  synthetic: CoefficientEstimate;
  /** Karr et al. (2006) interval overlap I; can be negative. */
  ciOverlap: number;
  /** |β_syn − β_real| / se(β_real). */
  standardizedDifference: number;
}

export interface PredictionScores {
  /** Binary target: share classified correctly at threshold 0.5. */
  accuracy?: number;
  /** Binary target: area under the ROC curve. */
  auc?: number;
  /** Numeric target: 1 − SS_res/SS_tot on the test rows (can be negative). */
  r2?: number;
}

export interface PredictionComparison {
  /** 'holdout' when a holdout file was given; otherwise a seeded 70/30 split of the real rows. */
  testSet: 'holdout' | 'real-split';
  /** Rows the TRTR model was trained on, rows the TSTR model was trained on, rows both are tested on. */
  trainRealRows: number;
  trainSyntheticRows: number;
  testRows: number;
  /** Headline metric: AUC for a binary target (accuracy when AUC is undefined), R² for a numeric one. */
  metric: 'auc' | 'accuracy' | 'r2';
  /** Train on synthetic, test on real. */
  tstr: PredictionScores;
  /** Train on real, test on real. */
  trtr: PredictionScores;
  /**
   * Share of the real-trained model's skill that the synthetic-trained model keeps (1 = as good):
   * (AUC_tstr − ½)/(AUC_trtr − ½) for AUC, R²_tstr/R²_trtr (negative R² counted as 0), accuracy_tstr/accuracy_trtr;
   * null when the real-trained model has no skill (then `noSkill` says why).
   */
  ratio: number | null;
  /**
   * Set when the model trained on real data has no demonstrable skill (AUC whose 95% Hanley–McNeil interval
   * reaches ½, or test R² below 0.02), or when the twin-trained model beats it by more than 25% (the real
   * model is then no yardstick): the sentence saying so, instead of a ratio.
   */
  noSkill?: string;
  reading: Reading;
}

// ---------------------------------------------------------------------------
// Privacy (SDMetrics dcr_utils; Anonymeter, Giomi et al. 2023)
// ---------------------------------------------------------------------------

/** Summary of a set of distances (Gower-style, each in [0, 1]). */
export interface DistanceSummary {
  count: number;
  min: number;
  p05: number;
  median: number;
  mean: number;
  p95: number;
  max: number;
}

/** Histogram of distances on shared bin edges, so the series can be drawn together. */
export interface DistanceHistogram {
  /** Bin edges, length bins + 1, ascending (usually 0..1). */
  edges: number[];
  /** Counts per bin for each series that was computed. */
  series: { label: 'synthetic' | 'holdout' | 'random'; counts: number[] }[];
}

export interface PrivacyReport {
  /**
   * What the figures are measured against: 'holdout' when real records the twin never saw were compared
   * (risks are baseline-corrected); 'none' when there was no holdout, so attack figures are raw success
   * rates — upper bounds that also count what anyone could guess — and carry no verdict.
   */
  baseline: 'holdout' | 'none';
  /** Overall privacy reading: the worst band among the parts that have a verdict (never the upper bounds). */
  reading: Reading;
  /**
   * Synthetic rows equal on every column to some real row (missing equals missing).
   * `rate` = count / synthetic rows; `holdoutRate` = share of holdout rows equal to some real row (the baseline).
   */
  exactMatches: {
    count: number;
    rate: number;
    holdoutCount?: number;
    holdoutRate?: number;
    reading: Reading;
  };
  /** Distance to closest record (SDMetrics dcr_utils), per synthetic row to the real rows. */
  dcr: {
    /** DCR(synthetic → real). */
    synthetic: DistanceSummary;
    /** DCR(holdout → real), when a holdout was given. */
    holdout?: DistanceSummary;
    /** DCR(random → real): rows drawn uniformly within each real column's range / categories. */
    random?: DistanceSummary;
    /** DCRBaselineProtection = min(median DCR(syn) / median DCR(random), 1). */
    baselineProtection: { score: number | null; reading: Reading };
    /**
     * DCROverfittingProtection = min(2·(1 − closerToTraining), 1), where closerToTraining is the share of
     * synthetic rows closer to the training rows than to the holdout rows (≈ 0.5 ideal). Needs a holdout.
     */
    overfittingProtection?: { score: number; closerToTraining: number; reading: Reading };
    /** Distributions for the chart. */
    histogram: DistanceHistogram;
    /** Rows used on each side (DCR is quadratic, so it may use a sub-sample; see `note`). */
    rows: { synthetic: number; real: number; holdout?: number };
    note?: string;
  };
  /** Nearest-neighbour distance ratio: DCR / distance to the second-closest real row; near 0 = near-copies. */
  nndr: {
    summary: DistanceSummary;
    histogram: DistanceHistogram;
    reading: Reading;
  };
  /** Real categories rarer than the disclosure threshold that appear in the twin. */
  rareCategoryLeakage: {
    /** k: categories with fewer than k real records count as rare. */
    threshold: number;
    /** Rare real categories, over all categorical columns (in a released report only when metadata.json publishes the same figure). */
    rareCategories?: number;
    /** Of those, how many appear in the synthetic data. */
    leaked: number;
    /** leaked / rareCategories (0 when there are none). */
    rate: number;
    /** Synthetic rows that hold a leaked rare category (summed over columns). */
    syntheticRows?: number;
    /** Per column with at least one rare category. Category values are not listed (they are disclosive). */
    columns: { column: string; rareCategories?: number; leaked: number; syntheticRows?: number }[];
    reading: Reading;
  };
  /** Anonymeter attacks; `null` for an attack that could not run (e.g. fewer than two columns), reason in notes. */
  anonymeter: {
    singlingOut: { univariate: AttackRisk | null; multivariate: AttackRisk | null };
    linkability: AttackRisk | null;
    inference: AttackRisk | null;
    /** Inference per secret column (`detail` names the secret); `inference` is the one with the highest lower confidence bound on its risk. */
    inferenceBySecret?: AttackRisk[];
    /** Confidence level of the Wilson intervals (default 0.95). */
    confidence: number;
  };
  notes: string[];
}

/** One Anonymeter attack's result (Giomi et al. 2023; statice/anonymeter). */
export interface AttackRisk {
  /** risk = (attackRate − controlRate)/(1 − controlRate), clipped to [0, 1]; = attackRate without a control set. */
  risk: number;
  /**
   * True when there was no control set: `risk` is then the raw attack success rate, an upper bound on the
   * risk (it counts what could be guessed without the twin), not a measured risk; its reading has no verdict
   * to show and is left out of the overall privacy reading.
   */
  upperBound?: true;
  /** Confidence interval of the risk, clipped to [0, 1]. */
  ci: [number, number];
  /** Wilson success rate of the attack on the training records. */
  attackRate: number;
  /** Wilson success rate of the same attack on the control (holdout) records. */
  controlRate?: number;
  /** Success rate of a random-guess baseline attack, when computed (a check that the attack is meaningful). */
  baselineRate?: number;
  /** Number of attack attempts (targets or predicates). */
  attacks: number;
  reading: Reading;
  /** What was attacked, e.g. the secret column(s) for inference or the column split for linkability. */
  detail?: string;
}

// ---------------------------------------------------------------------------
// Chart detail
// ---------------------------------------------------------------------------

/** Counts and proportions of one table over shared bins or categories. Proportions are of non-missing values. */
export interface Frequencies {
  counts: number[];
  proportions: number[];
}

export interface NumericColumnDetail {
  column: string;
  type: ColumnType;
  kind: 'numeric';
  /** Shared bin edges (length bins + 1) spanning both tables' values; dates as epoch ms. */
  edges: number[];
  real: Frequencies;
  synthetic: Frequencies;
  /** Missing fraction of each table. */
  missing: { real: number; synthetic: number };
  /** Summary statistics of the non-missing values (null when a side has none). */
  stats: { real: NumericStats | null; synthetic: NumericStats | null };
}

export interface NumericStats {
  min: number;
  max: number;
  mean: number;
  sd: number;
  median: number;
}

export interface CategoricalColumnDetail {
  column: string;
  type: ColumnType;
  kind: 'categorical';
  /**
   * Categories shown, most frequent in the real data first (synthetic-only categories after them); real categories
   * with fewer records than the disclosure threshold, and those beyond the display limit (30), are summed into a last
   * entry named by `other.label`.
   */
  categories: string[];
  real: Frequencies;
  synthetic: Frequencies;
  missing: { real: number; synthetic: number };
  /** Set when the tail was merged: the label of the merged entry and how many categories it holds. */
  other?: { label: string; categories: number };
}

export type ColumnDetail = NumericColumnDetail | CategoricalColumnDetail;

/**
 * Square matrices over `columns` (the columns used for pair trends) for the heatmaps. Cell [i][j] is the
 * association of columns i and j: Pearson r for two numeric/date columns, Cramér's V of the binned contingency
 * table otherwise; 1 on the diagonal; null where undefined (constant column). `difference` is |real − synthetic|.
 */
/**
 * The heatmaps' matrices: every compared column up to 100; past that the 100 columns met first
 * among the least similar pairs, in column order, and `omittedColumns` says how many are left out.
 */
export interface AssociationMatrices {
  columns: string[];
  measure: ('pearson' | 'cramersV')[][];
  real: (number | null)[][];
  synthetic: (number | null)[][];
  difference: (number | null)[][];
  /** Compared columns left out of the matrices (more than 100 were compared); absent when none. */
  omittedColumns?: number;
}

// Record logic (computed in recordLogic.ts).

/** Rows a rule applies to in one table, and the share of them that break it. */
export interface RuleCountReading {
  applicable: number;
  violations: number;
  /** violations / applicable (0 when it applies to no row). */
  rate: number;
}

/** One record rule, read in the real table and in the twin. */
export interface RuleReading {
  kind: RecordRule['kind'];
  columns: string[];
  /** The rule in words. */
  rule: string;
  /** Null in a released copy: real counts stay in the TRE (the rule says no real record breaks it). */
  real: RuleCountReading | null;
  synthetic: RuleCountReading;
}

export interface RecordLogicReport {
  /** Where the rules came from: the twin's metadata, or found in the real table here. */
  source: 'metadata' | 'real data';
  rules: RuleReading[];
  /** Rules broken by at least one twin row. */
  broken: number;
}

// Reading another tool's twin (harmoniseTwin.ts).

/** Ways a value was harmonised, as the report names them. */
export type HarmoniseWay =
  | 'missing-spelling'
  | 'surrounding-spaces'
  | 'whole-number-as-decimal'
  | 'number-rendering'
  | 'true-false-spelling'
  | 'date-rendering'
  | 'category-spelling';

/** What harmonising one column of the synthetic file did (counts over the whole file; never a value). */
export interface ColumnHarmonisation {
  column: string;
  /** The synthetic file's name for the column, when it differs. */
  fileColumn?: string;
  /** Values rewritten to the real column's rendering. */
  harmonised: number;
  /** Values that matched no reading of the real column's type: read as missing, the rest of the column scored. */
  unreadable: number;
  /** How values were harmonised, each with its count. */
  ways: { way: HarmoniseWay; count: number }[];
}

import type { ColumnSpec, Dialect } from '../schema';
import type { DisclosureFlag, DisclosureSettings, RecordRule, SourceFingerprint } from '../metadata';
import type { IdentifierPattern } from './patterns';

/** Options of {@link profileDataset}. */
export interface ProfileOptions {
  /** Spellings of a missing value; default `DEFAULT_MISSING_TOKENS` ('', NA, N/A, NULL, ., ?). */
  missingTokens?: string[];
  /** The column whose values identify persons (declared with `--person-key`); detected when absent. */
  personKey?: string;
  /**
   * Columns known to be keys (a linked dataset's primary and foreign keys): their values name rows,
   * so a key that would read as categorical is an identifier (format and rows per key only, never
   * its values) and never meets the category limit.
   */
  keyColumns?: string[];
  /** Disclosure settings used for the flags (k for rare categories and small cells). */
  disclosure?: Partial<DisclosureSettings>;
  /**
   * Values kept per column for exact quantiles and histograms; beyond it a seeded uniform
   * reservoir sample of this size is used. Default 200,000 (1.6 MB per numeric column).
   */
  exactRowLimit?: number;
  /** Rows kept (seeded reservoir) for pairwise associations. Default 50,000. */
  associationRows?: number;
  /** Distinct values counted exactly per column before switching to a HyperLogLog estimate. Default 50,000. */
  distinctLimit?: number;
  /** Seed of every sample drawn (reservoirs). Default 1. */
  seed?: number;
  /**
   * Most distinct values a column typed categorical may have (default 250,000; counted exactly up
   * to `distinctLimit`, then estimated). Beyond it profiling stops with an input error naming the
   * column and the limit: a categorical model of that many values is neither useful nor safe.
   */
  maxCategories?: number;
  /** Pairwise associations are skipped above this many non-text columns (default 200). */
  maxAssociationColumns?: number;
  /**
   * Where the file's SHA-256 is computed: on a worker thread (true), or from the bytes the pass
   * reads (false; delimited text only). Default: a thread when more than one core is available.
   */
  fingerprintOnThread?: boolean;
  /**
   * Worker threads reading byte ranges of a UTF-8 delimited file (default 1: one pass). Figures
   * from samples (past 200,000 values of a column, 50,000 association and 5,000 pattern rows)
   * depend on where the ranges begin, so callers whose output must not depend on the machine
   * (generation, evaluation, audit) leave this at 1; `twin profile` and the editor's profile
   * pass every core unless told (core/threads.ts).
   * Files under two ranges of {@link minRangeBytes} are read in one pass.
   */
  threads?: number;
  /** Smallest byte range given a thread (default 8 MB; tests lower it to split small files). */
  minRangeBytes?: number;
  /** Where to cut the file (byte offsets, data start first, file end last): tests of the merge only. */
  rangeCuts?: number[];
}

/** Summary of a numeric, integer, date or datetime column (dates in epoch ms UTC). Exact, disclosive. */
export interface NumericProfile {
  /** Non-missing values summarised. */
  count: number;
  min: number;
  max: number;
  mean: number;
  sd: number;
  /** "exact" or "reservoir sample of N values (seed S)": how quantiles, histogram and outliers were computed. */
  method: string;
  /** Quantiles at p = 0, 0.01, …, 1 (101 points). */
  quantiles: { p: number[]; values: number[] };
  /** Equal-width histogram over [min, max] (counts scaled to all values when sampled). */
  histogram: { edges: number[]; counts: number[] };
  /** Decimal places needed to write the values (0 for integers; max seen for variable decimals, capped at 10). */
  precision: number;
  /** Values beyond the 3×IQR fences (estimated from the sample when sampled). */
  outliers: { low: number; high: number; lowerFence: number; upperFence: number };
  /** Values holding ≥ 5% of non-missing values, and exact zero when it does; from exact counts where available. */
  pointMasses: { value: number; count: number; share: number }[];
  /**
   * The lowest and highest kept values (3%, at least 2,000 a side), ascending, from which
   * toMetadata fits the tail models beyond the published bounds; `scale` turns a
   * count of kept values into a count of all values (1 when exact). Non-enumerable: never serialised.
   */
  extremes?: TailValues;
}

/** See {@link NumericProfile.extremes}. */
export interface TailValues { low: Float64Array; high: Float64Array; scale: number }

/** Frequencies of a column's values (every column has them; complete unless high-cardinality). */
export interface FrequencyProfile {
  /** Values and counts, most frequent first (at most `distinctLimit` values). */
  values: { value: string; count: number }[];
  /** False when the column had more distinct values than were counted (high cardinality). */
  complete: boolean;
}

/** Lengths (UTF-16 code units) of the non-missing values as written. */
export interface LengthProfile {
  min: number;
  max: number;
  mean: number;
  /** Quantiles at p = 0, 0.01, …, 1 (exact: lengths above 1,000 count as 1,000). */
  quantiles: { p: number[]; values: number[] };
}

export interface ColumnProfile {
  name: string;
  /** 0-based position in the source. */
  index: number;
  /** Inferred type and format: what the twin must reproduce. */
  spec: ColumnSpec;
  /** Missing cells (missing tokens, empty, null). */
  missing: number;
  /** missing / rows. */
  missingFraction: number;
  distinct: { count: number; method: 'exact' | 'hyperloglog' };
  numeric?: NumericProfile;
  frequencies: FrequencyProfile;
  length: LengthProfile;
  /** Identifier scheme matched by ≥ 90% of a sample of values, with the matching share. */
  identifier?: { pattern: IdentifierPattern; share: number; checkDigitValidShare?: number };
  /**
   * Identifiers, text and categories: the first two characters (as bytes) that the values begin
   * with, every value counted, so fakes can begin with something no real value does (synth/fakeSpaces.ts).
   */
  beginnings?: string[];
  /** Identifiers: the first four digits of the values that start with a digit (separators skipped), every value counted. */
  digitBeginnings?: string[];
  /** Why the type was chosen, in words. */
  typeReason: string;
  flags: DisclosureFlag[];
  /** Distinct persons behind the figures, when the dataset has a person key (core/disclosure/personCounts). */
  persons?: PersonProfile;
}

/** Person counts of one column (present only with a person key). Counts are capped at k: only "≥ k or not" matters. */
export interface PersonProfile {
  /** Categories held by at least k rows, with the distinct persons holding each (capped at k). */
  categories: { value: string; persons: number }[];
  /** Distinct persons holding any category outside `categories` or with fewer than k persons (capped at k). */
  rarePersons: number;
  /** Numbers/dates: the value at or below which k distinct persons lie (each at their own minimum). */
  lowest?: number;
  /** Numbers/dates: the value at or above which k distinct persons lie (each at their own maximum). */
  highest?: number;
  /**
   * Numbers/dates: distinct persons holding a value in [lo, hi), capped at k (only "≥ k or not"
   * matters); counts err low when more distinct values were seen than were tracked. Held as a
   * non-enumerable property: it is not part of the profile written to JSON or sent between threads.
   */
  personsIn?: (lo: number, hi: number) => number;
  /**
   * Repeated keys other than the person key (an encounter, a payer): the person hashes of each key
   * value's rows (one, or up to k distinct), so rows-per-key groups count persons, not keys.
   * Non-enumerable like `personsIn`.
   */
  keyPersons?: ReadonlyMap<string, number | readonly number[]>;
}

export interface ProfileAssociation {
  columns: [string, string];
  measure: 'pearson' | 'spearman' | 'cramersV' | 'correlationRatio';
  value: number;
  /** Rows (pairwise complete) the value rests on. */
  n: number;
  /**
   * Smallest cell, zeros included (Cramér's V), or smallest non-empty group (η) of the table it rests on, categories with
   * fewer than k sample rows merged into one level first; `n` for numeric pairs.
   */
  minCell: number;
}

/** A record rule the profiler verified on every row, with what it rests on. Exact, disclosive. */
export interface ProfileRule {
  /** The rule as it would be published (an order's gap quantiles still empty). */
  rule: RecordRule;
  /** Rows the rule applied to, and distinct persons among them counted up to k (rows without a person key). */
  rows: number;
  persons: number;
  /** Orders: second − first on the sampled rows, in the gap's unit, sorted. */
  gaps?: number[];
  /** Missing-when rules: the same rule worded by the other values (published when the first form names a suppressed category). */
  alternatives?: RecordRule[];
}

/** The full, unrounded profile of a dataset. Disclosive: never released unless a person names it. */
export interface Profile {
  format: 'twin-profile/1';
  dataset: {
    name: string;
    path: string;
    format: 'delimited' | 'parquet' | 'arrow';
    rows: number;
    dialect: Dialect;
    fingerprint: SourceFingerprint;
    /** The column whose values identify persons, and whether it was declared (`--person-key`) or detected. */
    personKey?: { column: string; how: 'declared' | 'detected' };
  };
  missingTokens: string[];
  /** Settings the flags were computed with. */
  disclosure: DisclosureSettings;
  columns: ColumnProfile[];
  associations: { method: string; rows: number; pairs: ProfileAssociation[] };
  /**
   * Cell keys (sum of keyed record keys mod 1, core/disclosure/recordKeys) of all rows and of each
   * column's missing rows: what the published row and missing counts are perturbed by. Absent in
   * profiles made before cell-key perturbation (then the published figures use keys of 0.5: no change).
   */
  cellKeys?: { rows: number; missing: number[] };
  /** Record rules verified on every row (absent in profiles made before rules existed). */
  rules?: ProfileRule[];
  /** How figures were computed (sampling, estimates), in words. */
  notes: string[];
  /** Seconds taken and throughput. */
  timing: { seconds: number; megabytesPerSecond: number };
}

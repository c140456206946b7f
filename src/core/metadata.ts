import type { ColumnType, Dialect, ValueFormat } from './schema';
import type { ReviewDecisions } from './review/decisionTypes';

/**
 * `metadata.json` (format `twin-metadata/1`): the disclosure-safe profile, the one
 * artefact that may leave a TRE before any data does. Every figure in it obeys the
 * disclosure rules of DESIGN.md; each control applied is listed in `controls`.
 */
export const METADATA_FORMAT = 'twin-metadata/1';

export interface Metadata {
  format: typeof METADATA_FORMAT;
  /** Tool name and version that wrote it. */
  generator: { tool: 'synthetic-twin'; version: string };
  dataset: {
    name: string;
    /** Row count, perturbed by the cell-key method (core/disclosure/cellKey): within ±2 of the true count. */
    rows: number;
    dialect: Dialect;
    /** Keyed fingerprint of the source file (no raw size or hash), so a recipe can prove what it came from inside the TRE. */
    fingerprint: KeyedFingerprint;
    /**
     * The column whose values identify persons (patient ID, NHS number, MRN), detected or declared
     * (`--person-key`). When set, rows belong to persons and every disclosure threshold counts
     * distinct persons, not rows (DESIGN.md, "The person is the unit").
     */
    personKey?: string;
  };
  /** The disclosure settings in force when the metadata was made. */
  disclosure: DisclosureSettings;
  columns: MetadataColumn[];
  /** Pairwise associations, rounded, computed on `associations.method`'s rows. */
  associations?: AssociationSummary;
  /**
   * Rules every real record keeps (order, derived columns, shared missingness, natural ranges),
   * each verified on every row over at least k persons and published as a rule, never a value.
   * Absent in metadata written before rules existed (read as none).
   */
  rules?: RecordRule[];
  /** Every disclosure control applied, in order. */
  controls: ControlRecord[];
  /** What the reviewer decided (core/review): absent when nobody changed what the profiler inferred. */
  decisions?: ReviewDecisions;
  /** Person who reviewed and signed the metadata off; holds only while the metadata is what they signed (core/review/signOff). */
  signOff?: SignOff;
}

/** Size and SHA-256 of a file: kept inside the TRE (profile) or of a twin (released anyway). */
export interface SourceFingerprint { bytes: number; sha256: string }

/** A source's fingerprint as released: HMAC-SHA-256 under the TRE's secret (core/disclosure/fingerprint). */
export interface KeyedFingerprint { method: 'hmac-sha256'; hmac: string }

export interface DisclosureSettings {
  /** k: no count, cell or bin below this is published. Default 10. */
  threshold: number;
  /** Counts are rounded to a multiple of this. Default 5. */
  rounding: number;
  /** Quantile used for bottom/top coding, e.g. 0.01 → bounds are the 1st and 99th percentiles. */
  tailQuantile: number;
  /** Finest date resolution published: 'month' by default, 'day' when asked. */
  dateResolution: 'month' | 'day';
}

export const DEFAULT_DISCLOSURE: DisclosureSettings = { threshold: 10, rounding: 5, tailQuantile: 0.01, dateResolution: 'month' };

export interface SignOff {
  name: string;
  role: string;
  /** The day signed, YYYY-MM-DD (UTC). */
  date: string;
  note?: string;
  /** SHA-256 of the metadata as signed (core/review/signOff: metadataDigest); a sign-off without it, or with another, does not hold. */
  digest?: string;
}

/** A disclosure finding about a column, with its reason in words. */
export interface DisclosureFlag {
  kind:
    | 'nhs-number' | 'postcode' | 'ni-number' | 'email' | 'phone' | 'name' | 'free-text'
    | 'unique-key' | 'near-unique' | 'person-key' | 'rare-categories' | 'outliers' | 'date-of-birth' | 'exact-date';
  reason: string;
  /** What the metadata/twin does about it: e.g. 'faked', 'merged into other', 'top/bottom-coded'. */
  action?: string;
}

/** One disclosure control as applied, for the audit trail. */
export interface ControlRecord {
  column?: string;
  control: 'rare-category-merge' | 'rare-category-drop' | 'top-bottom-coding' | 'count-rounding'
    | 'histogram-bin-merge' | 'quantile-coarsening' | 'date-coarsening' | 'identifier-format-only'
    | 'free-text-length-only' | 'small-cell-suppression' | 'column-excluded' | 'person-key' | 'key-multiplicity-groups'
    | 'cell-key-perturbation' | 'dominance-suppression' | 'value-coarsening' | 'tail-model' | 'secondary-suppression';
  detail: string;
}

interface BaseColumn {
  name: string;
  type: ColumnType;
  format: ValueFormat;
  /** Missing fraction 0..1: the perturbed missing count over the perturbed row count. */
  missing: number;
  /** Distinct non-missing values, rounded; omitted for identifiers/text. */
  distinct?: number;
  disclosure: DisclosureFlag[];
  /** Set by a person's decision: the twin leaves this column out. */
  excluded?: boolean;
  /**
   * Identifiers and text: the marker every fake of this column begins with, chosen by the profiler
   * because no real value begins with it (synth/fakeSpaces.ts), so no fake can equal a real value.
   * Reveals only that no real value starts so.
   */
  fakeSpace?: FakeSpace;
}

/** A fake kind (synth/fakes.ts) and the beginning no real value has (null: every candidate was taken). */
export interface FakeSpace { kind: string; prefix: string | null }

/** numeric, integer, date, datetime: no min/max, coded bounds and quantiles instead. */
export interface NumberMetadataColumn extends BaseColumn {
  type: 'numeric' | 'integer' | 'date' | 'datetime';
  /** Bottom/top-coded bounds (the tail quantiles), rounded to the column's precision. Dates: epoch ms. */
  bounds: { lower: number; upper: number };
  mean?: number;
  sd?: number;
  /** Quantiles at probabilities `p` (each interval holds ≥ k records), values within `bounds`. */
  quantiles: { p: number[]; values: number[] };
  /** Bins with ≥ k records each, counts rounded. */
  histogram: { edges: number[]; counts: number[] };
  /** Share of non-missing values exactly zero, when notable (spikes such as capital-gain's zeros). */
  pointMasses?: { value: number; share: number }[];
  /**
   * The tails beyond the bounds, modelled (disclosure/tailModel.ts): each fitted on the at least
   * k persons beyond its bound and published as coarsened model parameters, never as a real
   * value; absent on a side with no tail, or whose tail could not be published safely.
   */
  tails?: { below?: TailModel; above?: TailModel };
}

/**
 * One tail: the share of all non-missing values beyond the bound, values held by at least k persons
 * that make up a notable part of it (top-codes such as 99999, age 90) as shares of the tail, and
 * the distance beyond the bound of the rest as a generalised Pareto distribution
 * (scale σ > 0, shape ξ; ξ = 0 is the exponential), fitted by probability-weighted moments.
 */
export interface TailModel {
  share: number;
  scale: number;
  shape: number;
  masses?: { value: number; share: number }[];
  /**
   * The outermost mass, when no value lies beyond it (a top-code such as age 90 or 99999 that at
   * least k persons hold: the maximum is then a value k persons share, publishable like a category):
   * the twin's tail stops there.
   */
  end?: number;
}

/** categorical and boolean: rounded frequencies of categories with ≥ k records; the rest merged. */
export interface CategoryMetadataColumn extends BaseColumn {
  type: 'categorical' | 'boolean';
  categories: { value: string; count: number }[];
  /** Rare categories merged: their number and rounded total count (null count when the merged group < k and was dropped). */
  other?: { categories: number; count: number | null; label: string };
  /** The rounding base of these category counts when coarser than the dataset's (secondary suppression). */
  countRounding?: number;
}

/** text and identifiers: described by format and length only, never by value. */
export interface StringMetadataColumn extends BaseColumn {
  type: 'text' | 'identifier';
  length: { quantiles: { p: number[]; values: number[] } };
  /** True when every value is distinct (keys). */
  unique: boolean;
  /**
   * Set when the source's own values lie in a reserved test range (NHS numbers 999 000 0000–999 999 9999),
   * i.e. the source is itself test or demo data: fakes then come from outside that range so that none
   * can equal a source value. Reveals no value.
   */
  inTestRange?: boolean;
  /**
   * A repeated key (identifier values that repeat: a person or organisation key in a long table):
   * how many rows each key has, in groups of ≥ k keys (see `synth/keys.ts`). Twins draw fake keys
   * with this distribution. Absent for unique columns and when the keys were too many to count.
   */
  multiplicity?: KeyMultiplicity;
}

/** Rows-per-key distribution of a repeated key: groups of ≥ k keys ranked by rows, each by rounded key count, mean and sd. */
export interface KeyMultiplicity {
  /** Distinct keys, rounded. */
  keys: number;
  /** Groups from the keys with fewest rows to those with most; `sd` 0 when fewer than k keys in all. */
  groups: { keys: number; mean: number; sd: number }[];
}

export type MetadataColumn = NumberMetadataColumn | CategoryMetadataColumn | StringMetadataColumn;

export interface AssociationSummary {
  /** How the rows were chosen, e.g. "all 32561 rows" or "uniform sample of 50000 rows, seed 1". */
  method: string;
  pairs: { columns: [string, string]; measure: 'pearson' | 'spearman' | 'cramersV' | 'correlationRatio'; value: number }[];
}

/**
 * A rule that held in every real record (DESIGN.md, "Record logic and keys"), kept by construction
 * in every twin while `keep` is true. A reviewer drops a rule by setting `keep: false`.
 */
export type RecordRule = OrderRule | DerivedRule | MissingTogetherRule | MissingWhenRule | RangeRule;

interface RuleBase {
  /** The reviewer's switch: false leaves the rule out of every twin made from this metadata. */
  keep: boolean;
  /** The rule in words, e.g. "admission ≤ discharge in every record". */
  reason: string;
}

/** `columns[0] ≤ columns[1]` wherever both are present; twins draw the gap, not the second value. */
export interface OrderRule extends RuleBase {
  kind: 'order';
  columns: [string, string];
  /** Distribution of second − first: quantiles whose intervals each hold ≥ k records, no exact extremes. */
  gap: GapDistribution;
}

export interface GapDistribution {
  /** Unit of the values: dates and datetimes in days, hours, minutes or seconds; 'value' for numbers. */
  unit: 'day' | 'hour' | 'minute' | 'second' | 'value';
  quantiles: { p: number[]; values: number[] };
}

/**
 * `column` = formula(from[0], from[1]) wherever all three are present: twins compute it.
 * difference: second − first (numbers), or for dates the time from first to second in `unit`
 * (calendar-day: days between the dates' calendar days), rounded with `rounding`, plus `offset`.
 * sum: first + second.
 */
export interface DerivedRule extends RuleBase {
  kind: 'derived';
  column: string;
  from: [string, string];
  formula: DerivedFormula;
  /** True when `column` is present exactly when both `from` columns are (the twin follows). */
  missingFollows: boolean;
}

export interface DerivedFormula {
  op: 'difference' | 'sum';
  unit?: 'calendar-day' | 'day' | 'hour' | 'minute';
  rounding?: 'floor' | 'round' | 'ceil';
  offset?: number;
}

/** These columns are missing on exactly the same records (e.g. no discharge, no outcome, no stay). */
export interface MissingTogetherRule extends RuleBase {
  kind: 'missing-together';
  columns: string[];
}

/**
 * A column missing exactly when another column takes one of some values (`missing: true`: no
 * discharge date exactly when the outcome is "Still admitted"), or present exactly then
 * (`missing: false`: a 30-day readmission recorded only when the outcome is "Discharged home" or
 * "Transferred"; a missing `when` counts as none of the values). Every value named is a published
 * category of `when`.
 */
export interface MissingWhenRule extends RuleBase {
  kind: 'missing-when';
  column: string;
  when: string;
  values: string[];
  missing: boolean;
}

/** A natural limit every value keeps (≥ 0, ≤ 1, ≤ 100): a constant of the kind of column, not a data value. */
export interface RangeRule extends RuleBase {
  kind: 'range';
  column: string;
  lower?: number;
  upper?: number;
}

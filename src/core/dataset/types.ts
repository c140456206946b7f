import type { ControlRecord, DisclosureSettings, GapDistribution, KeyMultiplicity, Metadata, SignOff } from '../metadata';

/**
 * A dataset is one table or several linked tables (issue 15). This module is the contract:
 *
 * - `DatasetMetadata` is metadata.json format `twin-metadata/2`: one file describing a whole
 *   dataset — its tables (each a complete, disclosure-controlled `twin-metadata/1` Metadata, so
 *   everything that reads one table keeps working per table), the keys and links between them,
 *   the person table, and relationship summaries with the person as the unit. A single table is a
 *   valid v2 dataset (one table, no links). The old single-table file (`twin-metadata/1`) still
 *   reads: `dataset/metadataV2.ts` turns it into a one-table v2 dataset.
 * - Keys and links are named by table and column names, never by values. A link's evidence is a
 *   coarse share (see {@link LinkEvidence}); summaries are published by `core/disclosure/relationships.ts`.
 * - Files are named relative to the metadata (`file` is a base name): the twin of a table is
 *   written under the same file name, in the same format.
 */
export const DATASET_METADATA_FORMAT = 'twin-metadata/2';

/** File formats a table can be read from and written to. */
export type TableFormat = 'csv' | 'tsv' | 'parquet' | 'arrow';

/** A column of a table; in text `table.column`, read back against the dataset's table names (names may hold dots). */
export interface ColumnRef { table: string; column: string }

/** One table of a dataset. */
export interface DatasetTable {
  /** Table name: the file name without extension (or the name dataset.json gives). */
  name: string;
  /** File name relative to the metadata/dataset folder, e.g. `patients.csv`. */
  file: string;
  format: TableFormat;
  /** The table's disclosure-controlled metadata; its `dataset.personKey` is the column that leads to the person. */
  metadata: Metadata;
}

/** Where a key or link came from: found in the data, declared in dataset.json, or added by a reviewer. */
export type LinkOrigin = 'discovered' | 'declared' | 'review';

/** A reviewer's verdict on a key or link; `proposed` until someone decides. Rejected links are kept (so they are not re-proposed) but ignored. */
export type LinkStatus = 'proposed' | 'confirmed' | 'rejected';

/** A table's primary key: one column, every value present and distinct. */
export interface PrimaryKey {
  table: string;
  column: string;
  origin: LinkOrigin;
}

/**
 * Evidence for a foreign key. Shares are of the child column's distinct non-missing values,
 * floored to 2 decimals (1 only when every value is found), so no count is published.
 */
export interface LinkEvidence {
  /** Share of the child's distinct non-missing values found among the parent key's values. */
  inclusion: number;
  /**
   * How the names agree: `table` — the child column names the parent table (PATIENT → patients,
   * patient_id → patients); `column` — same column name on both sides (not `id`); `declared`; `none`.
   */
  name: 'table' | 'column' | 'declared' | 'none';
}

/**
 * child.column references parent.column (the parent's primary key). Every child row with a value
 * has a parent row; rows without a value exist when `optional`.
 */
export interface ForeignKey {
  child: ColumnRef;
  parent: ColumnRef;
  /** Some child rows have no value (the link is optional: a medication with no payer). */
  optional: boolean;
  /** child.table === parent.table (an encounter referencing an earlier encounter). */
  selfReference: boolean;
  evidence: LinkEvidence;
  origin: LinkOrigin;
  status: LinkStatus;
}

/**
 * Two paths from one table to the same ancestor that must agree (a diamond): a condition's
 * PATIENT equals the PATIENT of its ENCOUNTER. `direct` is the child's own link to the ancestor;
 * `via` the chain through the intermediate table(s), first link starting at `table`. Twins must
 * keep both paths consistent.
 */
export interface Diamond {
  table: string;
  ancestor: string;
  direct: ColumnRef & { parentColumn: string };
  via: (ColumnRef & { parentColumn: string })[];
  /** Share of child rows where both paths reach the same ancestor row, floored to 2 decimals (only ≥ 0.99 is reported as a diamond). */
  agreement: number;
}

/** The relationships of a dataset: keys, links, diamonds and the person table. */
export interface Relationships {
  primaryKeys: PrimaryKey[];
  foreignKeys: ForeignKey[];
  diamonds: Diamond[];
  /**
   * The person table: the root most event tables hang from (patients), whose primary key
   * identifies persons. Absent when the dataset has none (no person data, or a single table).
   */
  personTable?: string;
}

/**
 * Relationship figures with the person as the unit, published under the disclosure layer
 * (`core/disclosure/relationships.ts`): counts rounded, groups/intervals of ≥ k parents or persons.
 */
export interface RelationshipSummaries {
  /** One per confirmed-or-proposed foreign key that is not a self-reference. */
  childrenPerParent: ChildrenPerParent[];
  /** One per table linked to the person table (directly or through a chain): rows per person. */
  eventsPerPerson: EventsPerPerson[];
  /** Dates of event tables relative to the person's birth date, or to the person's first event in that table. */
  timeOffsets: TimeOffset[];
  /** Gaps between a person's consecutive events in a table (by one date column), in days. */
  eventGaps: EventGap[];
}

/** How many child rows each parent row has. */
export interface ChildrenPerParent {
  child: ColumnRef;
  parent: ColumnRef;
  /** Share of parent rows with no child, rounded to 2 decimals (from rounded counts); null when withheld (those parents are fewer than k persons). */
  noneShare: number | null;
  /** Children per parent among parents with at least one, as rows-per-key groups of ≥ k parents (as `synth/keys.ts` draws). */
  distribution: KeyMultiplicity;
}

/** Rows per person in a table (persons with none counted in `noneShare`). */
export interface EventsPerPerson {
  table: string;
  /** The column of `table` that leads to the person (direct foreign key, or the first link of the chain). */
  via: ColumnRef[];
  noneShare: number | null;
  distribution: KeyMultiplicity;
}

/** An event date's offset from the person's birth date (`from: 'birth'`) or from the person's first event in this table. */
export interface TimeOffset {
  table: string;
  column: string;
  from: 'birth' | 'first-event';
  /** In days; quantile intervals each hold ≥ k persons, no exact extremes. */
  offset: GapDistribution;
}

/** Gap between a person's consecutive events in `table` ordered by `column`, in days. */
export interface EventGap {
  table: string;
  column: string;
  gap: GapDistribution;
}

/**
 * metadata.json `twin-metadata/2`: a whole dataset. `disclosure` is the settings every table and
 * summary was made under (each table's own `disclosure` is the same). `controls` lists the
 * dataset-level controls (summaries, evidence coarsening); each table lists its own.
 */
export interface DatasetMetadata {
  format: typeof DATASET_METADATA_FORMAT;
  generator: { tool: 'synthetic-twin'; version: string };
  dataset: { name: string };
  disclosure: DisclosureSettings;
  tables: DatasetTable[];
  relationships: Relationships;
  /** Absent when nothing could be summarised (a single table, no links). */
  summaries?: RelationshipSummaries;
  controls: ControlRecord[];
  signOff?: SignOff;
}

/**
 * dataset.json: names the tables of a dataset and, where wanted, keys the user declares.
 * `tables` entries are file names relative to dataset.json (or `{ name, file }`); keys are
 * written `table.column`. Declared keys and links are kept as `origin: 'declared'` and are never
 * dropped by discovery.
 */
export interface DatasetSpec {
  name?: string;
  tables: (string | { name?: string; file: string })[];
  primaryKeys?: string[];
  foreignKeys?: { child: string; parent: string }[];
  personTable?: string;
}

/** Text form of a column reference: `table.column`. */
export function refText(r: ColumnRef): string {
  return `${r.table}.${r.column}`;
}

/** Text form of a link: `child.COL->parent.COL` (its identity in review decisions). */
export function linkText(fk: Pick<ForeignKey, 'child' | 'parent'>): string {
  return `${refText(fk.child)}->${refText(fk.parent)}`;
}

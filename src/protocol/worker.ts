/**
 * The messages between the extension host and the core worker (dist/worker.js).
 * Typed once here and imported by both sides; only disclosure-safe results
 * (metadata, reports, paths) travel back to the host, never data rows.
 */
import type { ColumnType, DatasetEvaluation, DatasetMetadata, EvaluationReport, LinkDecisions, Metadata, ReviewDecisions, SqlSourceSpec } from '../core';
import type { LadderLevel } from './messages';

export type { ReviewDecisions };

/** The jobs the worker runs, with their parameters and results. */
export interface JobMap {
  /**
   * Profile a data file; the full profile stays in the worker, the disclosure-safe metadata (with the
   * saved decisions applied by core/review) comes back. `threshold`: the k of the settings (a decided k wins).
   */
  profile: {
    params: { path: string; missingTokens: string[]; threshold: number; decisions?: ReviewDecisions; /** Profiling threads (0: every core). */ threads?: number };
    result: { metadata: Metadata; inferredTypes: Record<string, ColumnType>; rows: number; seconds: number; megabytesPerSecond: number };
  };
  /**
   * Profile a table or query in DuckDB or PostgreSQL where it lives (core/sql). `password` is used
   * for this job's connection only: the worker keeps the profile (under `heldAs`, for review
   * decisions), never the password. Empty or absent: none, or PGPASSWORD of the editor's environment.
   */
  profileDatabase: {
    params: { source: SqlSourceSpec; password?: string; heldAs: string; missingTokens: string[]; threshold: number; decisions?: ReviewDecisions };
    result: { metadata: Metadata; inferredTypes: Record<string, ColumnType>; rows: number; seconds: number };
  };
  /** Re-derive metadata after a decision that re-summarises columns (re-profiles when the worker no longer holds the profile). */
  review: {
    params: { path: string; missingTokens: string[]; threshold: number; decisions: ReviewDecisions; /** Profiling threads when the file is profiled again (0: every core). */ threads?: number };
    result: { metadata: Metadata; inferredTypes: Record<string, ColumnType> };
  };
  /** Generate a twin and its recipe. */
  generate: {
    params: { input: string; level: LadderLevel; rows?: number; seed?: number; epsilon?: number; out: string; missingTokens: string[]; threshold: number; /** Drawing threads (0: every core; the same bytes at any count). */ threads?: number; /** Reviewed metadata.json of the data file (correlated twins apply its decisions). */ metadata?: string; /** Use `metadata` although its sign-off does not hold (the person chose to). */ allowUnsigned?: boolean };
    result: { outPath: string; recipePath: string; rows: number; level: LadderLevel; method: string; seed: number };
  };
  /** Evaluate a twin against real data; writes evaluation.json and evaluation.html when asked. */
  evaluate: {
    params: { real: string; synthetic: string; holdout?: string; /** False: ignore the holdout recorded in the twin's recipe. */ recipeHoldout?: boolean; target?: string; sampleSize: number; seed: number; missingTokens: string[]; /** Columns the review excluded from the twin. */ exclude?: string[]; jsonOut?: string; htmlOut?: string; webviewDir: string };
    result: { report: EvaluationReport };
  };
  /** Write the built-in sample. */
  sample: { params: { path: string; rows?: number; seed?: number }; result: { path: string; rows: number; bytes: number } };
  /** Write an evaluation report as standalone HTML. */
  exportHtml: { params: { report: EvaluationReport; out: string; webviewDir: string }; result: { path: string } };
  /** Create a release pack with the core's createReleasePack (generate, evaluate, documents). */
  release: {
    params: { data: string; level: LadderLevel; dir: string; rows?: number; seed?: number; epsilon?: number; target?: string; holdout?: string; /** Share of persons held out before fitting (without a holdout file); default the core's. */ holdoutShare?: number; /** Reviewed metadata.json of the data: the pack honours its decisions and carries its sign-off. */ metadata?: string; /** Use `metadata` although its sign-off does not hold (the person chose to). */ allowUnsigned?: boolean; custodian?: string; contact?: string; missingTokens: string[]; threshold: number; sampleSize: number };
    /** audit: the pack's `twin audit` outcome (its findings are in `audit.results`, ACRO's results.json). */
    result: { dir: string; files: string[]; audit: { status: 'pass' | 'warn' | 'fail'; findings: number; results: string } };
  };
  /** The fidelity ladder with the core's runLadder: every level against one in-memory holdout; writes each rung's twin, recipe, evaluation.json and evaluation.html. */
  ladder: {
    params: { data: string; outPaths: Record<LadderLevel, string>; rows?: number; seed?: number; missingTokens: string[]; threshold: number; sampleSize: number; webviewDir: string };
    result: { dataset: string; rungs: { level: LadderLevel; method: string; madeFrom: 'metadata' | 'real data'; twin: string; report: EvaluationReport }[] };
  };
  /**
   * Profile a folder (or dataset.json) of linked tables as one dataset (twin-metadata/2), with the
   * link decisions a person already made (kept when the folder is profiled again).
   */
  profileLinked: {
    params: { path: string; missingTokens: string[]; threshold: number; links?: LinkDecisions };
    result: { metadata: DatasetMetadata; seconds: number };
  };
  /** Confirm or reject links of a dataset's metadata.json (core's reviewDatasetMetadata; the tables are profiled again when a link is rejected). */
  reviewLinks: {
    params: { metadata: string; data: string; links: LinkDecisions; missingTokens: string[] };
    result: { metadata: DatasetMetadata; decided: string[]; profiled: boolean };
  };
  /** Generate the twin of a linked dataset into a folder (one file per table, and the recipe). */
  generateLinked: {
    params: { metadata: string; /** The real tables' folder: correlated twins are fitted on them. */ data?: string; level: LadderLevel; seed?: number; persons?: number; out: string };
    result: { out: string; recipePath: string; level: LadderLevel; tables: { name: string; rows: number }[] };
  };
  /** Evaluate a linked twin folder against the real folder: each table's report and the cross-table metrics; writes evaluation.json when asked. */
  evaluateLinked: {
    params: { real: string; twin: string; metadata: string; jsonOut?: string };
    result: { evaluation: DatasetEvaluation };
  };
  /** Create the release pack of a linked dataset (core's createDatasetReleasePack). */
  releaseLinked: {
    params: { data: string; metadata: string; level: LadderLevel; dir: string; seed?: number; persons?: number; custodian?: string; contact?: string };
    result: { dir: string; files: string[]; audit: { status: 'pass' | 'warn' | 'fail'; findings: number; results: string } };
  };
  /** Write the built-in linked sample (patients, admissions, diagnoses, prescriptions) into a folder. */
  linkedSample: { params: { dir: string; persons?: number; seed?: number }; result: { dir: string; persons: number; bytes: number } };
  /** Answers at once: lets tests and the host check the worker is alive. */
  ping: { params: Record<string, never>; result: { ok: true } };
}
export type JobKind = keyof JobMap;

export type JobRequest<K extends JobKind = JobKind> = K extends JobKind ? { type: 'run'; id: number; kind: K; params: JobMap[K]['params'] } : never;

/** Host → worker. */
export type ToWorker = JobRequest | { type: 'cancel'; id: number };

/** Worker → host. */
export type FromWorker =
  | { type: 'progress'; id: number; stage: string; fraction?: number }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'failed'; id: number; kind: 'input' | 'usage' | 'cancelled' | 'internal'; message: string; detail?: string };

import type { JobContext } from '../context';
import type { Metadata } from '../metadata';
import type { Random } from '../random';
import type { ColumnType, Table, ValueFormat } from '../schema';

/**
 * The one generator interface (issue 3, item 1). Every synthesis method —
 * structural, statistical, copula, cart, privbayes — is a `Generator` in its
 * own file, registered with one line in `registry.ts`. A generator is fitted
 * once (`fit`) and the fitted model streams rows (`sample`).
 */

/** The product's fidelity levels (DESIGN.md). */
export const FIDELITY_LEVELS = ['structural', 'statistical', 'correlated'] as const;
export type FidelityLevel = (typeof FIDELITY_LEVELS)[number];

/** Largest batch a model may yield from `sample`: keeps memory bounded whatever the row count. */
export const MAX_BATCH_ROWS = 65_536;

/** Cancellation, progress and the one injected random source. Never use Math.random. */
export interface SynthContext extends JobContext {
  rng: Random;
}

/** What a generator is fitted on. */
export interface FitInput {
  /** The disclosure-safe metadata (the only input of structural/statistical without epsilon). */
  metadata: Metadata;
  /**
   * Real rows, parsed with the metadata's column specs (`loadTable`), in metadata column
   * order. Given only when `generator.needsRealRows(epsilon)` is true.
   */
  table?: Table;
  /** Differential-privacy budget (> 0), only when `generator.supportsEpsilon`. */
  epsilon?: number;
}

/** What the generator did with one column: written into the recipe. Disclosure-safe (no values). */
export interface ColumnDecision {
  name: string;
  type: ColumnType;
  format: ValueFormat;
  /** modelled: drawn from a fitted/recorded distribution; faked: format-valid fake values; excluded: left out. */
  action: 'modelled' | 'faked' | 'excluded';
  /** How, in words, e.g. "uniform within coded bounds [17, 90]" or "NHS-number-like, 999 test range, unique". */
  detail: string;
}

/** The differential-privacy part of a model description. */
export interface PrivacyDescription {
  /** E.g. "Laplace mechanism on one-way histograms". */
  mechanism: string;
  epsilon: number;
  /** How the budget was split, in words, e.g. "equally across 13 columns: ε/13 = 0.0769 each". */
  split: string;
  /** The exact guarantee that holds, in words (goes into the recipe and the data card). */
  guarantee: string;
}

/**
 * What was done, for the recipe and the data card. Must be disclosure-safe: no real
 * values beyond what metadata.json already publishes.
 */
export interface ModelDescription {
  level: FidelityLevel;
  method: string;
  /** One or two sentences. */
  summary: string;
  /** One entry per metadata column, in metadata order (excluded columns included, action 'excluded'). */
  columns: ColumnDecision[];
  /** Present when epsilon was used. */
  privacy?: PrivacyDescription;
  /** Method-specific settings (tree depth, network degree, …); JSON-serialisable, disclosure-safe. */
  parameters?: Record<string, unknown>;
}

/** A fitted model: describes itself and streams synthetic rows. */
export interface FittedModel {
  describe(): ModelDescription;
  /**
   * Streams `rows` synthetic rows in batches of {@link batchRows}: `draw` batch after batch
   * (`drawAll` in columns.ts). Calls `throwIfAborted(ctx.signal)` between batches.
   */
  sample(rows: number, ctx: SynthContext): AsyncIterable<Table>;
  /** Rows the model draws at once (≤ {@link MAX_BATCH_ROWS}); a twin's batches start at multiples of it. */
  readonly batchRows: number;
  /**
   * Rows [first, first + count) of a twin of `rows` rows. The batch's columns are the metadata's
   * non-excluded columns, in metadata order, with specs `{ name, type, format }` from the
   * metadata (`twinColumnsOf` in columns.ts). A function of `rng`'s state, `rows`, `first` and
   * `count` only — never of batches drawn before — so batches drawn in any order, on any
   * thread, give the same twin (issue 17). `rng` is only forked, never drawn from.
   */
  draw(first: number, count: number, rows: number, rng: Random): Table;
  /**
   * Models that learn from real rows: the rows of a finished batch (record rules applied) that
   * equal a unique real row. generateTwin redraws them (`redrawFinalUniques` in correlated/uniqueGuard.ts).
   */
  readonly uniqueRows?: { hits(batch: Table): number[] };
}

/** A synthesis method. */
export interface Generator {
  /** Method name as typed on the command line (`--method`), e.g. 'structural', 'copula'. */
  readonly method: string;
  readonly level: FidelityLevel;
  /** One line for `--help` and error messages. */
  readonly description: string;
  /** Whether `--epsilon` is accepted. */
  readonly supportsEpsilon: boolean;
  /**
   * Whether `fit` needs the real rows (`FitInput.table`) for this epsilon. Correlated methods:
   * always. Statistical: only with epsilon (the Laplace noise must be added to true counts).
   * When true, generating from metadata.json alone is refused.
   */
  needsRealRows(epsilon: number | undefined): boolean;
  /**
   * Whether its fitted models redraw every finished row equal to a unique real row
   * ({@link FittedModel.uniqueRows}). `twin audit` then reads any such row in its twin as a
   * replay; for other methods it compares their count with what chance gives.
   */
  readonly redrawsUniqueRows: boolean;
  /** @throws TwinError('input') when the input cannot be fitted (e.g. epsilon not supported). */
  fit(input: FitInput, ctx: SynthContext): Promise<FittedModel>;
}

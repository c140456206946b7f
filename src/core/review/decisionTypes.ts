// The shape of a review's decisions, apart from the code that checks and applies them
// (decisions.ts), so the metadata type the webview reads loads no Node-only module.
import type { ColumnType } from '../schema';

/**
 * What a person decided when reviewing metadata (DESIGN.md: profile → review → sign-off →
 * generate). Only the person's own changes are recorded; everything else is what the profiler
 * inferred. The same record drives the editor's Profile view, `twin review`, generation and the
 * release pack, and is written into metadata.json (`decisions`) so a sign-off covers it.
 *
 * A new kind of decision is a new field here and a new entry of {@link DECISION_KINDS}.
 */
export interface ReviewDecisions {
  /** Column → the type the person chose (only columns whose type was changed). */
  types: Record<string, ColumnType>;
  /** Columns the person marked as identifiers: described by format only, faked in twins (wins over `types`). */
  identifiers: string[];
  /** Columns the twin and the release pack leave out. */
  excluded: string[];
  /** The threshold k the person chose; absent: the default. A k below the default is only honoured when recorded here. */
  threshold?: number;
  /** Record rules (by `ruleKey`) the person dropped: twins do not keep them. */
  droppedRules: string[];
}

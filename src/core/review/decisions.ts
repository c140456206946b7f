import { inputError } from '../errors';
import type { Metadata } from '../metadata';
import { DEFAULT_DISCLOSURE } from '../metadata';
import type { Profile } from '../profile/types';
import { dropRules, ruleKey } from '../recordRules';
import { COLUMN_TYPES, type ColumnType } from '../schema';
import type { ReviewDecisions } from './decisionTypes';
import { retypeColumn } from './typeChange';
import { t } from '../l10n';

export type { ReviewDecisions } from './decisionTypes';


/** No decisions: the metadata is the profiler's. */
export function emptyDecisions(): ReviewDecisions {
  return { types: {}, identifiers: [], excluded: [], droppedRules: [] };
}

/** One kind of decision: how it is checked, applied and told in words. */
export interface DecisionKind {
  /** The field of {@link ReviewDecisions} it reads. */
  field: keyof ReviewDecisions;
  /** Throws TwinError('input') when the decision names something the dataset does not have. */
  check(d: ReviewDecisions, columns: ReadonlySet<string>, file: string): void;
  /** Before the disclosure-safe metadata is made: the profile the metadata is made from. */
  onProfile?(profile: Profile, d: ReviewDecisions): Profile;
  /** After: marks on the metadata (exclusions, rules). Also applied to metadata alone (`twin review` without the data). */
  onMetadata?(metadata: Metadata, d: ReviewDecisions): void;
  /** The decision in words for the release checklist, one line each; none when nothing was decided. */
  describe(d: ReviewDecisions): string[];
  /** Whether applying it needs the full profile (the data), not only metadata.json. */
  needsData(d: ReviewDecisions): boolean;
}

const checkColumns = (names: Iterable<string>, columns: ReadonlySet<string>, file: string): void => {
  for (const name of names) if (!columns.has(name)) throw inputError(t('no such column in the dataset'), { file, column: name });
};
const list = (names: string[]): string => names.join(', ');

/** Every kind of decision, in the order they are applied. */
export const DECISION_KINDS: readonly DecisionKind[] = [
  {
    field: 'types',
    check: (d, columns, file) => {
      checkColumns(Object.keys(d.types), columns, file);
      for (const [column, type] of Object.entries(d.types)) {
        if (!(COLUMN_TYPES as readonly string[]).includes(type)) throw inputError(t('unknown type {0} (one of {1})', JSON.stringify(type), COLUMN_TYPES.join(', ')), { file, column });
      }
    },
    onProfile: (profile, d) => ({
      ...profile,
      columns: profile.columns.map((c) => (d.types[c.name] && !d.identifiers.includes(c.name) ? retypeColumn(c, d.types[c.name]) : c)),
    }),
    describe: (d) => Object.entries(d.types).map(([column, type]) => t('type of {0} set to {1}', column, type)),
    needsData: (d) => Object.keys(d.types).length > 0,
  },
  {
    field: 'identifiers',
    check: (d, columns, file) => checkColumns(d.identifiers, columns, file),
    onProfile: (profile, d) => ({
      ...profile,
      columns: profile.columns.map((c) => (d.identifiers.includes(c.name) ? retypeColumn(c, 'identifier') : c)),
    }),
    describe: (d) => (d.identifiers.length ? [t('marked as identifiers (format only, faked in twins): {0}', list(d.identifiers))] : []),
    needsData: (d) => d.identifiers.length > 0,
  },
  {
    field: 'threshold',
    check: (d, _columns, file) => {
      if (d.threshold !== undefined && !(Number.isSafeInteger(d.threshold) && d.threshold >= 2)) throw inputError(t('threshold k must be a whole number of at least 2, got {0}', d.threshold), { file });
    },
    describe: (d) => (d.threshold === undefined ? [] : [d.threshold < DEFAULT_DISCLOSURE.threshold
      ? t('threshold k set to {0} (below the default {1})', d.threshold, DEFAULT_DISCLOSURE.threshold)
      : t('threshold k set to {0}', d.threshold)]),
    needsData: (d) => d.threshold !== undefined,
  },
  {
    field: 'excluded',
    check: (d, columns, file) => checkColumns(d.excluded, columns, file),
    onMetadata: (metadata, d) => {
      for (const column of metadata.columns) {
        if (!d.excluded.includes(column.name) || column.excluded) continue;
        column.excluded = true;
        metadata.controls.push({ column: column.name, control: 'column-excluded', detail: 'left out of the twin by a reviewer’s decision' });
      }
    },
    describe: (d) => (d.excluded.length ? [t('excluded from the twin and the pack: {0}', list(d.excluded))] : []),
    needsData: () => false,
  },
  {
    field: 'droppedRules',
    check: () => undefined,
    onMetadata: (metadata, d) => {
      if (d.droppedRules.length) dropRules(metadata.rules ?? [], d.droppedRules);
    },
    describe: (d) => (d.droppedRules.length ? [t('record rules dropped: {0}', list(d.droppedRules))] : []),
    needsData: () => false,
  },
];

/** The decisions in words, one line each (empty when the person changed nothing). */
export function describeDecisions(d: ReviewDecisions): string[] {
  return DECISION_KINDS.flatMap((k) => k.describe(d));
}

/**
 * The decisions recorded in metadata: its `decisions` block, or for metadata written before the
 * block existed, what its own fields show (excluded columns, a changed threshold, dropped rules).
 */
export function decisionsOf(metadata: Metadata): ReviewDecisions {
  const recorded = metadata.decisions;
  if (recorded) return normaliseDecisions(recorded);
  const d = emptyDecisions();
  d.excluded = metadata.columns.filter((c) => c.excluded).map((c) => c.name);
  if (metadata.disclosure && metadata.disclosure.threshold !== DEFAULT_DISCLOSURE.threshold) d.threshold = metadata.disclosure.threshold;
  d.droppedRules = (metadata.rules ?? []).filter((r) => !r.keep).map(ruleKey);
  return d;
}

/** A copy with every field present, lists without repeats, and entries in a fixed order (so equal decisions serialise equally). */
export function normaliseDecisions(d: Partial<ReviewDecisions>): ReviewDecisions {
  const types: Record<string, ColumnType> = {};
  for (const name of Object.keys(d.types ?? {}).sort()) types[name] = d.types![name];
  const out: ReviewDecisions = {
    types,
    identifiers: [...new Set(d.identifiers ?? [])].sort(),
    excluded: [...new Set(d.excluded ?? [])].sort(),
    droppedRules: [...new Set(d.droppedRules ?? [])].sort(),
  };
  if (d.threshold !== undefined) out.threshold = d.threshold;
  return out;
}

/** True when the person changed nothing. */
export function isEmptyDecisions(d: ReviewDecisions): boolean {
  return describeDecisions(d).length === 0;
}

/** Checks every decision against the dataset's columns. @throws TwinError('input') naming the column. */
export function checkDecisions(d: ReviewDecisions, columns: Iterable<string>, file: string): void {
  const names = new Set(columns);
  for (const kind of DECISION_KINDS) kind.check(d, names, file);
}

import type { ColumnType } from '../schema';
import { normaliseDecisions, type ReviewDecisions } from './decisions';

/** Changes a person asks for in one review step (`twin review`'s options); each list may be empty. */
export interface ReviewChanges {
  exclude?: string[];
  /** Columns whose exclusion is undone. */
  include?: string[];
  /** Column → type. */
  types?: Record<string, ColumnType>;
  identifiers?: string[];
  /** Columns whose identifier mark is undone (back to the inferred or chosen type). */
  notIdentifiers?: string[];
  threshold?: number;
  dropRules?: string[];
  keepRules?: string[];
}

/** The decisions after the changes (a new object; the input is not changed). */
export function updateDecisions(d: ReviewDecisions, c: ReviewChanges): ReviewDecisions {
  const minus = (list: string[], gone: string[] | undefined): string[] => list.filter((x) => !(gone ?? []).includes(x));
  return normaliseDecisions({
    types: { ...d.types, ...(c.types ?? {}) },
    identifiers: [...minus(d.identifiers, c.notIdentifiers), ...(c.identifiers ?? [])],
    excluded: [...minus(d.excluded, c.include), ...(c.exclude ?? [])],
    droppedRules: [...minus(d.droppedRules, c.keepRules), ...(c.dropRules ?? [])],
    threshold: c.threshold ?? d.threshold,
  });
}

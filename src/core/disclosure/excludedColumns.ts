/**
 * A reviewer's exclusion leaves a column out of the twin and out of every released file: the
 * released metadata keeps only its name, type and format (so the data card and checklist can say
 * what was left out), and drops every figure about it — its summary, missing share, flags,
 * the controls applied to it, the associations and record rules that involve it.
 */
import type { Metadata, MetadataColumn } from '../metadata';
import { columnsOfRule } from '../recordRules';

/** The metadata with each excluded column reduced to its name, type and format. Idempotent; the input is not changed. */
export function withoutExcludedFigures(metadata: Metadata): Metadata {
  const excluded = new Set(metadata.columns.filter((c) => c.excluded).map((c) => c.name));
  if (excluded.size === 0) return metadata;
  const involves = (names: readonly string[]): boolean => names.some((n) => excluded.has(n));
  const out: Metadata = {
    ...metadata,
    columns: metadata.columns.map((c) => (excluded.has(c.name) ? ({ name: c.name, type: c.type, format: c.format, excluded: true, disclosure: [] } as unknown as MetadataColumn) : c)),
    controls: metadata.controls.filter((c) => c.column === undefined || !excluded.has(c.column) || c.control === 'column-excluded'),
  };
  if (metadata.associations) out.associations = { ...metadata.associations, pairs: metadata.associations.pairs.filter((p) => !involves(p.columns)) };
  if (metadata.rules) {
    out.rules = metadata.rules.filter((r) => !involves(columnsOfRule(r)));
  }
  return out;
}

/** Whether a metadata column is an excluded column's stub (no figures). */
export function isExcludedStub(c: MetadataColumn): boolean {
  return c.excluded === true && !('missing' in c);
}

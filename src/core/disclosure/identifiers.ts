import type { ColumnProfile } from '../profile/types';

/**
 * Makes a column an identifier (DESIGN.md, "The person is the unit"): described by format and length
 * only, never by value, however often its values repeat. Used for the person key and for columns of
 * personal names: a name or an MRN seen on twelve rows is still one person's.
 * Flags about its categories go (they described values that are no longer published).
 */
export function retypeAsIdentifier(column: ColumnProfile, shape: string | undefined, why: string): void {
  if (column.spec.type === 'identifier') {
    column.typeReason = `${column.typeReason}; ${why}`;
    return;
  }
  const format = column.spec.format.kind === 'string' ? { ...column.spec.format } : { kind: 'string' as const, ...(shape ? { shape } : {}) };
  column.spec = { ...column.spec, type: 'identifier', format };
  column.typeReason = why;
  delete column.numeric;
  column.flags = column.flags.filter((f) => f.kind !== 'rare-categories' && f.kind !== 'outliers' && f.kind !== 'near-unique');
}

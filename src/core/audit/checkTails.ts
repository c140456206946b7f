import { lowerBound } from '../math/search';
import type { Metadata, NumberMetadataColumn } from '../metadata';
import { personsBetween, type RealColumn, type RealFacts } from './realFacts';
import type { AuditFinding } from './types';

/**
 * The tail audit (issue 19): each published tail model rests on at least k persons beyond its
 * bound, each of its masses is a value at least k persons hold, and its distance model (scale > 0)
 * rests on at least k persons outside the masses; a published end is one of its masses. Fails name the column and side.
 */
export function checkTailModels(metadata: Metadata, facts: RealFacts, file: string, out: AuditFinding[]): void {
  for (const column of metadata.columns) {
    if (column.type !== 'numeric' && column.type !== 'integer') continue;
    const tails = (column as NumberMetadataColumn).tails;
    const col = facts.columns.get(column.name);
    if (!tails || !col?.numbers) continue;
    for (const side of ['below', 'above'] as const) {
      const model = tails[side];
      if (!model) continue;
      const where = `columns.${column.name}.tails.${side}`;
      const bound = side === 'below' ? column.bounds.lower : column.bounds.upper;
      const beyond = side === 'below' ? personsBetween(col, -Infinity, bound, true) : personsBeyond(col, bound);
      if (beyond < facts.k) out.push({ check: 'tail-model', severity: 'fail', file, where, column: column.name, message: `a tail model resting on fewer than ${facts.k} persons beyond the bound` });
      let inMasses = 0;
      for (const m of model.masses ?? []) {
        const held = personsBetween(col, m.value, m.value);
        inMasses += held;
        if (held < facts.k) out.push({ check: 'tail-model', severity: 'fail', file, where, column: column.name, message: `a tail value held by fewer than ${facts.k} persons` });
      }
      if (model.end !== undefined && !(model.masses ?? []).some((m) => m.value === model.end)) {
        out.push({ check: 'tail-model', severity: 'fail', file, where, column: column.name, message: 'a tail end that is not one of its masses (values at least k persons hold)' });
      }
      // The distance model is fitted on the values outside the masses: those too must be k persons.
      if (beyond >= facts.k && model.scale > 0 && beyond - inMasses < facts.k) {
        out.push({ check: 'tail-model', severity: 'fail', file, where, column: column.name, message: `a tail's distance model resting on fewer than ${facts.k} persons outside its masses` });
      }
    }
  }
}

/** Persons holding a value above `bound`. */
function personsBeyond(col: RealColumn, bound: number): number {
  const n = col.numbers!;
  let total = 0;
  for (let i = lowerBound(n.sorted, bound); i < n.sorted.length; i++) if (n.sorted[i] > bound) total += n.persons[i];
  return total;
}

/** Published bounds of each number column, for {@link replayedExtreme}. */
export function boundsOf(metadata: Metadata | undefined): Map<string, { lower: number; upper: number }> {
  const out = new Map<string, { lower: number; upper: number }>();
  for (const c of metadata?.columns ?? []) {
    if ((c.type === 'numeric' || c.type === 'integer') && !c.excluded) out.set(c.name, (c as NumberMetadataColumn).bounds);
  }
  return out;
}

/**
 * Whether a twin value beyond the published bounds replays a real extreme: equals a real value
 * there held by fewer than k persons (a value k persons share is publishable, as a category is).
 */
export function replayedExtreme(x: number, bounds: { lower: number; upper: number }, col: RealColumn, k: number): boolean {
  if (!(x < bounds.lower || x > bounds.upper)) return false;
  const n = col.numbers;
  if (!n) return false;
  const i = lowerBound(n.sorted, x);
  return i < n.sorted.length && n.sorted[i] === x && n.persons[i] < k;
}

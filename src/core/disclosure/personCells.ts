import { isMissing, type RawValue } from '../format';
import type { ColumnSpec } from '../schema';
import type { ProfileAssociation } from '../profile/types';

const textOf = (v: RawValue): string => (typeof v === 'string' ? v : v instanceof Date ? v.toISOString() : String(v));

/**
 * With a person key, the cells an association rests on must hold k distinct persons, not k rows
 * (DESIGN.md, "The person is the unit"). Recounts each pair's table on the same sample rows by
 * person (sets capped at k), categories with fewer than k sample rows pooled as the associations
 * do, and lowers `minCell` to the smallest person count (zeros included for Cramér's V) so the
 * k rule in toMetadata withholds the pair.
 */
export function countAssociationPersons(
  pairs: ProfileAssociation[], rows: readonly RawValue[][], specs: readonly ColumnSpec[], personColumn: number, tokens: ReadonlySet<string>, k: number,
): void {
  const index = new Map(specs.map((s, i) => [s.name, i]));
  const present = (v: RawValue | undefined): v is RawValue => v !== undefined && v !== null && !isMissing(v, tokens);
  // Category level per row and column (rare values pooled into one level, '\u0000rare').
  const levelsCache = new Map<number, (string | null)[]>();
  const levels = (c: number): (string | null)[] => {
    const known = levelsCache.get(c);
    if (known) return known;
    const counts = new Map<string, number>();
    for (const row of rows) if (present(row[c])) counts.set(textOf(row[c] as RawValue), (counts.get(textOf(row[c] as RawValue)) ?? 0) + 1);
    const out = rows.map((row) => {
      if (!present(row[c])) return null;
      const t = textOf(row[c] as RawValue);
      return (counts.get(t) ?? 0) < k ? '\u0000rare' : t;
    });
    levelsCache.set(c, out);
    return out;
  };
  const person = rows.map((row) => (present(row[personColumn]) ? textOf(row[personColumn] as RawValue) : null));
  for (const pair of pairs) {
    const a = index.get(pair.columns[0]);
    const b = index.get(pair.columns[1]);
    if (a === undefined || b === undefined) continue;
    const cells = new Map<string, Set<string>>();
    const add = (cell: string, p: string): void => {
      let set = cells.get(cell);
      if (!set) cells.set(cell, (set = new Set()));
      if (set.size < k) set.add(p);
    };
    let minCell: number;
    if (pair.measure === 'cramersV') {
      const la = levels(a);
      const lb = levels(b);
      const seenA = new Set<string>();
      const seenB = new Set<string>();
      rows.forEach((_, i) => {
        const p = person[i];
        if (p === null || la[i] === null || lb[i] === null) return;
        seenA.add(la[i] as string);
        seenB.add(lb[i] as string);
        add(`${la[i]}\u0001${lb[i]}`, p);
      });
      minCell = Infinity;
      for (const x of seenA) for (const y of seenB) minCell = Math.min(minCell, cells.get(`${x}\u0001${y}`)?.size ?? 0);
    } else if (pair.measure === 'correlationRatio') {
      const catIsA = specs[a].type === 'categorical' || specs[a].type === 'boolean';
      const cat = catIsA ? a : b;
      const num = catIsA ? b : a;
      const lc = levels(cat);
      rows.forEach((row, i) => {
        const p = person[i];
        if (p !== null && lc[i] !== null && present(row[num])) add(lc[i] as string, p);
      });
      minCell = Infinity;
      for (const set of cells.values()) minCell = Math.min(minCell, set.size);
    } else {
      rows.forEach((row, i) => {
        const p = person[i];
        if (p !== null && present(row[a]) && present(row[b])) add('all', p);
      });
      minCell = cells.get('all')?.size ?? 0;
    }
    if (minCell < pair.minCell) pair.minCell = minCell === Infinity ? 0 : minCell;
  }
}

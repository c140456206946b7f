import { isMissing, type RawValue } from '../format';
import type { ColumnSpec } from '../schema';
import type { ProfileAssociation } from '../profile/types';
import { CappedSets } from './cappedSets';

const textOf = (v: RawValue): string => (typeof v === 'string' ? v : v instanceof Date ? v.toISOString() : String(v));

/**
 * With a person key, the cells an association rests on must hold k distinct persons, not k rows
 * (DESIGN.md, "The person is the unit"). Recounts each pair's table on the same sample rows by
 * person (sets capped at k), categories with fewer than k sample rows pooled as the associations
 * do, and lowers `minCell` to the smallest person count (zeros included for Cramér's V) so the
 * k rule in toMetadata withholds the pair. Levels and persons are numbered once per column, so a
 * pair's table is counted with integer keys (not a string per row and pair).
 */
export function countAssociationPersons(
  pairs: ProfileAssociation[], rows: readonly RawValue[][], specs: readonly ColumnSpec[], personColumn: number, tokens: ReadonlySet<string>, k: number,
): void {
  const index = new Map(specs.map((s, i) => [s.name, i]));
  const n = rows.length;
  const presentCache = new Map<number, Uint8Array>();
  const present = (c: number): Uint8Array => {
    let out = presentCache.get(c);
    if (out) return out;
    out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const v = rows[i][c];
      out[i] = v !== undefined && v !== null && !isMissing(v, tokens) ? 1 : 0;
    }
    presentCache.set(c, out);
    return out;
  };
  // Category level per row and column (-1: missing; rare values, with fewer than k sample rows, pooled into one level).
  const levelsCache = new Map<number, { of: Int32Array; count: number }>();
  const levels = (c: number): { of: Int32Array; count: number } => {
    const known = levelsCache.get(c);
    if (known) return known;
    const has = present(c);
    const counts = new Map<string, number>();
    for (let i = 0; i < n; i++) if (has[i]) {
      const t = textOf(rows[i][c] as RawValue);
      counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    const ids = new Map<string, number>();
    const RARE = '\u0000rare';
    const of = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      if (!has[i]) { of[i] = -1; continue; }
      const t = textOf(rows[i][c] as RawValue);
      const level = (counts.get(t) ?? 0) < k ? RARE : t;
      let id = ids.get(level);
      if (id === undefined) ids.set(level, (id = ids.size));
      of[i] = id;
    }
    const out = { of, count: ids.size };
    levelsCache.set(c, out);
    return out;
  };
  // Persons numbered by their key's text (-1: no key).
  const personIds = new Map<string, number>();
  const hasPerson = present(personColumn);
  const person = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (!hasPerson[i]) { person[i] = -1; continue; }
    const t = textOf(rows[i][personColumn] as RawValue);
    let id = personIds.get(t);
    if (id === undefined) personIds.set(t, (id = personIds.size));
    person[i] = id;
  }
  for (const pair of pairs) {
    const a = index.get(pair.columns[0]);
    const b = index.get(pair.columns[1]);
    if (a === undefined || b === undefined) continue;
    const sets = new CappedSets(k);
    const cells = new Map<number, number>();
    const add = (cell: number, p: number): void => {
      let set = cells.get(cell);
      if (set === undefined) cells.set(cell, (set = sets.create()));
      sets.add(set, p);
    };
    const smallestCell = (): number => {
      let min = Infinity;
      for (const set of cells.values()) min = Math.min(min, sets.size(set));
      return min;
    };
    let minCell: number;
    if (pair.measure === 'cramersV') {
      const la = levels(a);
      const lb = levels(b);
      const seenA = new Uint8Array(la.count);
      const seenB = new Uint8Array(lb.count);
      let distinctA = 0;
      let distinctB = 0;
      for (let i = 0; i < n; i++) {
        const p = person[i];
        const x = la.of[i];
        const y = lb.of[i];
        if (p < 0 || x < 0 || y < 0) continue;
        if (!seenA[x]) { seenA[x] = 1; distinctA++; }
        if (!seenB[y]) { seenB[y] = 1; distinctB++; }
        add(x * lb.count + y, p);
      }
      // Every level pair seen on its own counts, an empty cell as 0 persons.
      minCell = distinctA === 0 ? Infinity : cells.size < distinctA * distinctB ? 0 : smallestCell();
    } else if (pair.measure === 'correlationRatio') {
      const catIsA = specs[a].type === 'categorical' || specs[a].type === 'boolean';
      const lc = levels(catIsA ? a : b);
      const hasNumber = present(catIsA ? b : a);
      for (let i = 0; i < n; i++) {
        const p = person[i];
        if (p >= 0 && lc.of[i] >= 0 && hasNumber[i]) add(lc.of[i], p);
      }
      minCell = smallestCell();
    } else {
      const hasA = present(a);
      const hasB = present(b);
      for (let i = 0; i < n; i++) if (person[i] >= 0 && hasA[i] && hasB[i]) add(0, person[i]);
      minCell = cells.size === 0 ? 0 : sets.size(cells.get(0) as number);
    }
    if (minCell < pair.minCell) pair.minCell = minCell === Infinity ? 0 : minCell;
  }
}

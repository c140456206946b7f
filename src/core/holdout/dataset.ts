import type { DatasetMetadata } from '../dataset/types';
import { takeRows } from '../evaluate/sample';
import type { ColumnData, Table } from '../schema';
import { isHeldOut } from './split';
import type { HoldoutSplit } from './types';

/**
 * The column of each table that names the person: the person table's primary key, and each
 * other table's person key (its link to the person table, as metadata.json records it). Tables
 * with neither (reference tables such as payers or organisations) are about no one person.
 */
export function personColumnsOf(d: DatasetMetadata): Map<string, string> {
  const out = new Map<string, string>();
  const personTable = d.relationships.personTable;
  if (personTable === undefined) return out;
  const pk = d.relationships.primaryKeys.find((k) => k.table === personTable)?.column;
  if (pk === undefined) return out;
  out.set(personTable, pk);
  for (const t of d.tables) {
    const key = t.metadata.dataset.personKey;
    if (t.name !== personTable && key !== undefined && t.metadata.columns.some((c) => c.name === key)) out.set(t.name, key);
  }
  return out;
}

/** A cell as a person's key: the same text the file-level split hashes (`splitSource`). Missing: null. */
export function personKeyText(data: ColumnData, row: number): string | null {
  if (data.kind === 'string') {
    const v = data.values[row];
    const t = v === null ? '' : v.trim();
    return t === '' ? null : t;
  }
  if (data.kind === 'category') {
    const code = data.codes[row];
    return code < 0 ? null : data.categories[code].trim() || null;
  }
  const x = data.values[row];
  return Number.isNaN(x) ? null : String(x);
}

/** Per table, which rows are held out (a mask), or null for a table about no one person (kept whole on both sides). */
export function heldOutRows(d: DatasetMetadata, tables: ReadonlyMap<string, Table>, split: HoldoutSplit): Map<string, Uint8Array | null> {
  const persons = personColumnsOf(d);
  const masks = new Map<string, Uint8Array | null>();
  for (const [name, table] of tables) {
    const column = persons.get(name);
    const col = column === undefined ? undefined : table.columns.find((c) => c.spec.name === column);
    if (!col) continue;
    const mask = new Uint8Array(table.rowCount);
    // A row whose person is missing falls by its position, as a file's rows do.
    for (let r = 0; r < table.rowCount; r++) mask[r] = isHeldOut(split, personKeyText(col.data, r) ?? r) ? 1 : 0;
    masks.set(name, mask);
  }
  // A table reaching a person only through a parent (a row under an admission, with no patient
  // column of its own) follows its parent row, so no held-out person's rows are fitted on.
  const links = d.relationships.foreignKeys.filter((f) => f.status !== 'rejected' && !f.selfReference);
  for (let changed = true; changed;) {
    changed = false;
    for (const f of links) {
      if (masks.has(f.child.table) || !masks.get(f.parent.table)) continue;
      const child = tables.get(f.child.table);
      const parent = tables.get(f.parent.table);
      const childCol = child?.columns.find((c) => c.spec.name === f.child.column);
      const parentCol = parent?.columns.find((c) => c.spec.name === f.parent.column);
      if (!child || !parent || !childCol || !parentCol) continue;
      const parentMask = masks.get(f.parent.table)!;
      const heldParents = new Set<string>();
      for (let r = 0; r < parent.rowCount; r++) {
        const key = personKeyText(parentCol.data, r);
        if (parentMask[r] && key !== null) heldParents.add(key);
      }
      const mask = new Uint8Array(child.rowCount);
      for (let r = 0; r < child.rowCount; r++) {
        const key = personKeyText(childCol.data, r);
        mask[r] = key !== null && heldParents.has(key) ? 1 : 0;
      }
      masks.set(f.child.table, mask);
      changed = true;
    }
  }
  for (const name of tables.keys()) if (!masks.has(name)) masks.set(name, null);
  return masks;
}

/**
 * The persons of a linked dataset split in memory: every row of a held-out person, in every
 * table, on the holdout side, the rest on the training side (the split of `split.seed` and
 * `split.share`, the same hash of the person's key as one table's split). Tables about no one
 * person are whole on both sides.
 */
export function splitDatasetTables(d: DatasetMetadata, tables: ReadonlyMap<string, Table>, split: HoldoutSplit): { training: Map<string, Table>; holdout: Map<string, Table> } {
  const masks = heldOutRows(d, tables, split);
  const training = new Map<string, Table>();
  const holdout = new Map<string, Table>();
  for (const [name, table] of tables) {
    const mask = masks.get(name);
    if (!mask) {
      training.set(name, table);
      holdout.set(name, table);
      continue;
    }
    const kept: number[] = [];
    const held: number[] = [];
    for (let r = 0; r < table.rowCount; r++) (mask[r] ? held : kept).push(r);
    training.set(name, takeRows(table, kept));
    holdout.set(name, takeRows(table, held));
  }
  return { training, holdout };
}

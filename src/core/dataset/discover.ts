import { publishedShare } from '../disclosure/linkEvidence';
import type { ColumnKeys, TableKeys } from './scanKeys';
import { sampledInclusion, type KeySample } from './keySample';
import type { DeclaredKeys } from './tables';
import { columnNamesTable, isIdName, isOwnIdName, isPersonTableName, isBirthDateName, namesSelfReference } from './names';
import type { ForeignKey, LinkEvidence, PrimaryKey, Relationships } from './types';

/**
 * Relationship discovery (issue 15 item 2) from each table's key facts (`scanKeys`):
 *
 * - **Primary key** of a table: a column every row has, all values distinct, and ID-like: named as
 *   the table's own id (`Id`, `patient_id` in patients), or an id-named column (`…_id`, `…Key`), or
 *   holding ID-shaped values (letters and digits, like UUIDs). The best one per table.
 * - **Foreign key** child.C → parent.P (P the parent's primary key): by value inclusion — the share
 *   of C's distinct values found among P's — with name evidence. Accepted when C's name names the
 *   parent table (or repeats P's distinctive name) and ≥ 99% of its values are found; without name
 *   evidence only when every value is found, the values are ID-shaped (not bare integers, which any
 *   count column could match), and exactly one parent qualifies. One parent per child column.
 * - **Self-reference**: the same, within one table, C ≠ P, needing name evidence (the table's name
 *   or a word such as parent/previous) when values are bare integers.
 * - **Optional** link: some child rows have no value.
 * - **Person table**: the table most others reference, among those named like persons or having a
 *   birth-date column.
 * Declared keys (dataset.json) are kept as declared, whatever the data says. Diamonds need rows, not
 * value sets: see `discoverDiamonds.ts`.
 */

/** Share of values found a link with name evidence needs. */
export const NAMED_INCLUSION = 0.99;

export function discoverRelationships(scans: readonly TableKeys[], declared: DeclaredKeys = { primaryKeys: [], foreignKeys: [] }): Omit<Relationships, 'diamonds'> {
  const primaryKeys = findPrimaryKeys(scans, declared);
  const foreignKeys = findForeignKeys(scans, primaryKeys, declared);
  const personTable = declared.personTable ?? findPersonTable(scans, primaryKeys, foreignKeys);
  return { primaryKeys, foreignKeys, ...(personTable !== undefined ? { personTable } : {}) };
}

function columnOf(scans: readonly TableKeys[], table: string, column: string): ColumnKeys | undefined {
  return scans.find((s) => s.table === table)?.columns.find((c) => c.name === column);
}

function isUnique(t: TableKeys, c: ColumnKeys): boolean {
  return !!c.counts && c.missing === 0 && t.rows > 0 && c.unique;
}

function findPrimaryKeys(scans: readonly TableKeys[], declared: DeclaredKeys): PrimaryKey[] {
  const out: PrimaryKey[] = [];
  for (const t of scans) {
    const given = declared.primaryKeys.find((k) => k.table === t.table);
    if (given) {
      out.push({ table: t.table, column: given.column, origin: 'declared' });
      continue;
    }
    let best: { column: string; score: number } | undefined;
    for (const c of t.columns) {
      if (!isUnique(t, c)) continue;
      const score = isOwnIdName(c.name, t.table) ? 3 : isIdName(c.name) ? 2 : c.idShaped ? 1 : 0;
      if (score > 0 && (!best || score > best.score)) best = { column: c.name, score };
    }
    if (best) out.push({ table: t.table, column: best.column, origin: 'discovered' });
  }
  return out;
}

interface Candidate { fk: ForeignKey; rank: number }

function findForeignKeys(scans: readonly TableKeys[], primaryKeys: readonly PrimaryKey[], declared: DeclaredKeys): ForeignKey[] {
  const out: ForeignKey[] = [];
  for (const d of declared.foreignKeys) {
    const child = columnOf(scans, d.child.table, d.child.column);
    const parent = columnOf(scans, d.parent.table, d.parent.column);
    const inclusion = child?.counts && parent?.counts ? publishedShare(inclusionOf(child.counts, parent.counts)) : 0;
    out.push({
      child: d.child, parent: d.parent, optional: (child?.missing ?? 0) > 0, selfReference: d.child.table === d.parent.table,
      evidence: { inclusion, name: 'declared' }, origin: 'declared', status: 'confirmed',
    });
  }
  const declaredChild = new Set(out.map((f) => `${f.child.table}\u0000${f.child.column}`));
  for (const t of scans) {
    for (const c of t.columns) {
      if (!c.counts || c.counts.size === 0 || declaredChild.has(`${t.table}\u0000${c.name}`)) continue;
      const candidates: Candidate[] = [];
      for (const pk of primaryKeys) {
        if (pk.table === t.table && pk.column === c.name) continue;
        const p = columnOf(scans, pk.table, pk.column);
        if (!p?.counts) continue;
        const candidate = judge(t.table, c, pk, p);
        if (candidate) candidates.push(candidate);
      }
      if (candidates.length === 0) continue;
      candidates.sort((a, b) => b.rank - a.rank || b.fk.evidence.inclusion - a.fk.evidence.inclusion);
      // Two parents equally good: the data cannot tell them apart, and no false link is made.
      if (candidates.length > 1 && candidates[1].rank === candidates[0].rank && candidates[1].fk.evidence.inclusion === candidates[0].fk.evidence.inclusion) continue;
      out.push(candidates[0].fk);
    }
  }
  return out;
}

function judge(table: string, c: ColumnKeys, pk: PrimaryKey, p: ColumnKeys): Candidate | undefined {
  const share = inclusionOf(c.counts!, p.counts!);
  if (share < NAMED_INCLUSION) return undefined;
  const self = pk.table === table;
  const name: LinkEvidence['name'] = columnNamesTable(c.name, pk.table) || (self && namesSelfReference(c.name))
    ? 'table'
    : c.name.toLowerCase() === pk.column.toLowerCase() && !isOwnIdName(pk.column, pk.table) ? 'column' : 'none';
  if (name === 'none') {
    // Without name evidence only an exact, unambiguous match of ID-shaped values is a link.
    if (share < 1 || !p.idShaped || !c.idShaped) return undefined;
  }
  return {
    rank: name === 'table' ? 2 : name === 'column' ? 1 : 0,
    fk: {
      child: { table, column: c.name }, parent: { table: pk.table, column: pk.column },
      optional: c.missing > 0, selfReference: self,
      evidence: { inclusion: publishedShare(share), name }, origin: 'discovered', status: 'proposed',
    },
  };
}

/**
 * Share of the child's distinct values found among the parent's: exact while both columns kept
 * every value (up to KEY_SAMPLE_CAPACITY distinct each); past it, over the part of the hash space
 * both keep — a uniform random subset of the child's values, so an estimate.
 */
export function inclusionOf(child: KeySample, parent: KeySample): number {
  return sampledInclusion(child, parent);
}

function findPersonTable(scans: readonly TableKeys[], primaryKeys: readonly PrimaryKey[], foreignKeys: readonly ForeignKey[]): string | undefined {
  let best: { table: string; children: number } | undefined;
  for (const pk of primaryKeys) {
    const t = scans.find((s) => s.table === pk.table)!;
    if (!isPersonTableName(t.table) && !t.columns.some((c) => isBirthDateName(c.name))) continue;
    const children = new Set(foreignKeys.filter((f) => f.parent.table === t.table && !f.selfReference).map((f) => f.child.table)).size;
    if (children > 0 && (!best || children > best.children)) best = { table: t.table, children };
  }
  return best?.table;
}

import type { JobContext } from '../context';
import { throwIfAborted } from '../errors';
import { DEFAULT_MISSING_TOKENS, isMissing, missingTokenSet } from '../format/missing';
import type { DatasetSource } from '../io';
import type { RawValue } from '../format/rawValue';
import { publishedShare } from '../disclosure/linkEvidence';
import { hash53, keyText } from './scanKeys';
import { unitOf } from './keySample';
import type { Diamond, ForeignKey, PrimaryKey } from './types';

/**
 * Diamonds (issue 15 item 2): a table with two paths to the same ancestor — a condition's
 * PATIENT, and its ENCOUNTER's PATIENT. A pair of paths is a diamond when, on the rows where both
 * lead somewhere, they reach the same ancestor row on at least {@link DIAMOND_AGREEMENT} of them;
 * twins must then keep the two consistent. Needs rows, not value sets: each intermediate table is
 * read once for its key → reference maps, then each table with candidate pairs once. The maps hold
 * the keys the key pass kept (`keptShare`: all up to KEY_SAMPLE_CAPACITY, past it a fixed
 * hash-chosen share), so memory does not grow with the rows; the agreement is then measured on the
 * rows whose path runs through kept keys, a uniform random subset of them.
 */

/** Share of rows on which two paths must agree to be a diamond. */
export const DIAMOND_AGREEMENT = 0.99;
/** Longest chain of links followed from the intermediate table to the ancestor. */
const MAX_CHAIN = 3;

type Hop = { table: string; column: string; parentColumn: string; parentTable: string };

interface Candidate { table: string; direct: Hop; via: Hop[] }

/** Opens a table by name for another pass. */
export type OpenTable = (table: string) => Promise<DatasetSource>;

export async function discoverDiamonds(
  foreignKeys: readonly ForeignKey[],
  primaryKeys: readonly PrimaryKey[],
  open: OpenTable,
  ctx: JobContext = {},
  missingTokens: readonly string[] = DEFAULT_MISSING_TOKENS,
  keptShare: (table: string, column: string) => number = () => 1,
): Promise<Diamond[]> {
  const scan = new DiamondScan(foreignKeys, primaryKeys, missingTokens, keptShare);
  await readTablesOnce(scan.tables, open, (table, columnNames) => [scan.visitor(table, columnNames)], ctx);
  await readTablesOnce(scan.deferred(), open, (table, columnNames) => [scan.visitor(table, columnNames)], ctx);
  return scan.result();
}

/**
 * Diamond discovery as row visitors, so its reads can share a pass over each table with other
 * work (`readTablesOnce`): an intermediate table's rows build its key → reference maps, a child
 * table's rows are tallied through the maps — which must be complete by then, so the tables are
 * read parents first ({@link DiamondScan.tables}).
 */
export class DiamondScan {
  private readonly candidates: Candidate[] = [];
  private readonly tokens: ReadonlySet<string>;
  /** key → reference maps of every hop after the first, by `table\0column`. */
  private readonly maps = new Map<string, Map<number, number>>();
  private readonly mapTables = new Map<string, Hop[]>();
  private readonly tallies = new Map<string, Tally[]>();
  /** Tables handed a visitor so far (their maps are complete once their read ends). */
  private readonly visited = new Set<string>();
  /** Tallies whose maps were not complete when their table was read (only where links form a cycle): tallied on a second read. */
  private readonly waiting = new Map<string, Tally[]>();
  /** The tables to read, parents first: each intermediate table before the children whose paths run through it. */
  readonly tables: string[];

  constructor(
    foreignKeys: readonly ForeignKey[],
    private readonly primaryKeys: readonly PrimaryKey[],
    missingTokens: readonly string[] = DEFAULT_MISSING_TOKENS,
    private readonly keptShare: (table: string, column: string) => number = () => 1,
  ) {
    const links = foreignKeys.filter((f) => f.status !== 'rejected' && !f.selfReference);
    const hop = (f: ForeignKey): Hop => ({ table: f.child.table, column: f.child.column, parentTable: f.parent.table, parentColumn: f.parent.column });
    for (const direct of links) {
      for (const other of links) {
        if (other === direct || other.child.table !== direct.child.table || other.parent.table === direct.parent.table) continue;
        for (const chain of chainsTo(other.parent.table, direct.parent.table, links, MAX_CHAIN)) {
          this.candidates.push({ table: direct.child.table, direct: hop(direct), via: [hop(other), ...chain.map(hop)] });
        }
      }
    }
    this.tokens = missingTokenSet(missingTokens);
    for (const c of this.candidates) for (const h of c.via.slice(1)) {
      if (this.maps.has(mapKey(h))) continue;
      this.maps.set(mapKey(h), new Map());
      this.mapTables.set(h.table, [...(this.mapTables.get(h.table) ?? []), h]);
    }
    for (const c of this.candidates) {
      this.tallies.set(c.table, [...(this.tallies.get(c.table) ?? []), { c, rest: c.via.slice(1).map((h) => this.maps.get(mapKey(h))!), both: 0, agree: 0 }]);
    }
    this.tables = parentsFirst([...new Set([...this.mapTables.keys(), ...this.tallies.keys()])], links);
  }

  /** What reading `table` contributes (its maps, its tallies), or undefined when it has no part. */
  visitor(table: string, columnNames: readonly string[]): RowVisitor | undefined {
    const tokens = this.tokens;
    const parts: RowVisitor[] = [];
    const again = this.visited.has(table);
    this.visited.add(table);
    const hops = again ? undefined : this.mapTables.get(table);
    const pk = this.primaryKeys.find((k) => k.table === table);
    const pkIndex = pk ? columnNames.indexOf(pk.column) : -1;
    if (hops && pkIndex >= 0) {
      const rate = this.keptShare(table, pk!.column);
      const columns = hops.map((h) => ({ index: columnNames.indexOf(h.column), map: this.maps.get(mapKey(h))! }));
      parts.push((row) => {
        const k = row[pkIndex] ?? null;
        if (k === null || isMissing(k, tokens)) return;
        const kh = hash53(keyText(k));
        if (rate < 1 && unitOf(kh) >= rate) return;
        for (const { index, map } of columns) {
          const v = row[index] ?? null;
          if (v !== null && !isMissing(v, tokens)) map.set(kh, hash53(keyText(v)));
        }
      });
    }
    // A tally needs the maps of the tables after its first hop, read to the end before it.
    const ready = (t: Tally): boolean => t.c.via.slice(1).every((h) => h.table !== table && this.visited.has(h.table));
    let tallies: Tally[] | undefined;
    if (again) {
      tallies = this.waiting.get(table);
      this.waiting.delete(table);
    } else {
      tallies = this.tallies.get(table)?.filter(ready);
      const later = this.tallies.get(table)?.filter((t) => !ready(t)) ?? [];
      if (later.length) this.waiting.set(table, later);
    }
    if (tallies?.length) {
      const idx = (column: string): number => columnNames.indexOf(column);
      const reads = tallies.map((t) => ({ t, direct: idx(t.c.direct.column), first: idx(t.c.via[0].column) }));
      parts.push((row) => {
        for (const { t, direct, first } of reads) {
          const d = row[direct] ?? null;
          const f = row[first] ?? null;
          if (d === null || f === null || isMissing(d, tokens) || isMissing(f, tokens)) continue;
          let h: number | undefined = hash53(keyText(f));
          for (const m of t.rest) {
            h = m.get(h);
            if (h === undefined) break;
          }
          if (h === undefined) continue;
          t.both++;
          if (h === hash53(keyText(d))) t.agree++;
        }
      });
    }
    if (parts.length === 0) return undefined;
    return parts.length === 1 ? parts[0] : (row) => { for (const p of parts) p(row); };
  }

  /** Tables to read a second time (each after the pass over {@link tables}): tallies that waited for maps (links in a cycle). */
  deferred(): string[] {
    return [...this.waiting.keys()];
  }

  /** The diamonds, once every table in {@link tables} (and {@link deferred}) was read. */
  result(): Diamond[] {
    const out: Diamond[] = [];
    for (const [table, list] of this.tallies) {
      for (const t of list) {
        if (t.both === 0 || t.agree / t.both < DIAMOND_AGREEMENT) continue;
        const strip = (h: Hop) => ({ table: h.table, column: h.column, parentColumn: h.parentColumn });
        out.push({ table, ancestor: t.c.direct.parentTable, direct: strip(t.c.direct), via: t.c.via.map(strip), agreement: publishedShare(t.agree / t.both) });
      }
    }
    return out;
  }
}

interface Tally { c: Candidate; rest: Map<number, number>[]; both: number; agree: number }

const mapKey = (h: Hop): string => `${h.table}\u0000${h.column}`;

/** Sees each row of a table, in file order, as the reader gives it. */
export type RowVisitor = (row: readonly RawValue[]) => void;

/**
 * Reads each table once, in the order given, handing every row to the visitors `visitorsOf`
 * returns for it (tables with none are not read): the profiler's passes after the key pass share
 * one read of each table this way.
 */
export async function readTablesOnce(
  tables: readonly string[], open: OpenTable,
  visitorsOf: (table: string, columnNames: readonly string[]) => (RowVisitor | undefined)[],
  ctx: JobContext = {},
): Promise<void> {
  for (const table of tables) {
    const source = await open(table);
    const visitors = visitorsOf(table, source.columnNames).filter((v): v is RowVisitor => v !== undefined);
    if (visitors.length === 0) continue;
    for await (const batch of source.batches(ctx)) {
      throwIfAborted(ctx.signal);
      for (const row of batch.rows) for (const v of visitors) v(row);
    }
  }
}

/** Tables in an order where each comes after its parents (links' cycles, if any, broken in the given order). */
export function parentsFirst(tables: readonly string[], links: readonly ForeignKey[]): string[] {
  const wanted = new Set(tables);
  const all = [...new Set([...tables, ...links.flatMap((l) => [l.child.table, l.parent.table])])];
  const parents = new Map(all.map((t) => [t, new Set(links.filter((l) => l.child.table === t && l.parent.table !== t).map((l) => l.parent.table))]));
  const out: string[] = [];
  const placed = new Set<string>();
  while (placed.size < all.length) {
    const next = all.find((t) => !placed.has(t) && [...parents.get(t)!].every((p) => placed.has(p))) ?? all.find((t) => !placed.has(t))!;
    placed.add(next);
    if (wanted.has(next)) out.push(next);
  }
  return out;
}

/** Chains of links from `from` up to `to` (each a list of links, the first leaving `from`), at most `depth` long, no table twice. */
function chainsTo(from: string, to: string, links: readonly ForeignKey[], depth: number, seen: ReadonlySet<string> = new Set([from])): ForeignKey[][] {
  if (depth === 0) return [];
  const out: ForeignKey[][] = [];
  for (const l of links) {
    if (l.child.table !== from || seen.has(l.parent.table)) continue;
    if (l.parent.table === to) out.push([l]);
    else for (const rest of chainsTo(l.parent.table, to, links, depth - 1, new Set([...seen, l.parent.table]))) out.push([l, ...rest]);
  }
  return out;
}

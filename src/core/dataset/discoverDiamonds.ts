import type { JobContext } from '../context';
import { throwIfAborted } from '../errors';
import { DEFAULT_MISSING_TOKENS, isMissing, missingTokenSet } from '../format/missing';
import type { DatasetSource } from '../io';
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
  const links = foreignKeys.filter((f) => f.status !== 'rejected' && !f.selfReference);
  const hop = (f: ForeignKey): Hop => ({ table: f.child.table, column: f.child.column, parentTable: f.parent.table, parentColumn: f.parent.column });
  const candidates: Candidate[] = [];
  for (const direct of links) {
    for (const other of links) {
      if (other === direct || other.child.table !== direct.child.table || other.parent.table === direct.parent.table) continue;
      for (const chain of chainsTo(other.parent.table, direct.parent.table, links, MAX_CHAIN)) {
        candidates.push({ table: direct.child.table, direct: hop(direct), via: [hop(other), ...chain.map(hop)] });
      }
    }
  }
  if (candidates.length === 0) return [];
  const tokens = missingTokenSet(missingTokens);
  // key → reference maps of every hop after the first, one read per intermediate table.
  const maps = new Map<string, Map<number, number>>();
  const mapKey = (h: Hop): string => `${h.table}\u0000${h.column}`;
  const byTable = new Map<string, Hop[]>();
  for (const c of candidates) for (const h of c.via.slice(1)) {
    if (maps.has(mapKey(h))) continue;
    maps.set(mapKey(h), new Map());
    byTable.set(h.table, [...(byTable.get(h.table) ?? []), h]);
  }
  for (const [table, hops] of byTable) {
    const source = await open(table);
    const pk = primaryKeys.find((k) => k.table === table);
    const pkIndex = pk ? source.columnNames.indexOf(pk.column) : -1;
    if (pkIndex < 0) continue;
    const rate = keptShare(table, pk!.column);
    const columns = hops.map((h) => ({ index: source.columnNames.indexOf(h.column), map: maps.get(mapKey(h))! }));
    for await (const batch of source.batches(ctx)) {
      throwIfAborted(ctx.signal);
      for (const row of batch.rows) {
        const k = row[pkIndex] ?? null;
        if (k === null || isMissing(k, tokens)) continue;
        const kh = hash53(keyText(k));
        if (rate < 1 && unitOf(kh) >= rate) continue;
        for (const { index, map } of columns) {
          const v = row[index] ?? null;
          if (v !== null && !isMissing(v, tokens)) map.set(kh, hash53(keyText(v)));
        }
      }
    }
  }
  const out: Diamond[] = [];
  const byChild = new Map<string, Candidate[]>();
  for (const c of candidates) byChild.set(c.table, [...(byChild.get(c.table) ?? []), c]);
  for (const [table, list] of byChild) {
    const source = await open(table);
    const idx = (column: string): number => source.columnNames.indexOf(column);
    const tallies = list.map((c) => ({ c, direct: idx(c.direct.column), first: idx(c.via[0].column), rest: c.via.slice(1).map((h) => maps.get(mapKey(h))!), both: 0, agree: 0 }));
    for await (const batch of source.batches(ctx)) {
      throwIfAborted(ctx.signal);
      for (const row of batch.rows) {
        for (const t of tallies) {
          const d = row[t.direct] ?? null;
          const f = row[t.first] ?? null;
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
      }
    }
    for (const t of tallies) {
      if (t.both === 0 || t.agree / t.both < DIAMOND_AGREEMENT) continue;
      const strip = (h: Hop) => ({ table: h.table, column: h.column, parentColumn: h.parentColumn });
      out.push({ table, ancestor: t.c.direct.parentTable, direct: strip(t.c.direct), via: t.c.via.map(strip), agreement: publishedShare(t.agree / t.both) });
    }
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

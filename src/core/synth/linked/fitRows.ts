import * as nodePath from 'node:path';
import type { JobContext } from '../../context';
import { hash53 } from '../../dataset/scanKeys';
import type { DatasetMetadata } from '../../dataset/types';
import { throwIfAborted } from '../../errors';
import { DEFAULT_MISSING_TOKENS } from '../../format';
import { openDataset } from '../../io';
import type { Table } from '../../schema';
import { loadTable, type RowFilter } from '../../table/loadTable';
import { keyValues } from '../../evaluate/multiTable/keys';
import { specOfColumn } from '../columns';
import { EXTERNAL_FIT_ROWS } from '../generateTwin';
import { linksOf } from './links';
import { planLinked } from './plan';

/**
 * Rows each table under the person should hold at most, on average, for the default cap on the
 * persons a correlated linked fit reads: the single-table correlated fit's sample of a database
 * source (EXTERNAL_FIT_ROWS), so each table's model sees about as many rows as there.
 */
export const FIT_ROWS_PER_TABLE = EXTERNAL_FIT_ROWS;
/** The default cap never goes below this many persons (a table with very many rows per person). */
export const MIN_FIT_PERSONS = 2_000;

/**
 * The sample of persons a correlated linked fit read, as the recipe records it: the cap and the
 * seed, not the persons found (a real count). Every person was read when the data has no more.
 */
export interface FitSample {
  /** At most this many persons were read: those whose seeded hash of the person key is smallest. */
  maxPersons: number;
  /** The seed of the hash (the twin's seed). */
  seed: number;
}

/** The real rows a correlated linked fit reads. */
export interface FitRows {
  /** Each table's rows (metadata column order): tables under the person only for the chosen persons, the others whole. */
  tables: Map<string, Table>;
  /** The persons read ÷ the persons in the data (1 when every person was read); stays inside the TRE. */
  share: number;
  sample: FitSample | null;
}

/**
 * The default cap: as many persons as hold about FIT_ROWS_PER_TABLE rows in the largest table
 * under the person (from the published row counts), at least MIN_FIT_PERSONS.
 */
export function defaultFitPersons(metadata: DatasetMetadata): number {
  const plan = planOf(metadata);
  const persons = plan.personTable !== undefined ? rowsOf(metadata, plan.personTable) : 0;
  let perPerson = 1;
  for (const p of plan.order) if (p.inPersonTree && persons > 0) perPerson = Math.max(perPerson, rowsOf(metadata, p.name) / persons);
  return Math.max(MIN_FIT_PERSONS, Math.floor(FIT_ROWS_PER_TABLE / perPerson));
}

/**
 * Reads the real rows a correlated linked fit needs, in memory flat in the number of persons:
 * at most `maxPersons` persons — those with the smallest seeded 53-bit hash of their person key,
 * found in a first read of the person table's key (a heap of `maxPersons` hashes) — and every row
 * of theirs in every table under the person, each table read once, top-down: a row is kept when
 * its primary parent (the link that places it under the person) was kept, so all of a chosen
 * person's rows come together and none of anyone else's. Tables outside the person tree
 * (organisations, providers) are read whole. A person's rows are kept or dropped as a whole, so
 * children per parent and rows per person in the rows read are those of the data, unbiased;
 * counts across persons (a reference parent's children) are scaled by `share` where they are learnt.
 */
export async function readFitRows(
  metadata: DatasetMetadata, dir: string, options: { seed: number; maxPersons?: number }, ctx: JobContext = {},
): Promise<FitRows> {
  const plan = planOf(metadata);
  const maxPersons = Math.max(1, Math.floor(options.maxPersons ?? defaultFitPersons(metadata)));
  const tableOf = new Map(metadata.tables.map((t) => [t.name, t]));
  const pk = plan.personTable !== undefined ? metadata.relationships.primaryKeys.find((k) => k.table === plan.personTable)?.column : undefined;
  const load = async (name: string, rows?: RowFilter): Promise<Table> => {
    const t = tableOf.get(name)!;
    const source = await openDataset(nodePath.join(dir, t.file));
    return (await loadTable(source, t.metadata.columns.map(specOfColumn), { missingTokens: [...DEFAULT_MISSING_TOKENS], cells: true, ...(rows ? { rows } : {}) }, ctx)).table;
  };
  const tables = new Map<string, Table>();
  // Which persons: the smallest hashes, found in a read of the person key alone.
  let threshold = Infinity;
  let seen = 0;
  const hashOf = (key: string): number => hash53(`${options.seed}\u0000${key}`);
  if (plan.personTable !== undefined && pk !== undefined) {
    let heap = new BottomHashes(maxPersons);
    const t = tableOf.get(plan.personTable)!;
    const source = await openDataset(nodePath.join(dir, t.file));
    const spec = t.metadata.columns.find((c) => c.name === pk);
    if (spec) {
      await loadTable(source, [specOfColumn(spec)], {
        missingTokens: [...DEFAULT_MISSING_TOKENS], cells: true,
        rows: {
          column: pk,
          keep: (k) => { if (k !== null) { seen++; heap.offer(hashOf(k)); } return false; },
          restart: () => { seen = 0; heap = new BottomHashes(maxPersons); },
        },
      }, ctx);
      if (seen > maxPersons) threshold = heap.max;
    }
  }
  const sampled = threshold !== Infinity;
  for (const p of plan.order) {
    throwIfAborted(ctx.signal);
    if (!sampled || !p.inPersonTree) { tables.set(p.name, await load(p.name)); continue; }
    if (p.name === plan.personTable) {
      tables.set(p.name, await load(p.name, { column: pk!, keep: (k) => k !== null && hashOf(k) <= threshold }));
      continue;
    }
    // Under the person: the rows whose primary parent was kept (its rows are already read).
    const link = p.primary!;
    const parent = tables.get(link.parentTable)!;
    const column = parent.columns.find((c) => c.spec.name === link.parentKey);
    const kept = new Set<string>();
    if (column) for (const k of keyValues(column.data)) if (k !== null) kept.add(k);
    tables.set(p.name, await load(p.name, { column: link.childKey, keep: (k) => k !== null && kept.has(k) }));
  }
  const persons = plan.personTable !== undefined ? tables.get(plan.personTable)!.rowCount : 0;
  return {
    tables,
    share: sampled && seen > 0 ? persons / seen : 1,
    sample: plan.personTable !== undefined && pk !== undefined ? { maxPersons, seed: options.seed } : null,
  };
}

function planOf(metadata: DatasetMetadata): ReturnType<typeof planLinked> {
  return planLinked(
    metadata.tables.map((t) => t.name),
    Object.fromEntries(metadata.relationships.primaryKeys.map((k) => [k.table, k.column])),
    linksOf(metadata),
    metadata.relationships.personTable,
  );
}

function rowsOf(metadata: DatasetMetadata, table: string): number {
  return Math.max(0, metadata.tables.find((t) => t.name === table)?.metadata.dataset.rows ?? 0);
}

/** The `capacity` smallest hashes offered (a max-heap): memory `capacity` numbers, whatever was offered. */
export class BottomHashes {
  private heap: Float64Array;
  size = 0;
  constructor(readonly capacity: number) {
    this.heap = new Float64Array(Math.max(1, capacity));
  }

  /** The largest of the hashes kept (the cut: a hash ≤ it is among the smallest). */
  get max(): number {
    return this.size > 0 ? this.heap[0] : -Infinity;
  }

  offer(h: number): void {
    const a = this.heap;
    if (this.size < this.capacity) {
      let i = this.size++;
      while (i > 0) {
        const up = (i - 1) >> 1;
        if (a[up] >= h) break;
        a[i] = a[up];
        i = up;
      }
      a[i] = h;
      return;
    }
    if (h >= a[0]) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) break;
      const c = l + 1 < this.size && a[l + 1] > a[l] ? l + 1 : l;
      if (a[c] <= h) break;
      a[i] = a[c];
      i = c;
    }
    a[i] = h;
  }
}

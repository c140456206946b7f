import type { JobContext } from '../../context';
import { contingencySimilarity, pairCodesOf } from '../../evaluate/fidelity/contingencySimilarity';
import type { Metadata, MetadataColumn } from '../../metadata';
import type { Random } from '../../random';
import type { ColumnData, Table } from '../../schema';
import { publishedCategoriesOf } from '../marginals';
import type { FittedModel, Generator } from '../generator';
import { concatTables } from './batches';

/**
 * Child rows conditioned on their parent's attributes: the child table's model is fitted a
 * second time on the child columns joined with two of its parent's columns (the parent
 * attribute most associated with the child's columns, and the parent's first date), and a
 * batch of children is made by drawing a pool of joint rows and giving each twin child the
 * pool row whose parent part matches its twin parent (same category, same date bin of the
 * batch's parents, nearest otherwise). A child's dates keep their offset from the parent's date
 * in the joint row, when the real child's first date follows its parent's (|r| > 0.5). The
 * joint model applies the same disclosure as the child's own (the parent columns' categories
 * held by ≥ k persons in the child rows); the parent columns are only matched on, never written.
 */
export interface ConditionalModel {
  model: FittedModel;
  /** Columns of the joint rows, in the model's output order: the child's, then the parent's. */
  jointNames: string[];
  /** The parent category column matched on (its parent-table name), if any. */
  category?: string;
  /** The parent date column matched on (its parent-table name), if any. */
  date?: string;
  /** Whether the child's dates are moved by the parent's date difference (twin parent − pool row's parent). */
  shiftDates: boolean;
  /**
   * Share of the real child rows whose first date falls on their parent's day (a diagnosis made
   * at its encounter): a twin child is put on its parent's day with this chance, its other dates
   * moved with it, as an offset drawn through the joint model's two dates rarely lands exactly there.
   */
  sameDay: number;
}

/** What the recipe's plan says of a conditional model: the parent columns matched on, and whether dates follow the parent's. */
export function conditionedOnOf(c: ConditionalModel): { columns: string[]; datesFollowParent: boolean } {
  return { columns: [c.category, c.date].filter((x): x is string => x !== undefined), datesFollowParent: c.shiftDates };
}

/** How a parent column is named among the joint rows' columns (not a name a real table has: `^` is no CSV header a profiler emits as a key). */
const jointName = (column: string): string => `^parent.${column}`;

/** Joined rows examined to choose the parent category (association on a systematic sample). */
const CHOICE_ROWS = 20_000;
/** Pool rows drawn per child row to match from. */
const POOL_FACTOR = 2;
/** Date bins of a batch's parents matched on. */
const DATE_BINS = 8;
/** Least real child rows with a parent for a joint model to be fitted. */
const MIN_ROWS = 50;
/** A parent category with more published labels than this is not matched on. */
const MAX_LABELS = 24;

const isDate = (t: string): boolean => t === 'date' || t === 'datetime';

function gather(data: ColumnData, rowOf: Int32Array): ColumnData {
  if (data.kind === 'number') return { kind: 'number', values: Float64Array.from(rowOf, (r) => (r < 0 ? NaN : data.values[r])) };
  if (data.kind === 'category') return { kind: 'category', codes: Int32Array.from(rowOf, (r) => (r < 0 ? -1 : data.codes[r])), categories: data.categories };
  return { kind: 'string', values: Array.from(rowOf, (r) => (r < 0 ? null : data.values[r])) };
}

const columnOf = (t: Table, name: string): ColumnData | undefined => t.columns.find((c) => c.spec.name === name)?.data;

/**
 * Fits the joint model of a child table and its parent, or undefined when there is nothing to
 * condition on (no usable parent column, too few joined rows).
 * @param childMetadata the child's model metadata (keys excluded)
 * @param rowOf each real child row's parent row (−1: none)
 * @param skip parent columns never conditioned on (its keys)
 */
export async function fitConditional(
  generator: Generator, childMetadata: Metadata, child: Table, parentMetadata: Metadata, parent: Table, rowOf: Int32Array,
  skip: ReadonlySet<string>, rng: Random, ctx: JobContext,
): Promise<ConditionalModel | undefined> {
  let joined = 0;
  for (const r of rowOf) if (r >= 0) joined++;
  if (joined < MIN_ROWS) return undefined;
  const usable = parentMetadata.columns.filter((c) => !c.excluded && !skip.has(c.name) && columnOf(parent, c.name) !== undefined);
  const dateMeta = usable.find((c) => isDate(c.type) && columnOf(parent, c.name)!.kind === 'number');
  const childModelled = childMetadata.columns.filter((c) => !c.excluded && c.type !== 'identifier' && c.type !== 'text');
  const category = chooseCategory(usable, parent, child, childModelled, rowOf);
  const chosen = [category, dateMeta].filter((c): c is MetadataColumn => c !== undefined);
  if (chosen.length === 0) return undefined;
  const metadata: Metadata = { ...childMetadata, columns: [...childMetadata.columns, ...chosen.map((c) => ({ ...c, name: jointName(c.name) }))] };
  const table: Table = {
    rowCount: child.rowCount,
    columns: [
      ...child.columns,
      ...chosen.map((c) => ({ spec: { name: jointName(c.name), type: c.type, format: c.format }, data: gather(columnOf(parent, c.name)!, rowOf) })),
    ],
  };
  const model = await generator.fit({ metadata, table }, { signal: ctx.signal, rng });
  return {
    model,
    jointNames: metadata.columns.filter((c) => !c.excluded).map((c) => c.name),
    ...(category ? { category: category.name } : {}),
    ...(dateMeta ? { date: dateMeta.name } : {}),
    ...datesAgainstParent(child, childMetadata, dateMeta ? columnOf(parent, dateMeta.name) : undefined, rowOf),
  };
}

/** The parent's categorical column (2..MAX_LABELS published labels) most associated (Cramér's V) with any modelled child column, over the joined rows. */
function chooseCategory(usable: readonly MetadataColumn[], parent: Table, child: Table, childModelled: readonly MetadataColumn[], rowOf: Int32Array): MetadataColumn | undefined {
  const joinedRows: number[] = [];
  rowOf.forEach((r, i) => { if (r >= 0) joinedRows.push(i); });
  const stride = Math.max(1, Math.ceil(joinedRows.length / CHOICE_ROWS));
  const rows = Int32Array.from(joinedRows.filter((_, i) => i % stride === 0));
  const parentRows = Int32Array.from(rows, (i) => rowOf[i]);
  let best: { column: MetadataColumn; v: number } | undefined;
  for (const c of usable) {
    if ((c.type !== 'categorical' && c.type !== 'boolean') || columnOf(parent, c.name)!.kind !== 'category') continue;
    const labels = publishedCategoriesOf(c).length;
    if (labels < 2 || labels > MAX_LABELS) continue;
    const p = gather(columnOf(parent, c.name)!, parentRows);
    for (const m of childModelled) {
      const data = columnOf(child, m.name);
      if (!data || data.kind === 'string') continue;
      const x = gather(data, rows);
      const v = contingencySimilarity(pairCodesOf(p, p), pairCodesOf(x, x)).real ?? 0;
      if (!best || v > best.v) best = { column: c, v };
    }
  }
  return best && best.v > 0.1 ? best.column : undefined;
}

/**
 * Whether the child's first date column follows the parent's date (Pearson |r| > 0.5 over the
 * joined rows with both), and the share of those rows on the parent's day.
 */
function datesAgainstParent(child: Table, childMetadata: Metadata, parentData: ColumnData | undefined, rowOf: Int32Array): { shiftDates: boolean; sameDay: number } {
  const none = { shiftDates: false, sameDay: 0 };
  const first = childMetadata.columns.find((c) => !c.excluded && isDate(c.type));
  const data = first ? columnOf(child, first.name) : undefined;
  if (!data || data.kind !== 'number' || !parentData || parentData.kind !== 'number') return none;
  const parentDate = parentData;
  let n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, same = 0;
  for (let i = 0; i < rowOf.length; i++) {
    const r = rowOf[i];
    if (r < 0) continue;
    const x = data.values[i], y = parentDate.values[r];
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    if (Math.floor(x / 864e5) === Math.floor(y / 864e5)) same++;
    n++; sx += x / 864e5; sy += y / 864e5; sxx += (x / 864e5) ** 2; syy += (y / 864e5) ** 2; sxy += (x / 864e5) * (y / 864e5);
  }
  if (n < MIN_ROWS) return none;
  const cov = sxy - (sx * sy) / n, vx = sxx - (sx * sx) / n, vy = syy - (sy * sy) / n;
  const follows = vx > 0 && vy > 0 && Math.abs(cov / Math.sqrt(vx * vy)) > 0.5;
  return { shiftDates: follows, sameDay: follows ? same / n : 0 };
}

/** A matching key's parts for a row: its parent category label (or null) and its date bin (−1: missing). */
interface Keyed { label: (r: number) => string | null; bin: (r: number) => number }

function keyedOf(table: Table, cond: ConditionalModel, category: string | undefined, date: string | undefined, cuts: readonly number[]): Keyed {
  const cat = category ? columnOf(table, category) : undefined;
  const d = date ? columnOf(table, date) : undefined;
  return {
    label: (r) => (cat && cat.kind === 'category' && cat.codes[r] >= 0 ? cat.categories[cat.codes[r]] : null),
    bin: (r) => {
      if (!d || d.kind !== 'number' || Number.isNaN(d.values[r])) return -1;
      let i = 0;
      while (i < cuts.length && d.values[r] >= cuts[i]) i++;
      return i;
    },
  };
}

/** Quantile cut points of the batch's twin parent dates (of the rows children hang from). */
function dateCuts(parent: Table, date: string | undefined, parentRow: Int32Array): number[] {
  const d = date ? columnOf(parent, date) : undefined;
  if (!d || d.kind !== 'number') return [];
  const v = Array.from(parentRow, (r) => d.values[r]).filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  const cuts: number[] = [];
  for (let q = 1; q < DATE_BINS; q++) {
    const c = v[Math.floor((q * v.length) / DATE_BINS)];
    if (c !== undefined && (cuts.length === 0 || c > cuts[cuts.length - 1])) cuts.push(c);
  }
  return cuts;
}

/**
 * The child columns of a batch of children made under their twin parents: for child i, the
 * pool row whose parent part matches `parent`'s row `parentRow[i]` (exact key first, then the
 * same category, the same date bin, any row), each pool row used once. Returns the joint rows'
 * child columns (the model's child output, in its order), dates shifted when the model says so.
 */
export async function sampleConditional(cond: ConditionalModel, parent: Table, parentRow: Int32Array, rng: Random, ctx: JobContext): Promise<Table> {
  const total = parentRow.length;
  const poolRows = total * POOL_FACTOR + 64;
  const parts: Table[] = [];
  for await (const t of cond.model.sample(poolRows, { signal: ctx.signal, rng: rng.fork('pool') })) parts.push(t);
  const pool = concatTables(parts, poolRows);
  const cuts = dateCuts(parent, cond.date, parentRow);
  const fromPool = keyedOf(pool, cond, cond.category && jointName(cond.category), cond.date && jointName(cond.date), cuts);
  const fromParent = keyedOf(parent, cond, cond.category, cond.date, cuts);
  // Pool rows by exact key, by category, by bin; each list consumed from its front (pool rows are iid draws).
  const byKey = new Map<string, number[]>(), byLabel = new Map<string, number[]>(), byBin = new Map<number, number[]>();
  const push = <K>(m: Map<K, number[]>, k: K, r: number): void => { let l = m.get(k); if (!l) m.set(k, (l = [])); l.push(r); };
  for (let r = 0; r < pool.rowCount; r++) {
    const label = fromPool.label(r), bin = fromPool.bin(r);
    push(byKey, `${label}\u0000${bin}`, r);
    push(byLabel, String(label), r);
    push(byBin, bin, r);
  }
  const used = new Uint8Array(pool.rowCount);
  const at = new Map<number[], number>();
  let anyAt = 0;
  const take = (list: number[] | undefined): number => {
    if (!list) return -1;
    let i = at.get(list) ?? 0;
    while (i < list.length && used[list[i]]) i++;
    at.set(list, i);
    return i < list.length ? list[i] : -1;
  };
  const chosen = new Int32Array(total);
  for (let i = 0; i < total; i++) {
    const p = parentRow[i];
    const label = fromParent.label(p), bin = fromParent.bin(p);
    let r = take(byKey.get(`${label}\u0000${bin}`));
    if (r < 0) r = take(byLabel.get(String(label)));
    if (r < 0) r = take(byBin.get(bin));
    if (r < 0) { while (anyAt < pool.rowCount && used[anyAt]) anyAt++; r = anyAt < pool.rowCount ? anyAt : 0; }
    used[r] = 1;
    chosen[i] = r;
  }
  const joint = new Set(cond.jointNames.filter((n) => n.startsWith('^parent.')));
  const out: Table = { rowCount: total, columns: pool.columns.filter((c) => !joint.has(c.spec.name)).map((c) => ({ spec: c.spec, data: gather(c.data, chosen) })) };
  if (cond.shiftDates && cond.date) {
    const poolDate = columnOf(pool, jointName(cond.date)) as { values: Float64Array };
    const twinDate = columnOf(parent, cond.date) as { values: Float64Array };
    const dates = out.columns.filter((c) => isDate(c.spec.type) && c.data.kind === 'number').map((c) => (c.data as { values: Float64Array }).values);
    const dayRng = rng.fork('same-day');
    for (let i = 0; i < total; i++) {
      const parentAt = twinDate.values[parentRow[i]];
      let shift = parentAt - poolDate.values[chosen[i]];
      const first = dates[0]?.[i] ?? NaN;
      // On the parent's day with the real rows' chance: the first date moved to that day.
      if (dayRng.next() < cond.sameDay && !Number.isNaN(first) && !Number.isNaN(parentAt)) shift = Math.floor(parentAt / 864e5) * 864e5 - Math.floor(first / 864e5) * 864e5;
      if (!Number.isFinite(shift)) continue;
      // Whole days keep a date-only column on midnight.
      const s = Math.round(shift / 864e5) * 864e5;
      for (const v of dates) if (!Number.isNaN(v[i])) v[i] += s;
    }
  }
  return out;
}

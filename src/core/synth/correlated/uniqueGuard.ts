import { murmurMix as mix } from '../../math/hash';
import type { Random } from '../../random';
import type { ColumnData, Table } from '../../schema';
import { applyRules, planIsEmpty, type RulePlan } from '../rules';
import type { PreparedColumn } from './prepare';
import { roundWithin } from '../marginals';

/**
 * Keeps a twin from replaying real records that are unique: synthetic rows equal, on every
 * modelled column, to a real row that occurs exactly once are redrawn — synthpop's statistical
 * disclosure control `sdc(..., rm.replicated.uniques = TRUE)` (Nowok, Raab, Dibben 2016),
 * applied while sampling so the row count is kept. Rows are compared through a 52-bit hash of
 * their values (a collision only causes a needless redraw). Not used by DP methods: it looks at
 * the real rows, which a DP release must not do after the mechanism.
 */
export interface UniqueRowGuard {
  /** Number of unique real rows guarded. */
  readonly uniques: number;
  /** Indices of rows of `batch` (a batch of the twin's columns) that equal a unique real row. */
  hits(batch: Table): number[];
}

/**
 * Builds the guard from the ORIGINAL real values of the modelled columns (`table`, as loaded),
 * not the prepared ones: recoding a suppressed category or clipping a value to the coded bounds
 * can make a unique real row look like a duplicate of another (two rows that differ only in a
 * rare category), and that row would then go unguarded. A real category that is not published
 * gets a code of its own (no twin row can carry it); numbers at the column's precision, unclipped.
 */
export function uniqueRowGuard(prepared: readonly PreparedColumn[], table: Table): UniqueRowGuard {
  const cols = prepared.map((p, i) => ({ p, i })).filter((x) => x.p.kind !== 'fake');
  const byName = new Map(table.columns.map((c) => [c.spec.name, c.data] as const));
  const realData = cols.map(({ p }): ColumnData | null => {
    const data = byName.get(p.meta.name);
    if (!data) return null;
    if (p.kind === 'category' && data.kind === 'category') return { kind: 'category', codes: originalCodes(data.codes, data.categories, p.labels), categories: p.labels };
    if (p.kind === 'number' && data.kind === 'number') return { kind: 'number', values: atPrecision(data.values, p.step) };
    return null;
  });
  // Keys sorted, then the ones that occur exactly once: a sorted list searched by bisection
  // (no per-row allocation, unlike a Map of 52-bit keys).
  // (The loops are functions of their own, so each is compiled once: see copula.ts.)
  const keys = rowKeys(realData, table.rowCount);
  keys.sort();
  const count = keepSingles(keys);
  const uniques = keys.slice(0, count);
  return {
    uniques: count,
    hits(batch: Table): number[] {
      if (count === 0 || cols.length === 0) return [];
      return hitsOf(rowKeys(cols.map(({ i }) => batch.columns[i].data), batch.rowCount), uniques);
    },
  };
}

/** Values rounded to the column's step as a twin writes them (not clipped: a clipped value is another value). */
function atPrecision(values: Float64Array, step: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let r = 0; r < values.length; r++) out[r] = values[r] === values[r] ? roundWithin(values[r], step, -Infinity, Infinity) : NaN;
  return out;
}

/**
 * Real category codes in the twin's code space: a published label's index in `labels` (what a
 * twin row carries), any other real category `labels.length + its code`, missing −1.
 */
function originalCodes(codes: Int32Array, categories: readonly string[], labels: readonly string[]): Int32Array {
  const index = new Map(labels.map((l, i) => [l, i] as const));
  const map = Int32Array.from(categories, (c, i) => index.get(c) ?? labels.length + i);
  const out = new Int32Array(codes.length);
  for (let r = 0; r < codes.length; r++) out[r] = codes[r] < 0 ? -1 : map[codes[r]];
  return out;
}

/** Moves the keys that occur exactly once in the ascending `keys` to its front, in order; returns how many. */
function keepSingles(keys: Float64Array): number {
  const n = keys.length;
  let count = 0;
  for (let r = 0; r < n; r++) if ((r === 0 || keys[r] !== keys[r - 1]) && (r === n - 1 || keys[r] !== keys[r + 1])) keys[count++] = keys[r];
  return count;
}

/** Indices of the keys found in the ascending `uniques`. */
function hitsOf(keys: Float64Array, uniques: Float64Array): number[] {
  const out: number[] = [];
  for (let r = 0; r < keys.length; r++) if (contains(uniques, keys[r])) out.push(r);
  return out;
}

/**
 * Per row, a 52-bit hash of its values in the given columns (MurmurHash3-style mixing of each
 * value's two 32-bit words, in column order). Computed column by column (the same hash as row
 * by row) so each pass over the rows is a tight loop of one kind of column.
 */
function rowKeys(columns: readonly (ColumnData | null)[], rows: number): Float64Array {
  const h1 = new Int32Array(rows).fill(0x9747b28c | 0);
  const h2 = new Int32Array(rows).fill(0x85ebca6b | 0);
  for (const d of columns) {
    if (d && d.kind === 'number') mixNumbers(h1, h2, d.values);
    else mixCodes(h1, h2, d && d.kind === 'category' ? d.codes : null);
  }
  const out = new Float64Array(rows);
  keysOf(h1, h2, out);
  return out;
}

function keysOf(h1: Int32Array, h2: Int32Array, out: Float64Array): void {
  for (let r = 0; r < out.length; r++) out[r] = keyOf(h1[r], h2[r]);
}

function mixNumbers(h1: Int32Array, h2: Int32Array, values: Float64Array): void {
  for (let r = 0; r < h1.length; r++) {
    setWords(values[r]);
    const a = u32[0], b = u32[1];
    h1[r] = mix(mix(h1[r], a), b);
    h2[r] = mix(mix(h2[r] ^ 0x5bd1e995, b), a);
  }
}

/** Category codes (or 0 for a column of another kind), each with a fixed second word. */
function mixCodes(h1: Int32Array, h2: Int32Array, codes: Int32Array | null): void {
  const b = 0x3c6ef372;
  for (let r = 0; r < h1.length; r++) {
    const a = codes ? codes[r] : 0;
    h1[r] = mix(mix(h1[r], a), b);
    h2[r] = mix(mix(h2[r] ^ 0x5bd1e995, b), a);
  }
}

/** Whether the ascending `sorted` holds `key`. */
function contains(sorted: Float64Array, key: number): boolean {
  let lo = 0, hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid];
    if (v === key) return true;
    if (v < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * Replaces the rows of `table` that the guard flags with unflagged rows from fresh draws of
 * `fill` (up to 8 rounds; rows still flagged after that — a domain with nothing else to draw —
 * are kept). Deterministic: the draws come from the model's own stream. Returns how many rows were redrawn.
 */
export function redrawReplicatedUniques(table: Table, guard: UniqueRowGuard, fill: (size: number) => Table): number {
  return replaceFlaggedRows(table, guard, fill, copyRow);
}

/**
 * The guard again on the finished rows: record rules (synth/rules.ts) redraw a second date from
 * a gap, compute a derived column, or empty a cell after the model's own guard looked at the row,
 * so a row can come to equal a unique real row there (a condition's START and STOP on one day with
 * the commonest code). Each such row is replaced by a fresh row of the model, made to keep the
 * rules the same way and not flagged itself (up to 8 rounds); identifier columns keep their fakes
 * (a fake key must stay unique). Replacement rows come from `sample` with `rng`'s forks (the
 * batch's own), so the twin stays reproducible from its seed. In place; returns `table`.
 */
export function redrawFinalUniques(
  table: Table, guard: { hits(batch: Table): number[] }, sample: (rows: number, rng: Random) => Table, plan: RulePlan, rng: Random,
): Table {
  replaceFlaggedRows(table, guard, (size, round) => {
    const extra = sample(size, rng.fork(`draw:${round}`));
    if (!planIsEmpty(plan)) applyRules(extra, plan, rng.fork(`rules:${round}`));
    return extra;
  }, copyFinishedRow);
  return table;
}

/**
 * The one replacement loop of both guards: each flagged row of `table` in turn takes the next
 * unflagged row of a fresh draw (`draw(size, round)`, twice the rows still flagged and 16 more, at
 * most 65,536), copied by `copy`; up to 8 rounds. Returns how many rows were flagged first.
 */
function replaceFlaggedRows(
  table: Table, guard: { hits(batch: Table): number[] }, draw: (size: number, round: number) => Table,
  copy: (from: Table, i: number, to: Table, j: number) => void,
): number {
  let bad = guard.hits(table);
  const flaggedFirst = bad.length;
  for (let round = 0; bad.length > 0 && round < 8; round++) {
    const extra = draw(Math.min(65_536, bad.length * 2 + 16), round);
    const flagged = new Set(guard.hits(extra));
    let k = 0;
    const still: number[] = [];
    for (const r of bad) {
      while (k < extra.rowCount && flagged.has(k)) k++;
      if (k >= extra.rowCount) { still.push(r); continue; }
      copy(extra, k++, table, r);
    }
    bad = still;
  }
  return flaggedFirst;
}

/** Copies row `i` of `from` over row `j` of `to`, every column but identifiers (their fakes stay). */
function copyFinishedRow(from: Table, i: number, to: Table, j: number): void {
  for (let c = 0; c < to.columns.length; c++) {
    if (to.columns[c].spec.type === 'identifier') continue;
    const s = from.columns[c].data, d = to.columns[c].data;
    if (s.kind === 'number' && d.kind === 'number') d.values[j] = s.values[i];
    else if (s.kind === 'category' && d.kind === 'category') d.codes[j] = s.codes[i];
    else if (s.kind === 'string' && d.kind === 'string') d.values[j] = s.values[i];
  }
}

function copyRow(from: Table, i: number, to: Table, j: number): void {
  for (let c = 0; c < to.columns.length; c++) {
    const s = from.columns[c].data, d = to.columns[c].data;
    if (s.kind === 'number' && d.kind === 'number') d.values[j] = s.values[i];
    else if (s.kind === 'category' && d.kind === 'category') d.codes[j] = s.codes[i];
  }
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** Puts a value's bits in u32[0..1] (one NaN, and −0 equal to 0). */
function setWords(v: number): void {
  f64[0] = Number.isNaN(v) ? NaN : v === 0 ? 0 : v;
}


function keyOf(h1: number, h2: number): number {
  return (h1 >>> 0) * 1048576 + ((h2 >>> 0) & 0xfffff);
}

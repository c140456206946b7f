import type { JobContext } from '../context';
import { inputError, throwIfAborted } from '../errors';
import { DEFAULT_MISSING_TOKENS, isMissing, missingTokenSet, parseValue } from '../format';
import type { DatasetSource, RawValue } from '../io/types';
import { createRandom } from '../random';
import type { ColumnData, ColumnSpec, Table } from '../schema';
import { dataKindOf } from '../schema';
import { ReservoirSkipper } from '../profile/sketches';

export interface LoadTableOptions {
  /** Spellings of a missing value; default DEFAULT_MISSING_TOKENS. */
  missingTokens?: string[];
  /** Keep at most this many rows: a seeded uniform reservoir sample, in file order. */
  maxRows?: number;
  /** Seed of the sample. Default 1. */
  seed?: number;
  /** Fail on the first value that does not read under its column's format (default: read it as missing and count it). */
  strict?: boolean;
}

export interface LoadedTable {
  table: Table;
  /** Whether rows were sampled (the file had more than `maxRows`). */
  sampled: boolean;
  /** What was loaded, in words: rows kept, sampling, values that did not parse. */
  sampleNote: string;
}

/**
 * A growable column being filled. `fill` reads its field of every row of a batch whose `slots`
 * entry is ≥ 0 (the row's position in the table) — one tight loop per column rather than a call
 * per cell — adds the values that do not read under the column's format to `tally.bad` and
 * returns the batch index of the first of them (−1 when none).
 */
interface Builder {
  spec: ColumnSpec;
  index: number;
  fill(rows: RawValue[][], slots: Int32Array, tokens: ReadonlySet<string>, tally: { bad: number }): number;
  grow(capacity: number): void;
  finish(order: Int32Array | null, rows: number): ColumnData;
}

function numberBuilder(spec: ColumnSpec, index: number, capacity: number): Builder {
  let values = new Float64Array(capacity);
  return {
    spec, index,
    fill(rows, slots, tokens, tally) {
      let first = -1;
      for (let r = 0; r < rows.length; r++) {
        const slot = slots[r];
        if (slot < 0) continue;
        const raw = rows[r][index] ?? null;
        if (isMissing(raw, tokens)) { values[slot] = NaN; continue; }
        const v = parseValue(raw, spec);
        if (v === null) { tally.bad++; if (first < 0) first = r; }
        values[slot] = typeof v === 'number' ? v : NaN;
      }
      return first;
    },
    grow(cap) { const b = new Float64Array(cap); b.set(values); values = b; },
    finish(order, rows) {
      if (!order) return { kind: 'number', values: values.slice(0, rows) };
      return { kind: 'number', values: Float64Array.from(order, (s) => values[s]) };
    },
  };
}

/** Code of a raw text already read: a category code, or one of these. */
const MISSING_CODE = -1;
const BAD_CODE = -2;

function categoryBuilder(spec: ColumnSpec, index: number, capacity: number): Builder {
  let codes = new Int32Array(capacity);
  const dictionary = new Map<string, number>();
  const categories: string[] = [];
  // Raw text → its outcome (code, missing or unreadable): categorical fields repeat a few
  // spellings, so each is checked and parsed once. Bounded by the distinct spellings.
  const seen = new Map<string, number>();
  const codeOf = (raw: RawValue, tokens: ReadonlySet<string>): number => {
    if (isMissing(raw, tokens)) return MISSING_CODE;
    const v = parseValue(raw, spec);
    if (v === null) return BAD_CODE;
    const key = typeof v === 'string' ? v : String(v);
    let code = dictionary.get(key);
    if (code === undefined) {
      code = categories.length;
      dictionary.set(key, code);
      categories.push(key);
    }
    return code;
  };
  return {
    spec, index,
    fill(rows, slots, tokens, tally) {
      let first = -1;
      for (let r = 0; r < rows.length; r++) {
        const slot = slots[r];
        if (slot < 0) continue;
        const raw = rows[r][index] ?? null;
        let code: number | undefined;
        if (typeof raw === 'string') {
          code = seen.get(raw);
          if (code === undefined) { code = codeOf(raw, tokens); seen.set(raw, code); }
        } else {
          code = codeOf(raw, tokens);
        }
        if (code === BAD_CODE) { tally.bad++; if (first < 0) first = r; code = MISSING_CODE; }
        codes[slot] = code;
      }
      return first;
    },
    grow(cap) { const b = new Int32Array(cap); b.set(codes); codes = b; },
    finish(order, rows) {
      if (!order) return { kind: 'category', codes: codes.slice(0, rows), categories };
      // After sampling, keep only the categories still present, in first-seen order.
      const kept = Int32Array.from(order, (s) => codes[s]);
      const used = new Uint8Array(categories.length);
      for (const c of kept) if (c >= 0) used[c] = 1;
      const remap = new Int32Array(categories.length).fill(-1);
      const present: string[] = [];
      for (let c = 0; c < categories.length; c++) if (used[c]) { remap[c] = present.length; present.push(categories[c]); }
      for (let i = 0; i < kept.length; i++) if (kept[i] >= 0) kept[i] = remap[kept[i]];
      return { kind: 'category', codes: kept, categories: present };
    },
  };
}

function stringBuilder(spec: ColumnSpec, index: number): Builder {
  const values: (string | null)[] = [];
  return {
    spec, index,
    fill(rows, slots, tokens, tally) {
      let first = -1;
      for (let r = 0; r < rows.length; r++) {
        const slot = slots[r];
        if (slot < 0) continue;
        const raw = rows[r][index] ?? null;
        if (isMissing(raw, tokens)) { values[slot] = null; continue; }
        const v = parseValue(raw, spec);
        if (v === null) { tally.bad++; if (first < 0) first = r; }
        values[slot] = v === null ? null : typeof v === 'string' ? v : String(v);
      }
      return first;
    },
    grow() { /* arrays grow by themselves */ },
    finish(order, rows) {
      if (!order) return { kind: 'string', values: values.slice(0, rows) };
      return { kind: 'string', values: Array.from(order, (s) => values[s] ?? null) };
    },
  };
}

/**
 * Reads a dataset into a typed in-memory {@link Table}: each value parsed with its column's
 * format (`parseValue`), numbers in Float64Array (NaN missing), categories as codes into a
 * first-seen dictionary (-1 missing), text and identifiers as strings (null missing).
 * With `maxRows`, a seeded uniform reservoir sample (Li's Algorithm L) of that many rows,
 * kept in file order. A value that does not read under its column's format is missing and
 * counted in `sampleNote`, or with `strict` an input error naming the file, row and column.
 * @throws TwinError('input') when a column is not in the file, or (strict) on an unreadable value.
 */
export async function loadTable(
  source: DatasetSource,
  columns: ColumnSpec[],
  options: LoadTableOptions = {},
  ctx: JobContext = {},
): Promise<LoadedTable> {
  const tokens = missingTokenSet(options.missingTokens ?? DEFAULT_MISSING_TOKENS);
  const maxRows = options.maxRows !== undefined && options.maxRows >= 0 ? Math.floor(options.maxRows) : Infinity;
  const seed = options.seed ?? 1;
  const strict = options.strict === true;
  const position = new Map(source.columnNames.map((n, i) => [n, i] as const));
  const initial = Number.isFinite(maxRows) ? Math.max(1, Math.min(maxRows, 65_536)) : 65_536;
  const builders: Builder[] = columns.map((spec) => {
    const index = position.get(spec.name);
    if (index === undefined) throw inputError(`column ${JSON.stringify(spec.name)} is not in the file (columns: ${source.columnNames.join(', ')})`, { file: source.path });
    const kind = dataKindOf(spec.type);
    return kind === 'number' ? numberBuilder(spec, index, initial) : kind === 'category' ? categoryBuilder(spec, index, initial) : stringBuilder(spec, index);
  });

  const skipper = Number.isFinite(maxRows) ? new ReservoirSkipper(maxRows, createRandom(seed).fork('load-table')) : null;
  let rowOf = new Float64Array(initial); // source row index of each slot (for file order after sampling)
  let capacity = initial;
  let total = 0;
  let filled = 0;
  let firstBad: { row: number; column: string } | null = null;

  ctx.onProgress?.({ stage: 'loading', fraction: 0 });
  let slots = new Int32Array(0);
  const tally = { bad: 0 };
  for await (const batch of source.batches(ctx)) {
    throwIfAborted(ctx.signal);
    const rows = batch.rows;
    if (slots.length < rows.length) slots = new Int32Array(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const rowIndex = total++;
      const slot = skipper ? skipper.offer() : rowIndex;
      slots[r] = slot;
      if (slot < 0) continue;
      if (slot >= capacity) {
        const cap = Math.min(Number.isFinite(maxRows) ? maxRows : Infinity, capacity * 2);
        for (const b of builders) b.grow(cap);
        const ro = new Float64Array(cap);
        ro.set(rowOf);
        rowOf = ro;
        capacity = cap;
      }
      if (slot >= filled) filled = slot + 1;
      rowOf[slot] = rowIndex;
    }
    // Column by column; the first unreadable value is the first in row order (then column order).
    let firstR = -1;
    let firstSpec: ColumnSpec | null = null;
    for (const b of builders) {
      const r = b.fill(rows, slots, tokens, tally);
      if (r >= 0 && (firstR < 0 || r < firstR)) { firstR = r; firstSpec = b.spec; }
    }
    if (firstSpec) {
      const where = { file: source.path, row: batch.firstRow + firstR, column: firstSpec.name };
      // The value itself is never quoted: error messages end up in logs outside the TRE.
      if (strict) throw inputError(`a value does not match the column's type ${firstSpec.type}`, where);
      if (!firstBad) firstBad = { row: where.row, column: where.column };
    }
    if (source.sizeBytes > 0) ctx.onProgress?.({ stage: 'loading', fraction: Math.min(1, batch.bytesRead / source.sizeBytes) });
  }
  throwIfAborted(ctx.signal);

  const sampled = total > filled;
  let order: Int32Array | null = null;
  if (sampled) {
    order = new Int32Array(filled);
    for (let i = 0; i < filled; i++) order[i] = i;
    order.sort((a, b) => rowOf[a] - rowOf[b]);
  }
  const table: Table = {
    rowCount: filled,
    columns: builders.map((b) => ({ spec: b.spec, data: b.finish(order, filled) })),
  };
  let sampleNote = sampled
    ? `uniform sample of ${filled.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')} rows (seed ${seed})`
    : `all ${total.toLocaleString('en-GB')} rows`;
  const bad = tally.bad;
  if (bad > 0 && firstBad) {
    sampleNote += `; ${bad.toLocaleString('en-GB')} value${bad === 1 ? '' : 's'} that did not match the column's format read as missing (first at row ${firstBad.row}, column ${JSON.stringify(firstBad.column)})`;
  }
  ctx.onProgress?.({ stage: 'loading', fraction: 1 });
  return { table, sampled, sampleNote };
}

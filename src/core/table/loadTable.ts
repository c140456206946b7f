import type { JobContext } from '../context';
import { inputError, throwIfAborted } from '../errors';
import { t } from '../l10n';
import { DEFAULT_MISSING_TOKENS, isMissing, missingTokenSet, parseValue } from '../format';
import type { CellBatch, DatasetSource, RawValue } from '../io/types';
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
  /**
   * Read a delimited source through its cells (`cellBatches`: byte ranges, no string per cell)
   * when it offers them: the same table, in about half the time. Only for a source as
   * openDataset returned it — a view that overrides `batches()` (to count or filter rows) would
   * be bypassed. Default false.
   */
  cells?: boolean;
  /**
   * Keep only the rows whose value in `column` (one of `columns`) `keep` accepts: the value read
   * under the column's format, as a key compares it (a number in its shortest form, missing as
   * null). Rows not kept cost a read of that one cell. Applied before `maxRows`.
   */
  rows?: RowFilter;
}

/** A choice of rows by the value of one column (a key). */
export interface RowFilter {
  column: string;
  keep(key: string | null): boolean;
  /** Called before each read of the file (one read as cells may be followed by one as text), so a filter that counts can start again. */
  restart?(): void;
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
  /**
   * The same from a batch of cells (byte ranges of UTF-8 text): reads each cell exactly as
   * `fill` reads its text. Returns false at the first value that does not read under the
   * column's format (the caller then reads the file again as text, which names its row).
   */
  fillCells(batch: CellBatch, slots: Int32Array, tokens: ReadonlySet<string>): boolean;
  grow(capacity: number): void;
  finish(order: Int32Array | null, rows: number): ColumnData;
}

/**
 * The outcomes of the texts of one column met so far, keyed by their UTF-8 bytes: columns repeat
 * a few spellings (categories, dates, small numbers), so each is decoded and read once, and a
 * repeated cell costs a hash of its bytes, with no string made. Open addressing over FNV-1a
 * hashes; holds at most `limit` texts (then `add` does nothing and callers read the rest one by one).
 */
class ByteOutcomes {
  private keys = new Uint8Array(4096);
  private keyEnd = 0;
  private starts = new Int32Array(64);
  private lengths = new Int32Array(64);
  readonly values: number[] = [];
  private table = new Int32Array(128).fill(-1);
  constructor(private readonly limit: number) {}

  /** Index of the text `b[s, e)` (read `values[index]`), or −1 when it was not added. */
  find(b: Uint8Array, s: number, e: number): number {
    const mask = this.table.length - 1;
    let slot = hashBytes(b, s, e) & mask;
    const len = e - s;
    for (;;) {
      const i = this.table[slot];
      if (i < 0) return -1;
      if (this.lengths[i] === len && sameBytes(this.keys, this.starts[i], b, s, len)) return i;
      slot = (slot + 1) & mask;
    }
  }

  /** Records the outcome of the text `b[s, e)` (not yet added). */
  add(b: Uint8Array, s: number, e: number, value: number): void {
    const n = this.values.length;
    if (n >= this.limit) return;
    const len = e - s;
    if (this.keyEnd + len > this.keys.length) {
      const bigger = new Uint8Array(Math.max(this.keys.length * 2, this.keyEnd + len));
      bigger.set(this.keys.subarray(0, this.keyEnd));
      this.keys = bigger;
    }
    this.keys.set(b.subarray(s, e), this.keyEnd);
    if (n === this.starts.length) {
      const starts = new Int32Array(n * 2); starts.set(this.starts); this.starts = starts;
      const lengths = new Int32Array(n * 2); lengths.set(this.lengths); this.lengths = lengths;
    }
    this.starts[n] = this.keyEnd;
    this.lengths[n] = len;
    this.keyEnd += len;
    this.values.push(value);
    if ((n + 1) * 2 > this.table.length) this.rehash();
    else this.place(n, hashBytes(b, s, e));
  }

  private place(i: number, hash: number): void {
    const mask = this.table.length - 1;
    let slot = hash & mask;
    while (this.table[slot] >= 0) slot = (slot + 1) & mask;
    this.table[slot] = i;
  }

  private rehash(): void {
    this.table = new Int32Array(this.table.length * 2).fill(-1);
    for (let i = 0; i < this.values.length; i++) {
      this.place(i, hashBytes(this.keys, this.starts[i], this.starts[i] + this.lengths[i]));
    }
  }
}

function hashBytes(b: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ b[i], 0x01000193);
  return h ^ (h >>> 15);
}

function sameBytes(a: Uint8Array, as: number, b: Uint8Array, bs: number, len: number): boolean {
  for (let k = 0; k < len; k++) if (a[as + k] !== b[bs + k]) return false;
  return true;
}

/** Cells the columns of a table are first allocated for, in all (then each grows by doubling). */
const INITIAL_CELLS = 1 << 22;

/** Most distinct texts a column's {@link ByteOutcomes} holds. */
const MAX_OUTCOMES = 65_536;

/** The text of the UTF-8 cell `b[s, e)`. */
function textOfCell(b: Buffer, s: number, e: number): string {
  return b.toString('utf8', s, e);
}

/**
 * The value of a cell of 1 to 15 ASCII digits after an optional sign — exactly what reading its
 * text as a number gives (below 2^53 every step is exact; "-0" gives −0, as the text does) —
 * or NaN for any other cell.
 */
function plainInteger(b: Uint8Array, s: number, e: number): number {
  let i = s;
  let negative = false;
  if (i < e && (b[i] === 45 || b[i] === 43)) { negative = b[i] === 45; i++; }
  const digits = e - i;
  if (digits < 1 || digits > 15) return NaN;
  let v = 0;
  for (; i < e; i++) {
    const d = b[i] - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return negative ? -v : v;
}

/** Whether a spelling of a missing value is itself a plain integer (then such cells are not read as numbers directly). */
function tokensHoldInteger(tokens: ReadonlySet<string>): boolean {
  for (const t of tokens) {
    const b = Buffer.from(t, 'utf8');
    if (!Number.isNaN(plainInteger(b, 0, b.length))) return true;
  }
  return false;
}

/** A number cell's outcome when its text does not read (values that read are finite numbers). */
const CELL_BAD = Infinity;

function numberBuilder(spec: ColumnSpec, index: number, capacity: number, tokens: ReadonlySet<string>): Builder {
  let values = new Float64Array(capacity);
  // Cells of plain integers are read from their bytes (the common case: counts, ages, codes),
  // when they can be neither a date nor a missing-value spelling.
  const direct = (spec.type === 'numeric' || spec.type === 'integer') && !tokensHoldInteger(tokens);
  // The value of each distinct text met by the cell path: NaN when missing, CELL_BAD when it
  // does not read (values that read are finite).
  const outcomes = new ByteOutcomes(MAX_OUTCOMES);
  const numberOutcome = (raw: string, tokens: ReadonlySet<string>): number => {
    if (isMissing(raw, tokens)) return NaN;
    const v = parseValue(raw, spec);
    return v === null ? CELL_BAD : typeof v === 'number' ? v : NaN;
  };
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
    fillCells(batch, slots, tokens) {
      const { bytes, starts, ends, width, rows } = batch;
      for (let r = 0; r < rows; r++) {
        const slot = slots[r];
        if (slot < 0) continue;
        const s = starts[r * width + index], e = ends[r * width + index];
        let v = direct ? plainInteger(bytes, s, e) : NaN;
        if (v !== v) {
          // Not a plain integer: through the column's outcomes (dates and decimals repeat), else its text.
          const i = outcomes.find(bytes, s, e);
          if (i >= 0) v = outcomes.values[i];
          else {
            v = numberOutcome(textOfCell(bytes, s, e), tokens);
            outcomes.add(bytes, s, e, v);
          }
          if (v === CELL_BAD) return false;
        }
        values[slot] = v;
      }
      return true;
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
  const outcomes = new ByteOutcomes(MAX_OUTCOMES);
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
    fillCells(batch, slots, tokens) {
      const { bytes, starts, ends, width, rows } = batch;
      for (let r = 0; r < rows; r++) {
        const slot = slots[r];
        if (slot < 0) continue;
        const s = starts[r * width + index], e = ends[r * width + index];
        const i = outcomes.find(bytes, s, e);
        let code: number;
        if (i >= 0) code = outcomes.values[i];
        else {
          const raw = textOfCell(bytes, s, e);
          code = seen.get(raw) ?? codeOf(raw, tokens);
          seen.set(raw, code);
          outcomes.add(bytes, s, e, code);
        }
        if (code === BAD_CODE) return false;
        codes[slot] = code;
      }
      return true;
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
    fillCells(batch, slots, tokens) {
      const { bytes, starts, ends, width, rows } = batch;
      for (let r = 0; r < rows; r++) {
        const slot = slots[r];
        if (slot < 0) continue;
        const raw = textOfCell(bytes, starts[r * width + index], ends[r * width + index]);
        if (isMissing(raw, tokens)) { values[slot] = null; continue; }
        const v = parseValue(raw, spec);
        if (v === null) return false;
        values[slot] = typeof v === 'string' ? v : String(v);
      }
      return true;
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
 * With `cells`, a delimited file is read through its cells (`cellBatches`: byte ranges, no string
 * per cell; plain integers read from their bytes, each distinct spelling of a column decoded and
 * read once) when the reader offers them, with the same result; a file with a value that does
 * not read is then read again as text, which numbers the rows to report.
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
  // Columns start small and double as rows come: a wide file's first allocation stays bounded
  // (INITIAL_CELLS in all), not 65,536 rows for each of its columns.
  const firstRows = Math.max(1, Math.min(65_536, Math.floor(INITIAL_CELLS / Math.max(1, columns.length))));
  const initial = Number.isFinite(maxRows) ? Math.max(1, Math.min(maxRows, firstRows)) : firstRows;
  const indices = columns.map((spec) => {
    const index = position.get(spec.name);
    if (index === undefined) throw inputError(t('column {0} is not in the file (columns: {1})', JSON.stringify(spec.name), source.columnNames.join(', ')), { file: source.path });
    return index;
  });

  const filter = options.rows;
  const filterSpec = filter ? columns.find((c) => c.name === filter.column) : undefined;
  if (filter && !filterSpec) throw inputError(t("the row filter's column {0} is not one of the columns read", JSON.stringify(filter.column)), { file: source.path });
  const filterIndex = filter ? position.get(filter.column)! : -1;
  /** The filter's verdict on a cell's text. */
  const keeps = (raw: RawValue): boolean => {
    if (raw === null || isMissing(raw, tokens)) return filter!.keep(null);
    const v = parseValue(raw, filterSpec!);
    return filter!.keep(v === null || v === '' ? null : typeof v === 'number' ? String(v) : v);
  };

  ctx.onProgress?.({ stage: t('loading'), fraction: 0 });
  // A pass over the file; null when the cell path meets a value that does not read.
  const pass = async (cells: boolean): Promise<LoadedTable | null> => {
    filter?.restart?.();
    const builders: Builder[] = columns.map((spec, j) => {
      const kind = dataKindOf(spec.type);
      return kind === 'number' ? numberBuilder(spec, indices[j], initial, tokens) : kind === 'category' ? categoryBuilder(spec, indices[j], initial) : stringBuilder(spec, indices[j]);
    });
    const skipper = Number.isFinite(maxRows) ? new ReservoirSkipper(maxRows, createRandom(seed).fork('load-table')) : null;
    let rowOf = new Float64Array(initial); // source row index of each slot (for file order after sampling)
    let capacity = initial;
    let total = 0;
    let filled = 0;
    let firstBad: { row: number; column: string } | null = null;
    let slots = new Int32Array(0);
    const tally = { bad: 0 };
    /** Slots of the next `rows` rows (−1: not kept), growing the builders as needed; `chosen(r)`: the row filter's verdict. */
    const place = (rows: number, chosen?: (r: number) => boolean): void => {
      if (slots.length < rows) slots = new Int32Array(rows);
      for (let r = 0; r < rows; r++) {
        if (chosen && !chosen(r)) { slots[r] = -1; continue; }
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
    };
    if (cells && source.cellBatches) {
      for await (const batch of source.cellBatches(ctx)) {
        throwIfAborted(ctx.signal);
        const { bytes, starts, ends, width } = batch;
        place(batch.rows, filter ? (r) => keeps(textOfCell(bytes, starts[r * width + filterIndex], ends[r * width + filterIndex])) : undefined);
        for (const b of builders) if (!b.fillCells(batch, slots, tokens)) return null;
        if (source.sizeBytes > 0) ctx.onProgress?.({ stage: t('loading'), fraction: Math.min(1, batch.bytesRead / source.sizeBytes) });
      }
    } else {
      for await (const batch of source.batches(ctx)) {
        throwIfAborted(ctx.signal);
        const rows = batch.rows;
        place(rows.length, filter ? (r) => keeps(rows[r][filterIndex] ?? null) : undefined);
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
          if (strict) throw inputError(t("a value does not match the column's type {0}", firstSpec.type), where);
          if (!firstBad) firstBad = { row: where.row, column: where.column };
        }
        if (source.sizeBytes > 0) ctx.onProgress?.({ stage: t('loading'), fraction: Math.min(1, batch.bytesRead / source.sizeBytes) });
      }
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
    return { table, sampled, sampleNote };
  };
  const loaded = (options.cells === true && source.cellBatches ? await pass(true) : null) ?? (await pass(false)) as LoadedTable;
  ctx.onProgress?.({ stage: t('loading'), fraction: 1 });
  return loaded;
}

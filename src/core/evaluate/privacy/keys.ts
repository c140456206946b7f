import { fmix32, murmurMix as mix } from '../../math/hash';
import { inputError } from '../../errors';
import type { ColumnType, Table } from '../../schema';
import { t } from '../../l10n';
import { english } from '../../l10n/stored';

/**
 * The common value space the privacy metrics compare rows in. Every table
 * (real, synthetic, holdout) is re-coded column by column so that equal
 * values are equal numbers across tables: numbers stay numbers (NaN =
 * missing, the table's own array is reused, no copy), categories and
 * strings become codes into one category list per column shared by all
 * tables (−1 = missing).
 *
 * Identifier columns are left out of every row comparison: twins replace
 * them with fresh fakes, so keeping them would hide copied records (no row
 * could ever match). Copied identifier values are still caught by the
 * rare-category check, which treats each identifier value as a category.
 */

export interface KeyColumn {
  name: string;
  type: ColumnType;
  /** True for numeric/integer/date/datetime columns (values are numbers); false for codes. */
  numeric: boolean;
  /** For code columns: the shared category list (code → value). Disclosive; never written to a report. */
  categories: string[] | null;
}

/** One table in the shared space: column-major, aligned with `KeySpace.columns`. */
export interface KeyTable {
  rows: number;
  /** Float64Array (numbers, NaN missing) or Int32Array (shared codes, −1 missing) per column. */
  cols: (Float64Array | Int32Array)[];
}

export interface KeySpace {
  columns: KeyColumn[];
  /** Columns of the real table left out of row comparisons, with why. */
  excluded: { column: string; reason: string }[];
}

/** Columns of any type that the rare-category check also looks at (identifiers and text included). */
export interface StringColumnKeys {
  name: string;
  type: ColumnType;
  categories: string[];
  /** Shared codes per table, −1 missing. */
  codes: Int32Array[];
}

/**
 * Puts the real table and the others (synthetic, holdout; null entries are
 * skipped and give null) into one value space, matching columns by name.
 * @throws inputError when another table lacks a real column or holds it as numbers where the real table holds
 *   categories (or the reverse).
 */
export function buildKeySpace(
  real: Table,
  others: readonly { table: Table | null; label: string }[],
): { space: KeySpace; real: KeyTable; others: (KeyTable | null)[]; identifiers: StringColumnKeys[] } {
  const columns: KeyColumn[] = [];
  const excluded: { column: string; reason: string }[] = [];
  const identifiers: StringColumnKeys[] = [];
  const realCols: (Float64Array | Int32Array)[] = [];
  const otherCols: (Float64Array | Int32Array)[][] = others.map(() => []);

  for (const { spec, data } of real.columns) {
    const matches = others.map(({ table, label }) => {
      if (table === null) return null;
      const col = table.columns.find((c) => c.spec.name === spec.name);
      if (!col) throw inputError(missingColumnReason(label, spec.name), { column: spec.name });
      if ((col.data.kind === 'number') !== (data.kind === 'number')) {
        throw inputError(kindMismatchReason(label, spec.name, data.kind === 'number'), { column: spec.name });
      }
      return col.data;
    });
    if (data.kind === 'number') {
      columns.push({ name: spec.name, type: spec.type, numeric: true, categories: null });
      realCols.push(data.values);
      matches.forEach((m, i) => {
        if (m !== null && m.kind === 'number') otherCols[i].push(m.values);
      });
      continue;
    }
    const index = new Map<string, number>();
    const categories: string[] = [];
    const recode = (d: Exclude<typeof data, { kind: 'number' }>): Int32Array => {
      if (d.kind === 'category') {
        const map = new Int32Array(d.categories.length);
        for (let c = 0; c < d.categories.length; c++) map[c] = codeOf(index, categories, d.categories[c]);
        const out = new Int32Array(d.codes.length);
        for (let i = 0; i < d.codes.length; i++) out[i] = d.codes[i] < 0 ? -1 : map[d.codes[i]];
        return out;
      }
      const out = new Int32Array(d.values.length);
      for (let i = 0; i < d.values.length; i++) {
        const v = d.values[i];
        out[i] = v === null ? -1 : codeOf(index, categories, v);
      }
      return out;
    };
    const realCodes = recode(data);
    const codes = matches.map((m) => (m === null || m.kind === 'number' ? null : recode(m)));
    if (spec.type === 'identifier') {
      excluded.push({ column: spec.name, reason: english('identifier: twins replace identifiers with fakes, so rows are compared without it') });
      identifiers.push({ name: spec.name, type: spec.type, categories, codes: [realCodes, ...codes.map((c) => c ?? new Int32Array(0))] });
      continue;
    }
    columns.push({ name: spec.name, type: spec.type, numeric: false, categories });
    realCols.push(realCodes);
    codes.forEach((c, i) => {
      if (c !== null) otherCols[i].push(c);
    });
  }
  return {
    space: { columns, excluded },
    real: { rows: real.rowCount, cols: realCols },
    others: others.map((o, i) => (o.table === null ? null : { rows: o.table.rowCount, cols: otherCols[i] })),
    identifiers,
  };
}

function codeOf(index: Map<string, number>, categories: string[], value: string): number {
  let u = index.get(value);
  if (u === undefined) {
    u = categories.length;
    index.set(value, u);
    categories.push(value);
  }
  return u;
}

/** The rows `rows` of a key table (column arrays copied), in that order. */
export function takeKeyRows(table: KeyTable, rows: ArrayLike<number>): KeyTable {
  const n = rows.length;
  return {
    rows: n,
    cols: table.cols.map((col) => {
      const out = col instanceof Float64Array ? new Float64Array(n) : new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = col[rows[i]];
      return out;
    }),
  };
}

// ---------------------------------------------------------------------------
// Row hashing
// ---------------------------------------------------------------------------

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);


/** 32-bit hash of one row over all columns; equal rows (NaN = NaN, 0 = −0) hash alike. */
export function hashRow(table: KeyTable, row: number): number {
  let h = 0x9747b28c;
  const cols = table.cols;
  for (let c = 0; c < cols.length; c++) {
    const col = cols[c];
    const v = col[row];
    if (col instanceof Int32Array) h = mix(h, v);
    else if (v !== v) h = mix(mix(h, 0x7ff80000), 0);
    else {
      f64[0] = v === 0 ? 0 : v;
      h = mix(mix(h, u32[0]), u32[1]);
    }
  }
  return fmix32(h);
}

/** Whether row `i` of `a` equals row `j` of `b` on every column (missing equals missing; numbers as numbers). */
export function rowsEqual(a: KeyTable, i: number, b: KeyTable, j: number): boolean {
  for (let c = 0; c < a.cols.length; c++) {
    const x = a.cols[c][i];
    const y = b.cols[c][j];
    if (x !== y && !(x !== x && y !== y)) return false;
  }
  return true;
}

/**
 * A hash set of the distinct rows of a key table (open addressing, linear
 * probing), to find whether a row of another table in the same space
 * equals one of them in O(columns) time.
 */
export class RowSet {
  private readonly _slots: Int32Array;
  private readonly _hashes: Int32Array;
  private readonly _mask: number;
  /** Row index of the first occurrence of each distinct row, in row order. */
  readonly distinct: Int32Array;

  constructor(private readonly _table: KeyTable) {
    let size = 16;
    while (size < _table.rows * 2) size *= 2;
    this._slots = new Int32Array(size).fill(-1);
    this._hashes = new Int32Array(size);
    this._mask = size - 1;
    const distinct = new Int32Array(_table.rows);
    let n = 0;
    for (let r = 0; r < _table.rows; r++) {
      const h = hashRow(_table, r);
      let s = h & this._mask;
      let found = false;
      while (this._slots[s] >= 0) {
        if (this._hashes[s] === h && rowsEqual(_table, this._slots[s], _table, r)) {
          found = true;
          break;
        }
        s = (s + 1) & this._mask;
      }
      if (!found) {
        this._slots[s] = r;
        this._hashes[s] = h;
        distinct[n++] = r;
      }
    }
    this.distinct = distinct.slice(0, n);
  }

  /** Index of a row of the set's table equal to row `row` of `other`, or −1. */
  find(other: KeyTable, row: number): number {
    const h = hashRow(other, row);
    let s = h & this._mask;
    while (this._slots[s] >= 0) {
      if (this._hashes[s] === h && rowsEqual(this._table, this._slots[s], other, row)) return this._slots[s];
      s = (s + 1) & this._mask;
    }
    return -1;
  }
}

/** Why the holdout's or the twin's table lacks a column of the real data. */
function missingColumnReason(label: string, column: string): string {
  const name = JSON.stringify(column);
  return label === 'holdout'
    ? t('the holdout data has no column {0}, which the real data has', name)
    : t('the synthetic data has no column {0}, which the real data has', name);
}

/** Why a column cannot be compared: numeric on one side only. */
function kindMismatchReason(label: string, column: string, realNumeric: boolean): string {
  const name = JSON.stringify(column);
  if (label === 'holdout') {
    return realNumeric
      ? t('column {0} is numeric in the real data but not numeric in the holdout data', name)
      : t('column {0} is not numeric in the real data but numeric in the holdout data', name);
  }
  return realNumeric
    ? t('column {0} is numeric in the real data but not numeric in the synthetic data', name)
    : t('column {0} is not numeric in the real data but numeric in the synthetic data', name);
}

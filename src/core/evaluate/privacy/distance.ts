import type { Random } from '../../random';
import type { KeySpace, KeyTable } from './keys';

/**
 * The Gower-style row distance of SDMetrics `dcr_utils` (and, with ranges
 * taken over all inputs, of Anonymeter's `MixedTypeKNeighbors`), with a
 * fast brute-force nearest-neighbour search.
 *
 * distance(a, b) = mean over columns of
 * - numeric/date: min(|a − b| / range, 1); a column whose range is 0 counts
 *   1 when the values differ;
 * - categorical/boolean/text: 0 if equal, else 1;
 * - missing vs missing 0, missing vs a value 1.
 *
 * Rows are encoded once into a row-major Float64Array (numbers pre-scaled
 * to (v − min)/range, codes as numbers), and the search loops columns
 * innermost with an early exit as soon as the partial sum cannot beat the
 * current best (or second best), visiting the most discriminating columns
 * first. Distances inside the search are sums; divide by the number of
 * columns for the mean.
 */

export interface DistanceSpace {
  width: number;
  /** 1: scaled numeric column (contribution min(|a − b|, 1)); 0: compared for equality. */
  numeric: Uint8Array;
  /** Per column: minimum and 1/range of the numeric values (unused for equality columns). */
  min: Float64Array;
  scale: Float64Array;
  /** Per column: its key column is numeric (a constant numeric column is compared for equality). */
  keyNumeric: Uint8Array;
}

/**
 * Scales each numeric column by its range over `rangeFrom` (SDMetrics: the
 * real table; Anonymeter: all inputs together). Numeric columns with range
 * 0 or no values are compared for equality.
 */
export function distanceSpace(space: KeySpace, rangeFrom: readonly KeyTable[]): DistanceSpace {
  const width = space.columns.length;
  const numeric = new Uint8Array(width);
  const keyNumeric = new Uint8Array(width);
  const min = new Float64Array(width);
  const scale = new Float64Array(width);
  for (let c = 0; c < width; c++) {
    if (!space.columns[c].numeric) continue;
    keyNumeric[c] = 1;
    let lo = Infinity;
    let hi = -Infinity;
    for (const t of rangeFrom) {
      const col = t.cols[c];
      for (let i = 0; i < t.rows; i++) {
        const v = col[i];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    if (hi > lo) {
      numeric[c] = 1;
      min[c] = lo;
      scale[c] = 1 / (hi - lo);
    }
  }
  return { width, numeric, min, scale, keyNumeric };
}

/**
 * Encodes rows of a key table (all rows, or `rows`) row-major in the space.
 * Missing scaled numbers stay NaN; missing values of equality-compared
 * numeric columns become −Infinity, so that missing equals missing.
 */
export function encodeRows(ds: DistanceSpace, table: KeyTable, rows: ArrayLike<number> | null): Float64Array {
  const n = rows === null ? table.rows : rows.length;
  const w = ds.width;
  const out = new Float64Array(n * w);
  for (let c = 0; c < w; c++) {
    const col = table.cols[c];
    const isScaled = ds.numeric[c] === 1;
    const isKeyNumeric = ds.keyNumeric[c] === 1;
    const lo = ds.min[c];
    const sc = ds.scale[c];
    for (let i = 0; i < n; i++) {
      const v = col[rows === null ? i : rows[i]];
      out[i * w + c] = isScaled ? (v - lo) * sc : isKeyNumeric && v !== v ? -Infinity : v;
    }
  }
  return out;
}

/** Contribution of one column to the distance of two encoded values. */
export function columnDistance(numeric: boolean, a: number, b: number): number {
  if (!numeric) return a === b ? 0 : 1;
  let d = a - b;
  if (d < 0) d = -d;
  else if (d !== d) return a !== a && b !== b ? 0 : 1;
  return d > 1 ? 1 : d;
}

/**
 * Orders `cols` by their mean contribution over random pairs of encoded rows, largest first, so that the
 * search's partial sums grow fast and exit early.
 */
export function orderColumns(ds: DistanceSpace, encoded: Float64Array, rows: number, cols: ArrayLike<number>, rng: Random): Int32Array {
  const w = ds.width;
  const pairs = Math.min(1000, rows * 2);
  const weight = new Float64Array(w);
  for (let p = 0; p < pairs && rows > 1; p++) {
    const i = rng.int(rows) * w;
    const j = rng.int(rows) * w;
    for (let k = 0; k < cols.length; k++) {
      const c = cols[k];
      weight[c] += columnDistance(ds.numeric[c] === 1, encoded[i + c], encoded[j + c]);
    }
  }
  return Int32Array.from(Array.from(cols).sort((a, b) => weight[b] - weight[a] || a - b));
}

/** Result of a nearest-neighbour search: sums of column contributions. */
export interface Neighbours {
  /** Smallest distance sum, and the index of the first reference row that has it. */
  best: number;
  index: number;
  /** Second smallest distance sum (Infinity with fewer than two reference rows; only from `nearestTwo`). */
  second: number;
}

/** Largest code a signature byte holds (byte = code + 1; 255 is reserved for "matches nothing"). */
const MAX_SIGNATURE_CODE = 253;

/** Number of bytes of `x` that are not zero (SWAR). */
function nonZeroBytes(x: number): number {
  const y = ((((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x) & 0x80808080) >>> 7;
  return Math.imul(y, 0x01010101) >>> 24;
}

/**
 * Brute-force nearest-neighbour search over a fixed reference set and column subset.
 *
 * Speed: up to eight equality-compared columns with small codes (the most discriminating first) are packed four
 * to an Int32 "signature" per reference row; the number of differing bytes of the query's and a row's signatures
 * is a branch-free lower bound on the distance sum, which rejects most rows before their other columns are read.
 * The remaining columns are summed in order of discrimination with an early exit once the partial sum cannot beat
 * the current best (or second best). Exact: the result equals a full scan's (ties go to the first row).
 */
export class NeighbourSearch {
  private readonly _sig: Int32Array[];
  private readonly _sigCols: Int32Array[];
  private readonly _rest: Int32Array;
  private readonly _qsig: Int32Array;

  /** `cols`: the columns to compare, most discriminating first (see `orderColumns`). */
  constructor(
    private readonly _ds: DistanceSpace,
    private readonly _ref: Float64Array,
    private readonly _nRef: number,
    cols: Int32Array,
  ) {
    const w = _ds.width;
    const eligible: number[] = [];
    for (let k = 0; k < cols.length && eligible.length < 8; k++) {
      const c = cols[k];
      if (_ds.numeric[c] === 1) continue;
      let ok = true;
      for (let r = 0; r < _nRef && ok; r++) {
        const v = _ref[r * w + c];
        ok = Number.isInteger(v) && v >= -1 && v <= MAX_SIGNATURE_CODE;
      }
      if (ok) eligible.push(c);
    }
    this._sigCols = [];
    for (let i = 0; i < eligible.length; i += 4) this._sigCols.push(Int32Array.from(eligible.slice(i, i + 4)));
    this._sig = this._sigCols.map((sc) => {
      const sig = new Int32Array(_nRef);
      for (let r = 0; r < _nRef; r++) {
        let x = 0;
        for (let j = 0; j < sc.length; j++) x |= (_ref[r * w + sc[j]] + 1) << (8 * j);
        sig[r] = x;
      }
      return sig;
    });
    this._qsig = new Int32Array(this._sig.length);
    this._rest = Int32Array.from(Array.from(cols).filter((c) => !eligible.includes(c)));
  }

  /** Columns compared (signature and rest). */
  get columnCount(): number {
    return this._rest.length + this._sigCols.reduce((n, s) => n + s.length, 0);
  }

  private _querySignature(query: Float64Array, qo: number): void {
    for (let s = 0; s < this._sigCols.length; s++) {
      const sc = this._sigCols[s];
      let x = 0;
      for (let j = 0; j < sc.length; j++) {
        const v = query[qo + sc[j]];
        // Unused bytes stay 0 on both sides; a value no reference row can hold gets 255 (never equal).
        const b = Number.isInteger(v) && v >= -1 && v <= MAX_SIGNATURE_CODE ? v + 1 : 255;
        x |= b << (8 * j);
      }
      this._qsig[s] = x;
    }
  }

  /** Nearest reference row to row `qi` of `query` (an encoding in the same space). */
  nearestOne(query: Float64Array, qi: number, out: Neighbours): Neighbours {
    return this._search(query, qi, out, false);
  }

  /** Nearest and second-nearest reference rows (for DCR and NNDR). */
  nearestTwo(query: Float64Array, qi: number, out: Neighbours): Neighbours {
    return this._search(query, qi, out, true);
  }

  /**
   * Leave-one-column-out nearest neighbours, for attribute inference with every column as a secret in turn: for
   * each `secrets[j]`, the index of the nearest reference row on all search columns except that one (first row wins
   * ties) goes to `outIndex[j]`. One scan serves every secret: a row can only be nearest without column s if its
   * full distance minus its (≤ 1) contribution on s beats that secret's best, so rows whose partial sum reaches
   * max(best) + 1 are skipped.
   */
  nearestLeaveOneOut(query: Float64Array, qi: number, secrets: Int32Array, outIndex: Int32Array): void {
    const w = this._ds.width;
    const numeric = this._ds.numeric;
    const ref = this._ref;
    const rest = this._rest;
    const m = rest.length;
    const qo = qi * w;
    const ns = secrets.length;
    this._querySignature(query, qo);
    const nSig = this._sig.length;
    const sig0 = nSig > 0 ? this._sig[0] : null;
    const sig1 = nSig > 1 ? this._sig[1] : null;
    const q0 = nSig > 0 ? this._qsig[0] : 0;
    const q1 = nSig > 1 ? this._qsig[1] : 0;
    const best = new Float64Array(ns).fill(Infinity);
    outIndex.fill(-1);
    let bound = Infinity;
    for (let r = 0, ro = 0; r < this._nRef; r++, ro += w) {
      let s = 0;
      if (sig0 !== null) {
        s = nonZeroBytes(sig0[r] ^ q0);
        if (sig1 !== null) s += nonZeroBytes(sig1[r] ^ q1);
        if (s >= bound) continue;
      }
      let k = 0;
      for (; k < m; k++) {
        const c = rest[k];
        const a = query[qo + c];
        const b = ref[ro + c];
        if (numeric[c] === 1) {
          let d = a - b;
          if (d < 0) d = -d;
          else if (d !== d) d = a !== a && b !== b ? 0 : 1;
          s += d > 1 ? 1 : d;
        } else if (a !== b) s += 1;
        if (s >= bound) break;
      }
      if (k < m) continue;
      let worst = 0;
      for (let j = 0; j < ns; j++) {
        const c = secrets[j];
        const d = s - columnDistance(numeric[c] === 1, query[qo + c], ref[ro + c]);
        if (d < best[j]) {
          best[j] = d;
          outIndex[j] = r;
        }
        if (best[j] > worst) worst = best[j];
      }
      bound = worst + 1;
    }
  }

  private _search(query: Float64Array, qi: number, out: Neighbours, two: boolean): Neighbours {
    const w = this._ds.width;
    const numeric = this._ds.numeric;
    const ref = this._ref;
    const rest = this._rest;
    const m = rest.length;
    const qo = qi * w;
    this._querySignature(query, qo);
    const nSig = this._sig.length;
    const sig0 = nSig > 0 ? this._sig[0] : null;
    const sig1 = nSig > 1 ? this._sig[1] : null;
    const q0 = nSig > 0 ? this._qsig[0] : 0;
    const q1 = nSig > 1 ? this._qsig[1] : 0;
    let best = Infinity;
    let second = Infinity;
    let index = -1;
    for (let r = 0, ro = 0; r < this._nRef; r++, ro += w) {
      const bound = two ? second : best;
      let s = 0;
      if (sig0 !== null) {
        s = nonZeroBytes(sig0[r] ^ q0);
        if (sig1 !== null) s += nonZeroBytes(sig1[r] ^ q1);
        if (s >= bound) continue;
      }
      let k = 0;
      for (; k < m; k++) {
        const c = rest[k];
        const a = query[qo + c];
        const b = ref[ro + c];
        if (numeric[c] === 1) {
          let d = a - b;
          if (d < 0) d = -d;
          else if (d !== d) d = a !== a && b !== b ? 0 : 1;
          s += d > 1 ? 1 : d;
        } else if (a !== b) s += 1;
        if (s >= bound) break;
      }
      if (k < m) continue;
      if (two) {
        if (s < best) {
          second = best;
          best = s;
          index = r;
        } else second = s;
        if (second === 0) break;
      } else {
        best = s;
        index = r;
        if (s === 0) break;
      }
    }
    out.best = best;
    out.index = index;
    out.second = second;
    return out;
  }
}

/** Distance (mean over `cols`) between two encoded rows; the reference implementation the search is tested against. */
export function rowDistance(ds: DistanceSpace, a: Float64Array, ai: number, b: Float64Array, bi: number, cols: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < cols.length; k++) {
    const c = cols[k];
    s += columnDistance(ds.numeric[c] === 1, a[ai * ds.width + c], b[bi * ds.width + c]);
  }
  return cols.length === 0 ? 0 : s / cols.length;
}

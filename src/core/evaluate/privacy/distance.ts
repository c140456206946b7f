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

/**
 * Nearest reference row to query row `qi` over the columns `cols` (the first reference row wins ties).
 * `query` and `ref` are encodings of the same space.
 */
export function nearestOne(ds: DistanceSpace, query: Float64Array, qi: number, ref: Float64Array, nRef: number, cols: Int32Array, out: Neighbours): Neighbours {
  const w = ds.width;
  const numeric = ds.numeric;
  const m = cols.length;
  const qo = qi * w;
  let best = Infinity;
  let index = -1;
  for (let r = 0, ro = 0; r < nRef; r++, ro += w) {
    let s = 0;
    let k = 0;
    for (; k < m; k++) {
      const c = cols[k];
      const a = query[qo + c];
      const b = ref[ro + c];
      if (numeric[c] === 1) {
        let d = a - b;
        if (d < 0) d = -d;
        else if (d !== d) d = a !== a && b !== b ? 0 : 1;
        s += d > 1 ? 1 : d;
      } else if (a !== b) s += 1;
      if (s >= best) break;
    }
    if (k === m) {
      best = s;
      index = r;
      if (s === 0) break;
    }
  }
  out.best = best;
  out.index = index;
  out.second = Infinity;
  return out;
}

/** Nearest and second-nearest reference rows to query row `qi` (for DCR and NNDR). */
export function nearestTwo(ds: DistanceSpace, query: Float64Array, qi: number, ref: Float64Array, nRef: number, cols: Int32Array, out: Neighbours): Neighbours {
  const w = ds.width;
  const numeric = ds.numeric;
  const m = cols.length;
  const qo = qi * w;
  let best = Infinity;
  let second = Infinity;
  let index = -1;
  for (let r = 0, ro = 0; r < nRef; r++, ro += w) {
    let s = 0;
    let k = 0;
    for (; k < m; k++) {
      const c = cols[k];
      const a = query[qo + c];
      const b = ref[ro + c];
      if (numeric[c] === 1) {
        let d = a - b;
        if (d < 0) d = -d;
        else if (d !== d) d = a !== a && b !== b ? 0 : 1;
        s += d > 1 ? 1 : d;
      } else if (a !== b) s += 1;
      if (s >= second) break;
    }
    if (k === m) {
      if (s < best) {
        second = best;
        best = s;
        index = r;
      } else second = s;
      if (second === 0) break;
    }
  }
  out.best = best;
  out.index = index;
  out.second = second;
  return out;
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

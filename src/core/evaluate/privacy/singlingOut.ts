import { lowerBound } from '../../math/search';
import { median } from '../../math/describe';
import type { JobContext } from '../../context';
import { throwIfAborted } from '../../errors';
import type { Random } from '../../random';
import type { KeyTable } from './keys';
import { sampleIndices, shuffleInPlace } from './sampling';

/**
 * Anonymeter's singling-out attack (Giomi et al. 2023; statice/anonymeter
 * `evaluators/singling_out_evaluator.py`), written afresh over the shared
 * value space.
 *
 * The attacker writes predicates from the synthetic data that are true for
 * exactly one synthetic record, and succeeds with each one that is true
 * for exactly one real (training) record. The same predicates are checked
 * against the control (holdout) records; a random-predicate attack is the
 * baseline. As in Anonymeter, duplicate rows are dropped from each table
 * first.
 *
 * - univariate: for every column, `col is missing` when exactly one record
 *   is missing, `col <= min` and `col >= max` for numeric/date columns, and
 *   `col == v` for every value v held by exactly one record; shuffled, the
 *   first `nAttacks` that single out a synthetic record are used.
 * - multivariate: conjunctions over `nCols` (3) random columns of a random
 *   synthetic record: `col is missing` for a missing value, `col >= v` when
 *   v exceeds the column's synthetic median else `col <= v` (numeric/date),
 *   `col == v` otherwise; kept when they single out a synthetic record,
 *   until `nAttacks` distinct predicates or `maxAttempts` tries.
 * - control correction: when the control table's size differs from the
 *   training table's, the number of control successes is scaled by
 *   f(n_train)/f(n_control), where f is Anonymeter's model of successes
 *   against population size, fitted on random sub-samples of the control
 *   set (`fit_correction_term`).
 *
 * Comparisons with a missing value are false (polars semantics). Boolean
 * columns are treated as categorical.
 */

/** Predicate operators. */
export const Op = { Eq: 0, Ne: 1, Lt: 2, Gt: 3, Le: 4, Ge: 5, IsNa: 6, NotNa: 7 } as const;
export type Op = (typeof Op)[keyof typeof Op];

/** A conjunction of predicates `col op value`. */
export interface Query {
  cols: number[];
  ops: Op[];
  values: number[];
}

export interface SinglingOutCounts {
  /** Predicates the attacker used (≤ requested). */
  attacks: number;
  /** Of those, true for exactly one training record. */
  success: number;
  /** Random predicates (same count) true for exactly one training record. */
  baseline: number;
  /** Predicates true for exactly one control record, size-corrected; null without control. */
  control: number | null;
}

export interface SinglingOutInput {
  /** Training records, synthetic records, control records (or null), all in one key space, de-duplicated, indexed. */
  ori: QueryIndex;
  syn: QueryIndex;
  control: QueryIndex | null;
  /** Per column: numeric/date (thresholds allowed). */
  numeric: readonly boolean[];
}

function isMissing(col: Float64Array | Int32Array, v: number): boolean {
  return col instanceof Int32Array ? v < 0 : v !== v;
}

function test(op: Op, x: number, v: number, missing: boolean): boolean {
  switch (op) {
    case Op.IsNa:
      return missing;
    case Op.NotNa:
      return !missing;
    case Op.Eq:
      return !missing && x === v;
    case Op.Ne:
      return !missing && x !== v;
    case Op.Lt:
      return !missing && x < v;
    case Op.Gt:
      return !missing && x > v;
    case Op.Le:
      return !missing && x <= v;
    case Op.Ge:
      return !missing && x >= v;
  }
}

/** Whether the query holds for row `r`. */
export function holds(table: KeyTable, q: Query, r: number): boolean {
  for (let k = 0; k < q.cols.length; k++) {
    const col = table.cols[q.cols[k]];
    const x = col[r];
    if (!test(q.ops[k], x, q.values[k], isMissing(col, x))) return false;
  }
  return true;
}

/** Number of rows for which the query holds, counting no further than `limit`. */
export function countMatches(table: KeyTable, q: Query, limit: number): number {
  let count = 0;
  for (let r = 0; r < table.rows; r++) if (holds(table, q, r) && ++count >= limit) return count;
  return count;
}

/**
 * Per-column sorted orders of a key table, so that a conjunction is checked only on the rows its most selective
 * predicate admits (a contiguous range of the sorted order), instead of on every row.
 */
export class QueryIndex {
  private readonly _order: (Int32Array | null)[];
  private readonly _sorted: (Float64Array | null)[];
  private readonly _missing: (Int32Array | null)[];

  constructor(readonly table: KeyTable) {
    const w = table.cols.length;
    this._order = new Array<Int32Array | null>(w).fill(null);
    this._sorted = new Array<Float64Array | null>(w).fill(null);
    this._missing = new Array<Int32Array | null>(w).fill(null);
  }

  private _build(c: number): void {
    if (this._order[c] !== null) return;
    const col = this.table.cols[c];
    const n = this.table.rows;
    const missing: number[] = [];
    let lo = Infinity;
    let hi = -Infinity;
    let integers = true;
    for (let r = 0; r < n; r++) {
      const v = col[r];
      if (isMissing(col, v)) missing.push(r);
      else {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
        if (integers && !Number.isInteger(v)) integers = false;
      }
    }
    const present = n - missing.length;
    const order = new Int32Array(present);
    const bits = Math.max(1, Math.ceil(Math.log2(n + 1)));
    if (present > 0 && integers && hi - lo < 1 << 20) {
      // Counting sort for codes and small-range integers (stable: rows stay in order within a value).
      const start = new Int32Array(hi - lo + 2);
      for (let r = 0; r < n; r++) if (!isMissing(col, col[r])) start[col[r] - lo + 1]++;
      for (let i = 1; i < start.length; i++) start[i] += start[i - 1];
      for (let r = 0; r < n; r++) if (!isMissing(col, col[r])) order[start[col[r] - lo]++] = r;
    } else if (present > 0 && integers && (hi - lo) * 2 ** bits < 2 ** 52) {
      // Integers: sort (value, row) packed into one double with the native typed-array sort.
      const packed = new Float64Array(present);
      let j = 0;
      for (let r = 0; r < n; r++) if (!isMissing(col, col[r])) packed[j++] = (col[r] - lo) * 2 ** bits + r;
      packed.sort();
      for (let i = 0; i < present; i++) order[i] = packed[i] % 2 ** bits;
    } else {
      let j = 0;
      for (let r = 0; r < n; r++) if (!isMissing(col, col[r])) order[j++] = r;
      order.sort((a, b) => col[a] - col[b] || a - b);
    }
    this._order[c] = order;
    this._sorted[c] = Float64Array.from(order, (r) => col[r]);
    this._missing[c] = Int32Array.from(missing);
  }

  /** Rows admitted by one predicate: a slice of an index array, or null for "any row" (≠ and not-missing). */
  private _range(c: number, op: Op, v: number): { rows: Int32Array; from: number; to: number } | null {
    this._build(c);
    const order = this._order[c] as Int32Array;
    const sorted = this._sorted[c] as Float64Array;
    const n = sorted.length;
    switch (op) {
      case Op.IsNa: {
        const m = this._missing[c] as Int32Array;
        return { rows: m, from: 0, to: m.length };
      }
      case Op.Eq:
        return { rows: order, from: lowerBound(sorted, v), to: upperBound(sorted, v) };
      case Op.Le:
        return { rows: order, from: 0, to: upperBound(sorted, v) };
      case Op.Lt:
        return { rows: order, from: 0, to: lowerBound(sorted, v) };
      case Op.Ge:
        return { rows: order, from: lowerBound(sorted, v), to: n };
      case Op.Gt:
        return { rows: order, from: upperBound(sorted, v), to: n };
      default:
        return null;
    }
  }

  /** Visits the rows where the query holds, in no particular order, until `visit` returns false. */
  forEachMatch(q: Query, visit: (row: number) => boolean): void {
    let best: { rows: Int32Array; from: number; to: number } | null = null;
    for (let k = 0; k < q.cols.length; k++) {
      const r = this._range(q.cols[k], q.ops[k], q.values[k]);
      if (r !== null && (best === null || r.to - r.from < best.to - best.from)) best = r;
    }
    if (best === null) {
      for (let r = 0; r < this.table.rows; r++) if (holds(this.table, q, r) && !visit(r)) return;
      return;
    }
    for (let i = best.from; i < best.to; i++) {
      const r = best.rows[i];
      if (holds(this.table, q, r) && !visit(r)) return;
    }
  }

  /** Number of rows where the query holds, counting no further than `limit`. */
  count(q: Query, limit: number): number {
    let n = 0;
    this.forEachMatch(q, () => ++n < limit);
    return n;
  }

  /** Every row where the query holds. */
  matches(q: Query): number[] {
    const out: number[] = [];
    this.forEachMatch(q, (r) => {
      out.push(r);
      return true;
    });
    return out;
  }
}


function upperBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function keyOf(q: Query): string {
  return q.cols.map((c, k) => `${c}|${q.ops[k]}|${q.values[k]}`).join('&');
}

/** Values held by exactly one row of a column, the missing count, and the min/max of numbers. */
function columnCounts(col: Float64Array | Int32Array, rows: number): { unique: number[]; missing: number; min: number; max: number; minCount: number; maxCount: number } {
  const counts = new Map<number, number>();
  let missing = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < rows; i++) {
    const v = col[i];
    if (isMissing(col, v)) {
      missing++;
      continue;
    }
    counts.set(v, (counts.get(v) ?? 0) + 1);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const unique: number[] = [];
  for (const [v, c] of counts) if (c === 1) unique.push(v);
  unique.sort((a, b) => a - b);
  return { unique, missing, min, max, minCount: counts.get(min) ?? 0, maxCount: counts.get(max) ?? 0 };
}

/** Univariate singling-out predicates from the synthetic records (see the module comment). */
export function univariateQueries(syn: KeyTable, numeric: readonly boolean[], nQueries: number, rng: Random): Query[] {
  const candidates: { q: Query; singles: boolean }[] = [];
  for (let c = 0; c < syn.cols.length; c++) {
    const cc = columnCounts(syn.cols[c], syn.rows);
    if (cc.missing === 1) candidates.push({ q: { cols: [c], ops: [Op.IsNa], values: [0] }, singles: true });
    if (numeric[c] && cc.min <= cc.max) {
      // `col <= min` holds for the records at the minimum; it singles out when only one record is there.
      candidates.push({ q: { cols: [c], ops: [Op.Le], values: [cc.min] }, singles: cc.minCount === 1 });
      candidates.push({ q: { cols: [c], ops: [Op.Ge], values: [cc.max] }, singles: cc.maxCount === 1 });
    }
    for (const v of cc.unique) candidates.push({ q: { cols: [c], ops: [Op.Eq], values: [v] }, singles: true });
  }
  shuffleInPlace(candidates, rng);
  const seen = new Set<string>();
  const out: Query[] = [];
  for (const { q, singles } of candidates) {
    if (out.length >= nQueries) break;
    if (!singles) continue;
    const key = keyOf(q);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(q);
  }
  return out;
}

function medianOf(col: Float64Array | Int32Array, rows: number): number {
  const v: number[] = [];
  for (let i = 0; i < rows; i++) if (!isMissing(col, col[i])) v.push(col[i]);
  return median(v);
}

/** k distinct columns of `width`, ascending (partial Fisher–Yates on a reusable scratch permutation). */
function chooseColumns(width: number, k: number, rng: Random, scratch?: Int32Array): number[] {
  const cols = scratch ?? Int32Array.from({ length: width }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(width - i);
    const t = cols[i];
    cols[i] = cols[j];
    cols[j] = t;
  }
  return Array.from(cols.subarray(0, k)).sort((a, b) => a - b);
}

/** Multivariate singling-out predicates built from random synthetic records (see the module comment). */
export function multivariateQueries(
  synIndex: QueryIndex,
  numeric: readonly boolean[],
  nQueries: number,
  nCols: number,
  maxAttempts: number,
  rng: Random,
  ctx: JobContext = {},
): Query[] {
  const syn = synIndex.table;
  const width = syn.cols.length;
  const k = Math.min(nCols, width);
  const medians = syn.cols.map((col, c) => (numeric[c] ? medianOf(col, syn.rows) : NaN));
  const seen = new Set<string>();
  const out: Query[] = [];
  const scratch = Int32Array.from({ length: width }, (_, i) => i);
  for (let attempt = 0; attempt < maxAttempts && out.length < nQueries && syn.rows > 0; attempt++) {
    if ((attempt & 255) === 255) throwIfAborted(ctx.signal);
    const r = rng.int(syn.rows);
    const cols = chooseColumns(width, k, rng, scratch);
    const q: Query = { cols, ops: [], values: [] };
    for (const c of cols) {
      const col = syn.cols[c];
      const v = col[r];
      if (isMissing(col, v)) {
        q.ops.push(Op.IsNa);
        q.values.push(0);
      } else if (numeric[c]) {
        q.ops.push(v > medians[c] ? Op.Ge : Op.Le);
        q.values.push(v);
      } else {
        q.ops.push(Op.Eq);
        q.values.push(v);
      }
    }
    // The record itself satisfies its own predicates, so one more match means it does not single out.
    if (synIndex.count(q, 2) !== 1) continue;
    const key = keyOf(q);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(q);
  }
  return out;
}

/** Anonymeter's baseline: random predicates on `nCols` columns with random values and operators. */
export function randomQueries(syn: KeyTable, numeric: readonly boolean[], nQueries: number, nCols: number, rng: Random): Query[] {
  const width = syn.cols.length;
  const k = Math.min(nCols, width);
  const values = syn.cols.map((col) => {
    const set = new Set<number>();
    let missing = false;
    for (let i = 0; i < syn.rows; i++) {
      if (isMissing(col, col[i])) missing = true;
      else set.add(col[i]);
    }
    const list: (number | null)[] = Array.from(set).sort((a, b) => a - b);
    if (missing) list.push(null);
    return list;
  });
  const out: Query[] = [];
  for (let i = 0; i < nQueries && syn.rows > 0; i++) {
    const cols = chooseColumns(width, k, rng);
    const q: Query = { cols, ops: [], values: [] };
    for (const c of cols) {
      const v = values[c][rng.int(values[c].length)];
      if (v === null) {
        q.ops.push(rng.next() < 0.5 ? Op.IsNa : Op.NotNa);
        q.values.push(0);
      } else {
        q.ops.push(numeric[c] ? ([Op.Eq, Op.Ne, Op.Gt, Op.Lt, Op.Ge, Op.Le] as const)[rng.int(6)] : rng.next() < 0.5 ? Op.Eq : Op.Ne);
        q.values.push(v);
      }
    }
    out.push(q);
  }
  return out;
}

function singlingOutCount(index: QueryIndex, queries: readonly Query[]): number {
  let n = 0;
  for (const q of queries) if (index.count(q, 2) === 1) n++;
  return n;
}

/** Integral of the singling-out probability n·w·(1 − w)^(n−1) over w in [0, wMax] (Cohen & Nissim 2020), as in Anonymeter. */
export function singlingOutProbabilityIntegral(n: number, wMax: number): number {
  return (1 - (n * wMax + 1) * Math.pow(1 - wMax, n)) / (n + 1);
}

/**
 * Anonymeter's control-size correction: the expected number of singling-out successes as a function of the
 * population size, norm·∫₀^w n·w'(1 − w')^(n−1) dw', is fitted by least squares to the successes on random
 * sub-samples of the control set (10 sizes from min(1000, n) to n, 5 repeats each); the ratio of the model at the
 * training size and at the control size multiplies the control successes. For fixed w the best norm is closed
 * form; w is found by a grid over log10 w in [−9, 0] refined by golden-section search.
 */
export function controlCorrection(controlIndex: QueryIndex, queries: readonly Query[], trainingRows: number, rng: Random): number {
  const n = controlIndex.table.rows;
  if (n === 0 || n === trainingRows || queries.length === 0) return 1;
  // Rows matched by each query in the full control set, so each sub-sample is counted without re-scanning.
  const matches = queries.map((q) => controlIndex.matches(q));
  const minRows = Math.min(1000, n);
  const sizes: number[] = [];
  const successes: number[] = [];
  const inSample = new Uint8Array(n);
  for (let m = 0; m < 10; m++) {
    const size = Math.floor(minRows + ((n - minRows) * m) / 9);
    for (let rep = 0; rep < 5; rep++) {
      inSample.fill(0);
      for (const i of sampleIndices(n, size, rng)) inSample[i] = 1;
      let s = 0;
      for (const rows of matches) {
        let c = 0;
        for (let j = 0; j < rows.length && c < 2; j++) c += inSample[rows[j]];
        if (c === 1) s++;
      }
      sizes.push(size);
      successes.push(s);
    }
  }
  if (successes.every((s) => s === 0)) return 1;
  const sse = (w: number): { sse: number; norm: number } => {
    let fy = 0;
    let ff = 0;
    const f = sizes.map((x) => singlingOutProbabilityIntegral(x, w));
    for (let i = 0; i < f.length; i++) {
      fy += f[i] * successes[i];
      ff += f[i] * f[i];
    }
    const norm = ff > 0 ? Math.max(fy / ff, 0) : 0;
    let e = 0;
    for (let i = 0; i < f.length; i++) e += (successes[i] - norm * f[i]) ** 2;
    return { sse: e, norm };
  };
  let bestLog = -9;
  let bestErr = Infinity;
  for (let g = 0; g <= 180; g++) {
    const lw = -9 + (9 * g) / 180;
    const e = sse(10 ** lw).sse;
    if (e < bestErr) {
      bestErr = e;
      bestLog = lw;
    }
  }
  let lo = Math.max(-9, bestLog - 0.05);
  let hi = Math.min(0, bestLog + 0.05);
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 60; it++) {
    const a = hi - phi * (hi - lo);
    const b = lo + phi * (hi - lo);
    if (sse(10 ** a).sse <= sse(10 ** b).sse) hi = b;
    else lo = a;
  }
  const w = 10 ** ((lo + hi) / 2);
  const atTraining = singlingOutProbabilityIntegral(trainingRows, w);
  const atControl = singlingOutProbabilityIntegral(n, w);
  return atControl > 0 ? atTraining / atControl : 1;
}

/**
 * Runs one singling-out attack (univariate or multivariate) and counts successes on the training and control
 * records and for the random baseline. Tables must already be de-duplicated.
 */
export function runSinglingOut(
  input: SinglingOutInput,
  mode: 'univariate' | 'multivariate',
  options: { nAttacks: number; nCols: number; maxAttempts: number },
  rng: Random,
  ctx: JobContext = {},
): SinglingOutCounts & { queries: Query[] } {
  const { ori, syn, control, numeric } = input;
  const queries =
    mode === 'univariate'
      ? univariateQueries(syn.table, numeric, options.nAttacks, rng.fork('queries'))
      : multivariateQueries(syn, numeric, options.nAttacks, options.nCols, options.maxAttempts, rng.fork('queries'), ctx);
  throwIfAborted(ctx.signal);
  const attacks = queries.length;
  const success = singlingOutCount(ori, queries);
  const baselineQueries = randomQueries(syn.table, numeric, attacks, mode === 'univariate' ? 1 : options.nCols, rng.fork('baseline'));
  const baseline = singlingOutCount(ori, baselineQueries);
  let controlCount: number | null = null;
  if (control !== null) {
    controlCount = singlingOutCount(control, queries);
    if (controlCount > 0 && control.table.rows !== ori.table.rows) {
      // A success count cannot exceed the attacks, however far the fitted model extrapolates.
      controlCount = Math.min(controlCount * controlCorrection(control, queries, ori.table.rows, rng.fork('correction')), attacks);
    }
  }
  return { attacks, success, baseline, control: controlCount, queries };
}

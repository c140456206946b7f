import { cramersVOfCells } from '../../math/association';
import type { ColumnData } from '../../schema';
import { alignCategories } from '../columns';
import { extent } from './rangeCoverage';

/** Number of equal-width bins for numeric columns in contingency tables (SDMetrics' `num_discrete_bins`). */
export const CONTINGENCY_BINS = 10;

/**
 * One column of a pair, as small integer codes shared by the real and the
 * synthetic table: a category index or a bin index, with missing as its own
 * last code (`levels − 1`).
 */
export interface PairCodes {
  real: Int32Array;
  synthetic: Int32Array;
  /** Codes run 0..levels − 1; the last one means missing. */
  levels: number;
  /** Bin edges when the column was numeric (inner edges only matter; outer edges are open). */
  edges?: Float64Array;
}

/**
 * Bin edges as SDMetrics builds them (`numpy.histogram_bin_edges(real, bins=10)`, i.e.
 * `linspace(min, max, 11)`; a constant column gets the range min ± 0.5). The outer edges are
 * treated as open (−∞, +∞) when binning.
 */
export function contingencyEdges(realValues: ArrayLike<number>, bins = CONTINGENCY_BINS): Float64Array {
  const e = extent(realValues);
  let lo = e ? e.min : 0;
  let hi = e ? e.max : 1;
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const edges = new Float64Array(bins + 1);
  const step = (hi - lo) / bins;
  for (let i = 0; i <= bins; i++) edges[i] = lo + i * step;
  edges[bins] = hi;
  return edges;
}

/**
 * Bin index of each value (`numpy.digitize` on edges with open outer edges: bin i holds
 * edges[i] ≤ x < edges[i+1]); NaN → `missingCode`.
 */
export function binValues(values: ArrayLike<number>, edges: Float64Array, missingCode: number): Int32Array {
  const bins = edges.length - 1;
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) {
      out[i] = missingCode;
      continue;
    }
    // Smallest b in 1..bins−1 with v < edges[b] gives bin b − 1; none → last bin.
    let lo = 1;
    let hi = bins;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (v < edges[mid]) hi = mid;
      else lo = mid + 1;
    }
    out[i] = lo - 1;
  }
  return out;
}

/**
 * Codes of one table's numeric column as SDMetrics' QualityReport 0.29 makes them
 * (`ColumnPairTrends._discretize_column`): `numpy.histogram_bin_edges` over that table's own
 * values (10 equal bins from its own minimum to its own maximum; a constant column v ± 0.5),
 * then `numpy.digitize`: the code is how many edges lie at or below the value, so the maximum
 * gets a code of its own (11), which missing values (NaN) share. The real and the synthetic
 * table are binned separately: a code means another range in each when their ranges differ.
 */
export function ownRangeCodes(values: ArrayLike<number>, bins = CONTINGENCY_BINS): Int32Array {
  const edges = contingencyEdges(values, bins);
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) { out[i] = edges.length; continue; }
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    out[i] = lo;
  }
  return out;
}

/** {@link ownRangeCodes} of a real/synthetic numeric pair: codes 0..bins + 1 in both. */
export function ownRangePairCodes(real: Float64Array, synthetic: Float64Array, bins = CONTINGENCY_BINS): PairCodes {
  return { real: ownRangeCodes(real, bins), synthetic: ownRangeCodes(synthetic, bins), levels: bins + 2 };
}

/**
 * Codes of a real/synthetic column pair for contingency tables: numeric columns binned into
 * `CONTINGENCY_BINS` equal-width bins on the real range, categories aligned on their union;
 * missing is the last code in both cases.
 */
export function pairCodesOf(real: ColumnData, synthetic: ColumnData): PairCodes {
  if (real.kind === 'number' && synthetic.kind === 'number') {
    const edges = contingencyEdges(real.values);
    const missing = edges.length - 1;
    return { real: binValues(real.values, edges, missing), synthetic: binValues(synthetic.values, edges, missing), levels: missing + 1, edges };
  }
  if (real.kind === 'category' && synthetic.kind === 'category') {
    const a = alignCategories(real, synthetic);
    const missing = a.categories.length;
    const fix = (codes: Int32Array): Int32Array => {
      for (let i = 0; i < codes.length; i++) if (codes[i] < 0) codes[i] = missing;
      return codes;
    };
    return { real: fix(a.real), synthetic: fix(a.synthetic), levels: missing + 1 };
  }
  throw new Error(`pairCodesOf: columns of different kinds (${real.kind}, ${synthetic.kind})`);
}

/** A joint frequency table of two coded columns, dense when small, sparse otherwise. */
interface Joint {
  get(cell: number): number;
  cells(): Iterable<[number, number]>;
}

const DENSE_LIMIT = 1 << 22;

function jointCounts(a: Int32Array, b: Int32Array, lb: number, cellCount: number): Joint {
  if (cellCount <= DENSE_LIMIT) {
    const t = new Float64Array(cellCount);
    for (let i = 0; i < a.length; i++) t[a[i] * lb + b[i]]++;
    return {
      get: (c) => t[c],
      *cells() {
        for (let c = 0; c < t.length; c++) if (t[c] !== 0) yield [c, t[c]];
      },
    };
  }
  const m = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const c = a[i] * lb + b[i];
    m.set(c, (m.get(c) ?? 0) + 1);
  }
  return { get: (c) => m.get(c) ?? 0, cells: () => m.entries() };
}

/**
 * ContingencySimilarity (SDMetrics 0.29, `sdmetrics.column_pairs.ContingencySimilarity`):
 * `1 − ½·Σ|P_real(a,b) − P_syn(a,b)|` over the union of cells of the two joint relative
 * frequency tables, missing kept as a category, numeric columns binned (`pairCodesOf`).
 * Also returns Cramér's V of each table (the trend measure for `scoreTrendPairs`).
 */
export function contingencySimilarity(a: PairCodes, b: PairCodes): { score: number; real: number | null; synthetic: number | null } {
  const cellCount = a.levels * b.levels;
  const jr = jointCounts(a.real, b.real, b.levels, cellCount);
  const js = jointCounts(a.synthetic, b.synthetic, b.levels, cellCount);
  return {
    score: scoreOf(jr, js, a.real.length, a.synthetic.length),
    real: cramersV(jr, a.real.length, a.real, b.real, a.levels, b.levels),
    synthetic: cramersV(js, a.synthetic.length, a.synthetic, b.synthetic, a.levels, b.levels),
  };
}

/** The ContingencySimilarity score alone (no Cramér's V): for a second binning of the same pair. */
export function contingencyScore(a: PairCodes, b: PairCodes): number {
  const cellCount = a.levels * b.levels;
  return scoreOf(jointCounts(a.real, b.real, b.levels, cellCount), jointCounts(a.synthetic, b.synthetic, b.levels, cellCount), a.real.length, a.synthetic.length);
}

/** 1 − ½·Σ|P_real − P_syn| over the union of cells. */
function scoreOf(jr: Joint, js: Joint, nr: number, ns: number): number {
  let tv = 0;
  if (nr === 0 || ns === 0) tv = nr === ns ? 0 : 2;
  else {
    for (const [c, v] of jr.cells()) tv += Math.abs(v / nr - js.get(c) / ns);
    for (const [c, v] of js.cells()) if (jr.get(c) === 0) tv += v / ns;
  }
  return 1 - tv / 2;
}

/**
 * Cramér's V = √(χ²/n / (min(r, c) − 1)) of a joint table (no bias correction), over the
 * rows and columns that occur. Null when either column takes a single value.
 */
function cramersV(joint: Joint, n: number, a: Int32Array, b: Int32Array, la: number, lb: number): number | null {
  if (n === 0) return null;
  const ra = new Float64Array(la);
  const rb = new Float64Array(lb);
  for (let i = 0; i < a.length; i++) {
    ra[a[i]]++;
    rb[b[i]]++;
  }
  const v = cramersVOfCells(cellsOf(joint, lb), ra, rb);
  return Number.isNaN(v) ? null : v;
}

/** The joint table's observed cells as (row, column, count). */
function* cellsOf(joint: Joint, lb: number): Generator<[number, number, number]> {
  for (const [cell, o] of joint.cells()) {
    const i = Math.floor(cell / lb);
    yield [i, cell - i * lb, o];
  }
}

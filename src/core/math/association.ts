/**
 * Pairwise association measures, written once for profile, synth and evaluate. Each follows the
 * reference named on it so that figures match R/SciPy.
 */
import { averageRanks } from './ranks';

/**
 * Pearson's product-moment correlation on the pairs where both values are present (NaN marks a
 * missing value: pairwise complete, as R's `use = "pairwise.complete.obs"`), two-pass for
 * numerical stability. NaN when fewer than `minPairs` complete pairs (at least 2) or either side
 * is constant on them. Arrays of different lengths are paired up to the shorter.
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>, minPairs = 2): number {
  const n = Math.min(x.length, y.length);
  let sx = 0;
  let sy = 0;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i];
    const b = y[i];
    if (a !== a || b !== b) continue;
    sx += a;
    sy += b;
    m++;
  }
  if (m < Math.max(2, minPairs)) return NaN;
  const mx = sx / m;
  const my = sy / m;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i];
    const b = y[i];
    if (a !== a || b !== b) continue;
    const dx = a - mx;
    const dy = b - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (!(sxx > 0) || !(syy > 0)) return NaN;
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r));
}

/** Spearman's rank correlation: Pearson's r of the average ranks (ties as SciPy's `spearmanr`). NaN-free input. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return pearson(averageRanks(x), averageRanks(y));
}

/**
 * Cramér's V (bias-uncorrected, Cramér 1946) from the observed cells of an r×c contingency
 * table and its margins: V = √(φ² / (min(r, c) − 1)) with φ² = χ²/n = Σ O²/(n·E) − 1 =
 * Σ O²/(row·col) − 1 over observed cells, r and c counting the rows and columns with a non-zero
 * total. Only observed cells are visited, so a sparse joint table costs its occupied cells.
 * NaN when fewer than two non-empty rows or columns.
 */
export function cramersVOfCells(
  cells: Iterable<readonly [row: number, col: number, count: number]>, rowTotals: ArrayLike<number>, colTotals: ArrayLike<number>,
): number {
  let r = 0;
  let c = 0;
  for (let i = 0; i < rowTotals.length; i++) if (rowTotals[i] > 0) r++;
  for (let j = 0; j < colTotals.length; j++) if (colTotals[j] > 0) c++;
  const k = Math.min(r, c);
  if (k < 2) return NaN;
  let s = 0;
  for (const [i, j, o] of cells) if (o > 0) s += (o * o) / (rowTotals[i] * colTotals[j]);
  return Math.min(1, Math.sqrt(Math.max(s - 1, 0) / (k - 1)));
}

/** Cramér's V of a dense r×c table of counts, row-major (see {@link cramersVOfCells}). */
export function cramersV(table: ArrayLike<number>, rows: number, cols: number): number {
  const rowSum = new Float64Array(rows);
  const colSum = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = table[i * cols + j];
      rowSum[i] += v;
      colSum[j] += v;
    }
  }
  return cramersVOfCells(denseCells(table, rows, cols), rowSum, colSum);
}

function* denseCells(table: ArrayLike<number>, rows: number, cols: number): Generator<[number, number, number]> {
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) yield [i, j, table[i * cols + j]];
}

/**
 * Correlation ratio η of a numeric variable on a grouping (Pearson 1903):
 * η = √(Σ_g n_g(ȳ_g − ȳ)² / Σ_i (y_i − ȳ)²). `groups[i]` is the group index 0..k−1 of `values[i]`.
 * NaN when the values are constant.
 */
export function correlationRatio(values: ArrayLike<number>, groups: ArrayLike<number>, groupCount: number): number {
  const n = values.length;
  if (n === 0) return NaN;
  const sum = new Float64Array(groupCount);
  const cnt = new Float64Array(groupCount);
  let total = 0;
  for (let i = 0; i < n; i++) {
    sum[groups[i]] += values[i];
    cnt[groups[i]]++;
    total += values[i];
  }
  const mean = total / n;
  let ssTotal = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    ssTotal += d * d;
  }
  if (ssTotal === 0) return NaN;
  let ssBetween = 0;
  for (let g = 0; g < groupCount; g++) {
    if (cnt[g] === 0) continue;
    const d = sum[g] / cnt[g] - mean;
    ssBetween += cnt[g] * d * d;
  }
  return Math.min(1, Math.sqrt(ssBetween / ssTotal));
}

/**
 * Descriptive statistics, written once for profile, synth and evaluate. Definitions follow the
 * standard references named on each function so that figures match R/NumPy/SciPy.
 */

/** Running count, mean and variance by Welford's method (numerically stable, one pass). */
const one = new Float64Array(1);

/** A {@link RunningMoments}' state, as plain data. */
export interface MomentsState { count: number; mean: number; m2: number; min: number; max: number }

export class RunningMoments {
  count = 0;
  mean = 0;
  private m2 = 0;
  min = Infinity;
  max = -Infinity;

  add(x: number): void {
    one[0] = x;
    this.addAt(one, 0);
  }

  /** Adds values[i] (a typed-array slot rather than a double argument: see columnAccumulator's `carried`). */
  addAt(values: Float64Array, i: number): void {
    const x = values[i];
    this.count++;
    const d = x - this.mean;
    this.mean += d / this.count;
    this.m2 += d * (x - this.mean);
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }

  /** The running state (for merging partial profiles). */
  state(): MomentsState {
    return { count: this.count, mean: this.mean, m2: this.m2, min: this.min, max: this.max };
  }

  /**
   * Folds in the moments of another run of values (Chan, Golub & LeVeque's pairwise update):
   * count, min and max exactly; mean and sd equal to the one-run figures up to rounding.
   */
  merge(o: MomentsState): void {
    if (o.count === 0) return;
    if (this.count === 0) {
      this.count = o.count;
      this.mean = o.mean;
      this.m2 = o.m2;
    } else {
      const n = this.count + o.count;
      const d = o.mean - this.mean;
      this.mean += (d * o.count) / n;
      this.m2 += o.m2 + (d * d * this.count * o.count) / n;
      this.count = n;
    }
    if (o.min < this.min) this.min = o.min;
    if (o.max > this.max) this.max = o.max;
  }

  /** Sample standard deviation (n − 1 denominator); 0 for fewer than two values. */
  get sd(): number {
    return this.count > 1 ? Math.sqrt(this.m2 / (this.count - 1)) : 0;
  }
}

/**
 * Quantile of sorted values by linear interpolation between order statistics
 * (Hyndman & Fan type 7: R's default, NumPy's 'linear').
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  if (n === 1) return sorted[0];
  const h = (n - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Median of values sorted ascending (mean of the two middle values for an even count); NaN when empty. */
export function medianSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = n >> 1;
  return n % 2 === 1 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
}

/** Median of values in any order (sorts a copy); NaN when empty. */
export function median(values: ArrayLike<number>): number {
  return medianSorted(Float64Array.from(values).sort());
}

/** Arithmetic mean; NaN when empty. */
export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
}

/** Sample standard deviation (n − 1 denominator, as R's `sd` and pandas' `std`), two-pass; 0 for fewer than two values. */
export function sampleSd(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return 0;
  const m = mean(values);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - m;
    ss += d * d;
  }
  return Math.sqrt(ss / (n - 1));
}

/** Mean (0 when empty) and sample standard deviation of an array, in one pass (Welford). */
export function meanSd(xs: ArrayLike<number>): { mean: number; sd: number } {
  const m = new RunningMoments();
  for (let i = 0; i < xs.length; i++) m.add(xs[i]);
  return { mean: m.mean, sd: m.sd };
}

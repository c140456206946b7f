/**
 * Rare real values are never replayed (DESIGN.md, "Twins"): a value held by fewer than k persons
 * must appear in a twin no more often than chance would put it there. Correlated methods learn
 * empirical marginals from real values, so they draw rare values from smoothed intervals instead:
 * each stretch of rare values between common ones (sorted) is cut into intervals of at least k
 * real values, and a draw that lands on a rare value is spread uniformly over its interval (from
 * the midpoint with the value before to the midpoint with the value after). Every real value in
 * an interval then gets the interval's local density — what a smooth distribution through those
 * k values gives it — however few persons hold it. Common values (k or more persons) are kept
 * exactly: they are what the published distribution shows anyway (point masses, small integers,
 * month starts).
 */
export interface RareIntervals {
  /** Per distinct value (ascending, as `distinct`), its interval's index, or −1 when common. */
  readonly intervalOf: Int32Array;
  /** Per interval: its first and end sorted positions [start, end) and its value range [low, high]. */
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly low: Float64Array;
  readonly high: Float64Array;
}

/**
 * Cuts the rare runs of a sorted column into intervals held by at least `k` persons (a shorter
 * stretch, between two common values or at an end, is one interval of its own).
 * `sorted`: the present values ascending; `firsts`: the first position of each run of equal
 * values, then the length; `holders[g]`: how many persons hold run g's value (rows when rows are
 * not persons). A run held by fewer than k is rare. An interval's persons are counted as the sum
 * over its values (a person holding two of them counts twice: slightly narrower intervals).
 */
export function rareIntervalsOf(sorted: Float64Array, firsts: Int32Array, holders: Int32Array, k: number): RareIntervals {
  const runs = firsts.length - 1;
  const m = sorted.length;
  const intervalOf = new Int32Array(runs).fill(-1);
  const starts: number[] = [];
  const ends: number[] = [];
  for (let g = 0; g < runs;) {
    if (holders[g] >= k) { g++; continue; }
    // A stretch of rare runs g..h−1: greedy intervals of whole runs held by ≥ k persons; a
    // short remainder joins the interval before it.
    let h = g;
    while (h < runs && holders[h] < k) h++;
    const first = starts.length;
    let open = g;
    let held = 0;
    for (let r = g; r < h; r++) {
      held += holders[r];
      if (held < k && r < h - 1) continue;
      if (held < k && starts.length > first) {
        ends[ends.length - 1] = firsts[r + 1];
        intervalOf.fill(starts.length - 1, open, r + 1);
      } else {
        starts.push(firsts[open]);
        ends.push(firsts[r + 1]);
        intervalOf.fill(starts.length - 1, open, r + 1);
      }
      open = r + 1;
      held = 0;
    }
    g = h;
  }
  const count = starts.length;
  const low = new Float64Array(count);
  const high = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    const a = starts[j], b = ends[j];
    low[j] = a > 0 ? (sorted[a - 1] + sorted[a]) / 2 : sorted[a];
    high[j] = b < m ? (sorted[b - 1] + sorted[b]) / 2 : sorted[b - 1];
  }
  return { intervalOf, start: Int32Array.from(starts), end: Int32Array.from(ends), low, high };
}

/**
 * Per run of equal values, the number of distinct persons holding it: rows when there is no
 * person key (`personOf` null), else distinct person codes. `values` per row (NaN missing),
 * `distinct` the ascending distinct present values.
 */
export function holdersPerValue(values: Float64Array, distinct: Float64Array, personOf: Int32Array | null): Int32Array {
  const out = new Int32Array(distinct.length);
  const indexOf = (v: number): number => {
    let lo = 0, hi = distinct.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (distinct[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  if (!personOf) {
    for (let i = 0; i < values.length; i++) if (values[i] === values[i]) out[indexOf(values[i])]++;
    return out;
  }
  // Pairs (value index, person), sorted, counted once each.
  const pairs: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== values[i]) continue;
    pairs.push(indexOf(values[i]) * 0x100000000 + (personOf[i] >>> 0));
  }
  const sortedPairs = Float64Array.from(pairs).sort();
  for (let j = 0; j < sortedPairs.length; j++) {
    if (j > 0 && sortedPairs[j] === sortedPairs[j - 1]) continue;
    out[Math.floor(sortedPairs[j] / 0x100000000)]++;
  }
  return out;
}

/** Distinct values of an ascending array and the first position of each run (then the length). */
export function runsOfSorted(sorted: Float64Array): { distinct: Float64Array; firsts: Int32Array } {
  const distinct: number[] = [];
  const firsts: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) { distinct.push(sorted[i]); firsts.push(i); }
  }
  firsts.push(sorted.length);
  return { distinct: Float64Array.from(distinct), firsts: Int32Array.from(firsts) };
}

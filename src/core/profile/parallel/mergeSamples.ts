import type { Random } from '../../random';

/**
 * Which items of two uniform samples make a uniform sample of at most `capacity` items of both
 * streams: `a` of `lengthA` items from a stream of `seenA`, `b` of `lengthB` from one of `seenB`
 * (each holding min(seen, capacity) items). While both streams together fit, all of both, in
 * stream order — what one reservoir over both streams holds (null: take everything). Past that,
 * the number taken from `a` is hypergeometric (`capacity` draws without replacement from
 * `seenA + seenB` items, `seenA` of them from a) and the items are a uniform choice within each
 * sample: the merge of Vitter-style reservoirs that keeps the result uniform over the union.
 * Returned as ascending indices into each sample (typed, so a 200,000-value reservoir merges
 * without an array of boxed numbers).
 */
export function mergedIndices(lengthA: number, seenA: number, lengthB: number, seenB: number, capacity: number, rng: Random): { a: Int32Array; b: Int32Array } | null {
  if (seenA + seenB <= capacity) return null;
  let fromA = 0;
  let leftA = seenA;
  let left = seenA + seenB;
  for (let i = 0; i < capacity; i++, left--) {
    if (rng.next() * left < leftA) {
      fromA++;
      leftA--;
    }
  }
  fromA = Math.min(fromA, lengthA);
  const fromB = Math.min(capacity - fromA, lengthB);
  const a = choose(lengthA, fromA, rng);
  return { a, b: choose(lengthB, fromB, rng) };
}

/** A uniform sample of two streams from uniform samples of each ({@link mergedIndices}), as items in their original order. */
export function mergeUniformSamples<T>(a: readonly T[], seenA: number, b: readonly T[], seenB: number, capacity: number, rng: Random): T[] {
  const chosen = mergedIndices(a.length, seenA, b.length, seenB, capacity, rng);
  if (!chosen) return [...a, ...b];
  const out: T[] = new Array(chosen.a.length + chosen.b.length);
  let at = 0;
  for (const i of chosen.a) out[at++] = a[i];
  for (const i of chosen.b) out[at++] = b[i];
  return out;
}

/** The same merge for number samples (reservoirs of a column's values). */
export function mergeNumberSamples(a: Float64Array, seenA: number, b: Float64Array, seenB: number, capacity: number, rng: Random): Float64Array {
  const chosen = mergedIndices(a.length, seenA, b.length, seenB, capacity, rng);
  const out = new Float64Array(chosen ? chosen.a.length + chosen.b.length : a.length + b.length);
  if (!chosen) {
    out.set(a);
    out.set(b, a.length);
    return out;
  }
  let at = 0;
  for (let i = 0; i < chosen.a.length; i++) out[at++] = a[chosen.a[i]];
  for (let i = 0; i < chosen.b.length; i++) out[at++] = b[chosen.b[i]];
  return out;
}

/** `k` of the indices 0…n-1 chosen uniformly (partial Fisher–Yates), ascending. */
function choose(n: number, k: number, rng: Random): Int32Array {
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  if (k >= n) return index;
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(n - i);
    const t = index[i];
    index[i] = index[j];
    index[j] = t;
  }
  return index.slice(0, k).sort();
}

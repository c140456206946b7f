import type { Random } from '../../random';

/**
 * A uniform sample of at most `capacity` items of two streams, from uniform samples of each:
 * `a` of `seenA` items and `b` of `seenB` (each holding min(seen, capacity) items). While both
 * streams together fit, the result is their concatenation, in stream order — what one reservoir
 * over both streams holds. Past that, the number taken from `a` is hypergeometric (`capacity`
 * draws without replacement from `seenA + seenB` items, `seenA` of them from a) and the items are
 * a uniform choice within each sample: the merge of Vitter-style reservoirs that keeps the result
 * uniform over the union.
 */
export function mergeUniformSamples<T>(a: readonly T[], seenA: number, b: readonly T[], seenB: number, capacity: number, rng: Random): T[] {
  if (seenA + seenB <= capacity) return [...a, ...b];
  let fromA = 0;
  let leftA = seenA;
  let left = seenA + seenB;
  for (let i = 0; i < capacity; i++, left--) {
    if (rng.next() * left < leftA) {
      fromA++;
      leftA--;
    }
  }
  fromA = Math.min(fromA, a.length);
  const fromB = Math.min(capacity - fromA, b.length);
  return [...choose(a, fromA, rng), ...choose(b, fromB, rng)];
}

/** `k` items of `items` chosen uniformly (partial Fisher–Yates on a copy), in their original order. */
function choose<T>(items: readonly T[], k: number, rng: Random): T[] {
  if (k >= items.length) return [...items];
  const index = items.map((_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(index.length - i);
    const t = index[i];
    index[i] = index[j];
    index[j] = t;
  }
  return index.slice(0, k).sort((x, y) => x - y).map((i) => items[i]);
}

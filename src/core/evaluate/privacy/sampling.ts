import type { Random } from '../../random';

/**
 * `k` distinct indices drawn uniformly from 0..n−1 (partial Fisher–Yates with
 * the injected random source), sorted ascending; all of 0..n−1 when k ≥ n.
 */
export function sampleIndices(n: number, k: number, rng: Random): Int32Array {
  if (k >= n) {
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return all;
  }
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(n - i);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p.slice(0, k).sort();
}

/** Shuffles an array in place (Fisher–Yates) and returns it. */
export function shuffleInPlace<T>(items: T[], rng: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
  return items;
}

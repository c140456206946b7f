/** The murmur3 32-bit finaliser: spreads every input bit over the whole hash (avalanche). Returns a signed 32-bit value. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * One murmur3 32-bit block mix: folds the 32-bit word `k` into the running hash `h`.
 * Shared by the row hashes of the privacy checks and of the correlated generators' unique-row guard.
 */
export function murmurMix(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

import type { Random } from '../random';

/**
 * A seeded pseudo-random bijection of [0, n) onto itself (n ≤ 2^52): a 4-round
 * balanced Feistel network on the smallest even bit width covering n, with cycle
 * walking to stay inside [0, n). Lets a twin hand out unique keys in a shuffled
 * order with O(1) memory, whatever the row count ("sequential, permuted").
 */
export interface Permutation {
  readonly size: number;
  /** The image of i ∈ [0, size). Distinct i give distinct images. */
  at(i: number): number;
}

const MAX_SIZE = 2 ** 52;

/** @throws RangeError when n is not an integer in [1, 2^52]. */
export function createPermutation(n: number, rng: Random): Permutation {
  if (!Number.isInteger(n) || n < 1 || n > MAX_SIZE) throw new RangeError(`permutation size must be an integer in [1, 2^52], got ${n}`);
  let half = 1;
  while (2 ** (2 * half) < n) half++;
  const mod = 2 ** half;
  const mask = mod - 1;
  const keys = [0, 0, 0, 0].map(() => (rng.next() * 4294967296) >>> 0);
  const round = (r: number, key: number): number => {
    // A 32-bit mix (murmur3 finaliser) of the half block and the round key; r < 2^26 fits.
    let h = (r ^ key) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
    return (h >>> 0) & mask;
  };
  const encrypt = (v: number): number => {
    let left = Math.floor(v / mod);
    let right = v % mod;
    for (let k = 0; k < 4; k++) {
      const next = left ^ round(right, keys[k]);
      left = right;
      right = next & mask;
    }
    return left * mod + right;
  };
  return {
    size: n,
    at(i: number): number {
      let v = encrypt(i);
      while (v >= n) v = encrypt(v);
      return v;
    },
  };
}

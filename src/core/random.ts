import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';

/**
 * A seeded random source (xoroshiro128+ from pure-rand). Every generator and
 * sampler takes one of these, never Math.random, so that a seed reproduces a
 * twin byte for byte.
 */
export interface Random {
  /** Uniform in [0, 1), 53 bits. */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller, caching the second value). */
  normal(): number;
  /** An independent stream derived from this one and a label, so adding a column does not shift others. */
  fork(label: string): Random;
}

/** Creates the random source for a seed (any safe integer). */
export function createRandom(seed: number): Random {
  return new XoroshiroRandom(xoroshiro128plus(seed | 0 ^ Math.floor(seed / 2 ** 32)));
}

/**
 * Stream `index` of a family of streams (a twin's batches, each drawn from its own): `rng.fork(label)`
 * then a full 128-bit state with the index stirred into every word by a 32-bit finaliser. A bare
 * fork seeds 32 bits, and xoroshiro128+ seeded with nearby values starts with nearly the same
 * draws (pure-rand's seeding is not mixed), so the first rows of consecutive batches would be alike.
 */
export function forkIndexed(rng: Random, label: string, index: number): Random {
  const parent = rng.fork(label);
  const lo = index % 4294967296;
  const hi = Math.floor(index / 4294967296);
  const state: number[] = [0, 1, 2, 3].map((k) => fmix32((Math.floor(parent.next() * 4294967296) ^ fmix32(lo + Math.imul(k + 1, 0x9e3779b9)) ^ Math.imul(hi, 0x85ebca6b)) | 0));
  if (!state.some((w) => w !== 0)) state[0] = 1; // the one state xoroshiro cannot leave
  return new XoroshiroRandom(xoroshiro128plusFromState(state));
}

/** MurmurHash3's 32-bit finaliser: every input bit flips each output bit with probability about ½. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

class XoroshiroRandom implements Random {
  private _spare: number | null = null;
  constructor(private readonly _gen: ReturnType<typeof xoroshiro128plusFromState>) {}

  next(): number {
    // Two 32-bit draws give 53 random bits.
    const hi = (this._gen.next() >>> 0) >>> 5; // 27 bits
    const lo = (this._gen.next() >>> 0) >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  normal(): number {
    if (this._spare !== null) {
      const v = this._spare;
      this._spare = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this._spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  fork(label: string): Random {
    // FNV-1a of the label mixed with a draw from this stream.
    let h = 0x811c9dc5;
    for (let i = 0; i < label.length; i++) {
      h ^= label.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    const base = this._gen.clone().next();
    return new XoroshiroRandom(xoroshiro128plus((h ^ base) | 0));
  }
}

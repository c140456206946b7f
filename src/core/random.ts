import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

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

class XoroshiroRandom implements Random {
  private _spare: number | null = null;
  constructor(private readonly _gen: ReturnType<typeof xoroshiro128plus>) {}

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

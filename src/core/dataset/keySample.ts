import { HashCounts } from './hashCounts';

/**
 * Rows per distinct value of a key column, kept in bounded memory (issue 15 item 8: profiling
 * memory flat in persons). Up to {@link KEY_SAMPLE_CAPACITY} distinct values every value is kept
 * and every figure is exact; past it, only the values whose hash falls below a rate are kept
 * (the rate halves each time the kept values reach the capacity: "distinct sampling"). The choice
 * is the hash's, so it is the same in every column: a parent key and the child values referencing
 * it are kept or dropped together, and what is kept is a uniform random subset of the distinct
 * values whatever their frequency. Rows per kept value stay exact.
 *
 * Memory: at most `capacity` values, in a table of at most 2 × capacity slots (12 bytes each).
 */
export const KEY_SAMPLE_CAPACITY = 262_144;

/** A 53-bit hash as a number in [0, 1): its high bits, independent of the low bits HashCounts indexes by. */
export function unitOf(h: number): number {
  return h / 9007199254740992;
}

export class KeySample {
  private counts = new HashCounts();
  /** Share of the hash space kept: 1 (every value, exact) or 2⁻ⁿ. */
  rate = 1;

  constructor(readonly capacity = KEY_SAMPLE_CAPACITY) {
    if (!(capacity >= 2)) throw new Error('KeySample: capacity must be at least 2');
  }

  /** Whether a value with this hash is in the kept part of the hash space. */
  keeps(h: number): boolean {
    return this.rate === 1 || unitOf(h) < this.rate;
  }

  /** Adds one row with this hash; returns the value's rows so far, or 0 when the value is not kept. */
  increment(h: number): number {
    if (!this.keeps(h)) return 0;
    const n = this.counts.increment(h);
    if (this.counts.size >= this.capacity) {
      this.halve();
      return this.keeps(h) ? n : 0;
    }
    return n;
  }

  /** Values kept. */
  get size(): number {
    return this.counts.size;
  }

  /** Distinct values of the column: exact at rate 1, else estimated (kept ÷ rate). */
  get distinct(): number {
    return this.rate === 1 ? this.counts.size : Math.round(this.counts.size / this.rate);
  }

  /** Bytes held by the table (the bound this structure exists for). */
  get bytes(): number {
    return this.counts.bytes;
  }

  get(h: number): number | undefined {
    return this.counts.get(h);
  }

  has(h: number): boolean {
    return this.counts.has(h);
  }

  keys(): IterableIterator<number> {
    return this.counts.keys();
  }

  entries(): IterableIterator<[number, number]> {
    return this.counts.entries();
  }

  private halve(): void {
    while (this.counts.size >= this.capacity) {
      this.rate /= 2;
      const old = this.counts;
      this.counts = new HashCounts();
      for (const [h, c] of old.entries()) if (unitOf(h) < this.rate) this.counts.set(h, c);
    }
  }
}

/**
 * Share of a child column's distinct values found among a parent's, over the part of the hash
 * space both keep (exact when both kept every value; else an estimate from a uniform random subset).
 */
export function sampledInclusion(child: KeySample, parent: KeySample): number {
  const rate = Math.min(child.rate, parent.rate);
  let seen = 0;
  let found = 0;
  for (const h of child.keys()) {
    if (rate < 1 && unitOf(h) >= rate) continue;
    seen++;
    if (parent.has(h)) found++;
  }
  return seen === 0 ? 0 : found / seen;
}

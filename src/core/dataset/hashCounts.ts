/**
 * Rows per distinct value of a key column, by the value's 53-bit hash (`scanKeys`): an
 * open-addressing table in two typed arrays (about 24 bytes per value at most half full), where a
 * `Map<number, number>` of hashes beyond the small-integer range costs two to three times that.
 * The key pass holds one per key column of every table, so this is what a large dataset's memory
 * is made of. Implements the part of `ReadonlyMap` discovery reads.
 */
export class HashCounts {
  /** Hash + 1 (0: empty slot); hashes are integers in [0, 2⁵³), so h + 1 is exact. */
  private slots: Float64Array;
  private counts: Uint32Array;
  private used = 0;

  constructor(capacity = 1024) {
    let n = 16;
    while (n < capacity * 2) n *= 2;
    this.slots = new Float64Array(n);
    this.counts = new Uint32Array(n);
  }

  get size(): number {
    return this.used;
  }

  /** Bytes of the two arrays. */
  get bytes(): number {
    return this.slots.byteLength + this.counts.byteLength;
  }

  /** Adds one row with this hash; returns the hash's rows so far. */
  increment(h: number): number {
    const i = this.find(h);
    if (this.slots[i] === 0) {
      this.slots[i] = h + 1;
      this.used++;
      this.counts[i] = 1;
      if (this.used * 2 > this.slots.length) this.grow();
      return 1;
    }
    return ++this.counts[i];
  }

  set(h: number, count: number): this {
    const i = this.find(h);
    if (this.slots[i] === 0) {
      this.slots[i] = h + 1;
      this.used++;
      this.counts[i] = count;
      if (this.used * 2 > this.slots.length) this.grow();
    } else {
      this.counts[i] = count;
    }
    return this;
  }

  get(h: number): number | undefined {
    const i = this.find(h);
    return this.slots[i] === 0 ? undefined : this.counts[i];
  }

  has(h: number): boolean {
    return this.slots[this.find(h)] !== 0;
  }

  *keys(): IterableIterator<number> {
    for (let i = 0; i < this.slots.length; i++) if (this.slots[i] !== 0) yield this.slots[i] - 1;
  }

  *entries(): IterableIterator<[number, number]> {
    for (let i = 0; i < this.slots.length; i++) if (this.slots[i] !== 0) yield [this.slots[i] - 1, this.counts[i]];
  }

  /** The slot holding h, or the empty slot where it would go (linear probing). */
  private find(h: number): number {
    const mask = this.slots.length - 1;
    // The hash's low 32 bits are well mixed (scanKeys.hash53).
    let i = (h % 4294967296) & mask;
    const stored = h + 1;
    while (this.slots[i] !== 0 && this.slots[i] !== stored) i = (i + 1) & mask;
    return i;
  }

  private grow(): void {
    const slots = this.slots;
    const counts = this.counts;
    this.slots = new Float64Array(slots.length * 2);
    this.counts = new Uint32Array(slots.length * 2);
    this.used = 0;
    for (let i = 0; i < slots.length; i++) {
      if (slots[i] !== 0) this.set(slots[i] - 1, counts[i]);
    }
  }
}

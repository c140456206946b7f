import { fmix32 } from '../math/hash';
import type { Random } from '../random';
import { sortNumbers } from '../math/ranks';

/**
 * Streaming sketches with bounded memory: a HyperLogLog distinct counter and
 * skip-based reservoir samplers. Each costs O(1) per value and never allocates
 * in the per-value path.
 */

/** 32-bit hash of a string: FNV-1a over UTF-16 code units, then the murmur3 finaliser for avalanche. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h) >>> 0;
}

/**
 * HyperLogLog distinct-count estimator (Flajolet, Fusy, Gandouet, Meunier 2007) with
 * 2^14 registers (standard error ≈ 1.04/√16384 ≈ 0.8%), the small-range linear-counting
 * correction and the 32-bit large-range correction.
 */
export class HyperLogLog {
  private static readonly P = 14;
  private readonly registers = new Uint8Array(1 << HyperLogLog.P);

  /** Adds a 32-bit hash (see {@link hashString}). */
  addHash(hash: number): void {
    const p = HyperLogLog.P;
    const idx = hash >>> (32 - p);
    const rest = (hash << p) | (1 << (p - 1)); // sentinel bit bounds the run of zeros
    const rank = Math.clz32(rest) + 1;
    if (rank > this.registers[idx]) this.registers[idx] = rank;
  }

  add(s: string): void {
    this.addHash(hashString(s));
  }

  /** A copy of the registers (a partial profile's sketch, merged by {@link mergeRegisters}). */
  copyRegisters(): Uint8Array {
    return this.registers.slice();
  }

  /** The union with another sketch of the same size: the register-wise maximum (the paper's merge). */
  mergeRegisters(other: Uint8Array): void {
    const r = this.registers;
    for (let i = 0; i < r.length; i++) if (other[i] > r[i]) r[i] = other[i];
  }

  /** Adds the number values[i] (by {@link hashNumber}). */
  addNumberAt(values: Float64Array, i: number): void {
    this.addHash(hashNumber(values[i]));
  }

  /** The estimated number of distinct values added. */
  estimate(): number {
    const m = this.registers.length;
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < m; i++) {
      const r = this.registers[i];
      sum += 2 ** -r;
      if (r === 0) zeros++;
    }
    const alpha = 0.7213 / (1 + 1.079 / m);
    let e = (alpha * m * m) / sum;
    if (e <= 2.5 * m && zeros > 0) e = m * Math.log(m / zeros);
    else if (e > 2 ** 32 / 30) e = -(2 ** 32) * Math.log(1 - e / 2 ** 32);
    return Math.round(e);
  }
}

/**
 * Skip counter for reservoir sampling by Li's Algorithm L (ACM TOMS 20(4), 1994): after
 * the reservoir of size k is full, draws how many items to pass over before the next
 * replacement, so random numbers are needed only O(k·log(n/k)) times.
 */
export class ReservoirSkipper {
  private w = 1;
  /** 0-based index of the next item to enter the reservoir once it is full. */
  next: number;
  seen = 0;

  constructor(readonly capacity: number, private readonly rng: Random) {
    this.next = capacity > 0 ? capacity + this.advance() : capacity;
  }

  /**
   * Call once per item; returns the slot to write the item into, or -1 to drop it.
   * While the reservoir fills, the slot is the item's own index.
   */
  offer(): number {
    const i = this.seen++;
    if (i < this.capacity) return i;
    if (this.capacity === 0) return -1;
    if (i !== this.next) return -1;
    const slot = this.rng.int(this.capacity);
    this.next = i + 1 + this.advance();
    return slot;
  }

  /**
   * Draws the next weight w and returns how many items to pass over. The uniform draws in
   * (0, 1] are written out rather than taken from a helper: a double returned from a call V8
   * does not inline is boxed, one allocation per draw on this per-replacement path.
   */
  private advance(): number {
    this.w *= Math.exp(Math.log(1 - this.rng.next()) / this.capacity);
    const s = Math.floor(Math.log(1 - this.rng.next()) / Math.log(1 - this.w));
    return Number.isFinite(s) && s > 0 ? s : 0;
  }
}

/** A uniform sample of numbers of bounded size (exact while fewer than `capacity` values were offered). */
export class NumberReservoir {
  private buf: Float64Array;
  private readonly skipper: ReservoirSkipper;
  private size = 0;

  constructor(readonly capacity: number, rng: Random) {
    // Starts small (a wide file holds one per column) and doubles as slots fill.
    this.buf = new Float64Array(Math.min(capacity, 64));
    this.skipper = new ReservoirSkipper(capacity, rng);
  }

  add(v: number): void {
    const slot = this.skipper.offer();
    if (slot >= 0) this.store(slot, v);
  }

  /** Offers one value: the slot to {@link store} it in, or -1 to drop it. */
  offer(): number {
    return this.skipper.offer();
  }

  /** Stores a value in the slot {@link offer} gave. */
  store(slot: number, v: number): void {
    if (slot >= this.buf.length) {
      const bigger = new Float64Array(Math.min(this.capacity, this.buf.length * 2));
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[slot] = v;
    if (slot >= this.size) this.size = slot + 1;
  }

  /** The held values, in slot order (a copy). */
  held(): Float64Array {
    return this.buf.slice(0, this.size);
  }

  /** Replaces the held values by a merged sample of `seen` offered values (merges of partial profiles). */
  load(values: Float64Array, seen: number): void {
    this.buf = values.slice();
    this.size = values.length;
    this.skipper.seen = seen;
  }

  /** Values offered so far. */
  get seen(): number { return this.skipper.seen; }
  /** Whether every value offered is held (no sampling happened). */
  get exact(): boolean { return this.skipper.seen <= this.capacity; }
  /** The held values (a copy, sorted ascending). */
  sorted(): Float64Array {
    return sortNumbers(this.buf.slice(0, this.size));
  }
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** 32-bit hash of a number's value (0 and −0 equal), from its IEEE-754 bits and the murmur3 finaliser. */
export function hashNumber(v: number): number {
  f64[0] = v + 0; // −0 + 0 is +0
  const h = u32[0] ^ Math.imul(u32[1], 0x9e3779b1);
  return fmix32(h) >>> 0;
}

const oneNumber = new Float64Array(1);

/** Distinct values held in the hash table before a dense index is considered (small tables are fast anyway). */
const DENSE_AFTER = 64;
/** Largest span of scaled keys a dense index may cover: at most two Int32Arrays of this length (2 MB). */
export const DENSE_MAX_SPAN = 1 << 18;
/** Hash slots a number counter starts with: room for DENSE_AFTER values at half load. */
const INITIAL_SLOTS = 2 * DENSE_AFTER;
const MS_PER_DAY = 86_400_000;

function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/**
 * Exact counts of distinct numbers, with each value's first spelling and first-seen order.
 *
 * Values are held in an open-addressing hash table in one typed array (key and count side by
 * side, so a lookup touches one cache line; no allocation per value, where a `Map` keyed by
 * doubles boxes every key). Once {@link DENSE_AFTER} distinct values are held and they are all
 * k·div/mul for integers k in a bounded span (integers, decimals with up to 6 places, whole
 * days in ms), values of that form are counted in a dense array indexed by k instead: a few
 * bytes per possible value rather than ~50 per held value, so the lookups of columns with
 * thousands of distinct values stay in cache. A value is in the dense array exactly when it is
 * representable (k·div/mul reproduces it bit for bit, so the mapping is one-to-one) and k lies
 * in the dense range; every other value is in the hash table.
 */
export class NumberCounter {
  /** [key, count] per slot; count 0 marks an empty slot. Starts small (wide files have thousands of counters) and doubles. */
  private table = new Float64Array(2 * INITIAL_SLOTS);
  /** Insertion index of each slot's value. */
  private order = new Int32Array(INITIAL_SLOTS);
  private hashSize = 0;
  private readonly spellingList: string[] = [];
  /** Distinct values held. */
  size = 0;

  private denseDecided = false;
  private denseMul = 1;
  private denseDiv = 1;
  private denseBase = 0;
  /** Count per k − denseBase (0: not held); counts fit in 32 bits below 2^31 rows. */
  private denseCounts: Int32Array | null = null;
  private denseOrder: Int32Array | null = null;

  /**
   * `maxDenseSpan`: the widest dense index (a power of two); smaller when many columns are
   * counted at once (profileDataset), so a wide file's dense indices stay within one budget.
   * Counts are exact either way: values outside the dense index are in the hash table.
   */
  constructor(private readonly maxDenseSpan = DENSE_MAX_SPAN) {}

  /** Counts one more occurrence of `v` if it is already held; false when it is new. */
  increment(v: number): boolean {
    oneNumber[0] = v;
    return this.incrementAt(oneNumber, 0);
  }

  /**
   * {@link increment} of values[i]: the per-cell form, as a typed-array slot, because V8 boxes a
   * double passed to a call it does not inline.
   */
  incrementAt(values: Float64Array, i0: number): boolean {
    const v = values[i0];
    const dc = this.denseCounts;
    if (dc !== null) {
      const mul = this.denseMul;
      const div = this.denseDiv;
      const k = Math.round((v * mul) / div);
      const i = k - this.denseBase;
      if (i >= 0 && i < dc.length && (k * div) / mul === v) {
        const c = dc[i];
        if (c === 0) return false;
        dc[i] = c + 1;
        return true;
      }
    }
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    let i = hashNumber(v) & mask;
    for (;;) {
      const c = table[2 * i + 1];
      if (c === 0) return false;
      if (table[2 * i] === v) {
        table[2 * i + 1] = c + 1;
        return true;
      }
      i = (i + 1) & mask;
    }
  }

  /** Whether value v is held. */
  has(v: number): boolean {
    const dc = this.denseCounts;
    if (dc !== null) {
      const k = Math.round((v * this.denseMul) / this.denseDiv);
      const i = k - this.denseBase;
      if (i >= 0 && i < dc.length && (k * this.denseDiv) / this.denseMul === v) return dc[i] !== 0;
    }
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    for (let i = hashNumber(v) & mask; table[2 * i + 1] !== 0; i = (i + 1) & mask) if (table[2 * i] === v) return true;
    return false;
  }

  /** Adds `count` to a value's count, inserting it (with this spelling) when not held: merges of partial profiles. */
  addCount(v: number, spelling: string, count: number): void {
    const dc = this.denseCounts;
    if (dc !== null) {
      const k = Math.round((v * this.denseMul) / this.denseDiv);
      const i = k - this.denseBase;
      if (i >= 0 && i < dc.length && (k * this.denseDiv) / this.denseMul === v && dc[i] !== 0) {
        dc[i] += count;
        return;
      }
    }
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    for (let i = hashNumber(v) & mask; table[2 * i + 1] !== 0; i = (i + 1) & mask) {
      if (table[2 * i] === v) {
        table[2 * i + 1] += count;
        return;
      }
    }
    this.insert(v, spelling, count);
  }

  /** Adds a value not yet held, with count `count` (≥ 1). */
  insert(v: number, spelling: string, count = 1): void {
    const index = this.size++;
    this.spellingList.push(spelling);
    if (this.denseCounts !== null) {
      const k = Math.round((v * this.denseMul) / this.denseDiv);
      if ((k * this.denseDiv) / this.denseMul === v && this.cover(k)) {
        const i = k - this.denseBase;
        (this.denseCounts as Int32Array)[i] = count;
        (this.denseOrder as Int32Array)[i] = index;
        return;
      }
    }
    this.hashInsert(v, count, index);
    if (!this.denseDecided && this.hashSize >= DENSE_AFTER) this.decideDense();
  }

  /** Values with counts and first spellings, in first-seen order. */
  entries(): { value: number; count: number; spelling: string }[] {
    const out: { value: number; count: number; spelling: string }[] = new Array(this.size);
    const table = this.table;
    const slots = table.length >> 1;
    for (let i = 0; i < slots; i++) {
      const c = table[2 * i + 1];
      if (c !== 0) out[this.order[i]] = { value: table[2 * i], count: c, spelling: this.spellingList[this.order[i]] };
    }
    const dc = this.denseCounts;
    const dor = this.denseOrder;
    if (dc !== null && dor !== null) {
      for (let i = 0; i < dc.length; i++) {
        const c = dc[i];
        if (c === 0) continue;
        // The same expression that admitted the value reproduces it exactly.
        const value = ((this.denseBase + i) * this.denseDiv) / this.denseMul;
        out[dor[i]] = { value, count: c, spelling: this.spellingList[dor[i]] };
      }
    }
    return out;
  }

  /** Forgets every value. */
  clear(): void {
    this.table = new Float64Array(2 * INITIAL_SLOTS);
    this.order = new Int32Array(INITIAL_SLOTS);
    this.hashSize = 0;
    this.spellingList.length = 0;
    this.size = 0;
    this.denseDecided = false;
    this.denseMul = 1;
    this.denseDiv = 1;
    this.denseBase = 0;
    this.denseCounts = null;
    this.denseOrder = null;
  }

  private hashInsert(v: number, count: number, index: number): void {
    if ((this.hashSize + 1) * 2 > this.table.length >> 1) this.rehash(this.table.length); // twice the slots
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    let i = hashNumber(v) & mask;
    while (table[2 * i + 1] !== 0) i = (i + 1) & mask;
    table[2 * i] = v;
    table[2 * i + 1] = count;
    this.order[i] = index;
    this.hashSize++;
  }

  /**
   * Rebuilds the hash table with `slots` slots (a power of two), leaving out the values the
   * dense array now holds.
   */
  private rehash(slots: number): void {
    const old = this.table;
    const oldOrder = this.order;
    const table = new Float64Array(2 * slots);
    const order = new Int32Array(slots);
    const mask = slots - 1;
    let held = 0;
    for (let j = 0; j < old.length >> 1; j++) {
      const c = old[2 * j + 1];
      if (c === 0) continue;
      const v = old[2 * j];
      if (this.moveToDense(v, c, oldOrder[j])) continue;
      let i = hashNumber(v) & mask;
      while (table[2 * i + 1] !== 0) i = (i + 1) & mask;
      table[2 * i] = v;
      table[2 * i + 1] = c;
      order[i] = oldOrder[j];
      held++;
    }
    this.table = table;
    this.order = order;
    this.hashSize = held;
  }

  /** Puts a hash-table value into the dense array if it belongs there (representable, in range). */
  private moveToDense(v: number, count: number, index: number): boolean {
    const dc = this.denseCounts;
    if (dc === null) return false;
    const k = Math.round((v * this.denseMul) / this.denseDiv);
    const i = k - this.denseBase;
    if (!(i >= 0 && i < dc.length && (k * this.denseDiv) / this.denseMul === v)) return false;
    dc[i] = count;
    (this.denseOrder as Int32Array)[i] = index;
    return true;
  }

  /**
   * Chooses the dense scale from the values held so far (whole days, integers, or the fewest
   * decimal places that reproduce every one of them) and moves them into a dense array around
   * their span; no dense array when none fits.
   */
  private decideDense(): void {
    this.denseDecided = true;
    const table = this.table;
    const slots = table.length >> 1;
    const fits = (mul: number, div: number): boolean => {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < slots; i++) {
        if (table[2 * i + 1] === 0) continue;
        const v = table[2 * i];
        const k = Math.round((v * mul) / div);
        if (!Number.isSafeInteger(k) || (k * div) / mul !== v) return false;
        if (k < lo) lo = k;
        if (k > hi) hi = k;
      }
      if (hi - lo + 1 > this.maxDenseSpan) return false;
      const length = Math.min(this.maxDenseSpan, nextPowerOfTwo(2 * (hi - lo + 1)));
      this.denseMul = mul;
      this.denseDiv = div;
      this.denseBase = lo - Math.floor((length - (hi - lo + 1)) / 2);
      this.denseCounts = new Int32Array(length);
      this.denseOrder = new Int32Array(length);
      return true;
    };
    let ok = fits(1, MS_PER_DAY);
    for (let d = 0; !ok && d <= 6; d++) ok = fits(POW10_6[d], 1);
    if (ok) this.rehash(slots);
  }

  /**
   * Widens the dense range to take in k when the span stays within {@link DENSE_MAX_SPAN}
   * (moving hash-table values that fall in the new range across); false when it cannot.
   */
  private cover(k: number): boolean {
    const dc = this.denseCounts as Int32Array;
    const base = this.denseBase;
    if (k >= base && k < base + dc.length) return true;
    if (!Number.isSafeInteger(k)) return false;
    const lo = Math.min(base, k);
    const hi = Math.max(base + dc.length - 1, k);
    if (hi - lo + 1 > this.maxDenseSpan) return false;
    const length = Math.min(this.maxDenseSpan, nextPowerOfTwo(2 * (hi - lo + 1)));
    // Grow towards k, keeping the other end, so repeated growth in one direction stays cheap.
    const newBase = k < base ? hi - length + 1 : lo;
    const counts = new Int32Array(length);
    const order = new Int32Array(length);
    counts.set(dc, base - newBase);
    order.set(this.denseOrder as Int32Array, base - newBase);
    this.denseBase = newBase;
    this.denseCounts = counts;
    this.denseOrder = order;
    if (this.hashSize > 0) this.rehash(this.table.length >> 1);
    return true;
  }
}

const POW10_6 = [1, 10, 100, 1000, 10000, 100000, 1000000];

/**
 * 32-bit hash of the bytes `b[start, end)`: FNV-1a and the murmur3 finaliser, as {@link hashString}
 * (so ASCII text hashes the same either way). Sets {@link lastHashNonAscii}.
 */
export function hashBytes(b: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  let high = 0;
  for (let i = start; i < end; i++) {
    const c = b[i];
    high |= c;
    h ^= c;
    h = Math.imul(h, 0x01000193);
  }
  lastHashNonAscii = high >= 0x80;
  return fmix32(h) >>> 0;
}

/** Whether the bytes last given to {@link hashBytes} held any non-ASCII byte (then length in characters differs). */
export let lastHashNonAscii = false;

/** Key slots per held key at most (load factor ½). */
const TEXT_LOAD = 2;

/**
 * Exact counts of distinct texts keyed by their UTF-8 bytes, in first-seen order: the text
 * counterpart of {@link NumberCounter}. Keys live in one byte arena and an open-addressing table
 * of key indexes, so counting a cell needs no string at all (a `Map<string, …>` needs one per
 * cell, and hashes it again); a key's text is decoded once, when it is first seen.
 */
export class TextCounter {
  /** Key index + 1 per slot; 0 marks an empty slot. */
  private slots = new Int32Array(256);
  private hashes = new Int32Array(64);
  private starts = new Int32Array(64);
  private lengths = new Int32Array(64);
  /** Each key's length in characters (UTF-16 code units). */
  private textLengths = new Int32Array(64);
  private arena: Uint8Array = new Uint8Array(4096);
  private arenaUsed = 0;
  private readonly texts: string[] = [];
  counts = new Int32Array(64);
  /** Distinct keys held. */
  size = 0;

  /**
   * The index of the key equal to `b[start, end)` (whose {@link hashBytes} is `hash`), or -1.
   */
  find(b: Uint8Array, start: number, end: number, hash: number): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    const len = end - start;
    const arena = this.arena;
    let i = hash & mask;
    for (;;) {
      const k = slots[i] - 1;
      if (k < 0) return -1;
      if (this.hashes[k] === (hash | 0) && this.lengths[k] === len) {
        let at = this.starts[k];
        let j = start;
        while (j < end && arena[at] === b[j]) { at++; j++; }
        if (j === end) return k;
      }
      i = (i + 1) & mask;
    }
  }

  /** Adds a key not held yet, with its text and count; returns its index. */
  insert(b: Uint8Array, start: number, end: number, hash: number, text: string, count: number): number {
    const k = this.size++;
    if (k === this.counts.length) this.growKeys();
    const len = end - start;
    if (this.arenaUsed + len > this.arena.length) {
      const bigger = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + len));
      bigger.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = bigger;
    }
    this.arena.set(b.subarray(start, end), this.arenaUsed);
    this.starts[k] = this.arenaUsed;
    this.lengths[k] = len;
    this.arenaUsed += len;
    this.hashes[k] = hash | 0;
    this.counts[k] = count;
    this.textLengths[k] = text.length;
    this.texts.push(text);
    if (this.size * TEXT_LOAD > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(k);
    return k;
  }

  /** Whether key k is `b[start, end)`. */
  equals(k: number, b: Uint8Array, start: number, end: number): boolean {
    if (this.lengths[k] !== end - start) return false;
    const arena = this.arena;
    let at = this.starts[k];
    for (let j = start; j < end; j++, at++) if (arena[at] !== b[j]) return false;
    return true;
  }

  /** The length of key k's text in characters. */
  textLength(k: number): number {
    return this.textLengths[k];
  }

  /** The text of key k. */
  text(k: number): string {
    return this.texts[k];
  }

  /** The {@link hashBytes} of key k. */
  hash(k: number): number {
    return this.hashes[k] >>> 0;
  }

  /** Texts with counts, in first-seen order. */
  entries(): { text: string; count: number }[] {
    const out: { text: string; count: number }[] = new Array(this.size);
    for (let k = 0; k < this.size; k++) out[k] = { text: this.texts[k], count: this.counts[k] };
    return out;
  }

  private place(k: number): void {
    const slots = this.slots;
    const mask = slots.length - 1;
    let i = this.hashes[k] & mask;
    while (slots[i] !== 0) i = (i + 1) & mask;
    slots[i] = k + 1;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    for (let k = 0; k < this.size; k++) this.place(k);
  }

  private growKeys(): void {
    const n = this.counts.length * 2;
    const grow = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
      const bigger = new Int32Array(n);
      bigger.set(a);
      return bigger;
    };
    this.hashes = grow(this.hashes);
    this.starts = grow(this.starts);
    this.lengths = grow(this.lengths);
    this.counts = grow(this.counts);
    this.textLengths = grow(this.textLengths);
  }
}

import { hashNumber } from '../profile/sketches';
import { fmix32 } from '../math/hash';

/**
 * Many small sets of 32-bit person hashes, each capped at `cap` members (only "≥ cap or not"
 * matters to a threshold), kept in one growing arena instead of a Set object each: a set starts
 * with room for two and doubles up to the cap, so a column whose values mostly belong to one or
 * two persons costs a few bytes a value, not a Set (hundreds of bytes and a garbage-collected
 * object) — the person pass held 200,000 Sets per number column before. A set's size, place and
 * first member sit together in one 16-byte record, so adding to a set of one (most values of a
 * measurement) touches one cache line: with 200,000 sets per column, memory, not arithmetic, is
 * what the person pass waits for.
 */
export class CappedSets {
  /** Later members (the second on) of every set; a set's run of them moves to the end as it grows. */
  private members = new Int32Array(1024);
  private used = 0;
  /** Per set: [size, start of its later members, room there, first member]. */
  private sets = new Int32Array(256 * 4);
  /** Number of sets. */
  count = 0;

  constructor(readonly cap: number) {}

  /** A new empty set; returns its index. */
  create(): number {
    if (this.count * 4 === this.sets.length) {
      const sets = new Int32Array(this.sets.length * 2);
      sets.set(this.sets);
      this.sets = sets;
    }
    return this.count++;
  }

  /** Adds a person (a 32-bit hash, signed or not: held as its bits) to set `s` unless it already holds it or holds `cap` members. */
  add(s: number, person: number): void {
    person |= 0;
    const sets = this.sets;
    const m = s * 4;
    const n = sets[m];
    if (n >= this.cap) return;
    if (n === 0) {
      sets[m + 3] = person;
      sets[m] = 1;
      return;
    }
    if (sets[m + 3] === person) return;
    let at = sets[m + 1];
    const members = this.members;
    for (let i = 0; i < n - 1; i++) if (members[at + i] === person) return;
    if (n - 1 === sets[m + 2]) at = this.move(m, n - 1);
    this.members[at + n - 1] = person;
    sets[m] = n + 1;
  }

  /** Members of set `s` (at most `cap`). */
  size(s: number): number {
    return this.sets[s * 4];
  }

  /** Calls `fn` with each member of set `s` (as an unsigned 32-bit number), in the order they were added. */
  forEach(s: number, fn: (person: number) => void): void {
    const m = s * 4;
    const n = this.sets[m];
    if (n === 0) return;
    fn(this.sets[m + 3] >>> 0);
    const at = this.sets[m + 1];
    for (let i = 0; i < n - 1; i++) fn(this.members[at + i] >>> 0);
  }

  /** Every set's members as plain data (a byte range's person pass, core/profile/parallel): sizes, then the members end to end. */
  toPart(): CappedSetsPart {
    const sizes = new Int32Array(this.count);
    let total = 0;
    for (let s = 0; s < this.count; s++) total += (sizes[s] = this.sets[s * 4]);
    const members = new Int32Array(total);
    let at = 0;
    for (let s = 0; s < this.count; s++) this.forEach(s, (p) => { members[at++] = p; });
    return { sizes, members };
  }

  /**
   * Adds the members of a later range's set `ps` to set `s`, in their order: what one pass reading
   * on would hold, since the later range's set holds its first `cap` distinct persons, among whom
   * are the first persons not already here.
   */
  addFrom(s: number, part: CappedSetsPart, ps: number, offsets: Int32Array): void {
    for (let i = offsets[ps], end = offsets[ps] + part.sizes[ps]; i < end; i++) this.add(s, part.members[i]);
  }

  /**
   * Moves every set's later members together, end to end, into an arena of exactly their size,
   * dropping the room left behind by growth (most of the arena once sets fill up): for sets kept
   * after their pass (the persons in a range of numbers), so that what is kept does not grow
   * with the rows read. Sets may still be added to afterwards.
   */
  compact(): void {
    const sets = this.sets;
    let total = 0;
    for (let m = 0; m < this.count * 4; m += 4) if (sets[m] > 1) total += sets[m] - 1;
    const members = new Int32Array(Math.max(1, total));
    let at = 0;
    for (let m = 0; m < this.count * 4; m += 4) {
      const later = sets[m] - 1;
      if (later <= 0) continue;
      members.set(this.members.subarray(sets[m + 1], sets[m + 1] + later), at);
      sets[m + 1] = at;
      sets[m + 2] = later;
      at += later;
    }
    this.members = members;
    this.used = at;
    this.sets = sets.slice(0, Math.max(4, this.count * 4));
  }

  /** Gives the later members of the set at record `m` (holding `n`) twice the room at the arena's end; the old room is left unused (at most half the arena). */
  private move(m: number, n: number): number {
    const room = Math.min(this.cap - 1, Math.max(1, n * 2));
    if (this.used + room > this.members.length) {
      const members = new Int32Array(Math.max(this.members.length * 2, this.used + room));
      members.set(this.members);
      this.members = members;
    }
    const at = this.used;
    this.members.copyWithin(at, this.sets[m + 1], this.sets[m + 1] + n);
    this.used += room;
    this.sets[m + 1] = at;
    this.sets[m + 2] = room;
    return at;
  }
}

/** {@link CappedSets} as plain data. */
export interface CappedSetsPart { sizes: Int32Array; members: Int32Array }

/** Where each set of a {@link CappedSetsPart} starts in its members. */
export function setOffsets(part: CappedSetsPart): Int32Array {
  const offsets = new Int32Array(part.sizes.length);
  for (let s = 1; s < offsets.length; s++) offsets[s] = offsets[s - 1] + part.sizes[s - 1];
  return offsets;
}

/**
 * Distinct numbers → a small integer each (first come, first numbered), in an open-addressing
 * table of typed arrays: a `Map` keyed by non-integer doubles hashes a boxed number per lookup,
 * which was the person pass's slowest line on measurement columns. A slot holds one byte of its
 * number's hash (0: empty) in its own array, so a lookup of a number not held — every cell of a
 * measurement once its first NUMBER_VALUES_TRACKED values are held — reads only that array (an
 * eighth of the table's size, so mostly in cache); the numbers and their indexes sit apart, in the
 * order they came. −0 is held as +0, as a Map does.
 */
export class NumberIndex {
  /** Per slot: 1 + seven bits of the hash (0: empty). */
  private tags = new Uint8Array(512);
  /** Per slot: the entry it holds. */
  private entries = new Int32Array(512);
  /** Per entry (in the order held): its number and its index. */
  private numbers = new Float64Array(64);
  private ids = new Int32Array(64);
  size = 0;

  /** The index of `v`, or -1 when it is not held. */
  get(v: number): number {
    const h = hashNumber(v);
    const tag = 1 + (h >>> 25);
    const tags = this.tags;
    const mask = tags.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const t = tags[i];
      if (t === 0) return -1;
      if (t === tag) {
        const e = this.entries[i];
        if (this.numbers[e] === v) return this.ids[e];
      }
    }
  }

  /** Holds `v` (not yet held) under `id`. */
  set(v: number, id: number): void {
    if (2 * (this.size + 1) > this.tags.length) this.rehash();
    const e = this.size++;
    if (e === this.numbers.length) {
      const numbers = new Float64Array(e * 2);
      numbers.set(this.numbers);
      this.numbers = numbers;
      const ids = new Int32Array(e * 2);
      ids.set(this.ids);
      this.ids = ids;
    }
    this.numbers[e] = v + 0;
    this.ids[e] = id;
    this.place(e);
  }

  /** The numbers held, in no particular order. */
  values(): Float64Array {
    return this.numbers.slice(0, this.size);
  }

  /** The numbers held, by their index (first come, first). */
  byIndex(): Float64Array {
    const out = new Float64Array(this.size);
    for (let e = 0; e < this.size; e++) out[this.ids[e]] = this.numbers[e];
    return out;
  }

  private place(e: number): void {
    const h = hashNumber(this.numbers[e]);
    const tags = this.tags;
    const mask = tags.length - 1;
    let i = h & mask;
    while (tags[i] !== 0) i = (i + 1) & mask;
    tags[i] = 1 + (h >>> 25);
    this.entries[i] = e;
  }

  private rehash(): void {
    this.tags = new Uint8Array(this.tags.length * 2);
    this.entries = new Int32Array(this.tags.length);
    for (let e = 0; e < this.size; e++) this.place(e);
  }
}

/**
 * A set of 32-bit person hashes in an open-addressing typed array: a `Set<number>` boxes every
 * hash at or above 2^31 (half of them) and was the person pass's busiest line. Counts as a Set of
 * the unsigned hashes does.
 */
export class HashSet32 {
  /** Members (as their bits); 0 marks an empty slot, so the hash 0 is held by `hasZero`. */
  private slots = new Int32Array(1024);
  private hasZero = false;
  size = 0;

  /** Adds a hash (signed or not: one member either way). */
  add(h: number): void {
    h |= 0;
    if (h === 0) {
      if (!this.hasZero) {
        this.hasZero = true;
        this.size++;
      }
      return;
    }
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let i = fmix32(h) & mask; ; i = (i + 1) & mask) {
      const x = slots[i];
      if (x === h) return;
      if (x === 0) {
        slots[i] = h;
        if (2 * ++this.size > slots.length) this.grow();
        return;
      }
    }
  }

  /** The members, in no particular order (the hash 0 included). */
  members(): Int32Array {
    const out = new Int32Array(this.size);
    let at = 0;
    if (this.hasZero) out[at++] = 0;
    for (const h of this.slots) if (h !== 0) out[at++] = h;
    return out;
  }

  private grow(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = slots.length - 1;
    for (const h of old) {
      if (h === 0) continue;
      let i = fmix32(h) & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = h;
    }
    this.slots = slots;
  }
}

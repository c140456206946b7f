import { hashNumber } from '../profile/sketches';

/**
 * Many small sets of 32-bit person hashes, each capped at `cap` members (only "≥ cap or not"
 * matters to a threshold), kept in one growing arena instead of a Set object each: a set starts
 * with room for two and doubles up to the cap, so a column whose values mostly belong to one or
 * two persons costs a few bytes a value, not a Set (hundreds of bytes and a garbage-collected
 * object) — the person pass held 200,000 Sets per number column before.
 */
export class CappedSets {
  private members = new Uint32Array(1024);
  private used = 0;
  private starts = new Int32Array(256);
  private sizes = new Int32Array(256);
  private rooms = new Int32Array(256);
  /** Number of sets. */
  count = 0;

  constructor(readonly cap: number) {}

  /** A new empty set; returns its index. */
  create(): number {
    if (this.count === this.starts.length) {
      this.starts = grow(this.starts, this.count * 2);
      this.sizes = grow(this.sizes, this.count * 2);
      this.rooms = grow(this.rooms, this.count * 2);
    }
    return this.count++;
  }

  /** Adds a person (a 32-bit hash, signed or not: held unsigned) to set `s` unless it already holds it or holds `cap` members. */
  add(s: number, person: number): void {
    person >>>= 0;
    const n = this.sizes[s];
    if (n >= this.cap) return;
    let at = this.starts[s];
    const members = this.members;
    for (let i = 0; i < n; i++) if (members[at + i] === person) return;
    if (n === this.rooms[s]) at = this.move(s, n);
    this.members[at + n] = person;
    this.sizes[s] = n + 1;
  }

  /** Members of set `s` (at most `cap`). */
  size(s: number): number {
    return this.sizes[s];
  }

  /** Calls `fn` with each member of set `s` (as an unsigned 32-bit number). */
  forEach(s: number, fn: (person: number) => void): void {
    const at = this.starts[s];
    for (let i = 0, n = this.sizes[s]; i < n; i++) fn(this.members[at + i]);
  }

  /** Gives set `s` (holding `n`) twice the room at the arena's end; the old room is left unused (at most half the arena). */
  private move(s: number, n: number): number {
    const room = Math.min(this.cap, Math.max(2, n * 2));
    if (this.used + room > this.members.length) {
      const members = new Uint32Array(Math.max(this.members.length * 2, this.used + room));
      members.set(this.members);
      this.members = members;
    }
    const at = this.used;
    this.members.copyWithin(at, this.starts[s], this.starts[s] + n);
    this.used += room;
    this.starts[s] = at;
    this.rooms[s] = room;
    return at;
  }
}

function grow(a: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const out = new Int32Array(length);
  out.set(a);
  return out;
}

/**
 * Distinct numbers → a small integer each (first come, first numbered), in an open-addressing
 * table of typed arrays: a `Map` keyed by non-integer doubles hashes a boxed number per lookup,
 * which was the person pass's slowest line on measurement columns. −0 is held as +0, as a Map does.
 */
export class NumberIndex {
  private keys = new Float64Array(256);
  /** Index + 1 per slot (0: empty). */
  private ids = new Int32Array(256);
  size = 0;

  /** The index of `v`, or -1 when it is not held. */
  get(v: number): number {
    const mask = this.ids.length - 1;
    for (let i = hashNumber(v) & mask; ; i = (i + 1) & mask) {
      const id = this.ids[i];
      if (id === 0) return -1;
      if (this.keys[i] === v) return id - 1;
    }
  }

  /** Holds `v` (not yet held) under `id`. */
  set(v: number, id: number): void {
    if (2 * (this.size + 1) > this.ids.length) this.rehash();
    this.place(v + 0, id + 1);
    this.size++;
  }

  /** The numbers held, in no particular order. */
  values(): Float64Array {
    const out = new Float64Array(this.size);
    let at = 0;
    for (let i = 0; i < this.ids.length; i++) if (this.ids[i] !== 0) out[at++] = this.keys[i];
    return out;
  }

  private place(v: number, slot: number): void {
    const mask = this.ids.length - 1;
    let i = hashNumber(v) & mask;
    while (this.ids[i] !== 0) i = (i + 1) & mask;
    this.keys[i] = v;
    this.ids[i] = slot;
  }

  private rehash(): void {
    const keys = this.keys;
    const ids = this.ids;
    this.keys = new Float64Array(keys.length * 2);
    this.ids = new Int32Array(ids.length * 2);
    for (let i = 0; i < ids.length; i++) if (ids[i] !== 0) this.place(keys[i], ids[i]);
  }
}

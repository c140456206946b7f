import { lowerBound } from '../math/search';
import type { JobContext } from '../context';
import { throwIfAborted } from '../errors';
import { isMissing, parseValue, type RawValue } from '../format';
import type { DatasetSource } from '../io/types';
import { fmix32 } from '../math/hash';
import { CappedSets, NumberIndex } from './cappedSets';
import type { ColumnProfile, PersonProfile } from '../profile/types';

/** A person's key as a 32-bit hash (collisions only merge persons: counts err low, the safe side). */
function personHash(v: RawValue): number {
  const s = typeof v === 'string' ? v.trim() : v instanceof Date ? v.toISOString() : String(v);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h) >>> 0;
}

/** Distinct values of a number column whose persons are tracked (a bound on memory: k hashes each). */
const NUMBER_VALUES_TRACKED = 200_000;

/** Distinct persons (capped at k) holding a value in [lo, hi), from each value's capped set of persons. */
function personsInOf(perValue: NumberIndex, sets: CappedSets, k: number): (lo: number, hi: number) => number {
  const values = perValue.values().sort();
  const setOf = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) setOf[i] = perValue.get(values[i]);
  // The union, capped at k, in a reused array (k is small: a scan beats a Set made per call).
  const union = new Uint32Array(k);
  let size = 0;
  const add = (p: number): void => {
    if (size >= k) return;
    for (let j = 0; j < size; j++) if (union[j] === p) return;
    union[size++] = p;
  };
  return (lo, hi) => {
    size = 0;
    for (let i = lowerBound(values, lo); i < values.length && values[i] < hi && size < k; i++) sets.forEach(setOf[i], add);
    return size;
  };
}

/** Adds a person to a set unless it already holds `cap` (then the count is known to be ≥ cap). */
function addCapped(set: Set<number>, person: number, cap: number): void {
  if (set.size < cap) set.add(person);
}

/** Records a person for a key value: one hash, or a set of up to k once a second person appears. */
function addKeyPerson(map: Map<string, number | number[]>, key: string, person: number, k: number): void {
  const held = map.get(key);
  if (held === undefined) map.set(key, person);
  else if (typeof held === 'number') { if (held !== person) map.set(key, [held, person]); }
  else if (held.length < k && !held.includes(person)) held.push(person);
}

/**
 * The `k` persons with the smallest (or, negated, largest) value, each at their own extreme, kept as
 * the stream goes: a person already held moves to a smaller value; otherwise the largest held is
 * replaced when the new value is smaller. Exact, in O(k) memory.
 */
class KExtremes {
  readonly persons: number[] = [];
  readonly values: number[] = [];
  /** The largest value held once k are held (NaN before): most offers are above it and change nothing. */
  private worstValue = NaN;
  constructor(private readonly k: number) {}
  offer(person: number, value: number): void {
    // Full and not smaller than every held value: neither a new person nor a held one's new extreme.
    if (value >= this.worstValue) return;
    const i = this.persons.indexOf(person);
    if (i >= 0) {
      if (value < this.values[i]) {
        this.values[i] = value;
        if (this.persons.length === this.k) this.worstValue = Math.max(...this.values);
      }
      return;
    }
    if (this.persons.length < this.k) {
      this.persons.push(person);
      this.values.push(value);
      if (this.persons.length === this.k) this.worstValue = Math.max(...this.values);
      return;
    }
    let worst = 0;
    for (let j = 1; j < this.values.length; j++) if (this.values[j] > this.values[worst]) worst = j;
    if (value < this.values[worst]) {
      this.persons[worst] = person;
      this.values[worst] = value;
      this.worstValue = Math.max(...this.values);
    }
  }
  /** The k-th smallest person-extreme (the value at or below which k persons lie), or undefined with fewer than k persons. */
  kth(): number | undefined {
    return this.values.length < this.k ? undefined : Math.max(...this.values);
  }
}

/**
 * The second pass made when rows belong to persons (DESIGN.md, "The person is the unit"): for every
 * category, how many distinct persons hold it (capped at k: only "≥ k or not" matters), the persons
 * of the rare categories together (capped at k), and for numbers and dates the values k persons in
 * from each end (each person at their own minimum / maximum). Memory: at most k person hashes per
 * category and 2k values per number column, whatever the row count.
 */
export async function countPersons(
  source: DatasetSource, columns: readonly ColumnProfile[], keyColumn: number, tokens: ReadonlySet<string>, k: number, ctx: JobContext = {},
): Promise<{ persons: number; columns: (PersonProfile | undefined)[] }> {
  const counter = new PersonCounter(columns, keyColumn, k);
  const width = columns.length;
  for await (const batch of source.batches(ctx)) {
    throwIfAborted(ctx.signal);
    for (const row of batch.rows) {
      const key = row[keyColumn] ?? null;
      if (key === null || isMissing(key, tokens)) continue;
      const person = personHash(key);
      counter.addPerson(person);
      for (let c = 0; c < width; c++) {
        if (!counter.counts(c)) continue;
        const v = row[c] ?? null;
        if (v === null || isMissing(v, tokens)) continue;
        counter.offer(c, person, v);
      }
    }
  }
  return counter.result();
}

/**
 * What the person pass keeps, fed one (column, person, non-missing value) at a time: by the file
 * pass row by row, or by the database profiler from the engine's distinct (value, person) pairs
 * (up to k persons per value, which gives the same counts: every figure is capped at k).
 */
export class PersonCounter {
  private readonly everyone = new Set<number>();
  private readonly rareOf: Set<string>[];
  // Each category's and each number's persons (capped at k): an index into the column's capped sets.
  private readonly sets: CappedSets[];
  private readonly perValue: Map<string, number>[];
  private readonly rareUnion: Set<number>[];
  // Numbers: the persons of each distinct value, for counting persons in a published value's
  // cell; at most NUMBER_VALUES_TRACKED values per column (beyond, counts err low).
  private readonly perNumber: NumberIndex[];
  private readonly low: KExtremes[];
  private readonly high: KExtremes[];
  // Repeated keys (every value counted): each value's persons, so rows-per-key groups count persons.
  private readonly perKey: Map<string, number | number[]>[];
  private readonly kinds: ('category' | 'key' | 'number' | 'none')[];

  constructor(private readonly columns: readonly ColumnProfile[], keyColumn: number, private readonly k: number) {
    this.rareOf = columns.map((c) => new Set(c.frequencies.values.filter((f) => f.count < k).map((f) => f.value)));
    this.sets = columns.map(() => new CappedSets(k));
    this.perValue = columns.map(() => new Map<string, number>());
    this.rareUnion = columns.map(() => new Set<number>());
    this.perNumber = columns.map(() => new NumberIndex());
    this.low = columns.map(() => new KExtremes(k));
    this.high = columns.map(() => new KExtremes(k));
    this.perKey = columns.map(() => new Map<string, number | number[]>());
    this.kinds = columns.map((c, i) => (c.spec.type === 'categorical' || c.spec.type === 'boolean' ? 'category'
      : c.spec.type === 'identifier' && i !== keyColumn && c.frequencies.complete && c.frequencies.values.some((f) => f.count > 1) ? 'key'
        : c.numeric ? 'number' : 'none'));
  }

  /** Whether column `c`'s persons are counted (categories, repeated keys, numbers and dates). */
  counts(c: number): boolean {
    return this.kinds[c] !== 'none';
  }

  /** A person seen (with a non-missing key). */
  addPerson(person: number): void {
    if (this.everyone.size < 1_000_000) this.everyone.add(person);
  }

  /** A person holding `v` (non-missing, as the source wrote it) in column `c`. */
  offer(c: number, person: number, v: Exclude<RawValue, null>): void {
    const kind = this.kinds[c];
    if (kind === 'none') return;
    if (kind === 'key') {
      addKeyPerson(this.perKey[c], typeof v === 'string' ? v : String(v), person, this.k);
      return;
    }
    if (kind === 'category') {
      const text = typeof v === 'string' ? v : String(v);
      if (this.rareOf[c].has(text)) {
        addCapped(this.rareUnion[c], person, this.k);
        return;
      }
      let set = this.perValue[c].get(text);
      if (set === undefined) this.perValue[c].set(text, (set = this.sets[c].create()));
      this.sets[c].add(set, person);
      return;
    }
    const x = parseValue(v, this.columns[c].spec);
    if (typeof x !== 'number' || !Number.isFinite(x)) return;
    let set = this.perNumber[c].get(x);
    if (set < 0 && this.perNumber[c].size < NUMBER_VALUES_TRACKED) this.perNumber[c].set(x, (set = this.sets[c].create()));
    if (set >= 0) this.sets[c].add(set, person);
    this.low[c].offer(person, x);
    this.high[c].offer(person, -x);
  }

  /** Distinct persons (up to a million), and each counted column's person profile. */
  result(): { persons: number; columns: (PersonProfile | undefined)[] } {
    const k = this.k;
    const out = this.columns.map((_, c): PersonProfile | undefined => {
      const kind = this.kinds[c];
      if (kind === 'category') {
        const rare = new Set(this.rareUnion[c]);
        const categories: { value: string; persons: number }[] = [];
        const add = (p: number): void => addCapped(rare, p, k);
        for (const [value, set] of this.perValue[c]) {
          const persons = this.sets[c].size(set);
          categories.push({ value, persons });
          if (persons < k) this.sets[c].forEach(set, add);
        }
        return { categories, rarePersons: rare.size };
      }
      if (kind === 'key') {
        const profile: PersonProfile = { categories: [], rarePersons: 0 };
        Object.defineProperty(profile, 'keyPersons', { value: this.perKey[c], enumerable: false });
        return profile;
      }
      if (kind === 'number') {
        const lo = this.low[c].kth();
        const hi = this.high[c].kth();
        const profile: PersonProfile = { categories: [], rarePersons: 0, ...(lo !== undefined ? { lowest: lo } : {}), ...(hi !== undefined ? { highest: -hi } : {}) };
        Object.defineProperty(profile, 'personsIn', { value: personsInOf(this.perNumber[c], this.sets[c], k), enumerable: false });
        return profile;
      }
      return undefined;
    });
    return { persons: this.everyone.size, columns: out };
  }
}

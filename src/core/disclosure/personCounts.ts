import { lowerBound } from '../math/search';
import type { JobContext } from '../context';
import { throwIfAborted } from '../errors';
import { isMissing, parseValue, type RawValue } from '../format';
import { parseDateBytes } from '../format/date';
import type { DatasetSource } from '../io/types';
import { fmix32 } from '../math/hash';
import { CappedSets, HashSet32, NumberIndex, setOffsets, type CappedSetsPart } from './cappedSets';
import { MissingBytes } from '../format/missingBytes';
import { TextCounter, hashBytes } from '../profile/sketches';
import { Utf8Scratch, textOf } from '../profile/textBytes';
import type { ColumnProfile, PersonProfile } from '../profile/types';

/** A person's key as a 32-bit hash (collisions only merge persons: counts err low, the safe side). */
export function personHash(v: RawValue): number {
  const s = typeof v === 'string' ? v.trim() : v instanceof Date ? v.toISOString() : String(v);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h) >>> 0;
}

/** Distinct values of a number column whose persons are tracked (a bound on memory: k hashes each). */
export const NUMBER_VALUES_TRACKED = 200_000;

/** Distinct persons (capped at k) holding a value in [lo, hi), from each value's capped set of persons. */
export function personsInOf(perValue: NumberIndex, sets: CappedSets, k: number): (lo: number, hi: number) => number {
  // Kept as long as the profile is: without the room its growth left.
  sets.compact();
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

/**
 * The `k` persons with the smallest (or, negated, largest) value, each at their own extreme, kept as
 * the stream goes: a person already held moves to a smaller value; otherwise the largest held is
 * replaced when the new value is smaller. Exact, in O(k) memory.
 */
export class KExtremes {
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

/** 10^d for the decimals of a plain number read from bytes (exact doubles up to 10^22). */
const POW10 = Array.from({ length: 23 }, (_, d) => 10 ** d);

/**
 * A plain decimal `[+-]digits[.digits]` of at most 15 digits read from bytes, or NaN when the
 * cell is anything else (the caller then reads its text). Exactly `Number(text)`: the digits form
 * an integer below 2^53 and 10^d is exact, so the one division rounds as the decimal reading does.
 */
export function plainNumberOfBytes(b: Buffer, start: number, end: number): number {
  let i = start;
  let c = b[i];
  const negative = c === 45;
  if (c === 43 || c === 45) i++;
  let m = 0;
  let digits = 0;
  let decimals = -1;
  for (; i < end; i++) {
    c = b[i];
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (decimals >= 0) decimals++;
    } else if (c === 46 && decimals < 0) decimals = 0;
    else return NaN;
  }
  if (digits === 0 || digits > 15) return NaN;
  const v = decimals > 0 ? m / POW10[decimals] : m;
  return negative ? -v : v;
}

/** Whether `b[start, end)` is ASCII with no whitespace at either end (then its text is its bytes, trimmed). */
function isPlainAscii(b: Buffer, start: number, end: number): boolean {
  if (end === start || b[start] <= 32 || b[end - 1] <= 32) return false;
  for (let i = start; i < end; i++) if (b[i] >= 0x80) return false;
  return true;
}

/** The person of a non-missing key cell `b[start, end)`, unsigned (as {@link personHash} of its text). */
export function personOfBytes(b: Buffer, start: number, end: number): number {
  return isPlainAscii(b, start, end) ? hashBytes(b, start, end) : personHash(textOf(b, start, end));
}

export const KIND_NONE = 0;
export const KIND_CATEGORY = 1 as const;
export const KIND_KEY = 2 as const;
export const KIND_NUMBER = 3 as const;

/** What the person pass counts for each column: persons per category, per repeated key, per number, or nothing. */
export function personKinds(columns: readonly ColumnProfile[], keyColumn: number): Int8Array {
  return Int8Array.from(columns, (c, i) => (c.spec.type === 'categorical' || c.spec.type === 'boolean' ? KIND_CATEGORY
    : c.spec.type === 'identifier' && i !== keyColumn && c.frequencies.complete && c.frequencies.values.some((f) => f.count > 1) ? KIND_KEY
      : c.numeric ? KIND_NUMBER : KIND_NONE));
}

/** A number column's person profile: the values k persons in from each end and the persons in any range. */
export function numberPersonProfile(low: KExtremes, high: KExtremes, perValue: NumberIndex, sets: CappedSets, k: number): PersonProfile {
  const lo = low.kth();
  const hi = high.kth();
  const profile: PersonProfile = { categories: [], rarePersons: 0, ...(lo !== undefined ? { lowest: lo } : {}), ...(hi !== undefined ? { highest: -hi } : {}) };
  Object.defineProperty(profile, 'personsIn', { value: personsInOf(perValue, sets, k), enumerable: false });
  return profile;
}

/** A repeated key's person profile: each key value's persons (one, or up to k in first-met order), by its text. */
export function keyPersonProfile(perKey: Map<string, number | number[]>): PersonProfile {
  const profile: PersonProfile = { categories: [], rarePersons: 0 };
  Object.defineProperty(profile, 'keyPersons', { value: perKey, enumerable: false });
  return profile;
}

/**
 * The second pass made when rows belong to persons (DESIGN.md, "The person is the unit"): for every
 * category, how many distinct persons hold it (capped at k: only "≥ k or not" matters), the persons
 * of the rare categories together (capped at k), and for numbers and dates the values k persons in
 * from each end (each person at their own minimum / maximum). Memory: at most k person hashes per
 * category the first pass counted in k rows or more (the rest share one set of k) and 2k values per
 * number column, whatever the row count.
 */
export async function countPersons(
  source: DatasetSource, columns: readonly ColumnProfile[], keyColumn: number, tokens: ReadonlySet<string>, k: number, ctx: JobContext = {},
): Promise<{ persons: number; columns: (PersonProfile | undefined)[] }> {
  const counter = new PersonCounter(columns, keyColumn, k);
  await feedPersons(counter, source, keyColumn, tokens, ctx);
  return counter.result();
}

/** The person pass over a source's records (a whole file, or a byte range of it on a worker thread), into `counter`. */
export async function feedPersons(
  counter: PersonCounter, source: Pick<DatasetSource, 'cellBatches' | 'batches'>, keyColumn: number, tokens: ReadonlySet<string>, ctx: JobContext = {},
): Promise<void> {
  const width = counter.width;
  const missing = new MissingBytes(tokens);
  if (source.cellBatches) {
    const counted = Array.from({ length: width }, (_, c) => c).filter((c) => counter.counts(c));
    // The batch's rows with a key: each one's person (unsigned, as the hashes are) and where its cells start.
    let persons = new Uint32Array(0);
    let rowsOf = new Int32Array(0);
    for await (const batch of source.cellBatches(ctx)) {
      throwIfAborted(ctx.signal);
      const { bytes, starts, ends } = batch;
      if (persons.length < batch.rows) {
        persons = new Uint32Array(batch.rows);
        rowsOf = new Int32Array(batch.rows);
      }
      let n = 0;
      for (let r = 0, base = 0; r < batch.rows; r++, base += width) {
        const ks = starts[base + keyColumn];
        const ke = ends[base + keyColumn];
        if (missing.has(bytes, ks, ke)) continue;
        const person = personOfBytes(bytes, ks, ke);
        counter.addPerson(person);
        persons[n] = person;
        rowsOf[n++] = base;
      }
      // Column by column: one column's tables stay in cache across the batch (each column's
      // figures depend only on the order of its own cells, which is the rows' order still).
      for (const c of counted) {
        for (let i = 0; i < n; i++) {
          const start = starts[rowsOf[i] + c];
          const end = ends[rowsOf[i] + c];
          if (missing.has(bytes, start, end)) continue;
          counter.offerBytes(c, persons[i], bytes, start, end);
        }
      }
    }
  } else {
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
  }
}

/** One column's share of a {@link PersonPart}. */
export type PersonColumnPart =
  | { kind: typeof KIND_CATEGORY; firstSeen: Int32Array; sets: CappedSetsPart; rare: number[] }
  | { kind: typeof KIND_KEY; texts: string[]; held: (number | number[])[] }
  | { kind: typeof KIND_NUMBER; values: Float64Array; sets: CappedSetsPart; low: [number[], number[]]; high: [number[], number[]] };

/** A byte range's person pass as plain data, posted back by a worker thread and merged in file order ({@link PersonCounter.mergePart}). */
export interface PersonPart {
  everyone: Int32Array;
  dropped: boolean;
  columns: (PersonColumnPart | null)[];
}

/**
 * What the person pass keeps, fed one (column, person, non-missing value) at a time: by the file
 * pass row by row (as byte cells, or values from typed sources), or by the database profiler from
 * the engine's distinct (value, person) pairs (up to k persons per value, which gives the same
 * counts: every figure is capped at k).
 */
export class PersonCounter {
  private readonly everyone = new HashSet32();
  // Each category's and each number's persons (capped at k): an index into the column's capped sets.
  private readonly sets: CappedSets[];
  // Categories: only the values that may be published (k rows or more in the first pass), entered
  // up front, each with its set; a cell matching none of them is a rare or uncounted value, whose
  // persons go to the column's rare union. So memory is bounded by the first pass's frequencies
  // (at most its distinct limit), not by the distinct values in the file.
  // Repeated keys: each distinct key's key-persons slot, in first-seen order.
  private readonly texts: TextCounter[];
  // Per category entry: when it was first met (-1: not yet), so categories come out in first-seen order.
  private readonly firstSeen: Int32Array[];
  private seenOrder = 0;
  /** Whether a number column met more distinct values than are tracked (its persons past them go uncounted). */
  dropped = false;
  // Candidate categories whose text holds U+FFFD: a cell of invalid UTF-8 reads as them, though its bytes differ.
  private readonly replaced: Map<string, number>[];
  private readonly rareUnion: Set<number>[];
  // Numbers: the persons of each distinct value, for counting persons in a published value's
  // cell; at most NUMBER_VALUES_TRACKED values per column (beyond, counts err low).
  private readonly perNumber: NumberIndex[];
  private readonly low: KExtremes[];
  private readonly high: KExtremes[];
  // Repeated keys (every value counted): each value's persons, so rows-per-key groups count persons.
  private readonly keyHeld: (number | number[])[][];
  private readonly kinds: Int8Array;
  // Plain numbers are read from their bytes; dates by their pattern from their bytes; the rest from their text.
  private readonly plain: boolean[];
  private readonly readable: boolean[];
  private readonly datePattern: (string | null)[];
  /** Text values (typed sources, the database profiler) take the byte path through this buffer. */
  private readonly scratch = new Utf8Scratch();

  constructor(private readonly columns: readonly ColumnProfile[], keyColumn: number, private readonly k: number) {
    this.sets = columns.map(() => new CappedSets(k));
    this.texts = columns.map(() => new TextCounter());
    this.rareUnion = columns.map(() => new Set<number>());
    this.perNumber = columns.map(() => new NumberIndex());
    this.low = columns.map(() => new KExtremes(k));
    this.high = columns.map(() => new KExtremes(k));
    this.keyHeld = columns.map(() => []);
    this.kinds = personKinds(columns, keyColumn);
    this.plain = columns.map((c) => (c.spec.type === 'numeric' || c.spec.type === 'integer') && !(c.spec.format.kind === 'number' && c.spec.format.decimalComma === true));
    this.readable = columns.map((c) => c.spec.type === 'numeric' || c.spec.type === 'integer' || c.spec.type === 'date' || c.spec.type === 'datetime');
    this.datePattern = columns.map((c) => ((c.spec.type === 'date' || c.spec.type === 'datetime') && (c.spec.format.kind === 'date' || c.spec.format.kind === 'datetime') ? c.spec.format.pattern : null));
    this.replaced = columns.map(() => new Map<string, number>());
    this.firstSeen = columns.map((col, c) => {
      if (this.kinds[c] !== KIND_CATEGORY) return new Int32Array(0);
      const counter = this.texts[c];
      for (const f of col.frequencies.values) {
        if (f.count < k) continue;
        const b = this.scratch.write(f.value);
        const end = this.scratch.length;
        const hash = hashBytes(b, 0, end);
        if (counter.find(b, 0, end, hash) >= 0) continue;
        const t = counter.insert(b, 0, end, hash, f.value, this.sets[c].create());
        if (f.value.includes('\uFFFD')) this.replaced[c].set(f.value, t);
      }
      return new Int32Array(counter.size).fill(-1);
    });
  }

  /** Columns. */
  get width(): number {
    return this.columns.length;
  }

  /** Whether column `c`'s persons are counted (categories, repeated keys, numbers and dates). */
  counts(c: number): boolean {
    return this.kinds[c] !== KIND_NONE;
  }

  /** A person seen (with a non-missing key). */
  addPerson(person: number): void {
    if (this.everyone.size < 1_000_000) this.everyone.add(person);
  }

  /** A person holding `v` (non-missing, as the source wrote it) in column `c`. */
  offer(c: number, person: number, v: Exclude<RawValue, null>): void {
    const kind = this.kinds[c];
    if (kind === KIND_NONE) return;
    if (kind === KIND_NUMBER && typeof v !== 'string') {
      const x = parseValue(v, this.columns[c].spec);
      if (typeof x === 'number' && Number.isFinite(x)) this.addNumber(c, x, person);
      return;
    }
    const b = this.scratch.write(typeof v === 'string' ? v : String(v));
    this.offerBytes(c, person, b, 0, this.scratch.length);
  }

  /** A person holding the non-missing text cell `b[start, end)` (UTF-8) in column `c`. */
  offerBytes(c: number, person: number, b: Buffer, start: number, end: number): void {
    const kind = this.kinds[c];
    if (kind === KIND_NONE) return;
    if (kind === KIND_NUMBER) {
      if (!this.readable[c]) return;
      const pattern = this.datePattern[c];
      if (pattern !== null) {
        const t = parseDateBytes(b, start, end, pattern);
        if (t !== null) this.addNumber(c, t, person);
        return;
      }
      let x = this.plain[c] ? plainNumberOfBytes(b, start, end) : NaN;
      if (x !== x) {
        const v = parseValue(textOf(b, start, end), this.columns[c].spec);
        if (typeof v !== 'number' || !Number.isFinite(v)) return;
        x = v;
      }
      this.addNumber(c, x, person);
      return;
    }
    const counter = this.texts[c];
    const hash = hashBytes(b, start, end);
    let t = counter.find(b, start, end, hash);
    if (kind === KIND_KEY) {
      if (t < 0) {
        counter.insert(b, start, end, hash, textOf(b, start, end), 0);
        this.keyHeld[c].push(person);
        return;
      }
      this.holdKey(c, t, person);
      return;
    }
    if (t < 0 && this.replaced[c].size > 0) t = this.replaced[c].get(textOf(b, start, end)) ?? -1;
    if (t < 0) {
      addCapped(this.rareUnion[c], person, this.k);
      return;
    }
    if (this.firstSeen[c][t] < 0) this.firstSeen[c][t] = this.seenOrder++;
    this.sets[c].add(counter.counts[t], person);
  }

  /** A person holding repeated key `t` of column `c`: one held, then up to k. */
  private holdKey(c: number, t: number, person: number): void {
    const held = this.keyHeld[c][t];
    if (typeof held === 'number') { if (held !== person) this.keyHeld[c][t] = [held, person]; }
    else if (held.length < this.k && !held.includes(person)) held.push(person);
  }

  /** The set of persons of number `x` in column `c` (made while fewer than NUMBER_VALUES_TRACKED values are tracked), or -1. */
  private numberSet(c: number, x: number): number {
    const index = this.perNumber[c];
    let set = index.get(x);
    if (set < 0) {
      if (index.size < NUMBER_VALUES_TRACKED) index.set(x, (set = this.sets[c].create()));
      else this.dropped = true;
    }
    return set;
  }

  private addNumber(c: number, x: number, person: number): void {
    const set = this.numberSet(c, x);
    if (set >= 0) this.sets[c].add(set, person);
    this.low[c].offer(person, x);
    this.high[c].offer(person, -x);
  }

  /** What this counter holds as plain data (a byte range's person pass on a worker thread, core/profile/parallel). */
  toPart(): PersonPart {
    return {
      everyone: this.everyone.members(),
      dropped: this.dropped,
      columns: this.columns.map((_, c): PersonColumnPart | null => {
        const kind = this.kinds[c];
        if (kind === KIND_CATEGORY) return { kind, firstSeen: this.firstSeen[c], sets: this.sets[c].toPart(), rare: [...this.rareUnion[c]] };
        if (kind === KIND_KEY) {
          const texts: string[] = [];
          for (let t = 0; t < this.texts[c].size; t++) texts.push(this.texts[c].text(t));
          return { kind, texts, held: this.keyHeld[c] };
        }
        if (kind === KIND_NUMBER) {
          return { kind, values: this.perNumber[c].byIndex(), sets: this.sets[c].toPart(), low: [this.low[c].persons, this.low[c].values], high: [this.high[c].persons, this.high[c].values] };
        }
        return null;
      }),
    };
  }

  /**
   * Folds in the person pass of the next byte range (parts in file order, from counters made with
   * the same columns), as one pass reading on would: each capped set, the rare persons and each
   * key's persons take the later range's members in order (its first k distinct persons include
   * the first ones not yet held); categories and keys keep first-seen order; each end's k persons
   * are offered the later range's k. Exact but for a number column whose later range met more
   * than NUMBER_VALUES_TRACKED distinct values (`dropped`): one pass tracks the first ones of the
   * file and a range its own first ones, so persons of an earlier range's value that the later
   * range did not track go uncounted (counts err low, as they do in one pass past that bound).
   */
  mergePart(part: PersonPart): void {
    for (const h of part.everyone) this.addPerson(h);
    if (part.dropped) this.dropped = true;
    part.columns.forEach((p, c) => {
      if (!p || p.kind !== this.kinds[c]) return;
      if (p.kind === KIND_CATEGORY) {
        const seen = this.firstSeen[c];
        const order: number[] = [];
        for (let t = 0; t < p.firstSeen.length; t++) if (p.firstSeen[t] >= 0) order.push(t);
        order.sort((a, b) => p.firstSeen[a] - p.firstSeen[b]);
        const offsets = setOffsets(p.sets);
        for (const t of order) {
          if (seen[t] < 0) seen[t] = this.seenOrder++;
          this.sets[c].addFrom(this.texts[c].counts[t], p.sets, t, offsets);
        }
        for (const person of p.rare) addCapped(this.rareUnion[c], person, this.k);
      } else if (p.kind === KIND_KEY) {
        const counter = this.texts[c];
        p.texts.forEach((text, i) => {
          const held = p.held[i];
          const persons = typeof held === 'number' ? [held] : held;
          const b = this.scratch.write(text);
          const end = this.scratch.length;
          const hash = hashBytes(b, 0, end);
          let t = counter.find(b, 0, end, hash);
          let from = 0;
          if (t < 0) {
            t = counter.insert(b, 0, end, hash, text, 0);
            this.keyHeld[c].push(persons[0]);
            from = 1;
          }
          for (let j = from; j < persons.length; j++) this.holdKey(c, t, persons[j]);
        });
      } else {
        const offsets = setOffsets(p.sets);
        for (let id = 0; id < p.values.length; id++) {
          const set = this.numberSet(c, p.values[id]);
          if (set >= 0) this.sets[c].addFrom(set, p.sets, id, offsets);
        }
        p.low[0].forEach((person, i) => this.low[c].offer(person, p.low[1][i]));
        p.high[0].forEach((person, i) => this.high[c].offer(person, p.high[1][i]));
      }
    });
  }

  /** Distinct persons (up to a million), and each counted column's person profile. */
  result(): { persons: number; columns: (PersonProfile | undefined)[] } {
    const k = this.k;
    const out = this.columns.map((_, c): PersonProfile | undefined => {
      const kind = this.kinds[c];
      if (kind === KIND_CATEGORY) {
        const rare = new Set(this.rareUnion[c]);
        const categories: { value: string; persons: number }[] = [];
        const add = (p: number): void => addCapped(rare, p, k);
        const counter = this.texts[c];
        const seen = this.firstSeen[c];
        const met: number[] = [];
        for (let t = 0; t < counter.size; t++) if (seen[t] >= 0) met.push(t);
        met.sort((a, b) => seen[a] - seen[b]);
        for (const t of met) {
          const set = counter.counts[t];
          const persons = this.sets[c].size(set);
          categories.push({ value: counter.text(t), persons });
          if (persons < k) this.sets[c].forEach(set, add);
        }
        return { categories, rarePersons: rare.size };
      }
      if (kind === KIND_KEY) {
        const perKey = new Map<string, number | number[]>();
        for (let t = 0; t < this.texts[c].size; t++) perKey.set(this.texts[c].text(t), this.keyHeld[c][t]);
        return keyPersonProfile(perKey);
      }
      if (kind === KIND_NUMBER) return numberPersonProfile(this.low[c], this.high[c], this.perNumber[c], this.sets[c], k);
      return undefined;
    });
    return { persons: this.everyone.size, columns: out };
  }
}

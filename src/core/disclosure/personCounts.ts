import { lowerBound } from '../math/search';
import type { JobContext } from '../context';
import { throwIfAborted } from '../errors';
import { isMissing, parseValue, type RawValue } from '../format';
import { parseDateBytes } from '../format/date';
import type { DatasetSource } from '../io/types';
import { fmix32 } from '../math/hash';
import { CappedSets, HashSet32, NumberIndex } from './cappedSets';
import { MissingBytes } from '../format/missingBytes';
import { TextCounter, hashBytes } from '../profile/sketches';
import { Utf8Scratch, textOf } from '../profile/textBytes';
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

const KIND_NONE = 0;
const KIND_CATEGORY = 1;
const KIND_KEY = 2;
const KIND_NUMBER = 3;

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
  const cap = 1_000_000;
  const everyone = new HashSet32();
  const width = columns.length;
  const missing = new MissingBytes(tokens);
  const rareOf = columns.map((c) => new Set(c.frequencies.values.filter((f) => f.count < k).map((f) => f.value)));
  // Each category's and each number's persons (capped at k): an index into the column's capped sets.
  const sets = columns.map(() => new CappedSets(k));
  // Categories and repeated keys by their bytes (no string per cell): each distinct text's set
  // index (-1: a rare category) or key-persons slot, in first-seen order.
  const texts = columns.map(() => new TextCounter());
  const rareUnion = columns.map(() => new Set<number>());
  // Numbers: the persons of each distinct value, for counting persons in a published value's
  // cell; at most NUMBER_VALUES_TRACKED values per column (beyond, counts err low).
  const perNumber = columns.map(() => new NumberIndex());
  const low = columns.map(() => new KExtremes(k));
  const high = columns.map(() => new KExtremes(k));
  // Repeated keys (every value counted): each value's persons, so rows-per-key groups count persons.
  const keyHeld = columns.map((): (number | number[])[] => []);
  const kinds = Int8Array.from(columns, (c, i) => (c.spec.type === 'categorical' || c.spec.type === 'boolean' ? KIND_CATEGORY
    : c.spec.type === 'identifier' && i !== keyColumn && c.frequencies.complete && c.frequencies.values.some((f) => f.count > 1) ? KIND_KEY
      : c.numeric ? KIND_NUMBER : KIND_NONE));
  // Plain numbers are read from their bytes; dates, decimal commas and the rest from their text.
  const plain = columns.map((c) => (c.spec.type === 'numeric' || c.spec.type === 'integer') && !(c.spec.format.kind === 'number' && c.spec.format.decimalComma === true));
  const readable = columns.map((c) => c.spec.type === 'numeric' || c.spec.type === 'integer' || c.spec.type === 'date' || c.spec.type === 'datetime');
  const datePattern = columns.map((c) => ((c.spec.type === 'date' || c.spec.type === 'datetime') && (c.spec.format.kind === 'date' || c.spec.format.kind === 'datetime') ? c.spec.format.pattern : null));

  /** The person of a row whose key cell is `b[start, end)`, or -1 when the key is missing. */
  const personOfBytes = (b: Buffer, start: number, end: number): number => {
    if (missing.has(b, start, end)) return -1;
    return isPlainAscii(b, start, end) ? hashBytes(b, start, end) : personHash(textOf(b, start, end));
  };
  const addNumber = (c: number, x: number, person: number): void => {
    let set = perNumber[c].get(x);
    if (set < 0 && perNumber[c].size < NUMBER_VALUES_TRACKED) perNumber[c].set(x, (set = sets[c].create()));
    if (set >= 0) sets[c].add(set, person);
    low[c].offer(person, x);
    high[c].offer(person, -x);
  };
  /** A non-missing text cell `b[start, end)` of column c, held by `person`. */
  const addCell = (c: number, kind: number, b: Buffer, start: number, end: number, person: number): void => {
    if (kind === KIND_NUMBER) {
      if (!readable[c]) return;
      const pattern = datePattern[c];
      if (pattern !== null) {
        const t = parseDateBytes(b, start, end, pattern);
        if (t !== null) addNumber(c, t, person);
        return;
      }
      let x = plain[c] ? plainNumberOfBytes(b, start, end) : NaN;
      if (x !== x) {
        const v = parseValue(textOf(b, start, end), columns[c].spec);
        if (typeof v !== 'number' || !Number.isFinite(v)) return;
        x = v;
      }
      addNumber(c, x, person);
      return;
    }
    const counter = texts[c];
    const hash = hashBytes(b, start, end);
    let t = counter.find(b, start, end, hash);
    if (kind === KIND_KEY) {
      if (t < 0) {
        t = counter.insert(b, start, end, hash, textOf(b, start, end), 0);
        keyHeld[c].push(person);
        return;
      }
      const held = keyHeld[c][t];
      if (typeof held === 'number') { if (held !== person) keyHeld[c][t] = [held, person]; }
      else if (held.length < k && !held.includes(person)) held.push(person);
      return;
    }
    if (t < 0) {
      const text = textOf(b, start, end);
      t = counter.insert(b, start, end, hash, text, rareOf[c].has(text) ? -1 : sets[c].create());
    }
    const set = counter.counts[t];
    if (set < 0) addCapped(rareUnion[c], person, k);
    else sets[c].add(set, person);
  };

  if (source.cellBatches) {
    for await (const batch of source.cellBatches(ctx)) {
      throwIfAborted(ctx.signal);
      const { bytes, starts, ends } = batch;
      for (let r = 0, base = 0; r < batch.rows; r++, base += width) {
        const person = personOfBytes(bytes, starts[base + keyColumn], ends[base + keyColumn]);
        if (person < 0) continue;
        if (everyone.size < cap) everyone.add(person);
        for (let c = 0; c < width; c++) {
          const kind = kinds[c];
          if (kind === KIND_NONE) continue;
          const start = starts[base + c];
          const end = ends[base + c];
          if (missing.has(bytes, start, end)) continue;
          addCell(c, kind, bytes, start, end, person);
        }
      }
    }
  } else {
    // Typed sources (Parquet, Arrow): text cells take the byte path through a scratch buffer.
    const scratch = new Utf8Scratch();
    for await (const batch of source.batches(ctx)) {
      throwIfAborted(ctx.signal);
      for (const row of batch.rows) {
        const key = row[keyColumn] ?? null;
        if (key === null || isMissing(key, tokens)) continue;
        const person = personHash(key);
        if (everyone.size < cap) everyone.add(person);
        for (let c = 0; c < width; c++) {
          const kind = kinds[c];
          if (kind === KIND_NONE) continue;
          const v = row[c] ?? null;
          if (v === null || isMissing(v, tokens)) continue;
          if (kind === KIND_NUMBER && typeof v !== 'string') {
            const x = parseValue(v, columns[c].spec);
            if (typeof x === 'number' && Number.isFinite(x)) addNumber(c, x, person);
            continue;
          }
          const b = scratch.write(typeof v === 'string' ? v : String(v));
          addCell(c, kind, b, 0, scratch.length, person);
        }
      }
    }
  }
  const out = columns.map((column, c): PersonProfile | undefined => {
    if (kinds[c] === KIND_CATEGORY) {
      const rare = new Set(rareUnion[c]);
      const categories: { value: string; persons: number }[] = [];
      const add = (p: number): void => addCapped(rare, p, k);
      const counter = texts[c];
      for (let t = 0; t < counter.size; t++) {
        const set = counter.counts[t];
        if (set < 0) continue;
        const persons = sets[c].size(set);
        categories.push({ value: counter.text(t), persons });
        if (persons < k) sets[c].forEach(set, add);
      }
      return { categories, rarePersons: rare.size };
    }
    if (kinds[c] === KIND_KEY) {
      const profile: PersonProfile = { categories: [], rarePersons: 0 };
      const perKey = new Map<string, number | number[]>();
      for (let t = 0; t < texts[c].size; t++) perKey.set(texts[c].text(t), keyHeld[c][t]);
      Object.defineProperty(profile, 'keyPersons', { value: perKey, enumerable: false });
      return profile;
    }
    if (kinds[c] === KIND_NUMBER) {
      const lo = low[c].kth();
      const hi = high[c].kth();
      const profile: PersonProfile = { categories: [], rarePersons: 0, ...(lo !== undefined ? { lowest: lo } : {}), ...(hi !== undefined ? { highest: -hi } : {}) };
      Object.defineProperty(profile, 'personsIn', { value: personsInOf(perNumber[c], sets[c], k), enumerable: false });
      return profile;
    }
    return undefined;
  });
  return { persons: everyone.size, columns: out };
}

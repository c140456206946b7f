import {
  DATE_FIRST_OVER_12, DATE_MONTH_UPPER, ORDER_D_MON_Y, datePatternOf, decodePatternId,
} from '../profile/classifyValue';
import type { ColumnAccumulator } from '../profile/columnAccumulator';
import { hashBytes } from '../profile/sketches';
import type { ColumnProfile, PersonProfile } from '../profile/types';
import { CappedSets, HashSet32, NumberIndex } from './cappedSets';
import {
  KExtremes, KIND_CATEGORY, KIND_KEY, KIND_NUMBER, NUMBER_VALUES_TRACKED,
  keyPersonProfile, numberPersonProfile, personKinds, personOfBytes,
} from './personCounts';

/**
 * Up to k distinct persons (the union of sets, where only "≥ k or not" matters). A scan of a
 * small array: k is small.
 */
class CappedUnion {
  private readonly held: Uint32Array;
  size = 0;
  constructor(private readonly k: number) {
    this.held = new Uint32Array(k);
  }
  add = (person: number): void => {
    if (this.size >= this.k) return;
    const p = person >>> 0;
    for (let j = 0; j < this.size; j++) if (this.held[j] === p) return;
    this.held[this.size++] = p;
  };
  full(): boolean {
    return this.size >= this.k;
  }
  forEach(fn: (person: number) => void): void {
    for (let j = 0; j < this.size; j++) fn(this.held[j]);
  }
}

/** Numbers of over 15 digits whose spelling is kept per column (beyond, the column counts as irregular). */
const LONG_SPELLINGS = 10_000;

/**
 * Persons kept per value: k, and at least two, as the person pass keeps a repeated key's (its
 * first person, then a pair, then up to k); counts read from them are capped at k.
 */
function keyHeld(k: number): number {
  return Math.max(2, k);
}

/** Grows an Int32Array to hold index `i`. */
function room(a: Int32Array<ArrayBuffer>, i: number): Int32Array<ArrayBuffer> {
  if (i < a.length) return a;
  const b = new Int32Array(Math.max(i + 1, a.length * 2));
  b.set(a);
  return b;
}

/**
 * One reading of a column's numbers, exactly as the person pass keeps it (PersonCounter's
 * addNumber): each value's persons for the first NUMBER_VALUES_TRACKED values met, and the k
 * persons in from each end.
 */
class NumberPersons {
  readonly index = new NumberIndex();
  readonly sets: CappedSets;
  readonly low: KExtremes;
  readonly high: KExtremes;
  /** Per set: when the column first met it (its sets and its text sets share one count). */
  order = new Int32Array(256);
  constructor(k: number) {
    this.sets = new CappedSets(keyHeld(k));
    this.low = new KExtremes(k);
    this.high = new KExtremes(k);
  }

  /** A person holding `x`; false when the value is past those tracked (its persons then go unkept). */
  add(x: number, person: number, seq: () => number): boolean {
    const index = this.index;
    let set = index.get(x);
    if (set < 0 && index.size < NUMBER_VALUES_TRACKED) {
      index.set(x, (set = this.sets.create()));
      this.order = room(this.order, set);
      this.order[set] = seq();
    }
    if (set >= 0) this.sets.add(set, person);
    this.low.offer(person, x);
    this.high.offer(person, -x);
    return set >= 0;
  }
}

/** What is kept for one column while its type is not yet known. */
class ColumnPersons {
  /** The persons of each text the accumulator counts, by its text key (set index + 1 per key; 0: none yet). */
  readonly texts: CappedSets;
  textSet = new Int32Array(256);
  textOrder = new Int32Array(256);
  /** Numbers (and dates day-first), and ambiguous dates read month-first. */
  num: NumberPersons | null = null;
  alt: NumberPersons | null = null;
  /** The month-first reading was given up (the column cannot be read month-first): persons not kept. */
  altDropped = false;
  /** Persons of cells counted under no text key and no tracked number (all rare, whatever the column's type). */
  readonly untracked: CappedUnion;
  /** Some number was written in a way that another spelling of it could share (`.5`, `-0`, over 15 digits). */
  irregular = false;
  private readonly long = new Map<number, string>();
  /** The accumulator stopped looking values up (frozen): categories cannot be followed. */
  stopped = false;
  private sets = 0;
  readonly seq = (): number => this.sets++;

  constructor(readonly k: number) {
    this.texts = new CappedSets(keyHeld(k));
    this.untracked = new CappedUnion(k);
  }

  textAdd(key: number, person: number): void {
    let set = key < this.textSet.length ? this.textSet[key] - 1 : -1;
    if (set < 0) {
      set = this.texts.create();
      this.textSet = room(this.textSet, key);
      this.textSet[key] = set + 1;
      this.textOrder = room(this.textOrder, set);
      this.textOrder[set] = this.seq();
    }
    this.texts.add(set, person);
  }

  /**
   * Past 15 digits two spellings may read as one double (SNOMED CT codes of 16–18 digits): each
   * such number's spelling is kept, and a second one marks the column irregular.
   */
  longSpelling(x: number, b: Buffer, start: number, end: number): void {
    const text = b.toString('latin1', start, end);
    const held = this.long.get(x);
    if (held === undefined) {
      if (this.long.size >= LONG_SPELLINGS) this.irregular = true;
      else this.long.set(x, text);
    } else if (held !== text) this.irregular = true;
  }

  textSetOf(key: number): number {
    return key >= 0 && key < this.textSet.length ? this.textSet[key] - 1 : -1;
  }
}

/** Why the first pass's counts cannot stand for the person pass's on a column (then the second pass runs). */
const FAIL = Symbol('second pass');

/**
 * The person pass (personCounts.ts) folded into the profiler's first pass, so the file is read
 * once: the person key is known by its name (declared, or the first column named like one)
 * before the columns' types are, so for every other column it keeps, keyed by what the
 * accumulator already looked up (its text key, its number, an ambiguous date's month-first
 * reading), the capped set of persons holding each value; when the pass ends and the types are
 * known, each column's person profile is read from them, exactly as the second pass would have
 * counted it. Memory: as the person pass (k hashes per value counted, at most
 * NUMBER_VALUES_TRACKED numbers per reading). Where equality cannot be shown from what was seen
 * (a different key column, a column whose numbers may have two spellings, dates in an unusual
 * pattern), {@link result} gives undefined and the caller makes the second pass.
 */
export class FirstPassPersons {
  private readonly everyone = new HashSet32();
  private readonly columns: (ColumnPersons | null)[];
  /** Per row of the batch: its person (unsigned), and whether it has one. */
  private persons = new Uint32Array(0);
  private hasPerson = new Uint8Array(0);
  /** Per row of the batch, the column's cell as the accumulator read it (filled by the scan). */
  numbers = new Float64Array(0);
  alts = new Float64Array(0);
  /** The cell's text key, -1 when none, MISSING when the cell is missing. */
  keys = new Int32Array(0);
  static readonly MISSING = -2;

  constructor(width: number, readonly keyColumn: number, private readonly k: number) {
    this.columns = Array.from({ length: width }, (_, c) => (c === keyColumn ? null : new ColumnPersons(k)));
  }

  /** Whether column `c`'s cells are followed (the scan then fills {@link numbers}, {@link alts} and {@link keys}). */
  tracks(c: number): boolean {
    const col = this.columns[c];
    return col !== null && !col.stopped;
  }

  /** A batch begins: each row's person, from its key cell (rows with a missing key hold no person). */
  beginBatch(bytes: Buffer, starts: Int32Array | Uint32Array, ends: Int32Array | Uint32Array, rows: number, width: number, isMissing: (start: number, end: number) => boolean): void {
    if (this.persons.length < rows) {
      this.persons = new Uint32Array(rows);
      this.hasPerson = new Uint8Array(rows);
      this.numbers = new Float64Array(rows);
      this.alts = new Float64Array(rows);
      this.keys = new Int32Array(rows);
    }
    for (let r = 0, i = this.keyColumn; r < rows; r++, i += width) {
      const s = starts[i];
      const e = ends[i];
      if (isMissing(s, e)) {
        this.hasPerson[r] = 0;
        continue;
      }
      const person = personOfBytes(bytes, s, e);
      this.persons[r] = person;
      this.hasPerson[r] = 1;
      if (this.everyone.size < 1_000_000) this.everyone.add(person);
    }
  }

  /** Column `c`'s cells of the batch (read by `acc` into {@link numbers}, {@link alts}, {@link keys}) join their values' persons. */
  column(c: number, acc: ColumnAccumulator, rows: number, bytes: Buffer, starts: Int32Array | Uint32Array, ends: Int32Array | Uint32Array, width: number): void {
    const col = this.columns[c] as ColumnPersons;
    if (acc.frozen) {
      // Values are no longer looked up: a category's persons cannot be followed (nor is it a number column).
      col.stopped = true;
      return;
    }
    const { persons, hasPerson, numbers, alts, keys } = this;
    for (let r = 0, i = c; r < rows; r++, i += width) {
      if (hasPerson[r] === 0) continue;
      const key = keys[r];
      if (key === FirstPassPersons.MISSING) continue;
      const person = persons[r];
      const x = numbers[r];
      if (key >= 0) col.textAdd(key, person);
      else if (x === x) {
        if (!(col.num ??= new NumberPersons(this.k)).add(x, person, col.seq)) col.untracked.add(person);
        if (!col.irregular) {
          const s = starts[i];
          const e = ends[i];
          if (bytes[s] === 46 || (bytes[s] === 45 && bytes[s + 1] === 46) || (x === 0 && 1 / x < 0)) col.irregular = true;
          else if (e - s > 15) col.longSpelling(x, bytes, s, e);
        }
      } else col.untracked.add(person);
      const a = alts[r];
      if (a === a && !col.altDropped) (col.alt ??= new NumberPersons(this.k)).add(a, person, col.seq);
    }
    // Ambiguous dates are read month-first only when no value is day-first or invalid month-first (inferColumn).
    if (!col.altDropped && ((acc.dateFlags & DATE_FIRST_OVER_12) !== 0 || acc.mdyInvalid > 0)) {
      col.altDropped = true;
      col.alt = null;
    }
  }

  /**
   * Each counted column's person profile (as countPersons gives it), now that the columns' types
   * are known; undefined when the person key is not the column followed, or some column's
   * counts cannot be shown equal to the second pass's.
   */
  result(columns: readonly ColumnProfile[], accs: readonly ColumnAccumulator[], keyColumn: number, monthFirst: readonly boolean[]): { persons: number; columns: (PersonProfile | undefined)[] } | undefined {
    if (keyColumn !== this.keyColumn) return undefined;
    const kinds = personKinds(columns, keyColumn);
    const out: (PersonProfile | undefined)[] = [];
    for (let c = 0; c < columns.length; c++) {
      const col = this.columns[c];
      const kind = kinds[c];
      let p: PersonProfile | typeof FAIL | undefined;
      if (col === null) p = undefined;
      else if (kind === KIND_NUMBER) p = this.numberProfile(columns[c], accs[c], col, monthFirst[c]);
      else if (kind === KIND_CATEGORY) p = this.categoryProfile(columns[c], accs[c], col);
      else if (kind === KIND_KEY) p = this.keyProfile(accs[c], col);
      if (p === FAIL) return undefined;
      out.push(p);
    }
    return { persons: this.everyone.size, columns: out };
  }

  private numberProfile(column: ColumnProfile, acc: ColumnAccumulator, col: ColumnPersons, monthFirst: boolean): PersonProfile | typeof FAIL {
    const k = this.k;
    const { type, format } = column.spec;
    let reading: NumberPersons | null;
    if (type === 'numeric' || type === 'integer') {
      // Every value read as a plain number (no leading zeros, dates or text): the person pass reads each to the same double.
      if (format.kind === 'number' && format.decimalComma === true) return FAIL;
      if (!acc.mayBeNumber || acc.integers + acc.decimals + acc.scientific !== acc.nonMissing) return FAIL;
      reading = col.num;
    } else if (type === 'date' || type === 'datetime') {
      // Every value a date of one written pattern, read as the column's pattern reads it.
      if (format.kind !== 'date' && format.kind !== 'datetime') return FAIL;
      if (!acc.mayBeNumber || acc.dates !== acc.nonMissing || acc.datePatternMixed || acc.datePatternId < 0) return FAIL;
      if (format.pattern !== datePatternOf(acc.datePatternId, acc.dateFlags, monthFirst).pattern) return FAIL;
      const parts = decodePatternId(acc.datePatternId);
      // Fractions past milliseconds round differently; month names in mixed case read only in one.
      if (parts.fractionDigits > 3 || (parts.order === ORDER_D_MON_Y && (acc.dateFlags & DATE_MONTH_UPPER) !== 0)) return FAIL;
      if (monthFirst ? col.altDropped || acc.mdyInvalid > 0 : acc.dmyInvalid > 0) return FAIL;
      reading = monthFirst ? col.alt : col.num;
    } else {
      // Not read as numbers by the person pass: nothing kept.
      reading = null;
    }
    reading ??= new NumberPersons(k);
    return numberPersonProfile(reading.low, reading.high, reading.index, reading.sets, k);
  }

  /**
   * Whether every number of the column was written one way only (a number's cells are then the
   * cells of its first spelling, which is what the person pass matches categories and keys by).
   */
  private static oneSpelling(acc: ColumnAccumulator, col: ColumnPersons): boolean {
    return !col.irregular && acc.thousands === 0 && acc.scientific === 0 && acc.dates === 0
      && (acc.decimals === 0 || (acc.integers === 0 && acc.decimalsMin === acc.decimalsMax));
  }

  /** The number set of each value's spelling (moved to its text key when the column stopped reading as numbers). */
  private static numberSpellings(acc: ColumnAccumulator, col: ColumnPersons): Map<number, { text: string; key: number }> | typeof FAIL {
    const out = new Map<number, { text: string; key: number }>();
    const num = col.num;
    if (num === null || num.index.size === 0) return out;
    if (!FirstPassPersons.oneSpelling(acc, col)) return FAIL;
    if (acc.movedNumbers) {
      for (const m of acc.movedNumbers) {
        const set = num.index.get(m.value);
        if (set >= 0) out.set(set, { text: acc.texts.text(m.key), key: m.key });
      }
    } else {
      for (const e of acc.numbers.entries()) {
        const set = num.index.get(e.value);
        if (set >= 0) out.set(set, { text: e.spelling, key: -1 });
      }
    }
    return out;
  }

  private keyProfile(acc: ColumnAccumulator, col: ColumnPersons): PersonProfile | typeof FAIL {
    if (col.stopped || acc.overflow) return FAIL;
    const spellings = FirstPassPersons.numberSpellings(acc, col);
    if (spellings === FAIL) return FAIL;
    const num = col.num;
    // Each key value's sets: its number set (cells before the column stopped reading numbers) first, then its text set.
    const entries: { order: number; text: string; numberSet: number; textSet: number }[] = [];
    const byKey = new Map<number, (typeof entries)[number]>();
    if (num) {
      for (let set = 0; set < num.sets.count; set++) {
        const spelling = spellings.get(set);
        // A tracked number with no counted spelling: frequencies are complete, so this cannot be.
        if (!spelling) return FAIL;
        const entry = { order: num.order[set], text: spelling.text, numberSet: set, textSet: -1 };
        entries.push(entry);
        if (spelling.key >= 0) byKey.set(spelling.key, entry);
      }
    }
    for (let key = 0; key < acc.texts.size; key++) {
      const set = col.textSetOf(key);
      if (set < 0) continue;
      const entry = byKey.get(key);
      if (entry) entry.textSet = set;
      else entries.push({ order: col.textOrder[set], text: acc.texts.text(key), numberSet: -1, textSet: set });
    }
    entries.sort((a, b) => a.order - b.order);
    const perKey = new Map<string, number | number[]>();
    for (const e of entries) {
      const held: number[] = [];
      const add = (p: number): void => {
        if (held.length < keyHeld(this.k) && !held.includes(p)) held.push(p);
      };
      if (e.numberSet >= 0) (num as NumberPersons).sets.forEach(e.numberSet, add);
      if (e.textSet >= 0) col.texts.forEach(e.textSet, add);
      perKey.set(e.text, held.length === 1 ? held[0] : held);
    }
    return keyPersonProfile(perKey);
  }

  private categoryProfile(column: ColumnProfile, acc: ColumnAccumulator, col: ColumnPersons): PersonProfile | typeof FAIL {
    if (col.stopped) return FAIL;
    const k = this.k;
    const spellings = FirstPassPersons.numberSpellings(acc, col);
    if (spellings === FAIL) return FAIL;
    const num = col.num;
    // The categories that may be published (k rows or more), each once, as the person pass enters them.
    const candidates = new Map<string, { order: number; numberSet: number; textSet: number }>();
    for (const f of column.frequencies.values) {
      if (f.count < k || candidates.has(f.value)) continue;
      // Invalid UTF-8 reads as U+FFFD: cells of different bytes then share a text.
      if (f.value.includes('\uFFFD')) return FAIL;
      candidates.set(f.value, { order: -1, numberSet: -1, textSet: -1 });
    }
    const numberUsed = new Uint8Array(num ? num.sets.count : 0);
    const textUsed = new Uint8Array(col.texts.count);
    for (const [set, spelling] of spellings) {
      const cand = candidates.get(spelling.text);
      if (!cand) continue;
      cand.numberSet = set;
      numberUsed[set] = 1;
    }
    for (const [text, cand] of candidates) {
      const b = Buffer.from(text, 'utf8');
      const key = acc.texts.find(b, 0, b.length, hashBytes(b, 0, b.length));
      const set = col.textSetOf(key);
      if (set >= 0) {
        cand.textSet = set;
        textUsed[set] = 1;
      }
      // A number category whose value came after the numbers tracked: its persons were not kept.
      if (key < 0 && cand.numberSet < 0 && num !== null && num.index.size >= NUMBER_VALUES_TRACKED) return FAIL;
      const orders: number[] = [];
      if (cand.numberSet >= 0) orders.push((num as NumberPersons).order[cand.numberSet]);
      if (cand.textSet >= 0) orders.push(col.textOrder[cand.textSet]);
      cand.order = orders.length ? Math.min(...orders) : -1;
    }
    const rare = new CappedUnion(k);
    const categories: { value: string; persons: number; order: number }[] = [];
    for (const [value, cand] of candidates) {
      if (cand.order < 0) continue;
      const held = new CappedUnion(k);
      if (cand.numberSet >= 0) (num as NumberPersons).sets.forEach(cand.numberSet, held.add);
      if (cand.textSet >= 0) col.texts.forEach(cand.textSet, held.add);
      categories.push({ value, persons: held.size, order: cand.order });
      if (held.size < k) {
        if (cand.numberSet >= 0) (num as NumberPersons).sets.forEach(cand.numberSet, rare.add);
        if (cand.textSet >= 0) col.texts.forEach(cand.textSet, rare.add);
      }
    }
    // Every other value's persons are the rare ones (only "≥ k or not" matters: stop when k are held).
    col.untracked.forEach(rare.add);
    for (let s = 0; s < textUsed.length && !rare.full(); s++) if (!textUsed[s]) col.texts.forEach(s, rare.add);
    for (let s = 0; s < numberUsed.length && !rare.full(); s++) if (!numberUsed[s]) (num as NumberPersons).sets.forEach(s, rare.add);
    categories.sort((a, b) => a.order - b.order);
    return { categories: categories.map(({ value, persons }) => ({ value, persons })), rarePersons: rare.size };
  }
}

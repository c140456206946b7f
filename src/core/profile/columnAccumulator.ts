import type { RawValue } from '../format';
import type { Random } from '../random';
import {
  KIND_DATE, KIND_DECIMAL, KIND_INTEGER, KIND_LEADING_ZERO, KIND_OTHER, KIND_SCIENTIFIC,
  classifyBytes, createScanResult,
} from './classifyValue';
import { HyperLogLog, NumberCounter, NumberReservoir, TextCounter, hashBytes, hashNumber, lastHashNonAscii } from './sketches';
import { RunningMoments, type MomentsState } from '../math/describe';
import { mergeNumberSamples } from './parallel/mergeSamples';
import { utf16Length } from '../io/utf8';
import { Utf8Scratch, textOf } from './textBytes';
import { MissingBytes } from '../format/missingBytes';

/** Misses past the distinct cap after which the hit rate of the counted values is checked. */
const FREEZE_WINDOW = 65_536;
/** Below this share of hits past the cap, text values stop being looked up. */
const FREEZE_HIT_SHARE = 0.1;

/** Up to this many distinct texts, lookups try a small direct-mapped cache before hashing. */
const SMALL_KEYS = 64;
/** Slots in that cache (a power of two). */
const TEXT_CACHE_SIZE = 256;

/** Odd multipliers of the missing-row hashes (see countMissing). */
const MISSING_A = 0x9e3779b9 | 0;
const MISSING_B = 0x2545f491 | 0;

/** a^e mod 2^32 (square and multiply). */
function powMod32(a: number, e: number): number {
  let r = 1;
  let b = a;
  while (e > 0) {
    if (e & 1) r = Math.imul(r, b);
    b = Math.imul(b, b);
    e = Math.floor(e / 2);
  }
  return r;
}

/** Missing-row hashes of a partial profile whose first row is row `offset` of the file. */
export function shiftedMissingHashes(hash: number, hash2: number, offset: number): [number, number] {
  return [Math.imul(hash, powMod32(MISSING_A, offset)), Math.imul(hash2, powMod32(MISSING_B, offset))];
}

/** Lengths above this count as this in the length distribution. */
export const LENGTH_CAP = 1000;

/**
 * A copy of a string that does not keep its parent alive. V8 represents substrings of
 * 13+ characters as slices of the parent (here: a whole chunk of the file), so holding
 * one would hold the chunk; concatenating and slicing again forces a flat copy.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/**
 * The number a cell holds, handed between the per-cell methods through memory: V8 boxes a double
 * passed to a call it does not inline, which cost a heap allocation per numeric cell.
 */
const carried = new Float64Array(1);

/** Moments and a reservoir of one reading of a column's numbers (or dates in ms). */
export class NumberAccumulator {
  readonly moments = new RunningMoments();
  readonly reservoir: NumberReservoir;
  constructor(capacity: number, rng: Random) {
    this.reservoir = new NumberReservoir(capacity, rng);
  }
  add(v: number): void {
    carried[0] = v;
    this.addCarried();
  }

  /** Adds the carried number. */
  addCarried(): void {
    this.moments.addAt(carried, 0);
    const slot = this.reservoir.offer();
    if (slot >= 0) this.reservoir.store(slot, carried[0]);
  }
}

/** A {@link NumberAccumulator} as plain data (a partial profile's). */
export interface NumberPart { moments: MomentsState; values: Float64Array; seen: number }

function numberPart(n: NumberAccumulator | null): NumberPart | null {
  return n ? { moments: n.moments.state(), values: n.reservoir.held(), seen: n.reservoir.seen } : null;
}

function mergeNumbers(into: NumberAccumulator, part: NumberPart, rng: Random): void {
  const before = into.reservoir.seen;
  into.reservoir.load(mergeNumberSamples(into.reservoir.held(), before, part.values, part.seen, into.reservoir.capacity, rng), before + part.seen);
  into.moments.merge(part.moments);
}

/**
 * What a {@link ColumnAccumulator} learned from one byte range of a file, as plain data that
 * crosses a thread (core/profile/parallel): merged in file order by {@link ColumnAccumulator.mergePart}.
 */
export interface ColumnPart {
  missing: number; nonMissing: number; missingHash: number; missingHash2: number;
  texts: string[]; textCounts: Int32Array;
  numbers: { value: number; count: number; spelling: string }[];
  overflow: boolean; frozen: boolean; hll: Uint8Array | null;
  mayBeNumber: boolean;
  integers: number; leadingZeros: number; decimals: number; scientific: number; dates: number; others: number;
  decimalsMin: number; decimalsMax: number; thousands: number;
  datePatternId: number; datePatternMixed: boolean; dateFlags: number; dmyInvalid: number; mdyInvalid: number;
  typed: number[];
  num: NumberPart | null; alt: NumberPart | null;
  lengths: Int32Array; lengthSum: number; leads: Uint32Array; digitLeads: Uint32Array;
}

/**
 * Whether a later range's part merges exactly after the ranges before it: a range that stopped
 * reading a column as numbers did so at its first value (so nothing was counted as a number that
 * one pass would have counted as text, or the reverse), and no range reads numbers after a range
 * that stopped. `flippedBefore`: some earlier range stopped.
 */
export function mergesExactly(part: ColumnPart, flippedBefore: boolean): boolean {
  if (part.mayBeNumber) return !flippedBefore;
  return part.others === 1 && part.integers + part.leadingZeros + part.decimals + part.scientific + part.dates + part.dmyInvalid === 0;
}

export interface AccumulatorLimits {
  exactRowLimit: number;
  distinctLimit: number;
  /** Widest dense index of the number counter (NumberCounter); DENSE_MAX_SPAN when not given. */
  denseSpan?: number;
}

/**
 * Everything the profiler learns about one column in its single pass: missing count,
 * value frequencies (exact up to a cap, then HyperLogLog), candidate-type evidence from
 * {@link classifyText}, number/date moments and reservoir, lengths and a small value
 * sample for identifier patterns. Memory is bounded by the limits whatever the row count.
 */
export class ColumnAccumulator {
  missing = 0;
  nonMissing = 0;
  /** Order-free hashes of the rows where this column is missing (record rules: shared missingness). */
  missingHash = 0;
  missingHash2 = 0;
  /** MISSING_A^powRow and MISSING_B^powRow (mod 2^32): the last missing row's terms. */
  private powA = 1;
  private powB = 1;
  private powRow = 0;
  /** The number (or date in ms) of the last cell added; the caller sets NaN before a cell it follows. */
  lastNumber = NaN;
  /** The text-count index of the last cell added (-1: not a counted text); the caller sets -1 before a cell it follows. */
  lastTextKey = -1;
  /** The month-first reading of the last cell added when it was a date (NaN: none); the caller sets NaN before a cell it follows. */
  lastAlt = NaN;
  /**
   * Set when the column stops reading as numbers: each number counted until then (by value) and
   * the text key its first spelling moved to, so what was kept per number can follow it there.
   */
  movedNumbers: { value: number; key: number }[] | null = null;

  // Frequencies. Text cells read as numbers/dates are counted by value (no string hashing), the rest by text.
  readonly texts = new TextCounter();
  /** Key index + 1 per cache slot (0: empty), while few distinct texts are held. */
  private readonly textCache = new Int32Array(TEXT_CACHE_SIZE);
  readonly numbers: NumberCounter;
  /** More distinct values than `distinctLimit`: new ones go to the HyperLogLog only. */
  overflow = false;
  hll: HyperLogLog | null = null;
  /** Past the cap, counting of text values stopped because they rarely recurred (see {@link count}). */
  frozen = false;
  private postOverflowHits = 0;
  private postOverflowMisses = 0;

  // Type evidence for text cells. `mayBeNumber` turns false at the first cell that is neither number nor date.
  mayBeNumber = true;
  integers = 0;
  leadingZeros = 0;
  decimals = 0;
  scientific = 0;
  dates = 0;
  others = 0;
  decimalsMin = Infinity;
  decimalsMax = 0;
  thousands = 0;
  datePatternId = -1;
  datePatternMixed = false;
  dateFlags = 0;
  /** Ambiguous numeric dates invalid when read day-first / month-first. */
  dmyInvalid = 0;
  mdyInvalid = 0;

  // Typed cells (Parquet/Arrow).
  typedNumbers = 0;
  typedNonIntegers = 0;
  typedBigints = 0;
  typedBooleans = 0;
  typedDates = 0;
  typedDatesWithTime = 0;

  /** Numbers, or dates read day-first. */
  num: NumberAccumulator | null = null;
  /** Ambiguous numeric dates read month-first. */
  alt: NumberAccumulator | null = null;

  readonly lengths = new Int32Array(LENGTH_CAP + 1);
  lengthSum = 0;
  /**
   * Which two-byte beginnings the text cells have (bit `b0 << 8 | b1`; `b1` 0 for a one-byte cell):
   * every value checked, so fakes can be drawn from a beginning no real value has (fakeSpaces.ts).
   */
  readonly leads = new Uint32Array(2048);
  /** Which first four digits (separators ' ' and '-' skipped) the values that start with a digit have: 10,000 bits. */
  readonly digitLeads = new Uint32Array(313);
  /**
   * Uniform sample of non-missing values as text, for identifier patterns, shapes and the share
   * of values with spaces; filled after the pass from a row-level sample (one draw per row, not per cell).
   */
  sample: string[] = [];
  private readonly scan = createScanResult();
  /** Text cells of non-byte sources are written here as UTF-8, to take the byte path. */
  private readonly scratch = new Utf8Scratch();
  /** The missing-token rule on bytes. */
  private readonly missingBytes: MissingBytes;

  constructor(
    readonly name: string,
    readonly index: number,
    missingTokens: ReadonlySet<string>,
    private readonly limits: AccumulatorLimits,
    private readonly rng: Random,
  ) {
    this.numbers = new NumberCounter(limits.denseSpan);
    this.missingBytes = new MissingBytes(missingTokens);
  }

  /** Adds one cell. */
  add(raw: RawValue | undefined): void {
    if (raw === undefined || raw === null) {
      this.countMissing();
      return;
    }
    if (typeof raw === 'string') {
      const bytes = this.scratch.write(raw);
      this.addBytes(bytes, 0, this.scratch.length);
      return;
    }
    this.addTyped(raw);
  }

  /**
   * Adds one text cell given as the UTF-8 bytes `b[start, end)` (the delimited reader's cells):
   * the same as `add` of its text, without making the string.
   */
  addBytes(b: Buffer, start: number, end: number): void {
    if (this.missingBytes.has(b, start, end)) {
      this.countMissing();
      return;
    }
    this.addTextBytes(b, start, end);
  }

  /** The first four digits of a cell that starts with one (NHS-number-like values written 999 999 9999 or 999-999-9999). */
  private recordDigitLead(b: Buffer, start: number, end: number): void {
    let v = 0;
    let digits = 0;
    for (let i = start; i < end && digits < 4 && i < start + 8; i++) {
      const c = b[i];
      if (c >= 48 && c <= 57) { v = v * 10 + (c - 48); digits++; }
      else if (c !== 32 && c !== 45) break;
    }
    if (digits === 4) this.digitLeads[v >>> 5] |= 1 << (v & 31);
  }

  private recordLength(len: number): void {
    this.lengths[len < LENGTH_CAP ? len : LENGTH_CAP]++;
    this.lengthSum += len;
  }

  private addTextBytes(b: Buffer, start: number, end: number): void {
    this.nonMissing++;
    const lead = (b[start] << 8) | (end - start > 1 ? b[start + 1] : 0);
    this.leads[lead >>> 5] |= 1 << (lead & 31);
    if (b[start] >= 48 && b[start] <= 57) this.recordDigitLead(b, start, end);
    if (!this.mayBeNumber) {
      this.recordLength(this.countText(b, start, end));
      return;
    }
    const scan = this.scan;
    const kind = classifyBytes(b, start, end, scan);
    // Numbers and dates are ASCII, so their length in characters is their length in bytes.
    switch (kind) {
      case KIND_INTEGER:
        this.recordLength(end - start);
        this.integers++;
        if (scan.thousands) this.thousands++;
        carried[0] = scan.value;
        this.addCarried();
        this.countCarried(b, start, end);
        break;
      case KIND_DECIMAL:
        this.recordLength(end - start);
        this.decimals++;
        if (scan.thousands) this.thousands++;
        if (scan.decimals < this.decimalsMin) this.decimalsMin = scan.decimals;
        if (scan.decimals > this.decimalsMax) this.decimalsMax = scan.decimals;
        carried[0] = scan.value;
        this.addCarried();
        this.countCarried(b, start, end);
        break;
      case KIND_SCIENTIFIC:
        // Number() accepts trailing Unicode spaces, so this one may hold non-ASCII bytes.
        this.recordLength(utf16Length(b, start, end));
        this.scientific++;
        carried[0] = scan.value;
        this.addCarried();
        this.countCarried(b, start, end);
        break;
      case KIND_LEADING_ZERO:
        this.leadingZeros++;
        this.recordLength(this.countText(b, start, end));
        break;
      case KIND_DATE:
        this.recordLength(end - start);
        this.dates++;
        if (this.datePatternId !== scan.patternId) {
          if (this.datePatternId < 0) this.datePatternId = scan.patternId;
          else this.datePatternMixed = true;
        }
        this.dateFlags |= scan.dateFlags;
        if (scan.value === scan.value) {
          carried[0] = scan.value;
          this.addCarried();
          this.countCarried(b, start, end);
        } else {
          this.dmyInvalid++;
          this.countText(b, start, end);
        }
        if (scan.altValue === scan.altValue) {
          if (this.alt === null) this.alt = new NumberAccumulator(this.limits.exactRowLimit, this.rng.fork('alt'));
          carried[0] = scan.altValue;
          this.alt.addCarried();
          this.lastAlt = scan.altValue;
        } else this.mdyInvalid++;
        break;
      case KIND_OTHER:
      default:
        this.others++;
        this.mayBeNumber = false;
        this.moveNumbersToText();
        this.recordLength(this.countText(b, start, end));
        break;
    }
  }

  /**
   * Counts a missing cell and folds its row (the cells seen before it) into two order-free hashes
   * of the missing rows: columns with equal counts and hashes are missing on the same rows. The
   * hashes are sums of MISSING_A^row and MISSING_B^row (mod 2^32), so a partial profile's hashes
   * move to rows further down the file by one multiplication ({@link shiftedMissingHashes}).
   */
  private countMissing(): void {
    const row = this.missing + this.nonMissing;
    const gap = row - this.powRow;
    this.powA = Math.imul(this.powA, powMod32(MISSING_A, gap));
    this.powB = Math.imul(this.powB, powMod32(MISSING_B, gap));
    this.powRow = row;
    this.missingHash = (this.missingHash + this.powA) | 0;
    this.missingHash2 = (this.missingHash2 + this.powB) | 0;
    this.missing++;
  }

  /** Adds the carried number to the moments and reservoir. */
  private addCarried(): void {
    this.lastNumber = carried[0];
    if (this.num === null) this.num = new NumberAccumulator(this.limits.exactRowLimit, this.rng.fork('num'));
    this.num.addCarried();
  }

  private addTyped(raw: number | boolean | bigint | Date): void {
    let len: number;
    if (typeof raw === 'number') {
      if (raw !== raw) {
        this.countMissing();
        return;
      }
      this.typedNumbers++;
      if (!Number.isInteger(raw)) this.typedNonIntegers++;
      carried[0] = raw;
      this.addCarried();
      this.countTypedCarried(String);
      len = String(raw).length;
    } else if (typeof raw === 'bigint') {
      this.typedBigints++;
      const v = Number(raw);
      carried[0] = v;
      this.addCarried();
      const text = raw.toString();
      this.countTypedCarried(() => text);
      len = text.length;
    } else if (typeof raw === 'boolean') {
      this.typedBooleans++;
      const key = raw ? 'true' : 'false';
      this.countString(key);
      len = key.length;
    } else {
      const t = raw.getTime();
      if (t !== t) {
        this.countMissing();
        return;
      }
      this.typedDates++;
      if (t % 86_400_000 !== 0) this.typedDatesWithTime++;
      carried[0] = t;
      this.addCarried();
      this.countTypedCarried((ms) => new Date(ms).toISOString());
      len = 24;
    }
    this.nonMissing++;
    this.lengths[len < LENGTH_CAP ? len : LENGTH_CAP]++;
    this.lengthSum += len;
  }

  private distinctSoFar(): number {
    return this.texts.size + this.numbers.size;
  }

  /** Starts estimating: a HyperLogLog seeded with every value counted so far. */
  private startOverflow(): HyperLogLog {
    this.overflow = true;
    const hll = new HyperLogLog();
    for (let k = 0; k < this.texts.size; k++) hll.addHash(this.texts.hash(k));
    const nums = this.numbers;
    for (const e of nums.entries()) hll.addHash(hashNumber(e.value));
    this.hll = hll;
    return hll;
  }

  /** Counts a text given as UTF-8 bytes; returns its length in characters (UTF-16 code units). */
  private countText(b: Buffer, start: number, end: number): number {
    const texts = this.texts;
    let cacheAt = -1;
    if (texts.size <= SMALL_KEYS) {
      // Few distinct values (sex, region, status…): a cache keyed by length and three bytes finds
      // the key with one comparison, where the table needs every byte hashed first.
      const n = end - start;
      cacheAt = n === 0 ? 0 : (n * 31 + b[start] * 7 + b[start + (n >> 1)] * 3 + b[end - 1]) & (TEXT_CACHE_SIZE - 1);
      const cached = this.textCache[cacheAt] - 1;
      if (cached >= 0 && texts.equals(cached, b, start, end)) {
        texts.counts[cached]++;
        this.lastTextKey = cached;
        if (this.overflow) this.postOverflowHits++;
        return texts.textLength(cached);
      }
    }
    const hash = hashBytes(b, start, end);
    const length = lastHashNonAscii ? utf16Length(b, start, end) : end - start;
    if (this.frozen) {
      (this.hll as HyperLogLog).addHash(hash);
      return length;
    }
    const k = texts.find(b, start, end, hash);
    if (k >= 0) {
      texts.counts[k]++;
      this.lastTextKey = k;
      if (this.overflow) this.postOverflowHits++;
      if (cacheAt >= 0) this.textCache[cacheAt] = k + 1;
      return length;
    }
    if (this.overflow) {
      (this.hll as HyperLogLog).addHash(hash);
      // When the counted values stop recurring (e.g. free text, reference numbers), looking them up
      // costs a hash-table miss per cell for nothing: from then on only the HyperLogLog sees values.
      if (++this.postOverflowMisses === FREEZE_WINDOW) {
        if (this.postOverflowHits < FREEZE_HIT_SHARE * (this.postOverflowHits + this.postOverflowMisses)) this.frozen = true;
        this.postOverflowHits = 0;
        this.postOverflowMisses = 0;
      }
      return length;
    }
    if (this.distinctSoFar() >= this.limits.distinctLimit) {
      this.startOverflow().addHash(hash);
      return length;
    }
    this.lastTextKey = texts.insert(b, start, end, hash, textOf(b, start, end), 1);
    return length;
  }

  /** {@link countText} of a string. */
  private countString(s: string): void {
    const bytes = this.scratch.write(s);
    this.countText(bytes, 0, this.scratch.length);
  }

  /**
   * Counts a number. Past the distinct cap only the HyperLogLog sees it: the column's distribution
   * then comes from the reservoir, so exact counts of the first values seen would add nothing but
   * cache misses.
   */
  private countCarried(b: Buffer, start: number, end: number): void {
    if (this.overflow) {
      (this.hll as HyperLogLog).addNumberAt(carried, 0);
      return;
    }
    if (this.numbers.incrementAt(carried, 0)) return;
    const v = carried[0];
    if (this.distinctSoFar() < this.limits.distinctLimit) this.numbers.insert(v, textOf(b, start, end));
    else this.startOverflow().addHash(hashNumber(v));
  }

  /** As {@link countCarried} for a typed value, spelling it only when it is new. */
  private countTypedCarried(spell: (v: number) => string): void {
    if (this.overflow) {
      (this.hll as HyperLogLog).addNumberAt(carried, 0);
      return;
    }
    if (this.numbers.incrementAt(carried, 0)) return;
    const v = carried[0];
    if (this.distinctSoFar() < this.limits.distinctLimit) this.numbers.insert(v, spell(v));
    else this.startOverflow().addHash(hashNumber(v));
  }

  /**
   * When a column turns out not to be numeric, the values counted by number move to the text
   * counts under their first spelling, so that frequencies are by text from then on.
   */
  private moveNumbersToText(): void {
    const nums = this.numbers;
    const texts = this.texts;
    const moved: { value: number; key: number }[] = [];
    for (const e of nums.entries()) {
      // Not the scratch buffer: it may hold the cell being added (the one that ended the numbers).
      const bytes = Buffer.from(e.spelling, 'utf8');
      const end = bytes.length;
      const hash = hashBytes(bytes, 0, end);
      let k = texts.find(bytes, 0, end, hash);
      if (k >= 0) texts.counts[k] += e.count;
      else k = texts.insert(bytes, 0, end, hash, e.spelling, e.count);
      moved.push({ value: e.value, key: k });
    }
    this.movedNumbers ??= moved;
    nums.clear();
  }

  /** This accumulator's state as plain data (a worker's partial profile of a byte range). */
  toPart(): ColumnPart {
    return {
      missing: this.missing, nonMissing: this.nonMissing, missingHash: this.missingHash, missingHash2: this.missingHash2,
      texts: this.texts.entries().map((e) => e.text), textCounts: this.texts.counts.slice(0, this.texts.size),
      numbers: this.numbers.entries(),
      overflow: this.overflow, frozen: this.frozen, hll: this.hll ? this.hll.copyRegisters() : null,
      mayBeNumber: this.mayBeNumber,
      integers: this.integers, leadingZeros: this.leadingZeros, decimals: this.decimals, scientific: this.scientific, dates: this.dates, others: this.others,
      decimalsMin: this.decimalsMin, decimalsMax: this.decimalsMax, thousands: this.thousands,
      datePatternId: this.datePatternId, datePatternMixed: this.datePatternMixed, dateFlags: this.dateFlags, dmyInvalid: this.dmyInvalid, mdyInvalid: this.mdyInvalid,
      typed: [this.typedNumbers, this.typedNonIntegers, this.typedBigints, this.typedBooleans, this.typedDates, this.typedDatesWithTime],
      num: numberPart(this.num), alt: numberPart(this.alt),
      lengths: this.lengths.slice(), lengthSum: this.lengthSum, leads: this.leads.slice(), digitLeads: this.digitLeads.slice(),
    };
  }

  /**
   * Folds in the part of the next byte range (parts in file order; `rowOffset`: the file rows
   * before that range), as if one pass had read on: counts, sums, min/max, type evidence,
   * lengths and beginnings exactly; values counted in first-seen order up to the distinct cap
   * (past it, as one pass: the HyperLogLog, the union of the parts' sketches, estimates the
   * distinct count and the counts are lower bounds); number samples merged as uniform samples
   * (exact while the column's values fit the reservoir). The caller checks {@link mergesExactly}.
   */
  mergePart(part: ColumnPart, rowOffset: number, partIndex: number): void {
    const [h1, h2] = shiftedMissingHashes(part.missingHash, part.missingHash2, rowOffset);
    this.missingHash = (this.missingHash + h1) | 0;
    this.missingHash2 = (this.missingHash2 + h2) | 0;
    this.missing += part.missing;
    this.nonMissing += part.nonMissing;
    if (this.mayBeNumber) {
      // Type evidence is gathered until a column stops reading as numbers (as in one pass).
      this.integers += part.integers; this.leadingZeros += part.leadingZeros; this.decimals += part.decimals;
      this.scientific += part.scientific; this.dates += part.dates; this.others += part.others;
      this.decimalsMin = Math.min(this.decimalsMin, part.decimalsMin);
      this.decimalsMax = Math.max(this.decimalsMax, part.decimalsMax);
      this.thousands += part.thousands;
      if (part.datePatternId >= 0) {
        if (this.datePatternId < 0) this.datePatternId = part.datePatternId;
        else if (this.datePatternId !== part.datePatternId) this.datePatternMixed = true;
      }
      if (part.datePatternMixed) this.datePatternMixed = true;
      this.dateFlags |= part.dateFlags;
      this.dmyInvalid += part.dmyInvalid;
      this.mdyInvalid += part.mdyInvalid;
      const rng = this.rng.fork(`merge:${partIndex}`);
      if (part.num) mergeNumbers(this.num ??= new NumberAccumulator(this.limits.exactRowLimit, this.rng.fork('num')), part.num, rng.fork('num'));
      if (part.alt) mergeNumbers(this.alt ??= new NumberAccumulator(this.limits.exactRowLimit, this.rng.fork('alt')), part.alt, rng.fork('alt'));
    }
    this.typedNumbers += part.typed[0]; this.typedNonIntegers += part.typed[1]; this.typedBigints += part.typed[2];
    this.typedBooleans += part.typed[3]; this.typedDates += part.typed[4]; this.typedDatesWithTime += part.typed[5];
    // Values: the numbers first, then texts (a range that stopped reading numbers did so at its first value).
    for (const e of part.numbers) {
      if (!this.overflow && !this.numbers.has(e.value) && this.distinctSoFar() >= this.limits.distinctLimit) this.startOverflow();
      if (this.overflow && !this.numbers.has(e.value)) (this.hll as HyperLogLog).addHash(hashNumber(e.value));
      else this.numbers.addCount(e.value, e.spelling, e.count);
    }
    if (!part.mayBeNumber && this.mayBeNumber) {
      this.mayBeNumber = false;
      this.moveNumbersToText();
    }
    for (let k = 0; k < part.texts.length; k++) {
      const bytes = Buffer.from(part.texts[k], 'utf8');
      const hash = hashBytes(bytes, 0, bytes.length);
      const at = this.texts.find(bytes, 0, bytes.length, hash);
      if (at >= 0) this.texts.counts[at] += part.textCounts[k];
      else if (this.frozen || this.overflow) (this.hll as HyperLogLog).addHash(hash);
      else if (this.distinctSoFar() >= this.limits.distinctLimit) this.startOverflow().addHash(hash);
      else this.texts.insert(bytes, 0, bytes.length, hash, part.texts[k], part.textCounts[k]);
    }
    if (part.hll) {
      (this.hll ?? this.startOverflow()).mergeRegisters(part.hll);
      this.overflow = true;
    }
    if (part.frozen) this.frozen = true;
    for (let i = 0; i < this.lengths.length; i++) this.lengths[i] += part.lengths[i];
    this.lengthSum += part.lengthSum;
    for (let i = 0; i < this.leads.length; i++) this.leads[i] |= part.leads[i];
    for (let i = 0; i < this.digitLeads.length; i++) this.digitLeads[i] |= part.digitLeads[i];
  }

  /** Distinct non-missing values: exact, or the HyperLogLog estimate past the cap. */
  distinct(): { count: number; method: 'exact' | 'hyperloglog' } {
    if (!this.overflow) return { count: this.distinctSoFar(), method: 'exact' };
    return { count: Math.max(this.distinctSoFar(), (this.hll as HyperLogLog).estimate()), method: 'hyperloglog' };
  }

  /** Frequencies by spelling, most frequent first (ties in first-seen order). */
  frequencies(): { value: string; count: number }[] {
    const out: { value: string; count: number }[] = [];
    for (const e of this.numbers.entries()) out.push({ value: e.spelling, count: e.count });
    for (const e of this.texts.entries()) out.push({ value: e.text, count: e.count });
    out.sort((a, b) => b.count - a.count);
    return out;
  }

  /** The distinct spellings counted, up to `limit` of them (for the boolean check). */
  spellings(limit: number): string[] {
    const out: string[] = [];
    for (const e of this.numbers.entries()) {
      if (out.length >= limit) return out;
      out.push(e.spelling);
    }
    for (let k = 0; k < this.texts.size && out.length < limit; k++) out.push(this.texts.text(k));
    return out;
  }
}

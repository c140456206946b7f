import type { RawValue } from '../format';
import type { Random } from '../random';
import {
  KIND_DATE, KIND_DECIMAL, KIND_INTEGER, KIND_LEADING_ZERO, KIND_OTHER, KIND_SCIENTIFIC,
  classifyText, createScanResult,
} from './classifyValue';
import { HyperLogLog, NumberCounter, NumberReservoir, hashNumber, hashString } from './sketches';
import { RunningMoments } from './statistics';

/** Misses past the distinct cap after which the hit rate of the counted values is checked. */
const FREEZE_WINDOW = 65_536;
/** Below this share of hits past the cap, text values stop being looked up. */
const FREEZE_HIT_SHARE = 0.1;

/** Up to this many distinct text values, lookups try a small direct-mapped cache before the Map. */
const SMALL_KEYS = 64;
/** Slots in that cache (a power of two). */
const TEXT_CACHE_SIZE = 256;

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

/** Moments and a reservoir of one reading of a column's numbers (or dates in ms). */
export class NumberAccumulator {
  readonly moments = new RunningMoments();
  readonly reservoir: NumberReservoir;
  constructor(capacity: number, rng: Random) {
    this.reservoir = new NumberReservoir(capacity, rng);
  }
  add(v: number): void {
    this.moments.add(v);
    this.reservoir.add(v);
  }
}

export interface AccumulatorLimits {
  exactRowLimit: number;
  distinctLimit: number;
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

  // Frequencies. Text cells read as numbers/dates are counted by value (no string hashing), the rest by text.
  readonly keys = new Map<string, number>();
  counts = new Int32Array(64);
  /** The stored keys by slot (the cache below holds these, never a cell string that may pin its chunk). */
  private readonly keyList: string[] = [];
  private readonly cacheKeys: (string | null)[] = new Array<string | null>(TEXT_CACHE_SIZE).fill(null);
  private readonly cacheSlots = new Int32Array(TEXT_CACHE_SIZE);
  readonly numbers = new NumberCounter();
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
   * Uniform sample of non-missing values as text, for identifier patterns, shapes and the share
   * of values with spaces; filled after the pass from a row-level sample (one draw per row, not per cell).
   */
  sample: string[] = [];
  private readonly scan = createScanResult();
  private longestToken = 0;
  /** Per ASCII character: bit 1 when some missing token starts with it, bit 2 when it is a token by itself. */
  private readonly tokenStarts = new Uint8Array(128);
  private emptyIsMissing = false;

  constructor(
    readonly name: string,
    readonly index: number,
    private readonly missingTokens: ReadonlySet<string>,
    private readonly limits: AccumulatorLimits,
    private readonly rng: Random,
  ) {
    for (const t of missingTokens) {
      if (t.length > this.longestToken) this.longestToken = t.length;
      if (t.length > 0 && t.charCodeAt(0) < 128) this.tokenStarts[t.charCodeAt(0)] |= t.length === 1 ? 3 : 1;
    }
    this.emptyIsMissing = missingTokens.has('');
  }

  /** Adds one cell. */
  add(raw: RawValue | undefined): void {
    if (raw === undefined || raw === null) {
      this.missing++;
      return;
    }
    if (typeof raw === 'string') {
      if (this.isMissingText(raw)) {
        this.missing++;
        return;
      }
      this.addText(raw);
      return;
    }
    this.addTyped(raw);
  }

  /** Same rule as `isMissing` in core/format: a token, also after trimming surrounding whitespace. */
  private isMissingText(s: string): boolean {
    const n = s.length;
    if (n === 0) return this.emptyIsMissing;
    const c0 = s.charCodeAt(0);
    // Most cells are longer than every token, or start with a character no token starts with:
    // skip hashing them here (numbers are never hashed at all; text is hashed once, by the frequency map).
    // One printable ASCII character (Y/N flags, codes): the table answers without hashing.
    if (n === 1 && c0 > 32 && c0 < 128) return (this.tokenStarts[c0] & 2) !== 0;
    if (n <= this.longestToken && (c0 >= 128 || this.tokenStarts[c0] !== 0) && this.missingTokens.has(s)) return true;
    return (c0 <= 32 || s.charCodeAt(n - 1) <= 32) && this.missingTokens.has(s.trim());
  }

  private addText(s: string): void {
    this.nonMissing++;
    const len = s.length;
    this.lengths[len < LENGTH_CAP ? len : LENGTH_CAP]++;
    this.lengthSum += len;
    if (!this.mayBeNumber) {
      this.count(s);
      return;
    }
    const scan = this.scan;
    const kind = classifyText(s, scan);
    switch (kind) {
      case KIND_INTEGER:
        this.integers++;
        if (scan.thousands) this.thousands++;
        this.addNumber(scan.value);
        this.countNumber(scan.value, s);
        break;
      case KIND_DECIMAL:
        this.decimals++;
        if (scan.thousands) this.thousands++;
        if (scan.decimals < this.decimalsMin) this.decimalsMin = scan.decimals;
        if (scan.decimals > this.decimalsMax) this.decimalsMax = scan.decimals;
        this.addNumber(scan.value);
        this.countNumber(scan.value, s);
        break;
      case KIND_SCIENTIFIC:
        this.scientific++;
        this.addNumber(scan.value);
        this.countNumber(scan.value, s);
        break;
      case KIND_LEADING_ZERO:
        this.leadingZeros++;
        this.count(s);
        break;
      case KIND_DATE:
        this.dates++;
        if (this.datePatternId !== scan.patternId) {
          if (this.datePatternId < 0) this.datePatternId = scan.patternId;
          else this.datePatternMixed = true;
        }
        this.dateFlags |= scan.dateFlags;
        if (scan.value === scan.value) {
          this.addNumber(scan.value);
          this.countNumber(scan.value, s);
        } else {
          this.dmyInvalid++;
          this.count(s);
        }
        if (scan.altValue === scan.altValue) {
          if (this.alt === null) this.alt = new NumberAccumulator(this.limits.exactRowLimit, this.rng.fork('alt'));
          this.alt.add(scan.altValue);
        } else this.mdyInvalid++;
        break;
      case KIND_OTHER:
      default:
        this.others++;
        this.mayBeNumber = false;
        this.moveNumbersToText();
        this.count(s);
        break;
    }
  }

  private addNumber(v: number): void {
    if (this.num === null) this.num = new NumberAccumulator(this.limits.exactRowLimit, this.rng.fork('num'));
    this.num.add(v);
  }

  private addTyped(raw: number | boolean | bigint | Date): void {
    let len: number;
    if (typeof raw === 'number') {
      if (raw !== raw) {
        this.missing++;
        return;
      }
      this.typedNumbers++;
      if (!Number.isInteger(raw)) this.typedNonIntegers++;
      this.addNumber(raw);
      this.countTypedNumber(raw, String);
      len = String(raw).length;
    } else if (typeof raw === 'bigint') {
      this.typedBigints++;
      const v = Number(raw);
      this.addNumber(v);
      const text = raw.toString();
      this.countTypedNumber(v, () => text);
      len = text.length;
    } else if (typeof raw === 'boolean') {
      this.typedBooleans++;
      const key = raw ? 'true' : 'false';
      this.count(key);
      len = key.length;
    } else {
      const t = raw.getTime();
      if (t !== t) {
        this.missing++;
        return;
      }
      this.typedDates++;
      if (t % 86_400_000 !== 0) this.typedDatesWithTime++;
      this.addNumber(t);
      this.countTypedNumber(t, (ms) => new Date(ms).toISOString());
      len = 24;
    }
    this.nonMissing++;
    this.lengths[len < LENGTH_CAP ? len : LENGTH_CAP]++;
    this.lengthSum += len;
  }

  private distinctSoFar(): number {
    return this.keys.size + this.numbers.size;
  }

  /** Starts estimating: a HyperLogLog seeded with every value counted so far. */
  private startOverflow(): HyperLogLog {
    this.overflow = true;
    const hll = new HyperLogLog();
    for (const k of this.keys.keys()) hll.add(k);
    const nums = this.numbers;
    for (const e of nums.entries()) hll.addHash(hashNumber(e.value));
    this.hll = hll;
    return hll;
  }

  private count(s: string): void {
    if (this.frozen) {
      (this.hll as HyperLogLog).addHash(hashString(s));
      return;
    }
    let cacheAt = -1;
    if (this.keys.size <= SMALL_KEYS) {
      // Few distinct values (sex, region, status…): a direct-mapped cache keyed by length and three
      // characters finds the stored key with one string comparison, where Map.get first hashes
      // every character of the (new, unhashed) cell string.
      const n = s.length;
      cacheAt = n === 0 ? 0 : (n * 31 + s.charCodeAt(0) * 7 + s.charCodeAt(n >> 1) * 3 + s.charCodeAt(n - 1)) & (TEXT_CACHE_SIZE - 1);
      if (this.cacheKeys[cacheAt] === s) {
        this.counts[this.cacheSlots[cacheAt]]++;
        if (this.overflow) this.postOverflowHits++;
        return;
      }
    }
    const slot = this.keys.get(s);
    if (slot !== undefined) {
      this.counts[slot]++;
      if (this.overflow) this.postOverflowHits++;
      if (cacheAt >= 0) {
        this.cacheKeys[cacheAt] = this.keyList[slot];
        this.cacheSlots[cacheAt] = slot;
      }
      return;
    }
    if (this.overflow) {
      (this.hll as HyperLogLog).addHash(hashString(s));
      // When the counted values stop recurring (e.g. free text, reference numbers), looking them up
      // costs a hash-table miss per cell for nothing: from then on only the HyperLogLog sees values.
      if (++this.postOverflowMisses === FREEZE_WINDOW) {
        if (this.postOverflowHits < FREEZE_HIT_SHARE * (this.postOverflowHits + this.postOverflowMisses)) this.frozen = true;
        this.postOverflowHits = 0;
        this.postOverflowMisses = 0;
      }
      return;
    }
    if (this.distinctSoFar() >= this.limits.distinctLimit) {
      this.startOverflow().addHash(hashString(s));
      return;
    }
    this.insertText(detach(s), 1);
  }

  private insertText(s: string, count: number): void {
    const size = this.keys.size;
    if (size === this.counts.length) {
      const bigger = new Int32Array(size * 2);
      bigger.set(this.counts);
      this.counts = bigger;
    }
    this.keys.set(s, size);
    this.keyList.push(s);
    this.counts[size] = count;
  }

  /**
   * Counts a number. Past the distinct cap only the HyperLogLog sees it: the column's distribution
   * then comes from the reservoir, so exact counts of the first values seen would add nothing but
   * cache misses.
   */
  private countNumber(v: number, s: string): void {
    if (this.overflow) {
      (this.hll as HyperLogLog).addHash(hashNumber(v));
      return;
    }
    if (this.numbers.increment(v)) return;
    if (this.distinctSoFar() < this.limits.distinctLimit) this.numbers.insert(v, detach(s));
    else this.startOverflow().addHash(hashNumber(v));
  }

  /** As {@link countNumber} for a typed value, spelling it only when it is new. */
  private countTypedNumber(v: number, spell: (v: number) => string): void {
    if (this.overflow) {
      (this.hll as HyperLogLog).addHash(hashNumber(v));
      return;
    }
    if (this.numbers.increment(v)) return;
    if (this.distinctSoFar() < this.limits.distinctLimit) this.numbers.insert(v, spell(v));
    else this.startOverflow().addHash(hashNumber(v));
  }

  /**
   * When a column turns out not to be numeric, the values counted by number move to the text
   * counts under their first spelling, so that frequencies are by text from then on.
   */
  private moveNumbersToText(): void {
    const nums = this.numbers;
    for (const e of nums.entries()) {
      const slot = this.keys.get(e.spelling);
      if (slot !== undefined) this.counts[slot] += e.count;
      else this.insertText(e.spelling, e.count);
    }
    nums.clear();
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
    for (const [value, slot] of this.keys) out.push({ value, count: this.counts[slot] });
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
    for (const k of this.keys.keys()) {
      if (out.length >= limit) break;
      out.push(k);
    }
    return out;
  }
}

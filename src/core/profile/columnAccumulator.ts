import type { RawValue } from '../format';
import type { Random } from '../random';
import {
  KIND_DATE, KIND_DECIMAL, KIND_INTEGER, KIND_LEADING_ZERO, KIND_OTHER, KIND_SCIENTIFIC,
  classifyText, createScanResult,
} from './classifyValue';
import { HyperLogLog, NumberReservoir, ReservoirSkipper } from './sketches';
import { RunningMoments } from './statistics';

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
  sampleSize: number;
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

  // Frequencies: key → slot in counts.
  readonly keys = new Map<string, number>();
  counts = new Int32Array(64);
  overflow = false;
  hll: HyperLogLog | null = null;

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
  /** Cells containing a space, counted once the column cannot be numeric. */
  withSpace = 0;
  spaceChecked = 0;

  /** Uniform sample of non-missing values as text, for identifier patterns and shapes. */
  readonly sample: string[] = [];
  private readonly sampleSkipper: ReservoirSkipper;
  private readonly scan = createScanResult();

  constructor(
    readonly name: string,
    readonly index: number,
    private readonly missingTokens: ReadonlySet<string>,
    private readonly limits: AccumulatorLimits,
    private readonly rng: Random,
  ) {
    this.sampleSkipper = new ReservoirSkipper(limits.sampleSize, rng.fork('sample'));
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
    const tokens = this.missingTokens;
    if (tokens.has(s)) return true;
    const n = s.length;
    return n > 0 && (s.charCodeAt(0) <= 32 || s.charCodeAt(n - 1) <= 32) && tokens.has(s.trim());
  }

  private addText(s: string): void {
    this.nonMissing++;
    const len = s.length;
    this.lengths[len < LENGTH_CAP ? len : LENGTH_CAP]++;
    this.lengthSum += len;
    this.count(s);
    const slot = this.sampleSkipper.offer();
    if (slot >= 0) this.sample[slot] = detach(s);
    if (!this.mayBeNumber) {
      this.spaceChecked++;
      if (s.indexOf(' ') >= 0) this.withSpace++;
      return;
    }
    const scan = this.scan;
    const kind = classifyText(s, scan);
    switch (kind) {
      case KIND_INTEGER:
        this.integers++;
        if (scan.thousands) this.thousands++;
        this.addNumber(scan.value);
        break;
      case KIND_DECIMAL:
        this.decimals++;
        if (scan.thousands) this.thousands++;
        if (scan.decimals < this.decimalsMin) this.decimalsMin = scan.decimals;
        if (scan.decimals > this.decimalsMax) this.decimalsMax = scan.decimals;
        this.addNumber(scan.value);
        break;
      case KIND_SCIENTIFIC:
        this.scientific++;
        this.addNumber(scan.value);
        break;
      case KIND_LEADING_ZERO:
        this.leadingZeros++;
        break;
      case KIND_DATE:
        this.dates++;
        if (this.datePatternId !== scan.patternId) {
          if (this.datePatternId < 0) this.datePatternId = scan.patternId;
          else this.datePatternMixed = true;
        }
        this.dateFlags |= scan.dateFlags;
        if (scan.value === scan.value) this.addNumber(scan.value);
        else this.dmyInvalid++;
        if (scan.altValue === scan.altValue) {
          if (this.alt === null) this.alt = new NumberAccumulator(this.limits.exactRowLimit, this.rng.fork('alt'));
          this.alt.add(scan.altValue);
        } else this.mdyInvalid++;
        break;
      case KIND_OTHER:
      default:
        this.others++;
        this.mayBeNumber = false;
        this.spaceChecked++;
        if (s.indexOf(' ') >= 0) this.withSpace++;
        break;
    }
  }

  private addNumber(v: number): void {
    if (this.num === null) this.num = new NumberAccumulator(this.limits.exactRowLimit, this.rng.fork('num'));
    this.num.add(v);
  }

  private addTyped(raw: number | boolean | bigint | Date): void {
    let key: string;
    if (typeof raw === 'number') {
      if (raw !== raw) {
        this.missing++;
        return;
      }
      this.typedNumbers++;
      if (!Number.isInteger(raw)) this.typedNonIntegers++;
      this.addNumber(raw);
      key = String(raw);
    } else if (typeof raw === 'bigint') {
      this.typedBigints++;
      this.addNumber(Number(raw));
      key = raw.toString();
    } else if (typeof raw === 'boolean') {
      this.typedBooleans++;
      key = raw ? 'true' : 'false';
    } else {
      const t = raw.getTime();
      if (t !== t) {
        this.missing++;
        return;
      }
      this.typedDates++;
      if (t % 86_400_000 !== 0) this.typedDatesWithTime++;
      this.addNumber(t);
      key = raw.toISOString();
    }
    this.nonMissing++;
    const len = key.length;
    this.lengths[len < LENGTH_CAP ? len : LENGTH_CAP]++;
    this.lengthSum += len;
    this.count(key);
    const slot = this.sampleSkipper.offer();
    if (slot >= 0) this.sample[slot] = key;
  }

  private count(s: string): void {
    const slot = this.keys.get(s);
    if (slot !== undefined) {
      this.counts[slot]++;
      return;
    }
    if (this.overflow) {
      (this.hll as HyperLogLog).add(s);
      return;
    }
    const size = this.keys.size;
    if (size >= this.limits.distinctLimit) {
      // Past the cap: estimate the distinct count with HyperLogLog from here on, seeded with every key so far.
      this.overflow = true;
      const hll = new HyperLogLog();
      for (const k of this.keys.keys()) hll.add(k);
      hll.add(s);
      this.hll = hll;
      return;
    }
    if (size === this.counts.length) {
      const bigger = new Int32Array(size * 2);
      bigger.set(this.counts);
      this.counts = bigger;
    }
    this.keys.set(detach(s), size);
    this.counts[size] = 1;
  }

  /** Distinct non-missing values: exact, or the HyperLogLog estimate past the cap. */
  distinct(): { count: number; method: 'exact' | 'hyperloglog' } {
    if (!this.overflow) return { count: this.keys.size, method: 'exact' };
    return { count: Math.max(this.keys.size, (this.hll as HyperLogLog).estimate()), method: 'hyperloglog' };
  }

  /** Frequencies, most frequent first (ties in first-seen order). */
  frequencies(): { value: string; count: number }[] {
    const out: { value: string; count: number }[] = [];
    for (const [value, slot] of this.keys) out.push({ value, count: this.counts[slot] });
    out.sort((a, b) => b.count - a.count);
    return out;
  }

  /** Count of one exact key (0 when absent or not counted). */
  countOf(key: string): number {
    const slot = this.keys.get(key);
    return slot === undefined ? 0 : this.counts[slot];
  }
}

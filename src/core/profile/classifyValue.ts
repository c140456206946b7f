import { daysFromCivil, daysInMonth } from '../format/date';
import { Utf8Scratch } from './textBytes';

/**
 * One-pass, allocation-free classification of a text cell: is it an integer, a
 * decimal, a date or datetime (and in which pattern), or something else? The
 * profiler calls this once per cell while a column may still be numeric, so it
 * is a hand-written character scan (no regular expressions, no substrings).
 * Results beyond the returned kind are left in a caller-owned {@link ScanResult}.
 */

/** Plain integer without a leading zero (`0`, `-12`, `1,234`). */
export const KIND_INTEGER = 1;
/** Digits with a leading zero (`007`): a code, not a number. */
export const KIND_LEADING_ZERO = 2;
/** Decimal with a point (`3.50`); `scan.decimals` holds the digits after the point. */
export const KIND_DECIMAL = 3;
/** Scientific notation (`1.5e3`). */
export const KIND_SCIENTIFIC = 4;
/** A date or datetime in one of the recognised patterns; see `scan.patternId`. */
export const KIND_DATE = 5;
/** Anything else. */
export const KIND_OTHER = 6;

/** Flags describing how a date was written, OR-ed together per column. */
export const DATE_FIRST_ONE_DIGIT = 1; // first day/month field written with one digit
export const DATE_SECOND_ONE_DIGIT = 2;
export const DATE_FIRST_OVER_12 = 4; // first field of a numeric d/m/y (or m/d/y) date is > 12: day first
export const DATE_SECOND_OVER_12 = 8; // second field > 12: month first
export const DATE_FIRST_TWO_DIGIT_ZERO = 16; // first field zero-padded (`05`)
export const DATE_SECOND_TWO_DIGIT_ZERO = 32;
export const DATE_MONTH_UPPER = 64; // month name in capitals (`JAN`)
export const DATE_HOUR_ONE_DIGIT = 128;

/** Field orders of a date part. */
export const ORDER_YMD = 0;
export const ORDER_NUMERIC_DMY_OR_MDY = 1;
export const ORDER_D_MON_Y = 2;

const SEPARATORS = '-/. ';

/** Where {@link classifyText} leaves its results (one per caller, reused to avoid allocation). */
export interface ScanResult {
  /** The number, or the date in epoch ms UTC (day-first reading for ambiguous numeric dates). */
  value: number;
  /** Month-first reading of an ambiguous numeric date (NaN when impossible or not ambiguous). */
  altValue: number;
  decimals: number;
  thousands: boolean;
  /** Identifies the exact written pattern (order, separator, time style, `T`, `Z`, fraction digits). */
  patternId: number;
  dateFlags: number;
}

/** A fresh result holder for {@link classifyText}. */
export function createScanResult(): ScanResult {
  return { value: 0, altValue: NaN, decimals: 0, thousands: false, patternId: -1, dateFlags: 0 };
}


const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

const scratch = new Utf8Scratch();

// The cell being classified: bytes B[BASE, BASE + N). Module state instead of parameters keeps the
// helpers' signatures short in this hot path; classifyBytes sets it and nothing here is re-entrant.
let B: Uint8Array = new Uint8Array(0);
let BASE = 0;
let N = 0;

/** The cell's byte at i, or -1 past its end (as charCodeAt's NaN: never a digit or a separator). */
function at(i: number): number {
  return i < N ? B[BASE + i] : -1;
}

/** The cell as text, for the rare values that go to Number() (over 15 digits, exponents). */
function cellText(): string {
  return Buffer.from(B.buffer, B.byteOffset + BASE, N).toString('utf8');
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Classifies one non-missing text cell; numbers and dates leave their value in `scan.value`.
 * @example classifyText('1,234.50', r) // => KIND_DECIMAL; r.value 1234.5, r.decimals 2, r.thousands true
 */
export function classifyText(s: string, scan: ScanResult): number {
  const b = scratch.write(s);
  return classifyBytes(b, 0, scratch.length, scan);
}

/**
 * {@link classifyText} for the bytes `b[start, end)` of UTF-8 text (the delimited reader's cells):
 * every character the patterns accept is ASCII, so bytes classify exactly as the decoded text does.
 */
export function classifyBytes(b: Uint8Array, start: number, end: number, scan: ScanResult): number {
  B = b;
  BASE = start;
  N = end - start;
  const n = N;
  if (n === 0) return KIND_OTHER;
  // The commonest dates, yyyy-MM-dd and yyyy-MM-dd HH:mm:ss, read directly; anything unusual
  // about one (a bad day, an hour of 24) goes the general way below.
  if ((n === 10 || n === 19) && b[start + 4] === 45 && b[start + 7] === 45 && isoDateFast(b, start, n, scan)) return KIND_DATE;
  const c0 = at(0);
  if (isDigit(c0)) {
    // Dates start with 1, 2 or 4 digits followed by a separator; numbers never have '-', '/' or ' ' after digits.
    let j = 1;
    while (j < n && j < 5 && isDigit(at(j))) j++;
    if (j < n && (j === 1 || j === 2 || j === 4)) {
      const sep = at(j);
      if (sep === 45 || sep === 47 || (sep === 32 && j <= 2) || (sep === 46 && j <= 2 && n >= 8 && !isDigitRunToEnd(j + 1))) {
        return classifyDate(j, scan);
      }
    }
    return classifyNumber(0, scan);
  }
  if (c0 === 45 && n > 1) return classifyNumber(1, scan);
  if (c0 === 46 && n > 1) return classifyNumber(0, scan);
  return KIND_OTHER;
}

/** Two ASCII digits at i as a number, or -1. */
function twoDigits(b: Uint8Array, i: number): number {
  const h = b[i] - 48;
  const l = b[i + 1] - 48;
  return h >= 0 && h <= 9 && l >= 0 && l <= 9 ? h * 10 + l : -1;
}

const ISO_DATE_ID = patternIdOf(ORDER_YMD, 0, 0, 0, 0, 0);
const ISO_DATETIME_ID = patternIdOf(ORDER_YMD, 0, 2, 0, 0, 0);

/**
 * `yyyy-MM-dd` (n = 10) or `yyyy-MM-dd HH:mm:ss` (n = 19) at b[i], the dashes already checked:
 * fills `scan` exactly as {@link classifyDate} would and returns true, or false to leave it to it.
 */
function isoDateFast(b: Uint8Array, i: number, n: number, scan: ScanResult): boolean {
  const hi = twoDigits(b, i);
  const lo = twoDigits(b, i + 2);
  const m = twoDigits(b, i + 5);
  const d = twoDigits(b, i + 8);
  if (hi < 1 || lo < 0 || !validDay(hi * 100 + lo, m, d)) return false;
  let time = 0;
  if (n === 19) {
    if (b[i + 10] !== 32 || b[i + 13] !== 58 || b[i + 16] !== 58) return false;
    const hh = twoDigits(b, i + 11);
    const mi = twoDigits(b, i + 14);
    const ss = twoDigits(b, i + 17);
    if (hh < 0 || hh > 23 || mi < 0 || mi > 59 || ss < 0 || ss > 59) return false;
    time = ((hh * 60 + mi) * 60 + ss) * 1000;
  }
  scan.dateFlags = 0;
  scan.altValue = NaN;
  scan.value = daysFromCivil(hi * 100 + lo, m, d) * 86_400_000 + time;
  scan.patternId = n === 19 ? ISO_DATETIME_ID : ISO_DATE_ID;
  return true;
}

/** Whether s[i..] is all digits (then `12.5` is a decimal, not a dotted date). */
function isDigitRunToEnd(i: number): boolean {
  for (let k = i; k < N; k++) if (!isDigit(at(k))) return false;
  return true;
}

function classifyNumber(start: number, scan: ScanResult): number {
  const n = N;
  let i = start;
  let v = 0;
  let digits = 0;
  let groupLen = -1;
  let thousands = false;
  let c = 0;
  while (i < n) {
    c = at(i);
    if (isDigit(c)) {
      v = v * 10 + (c - 48);
      digits++;
      if (groupLen >= 0) groupLen++;
      i++;
    } else if (c === 44) {
      if (groupLen < 0 ? digits === 0 || digits > 3 : groupLen !== 3) return KIND_OTHER;
      groupLen = 0;
      thousands = true;
      i++;
    } else break;
  }
  if (thousands && groupLen !== 3) return KIND_OTHER;
  const neg = start === 1;
  const leadingZero = digits > 1 && at(start) === 48;
  scan.thousands = thousands;
  if (i === n) {
    if (digits === 0) return KIND_OTHER;
    if (leadingZero) return KIND_LEADING_ZERO;
    if (digits > 15) v = Number(thousands ? cellText().replace(/,/g, '') : cellText());
    scan.value = neg ? -v : v;
    scan.decimals = 0;
    return KIND_INTEGER;
  }
  if (leadingZero) return KIND_OTHER;
  let total = digits;
  if (c === 46) {
    i++;
    let frac = 0;
    while (i < n) {
      c = at(i);
      if (!isDigit(c)) break;
      v = v * 10 + (c - 48);
      frac++;
      i++;
    }
    total += frac;
    if (frac === 0 || total === 0) return KIND_OTHER;
    if (i === n) {
      // Both operands are exact below 2^53, so one division gives the correctly rounded value, as Number(s) would.
      if (total > 15 || frac > 22) v = Number(thousands ? cellText().replace(/,/g, '') : cellText());
      else v = v / POW10[frac];
      scan.value = neg ? -v : v;
      scan.decimals = frac;
      return KIND_DECIMAL;
    }
  }
  if ((c === 101 || c === 69) && total > 0 && !thousands) {
    const x = Number(cellText());
    if (Number.isFinite(x)) {
      scan.value = x;
      scan.decimals = 0;
      return KIND_SCIENTIFIC;
    }
  }
  return KIND_OTHER;
}

/** Reads 1–`max` digits at i; returns the value, or -1. Sets `lastLen`. */
let lastLen = 0;
function readInt(i: number, min: number, max: number): number {
  let v = 0;
  let k = 0;
  while (k < max && i + k < N) {
    const c = at(i + k);
    if (!isDigit(c)) break;
    v = v * 10 + (c - 48);
    k++;
  }
  lastLen = k;
  return k >= min ? v : -1;
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Month 1–12 from a three-letter English abbreviation at i, or -1; title case or capitals only. */
function readMonthName(i: number, scan: ScanResult): number {
  if (i + 3 > N) return -1;
  const a = at(i);
  const b = at(i + 1);
  const c = at(i + 2);
  if (a < 65 || a > 90) return -1;
  const upper = b >= 65 && b <= 90;
  if (upper !== (c >= 65 && c <= 90)) return -1;
  if (!upper && (b < 97 || b > 122 || c < 97 || c > 122)) return -1;
  const a1 = a | 32;
  const b1 = b | 32;
  const c1 = c | 32;
  for (let m = 0; m < 12; m++) {
    const name = MONTH_NAMES[m];
    if (name.charCodeAt(0) === a1 && name.charCodeAt(1) === b1 && name.charCodeAt(2) === c1) {
      if (upper) scan.dateFlags |= DATE_MONTH_UPPER;
      return m + 1;
    }
  }
  return -1;
}

function validDay(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

function classifyDate(firstLen: number, scan: ScanResult): number {
  const n = N;
  scan.dateFlags = 0;
  scan.altValue = NaN;
  const sepCode = at(firstLen);
  const sepIndex = SEPARATORS.indexOf(String.fromCharCode(sepCode));
  let order: number;
  let y = 0;
  let m = 0;
  let d = 0;
  let m2 = 0; // month-first reading
  let d2 = 0;
  let i: number;
  const a = readInt(0, firstLen, firstLen);
  if (firstLen === 4) {
    // yyyy-MM-dd or yyyy/MM/dd
    if (sepCode !== 45 && sepCode !== 47) return KIND_OTHER;
    order = ORDER_YMD;
    y = a;
    i = firstLen + 1;
    m = readInt(i, 1, 2);
    if (m < 0) return KIND_OTHER;
    if (lastLen === 1) scan.dateFlags |= DATE_FIRST_ONE_DIGIT;
    i += lastLen;
    if (at(i) !== sepCode) return KIND_OTHER;
    i++;
    d = readInt(i, 1, 2);
    if (d < 0) return KIND_OTHER;
    if (lastLen === 1) scan.dateFlags |= DATE_SECOND_ONE_DIGIT;
    i += lastLen;
    if (!validDay(y, m, d)) return KIND_OTHER;
  } else {
    if (firstLen === 1) scan.dateFlags |= DATE_FIRST_ONE_DIGIT;
    else if (at(0) === 48) scan.dateFlags |= DATE_FIRST_TWO_DIGIT_ZERO;
    i = firstLen + 1;
    const mon = readMonthName(i, scan);
    if (mon > 0) {
      // dd-MMM-yyyy or dd MMM yyyy
      order = ORDER_D_MON_Y;
      i += 3;
      if (at(i) !== sepCode) return KIND_OTHER;
      i++;
      y = readInt(i, 4, 4);
      if (y < 0) return KIND_OTHER;
      i += 4;
      d = a;
      m = mon;
      if (!validDay(y, m, d)) return KIND_OTHER;
    } else {
      if (sepCode === 32) return KIND_OTHER;
      order = ORDER_NUMERIC_DMY_OR_MDY;
      const b = readInt(i, 1, 2);
      if (b < 0) return KIND_OTHER;
      if (lastLen === 1) scan.dateFlags |= DATE_SECOND_ONE_DIGIT;
      else if (at(i) === 48) scan.dateFlags |= DATE_SECOND_TWO_DIGIT_ZERO;
      i += lastLen;
      if (at(i) !== sepCode) return KIND_OTHER;
      i++;
      y = readInt(i, 4, 4);
      if (y < 0) return KIND_OTHER;
      i += 4;
      if (a > 12) scan.dateFlags |= DATE_FIRST_OVER_12;
      if (b > 12) scan.dateFlags |= DATE_SECOND_OVER_12;
      d = a;
      m = b;
      d2 = b;
      m2 = a;
      const dmy = validDay(y, m, d);
      const mdy = validDay(y, m2, d2);
      if (!dmy && !mdy) return KIND_OTHER;
      if (!dmy) { m = 0; d = 0; }
      if (!mdy) { m2 = 0; d2 = 0; }
    }
  }
  // Optional time: (' ' | 'T') H[H]:mm[:ss[.S…]] ['Z']
  let timeStyle = 0;
  let tSep = 0;
  let zulu = 0;
  let fracDigits = 0;
  let hh = 0;
  let mi = 0;
  let ss = 0;
  let ms = 0;
  if (i < n) {
    const t = at(i);
    if (t !== 32 && t !== 84) return KIND_OTHER;
    tSep = t === 84 ? 1 : 0;
    i++;
    hh = readInt(i, 1, 2);
    if (hh < 0 || hh > 23) return KIND_OTHER;
    if (lastLen === 1) scan.dateFlags |= DATE_HOUR_ONE_DIGIT;
    i += lastLen;
    if (at(i) !== 58) return KIND_OTHER;
    mi = readInt(i + 1, 2, 2);
    if (mi < 0 || mi > 59) return KIND_OTHER;
    i += 3;
    timeStyle = 1;
    if (i < n && at(i) === 58) {
      ss = readInt(i + 1, 2, 2);
      if (ss < 0 || ss > 59) return KIND_OTHER;
      i += 3;
      timeStyle = 2;
      if (i < n && at(i) === 46) {
        i++;
        let f = 0;
        while (i < n && isDigit(at(i)) && fracDigits < 9) {
          f = f * 10 + (at(i) - 48);
          fracDigits++;
          i++;
        }
        if (fracDigits === 0) return KIND_OTHER;
        ms = Math.floor((f / POW10[fracDigits]) * 1000 + 1e-9);
        timeStyle = 3;
      }
    }
    if (i < n && at(i) === 90) {
      zulu = 1;
      i++;
    }
    if (i !== n) return KIND_OTHER;
  }
  if (y < 100) return KIND_OTHER; // years 0000–0099 are not dates in any source we read
  const time = ((hh * 60 + mi) * 60 + ss) * 1000 + ms;
  if (order === ORDER_NUMERIC_DMY_OR_MDY) {
    scan.value = d > 0 ? daysFromCivil(y, m, d) * 86_400_000 + time : NaN;
    scan.altValue = d2 > 0 ? daysFromCivil(y, m2, d2) * 86_400_000 + time : NaN;
  } else {
    scan.value = daysFromCivil(y, m, d) * 86_400_000 + time;
  }
  scan.patternId = patternIdOf(order, sepIndex, timeStyle, tSep, zulu, fracDigits);
  return KIND_DATE;
}

/** The number that identifies a written date pattern (see {@link decodePatternId}). */
function patternIdOf(order: number, sepIndex: number, timeStyle: number, tSep: number, zulu: number, fracDigits: number): number {
  return ((((order * 4 + sepIndex) * 4 + timeStyle) * 2 + tSep) * 2 + zulu) * 10 + fracDigits;
}

/** Decoded form of a `scan.patternId`. */
export interface DatePatternParts {
  order: number;
  separator: string;
  /** 0 none, 1 HH:mm, 2 HH:mm:ss, 3 HH:mm:ss.S… */
  timeStyle: number;
  tSeparator: boolean;
  zulu: boolean;
  fractionDigits: number;
}

export function decodePatternId(id: number): DatePatternParts {
  const fractionDigits = id % 10;
  let r = Math.floor(id / 10);
  const zulu = r % 2 === 1;
  r = Math.floor(r / 2);
  const tSeparator = r % 2 === 1;
  r = Math.floor(r / 2);
  const timeStyle = r % 4;
  r = Math.floor(r / 4);
  const separator = SEPARATORS[r % 4];
  const order = Math.floor(r / 4);
  return { order, separator, timeStyle, tSeparator, zulu, fractionDigits };
}

/**
 * The LDML pattern of a column's dates from its pattern id, the OR of its date flags
 * and, for numeric d/m/y dates, whether the month comes first.
 * @example datePatternOf(idOf('29/12/2020'), flags, false) // => 'dd/MM/yyyy'
 */
export function datePatternOf(id: number, flags: number, monthFirst: boolean): { pattern: string; hasTime: boolean } {
  const p = decodePatternId(id);
  const sep = p.separator;
  const f1 = flags & DATE_FIRST_ONE_DIGIT ? 1 : 2;
  const f2 = flags & DATE_SECOND_ONE_DIGIT ? 1 : 2;
  let date: string;
  if (p.order === ORDER_YMD) {
    date = `yyyy${sep}${'M'.repeat(f1)}${sep}${'d'.repeat(f2)}`;
  } else if (p.order === ORDER_D_MON_Y) {
    date = `${'d'.repeat(f1)}${sep}${flags & DATE_MONTH_UPPER ? 'NNN' : 'MMM'}${sep}yyyy`;
  } else {
    const first = monthFirst ? 'M' : 'd';
    const second = monthFirst ? 'd' : 'M';
    date = `${first.repeat(f1)}${sep}${second.repeat(f2)}${sep}yyyy`;
  }
  if (p.timeStyle === 0) return { pattern: date, hasTime: false };
  let time = (flags & DATE_HOUR_ONE_DIGIT ? 'H' : 'HH') + ':mm';
  if (p.timeStyle >= 2) time += ':ss';
  if (p.timeStyle === 3) time += '.' + 'S'.repeat(p.fractionDigits);
  const pattern = date + (p.tSeparator ? "'T'" : ' ') + time + (p.zulu ? "'Z'" : '');
  return { pattern, hasTime: true };
}

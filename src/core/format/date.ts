import { inputError } from '../errors';
import { t } from '../l10n';

/**
 * Date patterns in Unicode LDML letters (the subset sources actually use):
 *
 *   yyyy  4-digit year          MM / M   month, 2-digit / 1–2 digits
 *   dd / d  day                 MMM      month abbreviation `Jan`…`Dec` (as written in English)
 *   MMMM  full month name       HH / H   hour 0–23, 2-digit / 1–2 digits
 *   hh / h hour 1–12 with `a`   a        `AM` / `PM`
 *   mm    minute                ss       second
 *   S…S   fraction of a second (SSS = milliseconds; more S's are read and written zero-padded)
 *   'text' literal text (`''` is a single quote); any other non-letter is literal.
 *
 * Extension (not LDML): `NNN` is the month abbreviation in capitals (`JAN`), as written by SAS
 * and Oracle (`01-JAN-2020` is `dd-NNN-yyyy`). Month names match with their exact case, so
 * that a formatted date is spelled as the source spelled it.
 *
 * Dates are epoch milliseconds, UTC (proleptic Gregorian; years 0001–9999).
 */

type Field = 'year' | 'month' | 'day' | 'hour' | 'hour12' | 'minute' | 'second' | 'fraction';
type Token =
  | { t: 'lit'; text: string }
  | { t: 'num'; field: Field; min: number; max: number }
  | { t: 'name'; names: readonly string[] }
  | { t: 'ampm' };

interface CompiledPattern { tokens: Token[]; fractionDigits: number }

const MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const MONTHS_UPPER = MONTHS_SHORT.map((m) => m.toUpperCase());
const MONTHS_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;
const MS_PER_DAY = 86_400_000;

const cache = new Map<string, CompiledPattern>();

function compile(pattern: string): CompiledPattern {
  const hit = cache.get(pattern);
  if (hit) return hit;
  const tokens: Token[] = [];
  let fractionDigits = 0;
  const pushLit = (text: string): void => {
    const last = tokens[tokens.length - 1];
    if (last && last.t === 'lit') last.text += text;
    else tokens.push({ t: 'lit', text });
  };
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (ch === "'") {
      if (pattern[i + 1] === "'") { pushLit("'"); i += 2; continue; }
      const close = pattern.indexOf("'", i + 1);
      if (close < 0) throw inputError(t('date pattern {0} has an unclosed quote', JSON.stringify(pattern)));
      // '' inside a quoted run is an escaped quote.
      let text = '';
      let j = i + 1;
      for (;;) {
        const k = pattern.indexOf("'", j);
        if (k < 0) throw inputError(t('date pattern {0} has an unclosed quote', JSON.stringify(pattern)));
        text += pattern.slice(j, k);
        if (pattern[k + 1] === "'") { text += "'"; j = k + 2; continue; }
        i = k + 1;
        break;
      }
      pushLit(text);
      continue;
    }
    if (!/[A-Za-z]/.test(ch)) { pushLit(ch); i++; continue; }
    let j = i;
    while (j < pattern.length && pattern[j] === ch) j++;
    const run = j - i;
    const letters = pattern.slice(i, j);
    i = j;
    switch (ch) {
      case 'y':
        if (run !== 4) throw unsupported(pattern, letters);
        tokens.push({ t: 'num', field: 'year', min: 4, max: 4 });
        break;
      case 'M':
        if (run === 1 || run === 2) tokens.push({ t: 'num', field: 'month', min: run, max: 2 });
        else if (run === 3) tokens.push({ t: 'name', names: MONTHS_SHORT });
        else if (run === 4) tokens.push({ t: 'name', names: MONTHS_LONG });
        else throw unsupported(pattern, letters);
        break;
      case 'N':
        if (run !== 3) throw unsupported(pattern, letters);
        tokens.push({ t: 'name', names: MONTHS_UPPER });
        break;
      case 'd':
      case 'H':
      case 'h':
      case 'm':
      case 's': {
        if (run > 2) throw unsupported(pattern, letters);
        const field: Field = ch === 'd' ? 'day' : ch === 'H' ? 'hour' : ch === 'h' ? 'hour12' : ch === 'm' ? 'minute' : 'second';
        tokens.push({ t: 'num', field, min: run, max: 2 });
        break;
      }
      case 'S':
        if (run > 9) throw unsupported(pattern, letters);
        fractionDigits = run;
        tokens.push({ t: 'num', field: 'fraction', min: run, max: run });
        break;
      case 'a':
        if (run !== 1) throw unsupported(pattern, letters);
        tokens.push({ t: 'ampm' });
        break;
      default:
        throw unsupported(pattern, letters);
    }
  }
  const compiled = { tokens, fractionDigits };
  if (cache.size > 256) cache.clear();
  cache.set(pattern, compiled);
  return compiled;
}

function unsupported(pattern: string, letters: string): Error {
  return inputError(t('date pattern {0}: "{1}" is not supported (use yyyy MM M dd d MMM HH mm ss SSS and \'quoted\' text)', JSON.stringify(pattern), letters));
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant, "chrono-compatible low-level date algorithms"). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of {@link daysFromCivil}: writes [year, month, day] into `out`. */
function civilFromDays(days: number, out: Int32Array): void {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  out[0] = yoe + era * 400 + (m <= 2 ? 1 : 0);
  out[1] = m;
  out[2] = d;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Number of days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Reads `text` with an LDML `pattern` and returns epoch milliseconds UTC, or null when the text
 * does not match the pattern exactly or is not a real date/time (31/02/2020, 0000-00-00, 25:00).
 * Fields the pattern lacks default to 1970-01-01 00:00:00.000.
 * @example parseDate('29/12/2020', 'dd/MM/yyyy') // => 1609200000000
 * @throws inputError when the pattern uses unsupported letters.
 */
export function parseDate(text: string, pattern: string): number | null {
  const { tokens } = compile(pattern);
  let pos = 0;
  const n = text.length;
  let year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, ms = 0;
  let hour12 = -1, pm = -1;
  for (let k = 0; k < tokens.length; k++) {
    const tok = tokens[k];
    if (tok.t === 'lit') {
      if (!text.startsWith(tok.text, pos)) return null;
      pos += tok.text.length;
    } else if (tok.t === 'num') {
      let v = 0;
      let digits = 0;
      while (digits < tok.max && pos < n) {
        const c = text.charCodeAt(pos);
        if (c < 48 || c > 57) break;
        v = v * 10 + (c - 48);
        pos++;
        digits++;
      }
      if (digits < tok.min) return null;
      switch (tok.field) {
        case 'year': year = v; break;
        case 'month': month = v; break;
        case 'day': day = v; break;
        case 'hour': hour = v; break;
        case 'hour12': hour12 = v; break;
        case 'minute': minute = v; break;
        case 'second': second = v; break;
        case 'fraction': ms = fractionMs(v, digits); break;
      }
    } else if (tok.t === 'name') {
      let found = -1;
      for (let m = 0; m < 12; m++) {
        if (text.startsWith(tok.names[m], pos)) { found = m; break; }
      }
      if (found < 0) return null;
      month = found + 1;
      pos += tok.names[found].length;
    } else {
      if (text.startsWith('AM', pos)) pm = 0;
      else if (text.startsWith('PM', pos)) pm = 1;
      else return null;
      pos += 2;
    }
  }
  if (pos !== n) return null;
  return dateFromFields(year, month, day, hour, hour12, pm, minute, second, ms);
}

/**
 * {@link parseDate} of the text of `b[start, end)` (UTF-8), read from the bytes: for ASCII text
 * each byte is the character, so the same steps give the same answer without a string. Non-ASCII
 * text (where bytes and characters differ) is decoded and given to {@link parseDate}.
 */
export function parseDateBytes(b: Uint8Array, start: number, end: number, pattern: string): number | null {
  for (let i = start; i < end; i++) if (b[i] >= 0x80) return parseDate(Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8', start, end), pattern);
  const { tokens } = compile(pattern);
  let pos = start;
  let year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, ms = 0;
  let hour12 = -1, pm = -1;
  for (let k = 0; k < tokens.length; k++) {
    const tok = tokens[k];
    if (tok.t === 'lit') {
      if (!bytesStartWith(b, pos, end, tok.text)) return null;
      pos += tok.text.length;
    } else if (tok.t === 'num') {
      let v = 0;
      let digits = 0;
      while (digits < tok.max && pos < end) {
        const c = b[pos];
        if (c < 48 || c > 57) break;
        v = v * 10 + (c - 48);
        pos++;
        digits++;
      }
      if (digits < tok.min) return null;
      switch (tok.field) {
        case 'year': year = v; break;
        case 'month': month = v; break;
        case 'day': day = v; break;
        case 'hour': hour = v; break;
        case 'hour12': hour12 = v; break;
        case 'minute': minute = v; break;
        case 'second': second = v; break;
        case 'fraction': ms = fractionMs(v, digits); break;
      }
    } else if (tok.t === 'name') {
      let found = -1;
      for (let m = 0; m < 12; m++) {
        if (bytesStartWith(b, pos, end, tok.names[m])) { found = m; break; }
      }
      if (found < 0) return null;
      month = found + 1;
      pos += tok.names[found].length;
    } else {
      if (bytesStartWith(b, pos, end, 'AM')) pm = 0;
      else if (bytesStartWith(b, pos, end, 'PM')) pm = 1;
      else return null;
      pos += 2;
    }
  }
  if (pos !== end) return null;
  return dateFromFields(year, month, day, hour, hour12, pm, minute, second, ms);
}

/** Milliseconds of a fraction of a second written with `digits` digits (beyond 3, truncated). */
function fractionMs(v: number, digits: number): number {
  return digits <= 3 ? v * 10 ** (3 - digits) : Math.floor(v / 10 ** (digits - 3));
}

/**
 * Epoch milliseconds of the fields {@link parseDate} and {@link parseDateBytes} read, or null when
 * they are not a real date/time; `hour12` (−1 when absent) with `pm` (1 PM, else AM) sets the hour.
 */
function dateFromFields(year: number, month: number, day: number, hour: number, hour12: number, pm: number, minute: number, second: number, ms: number): number | null {
  if (hour12 >= 0) {
    if (hour12 < 1 || hour12 > 12) return null;
    hour = (hour12 % 12) + (pm === 1 ? 12 : 0);
  }
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  return daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
}

/** Whether the ASCII bytes `b[pos, end)` start with `text` (as `String.prototype.startsWith` on their text). */
function bytesStartWith(b: Uint8Array, pos: number, end: number, text: string): boolean {
  const n = text.length;
  if (pos + n > end) return false;
  for (let i = 0; i < n; i++) if (b[pos + i] !== text.charCodeAt(i)) return false;
  return true;
}

const civil = new Int32Array(3);

function pad(v: number, width: number): string {
  const s = String(v);
  return s.length >= width ? s : '0'.repeat(width - s.length) + s;
}

/**
 * Writes epoch milliseconds (UTC) with an LDML `pattern`; the inverse of {@link parseDate}.
 * Fractional milliseconds are rounded.
 * @example formatDate(1609200000000, 'dd-MMM-yyyy') // => '29-Dec-2020'
 * @throws inputError when the pattern uses unsupported letters.
 */
export function formatDate(ms: number, pattern: string): string {
  const { tokens } = compile(pattern);
  const t = Math.round(ms);
  const days = Math.floor(t / MS_PER_DAY);
  let rem = t - days * MS_PER_DAY;
  civilFromDays(days, civil);
  const millis = rem % 1000;
  rem = (rem - millis) / 1000;
  const second = rem % 60;
  rem = (rem - second) / 60;
  const minute = rem % 60;
  const hour = (rem - minute) / 60;
  let out = '';
  for (let k = 0; k < tokens.length; k++) {
    const tok = tokens[k];
    if (tok.t === 'lit') out += tok.text;
    else if (tok.t === 'name') out += tok.names[civil[1] - 1];
    else if (tok.t === 'ampm') out += hour < 12 ? 'AM' : 'PM';
    else {
      switch (tok.field) {
        case 'year': out += pad(civil[0], 4); break;
        case 'month': out += pad(civil[1], tok.min); break;
        case 'day': out += pad(civil[2], tok.min); break;
        case 'hour': out += pad(hour, tok.min); break;
        case 'hour12': out += pad(hour % 12 === 0 ? 12 : hour % 12, tok.min); break;
        case 'minute': out += pad(minute, tok.min); break;
        case 'second': out += pad(second, tok.min); break;
        case 'fraction': {
          const s = pad(millis, 3);
          out += tok.min <= 3 ? s.slice(0, tok.min) : s + '0'.repeat(tok.min - 3);
          break;
        }
      }
    }
  }
  return out;
}

/** Whether `pattern` is one this engine can read and write (no exception). */
export function isSupportedDatePattern(pattern: string): boolean {
  try {
    compile(pattern);
    return true;
  } catch {
    return false;
  }
}

import type { ValueFormat } from '../schema';

type NumberFormat = Extract<ValueFormat, { kind: 'number' } | { kind: 'integer' }>;

/**
 * Parses a plain decimal number: optional sign, digits with an optional decimal point,
 * optional exponent (`-1.5e3`). Anything else (thousands separators, spaces, `0x`, `Infinity`,
 * the empty string) gives NaN. Allocation-free validation, then the engine's own conversion,
 * so it is exact (same result as `Number(s)`) and fast enough for the profiler's hot path.
 * @example parseNumberFast('-1.5e3') // => -1500
 * @example parseNumberFast('1,234') // => NaN
 */
export function parseNumberFast(s: string): number {
  const n = s.length;
  if (n === 0) return NaN;
  let i = 0;
  let c = s.charCodeAt(0);
  if (c === 43 || c === 45) i = 1; // + -
  let digits = 0;
  while (i < n) {
    c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    i++;
    digits++;
  }
  if (i < n && s.charCodeAt(i) === 46) { // .
    i++;
    while (i < n) {
      c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      i++;
      digits++;
    }
  }
  if (digits === 0) return NaN;
  if (i < n) {
    c = s.charCodeAt(i);
    if (c !== 101 && c !== 69) return NaN; // e E
    i++;
    if (i < n) {
      c = s.charCodeAt(i);
      if (c === 43 || c === 45) i++;
    }
    let expDigits = 0;
    while (i < n) {
      c = s.charCodeAt(i);
      if (c < 48 || c > 57) return NaN;
      i++;
      expDigits++;
    }
    if (expDigits === 0) return NaN;
  }
  return +s;
}

const GROUPED_POINT = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;
const GROUPED_COMMA = /^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d*)?$/;
const PLAIN_COMMA = /^[+-]?\d*,\d+$|^[+-]?\d+,?$/;

/**
 * Parses a number written in `format`'s style: plain decimals always; thousands groups
 * (`1,234.50`, or `1.234,50` with `decimalComma`) when correctly grouped; surrounding
 * whitespace is ignored. NaN when the text is not such a number.
 * @example parseNumberText('1,234.50', { kind: 'number', decimals: 2, thousands: true }) // => 1234.5
 */
export function parseNumberText(text: string, format: ValueFormat): number {
  const decimalComma = format.kind === 'number' && format.decimalComma === true;
  if (!decimalComma) {
    const v = parseNumberFast(text);
    if (v === v) return v;
  }
  let t = text;
  const n = t.length;
  if (n > 0 && (t.charCodeAt(0) <= 32 || t.charCodeAt(n - 1) <= 32)) t = t.trim();
  if (decimalComma) {
    if (GROUPED_COMMA.test(t)) return parseNumberFast(t.replace(/\./g, '').replace(',', '.'));
    if (PLAIN_COMMA.test(t)) return parseNumberFast(t.replace(',', '.'));
    return NaN;
  }
  if (t !== text) {
    const v = parseNumberFast(t);
    if (v === v) return v;
  }
  if (GROUPED_POINT.test(t)) return parseNumberFast(t.replace(/,/g, ''));
  return NaN;
}

/** Inserts `sep` between groups of three digits of the integer part of a plain decimal string. */
function groupThousands(s: string, sep: string): string {
  let start = 0;
  if (s.charCodeAt(0) === 45 || s.charCodeAt(0) === 43) start = 1;
  let end = s.indexOf('.');
  if (end < 0) end = s.length;
  const intLen = end - start;
  if (intLen <= 3) return s;
  let out = s.slice(0, start);
  const first = intLen % 3 || 3;
  out += s.slice(start, start + first);
  for (let i = start + first; i < end; i += 3) out += sep + s.slice(i, i + 3);
  return out + s.slice(end);
}

/**
 * Writes a number in the source's style: fixed decimals (`toFixed`), or when `decimals` is
 * null the shortest string that reads back as the same double (ECMAScript Number→String,
 * so `36.7999992370605` stays `36.7999992370605`); integers rounded; thousands groups and
 * decimal comma as recorded.
 * @example formatNumber(1234.5, { kind: 'number', decimals: 2, thousands: true }) // => '1,234.50'
 */
export function formatNumber(value: number, format: NumberFormat): string {
  if (!Number.isFinite(value)) return String(value);
  let s: string;
  if (format.kind === 'integer') {
    const r = Math.round(value);
    s = Math.abs(r) < 1e21 ? r.toFixed(0) : BigInt(r).toString();
    if (s === '-0') s = '0';
  } else if (format.decimals !== null && format.decimals >= 0 && Math.abs(value) < 1e21) {
    s = value.toFixed(Math.min(100, format.decimals));
  } else {
    s = String(value);
  }
  const decimalComma = format.kind === 'number' && format.decimalComma === true;
  if (format.thousands && s.indexOf('e') < 0) s = groupThousands(s, decimalComma ? '\u0000' : ',');
  if (decimalComma) {
    s = s.replace('.', ',');
    if (format.thousands) s = s.replace(/\u0000/g, '.');
  }
  return s;
}

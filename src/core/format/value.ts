import type { ColumnSpec } from '../schema';
import type { RawValue } from './rawValue';
import { formatNumber, parseNumberText } from './number';
import { formatDate, parseDate } from './date';

/** Text form of a typed (Parquet/Arrow) value, for columns held as strings. */
function rawToString(raw: Exclude<RawValue, null>): string {
  if (typeof raw === 'string') return raw;
  if (raw instanceof Date) return raw.toISOString();
  return String(raw);
}

/**
 * Interprets one raw cell with its column's spec: a number for numeric/integer/date/datetime
 * (dates as epoch ms UTC), a string otherwise (boolean cells as the source's own token),
 * null when the value cannot be read with the column's format. Missing tokens are not
 * interpreted here: call {@link isMissing} first.
 * @example parseValue('1,234.50', { name: 'x', type: 'numeric', format: { kind: 'number', decimals: 2, thousands: true } }) // => 1234.5
 */
export function parseValue(raw: RawValue, spec: ColumnSpec): number | string | null {
  if (raw === null) return null;
  const f = spec.format;
  switch (spec.type) {
    case 'numeric':
    case 'integer': {
      let v: number;
      if (typeof raw === 'number') v = raw;
      else if (typeof raw === 'bigint') v = Number(raw);
      else if (typeof raw === 'boolean') v = raw ? 1 : 0;
      else if (raw instanceof Date) v = raw.getTime();
      else v = parseNumberText(raw, f);
      return Number.isFinite(v) ? v : null;
    }
    case 'date':
    case 'datetime': {
      if (raw instanceof Date) {
        const t = raw.getTime();
        return Number.isNaN(t) ? null : t;
      }
      if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
      if (typeof raw === 'bigint') return Number(raw);
      if (typeof raw !== 'string') return null;
      if (f.kind === 'date' || f.kind === 'datetime') return parseDate(raw, f.pattern);
      const t = Date.parse(raw);
      return Number.isNaN(t) ? null : t;
    }
    case 'boolean': {
      if (f.kind !== 'boolean') return rawToString(raw);
      if (typeof raw === 'boolean') return raw ? f.trueToken : f.falseToken;
      const s = rawToString(raw);
      if (s === f.trueToken || s === f.falseToken) return s;
      // Typed sources may give 1/0 for a column whose tokens are spelled differently.
      if (typeof raw !== 'string') {
        if (Number(raw) === 1) return f.trueToken;
        if (Number(raw) === 0) return f.falseToken;
      }
      return null;
    }
    default:
      return rawToString(raw);
  }
}

/**
 * Writes a value as the source wrote values of this column: the exact inverse of
 * {@link parseValue} for every value the source wrote (fixed or shortest decimals, thousands
 * separators, date patterns, boolean tokens, codes verbatim).
 * @example formatValue(1609200000000, { name: 'd', type: 'date', format: { kind: 'date', pattern: 'dd/MM/yyyy' } }) // => '29/12/2020'
 */
export function formatValue(value: number | string, spec: ColumnSpec): string {
  const f = spec.format;
  if (typeof value === 'string') {
    if (f.kind === 'boolean') {
      if (value === f.trueToken || value === f.falseToken) return value;
      const low = value.toLowerCase();
      if (low === 'true' || low === f.trueToken.toLowerCase()) return f.trueToken;
      if (low === 'false' || low === f.falseToken.toLowerCase()) return f.falseToken;
    }
    return value;
  }
  switch (f.kind) {
    case 'number':
    case 'integer':
      return formatNumber(value, f);
    case 'date':
    case 'datetime':
      return formatDate(value, f.pattern);
    case 'boolean':
      return value ? f.trueToken : f.falseToken;
    default:
      return String(value);
  }
}

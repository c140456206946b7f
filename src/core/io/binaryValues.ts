import { formatValue } from '../format/value';
import { parseNumberFast } from '../format/number';
import type { ColumnData, ColumnSpec } from '../schema';

/** How a column is stored in a typed (Parquet/Arrow) file. */
export type StorageKind = 'float' | 'int32' | 'int64' | 'bool' | 'date' | 'timestamp' | 'string';

/** Storage for a column with no recorded schema: by the column's type. */
export function storageFromSpec(spec: ColumnSpec): StorageKind {
  switch (spec.type) {
    case 'numeric': return 'float';
    case 'integer': return 'int64';
    case 'date': return 'date';
    case 'datetime': return 'timestamp';
    case 'boolean': {
      const f = spec.format;
      const t = f.kind === 'boolean' ? f.trueToken.toLowerCase() : '';
      return t === 'true' || t === '1' ? 'bool' : 'string';
    }
    default: return 'string';
  }
}

function isTrue(label: string, spec: ColumnSpec): boolean {
  const f = spec.format;
  if (f.kind === 'boolean') return label === f.trueToken;
  const l = label.toLowerCase();
  return l === 'true' || l === '1';
}

/**
 * One column of a table batch as plain JS values for a typed writer: null for missing,
 * numbers, bigint (int64), booleans, Date (date/timestamp) or strings (formatted as the
 * source wrote them).
 */
export function columnValues(data: ColumnData, spec: ColumnSpec, kind: StorageKind, rowCount: number): unknown[] {
  const out = new Array<unknown>(rowCount);
  const fromNumber = (v: number): unknown => {
    switch (kind) {
      case 'float': return v;
      case 'int32': return Math.round(v);
      case 'int64': return BigInt(Math.round(v));
      case 'bool': return v !== 0;
      case 'date':
      case 'timestamp': return new Date(v);
      default: return formatValue(v, spec);
    }
  };
  const fromString = (s: string): unknown => {
    if (kind === 'string') return formatValue(s, spec);
    if (kind === 'bool') return isTrue(s, spec);
    const v = parseNumberFast(s);
    if (v !== v) return null;
    return fromNumber(v);
  };
  if (data.kind === 'number') {
    for (let i = 0; i < rowCount; i++) {
      const v = data.values[i];
      out[i] = v === v ? fromNumber(v) : null;
    }
  } else if (data.kind === 'category') {
    const labels = data.categories.map(fromString);
    for (let i = 0; i < rowCount; i++) {
      const c = data.codes[i];
      out[i] = c >= 0 ? labels[c] : null;
    }
  } else {
    for (let i = 0; i < rowCount; i++) {
      const s = data.values[i];
      out[i] = s === null ? null : fromString(s);
    }
  }
  return out;
}

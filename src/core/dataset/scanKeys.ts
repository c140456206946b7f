import type { JobContext } from '../context';
import { throwIfAborted } from '../errors';
import { DEFAULT_MISSING_TOKENS, isMissing, missingTokenSet } from '../format/missing';
import type { RawValue } from '../format/rawValue';
import type { DatasetSource } from '../io';
import { HashCounts } from './hashCounts';

/**
 * What discovery needs of a table's columns, in one streaming pass: for each column that could be
 * a key or reference one (no spaces, not a date or a decimal, not too long), the number of rows of
 * each distinct value, by a 53-bit hash of its text (collisions: ~n²/2⁵⁴, negligible below 10⁷
 * values). Stays inside the TRE; nothing here is published.
 */
export interface ColumnKeys {
  name: string;
  /** Rows with a value missing. */
  missing: number;
  /** Rows per distinct value (by hash); absent when the column cannot be a key (see {@link dropReason}). */
  counts?: HashCounts;
  /** Every value is a token of letters/digits/-_.:/ with a digit and a non-digit (UUIDs, `E0001`, `999-49-3983`). */
  idShaped: boolean;
  /** Every value is an integer. */
  integer: boolean;
  /** Why the column was left out as a key: `text`, `date`, `decimal`, `long`, `too-many`. */
  dropReason?: string;
}

export interface TableKeys { table: string; rows: number; columns: ColumnKeys[] }

/** Most distinct values tracked per column; a column with more is left out as a key. */
export const MAX_KEY_VALUES = 5_000_000;
const MAX_KEY_LENGTH = 100;
const ID_TOKEN = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The text a value is compared by (a key's value in one table must equal its reference's in another whatever the format). */
export function keyText(v: Exclude<RawValue, null>): string {
  if (typeof v === 'string') return v.trim();
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

/** 53-bit hash of a text: two 32-bit FNV-1a/murmur-finalised halves. */
export function hash53(s: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (mix(a) >>> 0) * 0x200000 + (mix(b) >>> 11);
}

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Reads a table once and returns its columns' key facts. */
export async function scanKeys(table: string, source: DatasetSource, ctx: JobContext = {}, missingTokens: readonly string[] = DEFAULT_MISSING_TOKENS): Promise<TableKeys> {
  const tokens = missingTokenSet(missingTokens);
  const columns: ColumnKeys[] = source.columnNames.map((name) => ({ name, missing: 0, counts: new HashCounts(), idShaped: true, integer: true }));
  let rows = 0;
  for await (const batch of source.batches(ctx)) {
    throwIfAborted(ctx.signal);
    for (const row of batch.rows) {
      rows++;
      for (let c = 0; c < columns.length; c++) {
        const col = columns[c];
        const v = row[c] ?? null;
        if (v === null || isMissing(v, tokens)) {
          col.missing++;
          continue;
        }
        if (!col.counts) continue;
        add(col, v);
      }
    }
  }
  return { table, rows, columns };
}

function drop(col: ColumnKeys, reason: string): void {
  col.counts = undefined;
  col.dropReason = reason;
  col.idShaped = false;
}

function add(col: ColumnKeys, v: Exclude<RawValue, null>): void {
  if (v instanceof Date) return drop(col, 'date');
  if (typeof v === 'boolean') return drop(col, 'text');
  if (typeof v === 'number' && !Number.isInteger(v)) return drop(col, 'decimal');
  const text = keyText(v);
  if (typeof v === 'string') {
    if (text.length > MAX_KEY_LENGTH) return drop(col, 'long');
    if (/\s/.test(text)) return drop(col, 'text');
    if (DATE_LIKE.test(text)) return drop(col, 'date');
    if (/^-?\d*\.\d+$/.test(text)) return drop(col, 'decimal');
  }
  const digitsOnly = /^-?\d+$/.test(text);
  if (!digitsOnly) col.integer = false;
  if (col.idShaped && (digitsOnly || !ID_TOKEN.test(text) || !/\d/.test(text))) col.idShaped = false;
  const counts = col.counts!;
  counts.increment(hash53(text));
  if (counts.size > MAX_KEY_VALUES) drop(col, 'too-many');
}

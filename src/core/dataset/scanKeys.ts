import type { JobContext } from '../context';
import { throwIfAborted } from '../errors';
import { DEFAULT_MISSING_TOKENS, isMissing, missingTokenSet } from '../format/missing';
import type { RawValue } from '../format/rawValue';
import type { DatasetSource } from '../io';
import { KeySample } from './keySample';
import { SpillDir, UniqueCheck } from './uniqueCheck';

/**
 * What discovery needs of a table's columns, in one streaming pass, in memory that does not grow
 * with the rows: for each column that could be a key or reference one (no spaces, not a date or a
 * decimal, not too long), the rows of each distinct value by a 53-bit hash of its text — every
 * value up to a bound, past it a fixed hash-chosen share of them ({@link KeySample}) — and whether
 * every value is distinct, decided exactly by an external sort ({@link UniqueCheck}). Stays inside
 * the TRE; nothing here is published.
 */
export interface ColumnKeys {
  name: string;
  /** Rows with a value missing. */
  missing: number;
  /** Rows per distinct value (by hash), all or a hash-chosen share; absent when the column cannot be a key (see {@link dropReason}). */
  counts?: KeySample;
  /** Every row has a value and no two are equal (exact, from every row). */
  unique: boolean;
  /** Every value is a token of letters/digits/-_.:/ with a digit and a non-digit (UUIDs, `E0001`, `999-49-3983`). */
  idShaped: boolean;
  /** Every value is an integer. */
  integer: boolean;
  /** Why the column was left out as a key: `text`, `date`, `decimal`, `long`. */
  dropReason?: string;
}

export interface TableKeys { table: string; rows: number; columns: ColumnKeys[] }

const MAX_KEY_LENGTH = 100;
const ID_TOKEN = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The text a value is compared by (a key's value in one table must equal its reference's in another whatever the format). */
export function keyText(v: Exclude<RawValue, null>): string {
  if (typeof v === 'string') return v.trim();
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

/** The two 32-bit halves of a text's hash (FNV-1a / murmur-finalised), as last computed by {@link hashParts}. */
const parts = new Uint32Array(2);

function hashParts(s: string): void {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  parts[0] = mix(a);
  parts[1] = mix(b);
}

/** 53-bit hash of a text: 32 bits of one half and 21 of the other. */
export function hash53(s: string): number {
  hashParts(s);
  return parts[0] * 0x200000 + (parts[1] >>> 11);
}

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** The memory bounds of the key pass (defaults: KEY_SAMPLE_CAPACITY values, runs of RUN_LENGTH hashes); smaller in tests. */
export interface KeyPassLimits { keyValues?: number; runLength?: number }

/** Reads a table once and returns its columns' key facts. Temp files of the uniqueness checks are removed before it returns. */
export async function scanKeys(table: string, source: DatasetSource, ctx: JobContext = {}, missingTokens: readonly string[] = DEFAULT_MISSING_TOKENS, limits: KeyPassLimits = {}): Promise<TableKeys> {
  const tokens = missingTokenSet(missingTokens);
  const spill = new SpillDir();
  try {
    const columns: Scanned[] = source.columnNames.map((name) => ({
      name, missing: 0, counts: new KeySample(limits.keyValues), unique: false, idShaped: true, integer: true, check: new UniqueCheck(spill, limits.runLength),
    }));
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
            // A primary key has a value on every row.
            if (col.check) col.check = giveUp(col.check);
            continue;
          }
          if (!col.counts) continue;
          add(col, v);
        }
      }
    }
    for (const col of columns) {
      col.unique = col.check ? col.check.finish() : false;
      delete col.check;
    }
    return { table, rows, columns };
  } finally {
    spill.remove();
  }
}

type Scanned = ColumnKeys & { check?: UniqueCheck };

function giveUp(check: UniqueCheck): undefined {
  check.giveUp();
  return undefined;
}

function drop(col: Scanned, reason: string): void {
  col.counts = undefined;
  col.dropReason = reason;
  col.idShaped = false;
  if (col.check) col.check = giveUp(col.check);
}

function add(col: Scanned, v: Exclude<RawValue, null>): void {
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
  hashParts(text);
  const rowsOfValue = col.counts!.increment(parts[0] * 0x200000 + (parts[1] >>> 11));
  if (col.check) {
    // A repeat seen among the kept values settles it; otherwise the external sort decides.
    if (rowsOfValue > 1) col.check = giveUp(col.check);
    else col.check.add(parts[0], parts[1]);
  }
}

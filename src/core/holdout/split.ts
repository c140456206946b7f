import type { JobContext } from '../context';
import { inputError } from '../errors';
import { t } from '../l10n';
import { fmix32, murmurMix } from '../math/hash';
import type { DatasetSource, RawBatch, RawValue } from '../io/types';
import type { HoldoutSplit } from './types';

export type { HoldoutSplit } from './types';

/** Share of persons held out by default (issue 13: 20%). */
export const DEFAULT_HOLDOUT_SHARE = 0.2;
/** Seed of the split by default; independent of the generator's seed so every level of a ladder shares one split. */
export const DEFAULT_HOLDOUT_SEED = 1;

/** @throws inputError unless 0 < share < 1 */
export function checkHoldoutShare(share: number): number {
  if (!(Number.isFinite(share) && share > 0 && share < 1)) throw inputError(t('the holdout share must be a number between 0 and 1 (exclusive), got {0}', share));
  return share;
}

/** One line for reports: what was held out and how. */
export function describeHoldout(split: HoldoutSplit): string {
  const unit = split.personKey !== undefined ? `persons (by “${split.personKey}”)` : 'rows';
  return `a seeded random ${Math.round(split.share * 1000) / 10}% of ${unit}, seed ${split.seed}, held out before fitting and never seen by the generator`;
}

/** Whether the person with this key (a string, or a row position) is held out. */
export function isHeldOut(split: HoldoutSplit, key: string | number): boolean {
  let h = murmurMix(split.seed | 0, 0x686f6c64); // 'hold'
  if (typeof key === 'number') {
    h = murmurMix(h, key | 0);
    h = murmurMix(h, Math.floor(key / 4294967296) | 0);
  } else {
    for (let i = 0; i < key.length; i++) h = murmurMix(h, key.charCodeAt(i));
    h ^= key.length;
  }
  return (fmix32(h) >>> 0) / 4294967296 < split.share;
}

/** A raw value as the key of a person: the text a reader gives, or the typed value written as text. Missing: null. */
function keyText(v: RawValue): string | null {
  if (v === null) return null;
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? null : t;
  }
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

/**
 * The split's test on a source's rows in file order: whether each row is held out, by its person
 * key (`split.personKey`, a column of `columnNames`) or, without one or where it is missing, by
 * its position in the file. One per pass over the file (it counts the rows it is given).
 * @throws inputError (naming `file`) when `split.personKey` is not a column
 */
export function heldOutRows(split: HoldoutSplit, columnNames: readonly string[], file: string): (row: readonly RawValue[]) => boolean {
  let keyColumn = -1;
  if (split.personKey !== undefined) {
    keyColumn = columnNames.indexOf(split.personKey);
    if (keyColumn < 0) throw inputError(t('the person key is not a column of the data'), { file, column: split.personKey });
  }
  let position = 0;
  return (row) => {
    const at = position++;
    const key = keyColumn >= 0 ? keyText(row[keyColumn] ?? null) : null;
    return isHeldOut(split, key ?? at);
  };
}

export interface SplitSources {
  /** The records the twin may be fitted on. */
  training: DatasetSource;
  /** The records held out (a real baseline for privacy, unseen test rows for utility). */
  holdout: DatasetSource;
}

/**
 * Two filtering views of one source: the training records and the held-out ones, streamed from
 * the file on each pass; no real row is written anywhere. Rows whose person key is missing are
 * assigned by their position, like rows without a person key.
 * @throws inputError when `split.personKey` is not a column of the source
 */
export function splitSource(source: DatasetSource, split: HoldoutSplit): SplitSources {
  checkHoldoutShare(split.share);
  // Refused here, before any pass, when the person key is not a column.
  heldOutRows(split, source.columnNames, source.path);
  const view = (wantHeldOut: boolean): DatasetSource => ({
    ...source,
    // Without the byte path: every reader of this view goes through the filtered batches below.
    cellBatches: undefined,
    batches: async function* (ctx?: JobContext): AsyncIterable<RawBatch> {
      const heldOut = heldOutRows(split, source.columnNames, source.path);
      for await (const batch of source.batches(ctx)) {
        const rows: RawBatch['rows'] = [];
        // firstRow stays the file's record number of the batch's first row, for error messages.
        for (const row of batch.rows) if (heldOut(row) === wantHeldOut) rows.push(row);
        if (rows.length > 0) yield { rows, firstRow: batch.firstRow, bytesRead: batch.bytesRead };
      }
    },
  });
  return { training: view(false), holdout: view(true) };
}

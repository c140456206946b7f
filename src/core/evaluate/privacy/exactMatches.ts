import type { JobContext } from '../../context';
import { throwIfAborted } from '../../errors';
import { RowSet, type KeyTable } from './keys';

/**
 * Exact matches (SDMetrics-style "exact copies"; METRICS.md): synthetic
 * rows equal to some real row on every compared column, missing equal to
 * missing and numbers compared as numbers (so 40 and 40.0 match). Rows are
 * hashed into a set of the real table's distinct rows, so the whole tables
 * are compared (no sampling) in linear time. The same count for a real
 * holdout (holdout rows equal to a training row) is the baseline: the rate
 * at which unseen real people coincide with training records by chance.
 */

export interface ExactMatchCounts {
  count: number;
  rate: number;
  holdoutCount?: number;
  holdoutRate?: number;
}

/** Counts rows of `other` equal to some row of the real table (all three in one key space). */
export function countExactMatches(realRows: RowSet, other: KeyTable, ctx: JobContext = {}): number {
  let n = 0;
  for (let r = 0; r < other.rows; r++) {
    if ((r & 65535) === 65535) throwIfAborted(ctx.signal);
    if (realRows.find(other, r) >= 0) n++;
  }
  return n;
}

/** Exact-match count and rate of the synthetic rows, and of the holdout rows as the baseline. */
export function computeExactMatches(real: KeyTable, synthetic: KeyTable, holdout: KeyTable | null, ctx: JobContext = {}): ExactMatchCounts {
  const set = new RowSet(real);
  const count = countExactMatches(set, synthetic, ctx);
  const out: ExactMatchCounts = { count, rate: synthetic.rows ? count / synthetic.rows : 0 };
  if (holdout !== null) {
    const h = countExactMatches(set, holdout, ctx);
    out.holdoutCount = h;
    out.holdoutRate = holdout.rows ? h / holdout.rows : 0;
  }
  return out;
}

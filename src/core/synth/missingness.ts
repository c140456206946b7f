import type { Random } from '../random';
import type { ColumnData } from '../schema';

/**
 * Blanks cells of a freshly drawn column at the recorded missing rate: each cell
 * independently with probability `rate` (NaN for numbers, -1 for codes, null for
 * strings). Draw the mask from its own stream (e.g. `rng.fork('missing')`) so that
 * values and missingness do not shift each other.
 */
export function applyMissingness(data: ColumnData, rowCount: number, rate: number, rng: Random): void {
  if (!(rate > 0)) return;
  if (data.kind === 'number') {
    const v = data.values;
    for (let i = 0; i < rowCount; i++) if (rng.next() < rate) v[i] = NaN;
  } else if (data.kind === 'category') {
    const c = data.codes;
    for (let i = 0; i < rowCount; i++) if (rng.next() < rate) c[i] = -1;
  } else {
    const s = data.values;
    for (let i = 0; i < rowCount; i++) if (rng.next() < rate) s[i] = null;
  }
}

/** Whether one cell is missing, at `rate`. For generators that decide cell by cell. */
export function drawMissing(rate: number, rng: Random): boolean {
  return rate > 0 && rng.next() < rate;
}

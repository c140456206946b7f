import type { Metadata } from '../../metadata';
import type { Random } from '../../random';
import type { ColumnData } from '../../schema';
import { forkOnce } from '../columns';
import { independentModel } from '../independent';
import type { PreparedColumn } from './prepare';

/** Columns of the twin that are faked, batch by batch, in step with the modelled ones. */
export interface FakeColumns {
  /** The faked columns of rows [first, first + count) of a twin of `rows` rows, by twin column index, from `rng`'s fork for fakes. */
  draw(first: number, count: number, rows: number, rng: Random): Map<number, ColumnData>;
}

/**
 * Fakes for the set-aside columns (identifiers, free text, integer keys, unpublishable
 * categories) from the shared independent plans, so a correlated twin fakes them exactly as the
 * other levels do (own random stream per column, missing at the recorded rate, unique keys unique).
 * Drawn from `rng.fork(label)` (`label`: the method's, e.g. 'copula:fakes').
 */
export function fakeColumnsOf(metadata: Metadata, prepared: readonly PreparedColumn[], method: string, label: string): FakeColumns {
  const fakes = prepared.map((p, i) => ({ p, i })).filter((x) => x.p.kind === 'fake');
  if (fakes.length === 0) return { draw: () => new Map() };
  const plans = fakes.map((x) => (x.p as Extract<PreparedColumn, { kind: 'fake' }>).plan);
  const model = independentModel(metadata, 'correlated', method, plans, 'fakes');
  return {
    draw(first, count, rows, rng) {
      const t = model.draw(first, count, rows, forkOnce(rng, label));
      const out = new Map<number, ColumnData>();
      fakes.forEach((x, j) => out.set(x.i, t.columns[j].data));
      return out;
    },
  };
}

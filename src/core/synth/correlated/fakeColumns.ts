import type { Metadata } from '../../metadata';
import type { Random } from '../../random';
import type { ColumnData, Table } from '../../schema';
import type { SynthContext } from '../generator';
import { independentModel } from '../independent';
import type { PreparedColumn } from './prepare';

/** Columns of the twin that are faked, batch by batch, in step with the modelled ones. */
export interface FakeStream {
  /** The faked columns of the next batch (which must have `size` rows), by twin column index. */
  next(size: number): Promise<Map<number, ColumnData>>;
}

/**
 * Fakes for the set-aside columns (identifiers, free text, integer keys, unpublishable
 * categories) from the shared independent plans, so a correlated twin fakes them exactly as the
 * other levels do (own random stream per column, missing at the recorded rate, unique keys unique).
 * Batches follow `batchSizesOf(rows)`, as `streamBatches` does.
 */
export function fakeStreamOf(metadata: Metadata, prepared: readonly PreparedColumn[], rows: number, method: string, ctx: SynthContext, rng: Random): FakeStream {
  const fakes = prepared.map((p, i) => ({ p, i })).filter((x) => x.p.kind === 'fake');
  if (fakes.length === 0) return { next: async () => new Map() };
  const plans = fakes.map((x) => (x.p as Extract<PreparedColumn, { kind: 'fake' }>).plan);
  const model = independentModel(metadata, 'correlated', method, plans, 'fakes');
  const it = model.sample(rows, { rng, signal: ctx.signal })[Symbol.asyncIterator]();
  return {
    async next(size: number): Promise<Map<number, ColumnData>> {
      const r = await it.next();
      const out = new Map<number, ColumnData>();
      if (r.done) throw new Error('fake stream ended before the modelled rows');
      const t: Table = r.value;
      if (t.rowCount !== size) throw new Error(`fake batch has ${t.rowCount} rows, expected ${size}`);
      fakes.forEach((x, j) => out.set(x.i, t.columns[j].data));
      return out;
    },
  };
}


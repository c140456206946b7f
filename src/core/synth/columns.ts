import { throwIfAborted } from '../errors';
import { t } from '../l10n';
import type { Metadata, MetadataColumn } from '../metadata';
import type { Random } from '../random';
import type { ColumnSpec, Table } from '../schema';
import { MAX_BATCH_ROWS, type FittedModel, type SynthContext } from './generator';

/**
 * The columns a twin has: the metadata's columns in order, minus those a person
 * excluded (`excluded: true`). Every generator emits exactly these, in this order.
 */
export function twinColumnsOf(metadata: Metadata): MetadataColumn[] {
  return metadata.columns.filter((c) => !c.excluded);
}

/** The schema triple of a metadata column (what the writer and the batches carry). */
export function specOfColumn(column: MetadataColumn): ColumnSpec {
  return { name: column.name, type: column.type, format: column.format };
}

/** Specs of the twin's columns (see {@link twinColumnsOf}). */
export function twinSpecsOf(metadata: Metadata): ColumnSpec[] {
  return twinColumnsOf(metadata).map(specOfColumn);
}

/**
 * Sizes of the batches for `rows` rows: full batches of `batchRows` (≤ MAX_BATCH_ROWS) and a
 * last partial one. Yields nothing for 0 rows.
 */
export function* batchSizesOf(rows: number, batchRows: number = MAX_BATCH_ROWS): Generator<number> {
  const size = Math.max(1, Math.min(batchRows, MAX_BATCH_ROWS));
  for (let done = 0; done < rows; done += size) yield Math.min(size, rows - done);
}

/** A model's `sample`: its batches drawn one after another, reporting progress. */
export async function* drawAll(model: Pick<FittedModel, 'batchRows' | 'draw'>, rows: number, ctx: SynthContext): AsyncGenerator<Table> {
  let first = 0;
  for (const n of batchSizesOf(rows, model.batchRows)) {
    throwIfAborted(ctx.signal);
    const table = model.draw(first, n, rows, ctx.rng);
    first += n;
    ctx.onProgress?.({ stage: t('sampling'), fraction: first / rows });
    yield table;
  }
}

const forks = new WeakMap<Random, Map<string, Random>>();

/**
 * `rng.fork(label)`, made once per stream: state a model keeps between the batches drawn from one
 * stream (a faker's position) is kept on it. Forking never advances `rng`, so this is the same stream.
 */
export function forkOnce(rng: Random, label: string): Random {
  let byLabel = forks.get(rng);
  if (!byLabel) forks.set(rng, (byLabel = new Map()));
  let fork = byLabel.get(label);
  if (!fork) byLabel.set(label, (fork = rng.fork(label)));
  return fork;
}

import type { Metadata, MetadataColumn } from '../metadata';
import type { ColumnSpec } from '../schema';
import { MAX_BATCH_ROWS } from './generator';

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

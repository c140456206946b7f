import { throwIfAborted } from '../../errors';
import type { Metadata } from '../../metadata';
import type { Table } from '../../schema';
import { batchSizesOf } from '../columns';
import type { ColumnDecision, SynthContext } from '../generator';
import { excludedDecision } from '../independent';
import type { FakeStream } from './fakeColumns';
import type { PreparedColumn } from './prepare';
import { redrawReplicatedUniques, type UniqueRowGuard } from './uniqueGuard';
import { t } from '../../l10n';

/**
 * Streams `rows` rows in batches (≤ `batchRows`, ≤ MAX_BATCH_ROWS): `fill(size)` makes one batch of the modelled
 * columns, the faked columns come from `fakes`; with a `guard`, rows replaying a unique real row
 * are redrawn. Checks the abort signal before each batch and reports progress after it, so a
 * 10-million-row twin never holds more than one batch.
 */
export async function* streamBatches(rows: number, ctx: SynthContext, fakes: FakeStream, fill: (size: number) => Table, guard?: UniqueRowGuard, batchRows?: number): AsyncGenerator<Table> {
  let done = 0;
  for (const size of batchSizesOf(rows, batchRows)) {
    throwIfAborted(ctx.signal);
    const table = fill(size);
    if (guard) redrawReplicatedUniques(table, guard, fill);
    for (const [column, data] of await fakes.next(size)) table.columns[column].data = data;
    done += size;
    ctx.onProgress?.({ stage: t('sampling'), fraction: rows > 0 ? done / rows : 1 });
    yield table;
  }
}

/**
 * The recipe's per-column decisions: one per metadata column in metadata order, excluded
 * columns included, modelled/faked ones described by `detail`.
 */
export function columnDecisionsOf(metadata: Metadata, prepared: readonly PreparedColumn[], detail: (column: PreparedColumn) => string): ColumnDecision[] {
  const byName = new Map(prepared.map((p) => [p.meta.name, p] as const));
  return metadata.columns.map((c): ColumnDecision => {
    const p = byName.get(c.name);
    if (!p || c.excluded) return excludedDecision(c);
    if (p.kind === 'fake') return p.plan.decision;
    return { name: c.name, type: c.type, format: c.format, action: 'modelled', detail: detail(p) };
  });
}

/** Reports a fitting stage. */
export function reportFit(ctx: SynthContext, stage: string, fraction: number): void {
  ctx.onProgress?.({ stage, fraction });
}

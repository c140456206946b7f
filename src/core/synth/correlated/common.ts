import type { Metadata } from '../../metadata';
import type { Random } from '../../random';
import type { Table } from '../../schema';
import type { ColumnDecision, SynthContext } from '../generator';
import { excludedDecision } from '../independent';
import type { FakeColumns } from './fakeColumns';
import type { PreparedColumn } from './prepare';
import { redrawReplicatedUniques, type UniqueRowGuard } from './uniqueGuard';

/**
 * Rows [first, first + count) of a correlated twin of `rows` rows: `fill(size)` makes rows of the
 * modelled columns from the batch's own stream, the faked columns come from `fakes`; with a
 * `guard`, rows replaying a unique real row are redrawn (from the same stream).
 */
export function drawBatch(first: number, count: number, rows: number, rng: Random, fakes: FakeColumns, fill: (size: number) => Table, guard?: UniqueRowGuard): Table {
  const table = fill(count);
  if (guard) redrawReplicatedUniques(table, guard, fill);
  for (const [column, data] of fakes.draw(first, count, rows, rng)) table.columns[column].data = data;
  return table;
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

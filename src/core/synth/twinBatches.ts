import type { JobContext } from '../context';
import { throwIfAborted } from '../errors';
import { yieldAndCheck } from '../eventLoop';
import { t } from '../l10n';
import type { Metadata } from '../metadata';
import { createRandom, forkIndexed } from '../random';
import type { Table } from '../schema';
import { twinSpecsOf } from './columns';
import { redrawFinalUniques } from './correlated/uniqueGuard';
import type { FittedModel } from './generator';
import { applyRules, planIsEmpty, planRules } from './rules';
import { avoidRareExtremes, rareExtremeRows, type RareExtremes } from './tails';

/** The rare real extremes a twin steps around (known inside the TRE only) and each tailed column's bounds. */
export interface TwinExtremes {
  rare: RareExtremes;
  bounds: Map<string, { lower: number; upper: number; step: number }>;
}

/**
 * A twin as numbered batches of finished rows: the model's draws stepped around the rare real
 * extremes, the record rules kept, and rows equal to a unique real row (or carrying a rare
 * extreme after the rules) redrawn. Batch `index` is a function of the seed and the index alone
 * (each step draws from its own fork for that batch), so the batches can be made in any order, on
 * any thread, and the twin's bytes do not depend on how (issue 17).
 */
export interface TwinBatches {
  readonly rows: number;
  /** Rows per batch (the model's); the last batch may be shorter. */
  readonly batchRows: number;
  /** Number of batches. */
  readonly count: number;
  batch(index: number): Table;
}

/**
 * The batches of a twin of `rows` rows from a fitted model (fitted with `createRandom(seed).fork('fit')`).
 * `batchRows`: smaller batches than the model's (tests: many batches from few rows; other bytes).
 */
export function twinBatchesOf(model: FittedModel, metadata: Metadata, rows: number, seed: number, extremes?: TwinExtremes, batchRows = model.batchRows): TwinBatches {
  const rng = createRandom(seed);
  const sampleRng = rng.fork('sample');
  const plan = planRules(metadata, twinSpecsOf(metadata));
  const draw = (first: number, count: number, total: number, r: typeof rng): Table => {
    const t = model.draw(first, count, total, r);
    // Inside the TRE the model's draws step around the rare real extremes, redraws included.
    return extremes ? avoidRareExtremes(t, extremes.rare, extremes.bounds) : t;
  };
  // The finished rows are checked again: the rules may have made one equal a unique real row, or
  // computed a rare real extreme (a derived length of stay) after the draws stepped around it.
  const guards = [model.uniqueRows, extremes ? rareExtremeRows(extremes.rare, extremes.bounds) : undefined].filter((g): g is { hits(batch: Table): number[] } => g !== undefined);
  const guard = guards.length === 1 ? guards[0] : { hits: (t: Table) => [...new Set(guards.flatMap((g) => g.hits(t)))].sort((a, b) => a - b) };
  const size = Math.max(1, Math.min(batchRows, model.batchRows));
  return {
    rows,
    batchRows: size,
    count: Math.ceil(rows / size),
    batch(index: number): Table {
      const first = index * size;
      const table = draw(first, Math.min(size, rows - first), rows, sampleRng);
      // Record rules are kept here, for every method alike: each batch is made to keep them before it is written.
      if (!planIsEmpty(plan)) applyRules(table, plan, forkIndexed(rng, 'rules', index));
      if (guards.length) redrawFinalUniques(table, guard, (n, r) => draw(0, n, n, r), plan, forkIndexed(rng, 'unique-rows', index));
      return table;
    },
  };
}

/** The batches in order, on this thread: progress after each, the abort signal checked before each. */
export async function* batchesInOrder(batches: TwinBatches, ctx: JobContext): AsyncGenerator<Table> {
  for (let i = 0; i < batches.count; i++) {
    throwIfAborted(ctx.signal);
    const table = batches.batch(i);
    ctx.onProgress?.({ stage: t('sampling'), fraction: Math.min(1, ((i + 1) * batches.batchRows) / batches.rows) });
    yield table;
    await yieldAndCheck(ctx.signal);
  }
}

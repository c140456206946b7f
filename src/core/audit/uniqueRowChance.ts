import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import type { JobContext } from '../context';
import { openDataset } from '../io';
import type { Metadata } from '../metadata';
import { metadataToJson } from '../metadataJson';
import { generateTwin } from '../synth/generateTwin';
import { isTwinError, throwIfAborted } from '../errors';
import type { DatasetSource } from '../io';
import { rawText, rowKey, type RealFacts } from './realFacts';

/** Twins drawn from the metadata alone to measure the chance rate. */
export const REFERENCE_TWINS = 5;
/** Rows of each reference twin at most (the count is scaled to the twin's rows beyond). */
export const REFERENCE_ROWS = 200_000;
/** A twin's count beyond chance: the Poisson upper tail at the reference rate is below this. */
export const CHANCE_P = 0.01;

/** What twins drawn from the published distribution alone give: unique real rows hit, summed over `twins` twins of the audited twin's size. */
export interface ChanceCopies {
  hits: number;
  twins: number;
}

/**
 * How often a twin drawn from the pack's metadata.json alone (statistical level: the published
 * marginals, keys and record rules, no real row) equals a unique real row, over
 * {@link REFERENCE_TWINS} seeds at the audited twin's row count (at most {@link REFERENCE_ROWS},
 * scaled). Such a twin cannot replay a real row, so its count is what chance gives: the reading
 * DESIGN.md gives rare values ("no more often than chance would put it there"), applied to rows.
 * Reference twins are written to a temporary folder and removed. Null when the metadata cannot
 * make a twin (then every copy counts: the strict reading).
 */
export async function uniqueCopiesByChance(metadata: Metadata, rows: number, facts: RealFacts, ctx: JobContext): Promise<ChanceCopies | null> {
  const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'twin-audit-chance-'));
  try {
    const metaFile = nodePath.join(dir, 'metadata.json');
    fs.writeFileSync(metaFile, metadataToJson(metadata));
    const n = Math.max(1, Math.min(rows, REFERENCE_ROWS));
    let hits = 0;
    for (let seed = 1; seed <= REFERENCE_TWINS; seed++) {
      ctx.onProgress?.({ stage: `auditing: unique rows by chance (${seed} of ${REFERENCE_TWINS})` });
      const out = nodePath.join(dir, `reference-${seed}.csv`);
      try {
        await generateTwin({ input: metaFile, level: 'statistical', rows: n, seed, out }, { signal: ctx.signal });
      } catch (e) {
        if (!isTwinError(e) || e.kind === 'cancelled') throw e;
        return null;
      }
      hits += await countUniqueCopies(await openDataset(out), facts, ctx);
      fs.rmSync(out, { force: true });
    }
    return { hits: hits * (rows / n), twins: REFERENCE_TWINS };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Rows of `twin` equal, on the facts' row columns, to a real row that occurs once (0 when the twin lacks one of them). */
export async function countUniqueCopies(twin: DatasetSource, facts: RealFacts, ctx: JobContext): Promise<number> {
  const index = new Map(twin.columnNames.map((n, i) => [n, i] as const));
  const rowAt = facts.rowColumns.map((n) => index.get(n));
  if (!rowAt.every((i) => i !== undefined)) return 0;
  let copies = 0;
  for await (const batch of twin.batches(ctx)) {
    throwIfAborted(ctx.signal);
    for (const row of batch.rows) if (facts.rowCounts.get(rowKey(rowAt.map((i) => rawText(row[i!] ?? null)))) === 1) copies++;
  }
  return copies;
}

/**
 * Whether `observed` copies are more than chance: the Poisson probability of at least that many at
 * the reference mean is below {@link CHANCE_P}. References with none give a mean of 0: then any
 * copy is beyond chance (the published distribution does not produce those rows).
 */
export function beyondChance(observed: number, chance: ChanceCopies): boolean {
  const lambda = chance.hits / chance.twins;
  if (lambda === 0) return observed > 0;
  // P(X ≥ observed) = 1 − Σ_{x < observed} e^−λ λ^x / x!
  let term = Math.exp(-lambda);
  let below = 0;
  for (let x = 0; x < observed; x++) {
    below += term;
    term *= lambda / (x + 1);
  }
  return 1 - below < CHANCE_P;
}

/** The reference mean per twin, for a finding's text. */
export function formatMean(chance: ChanceCopies): string {
  return (chance.hits / chance.twins).toFixed(1);
}

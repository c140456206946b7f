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
import { binomialUpperTail } from '../math/distributions';
import { findGenerator } from '../synth/registry';
import { t } from '../l10n';

/** Twins drawn from the metadata alone to measure the chance rate. */
export const REFERENCE_TWINS = 10;
/** Rows of each reference twin at most (the count is scaled to the twin's rows beyond). */
export const REFERENCE_ROWS = 200_000;
/** A twin's count beyond chance: the Poisson upper tail at the reference rate is below this. */
export const CHANCE_P = 0.01;

/** What twins drawn from the published distribution alone give: unique real rows hit in `twins` twins of `rowsPerTwin` rows each. */
export interface ChanceCopies {
  hits: number;
  twins: number;
  rowsPerTwin: number;
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
      ctx.onProgress?.({ stage: t('auditing: unique rows by chance ({0} of {1})', seed, REFERENCE_TWINS) });
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
    return { hits, twins: REFERENCE_TWINS, rowsPerTwin: n };
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
 * Whether a twin's rows equal to a unique real row are read against chance. Not when the pack's
 * recipe names a method that redraws every such row before writing (copula, cart: the
 * generators' guard), since then any left is a replay, whatever chance gives; yes for methods that
 * draw without that guard (structural, statistical, privbayes) and when there is no recipe.
 */
export function copiesReadAgainstChance(recipe: { level: string; method?: string } | null): boolean {
  if (!recipe) return true;
  try {
    return !findGenerator(recipe.level, recipe.method).redrawsUniqueRows;
  } catch {
    return true;
  }
}

/**
 * Whether `observed` copies in a twin of `rows` rows are more than chance: the exact conditional
 * test of two Poisson counts (Przyborowski & Wilenski 1940; Lehmann & Romano, Testing Statistical
 * Hypotheses, §4.5). If the twin and the reference twins hit unique real rows at the same rate per
 * row, then given the total n = observed + hits, the twin's share is Binomial(n, p0) with p0 its
 * share of the rows compared; beyond chance when P(X ≥ observed) < {@link CHANCE_P}. Unlike reading
 * the references' mean as the true rate, this accounts for the references being a sample too:
 * one copy against none in five reference twins is p = 1/6, not "any copy is beyond chance".
 */
export function beyondChance(observed: number, rows: number, chance: ChanceCopies): boolean {
  return chancePValue(observed, rows, chance) < CHANCE_P;
}

/** P(X ≥ observed), X ~ Binomial(observed + hits, p0): the test's p-value (1 when nothing was observed). */
export function chancePValue(observed: number, rows: number, chance: ChanceCopies): number {
  if (observed <= 0) return 1;
  const referenceRows = chance.twins * chance.rowsPerTwin;
  const p0 = rows / (rows + referenceRows);
  const n = observed + chance.hits;
  return binomialUpperTail(observed, n, p0);
}

/** The reference mean per twin of the audited twin's size, for a finding's text. */
export function formatMean(chance: ChanceCopies, rows: number): string {
  return ((chance.hits / chance.twins) * (rows / chance.rowsPerTwin)).toFixed(1);
}

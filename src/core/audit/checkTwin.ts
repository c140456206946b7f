import type { JobContext } from '../context';
import { throwIfAborted } from '../errors';
import { DEFAULT_MISSING_TOKENS, isMissing, missingTokenSet, parseValue } from '../format';
import type { Metadata } from '../metadata';
import { boundsOf, replayedExtreme } from './checkTails';
import type { DatasetSource } from '../io';
import { rawText, rowKey, type RealFacts } from './realFacts';
import type { AuditFinding } from './types';
import { beyondChance, CHANCE_P, chancePValue, formatMean, type ChanceCopies } from './uniqueRowChance';

/**
 * The twin against the real data, cell by cell and row by row: no real identifier value, no real
 * category or text value held by fewer than k persons (per column, as the twin's column of the
 * same name), no real row that is unique in the real data (compared on the twin's columns, on the
 * values as written) more often than chance gives (`uniqueCopiesByChance`: twins drawn from
 * the published distribution alone; without it, any such row fails), and no exact real row count. One finding per column and check, with the
 * number of twin rows concerned (the twin is in the pack; the counts disclose nothing more).
 */
export async function checkTwin(
  twin: DatasetSource, file: string, facts: RealFacts, missingTokens: string[] | undefined, ctx: JobContext, out: AuditFinding[],
  uniqueCopiesByChance?: (rows: number, observed: number) => Promise<ChanceCopies | null>,
  metadata?: Metadata,
): Promise<void> {
  const tokens = missingTokenSet(missingTokens ?? DEFAULT_MISSING_TOKENS);
  const index = new Map(twin.columnNames.map((n, i) => [n, i] as const));
  const cols = [...facts.columns].filter(([name, c]) => c.values !== null && index.has(name)).map(([name, c]) => ({ name, col: c, at: index.get(name)!, identifiers: 0, rare: 0 }));
  // Numbers beyond the published bounds: none may equal a real extreme (checkTails.ts).
  const bounds = boundsOf(metadata);
  const tailCols = [...facts.columns].filter(([name, c]) => c.numbers !== null && bounds.has(name) && index.has(name))
    .map(([name, col]) => ({ name, col, at: index.get(name)!, bounds: bounds.get(name)!, replayed: 0 }));
  const rowAt = facts.rowColumns.map((n) => index.get(n));
  const comparable = rowAt.every((i) => i !== undefined);
  let uniqueCopies = 0;
  let rows = 0;
  for await (const batch of twin.batches(ctx)) {
    throwIfAborted(ctx.signal);
    for (const row of batch.rows) {
      rows++;
      for (const c of cols) {
        const raw = row[c.at] ?? null;
        if (isMissing(raw, tokens)) continue;
        const persons = c.col.values!.get(rawText(raw));
        if (persons === undefined) continue;
        if (c.col.identifying) c.identifiers++;
        else if (persons < facts.k) c.rare++;
      }
      for (const c of tailCols) {
        const raw = row[c.at] ?? null;
        if (isMissing(raw, tokens)) continue;
        const x = parseValue(raw, c.col.spec);
        if (typeof x === 'number' && replayedExtreme(x, c.bounds, c.col, facts.k)) c.replayed++;
      }
      if (comparable && facts.rowCounts.get(rowKey(rowAt.map((i) => rawText(row[i!] ?? null)))) === 1) uniqueCopies++;
    }
  }
  for (const c of cols) {
    if (c.identifiers > 0) out.push({ check: 'identifier', severity: 'fail', file, where: `column ${JSON.stringify(c.name)}`, column: c.name, message: `${c.identifiers} twin rows carry a real value of the identifying column` });
    if (c.rare > 0) out.push({ check: 'rare-value', severity: 'fail', file, where: `column ${JSON.stringify(c.name)}`, column: c.name, message: `${c.rare} twin rows carry a real value held by fewer than ${facts.k} persons` });
  }
  for (const c of tailCols) {
    if (c.replayed > 0) out.push({ check: 'tail-replay', severity: 'fail', file, where: `column ${JSON.stringify(c.name)}`, column: c.name, message: `${c.replayed} twin rows carry a real value beyond the published bounds held by fewer than ${facts.k} persons (a replayed extreme)` });
  }
  if (uniqueCopies > 0) {
    // A twin drawn from the published distribution alone has some such rows by chance (a common
    // code on a common day): only more than that is a replay.
    // A twin whose method redraws them (no callback) keeps none: any is a replay.
    const chance = await uniqueCopiesByChance?.(rows, uniqueCopies);
    if (!chance || beyondChance(uniqueCopies, rows, chance)) {
      const against = !chance
        ? (uniqueCopiesByChance ? ' (no twin can be drawn from the pack\'s metadata.json alone to measure chance)' : ' (its recipe\'s method redraws every such row before writing, so none is chance)')
        : chance.hits === 0
        ? ` (none in ${chance.twins} twins drawn from the pack's metadata.json alone: p = ${chancePValue(uniqueCopies, rows, chance).toPrecision(2)} < ${CHANCE_P})`
        : ` (${formatMean(chance, rows)} on average in ${chance.twins} twins of its size drawn from the pack's metadata.json alone: more than chance, p = ${chancePValue(uniqueCopies, rows, chance).toPrecision(2)} < ${CHANCE_P})`;
      out.push({ check: 'unique-row', severity: 'fail', file, where: 'rows', message: `${uniqueCopies} twin rows equal a real row that is unique in the real data${against}` });
    }
  }
  if (rows === facts.rows && facts.rows % facts.rounding !== 0) {
    out.push({ check: 'derivable', severity: 'fail', file, where: 'rows', message: `the twin has exactly as many rows as the real data (published counts are rounded to ${facts.rounding})` });
  }
}

import * as path from 'node:path';
import type { JobContext } from '../context';
import { inputError, throwIfAborted } from '../errors';
import { isMissing, missingTokenSet, parseValue } from '../format';
import { openDataset } from '../io';
import type { DatasetSource } from '../io';
import { profileDataset } from '../profile/profileDataset';
import type { ColumnSpec } from '../schema';
import { loadTable } from '../table/loadTable';
import { evaluateTables } from './evaluateTables';
import { DEFAULT_EVALUATE_SEED, DEFAULT_SAMPLE_SIZE } from './options';
import type { EvaluationReport } from './report';

export interface EvaluateFilesOptions {
  /** Real records not used to make the twin (privacy baseline and TSTR test set). */
  holdout?: string;
  /** Outcome column for the utility models. */
  target?: string;
  /** Rows of each file evaluated at most (seeded uniform sample beyond it). Default 50,000. */
  sampleSize?: number;
  /** Seed of the sampling, splits and attacks. Default 1. */
  seed?: number;
  /** Spellings of a missing value; default the profiler's list. */
  missingTokens?: string[];
}

/** Records checked value by value for a type mismatch before loading (a full check would cost a second pass). */
export const TYPE_CHECK_ROWS = 10_000;

/**
 * Evaluates a synthetic file against the real file (and an optional holdout file): profiles
 * the real file to learn each column's type and format, checks that the synthetic (and
 * holdout) file has the same columns and that their values parse as the real types, loads
 * each file with the real data's column specs (a seeded uniform sample of at most
 * `sampleSize` rows each), and runs `evaluateTables`.
 * @throws inputError (one line, naming file and column) for a synthetic file missing a column
 * or with an extra one, a value that does not parse as the real column's type, an empty
 * synthetic file, or a holdout with other columns; and any reader error
 */
export async function evaluateFiles(realPath: string, syntheticPath: string, options: EvaluateFilesOptions = {}, ctx: JobContext = {}): Promise<EvaluationReport> {
  const seed = options.seed ?? DEFAULT_EVALUATE_SEED;
  const sampleSize = options.sampleSize ?? DEFAULT_SAMPLE_SIZE;
  const missingTokens = options.missingTokens;

  ctx.onProgress?.({ stage: 'profiling the real data' });
  const realSource = await openDataset(realPath);
  const profile = await profileDataset(realSource, { missingTokens, seed, exactRowLimit: 10_000, associationRows: 0 }, ctx);
  const specs: ColumnSpec[] = profile.columns.map((c) => c.spec);

  const synSource = await openDataset(syntheticPath);
  checkColumns(specs, synSource);
  const holdoutSource = options.holdout !== undefined ? await openDataset(options.holdout) : null;
  if (holdoutSource) checkColumns(specs, holdoutSource);
  throwIfAborted(ctx.signal);
  await checkTypes(specs, synSource, missingTokens, ctx);
  if (holdoutSource) await checkTypes(specs, holdoutSource, missingTokens, ctx);

  const load = async (source: DatasetSource, label: string) => {
    ctx.onProgress?.({ stage: `loading ${label}` });
    return loadTable(source, specsInOrder(specs, source), { missingTokens, maxRows: sampleSize, seed }, ctx);
  };
  const real = await load(realSource, 'the real data');
  const syn = await load(synSource, 'the synthetic data');
  if (syn.table.rowCount === 0) throw inputError('the synthetic file has no data rows', { file: fileOf(synSource) });
  const hold = holdoutSource ? await load(holdoutSource, 'the holdout') : null;
  if (hold && hold.table.rowCount === 0) throw inputError('the holdout file has no data rows', { file: fileOf(holdoutSource!) });

  const sampleNotes = [real.sampled ? real.sampleNote : '', syn.sampled ? syn.sampleNote : '', hold?.sampled ? hold.sampleNote : ''].filter((s) => s !== '');
  return evaluateTables(real.table, syn.table, hold?.table ?? null, {
    target: options.target,
    seed,
    sampleSize,
    labels: { real: fileOf(realSource), synthetic: fileOf(synSource), holdout: holdoutSource ? fileOf(holdoutSource) : undefined },
    sourceRows: {
      real: profile.dataset.rows,
      synthetic: await rowsOf(synSource, syn),
      ...(holdoutSource && hold ? { holdout: await rowsOf(holdoutSource, hold) } : {}),
    },
    ...(sampleNotes.length ? { sampleNote: sampleNotes.join(' ') } : {}),
  }, ctx);
}

function fileOf(source: DatasetSource): string {
  return path.basename(source.path);
}

/** The real specs in the order of the other file's columns (loadTable reads columns in file order). */
function specsInOrder(specs: ColumnSpec[], source: DatasetSource): ColumnSpec[] {
  const byName = new Map(specs.map((s) => [s.name, s]));
  return source.columnNames.map((n) => byName.get(n)!);
}

/** @throws inputError for a missing or extra column (compared by name, any order). */
function checkColumns(specs: ColumnSpec[], source: DatasetSource): void {
  const file = fileOf(source);
  const have = new Set(source.columnNames);
  for (const s of specs) if (!have.has(s.name)) throw inputError('column missing: the real data has it, this file does not', { file, column: s.name });
  const want = new Set(specs.map((s) => s.name));
  for (const n of source.columnNames) if (!want.has(n)) throw inputError('extra column: the real data has no column of this name', { file, column: n });
  if (have.size !== source.columnNames.length) {
    const seen = new Set<string>();
    for (const n of source.columnNames) {
      if (seen.has(n)) throw inputError('duplicate column name', { file, column: n });
      seen.add(n);
    }
  }
}

/**
 * Parses the first `TYPE_CHECK_ROWS` records with the real specs.
 * @throws inputError naming file, row and column for the first non-missing value that does not parse
 */
async function checkTypes(specs: ColumnSpec[], source: DatasetSource, missingTokens: string[] | undefined, ctx: JobContext): Promise<void> {
  const ordered = specsInOrder(specs, source);
  const tokens = missingTokenSet(missingTokens);
  const file = fileOf(source);
  let seen = 0;
  for await (const batch of source.batches(ctx)) {
    for (let r = 0; r < batch.rows.length && seen < TYPE_CHECK_ROWS; r++, seen++) {
      const row = batch.rows[r];
      for (let c = 0; c < ordered.length; c++) {
        const spec = ordered[c];
        if (spec.type === 'text' || spec.type === 'identifier' || spec.type === 'categorical') continue;
        const raw = row[c] ?? null;
        if (isMissing(raw, tokens)) continue;
        if (parseValue(raw, spec) === null) {
          const shown = String(raw).length > 40 ? String(raw).slice(0, 40) + '…' : String(raw);
          throw inputError(`value ${JSON.stringify(shown)} is not ${article(spec.type)} ${spec.type} value like the real column's`, { file, row: batch.firstRow + r, column: spec.name });
        }
      }
    }
    if (seen >= TYPE_CHECK_ROWS) break;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? 'an' : 'a';
}

/** Full row count of a loaded file: the table's own when not sampled, else counted by streaming. */
async function rowsOf(source: DatasetSource, loaded: { table: { rowCount: number }; sampled: boolean }): Promise<number> {
  if (!loaded.sampled) return loaded.table.rowCount;
  let n = 0;
  for await (const b of source.batches()) n += b.rows.length;
  return n;
}

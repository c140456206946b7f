import type { RecordRule } from '../metadata';
import * as path from 'node:path';
import type { JobContext } from '../context';
import { harmoniseCategories } from './harmonise';
import { harmonisingSource } from './harmoniseTwin';
import { matchTwinColumns } from './twinColumns';
import type { TwinFileReport } from './report';
import { inputError, isTwinError, throwIfAborted } from '../errors';
import { openDataset } from '../io';
import type { DatasetSource } from '../io';
import { missingTokenSet } from '../format';
import { columnSpecsOf, profileFile, toMetadata } from '../profile';
import type { ColumnSpec } from '../schema';
import { describeHoldout, holdoutSplitOf, splitSource, type HoldoutRequest, type HoldoutSplit } from '../holdout';
import { recipeHoldoutFor } from '../synth/recipe';
import { loadTable } from '../table';
import { evaluateTables } from './evaluateTables';
import { DEFAULT_EVALUATE_SEED, DEFAULT_SAMPLE_SIZE } from './options';
import type { EvaluationReport } from './report';
import { t } from '../l10n';
import { english } from '../l10n/stored';

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
  /** Real columns left out of the evaluation (e.g. excluded from the twin by a person's decision); the twin may lack them. */
  exclude?: string[];
  /**
   * The split the twin was made with (its recipe's `holdout`): the real file is divided in memory into
   * the training records (the "real" side) and the held-out ones (the holdout). Not with `holdout`.
   */
  holdoutSplit?: HoldoutSplit;
  /** Like `holdoutSplit`, made here: the person key, unless named, is the one the real data's profile finds. */
  holdoutShare?: HoldoutRequest;
  /**
   * Without `holdout` or `holdoutSplit`, use the split recorded in the twin's recipe (`<name>.twin.json`
   * beside it) when that recipe was made from this real file. Default true.
   */
  recipeHoldout?: boolean;
  /** Record rules to check (the twin's metadata rules); default: the rules found in the real data. */
  rules?: RecordRule[];
  /** Histogram edges per numeric/date column for the chart detail (see EvaluateOptions.histogramEdges). */
  histogramEdges?: Readonly<Record<string, readonly number[]>>;
}

/**
 * Evaluates a synthetic file against the real file (and an optional holdout file): profiles
 * the real file to learn each column's type and format, matches the synthetic file's columns
 * to the real ones (any order; another tool's spelling of a name, such as R's `education.num`;
 * a real column the twin lacks is left out of the scores, an extra one ignored, both reported),
 * loads each file with the real data's column specs (a seeded uniform sample of at most
 * `sampleSize` rows each) — the synthetic file harmonised value by value to the real formats
 * (`harmonisingSource`), what cannot be harmonised read as missing and counted per column —
 * and runs `evaluateTables`. The report's `twinFile` says what was matched and harmonised.
 * @throws inputError (one line, naming file and column) for a synthetic file with none of the
 * real columns, or lacking the target, duplicate column names, an empty synthetic file, or a
 * holdout with other columns; and any reader error
 */
export async function evaluateFiles(realPath: string, syntheticPath: string, options: EvaluateFilesOptions = {}, ctx: JobContext = {}): Promise<EvaluationReport> {
  const seed = options.seed ?? DEFAULT_EVALUATE_SEED;
  const sampleSize = options.sampleSize ?? DEFAULT_SAMPLE_SIZE;
  const missingTokens = options.missingTokens;

  ctx.onProgress?.({ stage: t('profiling the real data') });
  // Only the column specs are needed: small exact-value and association limits keep the pass cheap.
  const { source: realSource, profile } = await profileFile(realPath, { missingTokens, seed, exactRowLimit: 10_000, associationRows: 0 }, ctx);
  const excluded = new Set(options.exclude ?? []);
  for (const name of excluded) if (!profile.columns.some((c) => c.spec.name === name)) throw inputError(t('cannot exclude a column the real data does not have'), { file: fileOf(realSource), column: name });
  let specs: ColumnSpec[] = columnSpecsOf(profile).filter((s) => !excluded.has(s.name));
  if (specs.length === 0) throw inputError(t('every column is excluded; nothing to evaluate'), { file: fileOf(realSource) });

  const synSource = await openDataset(syntheticPath);
  checkDuplicates(synSource);
  const match = matchTwinColumns(specs, synSource.columnNames);
  if (match.missing.length === specs.length) throw inputError(t('the synthetic file has none of the real data\'s columns'), { file: fileOf(synSource) });
  if (options.target !== undefined && match.missing.includes(options.target)) throw inputError(t('the target column is missing from the synthetic file'), { file: fileOf(synSource), column: options.target });
  // A real column the twin lacks is left out of every score, as an excluded one is.
  for (const name of match.missing) excluded.add(name);
  specs = specs.filter((s) => !excluded.has(s.name));
  if (options.holdout !== undefined && options.holdoutSplit) throw inputError(t('give either a holdout file or a holdout share, not both'), { file: path.basename(options.holdout) });
  const fromRecipe = !options.holdoutSplit && !options.holdoutShare && options.holdout === undefined && options.recipeHoldout !== false ? await recipeHoldoutFor(syntheticPath, realPath) : null;
  const asked = options.holdoutShare ? holdoutSplitOf(options.holdoutShare, toMetadata(profile).dataset.personKey) : null;
  if (asked && options.holdout !== undefined) throw inputError(t('give either a holdout file or a holdout share, not both'), { file: path.basename(options.holdout) });
  const holdoutSplit = options.holdoutSplit ?? asked ?? fromRecipe ?? undefined;
  const split = holdoutSplit ? splitSource(realSource, holdoutSplit) : null;
  const holdoutSource = split ? split.holdout : options.holdout !== undefined ? await openDataset(options.holdout) : null;
  if (holdoutSource) checkColumns(specs, holdoutSource, excluded);
  throwIfAborted(ctx.signal);

  // Every file is sampled with the same seed, so files of equal length keep the same row positions and a
  // file compared with itself stays identical after sampling.
  // The synthetic file is read through its harmonising view (another tool's renderings of the real formats);
  // values that still do not parse, in any file, are read as missing and counted.
  const load = async (source: DatasetSource, stage: string, fileSource = source) => {
    ctx.onProgress?.({ stage });
    const counting = countingSource(source);
    try {
      const loaded = await loadTable(counting.source, specsInOrder(specs, source), { missingTokens, maxRows: sampleSize, seed }, ctx);
      return { ...loaded, rows: counting.rows() };
    } catch (e) {
      // Name the file as the other schema errors do (its name, not its full path).
      if (isTwinError(e) && e.kind === 'input' && e.where.file === source.path) throw inputError(e.reason, { ...e.where, file: fileOf(fileSource) }, e);
      throw e;
    }
  };
  const real = await load(split ? split.training : realSource, split ? t('loading the training records') : t('loading the real data'));
  const realCategories = new Map(real.table.columns.flatMap((c) => (c.data.kind === 'category' ? [[c.spec.name, c.data.categories] as const] : [])));
  const harmonising = harmonisingSource(synSource, specs, match, realCategories, missingTokenSet(missingTokens));
  const syn = await load(harmonising.source, t('loading the synthetic data'), synSource);
  if (syn.table.rowCount === 0) throw inputError(t('the synthetic file has no data rows'), { file: fileOf(synSource) });
  const hold = holdoutSource ? await load(holdoutSource, t('loading the holdout')) : null;
  if (hold && hold.table.rowCount === 0) throw inputError(t('the holdout file has no data rows'), { file: fileOf(holdoutSource!) });

  const loadNotes = [`${fileOf(realSource)}: ${real.sampleNote}`, `${fileOf(synSource)}: ${syn.sampleNote}`];
  let holdoutTable = hold?.table ?? null;
  if (split && holdoutSplit) {
    loadNotes.push(`holdout: ${describeHoldout(holdoutSplit)}${fromRecipe ? ' (the split recorded in the twin\'s recipe)' : ''}: ${hold!.rows} records held out, ${real.rows} used for training`);
  } else if (hold && holdoutSource) {
    loadNotes.push(`${fileOf(holdoutSource)}: ${hold.sampleNote}`);
    const harmonised = harmoniseCategories(real.table, hold.table);
    holdoutTable = harmonised.table;
    for (const note of harmonised.notes) loadNotes.push(`${fileOf(holdoutSource)}: ${note}`);
  }
  const twinFile: TwinFileReport = {
    missingColumns: match.missing,
    extraColumns: match.extra,
    renamedColumns: match.renamed,
    reordered: match.reordered,
    columns: harmonising.report().filter((c) => c.harmonised > 0 || c.unreadable > 0),
  };
  try {
    const report = await evaluateTables(real.table, syn.table, holdoutTable, {
    target: options.target,
    ...(options.rules ? { rules: options.rules } : {}),
    seed,
    sampleSize,
    labels: { real: fileOf(realSource), synthetic: fileOf(synSource), holdout: split ? `${fileOf(realSource)} (held-out records)` : holdoutSource ? fileOf(holdoutSource) : undefined },
    ...(holdoutSplit ? { holdoutSplit } : {}),
    sourceRows: {
      real: split ? real.rows : profile.dataset.rows,
      synthetic: syn.rows,
      ...(hold ? { holdout: hold.rows } : {}),
    },
    sampleNote: loadNotes.join('; ') + '.',
    histogramEdges: options.histogramEdges,
  }, ctx);
    report.twinFile = twinFile;
    report.notes.push(...twinFileNotes(twinFile));
    return report;
  } catch (e) {
    // Errors about the data as a whole name the real file, like every other input error.
    if (isTwinError(e) && e.kind === 'input' && e.where.file === undefined) throw inputError(e.reason, { ...e.where, file: fileOf(realSource) }, e);
    throw e;
  }
}

function fileOf(source: DatasetSource): string {
  return path.basename(source.path);
}

/** The real specs in the order of the other file's columns (loadTable reads columns in file order). */
function specsInOrder(specs: ColumnSpec[], source: DatasetSource): ColumnSpec[] {
  const byName = new Map(specs.map((s) => [s.name, s]));
  return source.columnNames.flatMap((n) => byName.get(n) ?? []);
}

/** @throws inputError for a missing or extra column (compared by name, any order). */
function checkColumns(specs: ColumnSpec[], source: DatasetSource, excluded: ReadonlySet<string>): void {
  const file = fileOf(source);
  const have = new Set(source.columnNames);
  for (const s of specs) if (!have.has(s.name)) throw inputError(t('column missing: the real data has it, this file does not'), { file, column: s.name });
  const want = new Set(specs.map((s) => s.name));
  for (const n of source.columnNames) if (!want.has(n) && !excluded.has(n)) throw inputError(t('extra column: the real data has no column of this name'), { file, column: n });
  if (have.size !== source.columnNames.length) {
    const seen = new Set<string>();
    for (const n of source.columnNames) {
      if (seen.has(n)) throw inputError(t('duplicate column name'), { file, column: n });
      seen.add(n);
    }
  }
}

/** @throws inputError for a file with two columns of one name. */
function checkDuplicates(source: DatasetSource): void {
  const seen = new Set<string>();
  for (const n of source.columnNames) {
    if (seen.has(n)) throw inputError(t('duplicate column name'), { file: fileOf(source), column: n });
    seen.add(n);
  }
}

/** The report's notes on the synthetic file's columns and values (names and counts of the twin only). */
export function twinFileNotes(t: TwinFileReport): string[] {
  const notes: string[] = [];
  const list = (names: readonly string[]) => names.map((n) => JSON.stringify(n)).join(', ');
  if (t.missingColumns.length) {
    notes.push(t.missingColumns.length === 1 ? english('The synthetic file lacks a column of the real data, left out of every score: {0}.', list(t.missingColumns))
      : english('The synthetic file lacks {0} columns of the real data, left out of every score: {1}.', t.missingColumns.length, list(t.missingColumns)));
  }
  if (t.extraColumns.length) {
    notes.push(t.extraColumns.length === 1 ? english('The synthetic file has a column the real data does not, ignored: {0}.', list(t.extraColumns))
      : english('The synthetic file has {0} columns the real data does not, ignored: {1}.', t.extraColumns.length, list(t.extraColumns)));
  }
  for (const r of t.renamedColumns) notes.push(english('Column {0} is {1} in the synthetic file.', JSON.stringify(r.column), JSON.stringify(r.fileColumn)));
  for (const c of t.columns) {
    const harmonised = c.harmonised ? english('{0} values harmonised to the real format ({1})', c.harmonised.toLocaleString('en-GB'), c.ways.map((w) => w.way.replace(/-/g, ' ')).join(', ')) : null;
    const unreadable = !c.unreadable ? null : c.unreadable === 1 ? english('{0} values that match no reading of its type was read as missing', c.unreadable.toLocaleString('en-GB'))
      : english('{0} values that match no reading of its type were read as missing', c.unreadable.toLocaleString('en-GB'));
    const column = JSON.stringify(c.column);
    notes.push(harmonised !== null && unreadable !== null ? english('Synthetic column {0}: {1}; {2}.', column, harmonised, unreadable)
      : english('Synthetic column {0}: {1}.', column, harmonised ?? unreadable ?? ''));
  }
  return notes;
}

/** A view of a source that counts the records streamed through it (the full row count, even when loadTable samples). */
function countingSource(source: DatasetSource): { source: DatasetSource; rows: () => number } {
  let rows = 0;
  const counted: DatasetSource = {
    ...source,
    // Without the byte path, so every reader of this view goes through the counting batches below.
    cellBatches: undefined,
    batches: async function* (ctx?: JobContext) {
      rows = 0;
      for await (const batch of source.batches(ctx)) {
        rows += batch.rows.length;
        yield batch;
      }
    },
  };
  return { source: counted, rows: () => rows };
}

import * as nodePath from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { JobContext } from '../../context';
import type { DatasetMetadata } from '../../dataset/types';
import { inputError } from '../../errors';
import { writeFileAtomic } from '../../io';
import { checkHoldoutShare, splitDatasetTables, type HoldoutSplit } from '../../holdout';
import type { Table } from '../../schema';
import { DEFAULT_SEED, toolIdentity } from '../recipe';
import { findGenerator } from '../registry';
import type { ChildCountDistribution } from './childCounts';
import { generateLinked, type LinkedGenerateResult } from './generateLinked';
import { readFitRows, type FitSample } from './fitRows';
import { linksOf } from './links';
import { t } from '../../l10n';

export { linksOf };

/** What `twin generate <folder|dataset.json|metadata.json> --out <folder>` asks for. */
export interface GenerateDatasetRequest {
  /** The dataset's metadata (`twin-metadata/2`): profiled from the folder, or read from metadata.json. */
  metadata: DatasetMetadata;
  /** The folder of the real tables (file names as the metadata gives them); needed for correlated twins. */
  dir?: string;
  level: string;
  method?: string;
  seed?: number;
  epsilon?: number;
  /** Persons in the twin (rows of the person table); default as many as the real data has. */
  persons?: number;
  /** The folder the twin tables (and the recipe) are written to. */
  out: string;
  /** Persons per batch (memory bound); default 2,000. */
  batchPersons?: number;
  /**
   * Correlated: the fit reads the rows of at most this many persons (a seeded hash of the person
   * key decides); default {@link defaultFitPersons}.
   */
  fitPersons?: number;
  /**
   * Persons held out before fitting (every row of a held-out person, in every table, chosen by a
   * seeded hash of the person key; `holdout/dataset.ts`): a correlated twin never reads them.
   * Recorded in the recipe; the evaluation compares the twin with them.
   */
  holdout?: HoldoutSplit;
}

export interface GenerateDatasetResult extends LinkedGenerateResult {
  out: string;
  recipePath: string;
  recipe: DatasetRecipe;
}

/** `<dataset>.twin.json`: how a dataset twin was made, and the SHA-256 of each file it wrote. */
export interface DatasetRecipe {
  format: typeof DATASET_RECIPE_FORMAT;
  tool: { name: string; version: string };
  level: string;
  method: string;
  seed: number;
  epsilon: number | null;
  persons: number | null;
  /** The source tables by file name (no folder) and keyed fingerprint, as metadata.json gives them. */
  source: { kind: 'data' | 'metadata'; tables: { name: string; file: string; fingerprint: DatasetMetadata['tables'][number]['metadata']['dataset']['fingerprint'] }[] };
  output: { name: string; file: string; rows: number; bytes: number; sha256: string }[];
  personTable: string | null;
  plan: LinkedGenerateResult['plan'];
  /** The persons the correlated fit read (null: no real rows read, or no person table). */
  fitSample: FitSample | null;
  dateRules: LinkedGenerateResult['dateRules'];
  /** The persons held out before fitting (share and seed; each table's person column is in metadata.json). */
  holdout?: HoldoutSplit;
}

export const DATASET_RECIPE_FORMAT = 'twin-dataset-recipe/1';

/**
 * Generates the twin of a whole dataset into a folder: one file per table, named and formatted
 * as its source, and `<dataset>.twin.json` (the recipe: level, method, seed, persons, the plan
 * and each output's size and SHA-256, so the same request can be checked to give the same
 * bytes). Structural and statistical twins use the metadata alone (children per parent from
 * the published relationship summaries); correlated twins read the real tables.
 * @throws TwinError('input') for an unknown level or method, a correlated request without the real tables, or an unwritable folder.
 */
export async function generateDataset(request: GenerateDatasetRequest, ctx: JobContext = {}): Promise<GenerateDatasetResult> {
  const generator = findGenerator(request.level, request.method, request.epsilon);
  const seed = request.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed)) throw inputError(t('seed must be a whole number, not {0}', seed));
  if (request.persons !== undefined && (!Number.isInteger(request.persons) || request.persons < 1)) throw inputError(t('persons must be a whole number ≥ 1, not {0}', request.persons));
  if (request.fitPersons !== undefined && (!Number.isInteger(request.fitPersons) || request.fitPersons < 1)) throw inputError(t('fit persons must be a whole number ≥ 1, not {0}', request.fitPersons));
  const needsRows = generator.needsRealRows(request.epsilon);
  const m = request.metadata;
  if (needsRows && request.dir === undefined) {
    throw inputError(generator.level === 'correlated' ? t('correlated twins need the real tables; metadata.json holds only summaries') : t('statistical twins with a privacy budget (epsilon) need the real tables; metadata.json holds only summaries'), {});
  }
  const out = nodePath.resolve(request.out);
  if (request.dir !== undefined && nodePath.resolve(request.dir) === out) throw inputError(t('the twin folder is the data folder; choose another output folder'), { file: out });
  try {
    await mkdir(out, { recursive: true });
  } catch (e) {
    throw inputError(t('cannot create the output folder ({0})', (e as NodeJS.ErrnoException).code ?? 'error'), { file: out }, e);
  }
  if (request.holdout) checkHoldoutShare(request.holdout.share);
  const fit = needsRows ? await readFitRows(m, request.dir!, { seed, ...(request.fitPersons !== undefined ? { maxPersons: request.fitPersons } : {}) }, ctx) : null;
  let rowsOf = fit?.tables ?? new Map<string, Table>();
  let fitShare = fit?.share ?? 1;
  if (fit && request.holdout) {
    // The model sees the training persons only; the held-out ones stay in the files, unread by it.
    const person = m.relationships.personTable;
    const read = person !== undefined ? rowsOf.get(person)?.rowCount ?? 0 : 0;
    rowsOf = splitDatasetTables(m, rowsOf, request.holdout).training;
    const training = person !== undefined ? rowsOf.get(person)?.rowCount ?? 0 : 0;
    if (read > 0) fitShare *= training / read;
  }
  const tables = m.tables.map((t) => {
    const rows = rowsOf.get(t.name);
    return { name: t.name, metadata: t.metadata, ...(rows ? { table: rows } : {}), outPath: nodePath.join(out, t.file) };
  });
  const counts: Record<string, ChildCountDistribution> = {};
  for (const c of m.summaries?.childrenPerParent ?? []) {
    // Parents without children from the rounded counts (parents with children / parent rows): finer
    // than the share's two decimals, which rounds 15 of 7,585 encounters to none at all.
    const parentRows = m.tables.find((t) => t.name === c.parent.table)?.metadata.dataset.rows ?? 0;
    const keys = c.distribution?.keys ?? 0;
    const noneShare = parentRows > 0 && keys > 0 ? Math.min(1, Math.max(0, 1 - keys / parentRows)) : (c.noneShare ?? 0);
    counts[`${c.child.table}.${c.child.column}->${c.parent.table}.${c.parent.column}`] = { noneShare, ...(c.distribution ? { multiplicity: c.distribution } : {}) };
  }
  const result = await generateLinked({
    tables,
    primaryKeys: Object.fromEntries(m.relationships.primaryKeys.map((k) => [k.table, k.column])),
    links: linksOf(m),
    ...(m.relationships.personTable !== undefined ? { personTable: m.relationships.personTable } : {}),
    counts,
    ...(fitShare < 1 ? { fitShare } : {}),
  }, {
    generator, seed, ...(request.epsilon !== undefined ? { epsilon: request.epsilon } : {}),
    ...(request.persons !== undefined ? { persons: request.persons } : {}),
    ...(request.batchPersons !== undefined ? { batchPersons: request.batchPersons } : {}),
  }, ctx);
  const recipePath = nodePath.join(out, `${m.dataset.name || 'dataset'}.twin.json`);
  const recipe: DatasetRecipe = {
    format: DATASET_RECIPE_FORMAT,
    tool: toolIdentity(),
    level: generator.level,
    method: generator.method,
    seed,
    epsilon: request.epsilon ?? null,
    persons: request.persons ?? null,
    source: { kind: needsRows ? 'data' : 'metadata', tables: m.tables.map((t) => ({ name: t.name, file: t.file, fingerprint: t.metadata.dataset.fingerprint })) },
    output: result.tables.map((t) => ({ name: t.name, file: nodePath.basename(t.outPath), rows: t.rows, bytes: t.bytes, sha256: t.sha256 })),
    personTable: result.personTable ?? null,
    plan: result.plan,
    fitSample: fit?.sample ?? null,
    dateRules: result.dateRules,
    ...(request.holdout ? { holdout: { share: request.holdout.share, seed: request.holdout.seed } } : {}),
  };
  await writeFileAtomic(recipePath, JSON.stringify(recipe, null, 2) + '\n');
  return { ...result, out, recipePath, recipe };
}

import * as nodePath from 'node:path';
import type { JobContext } from '../../context';
import type { DatasetMetadata } from '../../dataset/types';
import { throwIfAborted } from '../../errors';
import { DEFAULT_MISSING_TOKENS } from '../../format';
import { openDataset } from '../../io';
import type { Metadata } from '../../metadata';
import type { Table } from '../../schema';
import { publishedCategoriesOf } from '../../synth/marginals';
import { loadTable } from '../../table/loadTable';
import { heldOutRows, personColumnsOf, splitDatasetTables, type HoldoutSplit } from '../../holdout';
import { evaluateFiles } from '../evaluateFiles';
import { evaluatePersonPrivacy, type PersonLevelPrivacy } from '../personLevel';
import type { EvaluationReport } from '../report';
import { evaluateLinks, type LinkedEvaluation, type TableLink } from './evaluateLinks';
import { t } from '../../l10n';

/** The progress stage of one table (outside the loop, whose `t` is a table). */
const evaluatingStage = (table: string): string => t('evaluating {0}', table);

export const DATASET_EVALUATION_FORMAT = 'twin-dataset-evaluation/1';

/** The evaluation of a linked twin: each table's own report, and the scores across tables. */
export interface DatasetEvaluation {
  format: typeof DATASET_EVALUATION_FORMAT;
  /** Holds real figures (the per-table reports' real statistics, the real side of each pair trend): stays in the TRE. */
  release: 'not for release';
  tables: { name: string; file: string; report: EvaluationReport }[];
  links: LinkedEvaluation;
  /** The persons held out of fitting (every row of theirs, in every table): the privacy baselines. */
  holdout?: HoldoutSplit;
  /** Privacy with the person as the unit (absent without a person table). */
  personPrivacy?: PersonLevelPrivacy;
}

/** How a linked twin is evaluated. */
export interface DatasetEvaluateOptions {
  /**
   * The persons held out before the twin was fitted (its recipe's `holdout`): each table's real
   * side is the training persons' rows, the held-out persons' rows its baseline, and the
   * person-level privacy compares the twin with both.
   */
  holdout?: HoldoutSplit;
}

/**
 * Columns whose every twin value is a fake by the metadata's disclosure decisions: categorical
 * columns with no publishable category (each real value held by fewer than k persons). Like a
 * key, their twin values are format-valid stand-ins, not a distribution to score.
 */
export function fakedColumnsOf(metadata: Metadata): string[] {
  return metadata.columns
    .filter((c) => !c.excluded && (c.type === 'categorical' || c.type === 'boolean') && publishedCategoriesOf(c).length === 0)
    .map((c) => c.name);
}

/**
 * Columns a linked twin's per-table report leaves out: keys (fakes that join; their values are
 * not a distribution to compare) and columns the twin fakes whole (no category publishable).
 */
export function unscoredColumnsOf(metadata: DatasetMetadata, table: string): string[] {
  const t = metadata.tables.find((x) => x.name === table);
  const keys = [
    ...metadata.relationships.primaryKeys.filter((k) => k.table === table).map((k) => k.column),
    ...metadata.relationships.foreignKeys.filter((fk) => fk.child.table === table).map((fk) => fk.child.column),
  ];
  return [...new Set([...keys, ...(t ? fakedColumnsOf(t.metadata) : [])])];
}

/**
 * Evaluates a twin folder against the real folder, table by table with the existing report
 * (`evaluateFiles`, the same file names on both sides, key columns left out: their values are
 * fakes that join, not a distribution) and across tables with SDMetrics'
 * multi-table metrics on every link the metadata holds that a person did not reject.
 */
export async function evaluateDataset(realDir: string, twinDir: string, metadata: DatasetMetadata, ctx: JobContext = {}, options: DatasetEvaluateOptions = {}): Promise<DatasetEvaluation> {
  const tables: DatasetEvaluation['tables'] = [];
  const personColumns = personColumnsOf(metadata);
  const real: Record<string, Table> = {};
  const twin: Record<string, Table> = {};
  const specsOf = (m: Metadata) => m.columns.map((c) => ({ name: c.name, type: c.type, format: c.format }));
  const read = async (path: string, m: Metadata): Promise<Table> =>
    (await loadTable(await openDataset(path), specsOf(m), { missingTokens: [...DEFAULT_MISSING_TOKENS], cells: true }, { signal: ctx.signal })).table;
  for (const t of metadata.tables) {
    throwIfAborted(ctx.signal);
    real[t.name] = await read(nodePath.join(realDir, t.file), t.metadata);
    twin[t.name] = await read(nodePath.join(twinDir, t.file), t.metadata);
  }
  const realTables = new Map(Object.entries(real));
  const heldOut = options.holdout ? heldOutRows(metadata, realTables, options.holdout) : null;
  let step = 0;
  for (const t of metadata.tables) {
    throwIfAborted(ctx.signal);
    const realPath = nodePath.join(realDir, t.file);
    const twinPath = nodePath.join(twinDir, t.file);
    const exclude = unscoredColumnsOf(metadata, t.name);
    // With a holdout, a table with a person column is split by it (the same hash of the same key
    // in every table), when both sides keep rows; a table about no one person is compared whole.
    const personKey = personColumns.get(t.name);
    const mask = heldOut?.get(t.name);
    const held = mask ? mask.reduce((a, b) => a + b, 0) : 0;
    const holdoutSplit = options.holdout && personKey !== undefined && mask && held > 0 && held < mask.length ? { ...options.holdout, personKey } : undefined;
    const report = await evaluateFiles(realPath, twinPath, { recipeHoldout: false, exclude, ...(holdoutSplit ? { holdoutSplit } : {}) }, { signal: ctx.signal });
    tables.push({ name: t.name, file: t.file, report });
    ctx.onProgress?.({ stage: evaluatingStage(t.name), fraction: ++step / metadata.tables.length });
  }
  const links: TableLink[] = metadata.relationships.foreignKeys
    .filter((fk) => fk.status !== 'rejected' && fk.child.table !== fk.parent.table)
    .map((fk) => ({ parentTable: fk.parent.table, parentKey: fk.parent.column, childTable: fk.child.table, childKey: fk.child.column }));
  const twinTables = new Map(Object.entries(twin));
  const split = options.holdout ? splitDatasetTables(metadata, realTables, options.holdout) : null;
  const personPrivacy = await evaluatePersonPrivacy(metadata, split?.training ?? realTables, twinTables, split?.holdout ?? null, {}, ctx);
  return {
    format: DATASET_EVALUATION_FORMAT, release: 'not for release', tables, links: evaluateLinks(real, twin, links),
    ...(options.holdout ? { holdout: { share: options.holdout.share, seed: options.holdout.seed } } : {}),
    ...(personPrivacy ? { personPrivacy } : {}),
  };
}

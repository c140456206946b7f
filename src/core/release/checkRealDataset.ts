import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { JobContext } from '../context';
import type { DatasetMetadata } from '../dataset/types';
import { throwIfAborted } from '../errors';
import type { ReadOptions } from '../io';
import { checkRealData, type RealDataCheck, type SchemaFinding } from './checkRealData';
import { t } from '../l10n';

/** The progress stage of one table (outside the loop, whose `t` is a table). */
const checkingStage = (table: string): string => t('checking {0}', table);

/** `twin check` of a folder: each table's check, and the tables the metadata names that the folder lacks. */
export interface RealDatasetCheck {
  dir: string;
  /** True when every table is present and matches. */
  matches: boolean;
  tables: (RealDataCheck & { table: string })[];
  /** Tables of the metadata with no file in the folder (an error each). */
  missing: { table: string; file: string; finding: SchemaFinding }[];
}

/**
 * Whether a folder of real tables matches the linked dataset a twin was made from, so code written
 * against the twin's tables will run on them: every table of the metadata is looked for under its
 * file name and checked against its own part of metadata.json (`checkRealData`: columns, types,
 * formats, domains, bounds). Key columns are checked as the columns they are; whether the keys
 * join is the data's own business, not the schema's.
 */
export async function checkRealDataset(dir: string, metadata: DatasetMetadata, options: { missingTokens?: string[]; read?: ReadOptions } = {}, ctx: JobContext = {}): Promise<RealDatasetCheck> {
  const abs = nodePath.resolve(dir);
  const tables: RealDatasetCheck['tables'] = [];
  const missing: RealDatasetCheck['missing'] = [];
  for (const table of metadata.tables) {
    throwIfAborted(ctx.signal);
    const path = nodePath.join(abs, table.file);
    if (!fs.existsSync(path)) {
      missing.push({ table: table.name, file: table.file, finding: { severity: 'error', kind: 'table', message: t('table {0}: no file {1} in the folder', table.name, table.file) } });
      continue;
    }
    ctx.onProgress?.({ stage: checkingStage(table.name) });
    tables.push({ table: table.name, ...(await checkRealData(path, table.metadata, options, ctx)) });
  }
  return { dir: abs, matches: missing.length === 0 && tables.every((t) => t.matches), tables, missing };
}

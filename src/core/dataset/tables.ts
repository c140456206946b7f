import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { inputError } from '../errors';
import { datasetNameOf } from '../paths';
import { tableFormatOf } from './metadataV2';
import type { ColumnRef, DatasetSpec, TableFormat } from './types';
import { t } from '../l10n';

/** A table to read: its name, absolute path, file name (relative to the dataset) and format. */
export interface TableFile { name: string; path: string; file: string; format: TableFormat }

/** Keys the user declared in dataset.json, resolved against the tables' names. */
export interface DeclaredKeys {
  primaryKeys: ColumnRef[];
  foreignKeys: { child: ColumnRef; parent: ColumnRef }[];
  personTable?: string;
}

/** The tables of a dataset and the keys declared for it. */
export interface DatasetFiles { name: string; dir: string; tables: TableFile[]; declared: DeclaredKeys }

/** File extensions read as tables when a folder is profiled. */
const TABLE_EXTENSIONS = ['.csv', '.tsv', '.tab', '.parquet', '.arrow', '.feather', '.ipc'];

/** Whether a path is a dataset of several tables: a folder, or a dataset.json (a JSON file with `tables`). */
export function isDatasetPath(path: string): boolean {
  try {
    if (fs.statSync(path).isDirectory()) return true;
  } catch {
    return false;
  }
  if (!path.toLowerCase().endsWith('.json')) return false;
  try {
    const json = JSON.parse(fs.readFileSync(path, 'utf8')) as { tables?: unknown; format?: unknown };
    return Array.isArray(json.tables) && json.format === undefined;
  } catch {
    return false;
  }
}

/**
 * The tables of a folder (every CSV/TSV/Parquet/Arrow file in it, by name) or of a dataset.json,
 * with the keys dataset.json declares.
 * @throws TwinError('input') for an empty folder, a malformed dataset.json, a missing table file,
 *   two tables with one name, or a declared key naming an unknown table.
 */
export function datasetFilesOf(path: string): DatasetFiles {
  const abs = nodePath.resolve(path);
  if (fs.statSync(abs).isDirectory()) {
    const files = fs.readdirSync(abs).filter((f) => TABLE_EXTENSIONS.includes(nodePath.extname(f).toLowerCase()) && fs.statSync(nodePath.join(abs, f)).isFile()).sort();
    if (files.length === 0) throw inputError(t('no tables in the folder (looked for {0} files)', TABLE_EXTENSIONS.join(', ')), { file: abs });
    const tables = files.map((f) => tableFile(abs, f, undefined, abs));
    checkUniqueNames(tables, abs);
    return { name: nodePath.basename(abs), dir: abs, tables, declared: { primaryKeys: [], foreignKeys: [] } };
  }
  return datasetFilesOfSpec(abs);
}

function datasetFilesOfSpec(file: string): DatasetFiles {
  let spec: DatasetSpec;
  try {
    spec = JSON.parse(fs.readFileSync(file, 'utf8')) as DatasetSpec;
  } catch (e) {
    throw inputError(t('not readable as dataset.json ({0})', (e as Error).message), { file });
  }
  if (!spec || !Array.isArray(spec.tables) || spec.tables.length === 0) throw inputError(t('dataset.json needs a non-empty "tables" list of file names'), { file });
  const dir = nodePath.dirname(file);
  const tables = spec.tables.map((listed, i) => {
    const entry = typeof listed === 'string' ? { file: listed } : listed;
    if (!entry || typeof entry.file !== 'string') throw inputError(t('dataset.json tables[{0}] needs a file name', i), { file });
    return tableFile(dir, entry.file, entry.name, file);
  });
  checkUniqueNames(tables, file);
  const names = tables.map((t) => t.name);
  const ref = (text: unknown, what: string): ColumnRef => {
    const r = typeof text === 'string' ? parseRef(text, names) : undefined;
    if (!r) throw inputError(t('dataset.json {0} {1} is not table.column of a listed table', what, JSON.stringify(text)), { file });
    return r;
  };
  const primaryKeys = (spec.primaryKeys ?? []).map((k, i) => ref(k, `primaryKeys[${i}]`));
  const foreignKeys = (spec.foreignKeys ?? []).map((k, i) => ({ child: ref(k?.child, `foreignKeys[${i}].child`), parent: ref(k?.parent, `foreignKeys[${i}].parent`) }));
  if (spec.personTable !== undefined && !names.includes(spec.personTable)) throw inputError(t('dataset.json personTable {0} is not a listed table', JSON.stringify(spec.personTable)), { file });
  return {
    name: typeof spec.name === 'string' && spec.name ? spec.name : nodePath.basename(dir),
    dir,
    tables,
    declared: { primaryKeys, foreignKeys, ...(spec.personTable !== undefined ? { personTable: spec.personTable } : {}) },
  };
}

function tableFile(dir: string, file: string, name: string | undefined, where: string): TableFile {
  const path = nodePath.resolve(dir, file);
  if (!fs.existsSync(path)) throw inputError(t('table file {0} not found', JSON.stringify(file)), { file: where });
  return { name: name ?? datasetNameOf(path), path, file: nodePath.relative(dir, path) || nodePath.basename(path), format: tableFormatOf(path) };
}

function checkUniqueNames(tables: readonly TableFile[], where: string): void {
  const seen = new Set<string>();
  for (const table of tables) {
    if (seen.has(table.name)) throw inputError(t('two tables are named {0} (name them in a dataset.json)', JSON.stringify(table.name)), { file: where });
    seen.add(table.name);
  }
}

/** `table.column` → a reference, matching the longest table name that prefixes it (names may hold dots). */
export function parseRef(text: string, tables: readonly string[]): ColumnRef | undefined {
  let best: string | undefined;
  for (const t of tables) if (text.startsWith(`${t}.`) && text.length > t.length + 1 && (!best || t.length > best.length)) best = t;
  return best === undefined ? undefined : { table: best, column: text.slice(best.length + 1) };
}

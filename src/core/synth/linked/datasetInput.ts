import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { checkDatasetMetadata } from '../../dataset/metadataV2';
import type { DatasetMetadata } from '../../dataset/types';
import { DATASET_METADATA_FORMAT } from '../../dataset/types';
import { inputError } from '../../errors';

/**
 * A metadata.json of a whole dataset (`twin-metadata/2` with more than one table), or null for
 * anything else (a data file, a single table's metadata): the command then takes its one-table route.
 */
export function readDatasetMetadata(path: string): DatasetMetadata | null {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(path);
  } catch {
    return null;
  }
  if (!stat.isFile() || !path.toLowerCase().endsWith('.json')) return null;
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    throw inputError(`malformed metadata: not valid JSON (${(e as Error).message})`, { file: path }, e);
  }
  if ((json as { format?: unknown } | null)?.format !== DATASET_METADATA_FORMAT) return null;
  const d = checkDatasetMetadata(json, path);
  return d.tables.length > 1 ? d : null;
}

/** The folder a dataset's table files are read from, checked to hold every table the metadata names. */
export function checkDataFolder(dir: string, metadata: DatasetMetadata): string {
  const abs = nodePath.resolve(dir);
  for (const t of metadata.tables) {
    if (!fs.existsSync(nodePath.join(abs, t.file))) throw inputError(`the data folder has no ${t.file} (table ${t.name})`, { file: abs });
  }
  return abs;
}

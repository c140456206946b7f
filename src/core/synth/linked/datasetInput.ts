import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { checkDatasetMetadata } from '../../dataset/metadataV2';
import type { DatasetMetadata } from '../../dataset/types';
import { DATASET_METADATA_FORMAT } from '../../dataset/types';
import { inputError } from '../../errors';
import { t } from '../../l10n';

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
    throw inputError(t('malformed metadata: not valid JSON ({0})', (e as Error).message), { file: path }, e);
  }
  if ((json as { format?: unknown } | null)?.format !== DATASET_METADATA_FORMAT) return null;
  const d = checkDatasetMetadata(json, path);
  return d.tables.length > 1 ? d : null;
}

/** The folder a dataset's table files are read from, checked to hold every table the metadata names. */
export function checkDataFolder(dir: string, metadata: DatasetMetadata): string {
  const abs = nodePath.resolve(dir);
  for (const table of metadata.tables) {
    if (!fs.existsSync(nodePath.join(abs, table.file))) throw inputError(t('the data folder has no {0} (table {1})', table.file, table.name), { file: abs });
  }
  return abs;
}

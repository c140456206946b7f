import { basename } from 'node:path';
import { inputError } from '../errors';
import { METADATA_FORMAT, type Metadata } from '../metadata';
import { metadataToJson, stringifyCompact } from '../metadataJson';
import { checkMetadata } from '../synth/recipe';
import { DATASET_METADATA_FORMAT, type DatasetMetadata, type TableFormat } from './types';
import { t } from '../l10n';

/**
 * Reading and writing metadata.json of either version as a dataset. A `twin-metadata/1` file
 * (one table) reads as a one-table `twin-metadata/2` dataset with no links, so every consumer
 * can work with {@link DatasetMetadata} alone.
 */

/** A one-table dataset from single-table metadata; `file` defaults to `<name>.csv`. */
export function datasetOfTable(m: Metadata, file = `${m.dataset.name}.csv`): DatasetMetadata {
  return {
    format: DATASET_METADATA_FORMAT,
    generator: m.generator,
    dataset: { name: m.dataset.name },
    disclosure: m.disclosure,
    tables: [{ name: m.dataset.name, file: basename(file), format: tableFormatOf(file), metadata: m }],
    relationships: { primaryKeys: [], foreignKeys: [], diamonds: [] },
    controls: [],
    ...(m.signOff ? { signOff: m.signOff } : {}),
  };
}

/** The table format a file name implies: `.tsv`/`.tab` → tsv, `.parquet` → parquet, `.arrow`/`.feather`/`.ipc` → arrow, else csv. */
export function tableFormatOf(file: string): TableFormat {
  const lower = file.toLowerCase();
  if (/\.(tsv|tab)(\.gz)?$/.test(lower)) return 'tsv';
  if (lower.endsWith('.parquet')) return 'parquet';
  if (/\.(arrow|feather|ipc)$/.test(lower)) return 'arrow';
  return 'csv';
}

/**
 * Parsed metadata.json of either version → a dataset in memory form (dates as epoch ms).
 * @throws TwinError('input') for another format or a malformed file.
 */
export function checkDatasetMetadata(json: unknown, file: string): DatasetMetadata {
  const format = (json as { format?: unknown } | null)?.format;
  if (format === METADATA_FORMAT) return datasetOfTable(checkMetadata(json, file));
  if (format !== DATASET_METADATA_FORMAT) return datasetOfTable(checkMetadata(json, file)); // checkMetadata names the problem
  const d = json as Partial<DatasetMetadata>;
  const bad = (field: string): never => { throw inputError(t('malformed dataset metadata: missing or invalid {0}', field), { file }); };
  if (!d.dataset || typeof d.dataset.name !== 'string') bad('dataset');
  if (!Array.isArray(d.tables) || d.tables.length === 0) bad('tables');
  const names = new Set<string>();
  const tables = d.tables!.map((table, i) => {
    if (!table || typeof table.name !== 'string' || typeof table.file !== 'string' || !['csv', 'tsv', 'parquet', 'arrow'].includes(table.format)) bad(`tables[${i}]`);
    if (names.has(table.name)) throw inputError(t('malformed dataset metadata: tables[{0}] names the table {1} a second time', i, JSON.stringify(table.name)), { file });
    names.add(table.name);
    return { ...table, metadata: checkMetadata(table.metadata, file, t('metadata of table {0}', JSON.stringify(table.name))) };
  });
  const r = d.relationships;
  if (!r || !Array.isArray(r.primaryKeys) || !Array.isArray(r.foreignKeys) || !Array.isArray(r.diamonds)) bad('relationships');
  const known = (ref: unknown): boolean => {
    const c = ref as { table?: unknown; column?: unknown } | null;
    return !!c && typeof c.table === 'string' && names.has(c.table) && typeof c.column === 'string'
      && tables.find((t) => t.name === c.table)!.metadata.columns.some((col) => col.name === c.column);
  };
  r!.primaryKeys.forEach((k, i) => { if (!known(k)) bad(`relationships.primaryKeys[${i}]`); });
  r!.foreignKeys.forEach((k, i) => {
    if (!k || !known(k.child) || !known(k.parent) || !['proposed', 'confirmed', 'rejected'].includes(k.status)) bad(`relationships.foreignKeys[${i}]`);
  });
  if (r!.personTable !== undefined && !names.has(r!.personTable)) bad('relationships.personTable');
  if (!Array.isArray(d.controls)) bad('controls');
  return { ...(d as DatasetMetadata), tables };
}

/** The readable text of a v2 metadata.json (each table in the readable form of `metadataToJson`). */
export function datasetMetadataToJson(d: DatasetMetadata): string {
  const { format, ...rest } = d;
  const readable = {
    format,
    ...rest,
    tables: d.tables.map((t) => ({ ...t, metadata: JSON.parse(metadataToJson(t.metadata)) as unknown })),
  };
  return `${stringifyCompact(readable)}\n`;
}

import type { FileMetaData, SchemaElement } from 'hyparquet' with { 'resolution-mode': 'import' };
import type { JobContext } from '../context';
import { inputError, throwIfAborted } from '../errors';
import { t } from '../l10n';
import type { BinaryDialect } from '../schema';
import type { DatasetSource, RawBatch, RawValue } from './types';

/**
 * hyparquet is ESM-only: a dynamic import works from CommonJS under tsx, Node 20 and esbuild
 * (which inlines it), whatever the project's `module` setting.
 */
export function loadHyparquet(): Promise<typeof import('hyparquet', { with: { 'resolution-mode': 'import' } })> {
  return import('hyparquet');
}

/**
 * The decompressors of hyparquet-compressors (ZSTD, Gzip, Brotli, LZ4 and LZ4_RAW; hyparquet
 * itself has Snappy): Polars, Spark, DuckDB and pyarrow write these. Also ESM-only.
 */
function loadCompressors(): Promise<typeof import('hyparquet-compressors', { with: { 'resolution-mode': 'import' } })> {
  return import('hyparquet-compressors');
}

/** Rows per batch handed on (a row group is decoded whole, then sliced). */
const ROWS_PER_BATCH = 65536;

/** The declared type of a Parquet column as one readable string (logical type first). */
export function parquetTypeName(el: SchemaElement): string {
  const lt = el.logical_type;
  if (lt) {
    switch (lt.type) {
      case 'INTEGER': return `INT${lt.bitWidth}${lt.isSigned ? '' : '_UNSIGNED'}`;
      // A time-zone-aware timestamp (stored as UTC) is marked, so it is written back as one.
      case 'TIMESTAMP': return `TIMESTAMP_${lt.unit}${lt.isAdjustedToUTC ? '_UTC' : ''}`;
      case 'TIME': return `TIME_${lt.unit}${lt.isAdjustedToUTC ? '_UTC' : ''}`;
      case 'DECIMAL': return `DECIMAL(${lt.precision},${lt.scale})`;
      default: return lt.type;
    }
  }
  if (el.converted_type) {
    if (el.converted_type === 'UTF8') return 'STRING';
    return el.converted_type;
  }
  return el.type ?? 'GROUP';
}

/** Top-level columns of a Parquet schema (children of the root; nested groups count as one). */
function topLevel(metadata: FileMetaData): SchemaElement[] {
  const out: SchemaElement[] = [];
  const schema = metadata.schema;
  let i = 1;
  while (i < schema.length) {
    out.push(schema[i]);
    // skip the whole subtree of a group
    let toSkip = schema[i].num_children ?? 0;
    i++;
    while (toSkip > 0 && i < schema.length) {
      toSkip += (schema[i].num_children ?? 0) - 1;
      i++;
    }
  }
  return out;
}

/**
 * Nested columns (LIST, MAP, struct groups, repeated fields) would be flattened to JSON text and
 * written back as strings: refused instead, naming the first such column.
 */
function refuseNested(cols: readonly SchemaElement[], path: string): void {
  for (const c of cols) {
    if (!c.num_children && c.repetition_type !== 'REPEATED') continue;
    const what = c.logical_type?.type === 'LIST' || c.converted_type === 'LIST' ? t('a list')
      : c.logical_type?.type === 'MAP' || c.converted_type === 'MAP' || c.converted_type === 'MAP_KEY_VALUE' ? t('a map')
        : c.repetition_type === 'REPEATED' ? t('a repeated field') : t('a struct');
    throw inputError(t('is {0}; nested Parquet columns are not supported (flatten or drop it first)', what), { file: path, column: c.name });
  }
}

function toRaw(v: unknown): RawValue {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string': case 'number': case 'boolean': case 'bigint': return v;
    default:
      if (v instanceof Date) return v;
      if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
      return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
  }
}

/**
 * Opens a Parquet file with hyparquet: schema and row count from the footer; `batches` reads
 * one row group at a time (decoded column-wise, handed on in 65,536-row batches), so memory is
 * bounded by the row-group size.
 * Values keep their types (INT64 as bigint, DATE/TIMESTAMP as Date, strings as strings;
 * nested values as JSON text; binary as base64).
 * @throws inputError when the file is not readable Parquet.
 */
export async function openParquet(path: string, name: string, sizeBytes: number): Promise<DatasetSource> {
  const { asyncBufferFromFile, parquetMetadataAsync, parquetRead } = await loadHyparquet();
  const { compressors } = await loadCompressors();
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(await asyncBufferFromFile(path));
  } catch (e) {
    throw inputError(t('not a readable Parquet file ({0})', (e as Error).message), { file: path }, e);
  }
  const cols = topLevel(metadata);
  refuseNested(cols, path);
  const dialect: BinaryDialect = {
    kind: 'parquet',
    fields: cols.map((c) => ({ name: c.name, type: parquetTypeName(c), nullable: c.repetition_type !== 'REQUIRED' })),
  };
  const totalRows = Number(metadata.num_rows);
  const names = cols.map((c) => c.name);
  async function* batches(ctx?: JobContext): AsyncGenerator<RawBatch> {
    const file = await asyncBufferFromFile(path);
    let groupStart = 0;
    for (const group of metadata.row_groups) {
      throwIfAborted(ctx?.signal);
      const groupRows = Number(group.num_rows);
      const groupEnd = groupStart + groupRows;
      // Decode each row group once, column by column (hyparquet decodes whole column chunks
      // anyway; asking for sub-ranges would decode the group again for every slice).
      const columns = new Map<string, { start: number; data: ArrayLike<unknown> }[]>();
      try {
        await parquetRead({
          file, metadata, compressors, rowStart: groupStart, rowEnd: groupEnd,
          onChunk: (c) => {
            let list = columns.get(c.columnName);
            if (!list) columns.set(c.columnName, (list = []));
            list.push({ start: c.rowStart, data: c.columnData as ArrayLike<unknown> });
          },
        });
      } catch (e) {
        throw inputError(t('cannot read Parquet rows {0}–{1} ({2})', groupStart + 1, groupEnd, (e as Error).message), { file: path }, e);
      }
      const data: ArrayLike<unknown>[] = names.map((n) => {
        const list = (columns.get(n) ?? []).sort((a, b) => a.start - b.start);
        if (list.length === 1 && list[0].start === groupStart && list[0].data.length === groupRows) return list[0].data;
        const merged = new Array<unknown>(groupRows).fill(null);
        for (const { start, data: d } of list) {
          for (let i = 0; i < d.length; i++) {
            const k = start - groupStart + i;
            if (k >= 0 && k < groupRows) merged[k] = d[i];
          }
        }
        return merged;
      });
      columns.clear();
      // Hand the group on in slices, so consumers see bounded batches.
      for (let s0 = 0; s0 < groupRows; s0 += ROWS_PER_BATCH) {
        throwIfAborted(ctx?.signal);
        const s1 = Math.min(groupRows, s0 + ROWS_PER_BATCH);
        const rows: RawValue[][] = new Array(s1 - s0);
        for (let i = s0; i < s1; i++) {
          const o: RawValue[] = new Array(data.length);
          for (let j = 0; j < data.length; j++) o[j] = toRaw(data[j][i]);
          rows[i - s0] = o;
        }
        const done = groupStart + s1;
        // Parquet has no header record: row numbers are 1-based data rows.
        yield { rows, firstRow: groupStart + s0 + 1, bytesRead: totalRows ? Math.round(sizeBytes * (done / totalRows)) : sizeBytes };
        ctx?.onProgress?.({ stage: t('reading'), fraction: totalRows ? done / totalRows : 1 });
      }
      groupStart = groupEnd;
    }
  }
  return { path, name, format: 'parquet', dialect, columnNames: cols.map((c) => c.name), sizeBytes, batches };
}

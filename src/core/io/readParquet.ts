import type { FileMetaData, SchemaElement } from 'hyparquet' with { 'resolution-mode': 'import' };
import type { JobContext } from '../context';
import { inputError, throwIfAborted } from '../errors';
import type { BinaryDialect } from '../schema';
import type { DatasetSource, RawBatch, RawValue } from './types';

/**
 * hyparquet is ESM-only: a dynamic import works from CommonJS under tsx, Node 20 and esbuild
 * (which inlines it), whatever the project's `module` setting.
 */
export function loadHyparquet(): Promise<typeof import('hyparquet', { with: { 'resolution-mode': 'import' } })> {
  return import('hyparquet');
}

/** Rows per batch when a row group is larger than this (bounds memory per step). */
const ROWS_PER_READ = 65536;

/** The declared type of a Parquet column as one readable string (logical type first). */
export function parquetTypeName(el: SchemaElement): string {
  const lt = el.logical_type;
  if (lt) {
    switch (lt.type) {
      case 'INTEGER': return `INT${lt.bitWidth}${lt.isSigned ? '' : '_UNSIGNED'}`;
      case 'TIMESTAMP': return `TIMESTAMP_${lt.unit}`;
      case 'TIME': return `TIME_${lt.unit}`;
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
 * one row group (or 65,536-row slice of one) at a time, so memory is bounded by the group size.
 * Values keep their types (INT64 as bigint, DATE/TIMESTAMP as Date, strings as strings;
 * nested values as JSON text; binary as base64).
 * @throws inputError when the file is not readable Parquet.
 */
export async function openParquet(path: string, name: string, sizeBytes: number): Promise<DatasetSource> {
  const { asyncBufferFromFile, parquetMetadataAsync, parquetRead } = await loadHyparquet();
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(await asyncBufferFromFile(path));
  } catch (e) {
    throw inputError(`not a readable Parquet file (${(e as Error).message})`, { file: path }, e);
  }
  const cols = topLevel(metadata);
  const dialect: BinaryDialect = {
    kind: 'parquet',
    fields: cols.map((c) => ({ name: c.name, type: parquetTypeName(c), nullable: c.repetition_type !== 'REQUIRED' })),
  };
  const totalRows = Number(metadata.num_rows);
  async function* batches(ctx?: JobContext): AsyncGenerator<RawBatch> {
    const file = await asyncBufferFromFile(path);
    let rowStart = 0;
    for (const group of metadata.row_groups) {
      const groupEnd = rowStart + Number(group.num_rows);
      for (let start = rowStart; start < groupEnd; start += ROWS_PER_READ) {
        throwIfAborted(ctx?.signal);
        const end = Math.min(groupEnd, start + ROWS_PER_READ);
        let rows: unknown[][] = [];
        try {
          await parquetRead({ file, metadata, rowStart: start, rowEnd: end, rowFormat: 'array', onComplete: (r: unknown[][]) => { rows = r; } });
        } catch (e) {
          throw inputError(`cannot read Parquet rows ${start + 1}–${end} (${(e as Error).message})`, { file: path }, e);
        }
        const out: RawValue[][] = new Array(rows.length);
        for (let i = 0; i < rows.length; i++) {
          const r = rows[i];
          const o: RawValue[] = new Array(r.length);
          for (let j = 0; j < r.length; j++) o[j] = toRaw(r[j]);
          out[i] = o;
        }
        // Parquet has no header record: row numbers are 1-based data rows.
        const bytesRead = totalRows ? Math.round(sizeBytes * (end / totalRows)) : sizeBytes;
        yield { rows: out, firstRow: start + 1, bytesRead };
        ctx?.onProgress?.({ stage: 'reading', fraction: totalRows ? end / totalRows : 1 });
      }
      rowStart = groupEnd;
    }
  }
  return { path, name, format: 'parquet', dialect, columnNames: cols.map((c) => c.name), sizeBytes, batches };
}

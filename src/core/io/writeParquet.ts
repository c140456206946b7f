import type { SchemaElement } from 'hyparquet' with { 'resolution-mode': 'import' };
import type { JobContext } from '../context';
import { throwIfAborted } from '../errors';
import type { BinaryDialect, ColumnSpec, Table } from '../schema';
import type { AtomicFile } from './atomic';
import { columnValues, storageFromSpec, type StorageKind } from './binaryValues';
import { columnIndexMap } from './tableValues';

function loadWriter(): Promise<typeof import('hyparquet-writer', { with: { 'resolution-mode': 'import' } })> {
  return import('hyparquet-writer');
}

/** Schema element and storage for one column: the recorded Parquet type when known. */
function elementFor(spec: ColumnSpec, field: BinaryDialect['fields'][number] | undefined): { el: SchemaElement; kind: StorageKind } {
  const repetition_type = field && !field.nullable ? 'REQUIRED' : 'OPTIONAL';
  const name = spec.name;
  const t = field?.type.toUpperCase() ?? '';
  let kind: StorageKind;
  if (t === 'DOUBLE' || t === 'FLOAT' || t.startsWith('DECIMAL') || t === 'FLOAT16') kind = 'float';
  else if (/^(U?INT(8|16|32)|INT_(8|16|32)|UINT_(8|16|32)|INT32)/.test(t) && !t.includes('64')) kind = 'int32';
  else if (t.includes('INT64') || t === 'INT_64' || t === 'UINT_64') kind = 'int64';
  else if (t === 'BOOLEAN') kind = 'bool';
  else if (t === 'DATE') kind = 'date';
  else if (t.startsWith('TIMESTAMP')) kind = 'timestamp';
  else if (field) kind = 'string';
  else kind = storageFromSpec(spec);
  switch (kind) {
    case 'float': return { kind, el: { name, type: t === 'FLOAT' ? 'FLOAT' : 'DOUBLE', repetition_type } };
    case 'int32': return { kind, el: { name, type: 'INT32', repetition_type } };
    case 'int64': return { kind, el: { name, type: 'INT64', repetition_type } };
    case 'bool': return { kind, el: { name, type: 'BOOLEAN', repetition_type } };
    case 'date': return { kind, el: { name, type: 'INT32', converted_type: 'DATE', repetition_type } };
    case 'timestamp':
      return { kind, el: { name, type: 'INT64', converted_type: t.includes('MICRO') ? 'TIMESTAMP_MICROS' : 'TIMESTAMP_MILLIS', repetition_type } };
    default: return { kind, el: { name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type } };
  }
}

/**
 * Streams tables to `file` as Parquet with hyparquet-writer's incremental ParquetWriter: one
 * row group per table batch, each flushed (awaited) before the next is encoded. Column types
 * follow the source's recorded Parquet fields when `dialect` has them, else the column types.
 * @returns the number of rows written
 */
export async function writeParquetTo(
  file: AtomicFile, dialect: BinaryDialect | null, columns: ColumnSpec[],
  tables: AsyncIterable<Table> | Iterable<Table>, ctx?: JobContext,
): Promise<number> {
  const { ParquetWriter, ByteWriter } = await loadWriter();
  const fields = new Map((dialect?.fields ?? []).map((f) => [f.name, f]));
  const plan = columns.map((c) => elementFor(c, fields.get(c.name)));
  const schema: SchemaElement[] = [{ name: 'root', num_children: columns.length }, ...plan.map((p) => p.el)];
  const bytes = new ByteWriter();
  // Hand each finished row group to the file, then reuse the buffer (hyparquet's fileWriter does the same, synchronously).
  const flush = async (): Promise<void> => {
    if (bytes.index > 0) {
      const chunk = new Uint8Array(bytes.buffer, 0, bytes.index).slice();
      bytes.index = 0;
      await file.write(chunk);
    }
  };
  (bytes as unknown as { flush: () => Promise<void> }).flush = flush;
  bytes.finish = flush;
  const writer = new ParquetWriter({ writer: bytes, schema });
  let rows = 0;
  for await (const table of tables as AsyncIterable<Table>) {
    throwIfAborted(ctx?.signal);
    if (table.rowCount === 0) continue;
    const map = columnIndexMap(table, columns);
    const columnData = columns.map((c, j) => ({
      name: c.name,
      data: columnValues(table.columns[map[j]].data, c, plan[j].kind, table.rowCount) as never,
    }));
    await writer.write({ columnData, rowGroupSize: table.rowCount });
    rows += table.rowCount;
    ctx?.onProgress?.({ stage: 'writing' });
  }
  await writer.finish();
  return rows;
}

import type { SchemaElement } from 'hyparquet' with { 'resolution-mode': 'import' };
import type { JobContext } from '../context';
import { throwIfAborted } from '../errors';
import type { BinaryDialect, ColumnSpec, Table } from '../schema';
import type { AtomicFile } from './atomic';
import { columnValues, storageFromSpec, type StorageKind } from './binaryValues';
import { columnIndexMap } from './tableValues';
import { t } from '../l10n';

function loadWriter(): Promise<typeof import('hyparquet-writer', { with: { 'resolution-mode': 'import' } })> {
  return import('hyparquet-writer');
}

/** An integer type name as parquetTypeName gives it (logical `INT8`, `INT16_UNSIGNED`; converted `INT_8`, `UINT_64`; physical `INT32`). */
function integerTypeOf(t: string): { bits: 8 | 16 | 32 | 64; signed: boolean } | null {
  const m = /^(U?)INT_?(8|16|32|64)(_UNSIGNED)?$/.exec(t);
  if (!m) return null;
  return { bits: Number(m[2]) as 8 | 16 | 32 | 64, signed: !m[1] && !m[3] };
}

/** Bytes a FIXED_LEN_BYTE_ARRAY needs for a decimal of `precision` digits (two's complement). */
function decimalBytes(precision: number): number {
  return Math.ceil((Math.log2(10) * precision + 1) / 8);
}

/**
 * Schema element and storage for one column: the recorded Parquet type (see parquetTypeName)
 * written back as the same logical type — integers of their width and sign, DECIMAL(p,s) as
 * decimals (values rounded to the scale), timestamps in their unit and with or without UTC
 * adjustment (`_UTC`: a time-zone-aware timestamp) — else by the column's type.
 */
function elementFor(spec: ColumnSpec, field: BinaryDialect['fields'][number] | undefined): { el: SchemaElement; kind: StorageKind } {
  const repetition_type = field && !field.nullable ? 'REQUIRED' : 'OPTIONAL';
  const name = spec.name;
  const t = field?.type.toUpperCase() ?? '';
  const integer = integerTypeOf(t);
  if (integer) {
    const { bits, signed } = integer;
    const kind = bits === 64 ? 'int64' : 'int32';
    const type = bits === 64 ? 'INT64' : 'INT32';
    // A plain signed 32/64-bit integer needs no annotation (every reader reads it so): written as it came.
    if (t === 'INT32' || t === 'INT64') return { kind, el: { name, type, repetition_type } };
    // The converted type only: hyparquet-writer encodes the logical INTEGER type in a form DuckDB cannot read.
    const converted = `${signed ? '' : 'U'}INT_${bits}` as SchemaElement['converted_type'];
    return { kind, el: { name, type, repetition_type, converted_type: converted } };
  }
  const decimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(t);
  if (decimal) {
    const precision = Number(decimal[1]), scale = Number(decimal[2]);
    const type = precision <= 9 ? 'INT32' : precision <= 18 ? 'INT64' : 'FIXED_LEN_BYTE_ARRAY';
    return {
      kind: 'float',
      el: {
        name, type, repetition_type, converted_type: 'DECIMAL', precision, scale, logical_type: { type: 'DECIMAL', precision, scale },
        ...(type === 'FIXED_LEN_BYTE_ARRAY' ? { type_length: decimalBytes(precision) } : {}),
      },
    };
  }
  const timestamp = /^TIMESTAMP_(MILLIS|MICROS|NANOS)(_UTC)?$/.exec(t);
  if (timestamp) {
    // Logical type only: a converted TIMESTAMP_* would mark it UTC-adjusted whatever the source said.
    const unit = timestamp[1] as 'MILLIS' | 'MICROS' | 'NANOS';
    return { kind: 'timestamp', el: { name, type: 'INT64', repetition_type, logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: timestamp[2] !== undefined, unit } } };
  }
  const time = /^TIME_(MILLIS|MICROS|NANOS)(_UTC)?$/.exec(t);
  if (time) {
    // Read as a count of units since midnight (an integer column): written back as that time of day.
    const unit = time[1] as 'MILLIS' | 'MICROS' | 'NANOS';
    return {
      kind: unit === 'MILLIS' ? 'int32' : 'int64',
      el: { name, type: unit === 'MILLIS' ? 'INT32' : 'INT64', repetition_type, logical_type: { type: 'TIME', isAdjustedToUTC: time[2] !== undefined, unit } },
    };
  }
  let kind: StorageKind;
  if (t === 'DOUBLE' || t === 'FLOAT' || t === 'FLOAT16') kind = 'float';
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
    case 'date': return { kind, el: { name, type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' }, repetition_type } };
    case 'timestamp':
      return { kind, el: { name, type: 'INT64', converted_type: t.includes('MICRO') ? 'TIMESTAMP_MICROS' : 'TIMESTAMP_MILLIS', repetition_type } };
    default: return { kind, el: { name, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type } };
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
    ctx?.onProgress?.({ stage: t('writing') });
  }
  await writer.finish();
  return rows;
}

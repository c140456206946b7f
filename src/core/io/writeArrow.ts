import {
  Bool, DataType, DateDay, DateMillisecond, Decimal, Field, Float32, Float64, Int16, Int32, Int64, Int8, LargeUtf8, makeData,
  RecordBatch, RecordBatchFileWriter, Schema, Struct, TimestampMicrosecond, TimestampMillisecond,
  TimestampNanosecond, TimestampSecond, Uint16, Uint32, Uint64, Uint8, Utf8, vectorFromArray, type Vector,
} from 'apache-arrow';
import type { JobContext } from '../context';
import { throwIfAborted } from '../errors';
import type { BinaryDialect, ColumnSpec, Table } from '../schema';
import type { AtomicFile } from './atomic';
import { columnValues, storageFromSpec, type StorageKind } from './binaryValues';
import { columnIndexMap } from './tableValues';

/**
 * The Arrow type for a column: the recorded type string (as `String(field.type)` printed it)
 * when known, else by column type. Dictionary-encoded strings are written as plain Utf8, since
 * the IPC file format cannot replace a dictionary between batches.
 */
function arrowTypeFor(spec: ColumnSpec, recorded: string | undefined): { type: DataType; kind: StorageKind } {
  const t = recorded ?? '';
  // `Decimal[10e+2]`: precision 10, scale 2 (as apache-arrow prints a 128-bit decimal).
  const decimal = /^Decimal\[(\d+)e([+-]?\d+)\]$/.exec(t);
  if (decimal) return { type: new Decimal(Number(decimal[2]), Number(decimal[1]), 128), kind: 'float' };
  // `Timestamp<MICROSECOND, Europe/London>`: the unit and the time zone, when there is one.
  const timestamp = /^Timestamp<(SECOND|MILLISECOND|MICROSECOND|NANOSECOND)(?:, (.+))?>$/.exec(t);
  if (timestamp) {
    const zone = timestamp[2];
    const type = timestamp[1] === 'SECOND' ? new TimestampSecond(zone) : timestamp[1] === 'MICROSECOND' ? new TimestampMicrosecond(zone)
      : timestamp[1] === 'NANOSECOND' ? new TimestampNanosecond(zone) : new TimestampMillisecond(zone);
    return { type, kind: 'timestamp' };
  }
  if (t === 'Uint8') return { type: new Uint8(), kind: 'int32' };
  if (t === 'Uint16') return { type: new Uint16(), kind: 'int32' };
  if (t === 'Uint32') return { type: new Uint32(), kind: 'int32' };
  if (t === 'Uint64') return { type: new Uint64(), kind: 'int64' };
  if (t === 'LargeUtf8') return { type: new LargeUtf8(), kind: 'string' };
  if (t === 'Float64') return { type: new Float64(), kind: 'float' };
  if (t === 'Float32' || t === 'Float16') return { type: new Float32(), kind: 'float' };
  if (t === 'Int8') return { type: new Int8(), kind: 'int32' };
  if (t === 'Int16') return { type: new Int16(), kind: 'int32' };
  if (t === 'Int32') return { type: new Int32(), kind: 'int32' };
  if (t === 'Int64') return { type: new Int64(), kind: 'int64' };
  if (t === 'Bool') return { type: new Bool(), kind: 'bool' };
  if (t.startsWith('Date32')) return { type: new DateDay(), kind: 'date' };
  if (t.startsWith('Date64')) return { type: new DateMillisecond(), kind: 'date' };
  if (t.startsWith('Timestamp<SECOND')) return { type: new TimestampSecond(), kind: 'timestamp' };
  if (t.startsWith('Timestamp<MICROSECOND')) return { type: new TimestampMicrosecond(), kind: 'timestamp' };
  if (t.startsWith('Timestamp<NANOSECOND')) return { type: new TimestampNanosecond(), kind: 'timestamp' };
  if (t.startsWith('Timestamp')) return { type: new TimestampMillisecond(), kind: 'timestamp' };
  if (recorded) return { type: new Utf8(), kind: 'string' };
  const kind = storageFromSpec(spec);
  switch (kind) {
    case 'float': return { type: new Float64(), kind };
    case 'int64': return { type: new Int64(), kind };
    case 'bool': return { type: new Bool(), kind };
    case 'date': return { type: new DateDay(), kind };
    case 'timestamp': return { type: new TimestampMillisecond(), kind };
    default: return { type: new Utf8(), kind: 'string' };
  }
}

/** Numbers (in place) as 128-bit decimals at `scale`: four little-endian 32-bit words of the two's complement. */
function toDecimalWords(values: unknown[], scale: number): void {
  const factor = 10 ** scale;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number') continue;
    let x = BigInt(Math.round(v * factor));
    const words = new Uint32Array(4);
    for (let k = 0; k < 4; k++) { words[k] = Number(BigInt.asUintN(32, x)); x >>= 32n; }
    values[i] = words;
  }
}

interface ChunkSink { write(chunk: Uint8Array): void; close(): void; abort(): void }

/**
 * Streams tables to `file` as an Arrow IPC file (Feather v2) with apache-arrow's
 * RecordBatchFileWriter, one record batch per table; the bytes each batch produces are
 * written (awaited) before the next batch is built.
 * @returns the number of rows written
 */
export async function writeArrowTo(
  file: AtomicFile, dialect: BinaryDialect | null, columns: ColumnSpec[],
  tables: AsyncIterable<Table> | Iterable<Table>, ctx?: JobContext,
): Promise<number> {
  const recorded = new Map((dialect?.fields ?? []).map((f) => [f.name, f]));
  const plan = columns.map((c) => arrowTypeFor(c, recorded.get(c.name)?.type));
  const schema = new Schema(columns.map((c, j) => new Field(c.name, plan[j].type, recorded.get(c.name)?.nullable ?? true)));
  const writer = new RecordBatchFileWriter();
  // The writer queues its output internally; collect it here so each batch's bytes can be
  // written and awaited (bounded memory) instead of buffering the whole file.
  const pending: Uint8Array[] = [];
  const sink: ChunkSink = { write: (c) => { pending.push(c); }, close: () => undefined, abort: () => undefined };
  (writer as unknown as { _sink: ChunkSink })._sink = sink;
  const drain = async (): Promise<void> => {
    while (pending.length) await file.write(pending.shift() as Uint8Array);
  };
  let rows = 0;
  let wrote = false;
  for await (const table of tables as AsyncIterable<Table>) {
    throwIfAborted(ctx?.signal);
    if (table.rowCount === 0 && wrote) continue;
    const map = columnIndexMap(table, columns);
    const children = columns.map((c, j) => {
      const values = columnValues(table.columns[map[j]].data, c, plan[j].kind, table.rowCount);
      if (DataType.isDecimal(plan[j].type)) toDecimalWords(values, (plan[j].type as Decimal).scale);
      // vectorFromArray builds one contiguous chunk for a batch (generators give ≤ 65,536 rows).
      const v: Vector = vectorFromArray(values, plan[j].type);
      return v.data.length === 1 ? v.data[0] : v.concat().data[0];
    });
    const data = makeData({ type: new Struct(schema.fields), length: table.rowCount, nullCount: 0, children });
    writer.write(new RecordBatch(schema, data));
    wrote = true;
    await drain();
    rows += table.rowCount;
    ctx?.onProgress?.({ stage: 'writing' });
  }
  if (!wrote) writer.write(new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: 0, nullCount: 0, children: schema.fields.map((f) => makeData({ type: f.type, length: 0, nullCount: 0 })) })));
  writer.finish();
  await drain();
  return rows;
}

import {
  Bool, DataType, DateDay, FixedSizeBinary, Float64, Int64, makeData, RecordBatch, RecordBatchFileWriter, Schema, Struct,
  TimestampMillisecond, TimeUnit, Utf8, vectorFromArray, Field, type Data, type Decimal, type Dictionary, type Vector,
} from 'apache-arrow';
import type { JobContext } from '../context';
import { inputError, throwIfAborted } from '../errors';
import { t } from '../l10n';
import type { BinaryDialect, ColumnData, ColumnSpec, Table } from '../schema';
import { arrowStorageOf, arrowTypeFromName, isArrowBinary } from './arrowTypes';
import type { AtomicFile } from './atomic';
import { columnValues, storageFromSpec, type StorageKind } from './binaryValues';
import { columnIndexMap } from './tableValues';

/** How one column is written: its Arrow type, and the storage its values (or dictionary values) take. */
interface ColumnPlan { type: DataType; valueType: DataType; kind: StorageKind }

/**
 * The Arrow type for a column: the type the source declared (its recorded name, see
 * arrowTypeName) when known; a recorded type that cannot be rebuilt is written as Utf8 (its
 * values were read as text); with no record, by column type.
 */
function planColumn(spec: ColumnSpec, recorded: string | undefined): ColumnPlan {
  const declared = recorded === undefined ? null : arrowTypeFromName(recorded) ?? new Utf8();
  if (declared) {
    const valueType = DataType.isDictionary(declared) ? declared.dictionary : declared;
    return { type: declared, valueType, kind: arrowStorageOf(valueType) };
  }
  const kind = storageFromSpec(spec);
  const type = kind === 'float' ? new Float64() : kind === 'int64' ? new Int64() : kind === 'bool' ? new Bool()
    : kind === 'date' ? new DateDay() : kind === 'timestamp' ? new TimestampMillisecond() : new Utf8();
  return { type, valueType: type, kind };
}

/** Numbers (in place) as decimals at `scale`: `bitWidth / 32` little-endian 32-bit words of the two's complement. */
function toDecimalWords(values: unknown[], scale: number, bitWidth: number): void {
  const factor = 10 ** scale;
  const n = bitWidth / 32;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number') continue;
    let x = BigInt(Math.round(v * factor));
    const words = new Uint32Array(n);
    for (let k = 0; k < n; k++) { words[k] = Number(BigInt.asUintN(32, x)); x >>= 32n; }
    values[i] = words;
  }
}

/** Strings (in place) as the bytes their base64 stands for; `width` bytes exactly for a fixed-size binary. */
function toBytes(values: unknown[], width: number | null): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'string') continue;
    const bytes = new Uint8Array(Buffer.from(v, 'base64'));
    if (width === null || bytes.length === width) values[i] = bytes;
    else { const fixed = new Uint8Array(width); fixed.set(bytes.subarray(0, width)); values[i] = fixed; }
  }
}

/** Dates (in place) to the whole second: a seconds timestamp holds no milliseconds (its builder refuses them). */
function toWholeSeconds(values: unknown[]): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v instanceof Date) values[i] = new Date(Math.round(v.getTime() / 1000) * 1000);
  }
}

/** Values (in place) as `type`'s builder takes them. */
function prepareValues(values: unknown[], type: DataType): void {
  if (DataType.isTimestamp(type) && type.unit === TimeUnit.SECOND) toWholeSeconds(values);
  else if (DataType.isDecimal(type)) toDecimalWords(values, (type as Decimal).scale, (type as Decimal).bitWidth);
  else if (isArrowBinary(type)) toBytes(values, DataType.isFixedSizeBinary(type) ? (type as FixedSizeBinary).byteWidth : null);
}

/** One contiguous Data of `type` (generators give ≤ 65,536 rows a batch). */
function contiguous(values: unknown[], type: DataType): Data {
  const v: Vector = vectorFromArray(values, type);
  return v.data.length === 1 ? v.data[0] : v.concat().data[0];
}

/** The largest index a dictionary index type holds. */
function maxIndexOf(indices: Dictionary['indices']): number {
  return indices.bitWidth >= 53 ? Number.MAX_SAFE_INTEGER : 2 ** (indices.bitWidth - (indices.isSigned ? 1 : 0)) - 1;
}

/**
 * A dictionary-encoded column written across batches. The IPC file format allows one
 * dictionary per column plus deltas (no replacement): the dictionary only grows, so a value
 * keeps its index for the whole file. A categorical column's categories all go into the first
 * dictionary (in the twin's category order); a value first seen later is appended as a delta
 * (apache-arrow's writer sends the chunks added since the last batch as delta dictionary batches).
 */
class GrowingDictionary {
  private readonly index = new Map<unknown, number>();
  private dictionary: Vector | null = null;
  private readonly maxIndex: number;

  constructor(private readonly name: string, private readonly type: Dictionary) { this.maxIndex = maxIndexOf(type.indices); }

  /** A value's key: Dates and bigints by value. */
  private static key(v: unknown): unknown { return v instanceof Date ? v.getTime() : v; }

  /** Index data for `values` (dictionary values as the value type's builder takes them), after `seed` (in order). */
  encode(values: unknown[], seed: unknown[]): Data {
    const added: unknown[] = [];
    const indexOf = (v: unknown): number => {
      const k = GrowingDictionary.key(v);
      let i = this.index.get(k);
      if (i === undefined) {
        i = this.index.size;
        if (i > this.maxIndex) {
          throw inputError(t('the twin has more than {0} distinct values, more than the declared dictionary index type {1} holds', this.maxIndex + 1, String(this.type.indices)), { column: this.name });
        }
        this.index.set(k, i);
        added.push(v);
      }
      return i;
    };
    for (const v of seed) if (v !== null) indexOf(v);
    const codes = values.map((v) => (v === null ? null : indexOf(v)));
    if (added.length || !this.dictionary) {
      prepareValues(added, this.type.dictionary);
      const chunk = vectorFromArray(added, this.type.dictionary);
      this.dictionary = this.dictionary ? this.dictionary.concat(chunk) : chunk;
    }
    // Int64 and Uint64 indices (pyarrow allows them) take bigints.
    const wide = (this.type.indices.bitWidth as number) === 64;
    const idx = contiguous(wide ? codes.map((c) => (c === null ? null : BigInt(c))) : codes, this.type.indices);
    return makeData({
      type: this.type, length: values.length, nullCount: idx.nullCount, nullBitmap: idx.nullBitmap,
      data: idx.values as Dictionary['indices']['TArray'], dictionary: this.dictionary,
    });
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
  const plan = columns.map((c) => planColumn(c, recorded.get(c.name)?.type));
  const schema = new Schema(columns.map((c, j) => new Field(c.name, plan[j].type, recorded.get(c.name)?.nullable ?? true)));
  const dictionaries = plan.map((p, j) => (DataType.isDictionary(p.type) ? new GrowingDictionary(columns[j].name, p.type) : null));
  /** One column of a table as Arrow data of its planned type. */
  const columnData = (data: ColumnData, j: number, rowCount: number): Data => {
    const { type, kind } = plan[j];
    const values = columnValues(data, columns[j], kind, rowCount);
    const dictionary = dictionaries[j];
    if (dictionary) {
      // A categorical column's categories, whether drawn in this batch or not, seed the dictionary.
      const seed = data.kind === 'category'
        ? columnValues({ kind: 'category', codes: Int32Array.from(data.categories.keys()), categories: data.categories }, columns[j], kind, data.categories.length)
        : [];
      return dictionary.encode(values, seed);
    }
    prepareValues(values, type);
    return contiguous(values, type);
  };
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
    const children = columns.map((_, j) => columnData(table.columns[map[j]].data, j, table.rowCount));
    const data = makeData({ type: new Struct(schema.fields), length: table.rowCount, nullCount: 0, children });
    writer.write(new RecordBatch(schema, data));
    wrote = true;
    await drain();
    rows += table.rowCount;
    ctx?.onProgress?.({ stage: t('writing') });
  }
  if (!wrote) {
    const children = columns.map((c, j) => columnData({ kind: 'string', values: [] }, j, 0));
    writer.write(new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: 0, nullCount: 0, children })));
  }
  writer.finish();
  await drain();
  return rows;
}

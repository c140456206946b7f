import * as fs from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { DataType, RecordBatchReader, util, type Decimal, type Field, type Vector } from 'apache-arrow';
import type { JobContext } from '../context';
import { inputError, throwIfAborted } from '../errors';
import { t } from '../l10n';
import type { BinaryDialect } from '../schema';
import { arrowTypeName, nestedArrowKind } from './arrowTypes';
import type { DatasetSource, RawBatch, RawValue } from './types';

type Converter = (v: unknown) => RawValue;

const asIs: Converter = (v) => (v === undefined ? null : (v as RawValue));
const asDate: Converter = (v) => (v === null || v === undefined ? null : new Date(Number(v)));
const asText: Converter = (v) => {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
};

/** A decimal's value as a number at its scale (it would otherwise become the JSON of its 32-bit words). */
function asDecimal(scale: number): Converter {
  return (v) => (v === null || v === undefined ? null : util.bigNumToNumber(v as Parameters<typeof util.bigNumToNumber>[0], scale));
}

function converterFor(type: DataType): Converter {
  // A dictionary column's values are its dictionary's values.
  if (DataType.isDictionary(type)) return converterFor(type.dictionary);
  if (DataType.isDate(type) || DataType.isTimestamp(type)) return asDate;
  if (DataType.isDecimal(type)) return asDecimal((type as Decimal).scale);
  if (DataType.isInt(type) || DataType.isFloat(type) || DataType.isBool(type) || DataType.isUtf8(type) || DataType.isLargeUtf8(type) || DataType.isUtf8View(type)) return asIs;
  return asText;
}

/**
 * List, map, struct and union columns would be turned into JSON text and written back as
 * strings: refused instead, naming the first such column.
 */
function refuseNested(fields: readonly Field[], path: string): void {
  for (const f of fields) {
    const what = nestedArrowKind(f.type);
    if (what) throw inputError(t('is {0}; nested Arrow columns are not supported (flatten or drop it first)', what), { file: path, column: f.name });
  }
}

/** Counts the bytes that pass through, for progress. */
class ByteCounter extends Transform {
  bytes = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    cb(null, chunk);
  }
}

async function openReader(path: string, counter?: ByteCounter): Promise<RecordBatchReader> {
  try {
    const file = fs.createReadStream(path, { highWaterMark: 1 << 20 });
    const reader = await RecordBatchReader.from(counter ? file.pipe(counter) : file);
    await reader.open();
    return reader as RecordBatchReader;
  } catch (e) {
    throw inputError(t('not a readable Arrow IPC/Feather file ({0})', (e as Error).message), { file: path }, e);
  }
}

/**
 * Opens an Arrow IPC file or stream (Feather v2) with apache-arrow's RecordBatchReader, which
 * streams record batches from a Node stream. Values keep their types; Date/Timestamp become Date.
 * @throws inputError when the file is not readable Arrow IPC.
 */
export async function openArrow(path: string, name: string, sizeBytes: number): Promise<DatasetSource> {
  const reader = await openReader(path);
  const fields: Field[] = reader.schema.fields;
  await reader.cancel();
  refuseNested(fields, path);
  const dialect: BinaryDialect = {
    kind: 'arrow',
    fields: fields.map((f) => ({ name: f.name, type: arrowTypeName(f.type), nullable: f.nullable })),
  };
  const converters = fields.map((f) => converterFor(f.type));
  async function* batches(ctx?: JobContext): AsyncGenerator<RawBatch> {
    const counter = new ByteCounter();
    const r = await openReader(path, counter);
    let firstRow = 1;
    try {
      for await (const batch of r) {
        throwIfAborted(ctx?.signal);
        const n = batch.numRows;
        const cols: Vector[] = fields.map((_, j) => batch.getChildAt(j) as Vector);
        const rows: RawValue[][] = new Array(n);
        for (let i = 0; i < n; i++) rows[i] = new Array(fields.length);
        for (let j = 0; j < fields.length; j++) {
          const col = cols[j];
          const conv = converters[j];
          for (let i = 0; i < n; i++) rows[i][j] = conv(col.get(i));
        }
        yield { rows, firstRow, bytesRead: counter.bytes };
        firstRow += n;
        ctx?.onProgress?.({ stage: t('reading'), fraction: sizeBytes ? counter.bytes / sizeBytes : 1 });
      }
    } finally {
      await r.cancel();
    }
  }
  return { path, name, format: 'arrow', dialect, columnNames: fields.map((f) => f.name), sizeBytes, batches };
}

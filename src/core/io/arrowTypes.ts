import {
  Binary, BinaryView, Bool, DataType, DateDay, DateMillisecond, Decimal, Dictionary, DurationMicrosecond, DurationMillisecond,
  DurationNanosecond, DurationSecond, FixedSizeBinary, Float16, Float32, Float64, Int16, Int32, Int64, Int8, LargeBinary, LargeUtf8,
  Null, TimeMicrosecond, TimeMillisecond, TimeNanosecond, TimeSecond, TimestampMicrosecond, TimestampMillisecond,
  TimestampNanosecond, TimestampSecond, Uint16, Uint32, Uint64, Uint8, Utf8, Utf8View,
} from 'apache-arrow';
import type { StorageKind } from './binaryValues';
import { t } from '../l10n';

/**
 * Arrow types by name: the name recorded for a column in the dialect (so metadata.json says
 * what the source declared) and the type rebuilt from it when a twin is written. Names are
 * apache-arrow's `String(type)` (`Timestamp<MICROSECOND, UTC>`, `Decimal[10e+2]`), with what
 * that leaves out added: an ordered dictionary (`Dictionary<Int8, Utf8, ordered>`) and a
 * decimal's width other than 128 bits (`Decimal256[40e+2]`).
 */
export function arrowTypeName(type: DataType): string {
  if (DataType.isDictionary(type)) {
    return `Dictionary<${arrowTypeName(type.indices)}, ${arrowTypeName(type.dictionary)}${type.isOrdered ? ', ordered' : ''}>`;
  }
  if (DataType.isDecimal(type) && type.bitWidth !== 128) return `Decimal${type.bitWidth}${String(type).slice('Decimal'.length)}`;
  return String(type);
}

const SIMPLE: Record<string, () => DataType> = {
  Null: () => new Null(), Bool: () => new Bool(),
  Int8: () => new Int8(), Int16: () => new Int16(), Int32: () => new Int32(), Int64: () => new Int64(),
  Uint8: () => new Uint8(), Uint16: () => new Uint16(), Uint32: () => new Uint32(), Uint64: () => new Uint64(),
  Float16: () => new Float16(), Float32: () => new Float32(), Float64: () => new Float64(),
  Utf8: () => new Utf8(), LargeUtf8: () => new LargeUtf8(), Utf8View: () => new Utf8View(),
  Binary: () => new Binary(), LargeBinary: () => new LargeBinary(), BinaryView: () => new BinaryView(),
  'Date32<DAY>': () => new DateDay(), 'Date64<MILLISECOND>': () => new DateMillisecond(),
  'Time32<SECOND>': () => new TimeSecond(), 'Time32<MILLISECOND>': () => new TimeMillisecond(),
  'Time64<MICROSECOND>': () => new TimeMicrosecond(), 'Time64<NANOSECOND>': () => new TimeNanosecond(),
  'Duration<SECOND>': () => new DurationSecond(), 'Duration<MILLISECOND>': () => new DurationMillisecond(),
  'Duration<MICROSECOND>': () => new DurationMicrosecond(), 'Duration<NANOSECOND>': () => new DurationNanosecond(),
};

/** The dictionary index types the Arrow format allows. */
const INDEX_TYPES = new Set(['Int8', 'Int16', 'Int32', 'Int64', 'Uint8', 'Uint16', 'Uint32', 'Uint64']);

/** The Arrow type a recorded name stands for (see arrowTypeName); null for a name it cannot rebuild. */
export function arrowTypeFromName(name: string): DataType | null {
  const simple = SIMPLE[name];
  if (simple) return simple();
  const decimal = /^Decimal(32|64|128|256)?\[(\d+)e([+-]?\d+)\]$/.exec(name);
  if (decimal) return new Decimal(Number(decimal[3]), Number(decimal[2]), Number(decimal[1] ?? 128));
  const timestamp = /^Timestamp<(SECOND|MILLISECOND|MICROSECOND|NANOSECOND)(?:, (.+))?>$/.exec(name);
  if (timestamp) {
    const zone = timestamp[2];
    switch (timestamp[1]) {
      case 'SECOND': return new TimestampSecond(zone);
      case 'MICROSECOND': return new TimestampMicrosecond(zone);
      case 'NANOSECOND': return new TimestampNanosecond(zone);
      default: return new TimestampMillisecond(zone);
    }
  }
  const fixed = /^FixedSizeBinary\[(\d+)\]$/.exec(name);
  if (fixed) return new FixedSizeBinary(Number(fixed[1]));
  const dictionary = /^Dictionary<(\w+), (.+?)(, ordered)?>$/.exec(name);
  if (dictionary && INDEX_TYPES.has(dictionary[1])) {
    const values = arrowTypeFromName(dictionary[2]);
    if (!values || DataType.isDictionary(values)) return null;
    return new Dictionary(values, SIMPLE[dictionary[1]]() as Dictionary['indices'], null, dictionary[3] !== undefined);
  }
  return null;
}

/** What kind of nested type `type` is ('a list', 'a struct', …), or null for a flat one. */
export function nestedArrowKind(type: DataType): string | null {
  if (DataType.isDictionary(type)) return nestedArrowKind(type.dictionary);
  if (DataType.isList(type) || DataType.isLargeList(type) || DataType.isFixedSizeList(type)) return t('a list');
  if (DataType.isMap(type)) return t('a map');
  if (DataType.isStruct(type)) return t('a struct');
  if (DataType.isUnion(type)) return t('a union');
  return null;
}

/** How values of a (flat, non-dictionary) Arrow type are handed to its builder. */
export function arrowStorageOf(type: DataType): StorageKind {
  if (DataType.isBool(type)) return 'bool';
  if (DataType.isInt(type)) return type.bitWidth === 64 ? 'int64' : 'int32';
  if (DataType.isFloat(type) || DataType.isDecimal(type)) return 'float';
  if (DataType.isDate(type)) return 'date';
  if (DataType.isTimestamp(type)) return 'timestamp';
  // Times of day and durations are read as counts of their unit: integers.
  if (DataType.isTime(type)) return type.bitWidth === 64 ? 'int64' : 'int32';
  if (DataType.isDuration(type)) return 'int64';
  return 'string';
}

/** Binary types: read as base64 text, so written back by decoding it. */
export function isArrowBinary(type: DataType): boolean {
  return DataType.isBinary(type) || DataType.isLargeBinary(type) || DataType.isBinaryView(type) || DataType.isFixedSizeBinary(type);
}

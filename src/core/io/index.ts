/** Readers and writers: delimited text (dialects, encodings), Parquet and Arrow IPC. */
export type { RawValue, ReadOptions, RawBatch, CellBatch, DatasetSource } from './types';
export { DEFAULT_MAX_COLUMNS, DEFAULT_MAX_RECORD_CHARS } from './types';
export { openDataset } from './openDataset';
export { writeDataset, dialectForPath, DEFAULT_CSV_DIALECT } from './writeDataset';
export { writeFileAtomic, withAtomicFile, openAtomicFile, removeStaleTempFiles, fingerprintFile, assertNotSource, type AtomicFile } from './atomic';
export { assertWritesNoInput, isSameFile, type NamedPath } from './sameFile';
export { formatHeaderLine, spreadsheetSafeText } from './writeDelimited';
export { detectEncoding, createTextDecoder, encodeText } from './encoding';
export { sniffDelimited, tokenizeSample } from './sniff';

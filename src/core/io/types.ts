import type { JobContext } from '../context';
import type { DelimitedDialect, Dialect, TextEncodingName } from '../schema';
import type { RawValue } from '../format/rawValue';

export type { RawValue };

/** Overrides for what `openDataset` would otherwise sniff. */
export interface ReadOptions {
  /** Decode delimited text with this encoding instead of detecting it. */
  encoding?: TextEncodingName;
  /** Field delimiter (one character, or `", "`-style delimiter followed by a space). */
  delimiter?: string;
  /** Whether the first record is a header. */
  header?: boolean;
  /**
   * Most columns a file may have (default {@link DEFAULT_MAX_COLUMNS}); a wider file is refused
   * with a message naming the limit, because pairwise work grows with the square of the width.
   */
  maxColumns?: number;
  /**
   * Longest record, in characters, the delimited reader holds while looking for its end
   * (default {@link DEFAULT_MAX_RECORD_CHARS}); a longer one (a runaway quote or a giant line)
   * is refused with a message naming the row, instead of filling memory.
   */
  maxRecordChars?: number;
}

/** Default {@link ReadOptions.maxColumns}. */
export const DEFAULT_MAX_COLUMNS = 2_000;
/** Default {@link ReadOptions.maxRecordChars}: 64 M characters. */
export const DEFAULT_MAX_RECORD_CHARS = 64 * 1024 * 1024;

/** A run of consecutive records. */
export interface RawBatch {
  rows: RawValue[][];
  /** 1-based file record number of rows[0] (the header, when present, is record 1). */
  firstRow: number;
  /** Bytes of the file consumed so far (for progress). */
  bytesRead: number;
}

/**
 * A run of consecutive records of a delimited file as byte ranges of its text in UTF-8: cell
 * (r, c) is `bytes[starts[r * width + c], ends[r * width + c])`, quotes removed and doubled
 * quotes undone. Blank lines are skipped. The arrays are reused: a batch is valid only until the
 * next one is requested.
 */
export interface CellBatch {
  bytes: Buffer;
  starts: Int32Array;
  ends: Int32Array;
  rows: number;
  width: number;
  /** Bytes of the file consumed so far (for progress). */
  bytesRead: number;
}

/** What a worker thread needs to read byte ranges of a delimited file through its cells. */
export interface CellRangeSource {
  path: string;
  dialect: DelimitedDialect;
  width: number;
  sizeBytes: number;
  bomLength: number;
  forcedEncoding: boolean;
  maxRecordChars: number;
}

/** An opened dataset: its dialect and columns, and a way to stream its records. */
export interface DatasetSource {
  path: string;
  /** File name without extension. */
  name: string;
  format: 'delimited' | 'parquet' | 'arrow';
  dialect: Dialect;
  columnNames: string[];
  sizeBytes: number;
  /** Streams the whole file from the start on every call (so callers can make several passes). */
  batches(ctx?: JobContext): AsyncIterable<RawBatch>;
  /**
   * The same records as byte ranges, without a string per cell (delimited text only): the
   * profiler's fast path. Absent where the dialect does not allow it. `tap`, when given, sees
   * every byte of the file once, in order, as read (so a caller can hash the file in the same pass).
   */
  cellBatches?(ctx?: JobContext, tap?: (bytes: Uint8Array) => void): AsyncIterable<CellBatch>;
  /**
   * A UTF-8 delimited file read through its cells, described as plain data, so that worker
   * threads can read byte ranges of it (core/profile/parallel); absent for other sources. Used
   * only alongside {@link cellBatches}: a view that drops the byte path drops the ranges with it.
   */
  cellRanges?: CellRangeSource;
  /**
   * Byte-order marks removed at record starts inside the file (and from the header) in the last
   * complete pass (delimited text only; strayBom.ts).
   */
  strayByteOrderMarks?(): number;
}

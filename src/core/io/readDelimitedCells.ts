import * as fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import type { JobContext } from '../context';
import { inputError, throwIfAborted, type TwinError } from '../errors';
import { t } from '../l10n';
import type { DelimitedDialect, TextEncodingName } from '../schema';
import { createTextDecoder, UndecodableError } from './encoding';
import { separatorsOf } from './sniff';
import { CellTokenizer, STOP_MALFORMED, STOP_NONE, STOP_RAGGED, STOP_UNTERMINATED } from './tokenizeCells';
import type { CellBatch } from './types';
import { utf16Length } from './utf8';
import { stripRecordBomCells } from './strayBom';

/**
 * Bytes read per call. Cells are byte ranges, not strings, so a bigger read costs no garbage;
 * 256 KB keeps a batch's bytes and cell offsets within the core's L2 cache while the profiler
 * walks it column by column.
 */
const READ_BYTES = 256 * 1024;
/** Most rows per batch. */
const BATCH_ROWS = 8192;

/**
 * Part of a UTF-8 file read on its own (a parallel profile's byte range): `start` is the first
 * byte of a record (the header, at the file's data start, is skipped as usual) and `end` is read
 * as the end of the file, so a range that ends inside a quoted field stops with an error.
 */
export interface ByteRange {
  start: number;
  end: number;
}

/** Everything {@link streamDelimitedCells} needs to know about the file. */
export interface CellStreamSpec {
  path: string;
  dialect: DelimitedDialect;
  width: number;
  sizeBytes: number;
  bomLength: number;
  forcedEncoding: boolean;
  maxRecordChars: number;
  decodeError: (e: UndecodableError) => TwinError;
  tooLong: (hasQuote: boolean, row: number) => TwinError;
  /** Counts the byte-order marks removed at record starts (strayBom.ts). */
  strayBoms?: { count: number };
}

/** Offset of the first byte of `b[start, end)` that does not begin a valid UTF-8 sequence there. */
function firstInvalidUtf8(b: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const c = b[i];
    const more = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (more < 0 || i + more >= end) return i;
    for (let k = 1; k <= more; k++) if ((b[i + k] & 0xc0) !== 0x80) return i;
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF.
    const c1 = b[i + 1];
    if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 >= 0xa0) || (c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 >= 0x90)) return i;
    i += more + 1;
  }
  return end;
}

/**
 * Streams a delimited file's records as {@link CellBatch}es: bytes are read straight into one
 * growing buffer and split by {@link CellTokenizer}, so no string is made per cell. UTF-8 files
 * are validated as they are read (an invalid byte is an input error naming its offset); other
 * encodings are decoded and re-encoded as UTF-8 first. Errors name the same file rows as the
 * string reader's. `tap` sees every byte of the file (BOM included) as read. Reads are synchronous (page-cache reads take microseconds), with a turn of the
 * event loop after each so cancellation and progress still get through.
 */
export async function* streamDelimitedCells(spec: CellStreamSpec, ctx?: JobContext, tap?: (bytes: Uint8Array) => void, range?: ByteRange): AsyncGenerator<CellBatch> {
  const { path, dialect, width } = spec;
  const { data: dataDelim, header: headerDelim } = separatorsOf(dialect);
  const tokenizer = new CellTokenizer(dataDelim, dialect.quote, width);
  const quoteByte = dialect.quote.charCodeAt(0);
  const utf8 = dialect.encoding === 'utf-8';
  const decoder = utf8 ? null : createTextDecoder(dialect.encoding as TextEncodingName);
  const raw = utf8 ? null : Buffer.allocUnsafe(READ_BYTES);

  let buf = Buffer.allocUnsafe(2 * READ_BYTES);
  let filled = 0; // bytes held in buf
  let pos = 0; // first byte not yet taken
  let validated = 0; // buf[0, validated) is known valid UTF-8
  if (range && !utf8) throw new Error('byte ranges are read from UTF-8 files only');
  const start = range ? range.start : spec.bomLength;
  const stop = range ? range.end : Infinity;
  let bufFileOffset = start; // file offset of buf[0] (UTF-8 files)
  let filePos = start;
  let bytesRead = start;
  let record = 1; // file record number of the next record (in a byte range: counted from its start)
  let headerPending = dialect.header && start === spec.bomLength;
  let eof = false;

  const rowError = (stop: number, fields: number, row: number): TwinError => {
    if (stop === STOP_UNTERMINATED) return inputError(t('unterminated quoted field (the quote opens in this record)'), { file: path, row });
    if (stop === STOP_MALFORMED) return inputError(t('malformed quoted field (text after the closing quote)'), { file: path, row });
    return inputError(t('expected {0} fields but found {1}', width, fields), { file: path, row });
  };
  const ensureRoom = (bytes: number): void => {
    if (buf.length - filled >= bytes) return;
    const bigger = Buffer.allocUnsafe(Math.max(buf.length * 2, filled + bytes));
    buf.copy(bigger, 0, 0, filled);
    buf = bigger;
  };

  const fd = fs.openSync(path, 'r');
  try {
    if (tap && spec.bomLength > 0 && !range) {
      const bom = Buffer.alloc(spec.bomLength);
      tap(bom.subarray(0, fs.readSync(fd, bom, 0, spec.bomLength, 0)));
    }
    while (!eof) {
      throwIfAborted(ctx?.signal);
      if (pos > 0) {
        buf.copy(buf, 0, pos, filled);
        filled -= pos;
        validated = Math.max(0, validated - pos);
        bufFileOffset += pos;
        pos = 0;
      }
      if (utf8) {
        ensureRoom(READ_BYTES);
        const n = filePos >= stop ? 0 : fs.readSync(fd, buf, filled, Math.min(READ_BYTES, stop - filePos), filePos);
        if (tap && n > 0) tap(buf.subarray(filled, filled + n));
        filePos += n;
        bytesRead += n;
        filled += n;
        eof = n === 0;
        // Validate up to the last line feed (never inside a character); the rest with the next read.
        const upTo = eof ? filled : buf.lastIndexOf(10, filled - 1) + 1;
        if (upTo > validated) {
          if (!isUtf8(buf.subarray(validated, upTo))) {
            throw spec.decodeError(new UndecodableError('utf-8', bufFileOffset + firstInvalidUtf8(buf, validated, upTo)));
          }
          validated = upTo;
        }
      } else {
        const rawBuf = raw as Buffer;
        const n = fs.readSync(fd, rawBuf, 0, rawBuf.length, filePos);
        if (tap && n > 0) tap(rawBuf.subarray(0, n));
        filePos += n;
        bytesRead += n;
        eof = n === 0;
        let text: string;
        try {
          text = eof ? (decoder as NonNullable<typeof decoder>).end() : (decoder as NonNullable<typeof decoder>).write(rawBuf.subarray(0, n));
        } catch (e) {
          if (e instanceof UndecodableError) throw spec.decodeError(new UndecodableError(e.encoding, e.byteOffset + spec.bomLength));
          throw e;
        }
        ensureRoom(Buffer.byteLength(text, 'utf8'));
        filled += buf.write(text, filled, 'utf8');
      }

      if (headerPending) {
        // The header's names were read when the file was opened (from its first non-blank record);
        // here it is only found, checked and skipped. Blank lines before it are passed over.
        const header = new CellTokenizer(headerDelim, dialect.quote, width).tokenize(buf, pos, filled, eof, 1);
        if (header.stop === STOP_RAGGED) throw inputError(t('header has {0} fields, expected {1}', header.fields, width), { file: path, row: 1 + header.records });
        if (header.stop !== STOP_NONE) throw rowError(header.stop, 0, 1 + header.records);
        if (header.rows === 1 || eof) {
          pos = header.consumed;
          headerPending = false;
          record = 1 + header.records;
        }
      }
      while (!headerPending) {
        const r = tokenizer.tokenize(buf, pos, filled, eof, BATCH_ROWS);
        if (r.stop !== STOP_NONE) throw rowError(r.stop, r.fields, record + r.records);
        const rows = r.rows;
        const full = rows === BATCH_ROWS;
        record += r.records;
        pos = r.consumed;
        if (rows > 0) {
          const removed = stripRecordBomCells(buf, tokenizer.starts, tokenizer.ends, rows, width);
          if (removed && spec.strayBoms) spec.strayBoms.count += removed;
          yield { bytes: buf, starts: tokenizer.starts, ends: tokenizer.ends, rows, width, bytesRead };
        }
        if (!full) break;
      }
      const unfinished = filled - pos;
      if (!eof && unfinished > spec.maxRecordChars && utf16Length(buf, pos, filled) > spec.maxRecordChars) {
        const quoted = buf.subarray(pos, filled).includes(quoteByte);
        throw spec.tooLong(quoted, record);
      }
      if (spec.sizeBytes > 0) ctx?.onProgress?.({ stage: t('reading'), fraction: Math.min(1, bytesRead / spec.sizeBytes) });
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    fs.closeSync(fd);
  }
}

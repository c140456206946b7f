import * as fs from 'node:fs';
import type { JobContext } from '../context';
import { inputError, throwIfAborted, TwinError } from '../errors';
import { t } from '../l10n';
import type { DelimitedDialect, TextEncodingName } from '../schema';
import { createTextDecoder, detectEncoding, UndecodableError, type TextChunkDecoder } from './encoding';
import { parseChunk } from './parseChunk';
import { streamDelimitedCells, type CellStreamSpec } from './readDelimitedCells';
import { CellTokenizer } from './tokenizeCells';
import { separatorsOf, sniffDelimited } from './sniff';
import { DEFAULT_MAX_RECORD_CHARS, type CellRangeSource, type DatasetSource, type RawBatch, type RawValue, type ReadOptions } from './types';
import { stripRecordBoms, withoutBom } from './strayBom';

/** Bytes sniffed for the dialect (grown when the first records do not fit). */
const SAMPLE_BYTES = 64 * 1024;
const MAX_SAMPLE_BYTES = 16 * 1024 * 1024;
/**
 * Bytes read per chunk while streaming. Small on purpose: a batch's strings die young while
 * the consumer handles it, instead of surviving a scavenge and being promoted. Measured on a
 * 100 MB CSV: 1 MB chunks ~60 MB/s (GC-bound), 64 KB chunks ~140 MB/s.
 */
const CHUNK_BYTES = 64 * 1024;

async function readRange(fd: fs.promises.FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fd.read(buf, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got === length ? buf : buf.subarray(0, got);
}

function decodeError(file: string, e: UndecodableError, forced: boolean): TwinError {
  return inputError(forced
    ? t('cannot be decoded as {0} (invalid bytes near byte {1})', e.encoding, e.byteOffset)
    : t('cannot be decoded as {0} (invalid bytes near byte {1}); give the encoding explicitly (e.g. windows-1252 or latin1)', e.encoding, e.byteOffset), { file });
}

/** A record longer than the limit: a quote that never closes, or a giant line. */
function tooLongError(file: string, maxRecordChars: number, hasQuote: boolean, row: number): TwinError {
  return inputError(hasQuote
    ? t('unterminated quoted field, or a record longer than the limit of {0} characters (raise the record length limit)', maxRecordChars.toLocaleString('en-GB'))
    : t('a record longer than the limit of {0} characters (raise the record length limit)', maxRecordChars.toLocaleString('en-GB')), { file, row });
}

/** Share of control characters (other than tab, CR, LF, FF) in a decoded sample. */
function controlShare(text: string): number {
  let bad = 0;
  const n = Math.min(text.length, 65536);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) bad++;
  }
  return n ? bad / n : 0;
}

/**
 * Opens a delimited text file: detects the encoding and sniffs the dialect from the first
 * 64 KB, and returns a source that streams the records in 64 KB chunks (a few hundred rows per batch).
 * A file with only a header opens and yields no rows (the profiler decides what that means).
 * @throws inputError for an empty file, a binary file, or text not decodable as the forced encoding.
 */
export async function openDelimited(path: string, name: string, sizeBytes: number, options: ReadOptions = {}): Promise<DatasetSource> {
  const fd = await fs.promises.open(path, 'r');
  let sample: Buffer;
  let enc: ReturnType<typeof detectEncoding>;
  let text: string;
  let complete: boolean;
  let lastBytes: Buffer;
  try {
    let want = Math.min(sizeBytes, SAMPLE_BYTES);
    sample = await readRange(fd, 0, want);
    enc = detectEncoding(sample, options.encoding);
    for (;;) {
      complete = want >= sizeBytes;
      if (enc.encoding !== 'utf-16le' && enc.encoding !== 'utf-16be' && sample.subarray(enc.bomLength).includes(0)) {
        throw inputError(t('not a delimited text file (it contains NUL bytes)'), { file: path });
      }
      const dec = createTextDecoder(enc.encoding);
      try {
        text = dec.write(sample.subarray(enc.bomLength));
        if (complete) text += dec.end();
      } catch (e) {
        if (e instanceof UndecodableError) throw decodeError(path, e, options.encoding !== undefined);
        throw e;
      }
      // Two line breaks means at least one whole record and the start of the next.
      const firstBreak = text.indexOf('\n');
      if (complete || want >= MAX_SAMPLE_BYTES || (firstBreak >= 0 && text.indexOf('\n', firstBreak + 1) >= 0)) break;
      want = Math.min(sizeBytes, want * 4);
      sample = await readRange(fd, 0, want);
    }
    lastBytes = await readRange(fd, Math.max(0, sizeBytes - 2), Math.min(2, sizeBytes));
  } finally {
    await fd.close();
  }
  if (text.trim() === '') throw inputError(t('empty file'), { file: path });
  if (controlShare(text) > 0.1) throw inputError(t('not a delimited text file (binary content)'), { file: path });

  const sniffed = sniffDelimited(text, complete, { delimiter: options.delimiter, header: options.header });
  const finalNewline = enc.encoding === 'utf-16le' ? lastBytes.length === 2 && lastBytes[0] === 0x0a && lastBytes[1] === 0
    : enc.encoding === 'utf-16be' ? lastBytes.length === 2 && lastBytes[0] === 0 && lastBytes[1] === 0x0a
    : lastBytes.length > 0 && lastBytes[lastBytes.length - 1] === 0x0a;
  const dialect: DelimitedDialect = { ...sniffed.dialect, encoding: enc.encoding, bom: enc.bom, finalNewline };
  // A second byte-order mark (a file saved twice) would stay in the first column's name.
  const columnNames = sniffed.columnNames.map((n, i) => (i === 0 ? withoutBom(n) : n));
  const strayBoms = { count: 0 };
  const forced = options.encoding !== undefined;
  const bomLength = enc.bomLength;
  const maxRecordChars = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
  const source: DatasetSource = {
    path,
    name,
    format: 'delimited',
    dialect,
    columnNames,
    sizeBytes,
    batches: (ctx?: JobContext) => { strayBoms.count = 0; return streamDelimited(path, dialect, columnNames.length, sizeBytes, bomLength, forced, maxRecordChars, strayBoms, ctx); },
    strayByteOrderMarks: () => strayBoms.count + (columnNames[0] !== sniffed.columnNames[0] ? 1 : 0),
  };
  const { data: dataDelim, header: headerDelim } = separatorsOf(dialect);
  if (CellTokenizer.supports(dataDelim, dialect.quote) && CellTokenizer.supports(headerDelim, dialect.quote)) {
    const ranged: CellRangeSource = { path, dialect, width: columnNames.length, sizeBytes, bomLength, forcedEncoding: forced, maxRecordChars };
    const spec = cellStreamSpecOf(ranged, strayBoms);
    source.cellBatches = (ctx?: JobContext, tap?: (bytes: Uint8Array) => void) => { strayBoms.count = 0; return streamDelimitedCells(spec, ctx, tap); };
    if (dialect.encoding === 'utf-8') source.cellRanges = ranged;
  }
  return source;
}

/** The full cell-stream spec of a file described as plain data (a worker thread rebuilds it from that). */
export function cellStreamSpecOf(r: CellRangeSource, strayBoms?: { count: number }): CellStreamSpec {
  return {
    ...r, strayBoms,
    decodeError: (e) => decodeError(r.path, e, r.forcedEncoding),
    tooLong: (hasQuote, row) => tooLongError(r.path, r.maxRecordChars, hasQuote, row),
  };
}

/**
 * Streams the records of a delimited file as RawBatches: decoded 64 KB chunks go through
 * {@link parseChunk}, and the unfinished record is carried into the next chunk, so quoted
 * fields may span chunks while memory stays bounded by the chunk size.
 */
async function* streamDelimited(
  path: string, dialect: DelimitedDialect, ncols: number, sizeBytes: number,
  bomLength: number, forcedEncoding: boolean, maxRecordChars: number, strayBoms: { count: number }, ctx?: JobContext,
): AsyncGenerator<RawBatch> {
  const { data: dataDelim, header: headerDelim } = separatorsOf(dialect);
  // Records end at LF whatever the recorded line ending: parseChunk drops a CR before it, so
  // CRLF, LF and mixed files (extracts concatenated from several sources) all read the same.
  // The dialect's lineEnding is what the writers reproduce.
  const newline = '\n';
  const decoder: TextChunkDecoder = createTextDecoder(dialect.encoding as TextEncodingName);
  let headerPending = dialect.header;
  let record = 1; // file record number of the next record
  let pending = '';
  let bytesRead = bomLength;
  const stream = fs.createReadStream(path, { start: bomLength, highWaterMark: CHUNK_BYTES });

  const tooLong = (text: string, row: number): TwinError => tooLongError(path, maxRecordChars, text.includes(dialect.quote), row);
  const quoteError = (kind: 'unterminated' | 'malformed', row: number): TwinError => inputError(kind === 'unterminated'
    ? t('unterminated quoted field (the quote opens in this record)')
    : t('malformed quoted field (text after the closing quote)'), { file: path, row });
  const parseInput = (input: string, last: boolean): RawBatch[] => {
    const out: RawBatch[] = [];
    if (headerPending) {
      // The header's names were read when the file was opened (from its first non-blank record);
      // here it is only found, checked and skipped.
      let offset = 0;
      let blanks = 0;
      for (;;) {
        const head: string[][] = [];
        const r = parseChunk(offset > 0 ? input.slice(offset) : input, headerDelim, dialect.quote, newline, last, head, 1);
        if (r.error) throw quoteError(r.error.kind, 1 + blanks);
        if (head.length === 0) {
          if (last) break; // blank lines only
          if (input.length > maxRecordChars) throw tooLong(input, 1 + blanks);
          pending = input;
          return out;
        }
        offset += r.consumed;
        const fields = head[0];
        if (fields.length === 1 && fields[0] === '' && ncols !== 1) {
          blanks++;
          continue;
        }
        if (fields.length !== ncols) throw inputError(t('header has {0} fields, expected {1}', fields.length, ncols), { file: path, row: 1 + blanks });
        blanks++;
        break;
      }
      input = input.slice(offset);
      headerPending = false;
      record = 1 + blanks;
    }
    if (input.length === 0) { pending = ''; return out; }
    const rows: string[][] = [];
    const res = parseChunk(input, dataDelim, dialect.quote, newline, last, rows);
    if (res.error) throw quoteError(res.error.kind, record + res.error.record);
    strayBoms.count += stripRecordBoms(rows);
    pending = last ? '' : input.slice(res.consumed);
    if (pending.length > maxRecordChars) throw tooLong(pending, record + rows.length);
    // Check field counts; blank lines are skipped (they split the batch so row numbers stay exact).
    let start = 0;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (row.length === ncols) continue;
      if (row.length === 1 && row[0] === '') {
        if (i > start) out.push({ rows: rows.slice(start, i) as RawValue[][], firstRow: record + start, bytesRead });
        start = i + 1;
        continue;
      }
      throw inputError(t('expected {0} fields but found {1}', ncols, row.length), { file: path, row: record + i });
    }
    if (start === 0) out.push({ rows: rows as RawValue[][], firstRow: record, bytesRead });
    else if (start < rows.length) out.push({ rows: rows.slice(start) as RawValue[][], firstRow: record + start, bytesRead });
    record += rows.length;
    return out;
  };

  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      throwIfAborted(ctx?.signal);
      bytesRead += chunk.length;
      let text: string;
      try {
        text = decoder.write(chunk);
      } catch (e) {
        if (e instanceof UndecodableError) throw decodeError(path, new UndecodableError(e.encoding, e.byteOffset + bomLength), forcedEncoding);
        throw e;
      }
      if (pending.length > 0 && !text.includes('\n')) {
        // No line break in this chunk: the unfinished record cannot end here, so re-parsing it
        // would only rescan it (quadratic on a giant line). Keep it and read on.
        pending += text;
        if (pending.length > maxRecordChars) throw tooLong(pending, record);
        continue;
      }
      const batches = parseInput(pending.length ? pending + text : text, false);
      for (const b of batches) if (b.rows.length) yield b;
      ctx?.onProgress?.({ stage: t('reading'), fraction: sizeBytes ? bytesRead / sizeBytes : 1 });
    }
    let tail: string;
    try {
      tail = decoder.end();
    } catch (e) {
      if (e instanceof UndecodableError) throw decodeError(path, e, forcedEncoding);
      throw e;
    }
    const rest = pending + tail;
    if (rest.length > 0 || headerPending) {
      for (const b of parseInput(rest, true)) if (b.rows.length) yield b;
    }
  } finally {
    stream.destroy();
  }
}

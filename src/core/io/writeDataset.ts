import { createHash } from 'node:crypto';
import * as nodePath from 'node:path';
import type { JobContext } from '../context';
import { collectGarbage } from '../memory';
import type { ColumnSpec, DelimitedDialect, Dialect, Table } from '../schema';
import { withAtomicFile, type AtomicFile } from './atomic';
import { writeDelimitedTo, type EncodedRows } from './writeDelimited';

/** A plain CSV dialect (UTF-8, comma, minimal quoting, header, LF, final newline) for outputs with no source dialect. */
export const DEFAULT_CSV_DIALECT: DelimitedDialect = {
  kind: 'delimited', delimiter: ',', quote: '"', quoting: 'minimal', spaceAfterDelimiter: false,
  header: true, lineEnding: '\n', encoding: 'utf-8', bom: false, finalNewline: true,
};

/**
 * Writes tables to `path` in the source's dialect: delimited text exactly as the source wrote it
 * (values via formatValue; delimiter, quoting, spacing, header, line endings, encoding, BOM,
 * final newline), Parquet (hyparquet-writer) or Arrow IPC (apache-arrow) with the source's
 * recorded column types. Streamed with awaited writes (bounded memory) to a temp file in the
 * target folder that is fsynced and renamed on success, and removed on error or cancellation.
 * A Parquet/Arrow dialect is honoured whatever the extension; callers choose the name.
 * `spreadsheetSafe` (delimited text only): text cells a spreadsheet would run as a formula
 * (starting with = + - @, tab or CR, and not a plain number) are written with a leading `'`.
 * The Parquet and Arrow writers (and their libraries) are loaded only when such a file is written.
 * A delimited file's batches may come already formatted and encoded ({@link EncodedRows}).
 * @returns rows written, the file's size in bytes and its SHA-256 (hex), hashed as it was
 *   written, so the file need not be read back to fingerprint it
 * @throws inputError when the folder is missing or not writable; cancellation when ctx.signal fires.
 */
export async function writeDataset(
  path: string, target: { dialect: Dialect; columns: ColumnSpec[]; spreadsheetSafe?: boolean },
  batches: AsyncIterable<Table | EncodedRows> | Iterable<Table | EncodedRows>, ctx?: JobContext,
): Promise<{ rows: number; bytes: number; sha256: string }> {
  const { dialect, columns } = target;
  batches = collectingEvery(ROWS_PER_COLLECTION, batches);
  // Rows come already encoded only for delimited text (a parallel generation's threads format them).
  const tables = batches as AsyncIterable<Table>;
  return withAtomicFile(path, async (atomic) => {
    const hash = createHash('sha256');
    const file = hashing(atomic, hash);
    let rows: number;
    if (dialect.kind === 'delimited') rows = await writeDelimitedTo(file, dialect, columns, batches, ctx, target.spreadsheetSafe === true);
    else if (dialect.kind === 'parquet') rows = await (await import('./writeParquet')).writeParquetTo(file, dialect, columns, tables, ctx);
    else rows = await (await import('./writeArrow')).writeArrowTo(file, dialect, columns, tables, ctx);
    return { rows, bytes: atomic.bytes, sha256: hash.digest('hex') };
  });
}

/** Rows written between full garbage collections: memory stays flat however many rows are written. */
const ROWS_PER_COLLECTION = 200_000;

/** `batches`, with a full garbage collection after every `rows` rows that have gone through (see collectGarbage). */
async function* collectingEvery<T extends { rowCount: number }>(rows: number, batches: AsyncIterable<T> | Iterable<T>): AsyncGenerator<T> {
  let since = 0;
  for await (const table of batches) {
    yield table;
    since += table.rowCount;
    if (since >= rows) {
      since = 0;
      collectGarbage();
    }
  }
}

/** `file`, with every chunk written also fed to `hash` (in order: each write is awaited). */
function hashing(file: AtomicFile, hash: ReturnType<typeof createHash>): AtomicFile {
  return {
    get tempPath() { return file.tempPath; },
    get handle() { return file.handle; },
    get bytes() { return file.bytes; },
    async write(data: Uint8Array): Promise<void> {
      hash.update(data);
      await file.write(data);
    },
    commit: () => file.commit(),
    abort: () => file.abort(),
  };
}

/** The dialect to write for an output path with no source dialect: by extension (.parquet, .arrow/.feather, else CSV/TSV). */
export function dialectForPath(path: string): Dialect {
  const ext = nodePath.extname(path).toLowerCase();
  if (ext === '.parquet') return { kind: 'parquet', fields: [] };
  if (ext === '.arrow' || ext === '.feather' || ext === '.ipc') return { kind: 'arrow', fields: [] };
  if (ext === '.tsv' || ext === '.tab') return { ...DEFAULT_CSV_DIALECT, delimiter: '\t' };
  return { ...DEFAULT_CSV_DIALECT };
}

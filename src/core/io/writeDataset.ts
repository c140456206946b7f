import * as nodePath from 'node:path';
import type { JobContext } from '../context';
import type { ColumnSpec, DelimitedDialect, Dialect, Table } from '../schema';
import { withAtomicFile } from './atomic';
import { writeArrowTo } from './writeArrow';
import { writeDelimitedTo } from './writeDelimited';
import { writeParquetTo } from './writeParquet';

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
 * @returns rows written and the file's size in bytes
 * @throws inputError when the folder is missing or not writable; cancellation when ctx.signal fires.
 */
export async function writeDataset(
  path: string, target: { dialect: Dialect; columns: ColumnSpec[]; spreadsheetSafe?: boolean },
  batches: AsyncIterable<Table> | Iterable<Table>, ctx?: JobContext,
): Promise<{ rows: number; bytes: number }> {
  const { dialect, columns } = target;
  return withAtomicFile(path, async (file) => {
    let rows: number;
    if (dialect.kind === 'delimited') rows = await writeDelimitedTo(file, dialect, columns, batches, ctx, target.spreadsheetSafe === true);
    else if (dialect.kind === 'parquet') rows = await writeParquetTo(file, dialect, columns, batches, ctx);
    else rows = await writeArrowTo(file, dialect, columns, batches, ctx);
    return { rows, bytes: file.bytes };
  });
}

/** The dialect to write for an output path with no source dialect: by extension (.parquet, .arrow/.feather, else CSV/TSV). */
export function dialectForPath(path: string): Dialect {
  const ext = nodePath.extname(path).toLowerCase();
  if (ext === '.parquet') return { kind: 'parquet', fields: [] };
  if (ext === '.arrow' || ext === '.feather' || ext === '.ipc') return { kind: 'arrow', fields: [] };
  if (ext === '.tsv' || ext === '.tab') return { ...DEFAULT_CSV_DIALECT, delimiter: '\t' };
  return { ...DEFAULT_CSV_DIALECT };
}

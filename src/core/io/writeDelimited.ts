import type { JobContext } from '../context';
import { throwIfAborted } from '../errors';
import { formatValue } from '../format/value';
import type { ColumnSpec, DelimitedDialect, Table } from '../schema';
import type { AtomicFile } from './atomic';
import { bomBytes, encodeText } from './encoding';
import { columnIndexMap } from './tableValues';

/** Characters of text flushed to the file at a time (bounds memory, keeps writes large). */
const FLUSH_CHARS = 1 << 20;

/** Whether a bare field would be misread: it holds the delimiter, the quote or a line break. */
function needsQuotes(s: string, delim: string, quote: string): boolean {
  return s.includes(delim) || s.includes(quote) || s.includes('\n') || s.includes('\r');
}

function quoteField(s: string, quote: string): string {
  return quote + s.split(quote).join(quote + quote) + quote;
}

/**
 * Whether the source quoted this column's values with quoting 'nonnumeric': the recorded
 * `quotedColumns` when the reader saw them; otherwise Python's QUOTE_NONNUMERIC rule by type.
 */
function quotesColumn(dialect: DelimitedDialect, spec: ColumnSpec): boolean {
  if (dialect.quoting === 'all') return true;
  if (dialect.quoting === 'minimal') return false;
  if (dialect.quotedColumns) return dialect.quotedColumns.includes(spec.name);
  return spec.type !== 'numeric' && spec.type !== 'integer';
}

/** One delimited header line (without line ending), quoted as the source header was. */
export function formatHeaderLine(dialect: DelimitedDialect, names: string[]): string {
  const quoted = dialect.headerQuoted ?? dialect.quoting !== 'minimal';
  const sep = dialect.delimiter + ((dialect.headerSpaceAfterDelimiter ?? dialect.spaceAfterDelimiter) ? ' ' : '');
  return names
    .map((n) => (quoted || needsQuotes(n, dialect.delimiter, dialect.quote) ? quoteField(n, dialect.quote) : n))
    .join(sep);
}

/**
 * Streams tables to `file` as delimited text in `dialect`: every value written with
 * formatValue (the source's number, date and boolean formats), missing values as the
 * dialect's missing token, quoting/spacing/line endings/encoding/BOM/final newline as the
 * source had them. Awaits each write, so memory stays bounded whatever the row count.
 * @returns the number of data rows written
 */
export async function writeDelimitedTo(
  file: AtomicFile, dialect: DelimitedDialect, columns: ColumnSpec[],
  tables: AsyncIterable<Table> | Iterable<Table>, ctx?: JobContext,
): Promise<number> {
  const { delimiter: delim, quote, lineEnding: eol, encoding } = dialect;
  const sep = delim + (dialect.spaceAfterDelimiter ? ' ' : '');
  const ncols = columns.length;
  const alwaysQuote = columns.map((c) => quotesColumn(dialect, c));
  const token = dialect.missingToken ?? '';
  const missingCell = columns.map((_, j) =>
    (dialect.quoting === 'all' && alwaysQuote[j]) || needsQuotes(token, delim, quote) ? quoteField(token, quote) : token);
  const cell = (s: string, j: number): string => (alwaysQuote[j] || needsQuotes(s, delim, quote) ? quoteField(s, quote) : s);

  let text = '';
  let records = 0; // records written, header included
  const flush = async (): Promise<void> => {
    if (text.length) {
      await file.write(encodeText(text, encoding));
      text = '';
    }
  };
  if (dialect.bom) {
    const bom = bomBytes(encoding);
    if (bom.length) await file.write(bom);
  }
  if (dialect.header) {
    text += formatHeaderLine(dialect, columns.map((c) => c.name));
    records++;
  }
  let rows = 0;
  for await (const table of tables as AsyncIterable<Table>) {
    throwIfAborted(ctx?.signal);
    const map = columnIndexMap(table, columns);
    const cols = map.map((i) => table.columns[i].data);
    // Category labels are formatted and quoted once per batch, not once per cell.
    const labels: (string[] | null)[] = cols.map((d, j) =>
      d.kind === 'category' ? d.categories.map((c) => cell(formatValue(c, columns[j]), j)) : null);
    for (let r = 0; r < table.rowCount; r++) {
      let line = records > 0 ? eol : '';
      for (let j = 0; j < ncols; j++) {
        if (j > 0) line += sep;
        const d = cols[j];
        if (d.kind === 'number') {
          const v = d.values[r];
          line += v === v ? cell(formatValue(v, columns[j]), j) : missingCell[j];
        } else if (d.kind === 'category') {
          const code = d.codes[r];
          line += code >= 0 ? (labels[j] as string[])[code] : missingCell[j];
        } else {
          const v = d.values[r];
          line += v === null ? missingCell[j] : cell(formatValue(v, columns[j]), j);
        }
      }
      text += line;
      records++;
      if (text.length >= FLUSH_CHARS) await flush();
    }
    rows += table.rowCount;
    ctx?.onProgress?.({ stage: 'writing' });
  }
  if (records > 0 && dialect.finalNewline) text += eol;
  await flush();
  return rows;
}

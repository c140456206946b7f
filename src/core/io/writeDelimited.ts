import type { JobContext } from '../context';
import { throwIfAborted } from '../errors';
import { formatValue } from '../format/value';
import type { ColumnSpec, DelimitedDialect, Table } from '../schema';
import type { AtomicFile } from './atomic';
import { bomBytes, encodeText } from './encoding';
import { separatorsOf } from './sniff';
import { columnIndexMap } from './tableValues';
import { t } from '../l10n';

/**
 * Characters of text flushed to the file at a time: small enough that the pieces die young,
 * large enough that the awaited writes (a round trip to the I/O thread each) are few.
 */
const FLUSH_CHARS = 1 << 18;

/** Whether a bare field would be misread: it holds the delimiter, the quote or a line break. */
function needsQuotes(s: string, delim: string, quote: string): boolean {
  return s.includes(delim) || s.includes(quote) || s.includes('\n') || s.includes('\r');
}

/** Whether every value of the column is written with digits, signs, '.', 'e' and pattern literals only. */
function cannotNeedQuotes(spec: ColumnSpec, delim: string, quote: string): boolean {
  const f = spec.format;
  const clash = (text: string): boolean => text.includes(delim) || text.includes(quote) || /[\r\n]/.test(text);
  if (f.kind === 'integer') return !(f.thousands && clash(','));
  if (f.kind === 'number') return !clash(f.decimalComma ? ',' : '.') && !(f.thousands && clash(f.decimalComma ? '.' : ','));
  if (f.kind === 'date' || f.kind === 'datetime') return !clash(f.pattern.replace(/[A-Za-z]/g, ''));
  return false;
}

/** A cell a spreadsheet would evaluate as a formula (OWASP "CSV injection"): = + - @ tab CR first. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number (e.g. -2.5, +1e3): a spreadsheet reads it as a number, not a formula. */
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Neutralises a text cell for spreadsheets: `'` before a leading formula character, unless the
 * cell is a plain (e.g. negative) number. Spreadsheets hide the `'` and show the text.
 */
export function spreadsheetSafeText(s: string): string {
  return FORMULA_START.test(s) && !PLAIN_NUMBER.test(s) ? "'" + s : s;
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

/** A batch of data rows already formatted ({@link delimitedRows}) and encoded in the dialect's encoding. */
export interface EncodedRows {
  rowCount: number;
  encoded: Uint8Array[];
}

/** One delimited header line (without line ending), quoted as the source header was. */
export function formatHeaderLine(dialect: DelimitedDialect, names: string[]): string {
  const quoted = dialect.headerQuoted ?? dialect.quoting !== 'minimal';
  const sep = separatorsOf(dialect).header;
  return names
    .map((n) => (quoted || needsQuotes(n, dialect.delimiter, dialect.quote) ? quoteField(n, dialect.quote) : n))
    .join(sep);
}

/**
 * The data rows of delimited text in `dialect`, batch by batch: every value written with
 * formatValue (the source's number, date and boolean formats), missing values as the dialect's
 * missing token, quoting and spacing as the source had them. `rows(table, afterRecord)` yields
 * the batch's text in pieces of about {@link FLUSH_CHARS} characters, each record preceded by the
 * line ending when a record (the header, or an earlier row) comes before it. The same text
 * whichever thread formats a batch (a parallel generation's workers do: synth/parallel).
 * With `spreadsheetSafe`, text cells go through {@link spreadsheetSafeText}.
 */
export function delimitedRows(dialect: DelimitedDialect, columns: ColumnSpec[], spreadsheetSafe = false): { rows(table: Table, afterRecord: boolean): Generator<string> } {
  const { delimiter: delim, quote, lineEnding: eol } = dialect;
  const sep = separatorsOf(dialect).data;
  const ncols = columns.length;
  const alwaysQuote = columns.map((c) => quotesColumn(dialect, c));
  const token = dialect.missingToken ?? '';
  const missingCell = columns.map((_, j) =>
    (dialect.quoting === 'all' && alwaysQuote[j]) || needsQuotes(token, delim, quote) ? quoteField(token, quote) : token);
  // Numbers and dates without separators or literals that clash with the dialect never need quoting.
  const safe = columns.map((c, j) => !alwaysQuote[j] && cannotNeedQuotes(c, delim, quote));
  const cell = (s: string, j: number): string =>
    (alwaysQuote[j] ? quoteField(s, quote) : safe[j] || !needsQuotes(s, delim, quote) ? s : quoteField(s, quote));

  // Every cell is written with the separator before it (none before the first column), so a
  // label, a missing cell or a memoised date costs one string concatenation.
  const pre = columns.map((_, j) => (j > 0 ? sep : ''));
  const missingAfter = missingCell.map((m, j) => pre[j] + m);
  const numberCell = columns.map((spec, j): ((v: number) => string) => {
    const f = spec.format;
    const prefix = pre[j];
    if (f.kind === 'integer' && !f.thousands) {
      // formatValue's integer text without the runtime's toFixed: for a safe integer r, String(r)
      // and r.toFixed(0) are the same digits (both "0" for −0; beyond 2^53 they can differ, so
      // those go the long way), and small integers' strings come from the engine's cache.
      return (v) => {
        const r = Math.round(v);
        return prefix + cell(r >= -Number.MAX_SAFE_INTEGER && r <= Number.MAX_SAFE_INTEGER ? String(r) : formatValue(v, spec), j);
      };
    }
    if (f.kind !== 'date' && f.kind !== 'datetime') return (v) => prefix + cell(formatValue(v, spec), j);
    // Dates repeat a lot (a few thousand distinct days): their text is memoised (bounded).
    const memo = new Map<number, string>();
    return (v) => {
      let out = memo.get(v);
      if (out === undefined) {
        out = prefix + cell(formatValue(v, spec), j);
        if (memo.size < 100_000) memo.set(v, out);
      }
      return out;
    };
  });

  // Text cells (labels, strings) only: numbers and dates are written by their formats and are never formulas.
  const textCell = spreadsheetSafe ? spreadsheetSafeText : (s: string): string => s;
  return {
    *rows(table: Table, afterRecord: boolean): Generator<string> {
      const map = columnIndexMap(table, columns);
      const cols = map.map((i) => table.columns[i].data);
      // Category labels are formatted and quoted once per batch, not once per cell.
      const labels: (string[] | null)[] = cols.map((d, j) =>
        d.kind === 'category' ? d.categories.map((c) => pre[j] + cell(textCell(formatValue(c, columns[j])), j)) : null);
      let text = '';
      for (let r = 0; r < table.rowCount; r++) {
        if (afterRecord || r > 0) text += eol;
        for (let j = 0; j < ncols; j++) {
          const d = cols[j];
          if (d.kind === 'number') {
            const v = d.values[r];
            text += v === v ? numberCell[j](v) : missingAfter[j];
          } else if (d.kind === 'category') {
            const code = d.codes[r];
            text += code >= 0 ? (labels[j] as string[])[code] : missingAfter[j];
          } else {
            const v = d.values[r];
            text += v === null ? missingAfter[j] : pre[j] + cell(textCell(formatValue(v, columns[j])), j);
          }
        }
        if (text.length >= FLUSH_CHARS) {
          yield text;
          text = '';
        }
      }
      if (text.length) yield text;
    },
  };
}

/**
 * Streams tables to `file` as delimited text in `dialect` ({@link delimitedRows}), with the
 * header, encoding, BOM and final newline the source had. Awaits each write, so memory stays
 * bounded whatever the row count. A batch may come already formatted and encoded
 * ({@link EncodedRows}, made by a parallel generation's thread).
 * @returns the number of data rows written
 */
export async function writeDelimitedTo(
  file: AtomicFile, dialect: DelimitedDialect, columns: ColumnSpec[],
  tables: AsyncIterable<Table | EncodedRows> | Iterable<Table | EncodedRows>, ctx?: JobContext, spreadsheetSafe = false,
): Promise<number> {
  const { lineEnding: eol, encoding } = dialect;
  const format = delimitedRows(dialect, columns, spreadsheetSafe);
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
  for await (const table of tables as AsyncIterable<Table | EncodedRows>) {
    throwIfAborted(ctx?.signal);
    if ('encoded' in table) {
      await flush();
      for (const piece of table.encoded) await file.write(piece);
    } else {
      for (const piece of format.rows(table, records > 0)) {
        text += piece;
        if (text.length >= FLUSH_CHARS) await flush();
      }
    }
    records += table.rowCount;
    rows += table.rowCount;
    ctx?.onProgress?.({ stage: t('writing') });
  }
  if (records > 0 && dialect.finalNewline) text += eol;
  await flush();
  return rows;
}

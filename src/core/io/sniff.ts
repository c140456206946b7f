import { DEFAULT_MISSING_TOKENS } from '../format/missing';
import { parseNumberFast } from '../format/number';
import type { DelimitedDialect } from '../schema';

/** The records of a text sample with how each field was written. */
export interface SampleTable {
  rows: string[][];
  /** Per field: was it enclosed in quotes. */
  quoted: boolean[][];
  /** Per field: did a space follow the delimiter before it. */
  lead: boolean[][];
  lineEnding: '\n' | '\r\n' | null;
  /** A quote opened in this record and never closed (only reported for a complete sample). */
  unterminatedRow: number | null;
}

/**
 * Splits a text sample into records, keeping track of quoting, spaces after delimiters and the
 * line ending. Quote-aware (doubled quotes, quoted delimiters and newlines). When `complete`
 * is false the sample was cut from a longer file, so a final partial record is dropped.
 * Not the bulk parser (parseChunk is); this runs on the first 64 KB or so.
 */
export function tokenizeSample(text: string, delim: string, quote: string, complete: boolean, maxRows = 5000): SampleTable {
  const out: SampleTable = { rows: [], quoted: [], lead: [], lineEnding: null, unterminatedRow: null };
  const n = text.length;
  let row: string[] = [], q: boolean[] = [], l: boolean[] = [];
  let i = 0;
  let pendingField = false; // a delimiter was just consumed, so a (possibly empty) field follows
  const finishRow = (): void => {
    out.rows.push(row); out.quoted.push(q); out.lead.push(l);
    row = []; q = []; l = [];
  };
  while (i < n && out.rows.length < maxRows) {
    const lead = row.length > 0 && text.charCodeAt(i) === 32;
    const j = lead && text[i + 1] === quote ? i + 1 : i;
    let e: number;
    if (text[j] === quote) {
      let k = j + 1;
      let val = '';
      let closed = false;
      for (;;) {
        const idx = text.indexOf(quote, k);
        if (idx < 0) break;
        val += text.slice(k, idx);
        if (text[idx + 1] === quote) { val += quote; k = idx + 2; continue; }
        k = idx + 1;
        closed = true;
        break;
      }
      if (!closed) {
        if (complete) out.unterminatedRow = out.rows.length + 1;
        return out;
      }
      e = k;
      while (e < n) {
        const c = text[e];
        if (c === delim || c === '\n' || c === '\r') break;
        e++;
      }
      row.push(val + text.slice(k, e)); q.push(true); l.push(lead);
    } else {
      e = i;
      while (e < n) {
        const c = text[e];
        if (c === delim || c === '\n' || c === '\r') break;
        e++;
      }
      row.push(text.slice(i, e)); q.push(false); l.push(lead);
    }
    pendingField = false;
    i = e;
    if (i >= n) break;
    const c = text[i];
    if (c === delim) { i++; pendingField = true; continue; }
    if (c === '\r' && text[i + 1] === '\n') { out.lineEnding ??= '\r\n'; i += 2; }
    else {
      if (c === '\r' && i + 1 >= n && !complete) return out; // \r\n cut by the end of the sample
      out.lineEnding ??= '\n';
      i++;
    }
    finishRow();
  }
  if (i >= n && complete && (row.length > 0 || pendingField)) {
    if (pendingField) { row.push(''); q.push(false); l.push(false); }
    finishRow();
  }
  return out;
}

/** Everything sniffed about a delimited file (the dialect minus encoding, BOM and final newline). */
export interface SniffResult {
  dialect: Omit<DelimitedDialect, 'encoding' | 'bom' | 'finalNewline'>;
  columnNames: string[];
}

const CANDIDATES = [',', '\t', ';', '|'];

function isBlank(row: string[]): boolean {
  return row.length === 1 && row[0] === '';
}

/** Consistency of field counts: the modal count and the share of non-blank records having it. */
function consistency(t: SampleTable): { modal: number; share: number; rows: number } {
  const counts = new Map<number, number>();
  let rows = 0;
  for (const r of t.rows) {
    if (isBlank(r)) continue;
    rows++;
    counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
  }
  let modal = 0, best = 0;
  for (const [k, v] of counts) if (v > best || (v === best && k > modal)) { modal = k; best = v; }
  return { modal, share: rows ? best / rows : 0, rows };
}

function countQuoted(t: SampleTable): number {
  let c = 0;
  for (const r of t.quoted) for (const x of r) if (x) c++;
  return c;
}

/** A field with digits, sign, decimal point or exponent only (after removing one leading space). */
function isNumberLike(s: string): boolean {
  const v = parseNumberFast(s.charCodeAt(0) === 32 ? s.slice(1) : s);
  return v === v;
}

/** Every comma in the text sits between two digits (decimal commas). */
function commasAreDecimal(text: string): boolean {
  for (let i = text.indexOf(','); i >= 0; i = text.indexOf(',', i + 1)) {
    const a = text.charCodeAt(i - 1), b = text.charCodeAt(i + 1);
    if (!(a >= 48 && a <= 57 && b >= 48 && b <= 57)) return false;
  }
  return true;
}

/**
 * The separators a dialect writes between fields: the delimiter, followed by a space when the
 * dialect has one (", "), in data records and in the header (which may differ).
 */
export function separatorsOf(dialect: DelimitedDialect): { data: string; header: string } {
  const data = dialect.spaceAfterDelimiter ? dialect.delimiter + ' ' : dialect.delimiter;
  const header = (dialect.headerSpaceAfterDelimiter ?? dialect.spaceAfterDelimiter) ? dialect.delimiter + ' ' : dialect.delimiter;
  return { data, header };
}

/**
 * Sniffs a delimited-text dialect from the start of a file: the delimiter among , TAB ; | by
 * the consistency of field counts across records (quote-aware), the quote character (" unless
 * only ' encloses fields), whether a header is present, a space after every delimiter (", "),
 * how fields were quoted (minimal / all / per column), the line ending and the most common
 * missing-value spelling. `overrides` fix the delimiter and/or header.
 * @param text decoded sample, starting at the first record (BOM removed)
 * @param complete whether the sample is the whole file
 */
export function sniffDelimited(text: string, complete: boolean, overrides: { delimiter?: string; header?: boolean } = {}): SniffResult {
  let forcedSpace: boolean | undefined;
  let candidates = CANDIDATES;
  if (overrides.delimiter) {
    const d = overrides.delimiter;
    if (d.length === 2 && d[1] === ' ') forcedSpace = true;
    candidates = [d[0]];
  }

  type Choice = { delim: string; quote: string; table: SampleTable; modal: number; share: number };
  let best: Choice | null = null;
  const consider = (c: Choice): void => {
    if (!best) { best = c; return; }
    const b: Choice = best;
    const better = (c.modal > 1 && b.modal <= 1) ||
      (c.modal > 1 === b.modal > 1 && c.share > b.share + 1e-9);
    if (better) best = c;
  };
  for (const delim of candidates) {
    const dq = tokenizeSample(text, delim, '"', complete);
    const cq = consistency(dq);
    let choice: Choice = { delim, quote: '"', table: dq, ...cq };
    if (countQuoted(dq) === 0) {
      const sq = tokenizeSample(text, delim, "'", complete);
      const cs = consistency(sq);
      if (countQuoted(sq) > 0 && cs.share >= cq.share && cs.modal === cq.modal) choice = { delim, quote: "'", table: sq, ...cs };
    }
    consider(choice);
  }
  let chosen = best as unknown as Choice;
  // European files separate with ';' and write decimal commas: both ',' and ';' split consistently.
  if (chosen.delim === ',' && candidates.length > 1) {
    const semi = tokenizeSample(text, ';', '"', complete);
    const cs = consistency(semi);
    if (cs.modal > 1 && cs.share >= chosen.share && commasAreDecimal(text)) {
      chosen = { delim: ';', quote: '"', table: semi, ...cs };
    }
  }
  const { delim, quote, table } = chosen;
  const rows = table.rows;
  const first = rows.find((r) => !isBlank(r)) ?? [];
  const firstIndex = rows.indexOf(first);

  const header = overrides.header ?? detectHeader(rows, firstIndex);
  const dataStart = header ? firstIndex + 1 : firstIndex;

  // A space after every delimiter in every data record (", ").
  let spaced = 0, unspaced = 0;
  for (let r = Math.max(0, dataStart); r < rows.length; r++) {
    const lead = table.lead[r];
    for (let f = 1; f < lead.length; f++) if (lead[f]) spaced++; else unspaced++;
  }
  const spaceAfterDelimiter = forcedSpace ?? (spaced > 0 && unspaced === 0);
  let headerSpace = spaceAfterDelimiter;
  if (header && firstIndex >= 0 && first.length > 1) {
    const lead = table.lead[firstIndex];
    headerSpace = lead.slice(1).every((x) => x);
  }
  const strip = (s: string, doStrip: boolean): string => (doStrip && s.charCodeAt(0) === 32 ? s.slice(1) : s);

  const ncols = first.length;
  const columnNames = header
    // An empty header field is named by its position (column_3), so every column has a name.
    ? first.map((s, f) => (f > 0 ? strip(s, headerSpace) : s)).map((s, f) => (s.trim() === '' ? `column_${f + 1}` : s))
    : Array.from({ length: ncols }, (_, f) => `V${f + 1}`);
  const headerQuoted = header && firstIndex >= 0 ? table.quoted[firstIndex].every((x) => x) : undefined;

  // Quoting: per column, count quoted fields and unquoted fields that are not missing spellings.
  const missing = new Set(DEFAULT_MISSING_TOKENS);
  const qCount = new Array<number>(ncols).fill(0);
  const uCount = new Array<number>(ncols).fill(0);
  const needless = new Array<boolean>(ncols).fill(false);
  const tokenCounts = new Map<string, number>();
  let anyData = false;
  for (let r = Math.max(0, dataStart); r < rows.length; r++) {
    const row = rows[r];
    if (isBlank(row) && ncols > 1) continue;
    anyData = true;
    const qs = table.quoted[r];
    for (let f = 0; f < row.length && f < ncols; f++) {
      const v = f > 0 ? strip(row[f], spaceAfterDelimiter && !qs[f]) : row[f];
      if (qs[f]) {
        qCount[f]++;
        if (v.length > 0 && !v.includes(delim) && !v.includes(quote) && !v.includes('\n') && !v.includes('\r')) needless[f] = true;
      } else if (missing.has(v)) {
        tokenCounts.set(v, (tokenCounts.get(v) ?? 0) + 1);
      } else {
        uCount[f]++;
      }
    }
  }
  let quoting: DelimitedDialect['quoting'] = 'minimal';
  let quotedColumns: string[] | undefined;
  if (anyData) {
    const totalU = uCount.reduce((a, b) => a + b, 0);
    const totalQ = qCount.reduce((a, b) => a + b, 0);
    if (totalQ > 0 && totalU === 0 && qCount.every((c) => c > 0)) {
      // Every value quoted; if missing values were left bare (R's NA), record it per column so
      // the writer leaves them bare too.
      if (tokenCounts.size > 0) { quoting = 'nonnumeric'; quotedColumns = [...columnNames]; }
      else quoting = 'all';
    }
    else {
      const cols: string[] = [];
      let needlessQuoting = false;
      for (let f = 0; f < ncols; f++) {
        if (qCount[f] > uCount[f]) {
          cols.push(columnNames[f]);
          if (needless[f]) needlessQuoting = true;
        }
      }
      if (needlessQuoting) { quoting = 'nonnumeric'; quotedColumns = cols; }
    }
  } else if (headerQuoted) {
    quoting = 'all';
  }
  let missingToken: string | undefined;
  let bestCount = 0;
  for (const [tok, c] of tokenCounts) if (c > bestCount) { bestCount = c; missingToken = tok; }

  const dialect: SniffResult['dialect'] = {
    kind: 'delimited',
    delimiter: delim,
    quote,
    quoting,
    spaceAfterDelimiter,
    header,
    lineEnding: table.lineEnding ?? '\n',
  };
  if (quotedColumns) dialect.quotedColumns = quotedColumns;
  if (missingToken !== undefined && missingToken !== '') dialect.missingToken = missingToken;
  if (header) {
    dialect.headerQuoted = headerQuoted ?? false;
    if (headerSpace !== spaceAfterDelimiter) dialect.headerSpaceAfterDelimiter = headerSpace;
  }
  return { dialect, columnNames };
}

/**
 * A header is present when the first record has no numeric field and a non-empty field where
 * later records are mostly numeric, or, failing that, when its fields are all distinct,
 * non-empty and non-numeric.
 */
function detectHeader(rows: string[][], firstIndex: number): boolean {
  if (firstIndex < 0) return false;
  const first = rows[firstIndex];
  // An empty name does not rule a header out (exports leave unnamed columns blank); all empty does.
  if (first.every((s) => s.trim() === '') || first.some((s) => isNumberLike(s.trim()))) {
    return false;
  }
  const later = rows.slice(firstIndex + 1).filter((r) => !isBlank(r));
  for (let f = 0; f < first.length; f++) {
    let num = 0, non = 0;
    for (const r of later) {
      const v = (r[f] ?? '').trim();
      if (v === '' || DEFAULT_MISSING_TOKENS.includes(v)) continue;
      if (isNumberLike(v)) num++; else non++;
    }
    if (num > 0 && num >= 0.9 * (num + non)) return true;
  }
  if (first.some((s) => s.trim() === '')) return false;
  return new Set(first.map((s) => s.trim())).size === first.length;
}

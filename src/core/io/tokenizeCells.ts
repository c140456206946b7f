/**
 * Splits delimited records held as UTF-8 bytes into cell byte ranges, without making strings:
 * the delimited reader's fast path for the profiler (see {@link CellBatch}). The rules are those
 * of {@link parseChunk} (RFC 4180 quoting, a quote inside an unquoted field is literal, a CR
 * before the LF that ends a record belongs to the line ending, a multi-character delimiter such
 * as ", "), so both paths read every file the same; a test holds them to it.
 */

/** Why tokenizing stopped early. */
export const STOP_NONE = 0;
/** A quoted field is still open at the end of the input. */
export const STOP_UNTERMINATED = 1;
/** Text follows a closing quote. */
export const STOP_MALFORMED = 2;
/** A record has a field count other than the expected width. */
export const STOP_RAGGED = 3;

/** Where a {@link CellTokenizer.tokenize} call stopped (fields reused across calls). */
export interface TokenizeResult {
  /** Byte offset of the first record not taken: an unfinished record, or where an error is. */
  consumed: number;
  /** Records taken into the cell arrays (blank lines are skipped, not taken). */
  rows: number;
  /** Records read, blank lines included (to number the rows of the file). */
  records: number;
  /** One of the STOP_ codes. */
  stop: number;
  /** With STOP_RAGGED: the record's field count. */
  fields: number;
}

/**
 * A tokenizer for one dialect and width. `tokenize` fills `starts`/`ends` (row-major, `width`
 * cells per row) with the cells of the complete records in `b[from, to)`; quoted cells exclude
 * their quotes, and doubled quotes inside them are undone in place (a record's bytes are only
 * rewritten once the whole record has been read, so an unfinished record is left as it was).
 */
export class CellTokenizer {
  starts = new Int32Array(0);
  ends = new Int32Array(0);
  readonly result: TokenizeResult = { consumed: 0, rows: 0, records: 0, stop: STOP_NONE, fields: 0 };
  private readonly d0: number;
  /** Second delimiter byte (the space of ", "), or -1. */
  private readonly d1: number;
  private readonly dl: number;
  private readonly q: number;
  /** Cells of the current record that hold doubled quotes. */
  private readonly escaped: Int32Array;
  private escapedCount = 0;

  /**
   * @param delimiter one ASCII character, or one followed by a space
   * @param quote one ASCII character
   * @param width fields per record
   */
  constructor(delimiter: string, quote: string, readonly width: number) {
    this.d0 = delimiter.charCodeAt(0);
    this.d1 = delimiter.length > 1 ? delimiter.charCodeAt(1) : -1;
    this.dl = delimiter.length;
    this.q = quote.charCodeAt(0);
    this.escaped = new Int32Array(width);
  }

  /** Whether delimiter and quote are single ASCII bytes (or a byte and a space), as this tokenizer needs. */
  static supports(delimiter: string, quote: string): boolean {
    const ascii = (s: string): boolean => s.length > 0 && [...s].every((ch) => ch.charCodeAt(0) < 128);
    return ascii(delimiter) && (delimiter.length === 1 || (delimiter.length === 2 && delimiter[1] === ' ')) && quote.length === 1 && ascii(quote)
      && delimiter[0] !== '\n' && delimiter[0] !== '\r' && quote !== '\n' && quote !== '\r' && quote !== delimiter[0];
  }

  /**
   * Tokenizes records of `b[from, to)` until the input ends, `maxRows` rows are taken, or an
   * error (see {@link TokenizeResult}). Unless `last`, a record not followed by a line ending
   * is left untaken (its bytes may continue in the next read).
   */
  tokenize(b: Uint8Array, from: number, to: number, last: boolean, maxRows: number): TokenizeResult {
    const width = this.width;
    if (this.starts.length < maxRows * width) {
      this.starts = new Int32Array(maxRows * width);
      this.ends = new Int32Array(maxRows * width);
    }
    const starts = this.starts;
    const ends = this.ends;
    const d0 = this.d0;
    const d1 = this.d1;
    const dl = this.dl;
    const q = this.q;
    const res = this.result;
    res.stop = STOP_NONE;
    res.fields = 0;
    let rows = 0;
    let records = 0;
    let p = from;
    const stop = (code: number, at: number): TokenizeResult => {
      res.consumed = at;
      res.rows = rows;
      res.records = records;
      res.stop = code;
      return res;
    };

    while (p < to && rows < maxRows) {
      const recordStart = p;
      const base = rows * width;
      let k = 0; // fields seen in this record
      this.escapedCount = 0;
      for (;;) {
        if (p < to && b[p] === q) {
          // Quoted field: runs to the next quote that is not doubled.
          let j = p + 1;
          let doubled = false;
          for (;;) {
            while (j < to && b[j] !== q) j++;
            if (j >= to) {
              if (!last) return stop(STOP_NONE, recordStart);
              return stop(STOP_UNTERMINATED, recordStart);
            }
            if (j + 1 < to && b[j + 1] === q) {
              doubled = true;
              j += 2;
              continue;
            }
            // A closing quote at the very end may be the first half of a doubled quote.
            if (j + 1 >= to && !last) return stop(STOP_NONE, recordStart);
            break;
          }
          if (k < width) {
            starts[base + k] = p + 1;
            ends[base + k] = j;
            if (doubled) this.escaped[this.escapedCount++] = base + k;
          }
          k++;
          p = j + 1;
          if (p >= to) break; // end of input (last)
          const c = b[p];
          if (c === d0 && (d1 < 0 || (p + 1 < to && b[p + 1] === d1))) {
            p += dl;
            if (p >= to) {
              if (!last) return stop(STOP_NONE, recordStart);
              if (k < width) { starts[base + k] = p; ends[base + k] = p; }
              k++;
              break;
            }
            continue;
          }
          if (c === d0 && d1 >= 0 && p + 1 >= to && !last) return stop(STOP_NONE, recordStart);
          if (c === 10) { p++; break; }
          if (c === 13) {
            if (p + 1 >= to && !last) return stop(STOP_NONE, recordStart);
            if (p + 1 < to && b[p + 1] === 10) { p += 2; break; }
          }
          return stop(STOP_MALFORMED, recordStart);
        }
        // Unquoted field: to the next delimiter or line feed.
        let j = p;
        let c = 0;
        if (d1 < 0) {
          // One-byte delimiter (nearly every file): the tightest loop.
          while (j < to) {
            c = b[j];
            if (c === 10 || c === d0) break;
            j++;
          }
        } else {
          for (; j < to; j++) {
            c = b[j];
            if (c === 10) break;
            if (c === d0) {
              if (j + 1 < to) {
                if (b[j + 1] === d1) break;
              } else if (!last) {
                return stop(STOP_NONE, recordStart); // the space may be in the next read
              }
            }
          }
        }
        if (j >= to) {
          if (!last) return stop(STOP_NONE, recordStart);
          if (k < width) { starts[base + k] = p; ends[base + k] = to; }
          k++;
          p = to;
          break;
        }
        if (c === 10) {
          const end = j > p && b[j - 1] === 13 ? j - 1 : j;
          if (k < width) { starts[base + k] = p; ends[base + k] = end; }
          k++;
          p = j + 1;
          break;
        }
        if (k < width) { starts[base + k] = p; ends[base + k] = j; }
        k++;
        p = j + dl;
        if (p >= to) {
          if (!last) return stop(STOP_NONE, recordStart);
          if (k < width) { starts[base + k] = p; ends[base + k] = p; }
          k++;
          break;
        }
      }
      if (k === width) {
        for (let e = 0; e < this.escapedCount; e++) this.unescape(b, this.escaped[e]);
        rows++;
        records++;
        continue;
      }
      // A line with one empty field (`""` too) is a blank line, skipped as parseChunk's callers do.
      if (k === 1 && ends[base] === starts[base]) {
        records++;
        continue;
      }
      res.fields = k;
      return stop(STOP_RAGGED, recordStart);
    }
    return stop(STOP_NONE, p);
  }

  /** Undoes the doubled quotes of cell i in place, moving its end. */
  private unescape(b: Uint8Array, i: number): void {
    const q = this.q;
    const end = this.ends[i];
    let w = this.starts[i];
    for (let r = w; r < end; r++) {
      const c = b[r];
      b[w++] = c;
      if (c === q) r++; // the second quote of the pair
    }
    this.ends[i] = w;
  }
}

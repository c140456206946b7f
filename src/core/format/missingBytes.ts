/**
 * The rule of {@link isMissing} for a text cell given as UTF-8 bytes `b[start, end)` (the delimited
 * reader's cells), without making its string: a token, also after trimming surrounding whitespace.
 * Built once per column or pass from the job's token set.
 */
export class MissingBytes {
  /** The missing tokens as UTF-8, and the longest one's length in bytes. */
  private readonly tokenBytes: Buffer[] = [];
  private longestToken = 0;
  /** Per ASCII character: bit 1 when some missing token starts with it, bit 2 when it is a token by itself. */
  private readonly tokenStarts = new Uint8Array(128);
  private readonly emptyIsMissing: boolean;

  constructor(private readonly tokens: ReadonlySet<string>) {
    for (const t of tokens) {
      const bytes = Buffer.from(t, 'utf8');
      this.tokenBytes.push(bytes);
      if (bytes.length > this.longestToken) this.longestToken = bytes.length;
      if (t.length > 0 && t.charCodeAt(0) < 128) this.tokenStarts[t.charCodeAt(0)] |= t.length === 1 ? 3 : 1;
    }
    this.emptyIsMissing = tokens.has('');
  }

  /** Whether the text of `b[start, end)` is missing. */
  has(b: Buffer, start: number, end: number): boolean {
    const n = end - start;
    if (n === 0) return this.emptyIsMissing;
    const c0 = b[start];
    // Most cells are longer than every token, or start with a byte no token starts with: no comparison.
    // One printable ASCII character (Y/N flags, codes): the table answers.
    if (n === 1 && c0 > 32 && c0 < 128) return (this.tokenStarts[c0] & 2) !== 0;
    if (n <= this.longestToken && (c0 >= 128 || this.tokenStarts[c0] !== 0) && this.isToken(b, start, end)) return true;
    // Whitespace at either end (rare): trim as String.prototype.trim does, Unicode spaces included.
    return (c0 <= 32 || b[end - 1] <= 32) && this.tokens.has(b.toString('utf8', start, end).trim());
  }

  private isToken(b: Buffer, start: number, end: number): boolean {
    const n = end - start;
    for (const t of this.tokenBytes) {
      if (t.length !== n) continue;
      let i = 0;
      while (i < n && t[i] === b[start + i]) i++;
      if (i === n) return true;
    }
    return false;
  }
}

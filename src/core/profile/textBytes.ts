/**
 * UTF-8 helpers for the profiler's byte path: the delimited reader hands cells over as byte
 * ranges of the file's (UTF-8) bytes, and text from other sources is written into a scratch
 * buffer, so every text cell is classified, hashed and counted from bytes by one code path.
 */

/** Longest text {@link Utf8Scratch.write} copies character by character before handing it to the encoder. */
const ASCII_COPY_MAX = 64;

/** A reusable UTF-8 buffer for one caller; `write` returns it with `length` set. */
export class Utf8Scratch {
  bytes: Buffer = Buffer.allocUnsafeSlow(256);
  length = 0;

  /** Writes `s` as UTF-8 from offset 0 (lone surrogates become U+FFFD, as any UTF-8 encoder does). */
  write(s: string): Buffer {
    const n = s.length;
    // A UTF-16 code unit never takes more than 3 UTF-8 bytes.
    if (n * 3 > this.bytes.length) this.bytes = Buffer.allocUnsafeSlow(Math.max(n * 3, this.bytes.length * 2));
    const bytes = this.bytes;
    if (n <= ASCII_COPY_MAX) {
      // Short ASCII text (most cells): copied here, cheaper than a call into the encoder.
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        bytes[i] = c;
      }
      if (i === n) {
        this.length = n;
        return bytes;
      }
    }
    this.length = bytes.write(s, 0, 'utf8');
    return bytes;
  }
}

/** The text of `b[start, end)` (UTF-8), as a fresh flat string that holds no reference to `b`. */
export function textOf(b: Buffer, start: number, end: number): string {
  return b.toString('utf8', start, end);
}

/** Length in UTF-16 code units (what `String.length` gives) of the valid UTF-8 bytes `b[start, end)`. */
export function utf16Length(b: Uint8Array, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = b[i];
    // Continuation bytes add nothing; a 4-byte sequence is a surrogate pair (two units).
    if ((c & 0xc0) !== 0x80) n += c >= 0xf0 ? 2 : 1;
  }
  return n;
}

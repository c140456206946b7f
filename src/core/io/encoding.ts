import * as iconv from 'iconv-lite';
import type { TextEncodingName } from '../schema';

/** What the first bytes of a text file say about its encoding. */
export interface DetectedEncoding {
  encoding: TextEncodingName;
  /** Whether the file starts with a byte-order mark. */
  bom: boolean;
  /** Bytes to skip before the text (the BOM's length, or 0). */
  bomLength: number;
}

/** Incremental decoder: `write` returns the text completed by this chunk; `end` flushes. */
export interface TextChunkDecoder {
  write(chunk: Uint8Array): string;
  end(): string;
}

/** Raised by a decoder when bytes are not valid in its encoding (caught and reworded by the reader). */
export class UndecodableError extends Error {
  constructor(readonly encoding: TextEncodingName, readonly byteOffset: number) {
    super(`bytes are not valid ${encoding}`);
  }
}

/**
 * Decides the encoding of a text file from its first bytes: a BOM (UTF-8, UTF-16 LE/BE) wins;
 * without one, UTF-16 is recognised by NUL bytes in every other position (ASCII text stored
 * as UTF-16), and any sample that is not valid UTF-8 is read as Windows-1252 (a superset of
 * Latin-1 for printable text, and what spreadsheet exports on Windows use). `forced` overrides
 * detection, but a BOM of that encoding is still skipped.
 */
export function detectEncoding(sample: Uint8Array, forced?: TextEncodingName): DetectedEncoding {
  const b0 = sample[0], b1 = sample[1], b2 = sample[2];
  let bomEnc: TextEncodingName | null = null;
  let bomLength = 0;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) { bomEnc = 'utf-8'; bomLength = 3; }
  else if (b0 === 0xff && b1 === 0xfe) { bomEnc = 'utf-16le'; bomLength = 2; }
  else if (b0 === 0xfe && b1 === 0xff) { bomEnc = 'utf-16be'; bomLength = 2; }
  if (forced) {
    const bom = bomEnc === forced;
    return { encoding: forced, bom, bomLength: bom ? bomLength : 0 };
  }
  if (bomEnc) return { encoding: bomEnc, bom: true, bomLength };

  const n = Math.min(sample.length, 65536) & ~1;
  if (n >= 2) {
    let evenZero = 0, oddZero = 0;
    for (let i = 0; i < n; i += 2) {
      if (sample[i] === 0) evenZero++;
      if (sample[i + 1] === 0) oddZero++;
    }
    const half = n / 2;
    if (oddZero > 0.3 * half && evenZero < 0.05 * half) return { encoding: 'utf-16le', bom: false, bomLength: 0 };
    if (evenZero > 0.3 * half && oddZero < 0.05 * half) return { encoding: 'utf-16be', bom: false, bomLength: 0 };
  }
  try {
    // stream: true so that a multi-byte character cut by the end of the sample is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return { encoding: 'utf-8', bom: false, bomLength: 0 };
  } catch {
    return { encoding: 'windows-1252', bom: false, bomLength: 0 };
  }
}

/**
 * A streaming decoder for `encoding` that throws {@link UndecodableError} on bytes the encoding
 * does not define (invalid UTF-8, an odd trailing byte in UTF-16, the five unassigned
 * Windows-1252 bytes). UTF-8 and UTF-16LE use the built-in TextDecoder (fastest); Windows-1252
 * and UTF-16BE use iconv-lite's streaming decoders; Latin-1 maps bytes to code points directly.
 */
export function createTextDecoder(encoding: TextEncodingName): TextChunkDecoder {
  let offset = 0;
  switch (encoding) {
    case 'utf-8':
    case 'utf-16le': {
      const td = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
      return {
        write(chunk) {
          try {
            const s = td.decode(chunk, { stream: true });
            offset += chunk.length;
            return s;
          } catch {
            throw new UndecodableError(encoding, offset);
          }
        },
        end() {
          try {
            return td.decode();
          } catch {
            throw new UndecodableError(encoding, offset);
          }
        },
      };
    }
    case 'latin1':
      return {
        write: (chunk) => Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1'),
        end: () => '',
      };
    case 'windows-1252':
    case 'utf-16be': {
      const dec = iconv.getDecoder(encoding === 'utf-16be' ? 'utf-16be' : 'windows-1252', { stripBOM: false });
      let odd = 0;
      return {
        write(chunk) {
          const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
          const s = dec.write(buf);
          if (encoding === 'windows-1252') {
            const bad = s.indexOf('\uFFFD');
            if (bad >= 0) throw new UndecodableError(encoding, offset + bad);
          } else {
            odd = (odd + chunk.length) & 1;
          }
          offset += chunk.length;
          return s;
        },
        end() {
          if (odd) throw new UndecodableError(encoding, offset);
          return dec.end() ?? '';
        },
      };
    }
  }
}

/** Encodes text for writing in `encoding` (no BOM; the writer adds it when the dialect has one). */
export function encodeText(text: string, encoding: TextEncodingName): Buffer {
  switch (encoding) {
    case 'utf-8': return Buffer.from(text, 'utf8');
    case 'utf-16le': return Buffer.from(text, 'utf16le');
    case 'latin1': return Buffer.from(text, 'latin1');
    case 'utf-16be': return iconv.encode(text, 'utf-16be', { addBOM: false });
    case 'windows-1252': return iconv.encode(text, 'windows-1252', { addBOM: false });
  }
}

/** The byte-order mark of `encoding` (empty for single-byte encodings). */
export function bomBytes(encoding: TextEncodingName): Buffer {
  switch (encoding) {
    case 'utf-8': return Buffer.from([0xef, 0xbb, 0xbf]);
    case 'utf-16le': return Buffer.from([0xff, 0xfe]);
    case 'utf-16be': return Buffer.from([0xfe, 0xff]);
    default: return Buffer.alloc(0);
  }
}

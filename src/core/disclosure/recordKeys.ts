import { createHash } from 'node:crypto';
import { fmix32, murmurMix } from '../math/hash';
import { treSecret } from './secret';

/** 2^-32: turns a 32-bit hash into a fraction in [0, 1). */
const UNIT = 1 / 4294967296;

/**
 * Record keys for cell-key perturbation (ONS / ABS): each record gets a key in [0, 1) from a keyed
 * hash of its bytes; a cell's key is the sum of its records' keys mod 1. The same records always
 * give the same cell key (so a figure released twice is perturbed the same way: averaging repeated
 * releases gains nothing), and removing one record changes the key of every cell it was in (so the
 * difference of two releases is the difference of two independent perturbations, not the record).
 * The hash is seeded from the TRE's secret: outside the TRE nobody can compute a record's key.
 */
export class RecordKeys {
  private readonly seed: number;
  private readonly labelSeed: number;
  constructor(secret: Buffer = treSecret()) {
    const d = createHash('sha256').update(secret).update('twin-record-keys/1').digest();
    this.seed = d.readInt32LE(0);
    this.labelSeed = d.readInt32LE(4);
  }

  /** The key of the record written as the bytes `b[start, end)` (murmur3 blocks seeded by the secret, murmur3 finaliser). */
  ofBytes(b: Uint8Array, start: number, end: number): number {
    // Four bytes a step (murmur3's block mix): this runs over every byte the profiler reads.
    let h = this.seed;
    let i = start;
    for (; i + 4 <= end; i += 4) h = murmurMix(h, b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24));
    let tail = 0;
    for (let shift = 0; i < end; i++, shift += 8) tail |= b[i] << shift;
    h = murmurMix(h, tail) ^ (end - start);
    return (fmix32(h ^ this.seed) >>> 0) * UNIT;
  }

  /** The key of a record read as text (typed sources: cells joined with a unit separator). */
  ofText(text: string): number {
    let h = 0x811c9dc5 ^ this.seed;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    return (fmix32(h ^ this.seed) >>> 0) * UNIT;
  }

  /** A keyed offset in [0, 1) for a cell's label, so cells resting on the same records get different perturbations. */
  ofLabel(label: string): number {
    let h = 0x811c9dc5 ^ this.labelSeed;
    for (let i = 0; i < label.length; i++) {
      h ^= label.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    return (fmix32(h ^ this.labelSeed) >>> 0) * UNIT;
  }
}

/** x mod 1 in [0, 1). */
export function frac(x: number): number {
  const f = x - Math.floor(x);
  return f >= 1 ? 0 : f;
}

import type { KeyedFingerprint, SourceFingerprint } from '../metadata';
import { keyedDigest } from './secret';

/**
 * The only form of a source's fingerprint that leaves the TRE: HMAC-SHA-256 (keyed with the TRE
 * secret) of its size and SHA-256. It still proves "same file" to the tool inside the TRE (a recipe
 * refuses a changed source), but outside it nobody can confirm a guessed file or a guessed value
 * (the raw size and SHA-256 were an oracle: issue 12, class 6).
 */
export function keyedFingerprint(fp: SourceFingerprint): KeyedFingerprint {
  return { method: 'hmac-sha256', hmac: keyedDigest(`twin-source/1:${fp.bytes}:${fp.sha256}`) };
}

/** Whether two keyed fingerprints name the same file (same method, same digest). */
export function sameFingerprint(a: KeyedFingerprint, b: KeyedFingerprint): boolean {
  return a.method === b.method && a.hmac === b.hmac;
}

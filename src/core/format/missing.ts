import type { RawValue } from './rawValue';

/** Spellings read as "missing" unless the user gives their own list (architecture.md). */
export const DEFAULT_MISSING_TOKENS: readonly string[] = Object.freeze(['', 'NA', 'N/A', 'NULL', '.', '?']);

/** The set form of a token list (defaults to {@link DEFAULT_MISSING_TOKENS}), built once per job. */
export function missingTokenSet(tokens?: readonly string[]): ReadonlySet<string> {
  return new Set(tokens ?? DEFAULT_MISSING_TOKENS);
}

/**
 * Whether a raw cell is missing: null, NaN, an invalid Date, or a string equal to one of the
 * tokens (also after trimming surrounding whitespace, so `" NA "` counts when `NA` does).
 * @example isMissing('NA', missingTokenSet()) // => true
 */
export function isMissing(raw: RawValue, tokens: ReadonlySet<string>): boolean {
  if (raw === null) return true;
  if (typeof raw === 'string') {
    if (tokens.has(raw)) return true;
    const n = raw.length;
    // Only pay for trim() when there is whitespace at either end.
    if (n > 0 && (raw.charCodeAt(0) <= 32 || raw.charCodeAt(n - 1) <= 32)) return tokens.has(raw.trim());
    return false;
  }
  if (typeof raw === 'number') return Number.isNaN(raw);
  if (raw instanceof Date) return Number.isNaN(raw.getTime());
  return false;
}

/**
 * Checks of what a person types for a twin (the editor's input boxes), each returning the
 * message to show, or undefined when the text is fine. Pure, so they are tested in plain Node.
 */

/** Most rows a twin may have. */
export const MAX_ROWS = 100_000_000;

/** Rows: a whole number from 1 to {@link MAX_ROWS}; empty is fine (as many as the real data). */
export function validateRows(text: string): string | undefined {
  const t = text.trim().replace(/[,_ ]/g, '');
  if (t === '') return undefined;
  if (!/^\d+$/.test(t)) return 'Enter a whole number of rows, e.g. 10000.';
  const n = Number(t);
  if (n < 1 || n > MAX_ROWS) return 'Rows must be from 1 to 100,000,000.';
  return undefined;
}

/** Seed: a whole number. */
export function validateSeed(text: string): string | undefined {
  const t = text.trim();
  if (!/^-?\d+$/.test(t) || !Number.isSafeInteger(Number(t))) return 'Enter a whole number, e.g. 1.';
  return undefined;
}

/** ε: a positive number up to 100. */
export function validateEpsilon(text: string): string | undefined {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0) return 'ε must be a positive number, e.g. 1 (smaller is more private, less faithful).';
  if (n > 100) return 'ε above 100 gives no meaningful privacy; use a value up to 100.';
  return undefined;
}

/** Threshold k: a whole number of at least 2. */
export function validateThreshold(text: string): string | undefined {
  const t = text.trim();
  if (!/^\d+$/.test(t) || !Number.isSafeInteger(Number(t)) || Number(t) < 2) return 'Enter a whole number of at least 2, e.g. 10.';
  return undefined;
}

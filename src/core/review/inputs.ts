/**
 * Checks of what a person types for a twin (the editor's input boxes), each returning the
 * message to show, or undefined when the text is fine. Pure, so they are tested in plain Node.
 */
import { t } from '../l10n';

/** Most rows a twin may have. */
export const MAX_ROWS = 100_000_000;

/** Rows: a whole number from 1 to {@link MAX_ROWS}; empty is fine (as many as the real data). */
export function validateRows(text: string): string | undefined {
  const digits = text.trim().replace(/[,_ ]/g, '');
  if (digits === '') return undefined;
  if (!/^\d+$/.test(digits)) return t('Enter a whole number of rows, e.g. 10000.');
  const n = Number(digits);
  if (n < 1 || n > MAX_ROWS) return t('Rows must be from 1 to 100,000,000.');
  return undefined;
}

/** Seed: a whole number. */
export function validateSeed(text: string): string | undefined {
  const whole = text.trim();
  if (!/^-?\d+$/.test(whole) || !Number.isSafeInteger(Number(whole))) return t('Enter a whole number, e.g. 1.');
  return undefined;
}

/** ε: a positive number up to 100. */
export function validateEpsilon(text: string): string | undefined {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0) return t('ε must be a positive number, e.g. 1 (smaller is more private, less faithful).');
  if (n > 100) return t('ε above 100 gives no meaningful privacy; use a value up to 100.');
  return undefined;
}

/** Threshold k: a whole number of at least 2. */
export function validateThreshold(text: string): string | undefined {
  const whole = text.trim();
  if (!/^\d+$/.test(whole) || !Number.isSafeInteger(Number(whole)) || Number(whole) < 2) return t('Enter a whole number of at least 2, e.g. 10.');
  return undefined;
}

/**
 * Errors the engine reports to people. `input` errors (exit 1) name the file
 * and, where it applies, the row and column; `usage` errors (exit 2) are bad
 * command lines. Anything else is a bug and is reported as such.
 */
import { t } from './l10n';

export type TwinErrorKind = 'input' | 'usage' | 'cancelled';

export interface TwinErrorWhere {
  file?: string;
  /** 1-based record number in the file (the header is row 1 when present). */
  row?: number;
  column?: string;
}

export class TwinError extends Error {
  readonly kind: TwinErrorKind;
  readonly where: TwinErrorWhere;
  readonly reason: string;

  constructor(kind: TwinErrorKind, reason: string, where: TwinErrorWhere = {}, options?: { cause?: unknown }) {
    super(formatWhere(where) + oneLine(reason), options);
    this.name = 'TwinError';
    this.kind = kind;
    this.where = where;
    this.reason = reason;
  }
}

/** Bad data or a bad file: exit status 1. */
export function inputError(reason: string, where: TwinErrorWhere = {}, cause?: unknown): TwinError {
  return new TwinError('input', reason, where, cause === undefined ? undefined : { cause });
}

/** Bad command-line use: exit status 2. */
export function usageError(reason: string): TwinError {
  return new TwinError('usage', reason);
}

/** Thrown when an AbortSignal fires; not an error to show the user. */
export function cancelledError(): TwinError {
  return new TwinError('cancelled', 'cancelled');
}

export function isTwinError(e: unknown): e is TwinError {
  return e instanceof TwinError;
}

/** Throws the cancellation error if the signal has fired; call between chunks. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError();
}

function formatWhere(where: TwinErrorWhere): string {
  const parts: string[] = [];
  if (where.file) parts.push(where.file);
  if (where.row !== undefined) parts.push(t('row {0}', where.row));
  if (where.column !== undefined) parts.push(t('column {0}', JSON.stringify(where.column)));
  return parts.length ? parts.join(', ') + ': ' : '';
}

/** Messages are one line: newlines in a reason would break logs and CLI output. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

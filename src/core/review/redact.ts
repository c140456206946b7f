/**
 * Removes cell values that an error message may quote (the core's strict readers say
 * `value "…" does not match the column's type`), so a log never holds data values even
 * when a message does. Column names, file names and counts are kept.
 * @example redactValues('row 5, column "age": value "12a" does not match') // => 'row 5, column "age": value "…" does not match'
 */
export function redactValues(text: string): string {
  return text.replace(/\b(values?|token|cell)\s+"(?:[^"\\]|\\.)*"/gi, '$1 "…"');
}

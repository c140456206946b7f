/**
 * Escapers for data-derived values (column names, categories, dataset names) entering a
 * release document. The templates are rendered with mustache, whose `{{name}}` escaping is
 * replaced by the escaper of the output's language: a value can never become Markdown markup,
 * HTML, a link, a keep-region marker, template syntax or code.
 */

import { spreadsheetSafeText } from '../io';

/**
 * Escapes a value for Markdown text, inline or in a table cell (CommonMark + GitHub Flavored
 * Markdown):
 * - line breaks and control characters become spaces (a value stays on its line and in its cell);
 * - `&`, `<`, `>` become entities, so no HTML, autolink `<…>`, comment or keep-region marker survives;
 * - `\` `` ` `` `*` `[` `]` `|` `{` `}` `#` `!` `~` `$` are backslash-escaped (no emphasis, code, link,
 *   image, table cell break, template syntax `{{`, heading, strikethrough or maths), and `_` too
 *   where it could open or close emphasis (not inside words, so `length_of_stay` stays readable);
 * - bare URLs (`scheme://`, `www.`) are broken so GFM does not autolink them;
 * - a leading formula character (`=`, `+`, `-`, `@`) is preceded by `'`, as spreadsheets expect, unless
 *   the value is a plain number (a figure such as −0.42 is rendered as the number it is).
 */
export function escapeMarkdown(value: unknown): string {
  let s = valueText(value);
  s = s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
  s = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  s = s.replace(/[\\`*[\]|{}#!~$]/g, '\\$&');
  s = s.replace(/_/g, (m, offset: number, whole: string) => (isWordChar(whole[offset - 1]) && isWordChar(whole[offset + 1]) ? m : '\\_'));
  s = s.replace(/\b([A-Za-z][A-Za-z0-9+.-]*):(?=\/\/)/g, '$1\\:');
  s = s.replace(/\b(www)\./gi, '$1\\.');
  return spreadsheetSafeText(s);
}

/**
 * Escapes a value for the inside of a double-quoted Python string literal (or a `#` comment):
 * backslash, quotes, and every non-printable or non-ASCII character (and `{ } < > #`) as `\uXXXX`,
 * so the file is pure ASCII and no value can end the string or the line.
 */
export function escapePythonString(value: unknown): string {
  return escapeCodeString(valueText(value), (cp) => (cp <= 0xffff ? `\\u${hex(cp, 4)}` : `\\U${hex(cp, 8)}`));
}

/**
 * Escapes a value for the inside of a double-quoted R string literal (or a `#` comment): as for
 * Python, with R's `\u{XXXX}` escapes for anything non-printable or non-ASCII.
 */
export function escapeRString(value: unknown): string {
  return escapeCodeString(valueText(value), (cp) => `\\u{${cp.toString(16)}}`);
}

/** The escaper for an output file, by its extension: Python, R, or Markdown for everything else. */
export function escaperFor(fileName: string): (value: unknown) => string {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.py')) return escapePythonString;
  if (lower.endsWith('.r')) return escapeRString;
  return escapeMarkdown;
}

function escapeCodeString(s: string, unicode: (codePoint: number) => string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === "'") out += "\\'";
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    // Braces, angle brackets and '#' too: no template syntax (`{{`, `<%`) and no keep-region marker (`# twin:keep:`) from data.
    else if (cp < 0x20 || cp >= 0x7f || ch === '{' || ch === '}' || ch === '<' || ch === '>' || ch === '#') out += unicode(cp);
    else out += ch;
  }
  return out;
}

function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : String(value);
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/**
 * The dashboard as one self-contained, offline HTML file (evaluation.html), and
 * the HTML shell of the VS Code webview. Both load the same bundle
 * (dist/webview/main.js + main.css, built from webview/main.ts). Pure string
 * building; `loadWebviewAssets` is the only function that touches the disk.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Released } from '../disclosure/released';
import { releasedValue } from '../disclosure/released';
import { NOT_FOR_RELEASE, type EvaluationReport } from '../evaluate/report';
import { inputError } from '../errors';
import { currentLanguage, t } from '../l10n';

/** The dashboard bundle's script and stylesheet text. */
export interface WebviewAssets {
  script: string;
  style: string;
}

/**
 * The full evaluation as HTML, for the analyst inside the TRE (`twin evaluate --html`, the editor):
 * labelled "not for release" in its title and in the page, whatever the report says of itself.
 * A release pack writes {@link renderReleasedEvaluationHtml} instead.
 */
export function renderEvaluationHtml(report: EvaluationReport, assets: WebviewAssets): string {
  return renderHtml({ ...report, release: NOT_FOR_RELEASE }, assets, t('Not for release — synthetic twin evaluation'));
}

/**
 * The released evaluation as HTML (a release pack's evaluation.html): only a report that passed
 * the disclosure-control layer (`protectEvaluation`) is accepted.
 * @throws Error (internal) for a value the layer did not make.
 */
export function renderReleasedEvaluationHtml(report: Released<EvaluationReport>, assets: WebviewAssets): string {
  return renderHtml(releasedValue(report, 'the evaluation'), assets, t('Released synthetic twin evaluation'));
}

/**
 * Renders an evaluation report as one HTML file that opens from disk with no
 * network: the bundle's script and style are inline and allowed by a strict
 * Content-Security-Policy that names their SHA-256 hashes (nothing else may run
 * or load), and the report travels as JSON in a non-executable
 * `<script type="application/json" id="twin-report">` with `<`, `>`, `&`,
 * U+2028 and U+2029 escaped, so no data string can end the element.
 *
 * The title says whether the report may leave the TRE.
 */
function renderHtml(report: EvaluationReport, assets: WebviewAssets, heading: string): string {
  const script = safeInline(assets.script, 'script');
  const style = safeInline(assets.style, 'style');
  const csp = [
    `default-src 'none'`,
    `script-src '${sha256Source(script)}'`,
    `style-src '${sha256Source(style)}'`,
    `img-src data:`,
    `base-uri 'none'`,
    `form-action 'none'`,
  ].join('; ');
  const title = `${heading} — ${report.inputs.synthetic.file}`;
  return [
    '<!DOCTYPE html>',
    // The page's language is the catalogue's: the bundle reads it back to draw its labels.
    `<html lang="${currentLanguage()}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeText(title)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    '<div id="app"></div>',
    `<noscript><p>${escapeText(heading)}. ${escapeText(t('This report is drawn by JavaScript contained in this file. The figures are in the JSON below and in evaluation.json.'))}</p></noscript>`,
    `<script type="application/json" id="twin-report">${serializeJsonForHtml(report)}</script>`,
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Inputs of the VS Code webview page. */
export interface WebviewHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random nonce per page load (base64 / base64url characters only). */
  nonce: string;
  /** `webview.asWebviewUri` of dist/webview/main.js. */
  scriptUri: string;
  /** `webview.asWebviewUri` of dist/webview/main.css. */
  styleUri: string;
  /** Page title (defaults to "Synthetic Twin"). */
  title?: string;
}

/**
 * The HTML page of the dashboard webview inside VS Code: one bundled script
 * allowed by nonce, one stylesheet from the extension, strict CSP (STYLE.md §4:
 * no 'unsafe-inline', no eval, nothing remote). The state arrives by message
 * (`ready` → `init`), never in the HTML.
 *
 * @throws Error when the nonce holds characters other than base64 / base64url.
 */
export function renderWebviewHtml(o: WebviewHtmlOptions): string {
  if (!/^[A-Za-z0-9+/_-]{16,}={0,2}$/.test(o.nonce)) throw new Error('webview nonce must be at least 16 base64 characters');
  const csp = [
    `default-src 'none'`,
    `img-src ${o.cspSource} data:`,
    `style-src ${o.cspSource}`,
    `font-src ${o.cspSource}`,
    `script-src 'nonce-${o.nonce}'`,
    `base-uri 'none'`,
    `form-action 'none'`,
  ].join('; ');
  return [
    '<!DOCTYPE html>',
    `<html lang="${currentLanguage()}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeText(o.title ?? t('Synthetic Twin'))}</title>`,
    `<link rel="stylesheet" href="${escapeAttribute(o.styleUri)}">`,
    '</head>',
    '<body>',
    '<div id="app"></div>',
    `<script nonce="${escapeAttribute(o.nonce)}" src="${escapeAttribute(o.scriptUri)}"></script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * Reads the dashboard bundle from a build folder: `main.js` and `main.css`
 * (esbuild writes the stylesheet imported by webview/main.ts beside the script).
 * The CLI passes `path.join(__dirname, 'webview')` since dist/cli.js lives in dist/.
 *
 * @throws TwinError('input') naming the file when the bundle is missing (run `npm run build`).
 */
export function loadWebviewAssets(distDir: string): WebviewAssets {
  const scriptPath = path.join(distDir, 'main.js');
  const stylePath = path.join(distDir, 'main.css');
  if (!existsSync(scriptPath)) throw inputError(t('dashboard bundle not found; build it with `npm run build`'), { file: scriptPath });
  return {
    script: readFileSync(scriptPath, 'utf8'),
    style: existsSync(stylePath) ? readFileSync(stylePath, 'utf8') : '',
  };
}

/**
 * JSON for a `<script type="application/json">` element: `<`, `>` and `&` become
 * \u003c, \u003e, \u0026 (so `</script>` or `<!--` in a value cannot end or
 * confuse the element), and U+2028/U+2029 become escapes. JSON.parse reads the
 * result back unchanged.
 */
export function serializeJsonForHtml(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The CSP source expression `sha256-<base64>` of an inline element's exact text. */
export function sha256Source(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

/**
 * Guards inline code against ending its element early: `</script` / `</style`
 * become `<\/script` / `<\/style` (the same string in JS and CSS escapes), and
 * `<!--` becomes `<\!--` (which would otherwise switch the HTML parser's
 * script-data state).
 */
function safeInline(text: string, tag: 'script' | 'style'): string {
  const end = new RegExp(`</(${tag})`, 'gi');
  return text.replace(end, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** For double-quoted attribute values (every attribute here is double-quoted, so `'` may stay as is). */
function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}

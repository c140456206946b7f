/**
 * The one message catalogue of the tool (issue 18): English is the source text in the code,
 * `l10n/bundle.l10n.cy.json` maps each English message to Welsh. The extension host, the worker,
 * the CLI and the webview all translate through `t` (the `@vscode/l10n` runtime, which VS Code's
 * own `vscode.l10n` bundles use too), so one file holds every Welsh string.
 *
 * Messages take `{0}`, `{1}`… placeholders; a translation must keep the same ones (a unit test
 * checks every pair).
 */
import * as l10n from '@vscode/l10n';
import { welshCatalogue } from './catalogue';

export const LANGUAGES = ['en', 'cy'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language's catalogue, read when it is chosen (English is the text in the code). */
const BUNDLES: Record<Language, () => Record<string, string>> = { en: () => ({}), cy: welshCatalogue };

let current: Language = 'en';

/** Translates `message` (English) into the current language, filling `{0}`… with `args`. */
export function t(message: string, ...args: Array<string | number | boolean>): string {
  return l10n.t(message, ...args);
}

/** Chooses the language every later `t` call answers in. */
export function setLanguage(language: Language): void {
  current = language;
  l10n.config({ contents: BUNDLES[language]() });
}

/** The language `t` currently answers in. */
export function currentLanguage(): Language {
  return current;
}

/** `cy`, `cy-GB`, `cy_GB.UTF-8` → 'cy'; `en…` → 'en'; anything else undefined. */
export function languageOfLocale(locale: string | undefined): Language | undefined {
  const tag = locale?.trim().toLowerCase();
  if (!tag) return undefined;
  if (/^cy([-_.@]|$)/.test(tag)) return 'cy';
  if (/^en([-_.@]|$)/.test(tag)) return 'en';
  return undefined;
}

/**
 * The language a POSIX environment asks for: the first of LC_ALL, LC_MESSAGES and LANG that
 * is set decides (their usual precedence); Welsh when it starts with `cy`, else English.
 */
export function languageOfEnvironment(env: Record<string, string | undefined>): Language {
  const chosen = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v.trim() !== '');
  return languageOfLocale(chosen) === 'cy' ? 'cy' : 'en';
}

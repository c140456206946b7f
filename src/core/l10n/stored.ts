/**
 * Sentences the core STORES in files — evaluation readings and notes, disclosure-flag reasons,
 * control details, method summaries — stay English in the file: evaluation.json, metadata.json and
 * a recipe are the same in every language, and a sign-off's digest covers their bytes. They are
 * shown in the reader's language where they are shown (the dashboard, evaluation.html, the CLI).
 *
 * This module is the one place that knows how: the core writes each such sentence with
 * `english(template, …args)`, the template being a catalogue message (the catalogue test collects
 * `english('…')` templates as it collects `t('…')` messages, so each has its Welsh); `shown(text)`
 * finds the template a stored sentence was made from — the whole text matched against the
 * catalogue's English templates, each placeholder standing for any text — and fills the
 * template's translation with the same arguments, each itself shown. Nothing is added to the files,
 * so a file written before this module (or by another language's run) is shown the same way, and a
 * sentence no template makes (an old wording, data) is shown as stored.
 *
 * A template is looked for only when it has MIN_LETTERS letters of its own, or when each of its
 * placeholders is a quoted name (“{0}” and “{1}”): a bare column name or number passed as an
 * argument is then never mistaken for a message ("Mean" stays "Mean"). A quoted placeholder holds
 * a name, shown as it is ("“this column”" is a column so named).
 */
import { welshCatalogue } from './catalogue';
import { currentLanguage, type Language } from './index';

type Arg = string | number | boolean;

const PLACEHOLDER = /\{(\d+)\}/g;

/**
 * The English sentence of `template` with `{0}`, `{1}`… filled: what the core stores. The same
 * filling as the catalogue's `t`, but never translated.
 */
export function english(template: string, ...args: Arg[]): string {
  return args.length === 0 ? template : template.replace(PLACEHOLDER, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));
}

/** A template needs this many letters of its own (placeholders left out) to be looked for. */
export const MIN_LETTERS = 8;

/** `order`: the placeholder of each capture group; `names`: those quoted (“{0}”), whose text is a name, never a message. */
interface Template { en: string; translated: string; re: RegExp; order: number[]; names: Set<number>; cue: string; own: number }

const CATALOGUES: Partial<Record<Language, () => Record<string, string>>> = { cy: welshCatalogue };
const compiled = new Map<Language, { exact: Map<string, string>; templates: Template[] }>();

const letters = (s: string): number => s.match(/\p{L}/gu)?.length ?? 0;
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compile(language: Language): { exact: Map<string, string>; templates: Template[] } {
  const done = compiled.get(language);
  if (done) return done;
  const exact = new Map<string, string>();
  const templates: Template[] = [];
  for (const [en, translated] of Object.entries(CATALOGUES[language]?.() ?? {})) {
    const parts = en.split(/(\{\d+\})/);
    const own = letters(parts.filter((_, i) => i % 2 === 0).join(''));
    if (parts.length === 1) {
      if (own >= MIN_LETTERS) exact.set(en, translated);
      continue;
    }
    const quoted = (i: number): boolean => parts[i - 1].endsWith('“') && parts[i + 1].startsWith('”');
    const names = new Set(parts.flatMap((p, i) => (i % 2 === 1 && quoted(i) ? [Number(p.slice(1, -1))] : [])));
    const quotedOnly = parts.every((_, i) => i % 2 === 0 || quoted(i));
    if (own < MIN_LETTERS && !quotedOnly) continue;
    const order: number[] = [];
    const source = parts.map((p, i) => {
      if (i % 2 === 0) return escape(p);
      const n = Number(p.slice(1, -1));
      // A placeholder used twice must hold the same text both times.
      const seen = order.indexOf(n);
      if (seen >= 0) return `\\${seen + 1}`;
      order.push(n);
      return '([\\s\\S]*?)';
    }).join('');
    const literals = parts.filter((_, i) => i % 2 === 0);
    const cue = literals.reduce((a, b) => (b.length > a.length ? b : a), '');
    templates.push({ en, translated, re: new RegExp(`^${source}$`), order, names, cue, own: literals.join('').length });
  }
  // The most specific template first: the one with the most text of its own.
  templates.sort((a, b) => b.own - a.own || (a.en < b.en ? -1 : 1));
  const out = { exact, templates };
  compiled.set(language, out);
  return out;
}

/**
 * `text`, a sentence the core stored in English, in the current language: the translation of the
 * catalogue template it was made from with its arguments (each shown in turn), or `text` itself
 * when the language is English or no template makes it.
 */
export function shown(text: string): string {
  const language = currentLanguage();
  return language === 'en' || text === '' ? text : translate(text, compile(language), 0);
}

function translate(text: string, c: { exact: Map<string, string>; templates: Template[] }, depth: number): string {
  const whole = c.exact.get(text);
  if (whole !== undefined) return whole;
  // Arguments are names, numbers and the smaller sentences a template was composed of.
  if (depth > 4) return text;
  for (const tpl of c.templates) {
    if (!text.includes(tpl.cue)) continue;
    const m = tpl.re.exec(text);
    if (!m) continue;
    const args: string[] = [];
    tpl.order.forEach((n, i) => { args[n] = tpl.names.has(n) ? m[i + 1] : translate(m[i + 1], c, depth + 1); });
    return tpl.translated.replace(PLACEHOLDER, (p, i: string) => args[Number(i)] ?? p);
  }
  return text;
}

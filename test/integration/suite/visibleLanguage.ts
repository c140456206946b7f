/**
 * Which catalogue messages a view shows, in which language (issue 18: "the visible strings of each
 * view come from the right language"). Pure, so it is unit-tested (test/unit/l10n/visibleLanguage.test.ts)
 * and used by the integration suite on the text the browser half reads from the dashboard.
 *
 * The catalogue is l10n/bundle.l10n.cy.json: English message → Welsh. Only pairs whose two sides
 * differ say anything about the language. A message is found in a view when
 * - it has no placeholder and is one word or a few letters ("Rows", "Go iawn"): a segment of the view
 *   (a line of its visible text, an aria-label, a placeholder) is exactly that — a bare word inside a
 *   sentence or a data value proves nothing;
 * - otherwise: its words appear, whole, within a segment, each placeholder standing for any text.
 *   Templates with fewer than MIN_LETTERS letters of their own ("{0} of {1}") are not looked for.
 * Text is read as drawn: badges and eyebrows come upper-cased by the stylesheet, so the expected
 * language's messages are found in any case, and the other's in their own case or in capitals. The expected language's messages are found first and blanked out, so a Welsh sentence that
 * quotes an English command title ("Rhedwch “Synthetic Twin: Profile Dataset” …") or carries an
 * English data value in a placeholder does not count as English.
 */

export type Language = 'en' | 'cy';

export interface LanguageCheck {
  /** Messages of the expected language found (English source text, to name them). */
  expected: string[];
  /** Messages of the other language found outside those: each is a string shown in the wrong language. */
  other: string[];
  /** The segment each of `other` was found in. */
  where: Record<string, string>;
  /**
   * Segments of four or more words left once the expected language's messages are blanked out:
   * sentences the catalogue does not hold (text made outside it, or data), for a person to read.
   */
  unmatched: string[];
}

/** A template needs this many letters of its own to be looked for inside a longer text. */
export const MIN_LETTERS = 8;

interface Pattern { en: string; text: string; re: RegExp; strict: RegExp; exact: string | null }

/**
 * Where a message the dashboard composes into a longer line starts and ends: the line's ends, a tab
 * (table cells), a separator (" · ", " — ", "; "), a sentence's end or a bracket. A match elsewhere
 * is a few words of a longer sentence the catalogue does not hold (listed in `unmatched` instead).
 */
const PIECE_START = '(?<=^|\\t|[·—|;:.!?(]\\s*|\\u0000\\s*)';
const PIECE_END = '(?=\\s*(?:$|\\t|[·—|;:.!?)]|\\u0000))';
/**
 * A placeholder's value within a piece: a name or a number of at most three words (dots and colons
 * inside a word, no separator), not a clause — "{0} and {1} percentiles" must not take "and no
 * nearer than the 1st" as its {0}.
 */
const VALUE_WORD = '(?:[^\\s·;!?()\\u0000.:]|[.:](?=\\S))+';
const PIECE_VALUE = `${VALUE_WORD}(?: ${VALUE_WORD}){0,2}?`;

const LETTERS = /\p{L}/gu;
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function pattern(en: string, text: string): Pattern | null {
  const trimmed = text.trim();
  const placeholders = /\{\w+\}/.test(trimmed);
  const own = trimmed.replace(/\{\w+\}/g, '').match(LETTERS)?.length ?? 0;
  if (!placeholders && (!/\s/.test(trimmed) || own < MIN_LETTERS)) return { en, text: trimmed, re: /^$/, strict: /^$/, exact: trimmed.toLowerCase() };
  if (own < MIN_LETTERS) return null;
  const parts = trimmed.split(/(\{\w+\})/);
  const body = parts.map((part) => (/^\{\w+\}$/.test(part) ? '.+?' : escape(part))).join('');
  const pieceBody = parts.map((part) => (/^\{\w+\}$/.test(part) ? PIECE_VALUE : escape(part))).join('');
  // Whole words: no letter or digit right before or after.
  return { en, text: trimmed, re: new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'iu'), strict: new RegExp(`${PIECE_START}${pieceBody}${PIECE_END}`, 'iu'), exact: null };
}

/** The patterns of one side of the catalogue, longest first (a long message is blanked before its parts). */
function patterns(catalogue: Record<string, string>, language: Language): Pattern[] {
  const out: Pattern[] = [];
  for (const [en, cy] of Object.entries(catalogue)) {
    if (en.trim() === cy.trim() || en.includes('\n')) continue;
    const p = pattern(en, language === 'en' ? en : cy);
    if (p) out.push(p);
  }
  return out.sort((a, b) => (b.exact ?? b.re.source).length - (a.exact ?? a.re.source).length);
}

/**
 * Finds patterns in `segments`. The expected language's (`blank`): anywhere in a segment, whole words,
 * each match blanked out. The other language's: only as a whole piece of a segment (PIECE_START/END).
 */
function find(segments: string[], ps: Pattern[], blank: boolean): { found: string[]; rest: string[]; where: Record<string, string> } {
  const found = new Set<string>();
  const where: Record<string, string> = {};
  const rest = segments.map((s) => s.trim());
  for (const p of ps) {
    for (let i = 0; i < rest.length; i++) {
      if (p.exact !== null) {
        if (blank ? rest[i].toLowerCase() === p.exact : sameAsDrawn(rest[i], p.text)) {
          found.add(p.en);
          where[p.en] ??= rest[i];
          if (blank) rest[i] = '';
        }
      } else if (blank ? p.re.test(rest[i]) : strictMatch(rest[i], p)) {
        found.add(p.en);
        where[p.en] ??= rest[i];
        if (blank) rest[i] = rest[i].replace(new RegExp(p.re.source, 'giu'), ' \u0000 ');
      }
    }
  }
  return { found: [...found].sort(), rest, where };
}

/** `drawn` is `text` as written, or upper-cased by the stylesheet. */
function sameAsDrawn(drawn: string, text: string): boolean {
  return drawn === text || (drawn === drawn.toUpperCase() && drawn === text.toUpperCase());
}

/** A whole-piece match of the other language's message: its own words in their case, or all in capitals. */
function strictMatch(segment: string, p: Pattern): boolean {
  for (const m of segment.matchAll(new RegExp(p.strict.source, 'giu'))) {
    const own = p.text.split(/\{\w+\}/).filter((x) => x !== '');
    if (own.every((w) => m[0].includes(w)) || m[0] === m[0].toUpperCase()) return true;
  }
  return false;
}

/**
 * The expected language's messages in `segments`, and the other language's messages left once
 * those are blanked out.
 */
export function checkLanguage(segments: string[], catalogue: Record<string, string>, expected: Language): LanguageCheck {
  const mine = find(segments, patterns(catalogue, expected), true);
  const other = find(mine.rest, patterns(catalogue, expected === 'en' ? 'cy' : 'en'), false);
  const unmatched = [...new Set(mine.rest.filter((x) => (x.match(/\p{L}{2,}/gu)?.length ?? 0) >= 4))];
  return { expected: mine.found, other: other.found, where: other.where, unmatched };
}

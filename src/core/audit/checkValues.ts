import { extremesOf, personsBetween, writtenForm, type RealFacts } from './realFacts';
import { StringMatcher, type Match } from './matcher';
import type { AuditCheck, AuditFinding } from './types';
import type { JsonSite } from './walkJson';

/** A real string the pack must not carry, and why. */
interface Sensitive { check: AuditCheck; column: string | null; why: string }

/**
 * The real values no released file may name: every value of an identifying column, every
 * category or text value held by fewer than k persons, the source's SHA-256, and the written
 * form of an extreme held by fewer than k persons. Looked for as whole strings (a JSON string,
 * a twin cell) and as tokens inside text.
 */
export class SensitiveValues {
  private readonly exact = new Map<string, Sensitive>();
  private readonly matcher: StringMatcher;
  private readonly infos: Sensitive[] = [];
  /** Real values held by at least k persons in a column that does not identify: publishable as a whole. */
  private readonly common = new Set<string>();
  /** Patterns below this index are sensitive; the rest are common values. */
  private readonly sensitiveCount: number;

  constructor(private readonly facts: RealFacts) {
    const k = facts.k;
    const inText: string[] = [];
    const add = (value: string, s: Sensitive, searchable: boolean): void => {
      if (!this.exact.has(value)) this.exact.set(value, s);
      if (searchable) {
        inText.push(value);
        this.infos.push(s);
      }
    };
    for (const [name, col] of facts.columns) {
      if (col.values) {
        for (const [value, persons] of col.values) {
          const v = value.trim();
          if (v === '') continue;
          if (col.identifying) add(v, { check: 'identifier', column: name, why: `a real value of the identifying column ${JSON.stringify(name)}` }, searchableInText(v));
          else if (persons >= k) this.common.add(v);
          else add(v, { check: 'rare-value', column: name, why: `a real value of ${JSON.stringify(name)} held by fewer than ${k} persons` }, searchableInText(v) && !isPlainWord(v));
        }
      } else {
        const ext = extremesOf(col);
        if (!ext) continue;
        for (const [which, x] of [['minimum', ext.min], ['maximum', ext.max]] as const) {
          if (personsBetween(col, x, x) >= k) continue;
          const written = writtenForm(col, x);
          // Short numbers (ages, counts, 0.00) occur in any text by chance; dates and long figures do not.
          if (distinctive(written)) {
            add(written, { check: 'exact-extreme', column: name, why: `the exact real ${which} of ${JSON.stringify(name)} (held by fewer than ${k} persons)` }, true);
          }
        }
      }
    }
    add(facts.fingerprint.sha256, { check: 'fingerprint', column: null, why: 'the raw SHA-256 of the real data file (an oracle for guessed records)' }, true);
    // Common values are looked for too, so that a rare value inside one ("Asthma" in "Asthma screening") is not taken for itself.
    this.sensitiveCount = inText.length;
    for (const v of this.common) if (searchableInText(v) && !this.exact.has(v)) inText.push(v);
    this.matcher = new StringMatcher(inText);
  }

  /** Findings for one string of a JSON file (a value or a key). */
  checkJsonString(value: string, site: JsonSite, file: string, out: AuditFinding[]): void {
    const v = value.trim();
    const whole = this.exact.get(v) ?? this.exact.get(v.toLowerCase());
    if (whole && (whole.column === site.column || wholeStringCounts(v, whole))) {
      out.push(finding(whole, file, site.path, `names ${whole.why}`));
      return;
    }
    // A published category that merely contains a rarer one ("Asthma" in "Asthma screening") names only itself.
    if (this.common.has(v)) return;
    for (const m of this.sensitiveMatches(value)) {
      const s = this.infos[m.pattern];
      if (this.matcher.patterns[m.pattern] === v) continue;
      out.push(finding(s, file, site.path, `contains ${s.why}`));
    }
  }

  /** Sensitive values found as tokens, leaving out those inside a common value found at the same place. */
  private sensitiveMatches(text: string): Match[] {
    const all = this.matcher.findTokens(text);
    const safe = all.filter((m) => m.pattern >= this.sensitiveCount);
    return all.filter((m) => m.pattern < this.sensitiveCount && !safe.some((c) => c.start <= m.start && c.end >= m.end && c.end - c.start > m.end - m.start));
  }

  /** Findings for a text file, by line. */
  checkText(text: string, file: string, out: AuditFinding[]): void {
    const lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
    const seen = new Set<string>();
    for (const m of this.sensitiveMatches(text)) {
      const line = upperBound(lineStarts, m.start);
      const key = `${line}:${m.pattern}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const s = this.infos[m.pattern];
      out.push(finding(s, file, `line ${line}`, `contains ${s.why}`));
    }
  }
}

function finding(s: Sensitive, file: string, where: string, message: string): AuditFinding {
  return { check: s.check, severity: 'fail', file, where, ...(s.column !== null ? { column: s.column } : {}), message };
}

/**
 * Values worth looking for inside longer text: long enough not to occur by chance. Short
 * numbers (row IDs 1–99999) and one- to three-letter codes are found only as whole strings.
 */
function searchableInText(v: string): boolean {
  if (/^\d+$/.test(v)) return v.length >= 6;
  return v.length >= 4;
}

/** A written number with at least four significant digits, or a date-like form (2019-03-07). */
function distinctive(written: string): boolean {
  if (!/^[-+]?[\d.,]+$/.test(written)) return written.length >= 4;
  return written.replace(/[-+.,]/g, '').replace(/^0+/, '').length >= 4;
}

/**
 * A category that is one short ordinary word ("other", "native", "Unknown") cannot be told from
 * prose: such rare values are found as whole strings (a JSON value, a twin cell), not inside
 * text. Identifier values (names included) are always looked for.
 */
function isPlainWord(v: string): boolean {
  return /^\p{L}{1,8}$/u.test(v);
}

/**
 * A whole JSON string equal to a real value counts anywhere unless it is a short code or number,
 * or a plain word (a label "Other" of one column does not name the rare race "other" of another).
 */
function wholeStringCounts(v: string, s: Sensitive): boolean {
  if (/^-?[\d.]+$/.test(v)) return v.length >= 6;
  if (s.check === 'rare-value' && isPlainWord(v)) return false;
  return v.length >= 3;
}

function upperBound(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

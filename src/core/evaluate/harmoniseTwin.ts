import type { JobContext } from '../context';
import { isMissing, parseDate, parseNumberFast, parseValue } from '../format';
import type { DatasetSource, RawValue } from '../io/types';
import type { ColumnSpec } from '../schema';
import { normaliseLabel } from './harmonise';
import type { ColumnHarmonisation, HarmoniseWay } from './report';
import type { TwinColumnMatch } from './twinColumns';

export type { ColumnHarmonisation, HarmoniseWay } from './report';

/**
 * Reading a twin another tool wrote (pandas, R, SDV, synthpop) with the real data's schema:
 * each value that does not read under its real column's format is rewritten, when it is
 * another rendering of a value that does, into that value — so a twin round-tripped through
 * pandas scores exactly as the twin itself. What cannot be harmonised is read as missing and
 * counted per column; a column is never refused.
 */

/** Spellings of a missing value other tools write (pandas, R, SQL), besides the user's tokens. */
const OTHER_MISSING = new Set(['', 'NA', 'NaN', 'nan', 'NAN', '<NA>', 'N/A', 'n/a', 'NULL', 'null', 'None', 'NaT', '#N/A', 'na', '.', '?']);
const TRUE_WORDS = new Set(['true', 't', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n', '0']);
/** ISO 8601 as pandas, R, Python and databases write it: date, optional time and fraction, optional UTC mark. */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]00:?00| ?UTC)?$/;
/** Most distinct texts of one column whose outcome is remembered. */
const MAX_REMEMBERED = 100_000;

interface Outcome { value: RawValue; way: HarmoniseWay | null; bad: boolean }
const AS_IS: Outcome = { value: null, way: null, bad: false };

/** Epoch ms (UTC) of an ISO 8601 rendering at UTC, or null. */
function parseIsoUtc(t: string): number | null {
  const m = ISO_DATE.exec(t);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((x) => (x === undefined ? 0 : Number(x)));
  const ms = m[7] ? Number(m[7].padEnd(3, '0').slice(0, 3)) : 0;
  if (h > 23 || mi > 59 || s > 59) return null;
  const at = new Date(Date.UTC(2000, mo - 1, d, h, mi, s, ms));
  at.setUTCFullYear(y);
  // Date.UTC rolls 31 February over into March: such a text is not a date.
  return at.getUTCFullYear() === y && at.getUTCMonth() === mo - 1 && at.getUTCDate() === d ? at.getTime() : null;
}

/** One column's harmoniser: remembers the outcome of each distinct text that needed harmonising, and counts what it did. */
class ColumnHarmoniser {
  harmonised = 0;
  unreadable = 0;
  readonly ways = new Map<HarmoniseWay, number>();
  private readonly memo = new Map<string, Outcome>();
  private readonly categories: ReadonlySet<string> | null;
  /** Real category by its value as a number (`1` for "1"), by its loose label; null when two share it. */
  private readonly byNumber = new Map<number, string | null>();
  private readonly byLabel = new Map<string, string | null>();

  constructor(readonly spec: ColumnSpec, realCategories: readonly string[] | null, private readonly tokens: ReadonlySet<string>) {
    this.categories = realCategories ? new Set(realCategories) : null;
    for (const c of realCategories ?? []) {
      const n = parseNumberFast(c.trim());
      if (Number.isFinite(n)) this.byNumber.set(n, this.byNumber.has(n) ? null : c);
      const key = normaliseLabel(c);
      this.byLabel.set(key, this.byLabel.has(key) ? null : c);
    }
  }

  read(raw: RawValue): RawValue {
    if (raw === null || isMissing(raw, this.tokens)) return raw;
    // The common case, a value that reads as the real column's, costs one read and no memory:
    // a category the real data has as is, any other value as what it reads as.
    if (this.categories) {
      if (typeof raw === 'string' && this.categories.has(raw)) return raw;
    } else {
      const v = parseValue(raw, this.spec);
      if (v !== null) return typeof v === 'number' ? v : raw;
    }
    let outcome: Outcome;
    if (typeof raw === 'string') {
      const known = this.memo.get(raw);
      if (known) outcome = known;
      else {
        outcome = this.outcomeOf(raw);
        if (this.memo.size < MAX_REMEMBERED) this.memo.set(raw, outcome);
      }
    } else {
      outcome = this.outcomeOf(raw);
    }
    if (outcome.bad) { this.unreadable++; return null; }
    if (outcome.way === null) return raw;
    this.harmonised++;
    this.ways.set(outcome.way, (this.ways.get(outcome.way) ?? 0) + 1);
    return outcome.value;
  }

  private outcomeOf(raw: Exclude<RawValue, null>): Outcome {
    const spec = this.spec;
    if (this.categories) {
      // A category: as is when the real data has it (or the twin made a new one), else its real spelling.
      const s = typeof raw === 'string' ? raw : String(parseValue(raw, spec) ?? raw);
      if (this.categories.has(s)) return typeof raw === 'string' ? AS_IS : { value: s, way: null, bad: false };
      const found = this.realCategory(s);
      if (found) return found;
      if (OTHER_MISSING.has(s.trim())) return { value: null, way: 'missing-spelling', bad: false };
      return parseValue(raw, spec) === null ? { value: null, way: null, bad: true } : AS_IS;
    }
    if (parseValue(raw, spec) !== null) return AS_IS;
    if (typeof raw !== 'string') return { value: null, way: null, bad: true };
    const t = raw.trim();
    if (OTHER_MISSING.has(t)) return { value: null, way: 'missing-spelling', bad: false };
    const ok = (value: RawValue, way: HarmoniseWay): Outcome => parseValue(value, spec) === null ? { value: null, way: null, bad: true } : { value, way, bad: false };
    switch (spec.type) {
      case 'integer':
      case 'numeric': {
        const v = parseNumberFast(t);
        if (!Number.isFinite(v)) break;
        if (spec.type === 'integer' && !Number.isInteger(v)) break;
        return ok(v, spec.type === 'integer' && /[.eE]/.test(t) ? 'whole-number-as-decimal' : t !== raw ? 'surrounding-spaces' : 'number-rendering');
      }
      case 'date':
      case 'datetime': {
        const f = spec.format;
        const own = f.kind === 'date' || f.kind === 'datetime' ? parseDate(t, f.pattern) : null;
        if (own !== null) return ok(own, 'surrounding-spaces');
        const ms = parseIsoUtc(t);
        if (ms === null) break;
        // A date written with a time of day is the same date only at midnight.
        if (spec.type === 'date' && ms % 86_400_000 !== 0) break;
        return ok(ms, 'date-rendering');
      }
      default:
        break;
    }
    return { value: null, way: null, bad: true };
  }

  /** The real category (or boolean token) a text spells differently, as an outcome; null when none or several. */
  private realCategory(s: string): Outcome | null {
    const t = s.trim();
    if (t !== s && this.categories!.has(t)) return { value: t, way: 'surrounding-spaces', bad: false };
    const f = this.spec.format;
    if (f.kind === 'boolean') {
      const low = t.toLowerCase();
      // 1.0 and 0.0 (pandas' float rendering of a 0/1 column with missing values) are 1 and 0.
      const n = parseNumberFast(t);
      const word = n === 1 ? '1' : n === 0 ? '0' : low;
      if (low === f.trueToken.toLowerCase() || word === f.trueToken.toLowerCase() || TRUE_WORDS.has(word)) return { value: f.trueToken, way: 'true-false-spelling', bad: false };
      if (low === f.falseToken.toLowerCase() || word === f.falseToken.toLowerCase() || FALSE_WORDS.has(word)) return { value: f.falseToken, way: 'true-false-spelling', bad: false };
    }
    const n = parseNumberFast(t);
    if (Number.isFinite(n)) {
      const c = this.byNumber.get(n);
      if (c) return { value: c, way: Number.isInteger(n) && /[.eE]/.test(t) ? 'whole-number-as-decimal' : 'number-rendering', bad: false };
    }
    const c = this.byLabel.get(normaliseLabel(t));
    if (c) return { value: c, way: 'category-spelling', bad: false };
    return null;
  }

  report(fileColumn: string): ColumnHarmonisation {
    return {
      column: this.spec.name,
      ...(fileColumn !== this.spec.name ? { fileColumn } : {}),
      harmonised: this.harmonised,
      unreadable: this.unreadable,
      ways: [...this.ways].map(([way, count]) => ({ way, count })).sort((a, b) => b.count - a.count || a.way.localeCompare(b.way)),
    };
  }
}

/**
 * A view of the synthetic file under the real column names (per `match`) whose values are
 * harmonised to the real columns' formats (`specs`; `realCategories` gives the real categories
 * of categorical and boolean columns). `report()` gives per-column counts of the last pass.
 */
export function harmonisingSource(
  source: DatasetSource,
  specs: readonly ColumnSpec[],
  match: TwinColumnMatch,
  realCategories: ReadonlyMap<string, readonly string[]>,
  tokens: ReadonlySet<string>,
): { source: DatasetSource; report: () => ColumnHarmonisation[] } {
  const realNameOf = new Map([...match.fileColumnOf].map(([real, file]) => [file, real] as const));
  const columnNames = source.columnNames.map((f) => realNameOf.get(f) ?? f);
  const specByName = new Map(specs.map((s) => [s.name, s] as const));
  let harmonisers: { index: number; file: string; h: ColumnHarmoniser }[] = [];
  const fresh = () => columnNames.flatMap((name, index) => {
    const spec = specByName.get(name);
    if (!spec || match.fileColumnOf.get(name) !== source.columnNames[index]) return [];
    return [{ index, file: source.columnNames[index], h: new ColumnHarmoniser(spec, realCategories.get(name) ?? null, tokens) }];
  });
  const view: DatasetSource = {
    ...source,
    columnNames,
    // Every reader of this view goes through the harmonised batches below.
    cellBatches: undefined,
    batches: async function* (ctx?: JobContext) {
      harmonisers = fresh();
      for await (const batch of source.batches(ctx)) {
        const rows = batch.rows.map((row) => {
          const out = row.slice();
          for (const { index, h } of harmonisers) out[index] = h.read(row[index] ?? null);
          return out;
        });
        yield { ...batch, rows };
      }
    },
  };
  const order = new Map(specs.map((s, i) => [s.name, i] as const));
  return {
    source: view,
    report: () => harmonisers
      .map(({ file, h }) => h.report(file))
      .sort((a, b) => order.get(a.column)! - order.get(b.column)!),
  };
}

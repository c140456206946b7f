import type { DerivedFormula, RecordRule } from './metadata';
import { inputError } from './errors';
import { t } from './l10n';
import type { ColumnData, Table } from './schema';
import { english } from './l10n/stored';

/**
 * What a record rule means, in one place: the formulas of derived columns, and whether a row of a
 * table keeps a rule. The profiler discovers rules with these formulas, the generators enforce
 * them, and evaluation counts violations with them.
 */

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * The limits a natural-range rule may state: 0 below, 1 or 100 above. They come from what the
 * measure is (never negative, a proportion, a percentage), not from any person's value, so a rule
 * that states one publishes no real figure even where a real extreme happens to equal it.
 */
export const NATURAL_RANGE_LIMITS: ReadonlySet<number> = new Set([0, 1, 100]);

/**
 * The derived-column formulas the profiler tries, in order of preference (the first that holds
 * on every record is published): exact arithmetic on numbers, then time between two dates.
 */
export const DERIVED_FORMULAS: readonly DerivedFormula[] = [
  { op: 'difference' },
  { op: 'sum' },
  { op: 'difference', unit: 'calendar-day' },
  { op: 'difference', unit: 'day', rounding: 'floor' },
  { op: 'difference', unit: 'day', rounding: 'round' },
  { op: 'difference', unit: 'day', rounding: 'ceil' },
  { op: 'difference', unit: 'calendar-day', offset: 1 },
  { op: 'difference', unit: 'hour', rounding: 'floor' },
  { op: 'difference', unit: 'hour', rounding: 'round' },
  { op: 'difference', unit: 'minute', rounding: 'floor' },
  { op: 'difference', unit: 'minute', rounding: 'round' },
];

const UNIT_MS = { day: DAY, hour: HOUR, minute: MINUTE } as const;

/** Milliseconds in each unit an order's gap is published in ('value': numbers, as they are). */
export const GAP_UNIT_MS = { day: DAY, hour: HOUR, minute: MINUTE, second: 1000, value: 1 } as const;

/** The value `formula` gives for first value `a` and second value `b` (dates in epoch ms). */
export function deriveValue(formula: DerivedFormula, a: number, b: number): number {
  let v: number;
  if (formula.op === 'sum') v = a + b;
  else if (formula.unit === 'calendar-day') v = Math.floor(b / DAY) - Math.floor(a / DAY);
  else if (formula.unit) {
    const x = (b - a) / UNIT_MS[formula.unit];
    v = formula.rounding === 'floor' ? Math.floor(x) : formula.rounding === 'ceil' ? Math.ceil(x) : Math.round(x);
  } else v = b - a;
  return v + (formula.offset ?? 0);
}

/** Equality of a written value and a computed one, allowing for binary floating point (0.1 + 0.2). */
export function sameValue(written: number, computed: number): boolean {
  const scale = Math.max(1, Math.abs(written), Math.abs(computed));
  return Math.abs(written - computed) <= 1e-9 * scale;
}

/** The formula in words, e.g. "calendar days from admission to discharge". */
export function describeFormula(formula: DerivedFormula, first: string, second: string): string {
  if (formula.op === 'sum') return `${first} + ${second}`;
  if (!formula.unit) return `${second} − ${first}`;
  if (formula.unit === 'calendar-day') {
    return formula.offset ? english('calendar days from {0} to {1} + {2}', first, second, formula.offset) : english('calendar days from {0} to {1}', first, second);
  }
  const offset = formula.offset ? ` + ${formula.offset}` : '';
  return `${formula.unit}s (${formula.rounding ?? 'round'}) from ${first} to ${second}${offset}`;
}

/** Disclosure flags of an identifier whose values must stay unique in a twin (keys; a near-unique name is no key). */
const KEY_FLAGS = new Set(['person-key', 'unique-key']);

/**
 * Whether a twin may fill a gap of this column with a value it drew for another row, as shared and
 * value-set missingness do: any column but an identifier, and of identifiers only personal names
 * that repeat (a maiden name present exactly when the prefix is "Mrs."). A key must stay unique; a
 * repeated name is no key, and a twin's names are fakes.
 */
export function refillable(type: string, flags: readonly { kind: string }[], unique: boolean): boolean {
  if (type !== 'identifier') return true;
  return !unique && flags.some((f) => f.kind === 'name') && !flags.some((f) => KEY_FLAGS.has(f.kind));
}

/** Whether cell `r` of a column is missing. */
export function isMissingCell(data: ColumnData, r: number): boolean {
  if (data.kind === 'number') return data.values[r] !== data.values[r];
  if (data.kind === 'category') return data.codes[r] < 0;
  return data.values[r] === null;
}

/** Rows a rule applies to and rows that break it, in a table; null when a column it names is absent. */
export interface RuleCount {
  applicable: number;
  violations: number;
}

/**
 * Counts the rows of `table` that break `rule`. order: both present and first > second. derived:
 * all three present and the column differs from the formula, or (missingFollows) the column present
 * exactly when both inputs are broken. missing-together: some but not all of the columns missing.
 * missing-when: the column missing where it should be present, or the reverse (every row applies).
 * range: a present value beyond a limit. Null when the table lacks a column of the rule, or a
 * number rule meets a column that does not hold numbers.
 */
export function countViolations(rule: RecordRule, table: Table): RuleCount | null {
  const byName = new Map(table.columns.map((c) => [c.spec.name, c.data] as const));
  const numbers = (name: string): Float64Array | null => {
    const d = byName.get(name);
    return d && d.kind === 'number' ? d.values : null;
  };
  const n = table.rowCount;
  let applicable = 0;
  let violations = 0;
  switch (rule.kind) {
    case 'order': {
      const a = numbers(rule.columns[0]);
      const b = numbers(rule.columns[1]);
      if (!a || !b) return null;
      for (let r = 0; r < n; r++) {
        if (a[r] !== a[r] || b[r] !== b[r]) continue;
        applicable++;
        if (a[r] > b[r]) violations++;
      }
      break;
    }
    case 'derived': {
      const a = numbers(rule.from[0]);
      const b = numbers(rule.from[1]);
      const c = numbers(rule.column);
      if (!a || !b || !c) return null;
      for (let r = 0; r < n; r++) {
        const inputs = a[r] === a[r] && b[r] === b[r];
        const present = c[r] === c[r];
        if (inputs && present) {
          applicable++;
          if (!sameValue(c[r], deriveValue(rule.formula, a[r], b[r]))) violations++;
        } else if (rule.missingFollows && inputs !== present) {
          applicable++;
          violations++;
        }
      }
      break;
    }
    case 'missing-together': {
      const cols = rule.columns.map((name) => byName.get(name));
      if (cols.some((c) => !c)) return null;
      applicable = n;
      for (let r = 0; r < n; r++) {
        let missing = 0;
        for (const c of cols) if (isMissingCell(c as ColumnData, r)) missing++;
        if (missing > 0 && missing < cols.length) violations++;
      }
      break;
    }
    case 'missing-when': {
      const column = byName.get(rule.column);
      const inValues = rowsInValues(byName.get(rule.when), rule.values, n);
      if (!column || !inValues) return null;
      applicable = n;
      for (let r = 0; r < n; r++) if (isMissingCell(column, r) !== (inValues[r] === (rule.missing ? 1 : 0))) violations++;
      break;
    }
    case 'range': {
      const v = numbers(rule.column);
      if (!v) return null;
      const lo = rule.lower ?? -Infinity;
      const hi = rule.upper ?? Infinity;
      for (let r = 0; r < n; r++) {
        const x = v[r];
        if (x !== x) continue;
        applicable++;
        if (x < lo || x > hi) violations++;
      }
      break;
    }
  }
  return { applicable, violations };
}

/**
 * Per row, 1 when column `data` holds one of `values` and 0 otherwise (a missing cell holds none);
 * null when the column is absent. Categories compare by text, numbers by their written value.
 */
export function rowsInValues(data: ColumnData | undefined, values: readonly string[], n: number): Uint8Array | null {
  if (!data) return null;
  const wanted = new Set(values);
  const out = new Uint8Array(n);
  if (data.kind === 'category') {
    const hit = data.categories.map((c) => wanted.has(c));
    for (let r = 0; r < n; r++) if (data.codes[r] >= 0 && hit[data.codes[r]]) out[r] = 1;
  } else if (data.kind === 'number') {
    const numbers = new Set(values.map(Number).filter((x) => x === x));
    for (let r = 0; r < n; r++) if (numbers.has(data.values[r])) out[r] = 1;
  } else {
    for (let r = 0; r < n; r++) {
      const v = data.values[r];
      if (v !== null && wanted.has(String(v))) out[r] = 1;
    }
  }
  return out;
}

/** The columns a rule names. */
export function columnsOfRule(rule: RecordRule): string[] {
  switch (rule.kind) {
    case 'order': return [...rule.columns];
    case 'derived': return [rule.column, ...rule.from];
    case 'missing-together': return [...rule.columns];
    case 'missing-when': return [rule.column, rule.when];
    case 'range': return [rule.column];
  }
}

/**
 * What is wrong with a rule read from a metadata.json a person may have edited, or null when it is
 * well formed: a known kind, `keep` true or false, column names as strings, and the kind's fields.
 */
export function ruleProblem(rule: unknown): string | null {
  const r = rule as Partial<RecordRule> & Record<string, unknown>;
  if (!r || typeof r !== 'object') return t('a rule must be an object');
  if (typeof r.keep !== 'boolean') return t('keep must be true or false');
  const names = (x: unknown, n?: number): boolean => Array.isArray(x) && x.every((v) => typeof v === 'string') && (n === undefined ? x.length >= 2 : x.length === n);
  switch (r.kind) {
    case 'order': {
      const q = (r.gap as { quantiles?: { p?: unknown; values?: unknown } } | undefined)?.quantiles;
      if (!names(r.columns, 2)) return t('an order names two columns');
      if (!q || !Array.isArray(q.p) || !Array.isArray(q.values) || q.p.length !== q.values.length) return t('an order needs gap.quantiles with p and values of one length');
      return null;
    }
    case 'derived': {
      const f = r.formula as { op?: unknown } | undefined;
      if (typeof r.column !== 'string' || !names(r.from, 2)) return t('a derived rule names its column and two columns it comes from');
      if (!f || (f.op !== 'difference' && f.op !== 'sum')) return t('a derived rule needs formula.op difference or sum');
      return null;
    }
    case 'missing-together':
      return names(r.columns) ? null : t('a missing-together rule names two or more columns');
    case 'missing-when':
      if (typeof r.column !== 'string' || typeof r.when !== 'string') return t('a missing-when rule names its column and the column it depends on (when)');
      if (!Array.isArray(r.values) || r.values.length === 0 || !r.values.every((v) => typeof v === 'string')) return t('a missing-when rule lists one or more values of its when column');
      return typeof r.missing === 'boolean' ? null : t('a missing-when rule says missing true (missing exactly at those values) or false (present exactly then)');
    case 'range':
      return typeof r.column === 'string' && (r.lower === undefined || typeof r.lower === 'number') && (r.upper === undefined || typeof r.upper === 'number') ? null : t('a range names a column and numeric limits');
    default:
      return t('unknown rule kind {0}', JSON.stringify(r.kind ?? null));
  }
}

/**
 * A rule's identity across profiling runs, from its kind and columns (e.g. `order:admission,discharge`):
 * a reviewer's keep/drop decision names a rule by it, so the decision survives re-profiling.
 */
export function ruleKey(rule: RecordRule): string {
  switch (rule.kind) {
    case 'order':
    case 'missing-together':
      return `${rule.kind}:${rule.columns.join(',')}`;
    case 'derived':
      return `derived:${rule.column}=${rule.from.join(',')}`;
    case 'missing-when':
      return `missing-when:${rule.column}|${rule.when}`;
    case 'range':
      return `range:${rule.column}`;
    default: {
      const never: never = rule;
      return never;
    }
  }
}

/**
 * Applies a reviewer's decisions to published rules: each rule named in `dropped` is kept out of
 * every twin (`keep: false`). @throws inputError naming a rule the metadata does not have.
 */
export function dropRules(rules: RecordRule[], dropped: readonly string[]): void {
  const keys = new Set(rules.map(ruleKey));
  for (const key of dropped) if (!keys.has(key)) throw inputError(t('no record rule {0} in the metadata', JSON.stringify(key)));
  for (const rule of rules) if (dropped.includes(ruleKey(rule))) rule.keep = false;
}

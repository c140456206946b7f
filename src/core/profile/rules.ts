import { isMissing, parseValue, type RawValue } from '../format';
import type { ControlRecord, DerivedFormula, DisclosureSettings, GapDistribution, MissingWhenRule, RecordRule } from '../metadata';
import { DERIVED_FORMULAS, describeFormula, GAP_UNIT_MS } from '../recordRules';
import type { ColumnSpec } from '../schema';
import type { ColumnAccumulator } from './columnAccumulator';
import type { TrackedRules } from './ruleTracker';
import type { MissingWhenTracker } from './missingWhenTracker';
import type { ProfileRule } from './types';
import { english } from '../l10n/stored';

type Family = 'date' | 'number' | null;
function familyOf(spec: ColumnSpec): Family {
  if (spec.type === 'date' || spec.type === 'datetime') return 'date';
  if (spec.type === 'numeric' || spec.type === 'integer') return 'number';
  return null;
}

/** The unit a gap between two columns is published in: days for dates, minutes or seconds for datetimes. */
function gapUnitOf(a: ColumnSpec, b: ColumnSpec): GapDistribution['unit'] {
  if (familyOf(a) !== 'date') return 'value';
  if (a.type === 'date' && b.type === 'date') return 'day';
  const pattern = [a, b].map((s) => (s.format.kind === 'date' || s.format.kind === 'datetime' ? s.format.pattern : '')).join(' ');
  return /s/.test(pattern) ? 'second' : 'minute';
}


/** Whether a formula applies to these column families: arithmetic on numbers, time units between dates. */
function formulaFits(formula: DerivedFormula, inputs: Family, column: Family): boolean {
  if (column !== 'number') return false;
  return formula.unit ? inputs === 'date' : inputs === 'number';
}

/** What discovery needs to know of one column after the pass. */
export interface ColumnFacts {
  /** Missing cells, and a key equal for two columns exactly when they are missing on the same rows (a hash). */
  missing: number;
  missingKey: string;
  /** Numbers (or dates) read, and their exact minimum. */
  numbers: number;
  min: number;
  max: number;
}

/** The facts of a profiler's column accumulator. */
export function factsOfAccumulator(acc: ColumnAccumulator): ColumnFacts {
  return {
    missing: acc.missing,
    missingKey: `${acc.missing}:${acc.missingHash}:${acc.missingHash2}`,
    numbers: acc.num?.moments.count ?? 0,
    min: acc.num?.moments.min ?? NaN,
    max: acc.num?.moments.max ?? NaN,
  };
}

/** A pair the pass verified: `column` missing on the rows of some values of `when` and present on the rest. */
export interface MissingWhenFound {
  column: number;
  when: number;
  /** The values of `when` on whose rows `column` is missing, and present. */
  missingValues: string[];
  presentValues: string[];
  /** Where `when` is missing: `column` missing (true), present (false); null: `when` is never missing. */
  whenMissing: boolean | null;
}

/** The tracker's verified pairs with their values as text (`text(c, key)`: the value of key `key` in column `c`). */
export function missingWhenOf(tracker: MissingWhenTracker, text: (c: number, key: number) => string): MissingWhenFound[] {
  return tracker.result().map((p) => ({
    column: p.column, when: p.when, whenMissing: p.whenMissing,
    missingValues: p.missingKeys.map((key) => text(p.when, key)),
    presentValues: p.presentKeys.map((key) => text(p.when, key)),
  }));
}

export interface RuleInputs {
  tracked: TrackedRules;
  /** Value-set missingness pairs verified on every row (absent: none followed). */
  missingWhen?: readonly MissingWhenFound[];
  columns: readonly ColumnFacts[];
  specs: readonly ColumnSpec[];
  /** Per column: dates read month-first (the pass followed day-first readings, so its rules do not apply). */
  monthFirst: readonly boolean[];
  rows: number;
  /** second − first over a sample of rows where both are present, in `unit`, sorted. */
  gaps: (first: number, second: number, unit: GapDistribution['unit']) => number[];
  /** The disclosure threshold: a rule must rest on at least k persons. */
  k: number;
  /** A column's 1st and 99th percentiles (NaN when it has no numbers). */
  tails: (c: number) => { low: number; high: number };
  /** Per column: a twin may fill its gaps from other twin rows (`refillable`; default: not an identifier). */
  refillable?: readonly boolean[];
}

/**
 * The record rules a profile reports: every candidate the pass verified on all rows, over at least k
 * persons (rows without a person key), between columns of fitting types, orders only between columns
 * whose 1st–99th percentile ranges overlap. Orders carry the gaps of the
 * sampled rows (exact; published coarsened). A derived column is kept once, from the first formula
 * that holds, and never also as an input of another derived column; missingness is shared by columns
 * whose missing rows hash alike (each with ≥ k missing and ≥ k present); a column's missingness is
 * set by a category column's value when every value's rows agree (≥ k missing and ≥ k present, values
 * on both sides; the published form is chosen by {@link publishRules}); ranges are the natural
 * limits 0 (no negative value), 1 (fractions) and 100 (percentages) that every value keeps.
 */
export function findRecordRules(input: RuleInputs): ProfileRule[] {
  const { tracked, columns: facts, specs, monthFirst, rows, k } = input;
  const usable = (c: number): boolean => !monthFirst[c] && familyOf(specs[c]) !== null;
  const name = (c: number): string => specs[c].name;
  const out: ProfileRule[] = [];
  const fillable = (c: number): boolean => input.refillable?.[c] ?? specs[c].type !== 'identifier';

  // Shared missingness.
  const groups = new Map<string, number[]>();
  facts.forEach((acc, c) => {
    // Keys are left out: a twin fills a gap from another twin row, and a key must stay unique.
    if (acc.missing < k || rows - acc.missing < k || !fillable(c)) return;
    const key = acc.missingKey;
    const group = groups.get(key);
    if (group) group.push(c);
    else groups.set(key, [c]);
  });
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const columns = group.map(name);
    out.push({
      rule: { kind: 'missing-together', columns, keep: true, reason: english('{0} are missing on exactly the same records', columns.join(', ')) },
      rows: facts[group[0]].missing,
      persons: facts[group[0]].missing,
    });
  }

  // Missingness set by another column's value: the condition a category column, the column not a
  // key (filled from another twin row), and not the same as shared missingness (values on both
  // sides). Conditions with fewer values first (publishRules keeps one rule per column).
  const pairs = [...(input.missingWhen ?? [])].sort((x, y) => x.missingValues.length + x.presentValues.length - (y.missingValues.length + y.presentValues.length));
  for (const p of pairs) {
    const whenType = specs[p.when].type;
    if (whenType !== 'categorical' && whenType !== 'boolean') continue;
    if (!fillable(p.column) || !p.missingValues.length || !p.presentValues.length) continue;
    if (facts[p.column].missing < k || rows - facts[p.column].missing < k) continue;
    const forms: MissingWhenRule[] = [];
    if (p.whenMissing !== true) forms.push(missingWhenRule(name(p.column), name(p.when), p.missingValues, true));
    if (p.whenMissing !== false) forms.push(missingWhenRule(name(p.column), name(p.when), p.presentValues, false));
    // The shorter list first: the rule reads best by the values it names.
    forms.sort((x, y) => x.values.length - y.values.length);
    out.push({ rule: forms[0], alternatives: forms.slice(1), rows, persons: facts[p.column].missing });
  }

  // Order between two columns of one family.
  for (const o of tracked.orders) {
    if (!usable(o.first) || !usable(o.second) || o.persons < k) continue;
    const fa = familyOf(specs[o.first]);
    if (fa !== familyOf(specs[o.second])) continue;
    // Two columns that barely overlap (a stay in days and a bill in pounds) are ordered by their
    // ranges, not by a rule of the records: only orders the bulk of the values could break count.
    if (!(input.tails(o.first).high > input.tails(o.second).low)) continue;
    const unit = gapUnitOf(specs[o.first], specs[o.second]);
    const gaps = input.gaps(o.first, o.second, unit);
    out.push({
      rule: {
        kind: 'order', columns: [name(o.first), name(o.second)], keep: true,
        reason: english('{0} ≤ {1} in every record where both are present', name(o.first), name(o.second)),
        gap: { unit, quantiles: { p: [], values: [] } },
      },
      rows: o.rows,
      persons: o.persons,
      gaps,
    });
  }

  // Derived columns: first fitting formula; each column derived once, never from a derived column.
  const derivedColumns = new Set<number>();
  const inputColumns = new Set<number>();
  const candidates = tracked.derived
    .filter((d) => usable(d.first) && usable(d.second) && usable(d.column) && d.persons >= k && familyOf(specs[d.first]) === familyOf(specs[d.second]))
    .map((d) => ({ ...d, formula: DERIVED_FORMULAS.findIndex((f, i) => (d.mask & (1 << i)) !== 0 && formulaFits(f, familyOf(specs[d.first]), familyOf(specs[d.column]))) }))
    .filter((d) => d.formula >= 0)
    // A sum is the natural reading of three columns that add up (total = a + b, not a = total − b).
    .sort((x, y) => preference(x.formula) - preference(y.formula) || y.column - x.column);
  for (const d of candidates) {
    if (derivedColumns.has(d.column) || inputColumns.has(d.column) || derivedColumns.has(d.first) || derivedColumns.has(d.second)) continue;
    derivedColumns.add(d.column);
    inputColumns.add(d.first);
    inputColumns.add(d.second);
    const formula = DERIVED_FORMULAS[d.formula];
    out.push({
      rule: {
        kind: 'derived', column: name(d.column), from: [name(d.first), name(d.second)], formula: { ...formula }, missingFollows: d.missingFollows, keep: true,
        reason: d.missingFollows
          ? english('{0} = {1} in every record, and is present exactly when both are', name(d.column), describeFormula(formula, name(d.first), name(d.second)))
          : english('{0} = {1} in every record', name(d.column), describeFormula(formula, name(d.first), name(d.second))),
      },
      rows: d.rows,
      persons: d.persons,
    });
  }

  // Natural ranges.
  facts.forEach((acc, c) => {
    if (familyOf(specs[c]) !== 'number' || acc.numbers < k) return;
    const min = acc.min;
    const max = acc.max;
    if (!(min >= 0)) return;
    const upper = specs[c].type === 'numeric' && max <= 1 ? 1 : /percent|pct|%|centile/i.test(name(c)) && max <= 100 ? 100 : undefined;
    const rule: RecordRule = { kind: 'range', column: name(c), lower: 0, keep: true, reason: upper !== undefined ? english('{0} is never negative and never above {1}', name(c), upper) : english('{0} is never negative', name(c)) };
    if (upper !== undefined) rule.upper = upper;
    out.push({ rule, rows: acc.numbers, persons: acc.numbers });
  });
  return out;
}

function missingWhenRule(column: string, when: string, values: string[], missing: boolean): MissingWhenRule {
  const sorted = [...values].sort();
  const list = sorted.map((v) => JSON.stringify(v)).join(', ');
  // One whole template per case, so that a translation can order its words.
  const reason = sorted.length === 1
    ? (missing ? english('{0} is missing exactly when {1} is {2}', column, when, list) : english('{0} is present exactly when {1} is {2}', column, when, list))
    : (missing ? english('{0} is missing exactly when {1} is one of {2}', column, when, list) : english('{0} is present exactly when {1} is one of {2}', column, when, list));
  return { kind: 'missing-when', column, when, values: sorted, missing, keep: true, reason };
}

/** Sums first, then the formulas in their listed order. */
function preference(formula: number): number {
  return DERIVED_FORMULAS[formula].op === 'sum' ? -1 : formula;
}

/** second − first on sampled raw rows where both parse as their columns' types, in `unit`, sorted. */
export function gapsOfRows(rows: readonly RawValue[][], specs: readonly ColumnSpec[], tokens: ReadonlySet<string>, first: number, second: number, unit: GapDistribution['unit']): number[] {
  const out: number[] = [];
  const scale = GAP_UNIT_MS[unit];
  for (const row of rows) {
    const x = row[first] ?? null;
    const y = row[second] ?? null;
    if (x === null || y === null || isMissing(x, tokens) || isMissing(y, tokens)) continue;
    const u = parseValue(x, specs[first]);
    const v = parseValue(y, specs[second]);
    if (typeof u !== 'number' || typeof v !== 'number' || u !== u || v !== v) continue;
    out.push((v - u) / scale);
  }
  return out.sort((p, q) => p - q);
}

/**
 * The published form of the profile's rules: each rule as found with `keep: true`; an order's gap
 * distribution as quantiles of the sampled gaps whose intervals each hold at least k of them, the
 * ends at least k values in from each extreme (and no further out than the tail quantiles), values
 * rounded to the unit (whole days, minutes or seconds; numbers to `decimals` of the second column).
 * Rules resting on fewer than k persons were never reported. Records the control applied.
 */
export function publishRules(rules: readonly ProfileRule[], s: DisclosureSettings, decimalsOf: (column: string) => number, controls: ControlRecord[], categoriesOf: (column: string) => readonly string[]): RecordRule[] {
  const k = s.threshold;
  const out: RecordRule[] = [];
  const setBy = new Set<string>();
  for (const found of rules) {
    if (found.rule.kind === 'missing-when') {
      // One rule per column: a second condition deciding the same missingness is a recoding of the
      // first (a status and its code), and twins enforcing both in turn could break the first.
      if (setBy.has(found.rule.column)) continue;
      const rule = publishableMissingWhen(found, categoriesOf);
      if (rule) setBy.add(rule.column);
      controls.push(rule
        ? { column: rule.column, control: 'small-cell-suppression', detail: `missingness set by ${rule.when}: published as a rule naming only ${rule.when}'s published categories (each held by ≥ ${k} persons), with a published category on each side` }
        : { column: found.rule.column, control: 'small-cell-suppression', detail: `missingness set by ${found.rule.when}: rule withheld, it would name or rest on a category of ${found.rule.when} held by fewer than ${k} persons` });
      if (rule) out.push(rule);
      continue;
    }
    const rule = JSON.parse(JSON.stringify(found.rule)) as RecordRule;
    if (rule.kind === 'order') {
      const gaps = found.gaps ?? [];
      const decimals = rule.gap.unit === 'value' ? decimalsOf(rule.columns[1]) : 0;
      rule.gap.quantiles = gapQuantiles(gaps, k, s.tailQuantile, decimals);
      const withheld = rule.gap.quantiles.p.length === 0;
      controls.push({
        column: rule.columns[1],
        control: withheld ? 'small-cell-suppression' : 'quantile-coarsening',
        detail: withheld
          ? `gap from ${rule.columns[0]}: fewer than ${2 * k + 1} sampled gaps, distribution withheld (the rule alone is published)`
          : `gap from ${rule.columns[0]}: ${rule.gap.quantiles.p.length} quantiles, each interval ≥ ${k} sampled records, ends ≥ ${k} records in from the extremes, rounded to the ${rule.gap.unit === 'value' ? `column's ${decimals} decimal places` : rule.gap.unit}`,
      });
    }
    out.push(rule);
  }
  return out;
}

/**
 * The first form of a missing-when rule (it or an alternative) whose values are all published
 * categories of its condition column, with at least one published category outside them: a rule
 * about a category held by fewer than k persons would publish that category, or a zero cell over it.
 */
function publishableMissingWhen(found: ProfileRule, categoriesOf: (column: string) => readonly string[]): MissingWhenRule | null {
  for (const form of [found.rule, ...(found.alternatives ?? [])]) {
    if (form.kind !== 'missing-when') continue;
    const published = new Set(categoriesOf(form.when));
    const named = new Set(form.values);
    if (form.values.every((v) => published.has(v)) && [...published].some((v) => !named.has(v))) return { ...form, values: [...form.values] };
  }
  return null;
}

function gapQuantiles(sorted: readonly number[], k: number, tail: number, decimals: number): { p: number[]; values: number[] } {
  const n = sorted.length;
  if (n < 2 * k + 1) return { p: [], values: [] };
  const f = 10 ** decimals;
  const round = (x: number): number => {
    const r = Math.round(x * f) / f;
    return Object.is(r, -0) ? 0 : r;
  };
  const at = (p: number): number => {
    const h = (n - 1) * p;
    const i = Math.floor(h);
    return sorted[i] + (h - i) * ((sorted[Math.min(n - 1, i + 1)] ?? sorted[i]) - sorted[i]);
  };
  const lower = Math.max(sorted[k], at(tail));
  const upper = Math.min(sorted[n - 1 - k], at(1 - tail));
  const m = Math.max(1, Math.min(100, Math.floor(n / k)));
  const p: number[] = [];
  const values: number[] = [];
  for (let i = 0; i <= m; i++) {
    const pi = Math.round((i / m) * 1e6) / 1e6;
    p.push(pi);
    values.push(round(Math.min(upper, Math.max(lower, at(pi)))));
  }
  return { p, values };
}

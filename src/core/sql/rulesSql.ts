import type { JobContext } from '../context';
import { throwIfAborted } from '../errors';
import { parseValue, type RawValue } from '../format';
import { DERIVED_FORMULAS, deriveValue, refillable, sameValue } from '../recordRules';
import type { DerivedFormula } from '../metadata';
import { ColumnAccumulator } from '../profile/columnAccumulator';
import { isKey } from '../profile/disclosure';
import { MAX_CONDITION_VALUES } from '../profile/missingWhenTracker';
import { MAX_DERIVED_COLUMNS, MAX_RULE_COLUMNS, type TrackedRules } from '../profile/ruleTracker';
import { findRecordRules, gapsOfRows, type ColumnFacts, type MissingWhenFound } from '../profile/rules';
import { createRandom } from '../random';
import type { ColumnSpec } from '../schema';
import type { ColumnProfile, ProfileRule } from '../profile/types';
import type { SqlColumn, SqlConnection, SqlDialect, SqlValue } from './types';

const DAY = 86_400_000;
const UNIT_MS = { day: DAY, hour: 3_600_000, minute: 60_000 } as const;

/** What the database profiler knows when it looks for record rules. */
export interface SqlRuleInputs {
  conn: SqlConnection;
  /** The relation, for a FROM clause (its columns read as `s.<name>`). */
  from: string;
  cols: readonly SqlColumn[];
  columns: readonly ColumnProfile[];
  /** Per column: the accumulator that read its frequency table (which values read as numbers). */
  accs: readonly ColumnAccumulator[];
  monthFirst: readonly boolean[];
  rows: number;
  /** Per column: its missing-cells key sum (equal for columns missing on the same rows, as a rule). */
  missingKeys: readonly number[];
  /** SQL: the column's value as the engine's text, and whether its cell is missing. */
  text: (c: number) => string;
  missing: (c: number) => string;
  /** The engine's seeded sample (engine text; null for NULL): prunes candidates, gives the gaps. */
  patternRows: readonly RawValue[][];
  tokens: ReadonlySet<string>;
  k: number;
  /** The declared person key's column (persons behind a rule are counted only for a declared key, as from a file). */
  personColumn: number;
}

function num(v: SqlValue | undefined): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : Number(v);
}

type Family = 'date' | 'number' | null;
function familyOf(spec: ColumnSpec): Family {
  if (spec.type === 'date' || spec.type === 'datetime') return 'date';
  if (spec.type === 'numeric' || spec.type === 'integer') return 'number';
  return null;
}

/**
 * The record rules of a database relation, found as the file profiler finds them (same
 * candidates, same {@link findRecordRules}) with every check done by the engine in SQL, so only
 * counts leave it: for each candidate order `a ≤ b` the rows breaking it, for each derived column
 * `c = f(a, b)` the rows where it differs from each formula, for missingness the rows where two
 * columns' missingness differs and, per value of a category column, the rows where each other
 * column is missing. Candidates already broken in the engine's seeded sample are dropped before
 * the engine is asked (a broken row there is one in the table), so the statements stay small.
 * Order gaps are read from that sample, as the file profiler reads them from its own.
 */
export async function findRulesInEngine(input: SqlRuleInputs, ctx: JobContext = {}): Promise<{ rules: ProfileRule[]; notes: string[] }> {
  const { conn, from, cols, columns, accs, monthFirst, rows, k } = input;
  const d = conn.dialect;
  const specs = columns.map((c) => c.spec);
  const notes: string[] = [];
  const width = cols.length;
  const followed = Math.min(width, MAX_RULE_COLUMNS);

  // Each column's value as a double (dates in ms since 1970 UTC), NULL where missing; undefined:
  // the engine cannot read it as the profiler does (dates stored as text).
  const unreadable: string[] = [];
  const numberOf = (c: number): string | undefined => {
    const col = cols[c];
    const ref = `s.${d.quote(col.name)}`;
    if (col.kind === 'integer' || col.kind === 'number' || col.kind === 'date' || col.kind === 'datetime') return `CASE WHEN ${input.missing(c)} THEN NULL ELSE ${d.number(ref, col.kind)} END`;
    const f = specs[c].format;
    if (familyOf(specs[c]) === 'number' && f.kind === 'number' && !f.thousands && !f.decimalComma) return `CASE WHEN ${input.missing(c)} THEN NULL ELSE ${d.parseNumber(ref)} END`;
    return undefined;
  };
  const x: (string | undefined)[] = [];
  // Columns read as numbers throughout (the file profiler's followed columns), of them those a rule may name.
  const live: number[] = [];
  for (let c = 0; c < followed; c++) {
    x.push(accs[c].mayBeNumber && familyOf(specs[c]) !== null ? numberOf(c) : undefined);
    if (accs[c].mayBeNumber) live.push(c);
    if (accs[c].mayBeNumber && familyOf(specs[c]) !== null && x[c] === undefined) unreadable.push(cols[c].name);
  }
  const usable = (c: number): boolean => !monthFirst[c] && familyOf(specs[c]) !== null && x[c] !== undefined;
  if (unreadable.length) notes.push(`order and derived rules not looked for with ${unreadable.join(', ')}: dates stored as text (cast them to a date type in a query)`);

  // The sample's numbers, column by column (NaN: missing or not a number), for pruning.
  const sampleOf = new Map<number, Float64Array>();
  for (const c of live) {
    if (!usable(c)) continue;
    sampleOf.set(c, Float64Array.from(input.patternRows, (r) => {
      const v = r[c];
      if (v === null || v === undefined || input.tokens.has(String(v)) || input.tokens.has(String(v).trim())) return NaN;
      const p = parseValue(v, specs[c]);
      return typeof p === 'number' ? p : NaN;
    }));
  }
  const n = input.patternRows.length;
  const tail = (c: number): { low: number; high: number } => {
    const q = columns[c].numeric?.quantiles.values;
    return q && q.length === 101 ? { low: q[1], high: q[99] } : { low: NaN, high: NaN };
  };

  // Orders: pairs of one family whose ranges (and 1st–99th percentiles) overlap, unbroken in the sample.
  const orderCandidates: { first: number; second: number }[] = [];
  for (const a of live) {
    for (const b of live) {
      if (a === b || !usable(a) || !usable(b) || familyOf(specs[a]) !== familyOf(specs[b])) continue;
      const na = columns[a].numeric;
      const nb = columns[b].numeric;
      if (!na || !nb || !(na.max > nb.min) || !(tail(a).high > tail(b).low)) continue;
      const sa = sampleOf.get(a) as Float64Array;
      const sb = sampleOf.get(b) as Float64Array;
      let broken = false;
      for (let r = 0; r < n && !broken; r++) broken = sa[r] > sb[r];
      if (!broken) orderCandidates.push({ first: a, second: b });
    }
  }
  const both = (a: number, b: number): string => `${x[a]} IS NOT NULL AND ${x[b]} IS NOT NULL`;
  const tracked: TrackedRules = { orders: [], derived: [] };
  if (orderCandidates.length) {
    const aggregates = orderCandidates.flatMap((o) => [`sum(CASE WHEN ${x[o.first]} > ${x[o.second]} THEN 1 ELSE 0 END)`, `sum(CASE WHEN ${both(o.first, o.second)} THEN 1 ELSE 0 END)`]);
    const [counts] = await conn.query(`SELECT ${aggregates.join(', ')} FROM ${from} AS s`, ctx);
    throwIfAborted(ctx.signal);
    const held = orderCandidates.map((o, i) => ({ ...o, rows: num(counts[2 * i + 1]), broken: num(counts[2 * i]) })).filter((o) => o.broken === 0);
    const persons = await personsBehind(input, held.map((o) => both(o.first, o.second)), ctx);
    held.forEach((o, i) => tracked.orders.push({ first: o.first, second: o.second, rows: o.rows, persons: persons(i, o.rows) }));
  }

  // Derived columns: among the first MAX_DERIVED_COLUMNS columns read as numbers (as the file
  // profiler's tracker), each fitting formula unbroken in the sample, then counted by the engine.
  const few = live.slice(0, MAX_DERIVED_COLUMNS);
  const sumBit = DERIVED_FORMULAS.findIndex((f) => f.op === 'sum');
  const derivedCandidates: { first: number; second: number; column: number; formulas: number[] }[] = [];
  for (const c of few) {
    if (!usable(c) || familyOf(specs[c]) !== 'number') continue;
    for (const a of few) {
      if (a === c || !usable(a)) continue;
      for (const b of few) {
        if (b === c || b === a || !usable(b) || familyOf(specs[a]) !== familyOf(specs[b])) continue;
        const inputs = familyOf(specs[a]);
        const sa = sampleOf.get(a) as Float64Array;
        const sb = sampleOf.get(b) as Float64Array;
        const sc = sampleOf.get(c) as Float64Array;
        const formulas: number[] = [];
        DERIVED_FORMULAS.forEach((f, i) => {
          // a + b is tried once per unordered pair; time units between dates, arithmetic on numbers.
          if ((i === sumBit && a > b) || (f.unit ? inputs !== 'date' : inputs !== 'number')) return;
          for (let r = 0; r < n; r++) {
            if (sa[r] !== sa[r] || sb[r] !== sb[r] || sc[r] !== sc[r]) continue;
            if (!sameValue(sc[r], deriveValue(f, sa[r], sb[r]))) return;
          }
          formulas.push(i);
        });
        if (formulas.length) derivedCandidates.push({ first: a, second: b, column: c, formulas });
      }
    }
  }
  if (derivedCandidates.length) {
    const aggregates: string[] = [];
    for (const t of derivedCandidates) {
      const inputs = both(t.first, t.second);
      aggregates.push(
        `sum(CASE WHEN ${inputs} AND ${x[t.column]} IS NOT NULL THEN 1 ELSE 0 END)`,
        `sum(CASE WHEN ${inputs} AND ${x[t.column]} IS NULL THEN 1 ELSE 0 END)`,
        `sum(CASE WHEN NOT (${inputs}) AND ${x[t.column]} IS NOT NULL THEN 1 ELSE 0 END)`,
      );
      for (const i of t.formulas) {
        const v = formulaSql(d, DERIVED_FORMULAS[i], x[t.first] as string, x[t.second] as string);
        const z = x[t.column] as string;
        // sameValue (core/recordRules) in SQL: equal within 1e-9 of the larger magnitude (at least 1).
        aggregates.push(`sum(CASE WHEN ${inputs} AND ${z} IS NOT NULL AND NOT (abs(${z} - ${v}) <= ${d.double(1e-9)} * greatest(${d.double(1)}, abs(${z}), abs(${v}))) THEN 1 ELSE 0 END)`);
      }
    }
    const [counts] = await conn.query(`SELECT ${aggregates.join(', ')} FROM ${from} AS s`, ctx);
    throwIfAborted(ctx.signal);
    let at = 0;
    const held: (TrackedRules['derived'][number] & { applies: string })[] = [];
    for (const t of derivedCandidates) {
      const applied = num(counts[at]);
      const inputsWithoutValue = num(counts[at + 1]);
      const valueWithoutInputs = num(counts[at + 2]);
      at += 3;
      let mask = 0;
      for (const i of t.formulas) if (num(counts[at++]) === 0) mask |= 1 << i;
      if (mask === 0) continue;
      held.push({
        first: t.first, second: t.second, column: t.column, mask, rows: applied, persons: 0,
        missingFollows: inputsWithoutValue === 0 && valueWithoutInputs === 0,
        applies: `${both(t.first, t.second)} AND ${x[t.column]} IS NOT NULL`,
      });
    }
    const persons = await personsBehind(input, held.map((h) => h.applies), ctx);
    held.forEach(({ applies: _, ...h }, i) => tracked.derived.push({ ...h, persons: persons(i, h.rows) }));
  }

  // Shared missingness: columns whose missing rows sum to the same key, confirmed row by row by the engine.
  const facts: ColumnFacts[] = columns.map((col, c) => ({
    missing: col.missing,
    missingKey: `${col.missing}:${input.missingKeys[c]}`,
    numbers: col.numeric?.count ?? 0,
    min: col.numeric?.min ?? NaN,
    max: col.numeric?.max ?? NaN,
  }));
  await confirmSharedMissingness(input, facts, ctx);

  const missingWhen = await missingSetByValues(input, ctx);
  const rules = findRecordRules({
    tracked, columns: facts, specs, monthFirst, rows, k, missingWhen,
    refillable: columns.map((col) => refillable(col.spec.type, col.flags, isKey(col.distinct, rows - col.missing))),
    gaps: (a, b, unit) => gapsOfRows(input.patternRows as RawValue[][], specs, input.tokens, a, b, unit),
    tails: tail,
  });
  return { rules, notes };
}

/** `formula` of the doubles `a` and `b` in SQL, as deriveValue (core/recordRules) computes it (Math.round is floor(x + 0.5)). */
function formulaSql(d: SqlDialect, f: DerivedFormula, a: string, b: string): string {
  let v: string;
  if (f.op === 'sum') v = `(${a} + ${b})`;
  else if (f.unit === 'calendar-day') v = `(floor(${b} / ${d.double(DAY)}) - floor(${a} / ${d.double(DAY)}))`;
  else if (f.unit) {
    const q = `((${b} - ${a}) / ${d.double(UNIT_MS[f.unit])})`;
    v = f.rounding === 'floor' ? `floor(${q})` : f.rounding === 'ceil' ? `ceil(${q})` : `floor(${q} + ${d.double(0.5)})`;
  } else v = `(${b} - ${a})`;
  return f.offset ? `(${v} + ${d.double(f.offset)})` : v;
}

/**
 * Distinct persons (by the declared key, counted by the engine) on the rows each condition
 * selects, up to k; without a declared key, k once a rule rests on k rows (as the file profiler).
 */
async function personsBehind(input: SqlRuleInputs, conditions: readonly string[], ctx: JobContext): Promise<(i: number, rows: number) => number> {
  const k = input.k;
  if (input.personColumn < 0 || conditions.length === 0) return (_, rows) => (rows >= k ? k : 0);
  const person = input.text(input.personColumn);
  const [counts] = await input.conn.query(`SELECT ${conditions.map((c) => `count(DISTINCT CASE WHEN ${c} THEN ${person} ELSE NULL END)`).join(', ')} FROM ${input.from} AS s`, ctx);
  return (i) => Math.min(k, num(counts[i]));
}

/**
 * Columns whose missing-cell counts and key sums agree are missing on the same rows unless two
 * sums collide; the engine counts the rows where their missingness differs, and a column that
 * differs from its group's first gets a key of its own.
 */
async function confirmSharedMissingness(input: SqlRuleInputs, facts: ColumnFacts[], ctx: JobContext): Promise<void> {
  const groups = new Map<string, number[]>();
  facts.forEach((f, c) => {
    if (f.missing === 0 || f.missing === input.rows) return;
    const g = groups.get(f.missingKey);
    if (g) g.push(c);
    else groups.set(f.missingKey, [c]);
  });
  const pairs: [number, number][] = [];
  for (const g of groups.values()) for (let i = 1; i < g.length; i++) pairs.push([g[0], g[i]]);
  if (!pairs.length) return;
  const [counts] = await input.conn.query(`SELECT ${pairs.map(([a, b]) => `sum(CASE WHEN (${input.missing(a)}) <> (${input.missing(b)}) THEN 1 ELSE 0 END)`).join(', ')} FROM ${input.from} AS s`, ctx);
  pairs.forEach(([, b], i) => {
    if (num(counts[i]) > 0) facts[b].missingKey += `:differs:${b}`;
  });
}

/**
 * "Column B is missing exactly when column A takes one of some values", for A a column among the
 * first MAX_RULE_COLUMNS whose values are all read as text (the file profiler stops following a
 * column at its first number) with at most MAX_CONDITION_VALUES of them: per value of A, the
 * engine counts the rows and the missing cells of every other followed column (GROUP BY); B's
 * missingness is set by A when on every value's rows it is missing on all or on none.
 */
async function missingSetByValues(input: SqlRuleInputs, ctx: JobContext): Promise<MissingWhenFound[]> {
  const { cols, columns, accs } = input;
  const followed = Math.min(cols.length, MAX_RULE_COLUMNS);
  const out: MissingWhenFound[] = [];
  for (let a = 0; a < followed; a++) {
    const type = columns[a].spec.type;
    if (type !== 'categorical' && type !== 'boolean') continue;
    const values = columns[a].frequencies;
    if (!values.complete || values.values.length > MAX_CONDITION_VALUES || !allText(accs[a], values.values.map((v) => v.value))) continue;
    const others = Array.from({ length: followed }, (_, b) => b).filter((b) => b !== a);
    if (!others.length) continue;
    throwIfAborted(ctx.signal);
    const groups = await input.conn.query(
      `SELECT CASE WHEN ${input.missing(a)} THEN 1 ELSE 0 END, CASE WHEN ${input.missing(a)} THEN NULL ELSE ${input.text(a)} END, count(*), ${others.map((b) => `sum(CASE WHEN ${input.missing(b)} THEN 1 ELSE 0 END)`).join(', ')} FROM ${input.from} AS s GROUP BY 1, 2`,
      ctx,
    );
    // Per other column: whether each value's rows agree, and on which side each value falls.
    const state = others.map(() => ({ agree: true, missing: [] as string[], present: [] as string[], whenMissing: null as boolean | null, whenMissingMixed: false }));
    for (const g of groups) {
      const isMissing = num(g[0]) === 1;
      const count = num(g[2]);
      others.forEach((_, i) => {
        const s = state[i];
        const m = num(g[3 + i]);
        const side = m === count ? true : m === 0 ? false : null;
        if (side === null) {
          s.agree = false;
          return;
        }
        if (isMissing) {
          // Missing cells of A may be NULL or several tokens: one side for all of them.
          if (s.whenMissing !== null && s.whenMissing !== side) s.agree = false;
          s.whenMissing = side;
        } else (side ? s.missing : s.present).push(String(g[1]));
      });
    }
    others.forEach((b, i) => {
      const s = state[i];
      if (s.agree) out.push({ column: b, when: a, missingValues: s.missing, presentValues: s.present, whenMissing: s.whenMissing });
    });
  }
  return out;
}

/** Whether every value would be counted as text by the profiler (none read as a number or date). */
function allText(acc: ColumnAccumulator, values: readonly string[]): boolean {
  for (const v of values) {
    const probe = new ColumnAccumulator(acc.name, acc.index, new Set(), { exactRowLimit: 1, distinctLimit: 2 }, createRandom(1));
    const bytes = Buffer.from(v, 'utf8');
    probe.addBytes(bytes, 0, bytes.length);
    if (probe.lastTextKey < 0) return false;
  }
  return true;
}

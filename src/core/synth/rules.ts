import type { DerivedRule, Metadata, MissingTogetherRule, MissingWhenRule, OrderRule, RangeRule, RecordRule } from '../metadata';
import type { Random } from '../random';
import { deriveValue, GAP_UNIT_MS, isMissingCell, refillable, rowsInValues } from '../recordRules';
import type { ColumnData, ColumnSpec, Table } from '../schema';

/**
 * Record rules kept by construction (DESIGN.md, "Record logic and keys"), in one place for every
 * level and method: each batch a model yields passes through {@link applyRules} before it is
 * written. Nothing is rejected; values are made to keep the rules:
 * 1. natural ranges: values beyond a limit are set to it;
 * 2. shared missingness: the group's first column decides; a member missing where the first is
 *    present takes the value of another twin row of the batch that has one (twin values only);
 * 3. missingness set by a value: where the condition column's value says missing, the column (and
 *    every column missing together with it) is emptied; where it says present and the cell is
 *    empty, it takes a value the rule emptied in this batch, else one of another twin row;
 * 4. order: the second value is the first plus a gap drawn from the published gap distribution.
 *    The gap's quantile is the rank of the model's own gap (second − first) within the batch, so a
 *    correlated model's tendency (long stays with some diagnoses) carries over while the gaps
 *    follow the real distribution; chains (birth ≤ admission ≤ discharge) are drawn in order;
 * 5. derived columns are computed from their inputs (and missing exactly when an input is, when
 *    the real data was so).
 * Rules with `keep: false`, or naming a column the twin does not have, are left out.
 */
export interface RulePlan {
  ranges: RangeRule[];
  missing: MissingTogetherRule[];
  /** Each with the columns it empties and fills: its column and those missing together with it. */
  missingWhen: { rule: MissingWhenRule; columns: string[] }[];
  /** Orders to draw, grouped by second column, in dependency order. */
  orders: OrderGroup[];
  derived: DerivedRule[];
}

/** Every order whose second column is `second`: it is drawn above the largest of their first columns. */
export interface OrderGroup {
  second: string;
  orders: OrderRule[];
}

const NUMBER_TYPES = new Set(['numeric', 'integer', 'date', 'datetime']);

/** The kept rules of `metadata` that apply to the twin's columns, ordered for drawing. */
export function planRules(metadata: Metadata, specs: readonly ColumnSpec[]): RulePlan {
  const type = new Map(specs.map((s) => [s.name, s.type] as const));
  // Columns whose gaps a rule may fill from other twin rows (not keys: see `refillable`).
  const meta = new Map((metadata.columns ?? []).map((c) => [c.name, c] as const));
  const fillable = (name: string): boolean => {
    const t = type.get(name);
    if (t !== 'identifier') return t !== undefined;
    const c = meta.get(name);
    return c?.type === 'identifier' && refillable(t, c.disclosure, c.unique);
  };
  const isNumber = (name: string): boolean => NUMBER_TYPES.has(type.get(name) ?? '');
  const kept = (metadata.rules ?? []).filter((r) => r && r.keep !== false);
  const plan: RulePlan = { ranges: [], missing: [], missingWhen: [], orders: [], derived: [] };
  for (const r of kept) {
    if (r.kind === 'range' && isNumber(r.column)) plan.ranges.push(r);
    else if (r.kind === 'missing-together' && Array.isArray(r.columns)) {
      // Keys stay out: filling one from another twin row would repeat a key.
      const present = r.columns.filter(fillable);
      if (present.length >= 2) plan.missing.push({ ...r, columns: present });
    } else if (r.kind === 'derived' && isNumber(r.column) && r.from.every(isNumber)) plan.derived.push(r);
  }
  for (const r of kept) {
    if (r.kind !== 'missing-when' || !type.has(r.when) || !fillable(r.column) || !Array.isArray(r.values)) continue;
    const group = plan.missing.find((g) => g.columns.includes(r.column));
    plan.missingWhen.push({ rule: r, columns: group ? [...group.columns] : [r.column] });
  }
  const derivedColumns = new Set(plan.derived.map((d) => d.column));
  const orders = kept.filter((r): r is OrderRule => r.kind === 'order' && r.columns.every(isNumber) && !derivedColumns.has(r.columns[1]));
  plan.orders = orderGroups(orders);
  return plan;
}

/**
 * The orders grouped by their second column, sorted so that every first column is drawn before it
 * is used (birth ≤ admission ≤ discharge: admission first). Of two columns ordered both ways (always
 * equal), the order listed first is kept; an order that would close a cycle is left out.
 */
function orderGroups(orders: OrderRule[]): OrderGroup[] {
  const kept: OrderRule[] = [];
  const seen = new Set<string>();
  for (const o of orders) {
    const [a, b] = o.columns;
    if (seen.has(`${b}\u0000${a}`)) continue;
    seen.add(`${a}\u0000${b}`);
    kept.push(o);
  }
  const bySecond = new Map<string, OrderRule[]>();
  for (const o of kept) bySecond.set(o.columns[1], [...(bySecond.get(o.columns[1]) ?? []), o]);
  const out: OrderGroup[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (b: string): void => {
    if (state.has(b)) return;
    state.set(b, 'visiting');
    const list = (bySecond.get(b) ?? []).filter((o) => {
      visit(o.columns[0]);
      return state.get(o.columns[0]) === 'done';
    });
    state.set(b, 'done');
    if (list.length) out.push({ second: b, orders: list });
  };
  for (const b of bySecond.keys()) visit(b);
  return out;
}

/** Whether a plan has anything to do. */
export function planIsEmpty(plan: RulePlan): boolean {
  return !plan.ranges.length && !plan.missing.length && !plan.missingWhen.length && !plan.orders.length && !plan.derived.length;
}

/** Makes one batch keep the plan's rules, in place (see {@link RulePlan}). */
export function applyRules(table: Table, plan: RulePlan, rng: Random): void {
  const byName = new Map(table.columns.map((c) => [c.spec.name, c] as const));
  const numbers = (name: string): Float64Array | null => {
    const c = byName.get(name);
    return c && c.data.kind === 'number' ? c.data.values : null;
  };
  const n = table.rowCount;
  for (const r of plan.ranges) clampRange(numbers(r.column), r, n);
  for (const r of plan.missing) shareMissingness(r.columns.map((name) => byName.get(name)?.data).filter((d): d is ColumnData => !!d), n, rng);
  for (const { rule, columns } of plan.missingWhen) {
    const inValues = rowsInValues(byName.get(rule.when)?.data, rule.values, n);
    if (!inValues) continue;
    for (const name of columns) {
      const d = byName.get(name)?.data;
      if (d) missingByValue(d, inValues, rule.missing ? 1 : 0, n, rng);
    }
  }
  for (const g of plan.orders) {
    const b = numbers(g.second);
    const spec = byName.get(g.second)?.spec;
    const firsts = g.orders.map((o) => numbers(o.columns[0]));
    if (b && spec && firsts.every((a) => a)) drawGaps(firsts as Float64Array[], b, g.orders, spec, n, rng);
  }
  for (const d of plan.derived) {
    const a = numbers(d.from[0]);
    const b = numbers(d.from[1]);
    const c = byName.get(d.column);
    if (a && b && c && c.data.kind === 'number') computeDerived(a, b, c.data.values, c.spec, d, n);
  }
  // Columns drawn by rows other than ranges may be clamped again only where no order or derived rule made them.
  const made = new Set([...plan.orders.map((g) => g.second), ...plan.derived.map((d) => d.column)]);
  for (const r of plan.ranges) if (!made.has(r.column)) clampRange(numbers(r.column), r, n);
}

function clampRange(v: Float64Array | null, r: RangeRule, n: number): void {
  if (!v) return;
  const lo = r.lower ?? -Infinity;
  const hi = r.upper ?? Infinity;
  for (let i = 0; i < n; i++) {
    const x = v[i];
    if (x < lo) v[i] = lo;
    else if (x > hi) v[i] = hi;
  }
}

function shareMissingness(cols: ColumnData[], n: number, rng: Random): void {
  if (cols.length < 2) return;
  const [lead, ...members] = cols;
  for (const m of members) {
    // Rows of this batch where the member has a value and the lead too: donors of values.
    const donors: number[] = [];
    for (let r = 0; r < n; r++) if (!isMissingCell(lead, r) && !isMissingCell(m, r)) donors.push(r);
    for (let r = 0; r < n; r++) {
      const leadMissing = isMissingCell(lead, r);
      const missing = isMissingCell(m, r);
      if (leadMissing && !missing) setMissing(m, r);
      else if (!leadMissing && missing && donors.length) copyCell(m, donors[rng.int(donors.length)], r);
    }
  }
}

/**
 * Empties `d` on the rows where `inValues[r] === missingAt` and fills its empty cells elsewhere:
 * first with the values just emptied (the twin's own values, moved rather than repeated), then
 * with those of random rows of the batch that keep a value.
 */
function missingByValue(d: ColumnData, inValues: Uint8Array, missingAt: number, n: number, rng: Random): void {
  const freed: number[] = [];
  const donors: number[] = [];
  for (let r = 0; r < n; r++) {
    if (isMissingCell(d, r)) continue;
    if (inValues[r] === missingAt) freed.push(r);
    else donors.push(r);
  }
  const taken = freed.map((r) => copyOut(d, r));
  for (const r of freed) setMissing(d, r);
  let next = 0;
  for (let r = 0; r < n; r++) {
    if (inValues[r] === missingAt || !isMissingCell(d, r)) continue;
    if (next < taken.length) copyIn(d, taken[next++], r);
    else if (donors.length) copyCell(d, donors[rng.int(donors.length)], r);
  }
}

function copyOut(d: ColumnData, r: number): number | string | null {
  return d.kind === 'number' ? d.values[r] : d.kind === 'category' ? d.codes[r] : d.values[r];
}

function copyIn(d: ColumnData, v: number | string | null, r: number): void {
  if (d.kind === 'number') d.values[r] = v as number;
  else if (d.kind === 'category') d.codes[r] = v as number;
  else d.values[r] = v as string | null;
}

function setMissing(d: ColumnData, r: number): void {
  if (d.kind === 'number') d.values[r] = NaN;
  else if (d.kind === 'category') d.codes[r] = -1;
  else d.values[r] = null;
}

function copyCell(d: ColumnData, from: number, to: number): void {
  if (d.kind === 'number') d.values[to] = d.values[from];
  else if (d.kind === 'category') d.codes[to] = d.codes[from];
  else d.values[to] = d.values[from];
}

/** Decimal places a column's values are written with (null: as they come). */
function decimalsOf(spec: ColumnSpec): number | null {
  if (spec.type === 'integer') return 0;
  if (spec.format.kind === 'number') return spec.format.decimals;
  return null;
}

/** Linear interpolation in published quantiles (p ascending, values non-decreasing). */
function quantileAt(p: readonly number[], values: readonly number[], u: number): number {
  if (u <= p[0]) return values[0];
  let i = 1;
  while (i < p.length - 1 && p[i] < u) i++;
  const span = p[i] - p[i - 1];
  const t = span > 0 ? Math.min(1, Math.max(0, (u - p[i - 1]) / span)) : 1;
  return values[i - 1] + t * (values[i] - values[i - 1]);
}

/**
 * Draws `b` above its first columns: rows ranked by the model's own gap from the first of them
 * (ties at random); rank u gives each order's gap G⁻¹(u), and `b` is the largest first + gap, so
 * every order holds. An order without a published distribution uses the model's gap, made positive.
 */
function drawGaps(firsts: Float64Array[], b: Float64Array, orders: OrderRule[], spec: ColumnSpec, n: number, rng: Random): void {
  const lead = firsts[0];
  const rows: number[] = [];
  const keys: number[] = [];
  for (let r = 0; r < n; r++) {
    if (b[r] !== b[r] || firsts.every((a) => a[r] !== a[r])) continue;
    rows.push(r);
    const gap = lead[r] === lead[r] ? b[r] - lead[r] : 0;
    keys.push(gap + rng.next() * 1e-9 * Math.max(1, Math.abs(gap)));
  }
  const m = rows.length;
  if (m === 0) return;
  const order = rows.map((_, i) => i).sort((x, y) => keys[x] - keys[y]);
  const draws = orders.map((o) => {
    const unit = o.gap?.unit ?? 'value';
    const decimals = unit === 'value' ? decimalsOf(spec) : 0;
    return { p: o.gap?.quantiles?.p ?? [], values: o.gap?.quantiles?.values ?? [], scale: GAP_UNIT_MS[unit] ?? 1, decimals, f: decimals === null ? 1 : 10 ** decimals };
  });
  for (let rank = 0; rank < m; rank++) {
    const r = rows[order[rank]];
    const u = (rank + rng.next()) / m;
    let top = -Infinity;
    for (let j = 0; j < firsts.length; j++) {
      const a = firsts[j][r];
      if (a !== a) continue;
      const d = draws[j];
      let gap: number;
      if (d.p.length >= 2) {
        gap = quantileAt(d.p, d.values, u);
        if (d.decimals !== null) gap = Math.round(gap * d.f) / d.f;
        gap = Math.max(0, gap) * d.scale;
      } else gap = Math.abs(b[r] - a);
      if (a + gap > top) top = a + gap;
    }
    b[r] = top;
  }
}

function computeDerived(a: Float64Array, b: Float64Array, c: Float64Array, spec: ColumnSpec, d: DerivedRule, n: number): void {
  const decimals = decimalsOf(spec);
  const f = decimals === null ? 0 : 10 ** decimals;
  for (let r = 0; r < n; r++) {
    const inputs = a[r] === a[r] && b[r] === b[r];
    if (!inputs) {
      if (d.missingFollows) c[r] = NaN;
      continue;
    }
    if (!d.missingFollows && c[r] !== c[r]) continue;
    let v = deriveValue(d.formula, a[r], b[r]);
    if (decimals !== null) v = Math.round(v * f) / f;
    c[r] = v;
  }
}

/** The rules in words, for a model description. */
export function describeRules(rules: readonly RecordRule[]): string[] {
  return rules.filter((r) => r.keep !== false).map((r) => r.reason);
}

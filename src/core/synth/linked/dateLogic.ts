import type { Random } from '../../random';
import type { Table } from '../../schema';

/**
 * Date logic across tables: a child's date column that the real data always has on or after
 * (or on or before) a date column of one of its ancestors — no admission before birth, no
 * prescription after death, a diagnosis inside its admission. Rules that hold on every real
 * row where both dates are present, but for at most 2% of them, are kept on every twin row, so
 * the twin has no violation the real data lacks.
 */
export interface DateRule {
  /** Date column of the child table. */
  column: string;
  /** How many links up the ancestor is (1: the primary parent). */
  up: number;
  /** Date column of the ancestor. */
  ancestorColumn: string;
  /** child ≥ ancestor ('after') or child ≤ ancestor ('before'). */
  relation: 'after' | 'before';
  /** 'day' when either column is a date without time: compared by calendar day. */
  by: 'day' | 'instant';
}

const isDate = (t: string): boolean => t === 'date' || t === 'datetime';

/** Date columns of a table (held as numbers: epoch milliseconds). */
export function dateColumnsOf(table: Table): { name: string; values: Float64Array; dateOnly: boolean }[] {
  return table.columns
    .filter((c) => isDate(c.spec.type) && c.data.kind === 'number')
    .map((c) => ({ name: c.spec.name, values: (c.data as { values: Float64Array }).values, dateOnly: c.spec.type === 'date' }));
}

const DAY = 86_400_000;
/** The calendar day (as epoch ms of its midnight) of an instant. */
const dayOf = (ms: number): number => Math.floor(ms / DAY) * DAY;

/** Least number of rows with both dates present for a rule to be kept. */
const MIN_ROWS = 20;
/**
 * Share of real rows that may break a rule that is still kept: a few exceptions (Synthea has
 * 69 of 6,124 medications starting after their encounter ended, 10 of 7,584 encounters after
 * death) are data errors or edge cases, and a twin that drops the rule instead scatters its rows
 * (most twin medications then started after their encounter). The twin keeps it on every row.
 */
const EXCEPTIONS = 0.02;

/**
 * The rules the real child table keeps against each ancestor along its primary chain.
 * @param ancestors the ancestor tables, nearest first, with the ancestor row of every child row (−1: none)
 */
export function findDateRules(child: Table, ancestors: readonly { table: Table; rowOf: Int32Array }[]): DateRule[] {
  const rules: DateRule[] = [];
  const own = dateColumnsOf(child);
  ancestors.forEach((anc, idx) => {
    for (const a of dateColumnsOf(anc.table)) {
      for (const c of own) {
        let both = 0;
        let earlier = 0;
        let later = 0;
        const byDay = c.dateOnly || a.dateOnly;
        for (let r = 0; r < child.rowCount; r++) {
          const p = anc.rowOf[r];
          if (p < 0) continue;
          const cv = byDay ? dayOf(c.values[r]) : c.values[r];
          const av = byDay ? dayOf(a.values[p]) : a.values[p];
          if (Number.isNaN(cv) || Number.isNaN(av)) continue;
          both++;
          if (cv < av) earlier++;
          if (cv > av) later++;
        }
        if (both < MIN_ROWS) continue;
        const after = earlier <= EXCEPTIONS * both;
        const before = later <= EXCEPTIONS * both;
        // Equal on every row is a copy, not an order: keep both sides, so the repair pins it inside.
        const by = byDay ? 'day' : 'instant';
        if (after) rules.push({ column: c.name, up: idx + 1, ancestorColumn: a.name, relation: 'after', by });
        if (before) rules.push({ column: c.name, up: idx + 1, ancestorColumn: a.name, relation: 'before', by });
      }
    }
  });
  return rules;
}

/** A typical distance (ms) a repaired date lands from the bound it was moved past. */
const DAY_MS = 86_400_000;
const TYPICAL_MS = 30 * DAY_MS;

/**
 * Makes each twin row keep the rules. A row that breaks one is moved as a whole — every date
 * column by the same shift — so its own order and durations (end − start) stay; the shift is
 * drawn inside the window all its rules allow (uniformly when the window is closed, within
 * about a month of the bound otherwise). A row that no single shift can mend has each broken
 * date put on its bound. Returns the number of rows moved.
 * @param ancestors the twin's ancestor tables, nearest first, with each twin row's ancestor row
 */
export function keepDateRules(table: Table, rules: readonly DateRule[], ancestors: readonly { table: Table; rowOf: Int32Array }[], rng: Random): number {
  if (rules.length === 0) return 0;
  const own = new Map(dateColumnsOf(table).map((c) => [c.name, c.values]));
  const bound = rules.map((rule) => {
    const anc = ancestors[rule.up - 1];
    const col = anc ? dateColumnsOf(anc.table).find((c) => c.name === rule.ancestorColumn) : undefined;
    return { rule, values: own.get(rule.column), anc: anc && col ? { rowOf: anc.rowOf, values: col.values } : undefined };
  }).filter((b) => b.values && b.anc);
  const rowDates = [...own.values()];
  let moved = 0;
  for (let r = 0; r < table.rowCount; r++) {
    let lo = -Infinity; // allowed shift window
    let hi = Infinity;
    let broken = false;
    for (const b of bound) {
      const p = b.anc!.rowOf[r];
      if (p < 0) continue;
      const v = b.values![r];
      if (Number.isNaN(v) || Number.isNaN(b.anc!.values[p])) continue;
      const [least, most] = limitsOf(b.rule, b.anc!.values[p]);
      if (b.rule.relation === 'after') { lo = Math.max(lo, least - v); if (v < least) broken = true; }
      else { hi = Math.min(hi, most - v); if (v > most) broken = true; }
    }
    if (!broken) continue;
    moved++;
    if (lo <= hi) {
      let shift: number;
      if (Number.isFinite(lo) && Number.isFinite(hi)) shift = lo + rng.next() * (hi - lo);
      else if (Number.isFinite(lo)) shift = lo + rng.next() * TYPICAL_MS;
      else shift = hi - rng.next() * TYPICAL_MS;
      if (shift < lo) shift = lo;
      if (shift > hi) shift = hi;
      shift = snapToDays(shift, lo, hi);
      for (const values of rowDates) if (!Number.isNaN(values[r])) values[r] += shift;
    } else {
      for (const b of bound) {
        const p = b.anc!.rowOf[r];
        if (p < 0) continue;
        const values = b.values!;
        if (Number.isNaN(values[r]) || Number.isNaN(b.anc!.values[p])) continue;
        const [least, most] = limitsOf(b.rule, b.anc!.values[p]);
        if (b.rule.relation === 'after' && values[r] < least) values[r] = least;
        if (b.rule.relation === 'before' && values[r] > most) values[r] = b.rule.by === 'day' ? dayOf(most) : most;
      }
    }
  }
  return moved;
}

/**
 * The earliest ('after') or latest ('before') value a child date may take against an ancestor
 * value: by calendar day, any time on the ancestor's day is allowed (the last millisecond of it
 * for 'before').
 */
function limitsOf(rule: DateRule, ancestor: number): [number, number] {
  if (rule.by === 'instant') return [ancestor, ancestor];
  const day = dayOf(ancestor);
  return [day, day + DAY - 1];
}

/** A shift in whole days when a whole-day shift fits the window (date-only columns stay on midnight). */
function snapToDays(shift: number, lo: number, hi: number): number {
  const down = Math.floor(shift / DAY_MS) * DAY_MS;
  const up = Math.ceil(shift / DAY_MS) * DAY_MS;
  if (up >= lo && up <= hi && (shift - lo) < (hi - shift)) return up;
  if (down >= lo && down <= hi) return down;
  if (up >= lo && up <= hi) return up;
  return shift;
}

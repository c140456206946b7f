import type { ColumnData, Table } from '../../schema';
import { meanOf } from '../columns';
import { contingencySimilarity, pairCodesOf } from '../fidelity/contingencySimilarity';
import { correlationSimilarity } from '../fidelity/correlationSimilarity';
import { TREND_CORRELATION, TREND_CRAMERS_V } from '../fidelity/evaluateFidelity';
import { keyValues } from './keys';

/** One parent column against one child column, over the joined rows. */
export interface ParentChildPairScore {
  parentColumn: string;
  childColumn: string;
  metric: 'CorrelationSimilarity' | 'ContingencySimilarity';
  score: number;
  /** Pearson r (correlation) or Cramér's V (contingency) in each joined table, when defined. */
  real?: number;
  synthetic?: number;
  /** Whether the real data shows a trend (|r| > 0.5 or V > 0.3, SDMetrics 0.27+). */
  trend: boolean;
}

export interface ParentChildPairTrends {
  /** Mean over every scored pair (null when none could be scored). */
  score: number | null;
  /** Mean over the pairs with a trend in the real data (null when none has one). */
  trendScore: number | null;
  pairs: ParentChildPairScore[];
}

/** A child table joined to its parent: the row of the parent of each child row with a matching key. */
interface Joined { childRows: Int32Array; parentRows: Int32Array }

/** Inner join of child to parent on the key (the parent key is unique; its first row wins otherwise). */
function joinRows(parent: Table, parentKey: string, child: Table, childKey: string): Joined {
  const pk = keyValues(columnOf(parent, parentKey));
  const fk = keyValues(columnOf(child, childKey));
  const rowOf = new Map<string, number>();
  pk.forEach((k, i) => { if (k !== null && !rowOf.has(k)) rowOf.set(k, i); });
  const c: number[] = [];
  const p: number[] = [];
  fk.forEach((k, i) => {
    const r = k === null ? undefined : rowOf.get(k);
    if (r !== undefined) { c.push(i); p.push(r); }
  });
  return { childRows: Int32Array.from(c), parentRows: Int32Array.from(p) };
}

function columnOf(table: Table, name: string): ColumnData {
  const col = table.columns.find((c) => c.spec.name === name);
  if (!col) throw new Error(`parentChildPairTrends: no column ${name}`);
  return col.data;
}

/** The values of a column at the given rows. */
function gather(data: ColumnData, rows: Int32Array): ColumnData {
  if (data.kind === 'number') return { kind: 'number', values: Float64Array.from(rows, (r) => data.values[r]) };
  if (data.kind === 'category') return { kind: 'category', codes: Int32Array.from(rows, (r) => data.codes[r]), categories: data.categories };
  return { kind: 'string', values: Array.from(rows, (r) => data.values[r]) };
}

function hasValues(data: ColumnData): boolean {
  if (data.kind === 'number') return data.values.some((v) => !Number.isNaN(v));
  if (data.kind === 'category') return data.codes.some((v) => v >= 0);
  return false;
}

/** Columns that carry a distribution: numbers and categories with at least one real value, keys left out. */
function modelledColumns(real: Table, key: string): string[] {
  return real.columns
    .filter((c) => c.spec.name !== key && c.spec.type !== 'identifier' && hasValues(c.data))
    .map((c) => c.spec.name);
}

/**
 * Parent–child column pair trends (SDMetrics' multi-table quality report, `InterTableTrends`):
 * each table joined child-to-parent on the link's key, then every (parent column, child column)
 * pair scored as in single-table column pair trends — CorrelationSimilarity (Pearson) when
 * both are numbers or dates, ContingencySimilarity otherwise (numbers in 10 equal-width bins on
 * the real range). Key, identifier and text columns are left out; a pair whose correlation is
 * undefined (a constant column) is skipped.
 */
export function parentChildPairTrends(
  real: { parent: Table; child: Table },
  synthetic: { parent: Table; child: Table },
  link: { parentKey: string; childKey: string },
): ParentChildPairTrends {
  const rj = joinRows(real.parent, link.parentKey, real.child, link.childKey);
  const sj = joinRows(synthetic.parent, link.parentKey, synthetic.child, link.childKey);
  const side = (table: 'parent' | 'child', name: string): { real: ColumnData; synthetic: ColumnData } => ({
    real: gather(columnOf(real[table], name), table === 'parent' ? rj.parentRows : rj.childRows),
    synthetic: gather(columnOf(synthetic[table], name), table === 'parent' ? sj.parentRows : sj.childRows),
  });
  const parentColumns = modelledColumns(real.parent, link.parentKey).map((name) => ({ name, ...side('parent', name) }));
  const childColumns = modelledColumns(real.child, link.childKey).map((name) => ({ name, ...side('child', name) }));
  const pairs: ParentChildPairScore[] = [];
  for (const p of parentColumns) {
    for (const c of childColumns) {
      if (p.real.kind !== p.synthetic.kind || c.real.kind !== c.synthetic.kind) continue;
      if (p.real.kind === 'number' && c.real.kind === 'number' && p.synthetic.kind === 'number' && c.synthetic.kind === 'number') {
        const cs = correlationSimilarity(p.real.values, c.real.values, p.synthetic.values, c.synthetic.values);
        if (cs === null) continue;
        pairs.push({
          parentColumn: p.name, childColumn: c.name, metric: 'CorrelationSimilarity', score: cs.score,
          real: cs.real, synthetic: cs.synthetic, trend: Math.abs(cs.real) > TREND_CORRELATION,
        });
      } else {
        if (rj.childRows.length === 0) continue;
        const cs = contingencySimilarity(pairCodesOf(p.real, p.synthetic), pairCodesOf(c.real, c.synthetic));
        const entry: ParentChildPairScore = {
          parentColumn: p.name, childColumn: c.name, metric: 'ContingencySimilarity', score: cs.score, trend: (cs.real ?? 0) > TREND_CRAMERS_V,
        };
        if (cs.real !== null) entry.real = cs.real;
        if (cs.synthetic !== null) entry.synthetic = cs.synthetic;
        pairs.push(entry);
      }
    }
  }
  return {
    score: meanOf(pairs.map((p) => p.score)),
    trendScore: meanOf(pairs.filter((p) => p.trend).map((p) => p.score)),
    pairs,
  };
}

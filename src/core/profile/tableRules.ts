import { fmix32 } from '../math/hash';
import type { DisclosureSettings, GapDistribution, RecordRule } from '../metadata';
import { GAP_UNIT_MS, isMissingCell } from '../recordRules';
import type { Table } from '../schema';
import { RuleTracker } from './ruleTracker';
import { findRecordRules, missingWhenOf, publishRules, type ColumnFacts } from './rules';
import { KEY_MISSING, KEY_NONE, MissingWhenTracker } from './missingWhenTracker';

const BATCH = 8192;
/** Rows (evenly spaced) whose gaps describe an order's gap distribution. */
const GAP_SAMPLE = 5000;

/**
 * The record rules a table in memory keeps, found and published exactly as the profiler finds and
 * publishes them for a file (same tracker, same rules, same disclosure of gaps): used by evaluation
 * when no metadata names the rules. Rows are the unit (a table carries no person key).
 */
export function findTableRules(table: Table, settings: DisclosureSettings): RecordRule[] {
  const n = table.rowCount;
  const width = table.columns.length;
  const k = settings.threshold;
  const tracker = new RuleTracker(width, BATCH, k);
  const missingWhen = new MissingWhenTracker(width, BATCH);
  const isNumber = (c: number): boolean => table.columns[c].data.kind === 'number';
  for (let start = 0; start < n; start += BATCH) {
    const m = Math.min(BATCH, n - start);
    tracker.beginBatch(m);
    for (let c = 0; c < width; c++) {
      const slot = tracker.slot(c);
      if (!slot) continue;
      const data = table.columns[c].data;
      if (data.kind === 'number') slot.set(data.values.subarray(start, start + m));
      else slot.fill(NaN, 0, m);
    }
    tracker.endBatch(m, isNumber);
    missingWhen.beginBatch(m);
    for (let c = 0; c < width; c++) {
      if (!missingWhen.follows(c)) continue;
      const data = table.columns[c].data;
      const keys = missingWhen.keySlot(c);
      for (let r = 0; r < m; r++) {
        const missing = isMissingCell(data, start + r);
        if (missing) missingWhen.markMissing(r, c);
        if (keys) keys[r] = missing ? KEY_MISSING : data.kind === 'category' ? data.codes[start + r] : KEY_NONE;
      }
    }
    missingWhen.endBatch(m);
  }
  const sorted: (Float64Array | null)[] = table.columns.map((col) => {
    if (col.data.kind !== 'number') return null;
    return Float64Array.from(col.data.values.filter((x) => x === x)).sort();
  });
  const facts: ColumnFacts[] = table.columns.map((col, c) => {
    let missing = 0;
    let h1 = 0;
    let h2 = 0;
    for (let r = 0; r < n; r++) {
      if (!isMissingCell(col.data, r)) continue;
      missing++;
      h1 = (h1 + fmix32(r ^ 0x9e3779b9)) | 0;
      h2 = (h2 + fmix32(Math.imul(r, 0x2545f491) + 0x7f4a7c15)) | 0;
    }
    const s = sorted[c];
    return { missing, missingKey: `${missing}:${h1}:${h2}`, numbers: s?.length ?? 0, min: s?.length ? s[0] : NaN, max: s?.length ? s[s.length - 1] : NaN };
  });
  const quantile = (c: number, p: number): number => {
    const s = sorted[c];
    return s && s.length ? s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))] : NaN;
  };
  const gaps = (first: number, second: number, unit: GapDistribution['unit']): number[] => {
    const a = table.columns[first].data;
    const b = table.columns[second].data;
    if (a.kind !== 'number' || b.kind !== 'number') return [];
    const step = Math.max(1, Math.floor(n / GAP_SAMPLE));
    const out: number[] = [];
    for (let r = 0; r < n; r += step) {
      const d = b.values[r] - a.values[r];
      if (d === d) out.push(d / GAP_UNIT_MS[unit]);
    }
    return out.sort((x, y) => x - y);
  };
  const found = findRecordRules({
    tracked: tracker.result(), columns: facts, specs: table.columns.map((c) => c.spec), monthFirst: table.columns.map(() => false), rows: n, k,
    missingWhen: missingWhenOf(missingWhen, (c, key) => {
      const data = table.columns[c].data;
      return data.kind === 'category' ? data.categories[key] : '';
    }),
    gaps, tails: (c) => ({ low: quantile(c, 0.01), high: quantile(c, 0.99) }),
  });
  const decimalsOf = (name: string): number => {
    const spec = table.columns.find((c) => c.spec.name === name)?.spec;
    return spec?.format.kind === 'number' ? spec.format.decimals ?? 0 : 0;
  };
  // Categories held by at least k rows (the unit here), as metadata.json would publish them.
  const categoriesOf = (name: string): string[] => {
    const data = table.columns.find((c) => c.spec.name === name)?.data;
    if (!data || data.kind !== 'category') return [];
    const counts = new Int32Array(data.categories.length);
    for (let r = 0; r < n; r++) if (data.codes[r] >= 0) counts[data.codes[r]]++;
    return data.categories.filter((_, i) => counts[i] >= k);
  };
  return publishRules(found, settings, decimalsOf, [], categoriesOf);
}

/**
 * Fidelity and privacy figures for the correlated-generator tests, computed here (until the
 * evaluation engine exists) with the METRICS.md / SDMetrics 0.29 definitions:
 * Column Shapes = mean KSComplement (numbers, dates) / TVComplement (categories);
 * Column Pair Trends = mean CorrelationSimilarity (Pearson, numeric–numeric, pairwise complete)
 * / ContingencySimilarity (other pairs; numbers in 10 equal-width bins on the real range, outer
 * edges open; missing kept as a category); exact matches = synthetic rows equal on every column
 * to some real row (missing equals missing).
 */
import type { Table } from '../../../src/core/schema';

type Col = Table['columns'][number];

export function ksComplement(real: Float64Array, syn: Float64Array): number {
  const a = Float64Array.from(real.filter((v) => !Number.isNaN(v))).sort();
  const b = Float64Array.from(syn.filter((v) => !Number.isNaN(v))).sort();
  if (!a.length || !b.length) return a.length === b.length ? 1 : 0;
  let i = 0, j = 0, d = 0;
  while (i < a.length && j < b.length) {
    const x = Math.min(a[i], b[j]);
    while (i < a.length && a[i] <= x) i++;
    while (j < b.length && b[j] <= x) j++;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  return 1 - d;
}

function labelsOf(c: Col, rows: number): (string | null)[] {
  const out: (string | null)[] = new Array(rows);
  const d = c.data;
  for (let i = 0; i < rows; i++) {
    if (d.kind === 'category') out[i] = d.codes[i] < 0 ? null : d.categories[d.codes[i]];
    else if (d.kind === 'string') out[i] = d.values[i];
    else out[i] = Number.isNaN(d.values[i]) ? null : String(d.values[i]);
  }
  return out;
}

export function tvComplement(real: (string | null)[], syn: (string | null)[]): number {
  const pr = new Map<string, number>(), ps = new Map<string, number>();
  const r = real.filter((v) => v !== null) as string[];
  const s = syn.filter((v) => v !== null) as string[];
  for (const v of r) pr.set(v, (pr.get(v) ?? 0) + 1 / r.length);
  for (const v of s) ps.set(v, (ps.get(v) ?? 0) + 1 / s.length);
  let tv = 0;
  for (const k of new Set([...pr.keys(), ...ps.keys()])) tv += Math.abs((pr.get(k) ?? 0) - (ps.get(k) ?? 0));
  return 1 - tv / 2;
}

/** Per-column shape scores and their mean. */
export function columnShapes(real: Table, syn: Table): { mean: number; byColumn: Record<string, number> } {
  const byColumn: Record<string, number> = {};
  real.columns.forEach((c, j) => {
    const s = syn.columns[j];
    if (c.spec.type === 'identifier' || c.spec.type === 'text') return;
    byColumn[c.spec.name] = c.data.kind === 'number' && s.data.kind === 'number'
      ? ksComplement(c.data.values, s.data.values)
      : tvComplement(labelsOf(c, real.rowCount), labelsOf(s, syn.rowCount));
  });
  const v = Object.values(byColumn);
  return { mean: v.reduce((a, b) => a + b, 0) / v.length, byColumn };
}

function pearson(x: Float64Array, y: Float64Array): number {
  let k = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i], b = y[i];
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    k++; sx += a; sy += b; sxx += a * a; syy += b * b; sxy += a * b;
  }
  const cxx = sxx - sx * sx / k, cyy = syy - sy * sy / k;
  return cxx > 0 && cyy > 0 ? (sxy - sx * sy / k) / Math.sqrt(cxx * cyy) : NaN;
}

/**
 * Codes of a column in a code space shared by the real and synthetic tables: numbers in 10
 * equal-width bins on the real range (outer edges open), categories by label; missing is the
 * last code. Returns the codes of both tables and the number of codes.
 */
function sharedCodes(real: Table, syn: Table, j: number): { r: Int32Array; s: Int32Array; k: number } {
  const rc = real.columns[j], sc = syn.columns[j];
  if (rc.data.kind === 'number' && sc.data.kind === 'number') {
    let lo = Infinity, hi = -Infinity;
    for (const v of rc.data.values) if (!Number.isNaN(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    const w = (hi - lo) / 10;
    const bin = (values: Float64Array): Int32Array => Int32Array.from(values, (v) => (Number.isNaN(v) ? 10 : w > 0 ? Math.max(0, Math.min(9, Math.floor((v - lo) / w))) : 0));
    return { r: bin(rc.data.values), s: bin(sc.data.values), k: 11 };
  }
  const ids = new Map<string, number>();
  const code = (t: Table, c: Table['columns'][number]): Int32Array => {
    const labels = labelsOf(c, t.rowCount);
    return Int32Array.from(labels, (l) => {
      if (l === null) return -1;
      let id = ids.get(l);
      if (id === undefined) { id = ids.size; ids.set(l, id); }
      return id;
    });
  };
  const r = code(real, rc), s = code(syn, sc);
  const k = ids.size + 1;
  for (const a of [r, s]) for (let i = 0; i < a.length; i++) if (a[i] < 0) a[i] = k - 1;
  return { r, s, k };
}

/** Mean pair-trend score over all modelled column pairs (and the per-pair scores). */
export function pairTrends(real: Table, syn: Table): { mean: number; pairs: Record<string, number> } {
  const pairs: Record<string, number> = {};
  const cols = real.columns.map((_, j) => j).filter((j) => !['identifier', 'text'].includes(real.columns[j].spec.type));
  const codes = new Map(cols.map((j) => [j, sharedCodes(real, syn, j)] as const));
  for (let x = 0; x < cols.length; x++) for (let y = x + 1; y < cols.length; y++) {
    const a = cols[x], b = cols[y];
    const ca = real.columns[a], cb = real.columns[b];
    const name = `${ca.spec.name}|${cb.spec.name}`;
    if (ca.data.kind === 'number' && cb.data.kind === 'number') {
      const sa = syn.columns[a].data as { values: Float64Array }, sb = syn.columns[b].data as { values: Float64Array };
      const rr = pearson(ca.data.values, cb.data.values), rs = pearson(sa.values, sb.values);
      if (Number.isNaN(rr)) continue;
      pairs[name] = 1 - Math.abs(rr - (Number.isNaN(rs) ? 0 : rs)) / 2;
    } else {
      const A = codes.get(a)!, B = codes.get(b)!;
      const pr = new Float64Array(A.k * B.k), ps = new Float64Array(A.k * B.k);
      for (let i = 0; i < real.rowCount; i++) pr[A.r[i] * B.k + B.r[i]] += 1 / real.rowCount;
      for (let i = 0; i < syn.rowCount; i++) ps[A.s[i] * B.k + B.s[i]] += 1 / syn.rowCount;
      let tv = 0;
      for (let c = 0; c < pr.length; c++) tv += Math.abs(pr[c] - ps[c]);
      pairs[name] = 1 - tv / 2;
    }
  }
  const v = Object.values(pairs);
  return { mean: v.reduce((p, q) => p + q, 0) / v.length, pairs };
}

/** Share of `syn` rows equal on every (non-string) column to some `real` row. */
export function exactMatchRate(real: Table, syn: Table): number {
  const key = (t: Table, i: number): string => t.columns.map((c) => {
    const d = c.data;
    if (d.kind === 'number') return Number.isNaN(d.values[i]) ? '' : String(d.values[i]);
    if (d.kind === 'category') return d.codes[i] < 0 ? '\u0000' : d.categories[d.codes[i]];
    return d.values[i] ?? '\u0000';
  }).join('\u0001');
  const set = new Set<string>();
  for (let i = 0; i < real.rowCount; i++) set.add(key(real, i));
  let hits = 0;
  for (let i = 0; i < syn.rowCount; i++) if (set.has(key(syn, i))) hits++;
  return hits / syn.rowCount;
}

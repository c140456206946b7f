/** In-memory tables and matching metadata for the correlated-generator tests. */
import type { Metadata, MetadataColumn } from '../../../src/core/metadata';
import type { Table } from '../../../src/core/schema';
import { createRandom } from '../../../src/core/random';
import type { FittedModel, Generator } from '../../../src/core/synth/generator';

/**
 * Metadata for a table as a profiler would publish it, without disclosure coarsening
 * (bounds = min/max, 10 equal-width histogram bins, category counts), except that categories
 * listed in `suppress` are left out (as if below the threshold).
 */
export function metadataFor(table: Table, suppress: Record<string, string[]> = {}): Metadata {
  const columns: MetadataColumn[] = table.columns.map(({ spec, data }): MetadataColumn => {
    if (data.kind === 'number') {
      const present = Float64Array.from(data.values.filter((v) => !Number.isNaN(v))).sort();
      const lo = present.length ? present[0] : 0, hi = present.length ? present[present.length - 1] : 1;
      const edges: number[] = [], counts: number[] = [];
      for (let j = 0; j <= 10; j++) edges.push(lo + ((hi - lo) * j) / 10);
      for (let j = 0; j < 10; j++) counts.push(present.filter((v) => v >= edges[j] && (j === 9 ? v <= hi : v < edges[j + 1])).length);
      const q = (p: number): number => (present.length ? present[Math.floor(p * (present.length - 1))] : 0);
      return {
        name: spec.name, type: spec.type as 'numeric', format: spec.format, missing: (data.values.length - present.length) / data.values.length, disclosure: [],
        bounds: { lower: lo, upper: hi }, quantiles: { p: [0, 0.5, 1], values: [q(0), q(0.5), q(1)] }, histogram: { edges, counts },
      };
    }
    if (data.kind === 'category') {
      const counts = new Array<number>(data.categories.length).fill(0);
      let missing = 0;
      for (const c of data.codes) if (c < 0) missing++; else counts[c]++;
      const hidden = new Set(suppress[spec.name] ?? []);
      return {
        name: spec.name, type: spec.type as 'categorical', format: spec.format, missing: missing / data.codes.length, disclosure: [],
        categories: data.categories.map((value, i) => ({ value, count: counts[i] })).filter((c) => !hidden.has(c.value) && c.count > 0),
        ...(hidden.size ? { other: { categories: hidden.size, count: null, label: 'Other' } } : {}),
      };
    }
    return {
      name: spec.name, type: spec.type as 'identifier', format: spec.format, missing: 0, disclosure: [{ kind: 'unique-key', reason: 'every value distinct' }],
      length: { quantiles: { p: [0.5], values: [8] } }, unique: true,
    };
  });
  return {
    format: 'twin-metadata/1', generator: { tool: 'synthetic-twin', version: 'test' },
    dataset: { name: 't', rows: table.rowCount, dialect: { kind: 'parquet', fields: [] }, fingerprint: { method: 'hmac-sha256', hmac: '0'.repeat(64) } },
    disclosure: { threshold: 10, rounding: 5, tailQuantile: 0.01, dateResolution: 'month' }, columns, controls: [],
  };
}

export function numberColumn(name: string, values: ArrayLike<number>, type: 'numeric' | 'integer' = 'numeric'): Table['columns'][number] {
  return {
    spec: { name, type, format: type === 'integer' ? { kind: 'integer', thousands: false } : { kind: 'number', decimals: null, thousands: false } },
    data: { kind: 'number', values: Float64Array.from(values) },
  };
}

export function categoryColumn(name: string, labels: readonly (string | null)[]): Table['columns'][number] {
  const categories: string[] = [];
  const index = new Map<string, number>();
  const codes = new Int32Array(labels.length);
  labels.forEach((l, i) => {
    if (l === null) { codes[i] = -1; return; }
    let k = index.get(l);
    if (k === undefined) { k = categories.length; categories.push(l); index.set(l, k); }
    codes[i] = k;
  });
  return { spec: { name, type: 'categorical', format: { kind: 'string' } }, data: { kind: 'category', codes, categories } };
}

/** Fits `generator` with seed `fitSeed` and draws `rows` rows with `sampleSeed`, concatenated; also returns the batch sizes. */
export async function synthesize(generator: Generator, table: Table, metadata: Metadata, rows: number, seeds: { fit?: number; sample?: number; epsilon?: number } = {}): Promise<{ table: Table; batches: number[]; model: FittedModel }> {
  const model = await generator.fit({ metadata, table, ...(seeds.epsilon !== undefined ? { epsilon: seeds.epsilon } : {}) }, { rng: createRandom(seeds.fit ?? 1) });
  const parts: Table[] = [];
  for await (const b of model.sample(rows, { rng: createRandom(seeds.sample ?? 2) })) parts.push(b);
  return { table: concatTables(parts), batches: parts.map((p) => p.rowCount), model };
}

export function concatTables(parts: Table[]): Table {
  const rowCount = parts.reduce((s, p) => s + p.rowCount, 0);
  const columns = parts[0].columns.map((c, j): Table['columns'][number] => {
    const d = c.data;
    if (d.kind === 'number') {
      const v = new Float64Array(rowCount);
      let o = 0;
      for (const p of parts) { const x = p.columns[j].data as { values: Float64Array }; v.set(x.values, o); o += p.rowCount; }
      return { spec: c.spec, data: { kind: 'number', values: v } };
    }
    if (d.kind === 'category') {
      const v = new Int32Array(rowCount);
      let o = 0;
      for (const p of parts) { const x = p.columns[j].data as { codes: Int32Array }; v.set(x.codes, o); o += p.rowCount; }
      return { spec: c.spec, data: { kind: 'category', codes: v, categories: d.categories } };
    }
    return { spec: c.spec, data: { kind: 'string', values: parts.flatMap((p) => (p.columns[j].data as { values: (string | null)[] }).values) } };
  });
  return { rowCount, columns };
}

/** Label of row i of a category column (null when missing). */
export function labelAt(t: Table, column: string, i: number): string | null {
  const c = t.columns.find((x) => x.spec.name === column)!.data;
  if (c.kind !== 'category') throw new Error('not a category column');
  return c.codes[i] < 0 ? null : c.categories[c.codes[i]];
}

export function valuesOf(t: Table, column: string): Float64Array {
  const c = t.columns.find((x) => x.spec.name === column)!.data;
  if (c.kind !== 'number') throw new Error('not a number column');
  return c.values;
}

export function pearsonOf(x: Float64Array, y: Float64Array): number {
  let k = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]) || Number.isNaN(y[i])) continue;
    k++; sx += x[i]; sy += y[i]; sxx += x[i] * x[i]; syy += y[i] * y[i]; sxy += x[i] * y[i];
  }
  return (sxy - (sx * sy) / k) / Math.sqrt((sxx - (sx * sx) / k) * (syy - (sy * sy) / k));
}

/** A seeded standard-normal stream for building fixtures. */
export function normals(seed: number): () => number {
  const r = createRandom(seed);
  return () => r.normal();
}

/** Whether two tables hold identical values (NaN equal to NaN). */
export function tablesEqual(a: Table, b: Table): boolean {
  if (a.rowCount !== b.rowCount || a.columns.length !== b.columns.length) return false;
  return a.columns.every((c, j) => {
    const x = c.data, y = b.columns[j].data;
    if (x.kind === 'number' && y.kind === 'number') return x.values.every((v, i) => Object.is(v, y.values[i]));
    if (x.kind === 'category' && y.kind === 'category') return x.codes.every((v, i) => v === y.codes[i]) && x.categories.join('\u0001') === y.categories.join('\u0001');
    if (x.kind === 'string' && y.kind === 'string') return x.values.every((v, i) => v === y.values[i]);
    return false;
  });
}

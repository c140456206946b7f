import type { Random } from '../random';
import type { ColumnData, Table } from '../schema';

/** The rows `indices` of a table, in that order (a new table; category lists are shared). */
export function takeRows(table: Table, indices: ArrayLike<number>): Table {
  const n = indices.length;
  const columns = table.columns.map(({ spec, data }) => {
    let out: ColumnData;
    if (data.kind === 'number') {
      const v = new Float64Array(n);
      for (let i = 0; i < n; i++) v[i] = data.values[indices[i]];
      out = { kind: 'number', values: v };
    } else if (data.kind === 'category') {
      const c = new Int32Array(n);
      for (let i = 0; i < n; i++) c[i] = data.codes[indices[i]];
      out = { kind: 'category', codes: c, categories: data.categories };
    } else {
      const v = new Array<string | null>(n);
      for (let i = 0; i < n; i++) v[i] = data.values[indices[i]];
      out = { kind: 'string', values: v };
    }
    return { spec, data: out };
  });
  return { rowCount: n, columns };
}

/** A uniformly random permutation of 0..n−1 (Fisher–Yates with the given random source). */
export function permutation(n: number, rng: Random): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/**
 * A uniform random sample of `size` rows without replacement (row order kept), or the table
 * itself when it is no larger. Seeded by `rng`, so the same seed picks the same rows.
 */
export function sampleRows(table: Table, size: number, rng: Random): { table: Table; sampled: boolean } {
  if (table.rowCount <= size) return { table, sampled: false };
  const chosen = permutation(table.rowCount, rng).subarray(0, size).sort();
  return { table: takeRows(table, chosen), sampled: true };
}

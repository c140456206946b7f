import type { ColumnData, Table } from '../../schema';

/** Joins a column's batches into one column of `rows` values (categories re-coded onto one list). */
export function concatColumn(parts: readonly ColumnData[], rows: number): ColumnData {
  if (parts.length === 1) return parts[0];
  const first = parts[0];
  if (first.kind === 'number') {
    const out = new Float64Array(rows);
    let at = 0;
    for (const p of parts) { out.set((p as { values: Float64Array }).values, at); at += (p as { values: Float64Array }).values.length; }
    return { kind: 'number', values: out };
  }
  if (first.kind === 'string') return { kind: 'string', values: parts.flatMap((p) => (p as { values: (string | null)[] }).values) };
  const categories: string[] = [];
  const index = new Map<string, number>();
  const codes = new Int32Array(rows);
  let at = 0;
  for (const p of parts as readonly { codes: Int32Array; categories: string[] }[]) {
    const map = p.categories.map((c) => { let i = index.get(c); if (i === undefined) { i = categories.length; categories.push(c); index.set(c, i); } return i; });
    for (let i = 0; i < p.codes.length; i++) codes[at++] = p.codes[i] < 0 ? -1 : map[p.codes[i]];
  }
  return { kind: 'category', codes, categories };
}

/** Joins a model's batches (the same columns each) into one table of `rows` rows. */
export function concatTables(parts: readonly Table[], rows: number): Table {
  if (parts.length === 1) return parts[0];
  return { rowCount: rows, columns: parts[0].columns.map((c, j) => ({ spec: c.spec, data: concatColumn(parts.map((p) => p.columns[j].data), rows) })) };
}

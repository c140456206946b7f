import type { ColumnSpec, Table } from '../schema';

/** Maps each target column to the table column holding its values (by name, else by position). */
export function columnIndexMap(table: Table, columns: ColumnSpec[]): number[] {
  const byName = new Map<string, number>();
  table.columns.forEach((c, i) => { if (!byName.has(c.spec.name)) byName.set(c.spec.name, i); });
  return columns.map((spec, j) => {
    const i = byName.get(spec.name);
    if (i !== undefined) return i;
    if (j < table.columns.length) return j;
    throw new Error(`table has no column "${spec.name}"`);
  });
}

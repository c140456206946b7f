import type { ColumnData, ColumnSpec, ColumnType, Table } from '../../../src/core/schema';
import type { Random } from '../../../src/core/random';

/** Test helpers for the privacy metrics: hand-built tables and an independent-columns twin. */

export type Cell = number | string | null;

function specOf(name: string, type: ColumnType): ColumnSpec {
  if (type === 'numeric') return { name, type, format: { kind: 'number', decimals: null, thousands: false } };
  if (type === 'integer') return { name, type, format: { kind: 'integer', thousands: false } };
  if (type === 'date') return { name, type, format: { kind: 'date', pattern: 'yyyy-MM-dd' } };
  if (type === 'boolean') return { name, type, format: { kind: 'boolean', trueToken: 'TRUE', falseToken: 'FALSE' } };
  return { name, type, format: { kind: 'string' } };
}

/** A table from named, typed columns of cells (null = missing). */
export function tableOf(columns: { name: string; type: ColumnType; values: Cell[] }[]): Table {
  const rowCount = columns.length ? columns[0].values.length : 0;
  return {
    rowCount,
    columns: columns.map(({ name, type, values }) => {
      let data: ColumnData;
      if (type === 'numeric' || type === 'integer' || type === 'date' || type === 'datetime') {
        data = { kind: 'number', values: Float64Array.from(values, (v) => (v === null ? NaN : Number(v))) };
      } else if (type === 'text' || type === 'identifier') {
        data = { kind: 'string', values: values.map((v) => (v === null ? null : String(v))) };
      } else {
        const categories: string[] = [];
        const index = new Map<string, number>();
        const codes = Int32Array.from(values, (v) => {
          if (v === null) return -1;
          const s = String(v);
          let c = index.get(s);
          if (c === undefined) {
            c = categories.length;
            categories.push(s);
            index.set(s, c);
          }
          return c;
        });
        data = { kind: 'category', codes, categories };
      }
      return { spec: specOf(name, type), data };
    }),
  };
}

/**
 * A twin with independent columns: each value drawn from the real column's values at a random row
 * (keeps every marginal, breaks every relationship between columns).
 */
export function independentTwin(real: Table, rows: number, rng: Random): Table {
  return {
    rowCount: rows,
    columns: real.columns.map(({ spec, data }) => {
      const pick = Int32Array.from({ length: rows }, () => rng.int(real.rowCount));
      let out: ColumnData;
      if (data.kind === 'number') out = { kind: 'number', values: Float64Array.from(pick, (i) => data.values[i]) };
      else if (data.kind === 'category') out = { kind: 'category', codes: Int32Array.from(pick, (i) => data.codes[i]), categories: data.categories };
      else out = { kind: 'string', values: Array.from(pick, (i) => data.values[i]) };
      return { spec, data: out };
    }),
  };
}

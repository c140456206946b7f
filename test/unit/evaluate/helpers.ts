import { categoryColumnOf } from '../../../src/core/evaluate/columns';
import { createRandom } from '../../../src/core/random';
import type { ColumnData, ColumnSpec, ColumnType, Table } from '../../../src/core/schema';

/** A table from named columns; types given or inferred from the data kind. */
export function tableOf(cols: [string, ColumnData, ColumnType?][]): Table {
  const first = cols[0][1];
  const rowCount = first.kind === 'category' ? first.codes.length : first.values.length;
  return {
    rowCount,
    columns: cols.map(([name, data, t]) => {
      const type: ColumnType = t ?? (data.kind === 'number' ? 'numeric' : data.kind === 'category' ? 'categorical' : 'text');
      const spec: ColumnSpec = { name, type, format: type === 'numeric' ? { kind: 'number', decimals: null, thousands: false } : { kind: 'string' } };
      return { spec, data };
    }),
  };
}

/**
 * A seeded mixed-type population: age ~ N(40, 10); group a/b/c; income depends on age
 * and group; flag ∈ {yes, no} with P(yes) rising with income; an id column; 5% of income missing.
 */
export function population(n: number, seed: number): Table {
  const rng = createRandom(seed);
  const age = new Float64Array(n);
  const income = new Float64Array(n);
  const group: string[] = [];
  const flag: string[] = [];
  const id: (string | null)[] = [];
  for (let i = 0; i < n; i++) {
    age[i] = Math.round(40 + 10 * rng.normal());
    const g = rng.next();
    const grp = g < 0.5 ? 'a' : g < 0.8 ? 'b' : 'c';
    group.push(grp);
    const inc = 20 + 0.8 * age[i] + (grp === 'b' ? 10 : grp === 'c' ? -5 : 0) + 5 * rng.normal();
    income[i] = rng.next() < 0.05 ? NaN : inc;
    const p = 1 / (1 + Math.exp(-(inc - 55) / 5));
    flag.push(rng.next() < p ? 'yes' : 'no');
    id.push(`ID${100000 + i}`);
  }
  return tableOf([
    ['id', { kind: 'string', values: id }, 'identifier'],
    ['age', { kind: 'number', values: age }, 'integer'],
    ['group', categoryColumnOf(group)],
    ['income', { kind: 'number', values: income }],
    ['flag', categoryColumnOf(flag), 'boolean'],
  ]);
}

import type { CategoryColumnData, ColumnData } from '../schema';

/**
 * Small helpers shared by the metrics: pulling non-missing values out of
 * columns, aligning two tables' category codes on one list of categories,
 * and descriptive statistics.
 */

/** The non-missing values (NaN dropped) of a numeric column, in row order. */
export function presentValues(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v)) out[j++] = v;
  }
  return out;
}

/** The non-missing values, sorted ascending. */
export function sortedPresent(values: ArrayLike<number>): Float64Array {
  return presentValues(values).sort();
}

/** Two category columns re-coded on one list of categories (real's first, then synthetic-only ones); -1 = missing. */
export interface AlignedCategories {
  categories: string[];
  real: Int32Array;
  synthetic: Int32Array;
}

/** Re-codes any number of category columns onto the union of their categories, first column's categories first. */
export function alignCategoryColumns(columns: readonly CategoryColumnData[]): { categories: string[]; codes: Int32Array[] } {
  const index = new Map<string, number>();
  const categories: string[] = [];
  const codes = columns.map((col) => {
    const map = new Int32Array(col.categories.length);
    for (let c = 0; c < col.categories.length; c++) {
      const name = col.categories[c];
      let u = index.get(name);
      if (u === undefined) {
        u = categories.length;
        index.set(name, u);
        categories.push(name);
      }
      map[c] = u;
    }
    const out = new Int32Array(col.codes.length);
    for (let i = 0; i < col.codes.length; i++) {
      const c = col.codes[i];
      out[i] = c < 0 ? -1 : map[c];
    }
    return out;
  });
  return { categories, codes };
}

/** Aligns a real and a synthetic category column (see `alignCategoryColumns`). */
export function alignCategories(real: CategoryColumnData, synthetic: CategoryColumnData): AlignedCategories {
  const { categories, codes } = alignCategoryColumns([real, synthetic]);
  return { categories, real: codes[0], synthetic: codes[1] };
}

/** Builds a category column from strings (null = missing), categories in order of first appearance. */
export function categoryColumnOf(values: readonly (string | null)[]): CategoryColumnData {
  const index = new Map<string, number>();
  const categories: string[] = [];
  const codes = new Int32Array(values.length);
  values.forEach((v, i) => {
    if (v === null) {
      codes[i] = -1;
      return;
    }
    let c = index.get(v);
    if (c === undefined) {
      c = categories.length;
      index.set(v, c);
      categories.push(v);
    }
    codes[i] = c;
  });
  return { kind: 'category', codes, categories };
}

/** Builds a number column from numbers (null or NaN = missing). */
export function numberColumnOf(values: readonly (number | null)[]): ColumnData {
  return { kind: 'number', values: Float64Array.from(values, (v) => (v === null ? NaN : v)) };
}

/** Count of missing entries of a column. */
export function missingCount(data: ColumnData): number {
  let n = 0;
  if (data.kind === 'number') {
    for (let i = 0; i < data.values.length; i++) if (Number.isNaN(data.values[i])) n++;
  } else if (data.kind === 'category') {
    for (let i = 0; i < data.codes.length; i++) if (data.codes[i] < 0) n++;
  } else {
    for (let i = 0; i < data.values.length; i++) if (data.values[i] === null) n++;
  }
  return n;
}

/** Number of entries of a column. */
export function lengthOf(data: ColumnData): number {
  return data.kind === 'category' ? data.codes.length : data.values.length;
}

/** Mean of the finite numbers in a list; null when there are none. */
export function meanOf(values: readonly (number | null)[]): number | null {
  let s = 0;
  let n = 0;
  for (const v of values) {
    if (v !== null && Number.isFinite(v)) {
      s += v;
      n++;
    }
  }
  return n === 0 ? null : s / n;
}

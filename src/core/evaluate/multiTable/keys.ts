import type { ColumnData } from '../../schema';

/**
 * The values of a key column as strings, whatever its in-memory layout (an integer
 * key is a number column, a code-like key a category column, an ID a string column);
 * null marks a missing key. Numbers are written in their shortest form, so `7` in a
 * parent and `7` in a child compare equal.
 */
export function keyValues(data: ColumnData): (string | null)[] {
  switch (data.kind) {
    case 'string':
      return data.values.map((v) => (v === null || v === '' ? null : v));
    case 'category':
      return Array.from(data.codes, (c) => (c < 0 ? null : data.categories[c]));
    case 'number':
      return Array.from(data.values, (v) => (Number.isNaN(v) ? null : String(v)));
  }
}

/** Number of rows of each child key value (missing keys not counted). */
export function childCounts(childKeys: readonly (string | null)[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const k of childKeys) if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}

/**
 * The cardinality distribution of a link: for each parent row, how many child rows
 * reference it, 0 for parents with none (SDMetrics `utils.get_cardinality_distribution`:
 * the parent column left-joined to the child's value counts, missing filled with 0).
 */
export function cardinalities(parentKeys: readonly (string | null)[], childKeys: readonly (string | null)[]): Float64Array {
  const counts = childCounts(childKeys);
  const out = new Float64Array(parentKeys.length);
  for (let i = 0; i < parentKeys.length; i++) {
    const k = parentKeys[i];
    out[i] = k === null ? 0 : counts.get(k) ?? 0;
  }
  return out;
}

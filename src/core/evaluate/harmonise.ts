import type { CategoryColumnData, Table } from '../schema';

/**
 * A category label as compared across files: trimmed, lower case, without a trailing
 * full stop. Real extracts of one dataset often differ only so — UCI Adult's test file
 * writes ">50K." where the training file writes ">50K".
 */
export function normaliseLabel(label: string): string {
  return label.trim().replace(/\.$/, '').toLowerCase();
}

/**
 * Renames a table's categories that the real data spells differently only by case,
 * surrounding spaces or a trailing full stop, to the real spelling — so that a holdout
 * from another export of the same dataset is compared like for like (exact matches,
 * distances, attacks). A category matching no real category, or several, is left as is.
 * @returns the harmonised table (columns not changed are shared) and one note per changed column (counts only, no values).
 */
export function harmoniseCategories(real: Table, other: Table): { table: Table; notes: string[] } {
  const notes: string[] = [];
  const columns = other.columns.map((col) => {
    if (col.data.kind !== 'category') return col;
    const realCol = real.columns.find((c) => c.spec.name === col.spec.name);
    if (!realCol || realCol.data.kind !== 'category') return col;
    const realSet = new Set(realCol.data.categories);
    const byNormalised = new Map<string, string | null>();
    for (const c of realCol.data.categories) {
      const key = normaliseLabel(c);
      byNormalised.set(key, byNormalised.has(key) ? null : c);
    }
    let renamed = 0;
    const categories = col.data.categories.map((c) => {
      if (realSet.has(c)) return c;
      const match = byNormalised.get(normaliseLabel(c));
      if (match === undefined || match === null) return c;
      renamed++;
      return match;
    });
    if (renamed === 0) return col;
    notes.push(`column ${JSON.stringify(col.spec.name)}: ${renamed} holdout ${renamed === 1 ? 'category' : 'categories'} matched to the real data's spelling (ignoring case, surrounding spaces and a trailing full stop)`);
    return { spec: col.spec, data: mergeDuplicateCategories(col.data.codes, categories) };
  });
  return { table: { rowCount: other.rowCount, columns }, notes };
}

/** Codes over a category list that may now hold the same label twice, re-coded onto distinct labels. */
function mergeDuplicateCategories(codes: Int32Array, categories: string[]): CategoryColumnData {
  const distinct: string[] = [];
  const index = new Map<string, number>();
  const remap = categories.map((c) => {
    let k = index.get(c);
    if (k === undefined) {
      k = distinct.length;
      distinct.push(c);
      index.set(c, k);
    }
    return k;
  });
  const out = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = codes[i] < 0 ? codes[i] : remap[codes[i]];
  return { kind: 'category', codes: out, categories: distinct };
}

import type { ColumnType } from '../../schema';

/**
 * Rare-category leakage: categories that fewer than k real records hold
 * (the disclosure threshold, default 10; DESIGN.md's disclosure control
 * merges or suppresses them) and that nevertheless appear in the twin. A
 * re-emitted rare category can point to the few people who hold it.
 * Categorical, boolean, text and identifier columns are checked (a copied
 * identifier is a leaked category of one). Text and identifier columns are
 * listed only when a real value reappears in the twin, and their values do not
 * count towards the rare-category total: nearly every identifier is "rare", so
 * counting them would drown the categorical figure. Only counts are reported; the
 * category values themselves are disclosive and never leave this function.
 */

export interface RareCategoryColumn {
  column: string;
  /** Categories with 1 ≤ real count < k. */
  rareCategories: number;
  /** Of those, categories that appear in the synthetic data. */
  leaked: number;
  /** Synthetic rows holding a leaked category. */
  syntheticRows: number;
}

export interface RareCategoryLeakage {
  threshold: number;
  rareCategories: number;
  leaked: number;
  rate: number;
  syntheticRows: number;
  columns: RareCategoryColumn[];
}

/** A column's real and synthetic codes in one shared category space (−1 missing). */
export interface CodedColumn {
  name: string;
  type: ColumnType;
  categories: number;
  real: Int32Array;
  synthetic: Int32Array;
}

/** Counts rare real categories (real count < threshold) and those that appear in the synthetic data, per column. */
export function computeRareCategoryLeakage(columns: readonly CodedColumn[], threshold: number): RareCategoryLeakage {
  const out: RareCategoryColumn[] = [];
  let rare = 0;
  let leaked = 0;
  let rows = 0;
  for (const col of columns) {
    const realCount = new Int32Array(col.categories);
    const synCount = new Int32Array(col.categories);
    for (let i = 0; i < col.real.length; i++) if (col.real[i] >= 0) realCount[col.real[i]]++;
    for (let i = 0; i < col.synthetic.length; i++) if (col.synthetic[i] >= 0) synCount[col.synthetic[i]]++;
    let r = 0;
    let l = 0;
    let s = 0;
    for (let c = 0; c < col.categories; c++) {
      if (realCount[c] === 0 || realCount[c] >= threshold) continue;
      r++;
      if (synCount[c] > 0) {
        l++;
        s += synCount[c];
      }
    }
    if (r === 0) continue;
    const stringColumn = col.type === 'text' || col.type === 'identifier';
    if (stringColumn && l === 0) continue;
    out.push({ column: col.name, rareCategories: r, leaked: l, syntheticRows: s });
    if (!stringColumn) rare += r;
    leaked += l;
    rows += s;
  }
  return { threshold, rareCategories: rare, leaked, rate: rare ? Math.min(1, leaked / rare) : leaked > 0 ? 1 : 0, syntheticRows: rows, columns: out };
}

/**
 * CategoryCoverage (SDMetrics 0.29, `sdmetrics.single_column.CategoryCoverage`):
 * share of the real categories (missing dropped) that appear in the synthetic column.
 * Codes on one shared category list (`alignCategories`), −1 = missing. Null when the real column has no values.
 */
export function categoryCoverage(real: Int32Array, synthetic: Int32Array, categoryCount: number): number | null {
  const inReal = new Uint8Array(categoryCount);
  const inSyn = new Uint8Array(categoryCount);
  for (let i = 0; i < real.length; i++) if (real[i] >= 0) inReal[real[i]] = 1;
  for (let i = 0; i < synthetic.length; i++) if (synthetic[i] >= 0) inSyn[synthetic[i]] = 1;
  let nReal = 0;
  let covered = 0;
  for (let c = 0; c < categoryCount; c++) {
    if (inReal[c]) {
      nReal++;
      if (inSyn[c]) covered++;
    }
  }
  return nReal === 0 ? null : covered / nReal;
}

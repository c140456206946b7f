/**
 * TVComplement (SDMetrics 0.29, `sdmetrics.single_column.TVComplement`):
 * `1 − ½·Σ_c |p_syn(c) − p_real(c)|` over the union of categories, missing
 * values dropped. Codes are indices into one shared category list
 * (`alignCategories`), −1 = missing; `categoryCount` is that list's length.
 * Null when either side has no values.
 */
export function tvComplement(real: Int32Array, synthetic: Int32Array, categoryCount: number): number | null {
  const cr = new Float64Array(categoryCount);
  const cs = new Float64Array(categoryCount);
  const nr = countCodes(real, cr);
  const ns = countCodes(synthetic, cs);
  if (nr === 0 || ns === 0) return null;
  let tv = 0;
  for (let c = 0; c < categoryCount; c++) tv += Math.abs(cr[c] / nr - cs[c] / ns);
  return 1 - tv / 2;
}

/** Adds the non-missing codes into `counts`; returns how many there were. */
export function countCodes(codes: Int32Array, counts: Float64Array): number {
  let n = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c >= 0) {
      counts[c]++;
      n++;
    }
  }
  return n;
}

/**
 * CategoryAdherence (SDMetrics 0.29, `sdmetrics.single_column.CategoryAdherence`):
 * share of synthetic values that are categories of the real column. As in
 * SDMetrics (which fills NaN and compares sets), a missing synthetic value
 * adheres when the real column has missing values too.
 * Codes on one shared category list, −1 = missing. Null when the synthetic column is empty.
 */
export function categoryAdherence(real: Int32Array, synthetic: Int32Array, categoryCount: number): number | null {
  if (synthetic.length === 0) return null;
  const inReal = new Uint8Array(categoryCount);
  let realHasMissing = false;
  for (let i = 0; i < real.length; i++) {
    const c = real[i];
    if (c >= 0) inReal[c] = 1;
    else realHasMissing = true;
  }
  let ok = 0;
  for (let i = 0; i < synthetic.length; i++) {
    const c = synthetic[i];
    if (c >= 0 ? inReal[c] === 1 : realHasMissing) ok++;
  }
  return ok / synthetic.length;
}

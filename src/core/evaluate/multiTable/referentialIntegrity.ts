/**
 * ReferentialIntegrity (SDMetrics, `sdmetrics.column_pairs.ReferentialIntegrity`): the share
 * of the synthetic child table's foreign-key values that reference a synthetic parent's
 * primary key. Missing foreign keys count as broken references unless the real foreign
 * key also has missing values (an optional link), in which case they are dropped first.
 * Null when no synthetic foreign-key value is left to check.
 */
export function referentialIntegrity(
  realForeignKey: readonly (string | null)[],
  syntheticPrimaryKey: readonly (string | null)[],
  syntheticForeignKey: readonly (string | null)[],
): number | null {
  const optional = realForeignKey.some((k) => k === null);
  const parents = new Set<string>();
  for (const k of syntheticPrimaryKey) if (k !== null) parents.add(k);
  let checked = 0;
  let found = 0;
  for (const k of syntheticForeignKey) {
    if (k === null) {
      if (optional) continue;
      checked++;
      continue;
    }
    checked++;
    if (parents.has(k)) found++;
  }
  return checked === 0 ? null : found / checked;
}

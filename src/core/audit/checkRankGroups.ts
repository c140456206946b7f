import { personsOf, type KeyCount } from '../disclosure/multiplicity';
import type { KeyMultiplicity, Metadata } from '../metadata';
import { isRepeatedKey } from '../synth/keys';
import type { RealFacts } from './realFacts';
import type { AuditFinding } from './types';

/**
 * Rank groups of rows per key (a repeated key's multiplicity, children per parent) against the real
 * keys, the person as the unit: each published group covers a run of the real keys ranked by count;
 * its run is known only to the rounding of the published key counts, so the auditor takes the
 * widest run the published counts allow and fails the group when even that holds fewer than k
 * persons (ten encounters of one patient published as a group of "10 keys"). Ties are ranked in
 * the auditor's own order.
 */
export function checkRankGroups(
  published: KeyMultiplicity, real: readonly KeyCount[], k: number, rounding: number,
  file: string, where: string, what: string, out: AuditFinding[], column?: string,
): void {
  if (published.groups.length < 2) return; // one group: its mean is the rounded rows over the rounded keys
  const sorted = real.filter((x) => x.count > 0).sort((a, b) => a.count - b.count);
  const n = sorted.length;
  const slack = rounding / 2;
  let before = 0;
  published.groups.forEach((g, i) => {
    const start = Math.max(0, Math.floor(before - i * slack));
    before += g.keys;
    const end = Math.min(n, Math.ceil(before + (i + 1) * slack));
    const persons = personsOf(sorted, start, end, k);
    if (persons < k) {
      out.push({
        check: 'small-cell', severity: 'fail', file, where: `${where}.groups[${i}]`, ...(column ? { column } : {}),
        message: `${what}: a rank group of keys belonging to fewer than ${k} persons (at most ${persons})`,
      });
    }
  });
}

/** Every repeated key's published rows-per-key groups of a single table's metadata. */
export function checkKeyMultiplicities(metadata: Metadata, facts: RealFacts, file: string, out: AuditFinding[]): void {
  for (const column of metadata.columns) {
    if (!isRepeatedKey(column)) continue;
    const keys = facts.columns.get(column.name)?.keys;
    if (keys) checkRankGroups(column.multiplicity, keys, facts.k, facts.rounding, file, `columns.${column.name}.multiplicity`, `rows per ${column.name}`, out, column.name);
  }
}

import { apparentRange } from '../disclosure/coarsen';
import type { ParentCount } from '../disclosure/relationships';
import type { SummaryFacts } from '../dataset/summaryFacts';
import { refText, type ColumnRef, type DatasetMetadata } from '../dataset/types';
import { lowerBound } from '../math/search';
import type { AuditFinding } from './types';
import type { KeyMultiplicity } from '../metadata';
import { checkRankGroups } from './checkRankGroups';

/**
 * The relationship summaries of a dataset's metadata.json against the real links, the person as
 * the unit: no published count of parents (a group's `keys`) below k; no share of parents with
 * none published when those parents are fewer than k persons; no offset or gap value held by
 * fewer than k persons on the cell its digits suggest (as every published number is read).
 */
export function checkRelationshipSummaries(d: DatasetMetadata, real: SummaryFacts, k: number, rounding: number, file: string, out: AuditFinding[]): void {
  const s = d.summaries;
  if (!s) return;
  const same = (a: ColumnRef, b: ColumnRef): boolean => a.table === b.table && a.column === b.column;
  s.childrenPerParent.forEach((c, j) => {
    const facts = real.links.find((l) => same(l.fk.child, c.child) && same(l.fk.parent, c.parent));
    checkCounts(c, facts?.parents, `$.summaries.childrenPerParent[${j}]`, `${refText(c.child)} → ${refText(c.parent)}`, k, rounding, file, out, facts?.kept);
  });
  s.eventsPerPerson.forEach((e, j) => {
    const facts = real.events.find((l) => l.fk.child.table === e.table);
    checkCounts(e, facts?.parents, `$.summaries.eventsPerPerson[${j}]`, `${e.table} per person`, k, rounding, file, out, facts?.kept);
  });
  s.timeOffsets.forEach((o, j) => {
    const facts = real.dated.find((x) => x.table === o.table && x.column === o.column && x.from === o.from);
    if (facts) checkValues(o.offset.quantiles.values, facts.offsets, `$.summaries.timeOffsets[${j}].offset.quantiles.values`, k, file, out);
  });
  s.eventGaps.forEach((g, j) => {
    const facts = real.dated.find((x) => x.table === g.table && x.column === g.column);
    if (facts) checkValues(g.gap.quantiles.values, facts.gaps, `$.summaries.eventGaps[${j}].gap.quantiles.values`, k, file, out);
  });
}

function checkCounts(
  c: { noneShare: number | null; distribution: KeyMultiplicity },
  parents: readonly ParentCount[] | undefined, where: string, what: string, k: number, rounding: number, file: string, out: AuditFinding[],
  kept = 1,
): void {
  const small = (x: number): boolean => Number.isInteger(x) && x > 0 && x < k;
  if (small(c.distribution.keys)) out.push({ check: 'small-cell', severity: 'fail', file, where: `${where}.distribution.keys`, message: `${what}: a count of ${c.distribution.keys} parents, below the threshold k = ${k}` });
  c.distribution.groups.forEach((g, i) => {
    if (small(g.keys)) out.push({ check: 'small-cell', severity: 'fail', file, where: `${where}.distribution.groups[${i}].keys`, message: `${what}: a group of ${g.keys} parents, below the threshold k = ${k}` });
  });
  // Past the key pass's bound the parents are a fixed share (`kept`) of all and the published counts
  // were scaled up by 1 / kept: the groups are walked over that share in its own units.
  const walked = kept < 1 ? { ...c.distribution, groups: c.distribution.groups.map((g) => ({ ...g, keys: g.keys * kept })) } : c.distribution;
  if (parents) checkRankGroups(walked, parents, k, kept < 1 ? rounding * kept + 1 : rounding, file, `${where}.distribution`, what, out);
  if (parents && c.noneShare !== null && c.noneShare > 0) {
    const persons = new Set(parents.filter((p) => p.count === 0).map((p) => p.person)).size;
    if (persons > 0 && persons < k) out.push({ check: 'small-cell', severity: 'fail', file, where: `${where}.noneShare`, message: `${what}: the share of parents with none rests on fewer than ${k} persons` });
  }
}

function checkValues(values: readonly number[], real: { values: Float64Array; persons: Float64Array }, where: string, k: number, file: string, out: AuditFinding[]): void {
  const order = Array.from(real.values.keys()).sort((a, b) => real.values[a] - real.values[b]);
  const sorted = Float64Array.from(order, (i) => real.values[i]);
  values.forEach((v, i) => {
    const [lo, hi] = apparentRange(v);
    const persons = new Set<number>();
    for (let j = lowerBound(sorted, lo); j < sorted.length && sorted[j] < hi && persons.size < k; j++) persons.add(real.persons[order[j]]);
    if (persons.size > 0 && persons.size < k) out.push({ check: 'rare-number', severity: 'fail', file, where: `${where}[${i}]`, message: `a value held by fewer than ${k} persons at the published precision` });
  });
}

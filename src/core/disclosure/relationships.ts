import type { ControlRecord, DisclosureSettings, KeyMultiplicity } from '../metadata';
import { roundCount } from '../profile/toMetadata';
import { DOMINANCE_K } from './dominance';
import { publishMultiplicity, type KeyCount } from './multiplicity';
import { lowerBound } from '../math/search';
import { apparentRange, numberGrid, numberSteps, safeValue } from './coarsen';
import type { SummaryFacts } from '../dataset/summaryFacts';
import type { RelationshipSummaries } from '../dataset/types';

/**
 * Relationship summaries of a linked dataset (issue 15 item 3) as published, with the PERSON as
 * the unit (DESIGN.md, "The person is the unit"): every group, interval and share published rests
 * on at least k distinct persons. Inputs are the exact facts collected inside the TRE
 * (`dataset/summaryFacts.ts`); outputs are what metadata.json may hold.
 *
 * - Children per parent (and events per person): parents ranked by their number of children and
 *   cut into rank groups of ≥ k parents belonging to ≥ k persons (an encounter's person is its
 *   patient; a parent with no person, such as an organisation, is its own unit), each published as
 *   its rounded parent count and the mean and sd of children (one decimal); a group whose two
 *   largest parents hold over 90% of its children is merged with its neighbour (n,k dominance).
 *   The share of parents with no child is from rounded counts, withheld (null) when those parents
 *   are fewer than k persons.
 * - Offsets and gaps (days): quantiles whose ends lie at least k persons in from each extreme and
 *   whose every interval holds values of ≥ k persons; each value published at the finest precision
 *   (whole days, tens, hundreds…) whose cell, and the cell its digits suggest, holds no person or at
 *   least k (core/disclosure/coarsen, as every published number); withheld under 2k + 1 persons.
 */

/** Every relationship summary as published; a summary whose figures are all withheld is left out. */
export function publishRelationshipSummaries(facts: SummaryFacts, s: DisclosureSettings, controls: ControlRecord[]): RelationshipSummaries {
  const out: RelationshipSummaries = { childrenPerParent: [], eventsPerPerson: [], timeOffsets: [], eventGaps: [] };
  for (const { fk, parents, kept } of facts.links) {
    const p = publishChildCounts(parents, s, `children per parent, ${fk.child.table}.${fk.child.column} → ${fk.parent.table}.${fk.parent.column}`, controls, kept);
    if (p) out.childrenPerParent.push({ child: fk.child, parent: fk.parent, ...p });
  }
  for (const { fk, parents, kept } of facts.events) {
    const p = publishChildCounts(parents, s, `${fk.child.table} rows per person`, controls, kept);
    if (p) out.eventsPerPerson.push({ table: fk.child.table, via: [fk.child], ...p });
  }
  for (const d of facts.dated) {
    const what = `${d.table}.${d.column}`;
    const kept = d.kept < 1 ? `, from a fixed ${Math.round(d.kept * 100)}% of persons` : '';
    const offset = publishPersonQuantiles(d.offsets.values, d.offsets.persons, s, 0);
    const gap = publishPersonQuantiles(d.gaps.values, d.gaps.persons, s, 0);
    if (offset.p.length > 0) out.timeOffsets.push({ table: d.table, column: d.column, from: d.from, offset: { unit: 'day', quantiles: offset } });
    if (gap.p.length > 0) out.eventGaps.push({ table: d.table, column: d.column, gap: { unit: 'day', quantiles: gap } });
    controls.push({
      control: offset.p.length > 0 ? 'quantile-coarsening' : 'small-cell-suppression',
      detail: `${what} days from ${d.from === 'birth' ? 'birth' : "the person's first event"} and between consecutive events: quantiles with ends ≥ ${s.threshold} persons in from the extremes, each interval ≥ ${s.threshold} persons, whole days${kept}; withheld under ${2 * s.threshold + 1} persons`,
    });
  }
  return out;
}

/** One parent: its number of children and the person it belongs to (hash). */
export interface ParentCount extends KeyCount { person: number }

export interface PublishedCounts { noneShare: number | null; distribution: KeyMultiplicity }

/**
 * Children-per-parent (or events-per-person) as published; undefined (withheld) when all parents are
 * fewer than k persons. `kept` < 1: the parents are a fixed hash-chosen share of all (a large
 * dataset's key pass keeps bounded memory); every threshold is applied to the persons among them
 * (at most the persons in all: the safe side) and parent counts are scaled up by 1 / kept before
 * rounding, estimates of the whole.
 */
export function publishChildCounts(parents: readonly ParentCount[], s: DisclosureSettings, what: string, controls: ControlRecord[], kept = 1): PublishedCounts | undefined {
  const k = Math.max(1, s.threshold);
  const scaled = (n: number): number => roundCount(kept < 1 ? Math.round(n / kept) : n, s.rounding);
  if (distinctPersons(parents) < k) {
    controls.push({ control: 'small-cell-suppression', detail: `${what}: fewer than ${k} persons, withheld` });
    return undefined;
  }
  const none = parents.filter((p) => p.count === 0);
  const some = parents.filter((p) => p.count > 0).sort((a, b) => a.count - b.count);
  const noneShare = none.length === 0 ? 0 : distinctPersons(none) < k ? null : round2(scaled(none.length) / scaled(parents.length));
  if (some.length < k || distinctPersons(some) < k) {
    controls.push({ control: 'small-cell-suppression', detail: `${what}: parents with children are fewer than ${k} (or fewer than ${k} persons), withheld` });
    return undefined;
  }
  const distribution = publishMultiplicity(some, s, kept) ?? { keys: scaled(some.length), groups: [{ keys: scaled(some.length), mean: some[0].count, sd: 0 }] };
  const share = kept < 1 ? `; from a fixed ${formatShare(kept)} of parents chosen by key hash, counts scaled to the whole` : '';
  controls.push({
    control: 'key-multiplicity-groups',
    detail: `${what}: ${distribution.groups.length} rank groups, each ≥ ${k} parents of ≥ ${k} persons, no group dominated by its two largest (> ${DOMINANCE_K * 100}%), counts rounded to ${s.rounding}${noneShare === null ? '; share with none withheld (fewer than k persons)' : ''}${share}`,
  });
  return { noneShare, distribution };
}

/**
 * Quantiles of values that each belong to a person, as published: ends at least k persons in from
 * each extreme, every interval between published values holding values of ≥ k persons, rounded to
 * `decimals`. Empty when fewer than 2k + 1 persons have a value.
 */
export function publishPersonQuantiles(values: ArrayLike<number>, persons: ArrayLike<number>, s: DisclosureSettings, decimals = 0): { p: number[]; values: number[] } {
  const k = Math.max(1, s.threshold);
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const total = new Set<number>();
  for (let i = 0; i < n; i++) total.add(persons[i]);
  if (total.size < 2 * k + 1) return { p: [], values: [] };
  const kthPersonFrom = (from: number, step: 1 | -1): number => {
    const seen = new Set<number>();
    let i = from;
    for (; i >= 0 && i < n; i += step) {
      seen.add(persons[order[i]]);
      if (seen.size >= k) break;
    }
    return values[order[i]];
  };
  const lower = kthPersonFrom(0, 1);
  const upper = kthPersonFrom(n - 1, -1);
  const sortedValues = Float64Array.from(order, (i) => values[i]);
  // Persons with a value in [lo, hi), counted up to k (all the rule needs).
  const countIn = (lo: number, hi: number): number => {
    const seen = new Set<number>();
    for (let i = lowerBound(sortedValues, lo); i < n && sortedValues[i] < hi && seen.size < k; i++) seen.add(persons[order[i]]);
    return seen.size;
  };
  const grids = numberSteps(10 ** -decimals, Math.max(1, sortedValues[n - 1] - sortedValues[0])).map(numberGrid);
  const coarsen = (x: number, mode: 'nearest'): number | undefined => {
    const v = safeValue(x, grids, countIn, k, mode, 0, apparentRange)?.value;
    if (v === undefined) return undefined;
    // A value's digits can suggest a narrower cell than its grid's (0 reads as ±0.5): that one must pass too.
    const held = countIn(...apparentRange(v));
    return held === 0 || held >= k ? v : undefined;
  };
  const at = (p: number): number => {
    const h = (n - 1) * p;
    const i = Math.floor(h);
    const a = values[order[i]];
    const b = values[order[Math.min(n - 1, i + 1)]];
    return a + (h - i) * (b - a);
  };
  const m = Math.max(1, Math.min(100, Math.floor(total.size / k)));
  let points: { p: number; v: number }[] = [];
  for (let i = 0; i <= m; i++) {
    const p = Math.round((i / m) * 1e6) / 1e6;
    const v = coarsen(Math.min(upper, Math.max(lower, at(p))), 'nearest');
    // Coarser grids can reorder neighbours: quantiles never decrease.
    if (v !== undefined) points.push({ p, v: Math.max(v, points[points.length - 1]?.v ?? -Infinity) });
  }
  if (points.length < 2) return { p: [], values: [] };
  // Drop inner points until every interval (previous, this] holds values of ≥ k persons.
  for (let changed = true; changed && points.length > 2;) {
    changed = false;
    let j = 0;
    for (let i = 1; i < points.length; i++) {
      const lo = points[i - 1].v;
      const hi = points[i].v;
      const inside = new Set<number>();
      while (j < n && values[order[j]] <= lo) j++;
      for (let q = j; q < n && values[order[q]] <= hi; q++) inside.add(persons[order[q]]);
      if (inside.size < k && points.length > 2) {
        points.splice(i === points.length - 1 ? i - 1 : i, 1);
        changed = true;
        break;
      }
    }
  }
  points = points.filter((pt, i) => i === 0 || pt.v !== points[i - 1].v || i === points.length - 1);
  // The ends are bounds (values beyond are bottom- and top-coded to them), whichever points survived.
  points[0].p = 0;
  points[points.length - 1].p = 1;
  return { p: points.map((x) => x.p), values: points.map((x) => x.v) };
}

function distinctPersons(parents: readonly ParentCount[]): number {
  const s = new Set<number>();
  for (const p of parents) s.add(p.person);
  return s.size;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** A share such as 1/64 as a percentage with enough digits to be read back ("1.5625%"). */
function formatShare(x: number): string {
  return `${Number((x * 100).toPrecision(6))}%`;
}

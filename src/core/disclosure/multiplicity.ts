import { meanSd } from '../math/describe';
import type { DisclosureSettings, KeyMultiplicity } from '../metadata';
import { roundCount } from '../profile/toMetadata';
import { DOMINANCE_K } from './dominance';

/**
 * Rows per key (a repeated key's multiplicity, a link's children per parent, a table's events per
 * person) as published: keys ranked by their count and cut into rank groups of at least k keys
 * belonging to at least k persons (DESIGN.md, "The person is the unit": ten encounters of one
 * patient are one person, not ten), each published only as its rounded key count and the mean and
 * sd of its counts (one decimal). No single key's count is published: the extremes hide in a group
 * of k persons, and a group whose two largest keys hold over 90% of its rows (ACRO's n,k
 * dominance, n = 2, k = 0.9) is merged with its neighbour. One rule for single tables and linked
 * datasets.
 */

/** One key: its count and the person(s) its rows belong to (hashes; a key without persons is its own unit). */
export interface KeyCount {
  count: number;
  /** The key's person, or the distinct persons of its rows (an organisation key spans many). */
  person: number | readonly number[];
}

/** Groups aim at k keys each, at most about this many groups in all. */
const MAX_GROUPS = 100;

/** Distinct persons of keys [a, b), counted up to `cap`. */
export function personsOf(keys: readonly KeyCount[], a: number, b: number, cap = Infinity): number {
  const seen = new Set<number>();
  for (let i = a; i < b && seen.size < cap; i++) {
    const p = keys[i].person;
    if (typeof p === 'number') seen.add(p);
    else for (const q of p) seen.add(q);
  }
  return seen.size;
}

/**
 * Cuts keys sorted by count into rank groups [start, end) of ≥ max(k, n/100) keys and ≥ k persons,
 * the remainder merged into the group below, then merges each group failing n,k dominance with a
 * neighbour. Too few in all → one group.
 */
export function rankGroups(sorted: readonly KeyCount[], k: number): [number, number][] {
  const n = sorted.length;
  if (n === 0) return [];
  const target = Math.max(k, Math.ceil(n / MAX_GROUPS));
  const cuts = [0];
  let persons = new Set<number>();
  let start = 0;
  for (let i = 0; i < n; i++) {
    const p = sorted[i].person;
    if (typeof p === 'number') persons.add(p);
    else for (const q of p) if (persons.size < k) persons.add(q);
    if (i + 1 - start >= target && persons.size >= k) {
      cuts.push(i + 1);
      start = i + 1;
      persons = new Set();
    }
  }
  if (cuts[cuts.length - 1] !== n) {
    if (cuts.length > 1) cuts[cuts.length - 1] = n;
    else cuts.push(n);
  }
  const dominated = (a: number, b: number): boolean => {
    if (b - a < 3) return false;
    let sum = 0;
    for (let i = a; i < b; i++) sum += sorted[i].count;
    return sum > 0 && (sorted[b - 1].count + sorted[b - 2].count) / sum > DOMINANCE_K;
  };
  for (let g = 0; g + 1 < cuts.length && cuts.length > 2;) {
    if (dominated(cuts[g], cuts[g + 1])) {
      cuts.splice(g === 0 ? 1 : g, 1);
      g = Math.max(0, g - 1);
    } else g++;
  }
  const out: [number, number][] = [];
  for (let g = 0; g + 1 < cuts.length; g++) out.push([cuts[g], cuts[g + 1]]);
  return out;
}

/**
 * The published rank groups of keys with positive counts. With fewer than k persons in all, one
 * group with the mean only (which the rounded row and key counts give anyway). `kept` < 1: the
 * keys are a fixed hash-chosen share of all (a large linked dataset's bounded key pass); key
 * counts are scaled up by 1 / kept before rounding, the thresholds apply to the keys given.
 * @returns undefined when there are fewer than two keys (nothing repeats)
 */
export function publishMultiplicity(keys: readonly KeyCount[], settings: Pick<DisclosureSettings, 'threshold' | 'rounding'>, kept = 1): KeyMultiplicity | undefined {
  const n = keys.length;
  if (n < 2) return undefined;
  const k = Math.max(1, settings.threshold);
  const sorted = [...keys].sort((a, b) => a.count - b.count);
  const few = personsOf(sorted, 0, n, k) < k;
  const rounded = (x: number): number => roundCount(kept < 1 ? Math.round(x / kept) : x, settings.rounding);
  const out: KeyMultiplicity = { keys: rounded(n), groups: [] };
  for (const [a, b] of rankGroups(sorted, k)) {
    const { mean, sd } = meanSd(sorted.slice(a, b).map((x) => x.count));
    const group = { keys: b - a, mean: round1(mean), sd: few ? 0 : round1(sd) };
    // Neighbours alike (most keys of a near-unique column have one row) are one group.
    const last = out.groups[out.groups.length - 1];
    if (last && last.mean === group.mean && last.sd === group.sd) last.keys += group.keys;
    else out.groups.push(group);
  }
  for (const g of out.groups) g.keys = rounded(g.keys);
  return out;
}

/** Keys that are their own persons (no person key): each count its own unit. */
export function ownUnits(counts: readonly number[]): KeyCount[] {
  return counts.map((count, i) => ({ count, person: i }));
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

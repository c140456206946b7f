import { meanSd } from '../math/describe';
import type { DisclosureSettings, KeyMultiplicity, MetadataColumn, StringMetadataColumn } from '../metadata';
import type { Random } from '../random';

/**
 * Repeated keys (issue 13 item 3; DESIGN.md "Keys keep their structure"): a column whose values
 * repeat — a person or organisation key in a long table (PATIENT, PAYER, ORGANIZATION in
 * Synthea's encounters) — is a key with a rows-per-key (multiplicity) distribution. The profiler
 * publishes that distribution disclosure-safely ({@link publishMultiplicity}); every level draws
 * fake keys with it ({@link createKeyDrawer}): each fake key is written on the drawn number of
 * rows, consecutively, and never again. The linked-datasets work builds children-per-parent on
 * the same concept.
 */

/**
 * The rows-per-key distribution of a repeated key, for metadata.json. Keys are ranked by their
 * row count and cut into groups of at least k keys (the k keys with fewest rows, the k with most,
 * and groups of ≥ k between); each group is published only as its rounded key count and the mean
 * and sd of its rows per key (one decimal). No single key's count is published: extremes are
 * hidden in a group of k, and a group whose two largest keys hold over 90% of its rows (ACRO's
 * n,k dominance, n = 2, k = 0.9) is merged with its neighbour.
 * @param counts rows of each distinct key (any order)
 * @returns undefined when there are fewer than two keys (nothing repeats)
 */
export function publishMultiplicity(counts: readonly number[], settings: Pick<DisclosureSettings, 'threshold' | 'rounding'>): KeyMultiplicity | undefined {
  const n = counts.length;
  if (n < 2) return undefined;
  const sorted = Float64Array.from(counts).sort();
  const k = Math.max(1, settings.threshold);
  // Rank groups of ≥ k keys: as many as fit, sizes as equal as possible.
  const groups = Math.max(1, Math.floor(n / k));
  let cuts: number[] = [];
  for (let g = 0; g <= groups; g++) cuts.push(Math.round((g * n) / groups));
  cuts = mergeDominated(sorted, cuts);
  const round1 = (x: number): number => Math.round(x * 10) / 10;
  const roundKeys = (x: number): number => (x <= 0 ? 0 : Math.max(settings.rounding, Math.round(x / settings.rounding) * settings.rounding));
  const out: KeyMultiplicity = { keys: roundKeys(n), groups: [] };
  for (let g = 0; g + 1 < cuts.length; g++) {
    const part = sorted.subarray(cuts[g], cuts[g + 1]);
    const { mean, sd } = meanSd(part);
    // Fewer than k keys in all: only the mean, which the rounded row and key counts give anyway.
    const group = { keys: part.length, mean: round1(mean), sd: n < k ? 0 : round1(sd) };
    // Neighbours alike (most keys of a near-unique column have one row) are one group.
    const last = out.groups[out.groups.length - 1];
    if (last && last.mean === group.mean && last.sd === group.sd) last.keys += group.keys;
    else out.groups.push(group);
  }
  for (const g of out.groups) g.keys = roundKeys(g.keys);
  return out;
}

/** Merges each rank group failing n,k dominance (top two keys > 90% of its rows) with a neighbour. */
function mergeDominated(sorted: Float64Array, cuts: number[]): number[] {
  const dominated = (a: number, b: number): boolean => {
    if (b - a < 3) return false;
    let sum = 0;
    for (let i = a; i < b; i++) sum += sorted[i];
    return sum > 0 && (sorted[b - 1] + sorted[b - 2]) / sum > 0.9;
  };
  const c = [...cuts];
  for (let g = 0; g + 1 < c.length && c.length > 2;) {
    if (dominated(c[g], c[g + 1])) {
      // Merge with the group below (or above for the first).
      c.splice(g === 0 ? 1 : g, 1);
      g = Math.max(0, g - 1);
    } else g++;
  }
  return c;
}

/** Whether a column is a repeated key whose fakes follow a published rows-per-key distribution. */
export function isRepeatedKey(column: MetadataColumn): column is StringMetadataColumn & { multiplicity: KeyMultiplicity } {
  return column.type === 'identifier' && column.unique === false && column.multiplicity !== undefined && column.multiplicity.groups.length > 0;
}

/**
 * The range each group's row counts are drawn from, uniformly: [mean − √3·sd, mean + √3·sd] (a
 * uniform with the group's mean and sd), kept between the neighbouring groups' means (ranks are
 * ordered) and above 1 by moving the other end so the mean stays (a skewed top group such as
 * Synthea's busiest patients keeps its mean, not its sd).
 */
export function groupRanges(m: KeyMultiplicity): { weight: number; lower: number; upper: number }[] {
  return m.groups.map((g, i) => {
    const floor = Math.max(1, i > 0 ? m.groups[i - 1].mean : 1);
    const ceiling = i + 1 < m.groups.length ? m.groups[i + 1].mean : Infinity;
    const half = Math.sqrt(3) * g.sd;
    let lower = g.mean - half;
    let upper = g.mean + half;
    if (lower < floor) { lower = Math.min(floor, g.mean); upper = 2 * g.mean - lower; }
    if (upper > ceiling) { upper = Math.max(ceiling, g.mean); lower = Math.max(Math.min(floor, g.mean), 2 * g.mean - upper); }
    return { weight: g.keys, lower, upper };
  });
}

/**
 * One key's row count for the point (u, v) of [0,1)²: the group at `u` by the published key counts,
 * then a whole number ≥ 1 at `v` of its range.
 */
export function rowsPerKeyAt(ranges: readonly { weight: number; lower: number; upper: number }[], u0: number, v: number): number {
  const total = ranges.reduce((s, g) => s + g.weight, 0);
  let u = u0 * total;
  let group = ranges[ranges.length - 1];
  for (const g of ranges) {
    if (u < g.weight) { group = g; break; }
    u -= g.weight;
  }
  return Math.max(1, Math.round(group.lower + v * (group.upper - group.lower)));
}

// The R2 low-discrepancy sequence (Roberts 2018): a table of a hundred-odd keys then follows the
// published groups closely instead of by the luck of a hundred independent draws.
const R2_A = 0.7548776662466927;
const R2_B = 0.5698402909980532;

/** Hands out a repeated key's values row by row: a fresh fake key for each drawn run of rows. */
export interface KeyDrawer {
  /** The key of the next non-missing row. */
  next(): string;
  /** Fake keys handed out so far. */
  readonly keys: number;
}

/**
 * A drawer of fake repeated keys: each new key (from `nextFake`, which must never repeat a value)
 * is written on `rowsPerKeyAt` consecutive non-missing rows, at successive points of a seeded R2 sequence.
 */
export function createKeyDrawer(m: KeyMultiplicity, nextFake: () => string, rng: Random): KeyDrawer {
  const ranges = groupRanges(m);
  // A seeded start, then the sequence.
  let u = rng.next();
  let v = rng.next();
  let current = '';
  let left = 0;
  let keys = 0;
  return {
    next(): string {
      if (left === 0) {
        current = nextFake();
        left = rowsPerKeyAt(ranges, u, v);
        u = (u + R2_A) % 1;
        v = (v + R2_B) % 1;
        keys++;
      }
      left--;
      return current;
    },
    get keys() { return keys; },
  };
}

/** Rows per key of a column of values (missing skipped): the counts `publishMultiplicity` takes, and what tests compare. */
export function rowsPerKey(values: Iterable<string | null>): number[] {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.values()];
}

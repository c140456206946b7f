import type { KeyMultiplicity, MetadataColumn, StringMetadataColumn } from '../metadata';
import type { Random } from '../random';

/**
 * Repeated keys (issue 13 item 3; DESIGN.md "Keys keep their structure"): a column whose values
 * repeat — a person or organisation key in a long table (PATIENT, PAYER, ORGANIZATION in
 * Synthea's encounters) — is a key with a rows-per-key (multiplicity) distribution. The profiler
 * publishes that distribution disclosure-safely (`disclosure/multiplicity.ts`); every level draws
 * fake keys with it ({@link createKeyDrawer}): each fake key is written on the drawn number of
 * rows, consecutively, and never again. The linked-datasets work builds children-per-parent on
 * the same concept.
 */

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
 * is written on `rowsPerKeyAt` consecutive non-missing rows, at successive points of a seeded R2
 * sequence. When `nextFake` has no key left (null), the current key takes the remaining rows.
 */
export function createKeyDrawer(m: KeyMultiplicity, nextFake: () => string | null, rng: Random): KeyDrawer {
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
        const fake = nextFake();
        if (fake === null && keys > 0) {
          left = Infinity;
          return current;
        }
        current = fake ?? '';
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

/** Rows per key of a column of values (missing skipped): the counts `disclosure/multiplicity.ts` publishes, and what tests compare. */
export function rowsPerKey(values: Iterable<string | null>): number[] {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.values()];
}

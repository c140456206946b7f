import type { JobContext } from '../../context';
import { throwIfAborted } from '../../errors';
import type { Random } from '../../random';
import { NeighbourSearch, type DistanceSpace, type Neighbours } from './distance';

/**
 * Anonymeter's linkability attack (Giomi et al. 2023; statice/anonymeter
 * `evaluators/linkability_evaluator.py`), written afresh.
 *
 * The attacker holds two datasets that each share a disjoint set of columns
 * (`aux[0]`, `aux[1]`) with the real records. For each target record the
 * nearest synthetic record on each column set is found (Gower-style
 * distance, ranges over all inputs, as Anonymeter's `MixedTypeKNeighbors`);
 * the attack succeeds when both point to the same synthetic record
 * (n_neighbors = 1). Run on training targets and on control targets; the
 * baseline links two uniformly random synthetic records.
 */

export interface LinkabilityCounts {
  attacks: number;
  success: number;
  baseline: number;
  control: number | null;
}

/** Synthetic candidates encoded in the attack's distance space, and all columns in discrimination order. */
export interface CandidateSet {
  ds: DistanceSpace;
  syn: Float64Array;
  nSyn: number;
  /** Every column, most discriminating first. */
  order: Int32Array;
}

/** The columns of `subset`, in the candidate set's discrimination order. */
export function orderedSubset(candidates: CandidateSet, subset: readonly number[]): Int32Array {
  const inSet = new Set(subset);
  return candidates.order.filter((c) => inSet.has(c));
}

function countLinks(a: NeighbourSearch, b: NeighbourSearch, targets: Float64Array, n: number, ctx: JobContext): number {
  const na: Neighbours = { best: 0, second: 0, index: 0 };
  const nb: Neighbours = { best: 0, second: 0, index: 0 };
  let links = 0;
  for (let i = 0; i < n; i++) {
    if ((i & 63) === 63) throwIfAborted(ctx.signal);
    if (a.nearestOne(targets, i, na).index === b.nearestOne(targets, i, nb).index) links++;
  }
  return links;
}

/** Runs the linkability attack on encoded training targets (and control targets, when given). */
export function runLinkability(
  candidates: CandidateSet,
  aux: readonly [readonly number[], readonly number[]],
  targets: { rows: Float64Array; n: number },
  control: { rows: Float64Array; n: number } | null,
  rng: Random,
  ctx: JobContext = {},
): LinkabilityCounts {
  const { ds, syn, nSyn } = candidates;
  const a = new NeighbourSearch(ds, syn, nSyn, orderedSubset(candidates, aux[0]));
  const b = new NeighbourSearch(ds, syn, nSyn, orderedSubset(candidates, aux[1]));
  const success = countLinks(a, b, targets.rows, targets.n, ctx);
  const controlLinks = control === null ? null : countLinks(a, b, control.rows, control.n, ctx);
  let baseline = 0;
  for (let i = 0; i < targets.n; i++) if (rng.int(nSyn) === rng.int(nSyn)) baseline++;
  return { attacks: targets.n, success, baseline, control: controlLinks };
}

/** Anonymeter needs the two auxiliary column sets from the user; by default the columns are shuffled with the seed and split in half. */
export function defaultAuxColumns(width: number, rng: Random): [number[], number[]] {
  const cols = Array.from({ length: width }, (_, i) => i);
  for (let i = width - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = cols[i];
    cols[i] = cols[j];
    cols[j] = t;
  }
  const half = Math.ceil(width / 2);
  return [cols.slice(0, half).sort((x, y) => x - y), cols.slice(half).sort((x, y) => x - y)];
}

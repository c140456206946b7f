import type { DisclosureSettings, KeyMultiplicity } from '../../metadata';
import type { Random } from '../../random';
import type { ColumnData } from '../../schema';
import { groupRanges, rowsPerKeyAt } from '../keys';
import { ownUnits, publishMultiplicity } from '../../disclosure/multiplicity';

/**
 * How many child rows a parent row has: a share of parents with none, and for the others a
 * rows-per-key distribution in groups of ≥ k parents (the `KeyMultiplicity` concept of
 * `synth/keys.ts`, so no single parent's count is ever reproduced).
 */
export interface ChildCountDistribution {
  noneShare: number;
  multiplicity?: KeyMultiplicity;
}

/** Children per parent, optionally different for strata of one parent column (and within them, of a second). */
export interface ChildCountModel {
  /** The parent column the strata are cut on, with how a value maps to a stratum. */
  stratifier?: Stratifier;
  /** Stratum index → distribution; `fallback` for values in no stratum (rare values, missing). */
  strata: ChildCountDistribution[];
  fallback: ChildCountDistribution;
  /**
   * A second parent column cutting each stratum further (an encounter's date within its class):
   * `strata[s][t]` for stratum s of the first and t of the second, undefined where the cell holds
   * fewer than 5·k parents (the first stratum's distribution is used).
   */
  within?: { stratifier: Stratifier; strata: (ChildCountDistribution | undefined)[][] };
}

/** Categories (by name) or numeric cut points of a parent column that split parents into strata. */
export type Stratifier =
  | { column: string; kind: 'category'; groups: Record<string, number> }
  | { column: string; kind: 'number'; cuts: number[] };

/** Draws a child count from a distribution. */
export function drawChildCount(d: ChildCountDistribution, rng: Random): number {
  if (rng.next() < d.noneShare || !d.multiplicity || d.multiplicity.groups.length === 0) return 0;
  return rowsPerKeyAt(rangesOf(d.multiplicity), rng.next(), rng.next());
}

const rangeCache = new WeakMap<KeyMultiplicity, ReturnType<typeof groupRanges>>();
function rangesOf(m: KeyMultiplicity): ReturnType<typeof groupRanges> {
  let r = rangeCache.get(m);
  if (!r) { r = groupRanges(m); rangeCache.set(m, r); }
  return r;
}

/** The stratum of a parent value (−1: the fallback). */
export function stratumOf(model: Pick<ChildCountModel, 'stratifier'>, data: ColumnData | undefined, row: number): number {
  const s = model.stratifier;
  if (!s || !data) return -1;
  if (s.kind === 'category') {
    if (data.kind !== 'category') return -1;
    const code = data.codes[row];
    return code < 0 ? -1 : s.groups[data.categories[code]] ?? -1;
  }
  if (data.kind !== 'number') return -1;
  const v = data.values[row];
  if (Number.isNaN(v)) return -1;
  let i = 0;
  while (i < s.cuts.length && v >= s.cuts[i]) i++;
  return i;
}

/** The parent columns a model reads, by name, from a parent table. */
export interface StrataData { first?: ColumnData; second?: ColumnData }

/** The columns of `parent` that a model's strata are cut on. */
export function strataDataOf(model: ChildCountModel, columns: readonly { spec: { name: string }; data: ColumnData }[]): StrataData {
  const find = (name: string | undefined): ColumnData | undefined => (name === undefined ? undefined : columns.find((c) => c.spec.name === name)?.data);
  return { first: find(model.stratifier?.column), second: find(model.within?.stratifier.column) };
}

/** The children-per-parent distribution of a parent row: its cell of the two strata, else its stratum, else the fallback. */
export function distributionAt(model: ChildCountModel, data: StrataData, row: number): ChildCountDistribution {
  const s = stratumOf(model, data.first, row);
  if (s < 0) return model.fallback;
  if (model.within) {
    const t = stratumOf(model.within, data.second, row);
    const cell = t >= 0 ? model.within.strata[s]?.[t] : undefined;
    if (cell) return cell;
  }
  return model.strata[s];
}

/** The distribution of a list of counts (zeros included), published disclosure-safely. */
export function distributionOf(counts: ArrayLike<number>, settings: Pick<DisclosureSettings, 'threshold' | 'rounding'>): ChildCountDistribution {
  const positive: number[] = [];
  for (let i = 0; i < counts.length; i++) if (counts[i] > 0) positive.push(counts[i]);
  const noneShare = counts.length ? Math.round(((counts.length - positive.length) / counts.length) * 100) / 100 : 0;
  const multiplicity = positive.length >= 2 ? publishMultiplicity(ownUnits(positive), settings)
    : positive.length === 1 ? { keys: settings.rounding, groups: [{ keys: settings.rounding, mean: positive[0], sd: 0 }] } : undefined;
  return multiplicity ? { noneShare, multiplicity } : { noneShare };
}

/** Strata of at least this many parents times k each; smaller ones fall back to the whole. */
const STRATUM_FACTOR = 5;
const MAX_STRATA = 8;

/**
 * Children per parent learnt from the data, conditioned on the one parent attribute that best
 * explains them (largest share of the count variance between its strata: categories, or
 * quintiles of a number). Each stratum holds at least 5·k parents; its distribution is
 * published through {@link distributionOf}.
 */
export function fitChildCounts(
  counts: ArrayLike<number>, parentColumns: readonly { name: string; data: ColumnData }[],
  settings: Pick<DisclosureSettings, 'threshold' | 'rounding'>,
): ChildCountModel {
  const n = counts.length;
  const fallback = distributionOf(counts, settings);
  const minStratum = Math.max(1, settings.threshold) * STRATUM_FACTOR;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += counts[i];
  mean = n ? mean / n : 0;
  let total = 0;
  for (let i = 0; i < n; i++) total += (counts[i] - mean) ** 2;
  let best: { stratifier: Stratifier; members: number[][]; explained: number } | null = null;
  if (total > 0) {
    for (const col of parentColumns) {
      const candidate = stratify(col.name, col.data, minStratum);
      if (!candidate) continue;
      let between = 0;
      for (const rows of candidate.members) {
        let m = 0;
        for (const r of rows) m += counts[r];
        m /= rows.length;
        between += rows.length * (m - mean) ** 2;
      }
      const explained = between / total;
      if (!best || explained > best.explained) best = { ...candidate, explained };
    }
  }
  // Strata that explain almost nothing are noise: one distribution for all.
  if (!best || best.explained < 0.01) return { strata: [], fallback };
  const model: ChildCountModel = {
    stratifier: best.stratifier,
    strata: best.members.map((rows) => distributionOf(rows.map((r) => counts[r]), settings)),
    fallback,
  };
  const within = secondStratifier(counts, parentColumns.filter((c) => c.name !== best!.stratifier.column), best.members, total, minStratum);
  if (within) {
    model.within = {
      stratifier: within.stratifier,
      strata: within.cells.map((row) => row.map((rows) => (rows.length >= minStratum ? distributionOf(rows.map((r) => counts[r]), settings) : undefined))),
    };
  }
  return model;
}

/**
 * The parent column that best explains the counts within the first strata (the largest share
 * of the count variance between its cells and their stratum's mean, over cells of ≥ minSize
 * parents), with each first stratum's rows split by it; null when none explains ≥ 1%.
 */
function secondStratifier(
  counts: ArrayLike<number>, parentColumns: readonly { name: string; data: ColumnData }[], members: readonly number[][], total: number, minSize: number,
): { stratifier: Stratifier; cells: number[][][] } | null {
  let best: { stratifier: Stratifier; cells: number[][][]; explained: number } | null = null;
  for (const col of parentColumns) {
    const candidate = stratify(col.name, col.data, minSize);
    if (!candidate) continue;
    const at = new Int32Array(counts.length).fill(-1);
    candidate.members.forEach((rows, t) => { for (const r of rows) at[r] = t; });
    let between = 0;
    const cells = members.map((rows) => {
      const split: number[][] = candidate.members.map(() => []);
      let m = 0;
      for (const r of rows) m += counts[r];
      m /= Math.max(1, rows.length);
      for (const r of rows) if (at[r] >= 0) split[at[r]].push(r);
      for (const cell of split) {
        if (cell.length < minSize) continue;
        let c = 0;
        for (const r of cell) c += counts[r];
        c /= cell.length;
        between += cell.length * (c - m) ** 2;
      }
      return split;
    });
    const explained = between / total;
    if (!best || explained > best.explained) best = { stratifier: candidate.stratifier, cells, explained };
  }
  return best && best.explained >= 0.01 ? best : null;
}

/** Rows of each stratum of a column, or null when fewer than two strata of `minSize` rows exist. */
function stratify(name: string, data: ColumnData, minSize: number): { stratifier: Stratifier; members: number[][] } | null {
  if (data.kind === 'category') {
    const byCode = new Map<number, number[]>();
    data.codes.forEach((c, r) => { if (c >= 0) { let l = byCode.get(c); if (!l) byCode.set(c, (l = [])); l.push(r); } });
    const big = [...byCode].filter(([, rows]) => rows.length >= minSize).sort((a, b) => b[1].length - a[1].length).slice(0, MAX_STRATA);
    if (big.length < 2) return null;
    const groups: Record<string, number> = {};
    big.forEach(([code], i) => { groups[data.categories[code]] = i; });
    return { stratifier: { column: name, kind: 'category', groups }, members: big.map(([, rows]) => rows) };
  }
  if (data.kind !== 'number') return null;
  const present: number[] = [];
  data.values.forEach((v, r) => { if (!Number.isNaN(v)) present.push(r); });
  if (present.length < 2 * minSize) return null;
  const sorted = present.map((r) => data.values[r]).sort((a, b) => a - b);
  const parts = Math.min(5, Math.floor(present.length / minSize));
  const cuts: number[] = [];
  for (let q = 1; q < parts; q++) {
    const c = sorted[Math.floor((q * sorted.length) / parts)];
    if (cuts.length === 0 || c > cuts[cuts.length - 1]) cuts.push(c);
  }
  if (cuts.length === 0) return null;
  const members: number[][] = Array.from({ length: cuts.length + 1 }, () => []);
  for (const r of present) {
    const v = data.values[r];
    let i = 0;
    while (i < cuts.length && v >= cuts[i]) i++;
    members[i].push(r);
  }
  if (members.some((m) => m.length < minSize)) return null;
  return { stratifier: { column: name, kind: 'number', cuts }, members };
}

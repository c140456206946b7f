import { meanOf } from '../columns';
import { readingFor } from '../readings';
import type { AssociationMatrices, ColumnPairTrends, PairTrendScore } from '../report';
import { english } from '../../l10n/stored';

/**
 * Pairs listed one by one in a report. Wider data (1,000 columns: 499,500 pairs) would make a
 * report of hundreds of MB; every pair still counts in the scores, and the rest are summarised.
 */
export const MAX_PAIR_DETAILS = 1_000;
/** Columns in the association heatmaps: a wider heatmap cannot be read, and its matrices grow with the square. */
export const MAX_HEATMAP_COLUMNS = 100;
/** Pairs that could not be scored named one by one in the notes; the rest in one line. */
const MAX_SKIPPED_NOTES = 10;

/** A scored pair before its reading is written: the positions of its columns among the compared ones. */
export interface ScoredPair {
  i: number;
  j: number;
  columns: [string, string];
  metric: PairTrendScore['metric'];
  score: number;
  real?: number;
  synthetic?: number;
  trend: boolean;
}

/** The report entry of a pair (its fields in the order reports have always had them). */
function entryOf(p: ScoredPair): PairTrendScore {
  const reading = readingFor(p.metric, p.score, { columns: p.columns });
  if (p.metric === 'CorrelationSimilarity') {
    return { columns: p.columns, metric: p.metric, score: p.score, real: p.real, synthetic: p.synthetic, trend: p.trend, reading };
  }
  const entry: PairTrendScore = { columns: p.columns, metric: p.metric, score: p.score, trend: p.trend, reading };
  if (p.real !== undefined) entry.real = p.real;
  if (p.synthetic !== undefined) entry.synthetic = p.synthetic;
  return entry;
}

/** Pair positions from the least similar to the most (ties in column order). */
function leastSimilarFirst(scored: readonly ScoredPair[]): number[] {
  return Array.from(scored.keys()).sort((a, b) => scored[a].score - scored[b].score || a - b);
}

/**
 * The pairs a report lists: all of them up to `max`; past that the `max` least similar (in
 * column order), the others summarised in `omittedPairs` (their number, how many show a real
 * trend, their lowest and mean score). `pairCount` is always every scored pair.
 */
export function pairDetails(scored: readonly ScoredPair[], max = MAX_PAIR_DETAILS): Pick<ColumnPairTrends, 'pairs' | 'pairCount' | 'omittedPairs'> {
  if (scored.length <= max) return { pairs: scored.map(entryOf), pairCount: scored.length };
  const order = leastSimilarFirst(scored);
  const kept = order.slice(0, max).sort((a, b) => a - b);
  const left = order.slice(max).map((k) => scored[k]);
  return {
    pairs: kept.map((k) => entryOf(scored[k])),
    pairCount: scored.length,
    omittedPairs: {
      count: left.length,
      trendPairs: left.filter((p) => p.trend).length,
      minScore: left[0].score,
      meanScore: meanOf(left.map((p) => p.score)) ?? 0,
    },
  };
}

/**
 * Association matrices (real, synthetic, |difference|) over `names`. Up to `max` columns, all of
 * them; past that the `max` columns met first among the least similar pairs (then in column
 * order), kept in column order, with `omittedColumns` saying how many are left out.
 */
export function associationMatrices(names: readonly string[], numeric: readonly boolean[], scored: readonly ScoredPair[], max = MAX_HEATMAP_COLUMNS): AssociationMatrices {
  const m = names.length;
  let shown: number[] = Array.from({ length: m }, (_, i) => i);
  if (m > max) {
    const chosen = new Set<number>();
    for (const k of leastSimilarFirst(scored)) {
      if (chosen.size >= max) break;
      const p = scored[k];
      if (chosen.size < max) chosen.add(p.i);
      if (chosen.size < max) chosen.add(p.j);
    }
    for (let i = 0; i < m && chosen.size < max; i++) chosen.add(i);
    shown = [...chosen].sort((a, b) => a - b);
  }
  const at = new Int32Array(m).fill(-1);
  shown.forEach((c, k) => { at[c] = k; });
  const n = shown.length;
  const matrix = (diagonal: number): (number | null)[][] => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? diagonal : null)));
  const out: AssociationMatrices = {
    columns: shown.map((c) => names[c]),
    measure: shown.map((a) => shown.map((b) => (numeric[a] && numeric[b] ? 'pearson' : 'cramersV'))),
    real: matrix(1),
    synthetic: matrix(1),
    difference: matrix(0),
  };
  for (const p of scored) {
    const a = at[p.i];
    const b = at[p.j];
    if (a < 0 || b < 0) continue;
    const r = p.real ?? null;
    const s = p.synthetic ?? null;
    out.real[a][b] = out.real[b][a] = r;
    out.synthetic[a][b] = out.synthetic[b][a] = s;
    out.difference[a][b] = out.difference[b][a] = r !== null && s !== null ? Math.abs(r - s) : null;
  }
  if (n < m) out.omittedColumns = m - n;
  return out;
}

/** Notes on the `count` pairs that could not be scored (`skipped` lists the first ones): the first few by name, the rest counted. */
export function skippedPairNotes(skipped: readonly { columns: [string, string]; reason: string }[], count: number): string[] {
  const notes = skipped.slice(0, MAX_SKIPPED_NOTES).map((s) => english('Pair “{0}” × “{1}” is not scored: {2}.', s.columns[0], s.columns[1], s.reason));
  if (count > MAX_SKIPPED_NOTES) notes.push(english('{0} more pairs are not scored (fidelity.columnPairTrends.skipped lists the first {1}).', (count - MAX_SKIPPED_NOTES).toLocaleString('en-GB'), MAX_PAIR_DETAILS.toLocaleString('en-GB')));
  return notes;
}

import { strict as assert } from 'node:assert';
import { categoryColumnOf } from '../../../src/core/evaluate/columns';
import { evaluateFidelity } from '../../../src/core/evaluate/fidelity/evaluateFidelity';
import { MAX_HEATMAP_COLUMNS, MAX_PAIR_DETAILS } from '../../../src/core/evaluate/fidelity/pairDetails';
import { createRandom } from '../../../src/core/random';
import type { ColumnData, Table } from '../../../src/core/schema';
import { tableOf } from './helpers';

/** `width` columns in groups of 5 sharing a factor (some pairs with a trend), every 7th categorical. */
function wideTable(width: number, rows: number, seed: number, noise: number): Table {
  const rng = createRandom(seed);
  const cols: [string, ColumnData][] = [];
  let factor = new Float64Array(rows);
  for (let j = 0; j < width; j++) {
    if (j % 5 === 0) factor = Float64Array.from({ length: rows }, () => rng.normal());
    const values = Float64Array.from(factor, (f) => f + noise * (1 + (j % 3)) * rng.normal());
    if (j % 7 === 6) cols.push([`c${j}`, categoryColumnOf(Array.from(values, (v) => (v < -0.5 ? 'low' : v < 0.5 ? 'mid' : 'high')))]);
    else cols.push([`c${j}`, { kind: 'number', values }]);
  }
  return tableOf(cols);
}

const key = (c: readonly string[]): string => `${c[0]}|${c[1]}`;

describe('evaluation report: pair details of wide data kept proportionate', function () {
  this.timeout(300_000);
  // 60 columns: 1,770 pairs, more than the report lists.
  const real = wideTable(60, 300, 1, 0.6);
  const twin = wideTable(60, 300, 2, 0.9);
  const full = evaluateFidelity(real, twin, {}, { maxPairDetails: Infinity, maxHeatmapColumns: Infinity });
  const capped = evaluateFidelity(real, twin, {}, { maxHeatmapColumns: 20 });

  it('every headline figure is the one computed over all pairs', () => {
    const a = capped.fidelity;
    const b = full.fidelity;
    assert.equal(b.columnPairTrends.pairs.length, 1770);
    assert.equal(a.score, b.score);
    assert.equal(a.columnPairTrends.score, b.columnPairTrends.score);
    assert.equal(a.columnPairTrends.scoreTrendPairs, b.columnPairTrends.scoreTrendPairs);
    assert.equal(a.columnPairTrends.scoreOwnBins, b.columnPairTrends.scoreOwnBins);
    assert.equal(a.columnPairTrends.reading.text, b.columnPairTrends.reading.text);
    assert.equal(a.pMSE.value, b.pMSE.value);
  });

  it(`lists the ${MAX_PAIR_DETAILS.toLocaleString('en-GB')} least similar pairs in column order and summarises the rest`, () => {
    const t = capped.fidelity.columnPairTrends;
    const all = full.fidelity.columnPairTrends.pairs;
    assert.equal(t.pairs.length, MAX_PAIR_DETAILS);
    assert.equal(t.pairCount, 1770);
    assert.equal(full.fidelity.columnPairTrends.pairCount, 1770);
    assert.equal(full.fidelity.columnPairTrends.omittedPairs, undefined);
    // The listed pairs are the least similar ones, each exactly as the full report has it, in the full report's order.
    const byScore = [...all].sort((x, y) => x.score - y.score);
    const worst = new Set(byScore.slice(0, MAX_PAIR_DETAILS).map((p) => key(p.columns)));
    assert.deepEqual(t.pairs, all.filter((p) => worst.has(key(p.columns))));
    const left = all.filter((p) => !worst.has(key(p.columns)));
    const o = t.omittedPairs!;
    assert.equal(o.count, 770);
    assert.equal(o.trendPairs, left.filter((p) => p.trend).length);
    assert.ok(o.trendPairs! > 0, 'some omitted pairs have a trend');
    assert.equal(o.minScore, Math.min(...left.map((p) => p.score)));
    assert.ok(o.minScore! >= Math.max(...t.pairs.map((p) => p.score)));
    assert.ok(Math.abs(o.meanScore! - left.reduce((s, p) => s + p.score, 0) / left.length) < 1e-12);
  });

  it('heatmaps over the columns of the least similar pairs, with the same values', () => {
    const a = capped.associations;
    const b = full.associations;
    assert.equal(b.columns.length, 60);
    assert.equal(b.omittedColumns, undefined);
    assert.equal(a.columns.length, 20);
    assert.equal(a.omittedColumns, 40);
    // In column order, led by the two columns of the least similar pair.
    const at = a.columns.map((c) => b.columns.indexOf(c));
    assert.deepEqual(at, [...at].sort((x, y) => x - y));
    const least = [...full.fidelity.columnPairTrends.pairs].sort((x, y) => x.score - y.score)[0];
    assert.ok(a.columns.includes(least.columns[0]) && a.columns.includes(least.columns[1]));
    for (let i = 0; i < 20; i++) {
      for (let j = 0; j < 20; j++) {
        for (const m of ['real', 'synthetic', 'difference', 'measure'] as const) assert.equal(a[m][i][j], b[m][at[i]][at[j]], `${m}[${a.columns[i]}][${a.columns[j]}]`);
      }
    }
  });

  it('a 300-column report stays a few MB (44,850 pairs; 32 MB listing every pair and a 300 × 300 heatmap)', () => {
    const r = evaluateFidelity(wideTable(300, 60, 3, 0.6), wideTable(300, 60, 4, 0.9));
    assert.equal(r.fidelity.columnPairTrends.pairCount, 44_850);
    assert.equal(r.fidelity.columnPairTrends.pairs.length, MAX_PAIR_DETAILS);
    assert.equal(r.associations.columns.length, MAX_HEATMAP_COLUMNS);
    const bytes = JSON.stringify(r, null, 2).length;
    assert.ok(bytes < 4_000_000, `${bytes} bytes`);
  });

  it('pairs that cannot be scored: the first 1,000 listed, all counted, ten named in the notes', () => {
    // 50 constant number columns beside 3 varying ones: 1,225 + 150 pairs with an undefined correlation.
    const n = 40;
    const rng = createRandom(5);
    const table = (): Table => tableOf([
      ...Array.from({ length: 50 }, (_, j): [string, ColumnData] => [`k${j}`, { kind: 'number', values: new Float64Array(n).fill(j) }]),
      ...Array.from({ length: 3 }, (_, j): [string, ColumnData] => [`v${j}`, { kind: 'number', values: Float64Array.from({ length: n }, () => rng.normal()) }]),
    ]);
    const r = evaluateFidelity(table(), table());
    const t = r.fidelity.columnPairTrends;
    assert.equal(t.skipped.length, 1000);
    assert.equal(t.skippedCount, 1225 + 150);
    assert.equal(t.pairCount, 3);
    const named = r.notes.filter((x) => x.startsWith('Pair “'));
    assert.equal(named.length, 10);
    assert.ok(r.notes.includes('1,365 more pairs are not scored (fidelity.columnPairTrends.skipped lists the first 1,000).'), r.notes.join('\n'));
  });
});

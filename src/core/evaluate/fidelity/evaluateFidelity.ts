import type { JobContext } from '../../context';
import { inputError, throwIfAborted } from '../../errors';
import type { ColumnData, ColumnSpec, Table } from '../../schema';
import { categoricalColumnDetail, numericColumnDetail } from '../charts';
import { alignCategories, meanOf, missingCount, lengthOf, sortedPresent } from '../columns';
import { DEFAULT_THRESHOLD } from '../options';
import { readingFor } from '../readings';
import type {
  AssociationMatrices, ColumnDetail, ColumnShapeScore, CoverageReport, FidelityReport, MissingValuesReport,
  StatisticComparison, StatisticsReport,
} from '../report';
import { boundaryAdherence } from './boundaryAdherence';
import { categoryAdherence } from './categoryAdherence';
import { categoryCoverage } from './categoryCoverage';
import type { PairCodes } from './contingencySimilarity';
import { contingencyScore, contingencySimilarity, ownRangePairCodes, pairCodesOf } from './contingencySimilarity';
import { correlationSimilarity } from './correlationSimilarity';
import { ksStatistic } from './ksComplement';
import { missingValueSimilarity } from './missingValueSimilarity';
import { associationMatrices, MAX_PAIR_DETAILS, pairDetails, skippedPairNotes, type ScoredPair } from './pairDetails';
import { propensityMSE } from './pmse';
import { rangeCoverage } from './rangeCoverage';
import { statisticSimilaritySorted } from './statisticSimilarity';
import { tvComplement } from './tvComplement';
import { t } from '../../l10n';
import { english } from '../../l10n/stored';

/** |r_real| above this marks a numeric pair as having a trend (SDMetrics 0.27+). */
export const TREND_CORRELATION = 0.5;
/** Cramér's V above this marks any other pair as having a trend (SDMetrics 0.27+). */
export const TREND_CRAMERS_V = 0.3;

export interface FidelityResult {
  fidelity: FidelityReport;
  columns: ColumnDetail[];
  associations: AssociationMatrices;
  notes: string[];
}

export interface FidelityOptions {
  threshold?: number;
  histogramEdges?: Readonly<Record<string, readonly number[]>>;
  /** Pairs listed one by one (default MAX_PAIR_DETAILS); the scores count every pair whatever this is. */
  maxPairDetails?: number;
  /** Columns in the association matrices (default MAX_HEATMAP_COLUMNS). */
  maxHeatmapColumns?: number;
}

interface UsableColumn {
  spec: ColumnSpec;
  real: ColumnData;
  synthetic: ColumnData;
  numeric: boolean;
}

/** Finds a column by name. */
export function columnByName(table: Table, name: string): ColumnData | undefined {
  return table.columns.find((c) => c.spec.name === name)?.data;
}

/**
 * Fidelity of a synthetic table to the real one (SDMetrics 0.29 quality report plus
 * synthpop's pMSE): column shapes (KSComplement / TVComplement), column pair trends
 * (CorrelationSimilarity / ContingencySimilarity, with `scoreTrendPairs`), missing-value
 * similarity, coverage and adherence, statistic similarity, the propensity pMSE, and the
 * per-column chart data and association matrices. Columns are matched by name; the
 * synthetic table must hold every column of the real one with the same data kind.
 * Identifier and text columns, and columns with no real values, are left out (and noted).
 * In the chart detail, real categories rarer than `options.threshold` (default 10) are pooled.
 */
export function evaluateFidelity(real: Table, synthetic: Table, ctx: JobContext = {}, options: FidelityOptions = {}): FidelityResult {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const notes: string[] = [];
  const excluded: { column: string; reason: string }[] = [];
  const usable: UsableColumn[] = [];
  const missingColumns: MissingValuesReport['columns'] = [];
  for (const { spec, data } of real.columns) {
    const syn = columnByName(synthetic, spec.name);
    if (!syn || syn.kind !== data.kind) throw new Error(`evaluateFidelity: synthetic column ${spec.name} missing or of another kind`);
    const rm = missingCount(data);
    const sm = missingCount(syn);
    missingColumns.push({
      column: spec.name,
      metric: 'MissingValueSimilarity',
      real: real.rowCount ? rm / real.rowCount : 0,
      synthetic: synthetic.rowCount ? sm / synthetic.rowCount : 0,
      score: missingValueSimilarity(rm, real.rowCount, sm, synthetic.rowCount),
    });
    const mv = missingColumns[missingColumns.length - 1];
    mv.reading = readingFor('MissingValueSimilarity', mv.score, { column: spec.name });
    if (data.kind === 'string') {
      excluded.push({ column: spec.name, reason: spec.type === 'identifier' ? english('identifier column: not modelled as a distribution')
        : spec.type === 'text' ? english('text column: not modelled as a distribution') : english('{0} column: not modelled as a distribution', spec.type) });
    } else if (rm === lengthOf(data)) {
      excluded.push({ column: spec.name, reason: english('no values in the real data') });
    } else {
      usable.push({ spec, real: data, synthetic: syn, numeric: data.kind === 'number' });
    }
  }
  if (usable.length === 0) {
    throw inputError(t('nothing to compare: the real data has no numeric, date or categorical column with values'), { column: excluded[0]?.column });
  }
  for (const e of excluded) notes.push(english('Column “{0}” is left out of column shapes and pair trends ({1}).', e.column, e.reason));

  // --- Column shapes, coverage, statistics, chart detail ---------------------------------
  const shapes: ColumnShapeScore[] = [];
  const coverage: CoverageReport['columns'] = [];
  const statistics: StatisticsReport['columns'] = [];
  const details: ColumnDetail[] = [];
  const pairCodes: PairCodes[] = [];
  // As SDMetrics' QualityReport bins them: each table's numbers on that table's own range.
  const ownCodes: PairCodes[] = [];
  usable.forEach((col, idx) => {
    throwIfAborted(ctx.signal);
    const name = col.spec.name;
    if (col.real.kind === 'number' && col.synthetic.kind === 'number') {
      const rs = sortedPresent(col.real.values);
      const ss = sortedPresent(col.synthetic.values);
      let ks: number;
      if (ss.length === 0) {
        ks = 0;
        notes.push(english('The synthetic column “{0}” has no values; its shape scores 0.', name));
      } else ks = 1 - ksStatistic(rs, ss);
      shapes.push({ column: name, metric: 'KSComplement', score: ks, reading: readingFor('KSComplement', ks, { column: name }) });
      const rc = rangeCoverage(rs, ss);
      const ba = boundaryAdherence(rs, ss);
      coverage.push({
        column: name,
        coverage: { metric: 'RangeCoverage', score: rc, reading: readingFor('RangeCoverage', rc, { column: name }) },
        adherence: { metric: 'BoundaryAdherence', score: ba, reading: readingFor('BoundaryAdherence', ba, { column: name }) },
      });
      const stat = (which: 'mean' | 'sd' | 'median', statistic: 'mean' | 'standard deviation' | 'median'): StatisticComparison => {
        const c = statisticSimilaritySorted(rs, ss, which);
        c.reading = readingFor('StatisticSimilarity', c.score, { column: name, statistic });
        return c;
      };
      statistics.push({ column: name, mean: stat('mean', 'mean'), sd: stat('sd', 'standard deviation'), median: stat('median', 'median') });
      details.push(numericColumnDetail(col.spec, col.real, col.synthetic, rs, ss, options.histogramEdges?.[name]));
    } else if (col.real.kind === 'category' && col.synthetic.kind === 'category') {
      const a = alignCategories(col.real, col.synthetic);
      const k = a.categories.length;
      let tv = tvComplement(a.real, a.synthetic, k);
      if (tv === null) {
        tv = 0;
        notes.push(english('The synthetic column “{0}” has no values; its shape scores 0.', name));
      }
      shapes.push({ column: name, metric: 'TVComplement', score: tv, reading: readingFor('TVComplement', tv, { column: name }) });
      const cc = categoryCoverage(a.real, a.synthetic, k);
      const ca = categoryAdherence(a.real, a.synthetic, k);
      coverage.push({
        column: name,
        coverage: { metric: 'CategoryCoverage', score: cc, reading: readingFor('CategoryCoverage', cc, { column: name }) },
        adherence: { metric: 'CategoryAdherence', score: ca, reading: readingFor('CategoryAdherence', ca, { column: name }) },
      });
      details.push(categoricalColumnDetail(col.spec, a, threshold));
    }
    pairCodes.push(pairCodesOf(col.real, col.synthetic));
    ownCodes.push(col.real.kind === 'number' && col.synthetic.kind === 'number' ? ownRangePairCodes(col.real.values, col.synthetic.values) : pairCodes[pairCodes.length - 1]);
    ctx.onProgress?.({ stage: t('fidelity: columns'), fraction: (idx + 1) / usable.length });
  });
  const shapesScore = meanOf(shapes.map((s) => s.score)) ?? 0;

  // --- Column pair trends and association matrices ---------------------------------------
  const m = usable.length;
  const scored: ScoredPair[] = [];
  const skipped: { columns: [string, string]; reason: string }[] = [];
  let skippedCount = 0;
  const totalPairs = (m * (m - 1)) / 2;
  const ownBinScores = new Map<number, number>();
  let done = 0;
  for (let i = 0; i < m; i++) {
    throwIfAborted(ctx.signal);
    for (let j = i + 1; j < m; j++) {
      const a = usable[i];
      const b = usable[j];
      const names: [string, string] = [a.spec.name, b.spec.name];
      if (a.numeric && b.numeric) {
        const cs = correlationSimilarity(
          (a.real as { values: Float64Array }).values, (b.real as { values: Float64Array }).values,
          (a.synthetic as { values: Float64Array }).values, (b.synthetic as { values: Float64Array }).values,
        );
        if (cs === null) {
          skippedCount++;
          if (skipped.length < MAX_PAIR_DETAILS) skipped.push({ columns: names, reason: english('correlation undefined: a column is constant (or has fewer than two complete rows) in the real or synthetic data') });
        } else {
          scored.push({ i, j, columns: names, metric: 'CorrelationSimilarity', score: cs.score, real: cs.real, synthetic: cs.synthetic, trend: Math.abs(cs.real) > TREND_CORRELATION });
        }
      } else {
        const cs = contingencySimilarity(pairCodes[i], pairCodes[j]);
        // A number × category pair scores otherwise in the QualityReport (a number × number pair is a correlation either way).
        if (a.numeric !== b.numeric) ownBinScores.set(scored.length, contingencyScore(ownCodes[i], ownCodes[j]));
        const entry: ScoredPair = { i, j, columns: names, metric: 'ContingencySimilarity', score: cs.score, trend: (cs.real ?? 0) > TREND_CRAMERS_V };
        if (cs.real !== null) entry.real = cs.real;
        if (cs.synthetic !== null) entry.synthetic = cs.synthetic;
        scored.push(entry);
      }
      done++;
    }
    if (totalPairs > 0) ctx.onProgress?.({ stage: t('fidelity: pairs'), fraction: done / totalPairs });
  }
  notes.push(...skippedPairNotes(skipped, skippedCount));
  // The scores average every pair; the report lists the least similar when there are many (pairDetails).
  const pairScore = meanOf(scored.map((p) => p.score));
  const trendScore = meanOf(scored.filter((p) => p.trend).map((p) => p.score));
  const ownBinsScore = meanOf(scored.map((p, i) => ownBinScores.get(i) ?? p.score));
  const assoc = associationMatrices(usable.map((u) => u.spec.name), usable.map((u) => u.numeric), scored, options.maxHeatmapColumns);
  const listed = pairDetails(scored, options.maxPairDetails);

  // --- Missing values ------------------------------------------------------------------------
  const missingScore = meanOf(missingColumns.map((c) => c.score)) ?? 1;

  // --- pMSE --------------------------------------------------------------------------------------
  throwIfAborted(ctx.signal);
  ctx.onProgress?.({ stage: t('fidelity: propensity model') });
  const pm = propensityMSE(real, synthetic, usable.map((u) => u.spec.name));
  const pmNotes: string[] = [];
  if (!pm.converged) pmNotes.push('the propensity model did not converge (the tables are probably perfectly separable)');
  if (pm.ridge > 0) pmNotes.push(`some terms are collinear or empty, so a ridge of ${pm.ridge.toExponential(0)} was added to keep the model well-posed`);
  if (pm.aliased.length) pmNotes.push(`terms collinear with others were dropped: ${pm.aliased.join(', ')}`);
  if (pm.dropped.length) pmNotes.push(`left out: ${pm.dropped.map((d) => `${d.column} (${d.reason})`).join(', ')}`);

  const score = pairScore === null ? shapesScore : (shapesScore + pairScore) / 2;
  const fidelity: FidelityReport = {
    score,
    reading: readingFor('fidelity', score),
    columnShapes: { score: shapesScore, reading: readingFor('columnShapes', shapesScore), columns: shapes },
    columnPairTrends: {
      score: pairScore,
      scoreTrendPairs: trendScore,
      scoreOwnBins: ownBinsScore,
      reading: readingFor('columnPairTrends', pairScore),
      ...listed,
      skipped,
      ...(skippedCount > skipped.length ? { skippedCount } : {}),
    },
    pMSE: {
      value: pm.value,
      standardized: pm.standardized,
      c: pm.c,
      rows: pm.rows,
      terms: pm.terms,
      converged: pm.converged,
      reading: readingFor('pMSE', pm.standardized),
      ...(pmNotes.length ? { note: pmNotes.join('; ') } : {}),
    },
    missingValues: { score: missingScore, reading: readingFor('missingValues', missingScore), columns: missingColumns },
    coverage: {
      score: meanOf(coverage.map((c) => c.coverage.score)),
      adherence: meanOf(coverage.map((c) => c.adherence.score)),
      columns: coverage,
    },
    statistics: { columns: statistics },
    excluded,
  };
  return { fidelity, columns: details, associations: assoc, notes };
}

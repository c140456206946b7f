/**
 * The released evaluation: the copy of an evaluation report that may leave the TRE in a release
 * pack (evaluation.json and evaluation.html). Built field by field from the full report — a field
 * not named here is not released, so a metric added to the report later stays inside the TRE until
 * a rule here says how it is published.
 *
 * The rules (each application listed in `release.controls`):
 * - One figure, one published value: every figure of the real data (row count, missing shares,
 *   category counts, histogram counts and edges, means, sds, medians, associations) is the one
 *   metadata.json publishes, already protected there (thresholds, rounding, coarsening, person
 *   counts); a figure metadata.json does not publish is left out. Two different roundings of one
 *   figure are never published side by side, so they cannot be intersected.
 * - Scores comparing real and twin (KS/TV complements, coverage, attack rates…) are rounded to a
 *   step worth at least k persons of the real data (0.01 for 1,000 persons at k = 10, 0.1 for 100),
 *   so a score cannot be turned back into a count below k.
 * - Figures defined by the exact real minimum and maximum (range coverage, boundary adherence, the
 *   min/max in column statistics) are left out: set beside the twin they give the real range back.
 * - No category metadata.json does not publish is named: chart categories, model terms and the
 *   utility model's positive class are published categories only; everything else is pooled or
 *   left out.
 * - Model coefficients and standard errors to 2 significant figures; real row counts of splits and
 *   the holdout rounded to the disclosure rounding base; distance histograms merged until every
 *   bin of every series holds at least k rows, counts rounded; exact-copy counts rounded up (to at least k).
 * - Notes and reasons that carry a number or a quoted value are left out; reading sentences are
 *   rebuilt from the rounded figures.
 */
import { readingFor } from '../evaluate/readings';
import type { RecordLogicReport } from '../evaluate/recordLogic';
import type {
  AssociationMatrices, AttackRisk, CategoricalColumnDetail, CoefficientEstimate, ColumnDetail, DistanceHistogram,
  DistanceSummary, EvaluationReport, FidelityReport, NumericColumnDetail, PrivacyReport, Reading, StatisticComparison,
  UtilityReport,
} from '../evaluate/report';
import type { CategoryMetadataColumn, Metadata, MetadataColumn, NumberMetadataColumn } from '../metadata';
import type { PersonLevelPrivacy } from '../evaluate/personLevel/personPrivacy';
import { mintReleased, releasedValue, type Released, type ReleaseControl } from './released';
import { mean } from '../math/describe';

/** Steps a released score may be rounded to, finest first. */
const SCORE_STEPS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1];
/** With a person key but no published person count, scores are never finer than this. */
const PERSON_KEY_MIN_STEP = 0.1;
const OTHER_LABEL = '(other)';

interface Rules {
  meta: Metadata;
  k: number;
  rounding: number;
  /** Rounding step of scores that are shares of the real records. */
  step: number;
  columns: Map<string, MetadataColumn>;
  /** Published associations by pair key. */
  associations: Map<string, { measure: string; value: number }>;
  controls: ReleaseControl[];
}

/**
 * The disclosure-controlled copy of `report` for a release pack, from the pack's released
 * metadata (whose figures are the only real-data figures it repeats).
 */
export function protectEvaluation(report: EvaluationReport, metadata: Released<Metadata>): Released<EvaluationReport> {
  const meta = releasedValue(metadata, 'metadata.json');
  const rules = rulesOf(meta);
  const control = (part: string, name: string, detail: string) => rules.controls.push({ part, control: name, detail });
  control('all scores', 'score-rounding', `Scores comparing the real data and the twin are rounded to ${rules.step}: a step worth at least ${rules.k} ${meta.dataset.personKey ? 'persons' : 'records'}.`);

  const realRows = meta.dataset.rows;
  const fullReal = report.sample.real === report.inputs.real.rows;
  const sample = {
    real: fullReal ? realRows : report.sample.real,
    synthetic: report.sample.synthetic,
    holdout: report.sample.holdout === null ? null : roundCount(report.sample.holdout, rules.rounding),
    seed: report.sample.seed,
    sampled: report.sample.sampled,
    sampleSize: report.sample.sampleSize,
    note: report.sample.sampled
      ? `Tables with more than ${report.sample.sampleSize} rows were evaluated on a seeded uniform sample of that many rows.`
      : 'All rows were used.',
  };
  control('inputs', 'published-row-count', 'The real row count is the one metadata.json publishes; holdout counts are rounded.');

  const released: EvaluationReport = {
    format: report.format,
    release: { status: 'released', note: '', controls: [] },
    inputs: {
      real: { file: report.inputs.real.file, rows: realRows },
      synthetic: { ...report.inputs.synthetic },
      // The split (share, seed, person-key column) says how the holdout was drawn; it holds no value of the data.
      holdout: report.inputs.holdout ? { file: report.inputs.holdout.file, rows: roundCount(report.inputs.holdout.rows, rules.rounding), ...(report.inputs.holdout.split ? { split: { ...report.inputs.holdout.split } } : {}) } : null,
    },
    sample,
    fidelity: protectFidelity(report.fidelity, rules, sample.real + sample.synthetic),
    utility: protectUtility(report.utility, rules),
    privacy: protectPrivacy(report.privacy, {
      synthetic: report.sample.synthetic, holdout: report.sample.holdout, real: report.inputs.real.rows, realPublished: rules.meta.dataset.rows,
    }, rules),
    columns: protectColumns(report.columns, rules),
    associations: protectAssociations(report.associations, rules),
    notes: protectNotes(report.notes, 'notes', rules),
  };
  const recordLogic = protectRecordLogic(report.recordLogic, rules);
  if (recordLogic) released.recordLogic = recordLogic;
  released.release = {
    status: 'released',
    note: 'Disclosure-controlled copy of the evaluation for release: real-data figures are those of metadata.json, scores are rounded, and what could not be protected is left out (see controls).',
    controls: rules.controls.map((c) => ({ ...c })),
  };
  return mintReleased(released, rules.controls);
}

/** The step scores comparing a table's real data and its twin are rounded to: worth at least k persons (or records). */
export function scoreStepOf(meta: Metadata): number {
  const k = meta.disclosure.threshold;
  const persons = (meta.dataset as { persons?: unknown }).persons;
  const units = typeof persons === 'number' && persons > 0 ? persons : meta.dataset.rows;
  const step = SCORE_STEPS.find((s) => s * units >= k) ?? 1;
  return meta.dataset.personKey && typeof persons !== 'number' ? Math.max(step, PERSON_KEY_MIN_STEP) : step;
}

function rulesOf(meta: Metadata): Rules {
  const k = meta.disclosure.threshold;
  const step = scoreStepOf(meta);
  const associations = new Map<string, { measure: string; value: number }>();
  for (const p of meta.associations?.pairs ?? []) associations.set(pairKey(p.columns[0], p.columns[1]), { measure: p.measure, value: p.value });
  return {
    meta, k, rounding: Math.max(1, meta.disclosure.rounding), step,
    columns: new Map(meta.columns.filter((c) => !c.excluded).map((c) => [c.name, c])), associations, controls: [],
  };
}

// ---------------------------------------------------------------------------
// Fidelity

function protectFidelity(f: FidelityReport, rules: Rules, stackedRows: number): FidelityReport {
  const s = (x: number) => roundStep(x, rules.step);
  const shapes = f.columnShapes.columns.filter((c) => rules.columns.has(c.column)).map((c) => {
    const score = s(c.score);
    return { column: c.column, metric: c.metric, score, reading: readingFor(c.metric, score, { column: c.column }) };
  });
  const shapesScore = s(f.columnShapes.score);

  let droppedPairs = 0;
  const pairs = f.columnPairTrends.pairs.flatMap((p) => {
    const published = rules.associations.get(pairKey(p.columns[0], p.columns[1]));
    if (!published) {
      droppedPairs++;
      return [];
    }
    const score = s(p.score);
    const sameMeasure = (p.metric === 'CorrelationSimilarity' && published.measure === 'pearson') || (p.metric === 'ContingencySimilarity' && published.measure === 'cramersV');
    return [{
      columns: [p.columns[0], p.columns[1]] as [string, string], metric: p.metric, score,
      ...(sameMeasure ? { real: published.value } : {}),
      ...(p.synthetic !== undefined ? { synthetic: round2(p.synthetic) } : {}),
      trend: p.trend, reading: readingFor(p.metric, score, { columns: p.columns }),
    }];
  });
  if (droppedPairs) control(rules, 'fidelity.columnPairTrends', 'association-withheld', `${droppedPairs} column pairs whose association metadata.json does not publish are left out.`);
  const pairScore = nullable(f.columnPairTrends.score, s);

  const missingColumns = f.missingValues.columns.flatMap((c) => {
    const m = rules.columns.get(c.column);
    if (!m) return [];
    const score = s(Math.max(0, 1 - Math.abs(m.missing - c.synthetic)));
    return [{ column: c.column, metric: c.metric, real: m.missing, synthetic: round4(c.synthetic), score, reading: readingFor('MissingValueSimilarity', score, { column: c.column }) }];
  });
  const missingScore = s(meanOrNull(missingColumns.map((c) => c.score)) ?? f.missingValues.score);

  const coverage = f.coverage.columns.flatMap((c) => {
    const m = rules.columns.get(c.column);
    if (!m || c.coverage.metric !== 'CategoryCoverage' || !isCategory(m) || hasSuppressed(m, rules)) return [];
    const cov = nullable(c.coverage.score, s);
    const adh = nullable(c.adherence.score, s);
    return [{
      column: c.column,
      coverage: { metric: c.coverage.metric, score: cov, reading: readingFor('CategoryCoverage', cov, { column: c.column }) },
      adherence: { metric: c.adherence.metric, score: adh, reading: readingFor('CategoryAdherence', adh, { column: c.column }) },
    }];
  });
  if (coverage.length < f.coverage.columns.length) {
    control(rules, 'fidelity.coverage', 'range-coverage-withheld',
      'Range coverage and boundary adherence (defined by the exact real minimum and maximum), and category coverage of columns with suppressed categories, are left out.');
  }

  const statistics = f.statistics.columns.flatMap((c) => {
    const m = rules.columns.get(c.column);
    if (!m || !isNumber(m)) return [];
    const range = m.bounds.upper - m.bounds.lower;
    const stat = (x: StatisticComparison, real: number | null, statistic: 'mean' | 'standard deviation' | 'median'): StatisticComparison => {
      const synthetic = x.synthetic === null ? null : sig(x.synthetic, 4);
      const score = real === null || synthetic === null || !(range > 0) ? null : s(Math.max(0, 1 - Math.abs(real - synthetic) / range));
      return { real, synthetic, score, reading: readingFor('StatisticSimilarity', score, { column: c.column, statistic }) };
    };
    return [{ column: c.column, mean: stat(c.mean, m.mean ?? null, 'mean'), sd: stat(c.sd, m.sd ?? null, 'standard deviation'), median: stat(c.median, medianOf(m), 'median') }];
  });
  control(rules, 'fidelity.statistics', 'published-statistics',
    'Real means, standard deviations and medians are those of metadata.json (left out where it publishes none); similarity is measured over its published bounds, not the exact range.');

  const score = s(f.score);
  return {
    score,
    reading: readingFor('fidelity', score),
    columnShapes: { score: shapesScore, reading: readingFor('columnShapes', shapesScore), columns: shapes },
    columnPairTrends: {
      score: pairScore,
      scoreTrendPairs: nullable(f.columnPairTrends.scoreTrendPairs, s),
      ...(f.columnPairTrends.scoreOwnBins !== undefined ? { scoreOwnBins: nullable(f.columnPairTrends.scoreOwnBins, s) } : {}),
      reading: readingFor('columnPairTrends', pairScore),
      // pairCount, omittedPairs and skippedCount stay in the full report: the pairs listed here are the published ones.
      pairs,
      skipped: f.columnPairTrends.skipped.map((x) => ({ columns: x.columns, reason: safeText(x.reason) ?? 'not scored' })),
    },
    pMSE: {
      value: sig(f.pMSE.value, 2), standardized: sig(f.pMSE.standardized, 2), c: round2(f.pMSE.c), rows: stackedRows,
      converged: f.pMSE.converged, reading: readingFor('pMSE', sig(f.pMSE.standardized, 2)),
      ...(f.pMSE.note !== undefined && safeText(f.pMSE.note) ? { note: safeText(f.pMSE.note)! } : {}),
    },
    missingValues: { score: missingScore, reading: readingFor('missingValues', missingScore), columns: missingColumns },
    coverage: {
      score: meanOrNull(coverage.flatMap((c) => (c.coverage.score === null ? [] : [c.coverage.score]))),
      adherence: meanOrNull(coverage.flatMap((c) => (c.adherence.score === null ? [] : [c.adherence.score]))),
      columns: coverage,
    },
    statistics: { columns: statistics },
    excluded: f.excluded.map((x) => ({ column: x.column, reason: safeText(x.reason) ?? 'left out' })),
  };
}

// ---------------------------------------------------------------------------
// Utility

function protectUtility(u: UtilityReport | null, rules: Rules): UtilityReport | null {
  if (!u) return null;
  const target = rules.columns.get(u.target);
  const published = (col: MetadataColumn | undefined, level: string) => !!col && isCategory(col) && col.categories.some((c) => c.value === level);
  if (!target || (u.positiveClass !== undefined && !published(target, u.positiveClass))) {
    control(rules, 'utility', 'utility-withheld', 'The utility models are left out: their outcome is not a column or category metadata.json publishes.');
    return null;
  }
  let dropped = 0;
  const coefficients = u.coefficients.flatMap((c) => {
    if (!termPublished(c.term, rules, published)) {
      dropped++;
      return [];
    }
    return [{ term: c.term, real: estimate(c.real), synthetic: estimate(c.synthetic), ciOverlap: round2(c.ciOverlap), standardizedDifference: round2(c.standardizedDifference) }];
  });
  if (dropped) control(rules, 'utility.coefficients', 'term-withheld', `${dropped} coefficients of categories metadata.json does not publish are left out.`);
  control(rules, 'utility', 'coefficient-rounding', 'Coefficients, standard errors and intervals to 2 significant figures; real row counts of the splits rounded.');
  const s = (x: number | undefined) => (x === undefined ? undefined : roundStep(x, rules.step));
  const scores = (p: UtilityReport['prediction']['tstr']) => ({
    ...(p.accuracy !== undefined ? { accuracy: s(p.accuracy) } : {}), ...(p.auc !== undefined ? { auc: s(p.auc) } : {}), ...(p.r2 !== undefined ? { r2: s(p.r2) } : {}),
  });
  const ci = round2(u.ciOverlap.mean);
  const sd = round2(u.standardizedDifference.median);
  const ratio = u.prediction.ratio === null ? null : round2(u.prediction.ratio);
  return {
    target: u.target,
    targetSource: u.targetSource,
    model: u.model,
    ...(u.positiveClass !== undefined ? { positiveClass: u.positiveClass } : {}),
    coefficients,
    ciOverlap: { mean: ci, reading: readingFor('ciOverlap', ci) },
    standardizedDifference: { median: sd, reading: readingFor('standardizedDifference', sd) },
    prediction: {
      testSet: u.prediction.testSet,
      trainRealRows: roundCount(u.prediction.trainRealRows, rules.rounding),
      trainSyntheticRows: u.prediction.trainSyntheticRows,
      testRows: roundCount(u.prediction.testRows, rules.rounding),
      metric: u.prediction.metric,
      tstr: scores(u.prediction.tstr),
      trtr: scores(u.prediction.trtr),
      ratio,
      ...(u.prediction.noSkill !== undefined ? { noSkill: protectReading({ band: 'fair', text: u.prediction.noSkill }).text } : {}),
      reading: protectReading(u.prediction.reading),
    },
    reading: protectReading(u.reading),
    notes: protectNotes(u.notes, 'utility.notes', rules),
  };
}

/** A model term names only published things: the intercept, a published column, or `column=level` of a published category. */
function termPublished(term: string, rules: Rules, published: (col: MetadataColumn | undefined, level: string) => boolean): boolean {
  if (term === '(intercept)') return true;
  const col = rules.columns.get(term);
  if (col && !isCategory(col)) return true;
  for (const [name, c] of rules.columns) {
    if (term.startsWith(`${name}=`) && published(c, term.slice(name.length + 1))) return true;
  }
  return false;
}

function estimate(e: CoefficientEstimate): CoefficientEstimate {
  return { estimate: sig(e.estimate, 2), se: sig(e.se, 2), ci: [sig(e.ci[0], 2), sig(e.ci[1], 2)] };
}

// ---------------------------------------------------------------------------
// Privacy

/** The numbers of records the privacy figures were measured on; `realPublished` stands for `real` in the released copy. */
interface PrivacySizes {
  synthetic: number;
  holdout: number | null;
  real: number;
  realPublished: number;
}

/**
 * The released copy of a linked twin's person-level privacy (the person records' privacy report),
 * under the person table's rules: as one table's privacy, its units being persons; the person
 * counts rounded; the description of the records (column names, no value) as it is.
 */
export function protectPersonPrivacy(p: PersonLevelPrivacy, personTable: Released<Metadata>): { value: PersonLevelPrivacy; controls: ReleaseControl[] } {
  const rules = rulesOf(releasedValue(personTable, 'metadata.json'));
  const real = roundCount(p.persons.real, rules.rounding);
  const holdout = p.persons.holdout === null ? null : roundCount(p.persons.holdout, rules.rounding);
  control(rules, 'persons', 'published-row-count', `Person counts of the training side and the holdout are rounded to ${rules.rounding}; scores are rounded to ${rules.step}, a step worth at least ${rules.k} persons.`);
  const privacy = protectPrivacy(p.privacy, { synthetic: p.persons.synthetic, holdout: p.persons.holdout, real: p.persons.real, realPublished: real }, rules);
  const note = safeText(p.note);
  if (note === null) control(rules, 'note', 'note-withheld', 'The description of the person records carries a figure and is left out.');
  return {
    value: { personTable: p.personTable, columns: [...p.columns], note: note ?? '', persons: { real, synthetic: p.persons.synthetic, holdout }, privacy },
    controls: rules.controls,
  };
}

function protectPrivacy(p: PrivacyReport, sizes: PrivacySizes, rules: Rules): PrivacyReport {
  const s = (x: number) => roundStep(x, rules.step);
  const synRows = sizes.synthetic;
  const e = p.exactMatches;
  // A count of copies below k would be a small cell: it is published as k, the most it can be ("at most 10").
  const copies = (x: number): number => (x === 0 ? 0 : Math.max(rules.k, roundUp(x, rules.rounding)));
  const count = copies(e.count);
  const rate = round4(count / Math.max(1, synRows));
  const holdoutRows = sizes.holdout ?? 0;
  const holdoutCount = e.holdoutCount === undefined ? undefined : copies(e.holdoutCount);
  const holdoutRate = holdoutCount === undefined ? undefined : round4(holdoutCount / Math.max(1, holdoutRows));
  control(rules, 'privacy.exactMatches', 'count-rounding', `Exact-copy counts are rounded up to a multiple of ${rules.rounding} and to at least ${rules.k} (an upper bound: zero stays zero, so no copy is hidden, and none is a small cell).`);

  const d = p.dcr;
  const realDcrRows = d.rows.real === sizes.real ? sizes.realPublished : d.rows.real;
  const dcrHistogram = protectHistogram(d.histogram, rules, 'privacy.dcr.histogram');
  const nndrHistogram = protectHistogram(p.nndr.histogram, rules, 'privacy.nndr.histogram');

  const rc = p.rareCategoryLeakage;
  const publishedRare = (column: string): number | undefined => {
    const m = rules.columns.get(column);
    return m && isCategory(m) && m.other ? m.other.categories : undefined;
  };
  const rcColumns = rc.columns.map((c) => {
    const pub = publishedRare(c.column);
    return { column: c.column, ...(pub !== undefined && pub === c.rareCategories ? { rareCategories: pub } : {}), leaked: c.leaked, ...(c.syntheticRows !== undefined ? { syntheticRows: c.syntheticRows } : {}) };
  });
  const allPublished = rcColumns.every((c) => c.rareCategories !== undefined);
  const rareCategories = allPublished ? rcColumns.reduce((a, c) => a + (c.rareCategories ?? 0), 0) : undefined;
  if (!allPublished) control(rules, 'privacy.rareCategoryLeakage', 'count-withheld', 'The number of rare real categories is given only where metadata.json publishes it.');
  const rcRate = rc.leaked === 0 ? 0 : rareCategories !== undefined ? round2(rc.leaked / Math.max(1, rareCategories)) : roundStep(rc.rate, 0.1);

  const risk = (a: AttackRisk | null): AttackRisk | null => a === null ? null : {
    risk: round2(a.risk), ci: [round2(a.ci[0]), round2(a.ci[1])], attackRate: round2(a.attackRate),
    ...(a.controlRate !== undefined ? { controlRate: round2(a.controlRate) } : {}),
    ...(a.baselineRate !== undefined ? { baselineRate: round2(a.baselineRate) } : {}),
    attacks: a.attacks, reading: protectReading(a.reading), ...(a.detail !== undefined ? { detail: a.detail } : {}),
    ...(a.upperBound ? { upperBound: true as const } : {}),
  };
  const an = p.anonymeter;
  return {
    baseline: p.baseline,
    reading: protectReading(p.reading),
    exactMatches: {
      count, rate,
      ...(holdoutCount !== undefined ? { holdoutCount, holdoutRate } : {}),
      reading: readingFor('exactMatches', rate, holdoutRate !== undefined ? { baseline: holdoutRate } : {}),
    },
    dcr: {
      synthetic: summary(d.synthetic),
      ...(d.holdout ? { holdout: { ...summary(d.holdout), count: roundCount(d.holdout.count, rules.rounding) } } : {}),
      ...(d.random ? { random: summary(d.random) } : {}),
      baselineProtection: { score: d.baselineProtection.score === null ? null : round2(d.baselineProtection.score), reading: protectReading(d.baselineProtection.reading) },
      ...(d.overfittingProtection ? {
        overfittingProtection: { score: s(d.overfittingProtection.score), closerToTraining: s(d.overfittingProtection.closerToTraining), reading: protectReading(d.overfittingProtection.reading) },
      } : {}),
      histogram: dcrHistogram,
      rows: { synthetic: d.rows.synthetic, real: realDcrRows, ...(d.rows.holdout !== undefined ? { holdout: roundCount(d.rows.holdout, rules.rounding) } : {}) },
      ...(d.note !== undefined && safeText(d.note) ? { note: safeText(d.note)! } : {}),
    },
    nndr: { summary: summary(p.nndr.summary), histogram: nndrHistogram, reading: protectReading(p.nndr.reading) },
    rareCategoryLeakage: {
      threshold: rc.threshold,
      ...(rareCategories !== undefined ? { rareCategories } : {}),
      leaked: rc.leaked, rate: rcRate,
      ...(rc.syntheticRows !== undefined ? { syntheticRows: rc.syntheticRows } : {}),
      columns: rcColumns,
      reading: protectReading(rc.reading),
    },
    anonymeter: {
      singlingOut: { univariate: risk(an.singlingOut.univariate), multivariate: risk(an.singlingOut.multivariate) },
      linkability: risk(an.linkability),
      inference: risk(an.inference),
      ...(an.inferenceBySecret ? { inferenceBySecret: an.inferenceBySecret.map((a) => risk(a)!) } : {}),
      confidence: an.confidence,
    },
    notes: protectNotes(p.notes, 'privacy.notes', rules),
  };
}

function summary(x: DistanceSummary): DistanceSummary {
  return { count: x.count, min: round2(x.min), p05: round2(x.p05), median: round2(x.median), mean: round2(x.mean), p95: round2(x.p95), max: round2(x.max) };
}

/**
 * Adjacent bins merged until every bin of the series about real records (twin rows' distances to
 * real rows, holdout rows') holds none or at least k rows, then counts rounded. A count of 1 near
 * distance 0 says one twin row sits on one real person; an empty bin says only that no row is
 * there. The random-rows baseline is about no one and does not decide the bins. The edges are a
 * fixed grid of distances, so merging reveals nothing.
 */
export function protectHistogram(h: DistanceHistogram, rules: Pick<Rules, 'k' | 'rounding' | 'controls'>, part: string): DistanceHistogram {
  const bins = h.edges.length - 1;
  const groups: [number, number][] = [];
  let start = 0;
  // Every series is judged, the random baseline's too: its points are not persons, but a count
  // below k beside the others reads (to a checker and to the auditor) as a small cell.
  const judged = h.series;
  const enough = (from: number, to: number) => judged.every((s) => {
    const n = sum(s.counts, from, to);
    return n === 0 || n >= rules.k;
  });
  for (let i = 0; i < bins; i++) {
    if (enough(start, i + 1)) {
      groups.push([start, i + 1]);
      start = i + 1;
    }
  }
  if (start < bins) {
    if (groups.length) groups[groups.length - 1][1] = bins;
    else groups.push([0, bins]);
  }
  // The remainder joined to the last bin can leave it short (0 + 3 holdout rows): merge backwards until it is not.
  while (groups.length > 1 && !enough(...groups[groups.length - 1])) {
    const last = groups.pop()!;
    groups[groups.length - 1][1] = last[1];
  }
  if (groups.length < bins) control(rules, part, 'histogram-bin-merge', `Adjacent bins merged until each holds no row or at least ${rules.k} rows of every series; counts rounded to ${rules.rounding}.`);
  return {
    edges: [...groups.map((g) => h.edges[g[0]]), h.edges[bins]],
    series: h.series.map((s) => ({ label: s.label, counts: groups.map(([a, b]) => roundCount(sum(s.counts, a, b), rules.rounding)) })),
  };
}

// ---------------------------------------------------------------------------
// Chart detail and associations

function protectColumns(columns: ColumnDetail[], rules: Rules): ColumnDetail[] {
  let dropped = 0;
  const out = columns.flatMap((c): ColumnDetail[] => {
    const m = rules.columns.get(c.column);
    const d = !m ? null : c.kind === 'numeric' && isNumber(m) ? numericDetail(c, m) : c.kind === 'categorical' && isCategory(m) ? categoricalDetail(c, m) : null;
    if (!d) dropped++;
    return d ? [d] : [];
  });
  control(rules, 'columns', 'published-distributions',
    'Real histograms and category counts are those of metadata.json (its edges and rounded counts); categories it does not publish are pooled into "(other)" or left out.');
  if (dropped) control(rules, 'columns', 'chart-withheld', `${dropped} column charts without a published distribution to show are left out.`);
  return out;
}

function numericDetail(c: NumericColumnDetail, m: NumberMetadataColumn): NumericColumnDetail | null {
  const h = m.histogram;
  if (!h || h.counts.length === 0 || h.edges.length !== c.edges.length || h.edges.some((e, i) => e !== c.edges[i])) return null;
  const st = c.stats.synthetic;
  return {
    column: c.column, type: c.type, kind: 'numeric', edges: [...h.edges],
    real: frequencies(h.counts),
    synthetic: { counts: [...c.synthetic.counts], proportions: c.synthetic.proportions.map(round4) },
    missing: { real: m.missing, synthetic: round4(c.missing.synthetic) },
    stats: { real: null, synthetic: st ? { min: st.min, max: st.max, mean: sig(st.mean, 4), sd: sig(st.sd, 4), median: st.median } : null },
  };
}

function categoricalDetail(c: CategoricalColumnDetail, m: CategoryMetadataColumn): CategoricalColumnDetail {
  const published = new Map(m.categories.map((x) => [x.value, x.count]));
  const shown = c.categories.filter((name) => name !== OTHER_LABEL && published.has(name));
  const index = new Map(c.categories.map((name, i) => [name, i]));
  const synCounts = shown.map((name) => c.synthetic.counts[index.get(name)!]);
  const synTotal = sum(c.synthetic.counts, 0, c.synthetic.counts.length);
  const synOther = synTotal - synCounts.reduce((a, b) => a + b, 0);
  const realCounts = shown.map((name) => published.get(name)!);
  const realOther = m.other?.count ?? null;
  const categories = [...shown];
  if (realOther !== null || synOther > 0) {
    // The pooled entry: published categories beyond the chart, the merged rare ones, and any twin value not published.
    const beyond = m.categories.filter((x) => !shown.includes(x.value)).reduce((a, x) => a + x.count, 0);
    categories.push(OTHER_LABEL);
    realCounts.push(beyond + (realOther ?? 0));
    synCounts.push(synOther);
  }
  const realTotal = realCounts.reduce((a, b) => a + b, 0);
  const detail: CategoricalColumnDetail = {
    column: c.column, type: c.type, kind: 'categorical', categories,
    real: { counts: realCounts, proportions: realCounts.map((x) => (realTotal > 0 ? round4(x / realTotal) : 0)) },
    synthetic: { counts: synCounts, proportions: synCounts.map((x) => (synTotal > 0 ? round4(x / synTotal) : 0)) },
    missing: { real: m.missing, synthetic: round4(c.missing.synthetic) },
  };
  if (categories.includes(OTHER_LABEL)) detail.other = { label: OTHER_LABEL, categories: m.other?.categories ?? 0 };
  return detail;
}

function protectAssociations(a: AssociationMatrices, rules: Rules): AssociationMatrices {
  const n = a.columns.length;
  const real: (number | null)[][] = [];
  const synthetic: (number | null)[][] = [];
  const difference: (number | null)[][] = [];
  for (let i = 0; i < n; i++) {
    real.push([]);
    synthetic.push([]);
    difference.push([]);
    for (let j = 0; j < n; j++) {
      const syn = a.synthetic[i][j] === null ? null : round2(a.synthetic[i][j]!);
      let r: number | null = null;
      if (i === j) r = a.real[i][j] === null ? null : 1;
      else {
        const p = rules.associations.get(pairKey(a.columns[i], a.columns[j]));
        if (p && ((a.measure[i][j] === 'pearson' && p.measure === 'pearson') || (a.measure[i][j] === 'cramersV' && p.measure === 'cramersV'))) r = p.value;
      }
      real[i].push(r);
      synthetic[i].push(syn);
      difference[i].push(r === null || syn === null ? null : round2(Math.abs(r - syn)));
    }
  }
  control(rules, 'associations', 'published-associations', 'Real associations are those metadata.json publishes; the others are left out (shown blank in the heatmap).');
  return {
    columns: [...a.columns], measure: a.measure.map((row) => [...row]), real, synthetic, difference,
    ...(a.omittedColumns !== undefined ? { omittedColumns: a.omittedColumns } : {}),
  };
}

// ---------------------------------------------------------------------------
// Text

/** Notes without a number or a quoted value are kept; the others are left out (counted in controls). */
/**
 * Record logic: only the rules metadata.json publishes (their reasons name columns only), with the
 * twin's counts (not real data); the real counts are left out — the rule itself says no real
 * record breaks it.
 */
function protectRecordLogic(logic: RecordLogicReport | undefined, rules: Rules): RecordLogicReport | null {
  if (!logic) return null;
  const published = new Set((rules.meta.rules ?? []).map((r) => r.reason));
  const kept = logic.rules.filter((r) => published.has(r.rule)).map((r) => ({ ...r, columns: [...r.columns], real: null, synthetic: { ...r.synthetic } }));
  control(rules, 'record logic', 'rules-published-only', 'Record rules are those metadata.json publishes; their real-data counts are left out (no real record breaks a published rule).');
  return { source: 'metadata', rules: kept, broken: kept.filter((r) => r.synthetic.violations > 0).length };
}

function protectNotes(notes: readonly string[], part: string, rules: Rules): string[] {
  const kept = notes.filter((n) => safeText(n) !== null);
  if (kept.length < notes.length) control(rules, part, 'note-withheld', `${notes.length - kept.length} notes that carry a figure or a value of the data are left out.`);
  return kept;
}

/** The text when it carries no digit and no quoted value, else null. */
function safeText(text: string): string | null {
  // A digit is a figure; a quote or a model term (COLUMN=value) carries a value of the data.
  return /[0-9"'“”‘’«»=]/.test(text) ? null : text;
}

/**
 * A reading with its figures rounded: percentages to whole percent, decimals to 2 places.
 * Text inside “quotes” (column names) is kept as is.
 */
function protectReading(r: Reading): Reading {
  const parts = r.text.split(/(“[^”]*”)/);
  const text = parts.map((part, i) => (i % 2 === 1 ? part : part
    .replace(/-?\d+(?:\.\d+)?(?:e-?\d+)?%/g, (x) => `${Math.round(Number(x.slice(0, -1)))}%`)
    .replace(/-?\d+\.\d+(?:e-?\d+)?/g, (x) => round2(Number(x)).toFixed(2)))).join('');
  return { band: r.band, text };
}

// ---------------------------------------------------------------------------
// Small helpers

function control(rules: Pick<Rules, 'controls'>, part: string, name: string, detail: string): void {
  rules.controls.push({ part, control: name, detail });
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

function isCategory(m: MetadataColumn): m is CategoryMetadataColumn {
  return m.type === 'categorical' || m.type === 'boolean';
}

function isNumber(m: MetadataColumn): m is NumberMetadataColumn {
  return m.type === 'numeric' || m.type === 'integer' || m.type === 'date' || m.type === 'datetime';
}

/** Whether metadata.json merged or dropped categories of the column (coverage would count them). */
function hasSuppressed(m: CategoryMetadataColumn, rules: Rules): boolean {
  if (m.other) return true;
  return rules.meta.controls.some((c) => c.column === m.name && (c.control === 'rare-category-merge' || c.control === 'rare-category-drop' || c.control === 'small-cell-suppression'));
}

function medianOf(m: NumberMetadataColumn): number | null {
  const i = m.quantiles.p.findIndex((p) => Math.abs(p - 0.5) < 1e-9);
  return i >= 0 ? m.quantiles.values[i] : null;
}

function frequencies(counts: readonly number[]): { counts: number[]; proportions: number[] } {
  const total = counts.reduce((a, b) => a + b, 0);
  return { counts: [...counts], proportions: counts.map((c) => (total > 0 ? round4(c / total) : 0)) };
}

function sum(xs: readonly number[], from: number, to: number): number {
  let t = 0;
  for (let i = from; i < to; i++) t += xs[i];
  return t;
}

function meanOrNull(xs: number[]): number | null {
  return xs.length ? mean(xs) : null;
}

function nullable(x: number | null, f: (x: number) => number): number | null {
  return x === null ? null : f(x);
}

/** To the nearest multiple of `step`, without binary noise (0.30000000000000004 → 0.3). */
export function roundStep(x: number, step: number): number {
  return Number((Math.round(x / step) * step).toPrecision(12));
}

function round2(x: number): number {
  return roundStep(x, 0.01);
}

function round4(x: number): number {
  return roundStep(x, 0.0001);
}

function sig(x: number, digits: number): number {
  return x === 0 || !Number.isFinite(x) ? x : Number(x.toPrecision(digits));
}

/** A count of real records to the nearest multiple of the rounding base. */
function roundCount(x: number, base: number): number {
  return Math.round(x / base) * base;
}

/** Up to the next multiple of the base: a count that must not be understated (zero stays zero). */
function roundUp(x: number, base: number): number {
  return Math.ceil(x / base) * base;
}

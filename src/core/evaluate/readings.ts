import { english } from '../l10n/stored';
import type { Band, Reading } from './report';

/**
 * Plain-language readings: one place that turns a metric and its value into
 * a verdict band and one sentence a non-expert (or the data card) can quote.
 *
 * Thresholds (`READING_THRESHOLDS`) are conventions of this tool, chosen so
 * that an independent-marginals twin reads "good" on column shapes and a
 * copy of the real data reads "poor" on every privacy metric. For "higher"
 * metrics a value ≥ `good` is good, ≥ `fair` is fair, else poor; for
 * "lower" metrics a value ≤ `good` is good, ≤ `fair` is fair, else poor.
 *
 * | metric | direction | good | fair | why |
 * |---|---|---|---|---|
 * | similarity scores (KS/TV/Correlation/Contingency/MissingValue/Statistic, shapes, pair trends, fidelity) | higher | 0.90 | 0.75 | SDMetrics quality-report practice: ≥ 0.9 is close, < 0.75 visibly different |
 * | coverage / adherence | higher | 0.95 | 0.80 | a twin should reach almost the whole real range and rarely leave it |
 * | S_pMSE | lower | 3 | 10 | expected value 1 for a twin from the same distribution (Snoke et al. 2018); grows with sample size |
 * | CI overlap (Karr et al. 2006), mean | higher | 0.70 | 0.40 | 0.5 ≈ intervals shifted by half their width |
 * | standardised coefficient difference, median | lower | 1.0 | 2.0 | < 1 standard error; ≈ 2 is a "significant" shift |
 * | TSTR / TRTR ratio | higher | 0.95 | 0.80 | a model trained on the twin loses < 5% of its real-data skill |
 * | exact-match excess (rate − holdout rate) | lower | 0.005 | 0.05 | unseen real rows match training rows at the holdout rate by chance |
 * | DCR baseline protection | higher | 0.50 | 0.25 | synthetic rows at least half as far from real rows as random rows are |
 * | DCR overfitting protection | higher | 0.90 | 0.70 | ≈ 1 when the twin is no closer to training rows than unseen rows are |
 * | NNDR (median) | higher | 0.50 | 0.20 | near 0 means synthetic rows sit on one real row each (near-copies) |
 * | rare-category leakage rate | lower | 0.05 | 0.25 | rare real categories should be merged or suppressed, not re-emitted |
 * | Anonymeter risk | lower | 0.10 | 0.30 | Giomi et al. 2023 report < 0.1 for well-protected twins, > 0.5 for leaky ones |
 */

export type ReadingMetric =
  | 'fidelity' | 'columnShapes' | 'columnPairTrends'
  | 'KSComplement' | 'TVComplement' | 'CorrelationSimilarity' | 'ContingencySimilarity'
  | 'MissingValueSimilarity' | 'missingValues' | 'StatisticSimilarity'
  | 'RangeCoverage' | 'CategoryCoverage' | 'BoundaryAdherence' | 'CategoryAdherence'
  | 'pMSE'
  | 'ciOverlap' | 'standardizedDifference' | 'tstrRatio' | 'utility'
  | 'exactMatches' | 'dcrBaselineProtection' | 'dcrOverfittingProtection' | 'nndr'
  | 'rareCategoryLeakage' | 'singlingOut' | 'linkability' | 'inference' | 'privacy';

export interface Thresholds {
  direction: 'higher' | 'lower';
  good: number;
  fair: number;
}

const SIMILARITY: Thresholds = { direction: 'higher', good: 0.9, fair: 0.75 };
const COVERAGE: Thresholds = { direction: 'higher', good: 0.95, fair: 0.8 };
const ATTACK: Thresholds = { direction: 'lower', good: 0.1, fair: 0.3 };

/** The band thresholds per metric (see the module comment for the reasons). */
export const READING_THRESHOLDS: Readonly<Record<ReadingMetric, Thresholds>> = {
  fidelity: SIMILARITY,
  columnShapes: SIMILARITY,
  columnPairTrends: SIMILARITY,
  KSComplement: SIMILARITY,
  TVComplement: SIMILARITY,
  CorrelationSimilarity: SIMILARITY,
  ContingencySimilarity: SIMILARITY,
  MissingValueSimilarity: SIMILARITY,
  missingValues: SIMILARITY,
  StatisticSimilarity: SIMILARITY,
  RangeCoverage: COVERAGE,
  CategoryCoverage: COVERAGE,
  BoundaryAdherence: COVERAGE,
  CategoryAdherence: COVERAGE,
  pMSE: { direction: 'lower', good: 3, fair: 10 },
  ciOverlap: { direction: 'higher', good: 0.7, fair: 0.4 },
  standardizedDifference: { direction: 'lower', good: 1, fair: 2 },
  tstrRatio: { direction: 'higher', good: 0.95, fair: 0.8 },
  utility: { direction: 'higher', good: 0.95, fair: 0.8 },
  exactMatches: { direction: 'lower', good: 0.005, fair: 0.05 },
  dcrBaselineProtection: { direction: 'higher', good: 0.5, fair: 0.25 },
  dcrOverfittingProtection: { direction: 'higher', good: 0.9, fair: 0.7 },
  nndr: { direction: 'higher', good: 0.5, fair: 0.2 },
  rareCategoryLeakage: { direction: 'lower', good: 0.05, fair: 0.25 },
  singlingOut: ATTACK,
  linkability: ATTACK,
  inference: ATTACK,
  privacy: ATTACK,
};

/** What a sentence may mention besides the value. */
export interface ReadingSubject {
  /** The column the score is about. */
  column?: string;
  /** The two columns of a pair score. */
  columns?: readonly [string, string];
  /** For exactMatches: the holdout baseline rate. */
  baseline?: number;
  /** For StatisticSimilarity: which statistic. */
  statistic?: 'mean' | 'standard deviation' | 'median';
}

/** Band of a value under a metric's thresholds. */
export function bandOf(metric: ReadingMetric, value: number): Band {
  const t = READING_THRESHOLDS[metric];
  if (t.direction === 'higher') return value >= t.good ? 'good' : value >= t.fair ? 'fair' : 'poor';
  return value <= t.good ? 'good' : value <= t.fair ? 'fair' : 'poor';
}

/** The worst of several bands (for overall privacy readings). */
export function worstBand(bands: readonly Band[]): Band {
  if (bands.includes('poor')) return 'poor';
  if (bands.includes('fair')) return 'fair';
  return 'good';
}

/**
 * Maps a metric and its value to a verdict band and one plain-language sentence.
 * A null or non-finite value gives a 'fair' reading that says the metric could not be computed.
 * For `exactMatches` pass the synthetic exact-match rate; the band uses the excess over `subject.baseline`.
 *
 * The sentence is stored in evaluation.json in English: each is one whole catalogue template
 * (`english`), so the dashboard and evaluation.html show it in the reader's language (`shown`).
 */
export function readingFor(metric: ReadingMetric, value: number | null | undefined, subject: ReadingSubject = {}): Reading {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return { band: 'fair', text: english('{0} could not be computed for {1}.', LABELS[metric], describe(subject, english('these data'))) };
  }
  const banded = metric === 'exactMatches' ? Math.max(0, value - (subject.baseline ?? 0)) : value;
  const band = bandOf(metric, banded);
  return { band, text: SENTENCES[metric](band, value, subject) };
}

const LABELS: Record<ReadingMetric, string> = {
  fidelity: english('The overall fidelity score'),
  columnShapes: english('Column shapes'),
  columnPairTrends: english('Column pair trends'),
  KSComplement: english('The distribution comparison (KSComplement)'),
  TVComplement: english('The category comparison (TVComplement)'),
  CorrelationSimilarity: english('The correlation comparison'),
  ContingencySimilarity: english('The cross-tabulation comparison'),
  MissingValueSimilarity: english('The missing-value comparison'),
  missingValues: english('The missing-value comparison'),
  StatisticSimilarity: english('The summary-statistic comparison'),
  RangeCoverage: english('Range coverage'),
  CategoryCoverage: english('Category coverage'),
  BoundaryAdherence: english('Boundary adherence'),
  CategoryAdherence: english('Category adherence'),
  pMSE: english('The propensity score (pMSE)'),
  ciOverlap: english('The confidence-interval overlap'),
  standardizedDifference: english('The coefficient difference'),
  tstrRatio: english('The train-on-synthetic comparison'),
  utility: english('The utility score'),
  exactMatches: english('The exact-match check'),
  dcrBaselineProtection: english('The distance-to-closest-record check'),
  dcrOverfittingProtection: english('The overfitting check'),
  nndr: english('The nearest-neighbour distance ratio'),
  rareCategoryLeakage: english('The rare-category check'),
  singlingOut: english('The singling-out attack'),
  linkability: english('The linkability attack'),
  inference: english('The attribute-inference attack'),
  privacy: english('The privacy assessment'),
};

/** The subject of a sentence: two quoted columns, one, or `fallback` ("this column"). */
function describe(s: ReadingSubject, fallback: string): string {
  if (s.columns) return english('“{0}” and “{1}”', s.columns[0], s.columns[1]);
  if (s.column !== undefined) return english('“{0}”', s.column);
  return fallback;
}

function f2(x: number): string {
  return x.toFixed(2);
}

function pct(x: number): string {
  const p = x * 100;
  return (p !== 0 && Math.abs(p) < 0.1 ? p.toPrecision(1) : p.toFixed(1)) + '%';
}

type Sentence = (band: Band, value: number, subject: ReadingSubject) => string;

/** One sentence per band; each a whole template, so a translation can order its words freely. */
const byBand = (band: Band, good: string, fair: string, poor: string): string => (band === 'good' ? good : band === 'fair' ? fair : poor);

/** Sentence for a 0..1 similarity: what is compared (a template of its own), in three grades. */
function similarity(what: (s: ReadingSubject) => string): Sentence {
  return (band, v, s) => {
    const [subject, score] = [what(s), f2(v)];
    return byBand(band,
      english('{0} in the twin closely matches the real data (score {1} of 1).', subject, score),
      english('{0} in the twin roughly matches the real data (score {1} of 1).', subject, score),
      english('{0} in the twin differs clearly from the real data (score {1} of 1).', subject, score));
  };
}

/** The statistic StatisticSimilarity compares, with its subject. */
function statisticOf(s: ReadingSubject): string {
  const subject = describe(s, english('this column'));
  switch (s.statistic) {
    case 'mean': return english('The mean of {0}', subject);
    case 'median': return english('The median of {0}', subject);
    case 'standard deviation': return english('The standard deviation of {0}', subject);
    default: return english('The summary statistic of {0}', subject);
  }
}

const SENTENCES: Record<ReadingMetric, Sentence> = {
  fidelity: similarity(() => english('Overall, the shape of each column and the relationships between columns')),
  columnShapes: similarity(() => english('The distribution of each column')),
  columnPairTrends: similarity(() => english('The relationships between pairs of columns')),
  KSComplement: similarity((s) => english('The distribution of {0}', describe(s, english('this column')))),
  TVComplement: similarity((s) => english('The category frequencies of {0}', describe(s, english('this column')))),
  CorrelationSimilarity: similarity((s) => english('The correlation between {0}', describe(s, english('these columns')))),
  ContingencySimilarity: similarity((s) => english('The cross-tabulation of {0}', describe(s, english('these columns')))),
  MissingValueSimilarity: similarity((s) => english('The share of missing values in {0}', describe(s, english('this column')))),
  missingValues: similarity(() => english('The share of missing values per column')),
  StatisticSimilarity: similarity(statisticOf),
  RangeCoverage: (band, v, s) => byBand(band,
    english('The twin\'s values of {0} span almost all of the real range ({1}).', describe(s, english('this column')), pct(v)),
    english('The twin\'s values of {0} span most of the real range ({1}).', describe(s, english('this column')), pct(v)),
    english('The twin\'s values of {0} span only part of the real range ({1}).', describe(s, english('this column')), pct(v))),
  CategoryCoverage: (band, v, s) => byBand(band,
    english('The twin contains almost all of the real categories of {0} ({1}).', describe(s, english('this column')), pct(v)),
    english('The twin contains most of the real categories of {0} ({1}).', describe(s, english('this column')), pct(v)),
    english('The twin contains only some of the real categories of {0} ({1}).', describe(s, english('this column')), pct(v))),
  BoundaryAdherence: (band, v, s) => band === 'poor'
    ? english('{0} of the twin\'s values of {1} lie within the real minimum and maximum, so many fall outside it.', pct(v), describe(s, english('this column')))
    : english('{0} of the twin\'s values of {1} lie within the real minimum and maximum.', pct(v), describe(s, english('this column'))),
  CategoryAdherence: (band, v, s) => band === 'poor'
    ? english('{0} of the twin\'s values of {1} are categories found in the real data, so many are invented.', pct(v), describe(s, english('this column')))
    : english('{0} of the twin\'s values of {1} are categories found in the real data.', pct(v), describe(s, english('this column'))),
  pMSE: (band, v) => byBand(band,
    english('A model can hardly tell twin rows from real rows (standardised pMSE {0}; about 1 is ideal).', f2(v)),
    english('A model can tell twin rows from real rows somewhat better than chance (standardised pMSE {0}; about 1 is ideal).', f2(v)),
    english('A model can tell twin rows from real rows well (standardised pMSE {0}; about 1 is ideal).', f2(v))),
  ciOverlap: (band, v) => byBand(band,
    english('Confidence intervals from the twin largely overlap those from the real data (mean overlap {0} on Karr et al.\'s scale up to 1: 1 = identical intervals, 0 = just touching, below 0 = a gap between them).', f2(v)),
    english('Confidence intervals from the twin partly overlap those from the real data (mean overlap {0} on Karr et al.\'s scale up to 1: 1 = identical intervals, 0 = just touching, below 0 = a gap between them).', f2(v)),
    v < 0
      ? english('Confidence intervals from the twin lie apart from those from the real data (mean overlap {0} on Karr et al.\'s scale up to 1: 1 = identical intervals, 0 = just touching, below 0 = a gap between them).', f2(v))
      : english('Confidence intervals from the twin overlap little with those from the real data (mean overlap {0} on Karr et al.\'s scale up to 1: 1 = identical intervals, 0 = just touching, below 0 = a gap between them).', f2(v))),
  standardizedDifference: (band, v) => byBand(band,
    english('Model coefficients from the twin differ from the real ones by {0} standard errors (median), within sampling noise.', f2(v)),
    english('Model coefficients from the twin differ from the real ones by {0} standard errors (median), noticeable but modest.', f2(v)),
    english('Model coefficients from the twin differ from the real ones by {0} standard errors (median), enough to change conclusions.', f2(v))),
  tstrRatio: (band, v) => byBand(band,
    english('A model trained on the twin predicts real data about as well as one trained on real data ({0} of its skill).', pct(v)),
    english('A model trained on the twin predicts real data somewhat worse than one trained on real data ({0} of its skill).', pct(v)),
    english('A model trained on the twin predicts real data much worse than one trained on real data ({0} of its skill).', pct(v))),
  utility: (band, v) => byBand(band,
    english('Analyses run on the twin give much the same results to the real data (score {0}).', f2(v)),
    english('Analyses run on the twin give broadly similar results to the real data (score {0}).', f2(v)),
    english('Analyses run on the twin give noticeably different results to the real data (score {0}).', f2(v))),
  exactMatches: (band, v, s) => s.baseline !== undefined
    ? byBand(band,
      english('{0} of twin rows are exact copies of a real row (unseen real rows: {1}).', pct(v), pct(s.baseline)),
      english('{0} of twin rows are exact copies of a real row (unseen real rows: {1}), somewhat more than chance.', pct(v), pct(s.baseline)),
      english('{0} of twin rows are exact copies of a real row (unseen real rows: {1}), which is a disclosure risk.', pct(v), pct(s.baseline)))
    : byBand(band,
      english('{0} of twin rows are exact copies of a real row.', pct(v)),
      english('{0} of twin rows are exact copies of a real row, somewhat more than chance.', pct(v)),
      english('{0} of twin rows are exact copies of a real row, which is a disclosure risk.', pct(v))),
  dcrBaselineProtection: (band, v) => byBand(band,
    english('Twin rows are not unusually close to real rows compared with random rows (score {0} of 1).', f2(v)),
    english('Twin rows are somewhat close to real rows compared with random rows (score {0} of 1).', f2(v)),
    english('Twin rows are very close to real rows compared with random rows (score {0} of 1).', f2(v))),
  dcrOverfittingProtection: (band, v) => byBand(band,
    english('Twin rows are no closer to the training rows than unseen real rows are (score {0} of 1).', f2(v)),
    english('Twin rows are somewhat closer to the training rows than unseen real rows are (score {0} of 1).', f2(v)),
    english('Twin rows are much closer to the training rows than unseen real rows are (score {0} of 1).', f2(v))),
  nndr: (band, v) => byBand(band,
    english('Twin rows do not sit right on one particular real record (median ratio {0}; near 0 means near-copies).', f2(v)),
    english('Twin rows sometimes sit right on one particular real record (median ratio {0}; near 0 means near-copies).', f2(v)),
    english('Twin rows often sit right on one particular real record (median ratio {0}; near 0 means near-copies).', f2(v))),
  rareCategoryLeakage: (band, v) => band === 'good'
    ? english('{0} of the rare real categories appear in the twin.', pct(v))
    : english('{0} of the rare real categories appear in the twin, which may point to the few people in them.', pct(v)),
  singlingOut: (band, v) => byBand(band,
    english('An attacker using the twin to single out one real person does barely better than one without it (singling-out risk {0}).', f2(v)),
    english('An attacker using the twin to single out one real person does somewhat better than one without it (singling-out risk {0}).', f2(v)),
    english('An attacker using the twin to single out one real person does much better than one without it (singling-out risk {0}).', f2(v))),
  linkability: (band, v) => byBand(band,
    english('An attacker using the twin to link records about the same real person does barely better than one without it (linkability risk {0}).', f2(v)),
    english('An attacker using the twin to link records about the same real person does somewhat better than one without it (linkability risk {0}).', f2(v)),
    english('An attacker using the twin to link records about the same real person does much better than one without it (linkability risk {0}).', f2(v))),
  inference: (band, v) => byBand(band,
    english('An attacker using the twin to guess a real person’s hidden attribute does barely better than one without it (inference risk {0}).', f2(v)),
    english('An attacker using the twin to guess a real person’s hidden attribute does somewhat better than one without it (inference risk {0}).', f2(v)),
    english('An attacker using the twin to guess a real person’s hidden attribute does much better than one without it (inference risk {0}).', f2(v))),
  privacy: (band) => byBand(band,
    english('No privacy check found the twin disclosing real records beyond what unseen real data would.'),
    english('Some privacy checks show a moderate risk; review them before release.'),
    english('At least one privacy check shows a high risk of disclosing real records; do not release without further protection.')),
};

/**
 * Overall utility reading: the worse of the CI-overlap band and the TSTR/TRTR band
 * (either may be missing), with one sentence quoting both figures.
 */
export function utilityReading(ciOverlapMean: number | null, tstrRatio: number | null): Reading {
  const bands: Band[] = [];
  const ci = ciOverlapMean !== null && Number.isFinite(ciOverlapMean) ? f2(ciOverlapMean) : null;
  const skill = tstrRatio !== null && Number.isFinite(tstrRatio) ? pct(tstrRatio) : null;
  if (ci !== null) bands.push(bandOf('ciOverlap', ciOverlapMean!));
  if (skill !== null) bands.push(bandOf('tstrRatio', tstrRatio!));
  if (bands.length === 0) return { band: 'fair', text: english('The utility of the twin for analyses could not be measured on these data.') };
  const figures = ci !== null && skill !== null
    ? english('confidence-interval overlap {0}; a model trained on the twin keeps {1} of the real model\'s predictive skill', ci, skill)
    : ci !== null ? english('confidence-interval overlap {0}', ci) : english('a model trained on the twin keeps {0} of the real model\'s predictive skill', skill!);
  const band = worstBand(bands);
  return { band, text: byBand(band,
    english('Models fitted on the twin give much the same results to the real data ({0}).', figures),
    english('Models fitted on the twin give broadly similar results to the real data ({0}).', figures),
    english('Models fitted on the twin give noticeably different results to the real data ({0}).', figures)) };
}

/**
 * Overall privacy reading from the bands of the individual privacy checks (the worst one decides).
 * Without a holdout the sentence says that the attack figures are upper bounds, not measured risks.
 */
export function privacyReading(bands: readonly Band[], withHoldout = true): Reading {
  const band = worstBand(bands);
  const text = SENTENCES.privacy(band, 0, {});
  return withHoldout ? { band, text } : { band, text: english('{0} No real records were held out, so the attack figures are upper bounds, not measured risks.', text) };
}

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
  /** For StatisticSimilarity: which statistic ('mean', 'standard deviation', 'median'). */
  statistic?: string;
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
 */
export function readingFor(metric: ReadingMetric, value: number | null | undefined, subject: ReadingSubject = {}): Reading {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return { band: 'fair', text: `${LABELS[metric]} could not be computed for ${describe(subject, 'these data')}.` };
  }
  const banded = metric === 'exactMatches' ? Math.max(0, value - (subject.baseline ?? 0)) : value;
  const band = bandOf(metric, banded);
  return { band, text: SENTENCES[metric](band, value, subject) };
}

const LABELS: Record<ReadingMetric, string> = {
  fidelity: 'The overall fidelity score',
  columnShapes: 'Column shapes',
  columnPairTrends: 'Column pair trends',
  KSComplement: 'The distribution comparison (KSComplement)',
  TVComplement: 'The category comparison (TVComplement)',
  CorrelationSimilarity: 'The correlation comparison',
  ContingencySimilarity: 'The cross-tabulation comparison',
  MissingValueSimilarity: 'The missing-value comparison',
  missingValues: 'The missing-value comparison',
  StatisticSimilarity: 'The summary-statistic comparison',
  RangeCoverage: 'Range coverage',
  CategoryCoverage: 'Category coverage',
  BoundaryAdherence: 'Boundary adherence',
  CategoryAdherence: 'Category adherence',
  pMSE: 'The propensity score (pMSE)',
  ciOverlap: 'The confidence-interval overlap',
  standardizedDifference: 'The coefficient difference',
  tstrRatio: 'The train-on-synthetic comparison',
  utility: 'The utility score',
  exactMatches: 'The exact-match check',
  dcrBaselineProtection: 'The distance-to-closest-record check',
  dcrOverfittingProtection: 'The overfitting check',
  nndr: 'The nearest-neighbour distance ratio',
  rareCategoryLeakage: 'The rare-category check',
  singlingOut: 'The singling-out attack',
  linkability: 'The linkability attack',
  inference: 'The attribute-inference attack',
  privacy: 'The privacy assessment',
};

function describe(s: ReadingSubject, fallback: string): string {
  if (s.columns) return `${quote(s.columns[0])} and ${quote(s.columns[1])}`;
  if (s.column !== undefined) return quote(s.column);
  return fallback;
}

function quote(name: string): string {
  return `“${name}”`;
}

function f2(x: number): string {
  return x.toFixed(2);
}

function pct(x: number): string {
  const p = x * 100;
  return (p !== 0 && Math.abs(p) < 0.1 ? p.toPrecision(1) : p.toFixed(1)) + '%';
}

type Sentence = (band: Band, value: number, subject: ReadingSubject) => string;

/** Sentence for a 0..1 similarity: what is compared, in three grades. */
function similarity(what: (s: ReadingSubject) => string): Sentence {
  return (band, v, s) => {
    const grade = band === 'good' ? 'closely matches' : band === 'fair' ? 'roughly matches' : 'differs clearly from';
    return `${what(s)} in the twin ${grade} the real data (score ${f2(v)} of 1).`;
  };
}

function attack(name: string, what: string): Sentence {
  return (band, v) => {
    const grade = band === 'good' ? 'barely better than' : band === 'fair' ? 'somewhat better than' : 'much better than';
    return `An attacker using the twin to ${what} does ${grade} one without it (${name} risk ${f2(v)}).`;
  };
}

const SENTENCES: Record<ReadingMetric, Sentence> = {
  fidelity: similarity(() => 'Overall, the shape of each column and the relationships between columns'),
  columnShapes: similarity(() => 'The distribution of each column'),
  columnPairTrends: similarity(() => 'The relationships between pairs of columns'),
  KSComplement: similarity((s) => `The distribution of ${describe(s, 'this column')}`),
  TVComplement: similarity((s) => `The category frequencies of ${describe(s, 'this column')}`),
  CorrelationSimilarity: similarity((s) => `The correlation between ${describe(s, 'these columns')}`),
  ContingencySimilarity: similarity((s) => `The cross-tabulation of ${describe(s, 'these columns')}`),
  MissingValueSimilarity: similarity((s) => `The share of missing values in ${describe(s, 'this column')}`),
  missingValues: similarity(() => 'The share of missing values per column'),
  StatisticSimilarity: similarity((s) => `The ${s.statistic ?? 'summary statistic'} of ${describe(s, 'this column')}`),
  RangeCoverage: (band, v, s) =>
    `The twin's values of ${describe(s, 'this column')} span ${band === 'good' ? 'almost all of' : band === 'fair' ? 'most of' : 'only part of'} the real range (${pct(v)}).`,
  CategoryCoverage: (band, v, s) =>
    `The twin contains ${band === 'good' ? 'almost all' : band === 'fair' ? 'most' : 'only some'} of the real categories of ${describe(s, 'this column')} (${pct(v)}).`,
  BoundaryAdherence: (band, v, s) =>
    `${pct(v)} of the twin's values of ${describe(s, 'this column')} lie within the real minimum and maximum${band === 'poor' ? ', so many fall outside it' : ''}.`,
  CategoryAdherence: (band, v, s) =>
    `${pct(v)} of the twin's values of ${describe(s, 'this column')} are categories found in the real data${band === 'poor' ? ', so many are invented' : ''}.`,
  pMSE: (band, v) =>
    band === 'good'
      ? `A model can hardly tell twin rows from real rows (standardised pMSE ${f2(v)}; about 1 is ideal).`
      : band === 'fair'
        ? `A model can tell twin rows from real rows somewhat better than chance (standardised pMSE ${f2(v)}; about 1 is ideal).`
        : `A model can tell twin rows from real rows well (standardised pMSE ${f2(v)}; about 1 is ideal).`,
  ciOverlap: (band, v) =>
    `Confidence intervals from the twin ${band === 'good' ? 'largely overlap' : band === 'fair' ? 'partly overlap' : v < 0 ? 'lie apart from' : 'overlap little with'} those from the real data (mean overlap ${f2(v)} on Karr et al.'s scale up to 1: 1 = identical intervals, 0 = just touching, below 0 = a gap between them).`,
  standardizedDifference: (band, v) =>
    `Model coefficients from the twin differ from the real ones by ${f2(v)} standard errors (median)${band === 'poor' ? ', enough to change conclusions' : band === 'fair' ? ', noticeable but modest' : ', within sampling noise'}.`,
  tstrRatio: (band, v) =>
    `A model trained on the twin predicts real data ${band === 'good' ? 'about as well as' : band === 'fair' ? 'somewhat worse than' : 'much worse than'} one trained on real data (${pct(v)} of its skill).`,
  utility: (band, v) =>
    `Analyses run on the twin give ${band === 'good' ? 'much the same' : band === 'fair' ? 'broadly similar' : 'noticeably different'} results to the real data (score ${f2(v)}).`,
  exactMatches: (band, v, s) =>
    `${pct(v)} of twin rows are exact copies of a real row${s.baseline !== undefined ? ` (unseen real rows: ${pct(s.baseline)})` : ''}${band === 'poor' ? ', which is a disclosure risk' : band === 'fair' ? ', somewhat more than chance' : ''}.`,
  dcrBaselineProtection: (band, v) =>
    `Twin rows are ${band === 'good' ? 'not unusually close' : band === 'fair' ? 'somewhat close' : 'very close'} to real rows compared with random rows (score ${f2(v)} of 1).`,
  dcrOverfittingProtection: (band, v) =>
    `Twin rows are ${band === 'good' ? 'no closer' : band === 'fair' ? 'somewhat closer' : 'much closer'} to the training rows than unseen real rows are (score ${f2(v)} of 1).`,
  nndr: (band, v) =>
    `Twin rows ${band === 'good' ? 'do not sit' : band === 'fair' ? 'sometimes sit' : 'often sit'} right on one particular real record (median ratio ${f2(v)}; near 0 means near-copies).`,
  rareCategoryLeakage: (band, v) =>
    `${pct(v)} of the rare real categories appear in the twin${band === 'good' ? '' : ', which may point to the few people in them'}.`,
  singlingOut: attack('singling-out', 'single out one real person'),
  linkability: attack('linkability', 'link records about the same real person'),
  inference: attack('inference', 'guess a real person’s hidden attribute'),
  privacy: (band) =>
    band === 'good'
      ? 'No privacy check found the twin disclosing real records beyond what unseen real data would.'
      : band === 'fair'
        ? 'Some privacy checks show a moderate risk; review them before release.'
        : 'At least one privacy check shows a high risk of disclosing real records; do not release without further protection.',
};

/**
 * Overall utility reading: the worse of the CI-overlap band and the TSTR/TRTR band
 * (either may be missing), with one sentence quoting both figures.
 */
export function utilityReading(ciOverlapMean: number | null, tstrRatio: number | null): Reading {
  const bands: Band[] = [];
  const parts: string[] = [];
  if (ciOverlapMean !== null && Number.isFinite(ciOverlapMean)) {
    bands.push(bandOf('ciOverlap', ciOverlapMean));
    parts.push(`confidence-interval overlap ${f2(ciOverlapMean)}`);
  }
  if (tstrRatio !== null && Number.isFinite(tstrRatio)) {
    bands.push(bandOf('tstrRatio', tstrRatio));
    parts.push(`a model trained on the twin keeps ${pct(tstrRatio)} of the real model's predictive skill`);
  }
  if (bands.length === 0) return { band: 'fair', text: 'The utility of the twin for analyses could not be measured on these data.' };
  const band = worstBand(bands);
  const grade = band === 'good' ? 'much the same' : band === 'fair' ? 'broadly similar' : 'noticeably different';
  return { band, text: `Models fitted on the twin give ${grade} results to the real data (${parts.join('; ')}).` };
}

/**
 * Overall privacy reading from the bands of the individual privacy checks (the worst one decides).
 * Without a holdout the sentence says that the attack figures are upper bounds, not measured risks.
 */
export function privacyReading(bands: readonly Band[], withHoldout = true): Reading {
  const band = worstBand(bands);
  const text = SENTENCES.privacy(band, 0, {});
  return withHoldout ? { band, text } : { band, text: `${text} No real records were held out, so the attack figures are upper bounds, not measured risks.` };
}

/**
 * A realistic evaluation report for the report and browser tests: an adult-like
 * dataset (ages, hours, a date, categories, a binary income target) with a
 * statistical-level twin, a holdout, and two hostile column names. Values are
 * computed from smooth shapes so the charts look like real ones; nothing here is
 * random.
 */
import type { Band, ColumnDetail, EvaluationReport, Reading } from '../../../src/core/evaluate/report';
import type { Metadata } from '../../../src/core/metadata';

export const XSS_COLUMN = '<img src=x onerror=alert(1)>';
export const SCRIPT_COLUMN = '</script><script>alert(2)</script>';

function reading(band: Band, text: string): Reading {
  return { band, text };
}

function bandHigher(v: number, good = 0.9, fair = 0.75): Band {
  return v >= good ? 'good' : v >= fair ? 'fair' : 'poor';
}

function bandLower(v: number, good: number, fair: number): Band {
  return v <= good ? 'good' : v <= fair ? 'fair' : 'poor';
}

function normalBins(edges: number[], mean: number, sd: number, n: number): number[] {
  const counts: number[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const mid = ((edges[i] as number) + (edges[i + 1] as number)) / 2;
    counts.push(Math.round(n * Math.exp(-0.5 * ((mid - mean) / sd) ** 2)));
  }
  return counts;
}

function freq(counts: number[]): { counts: number[]; proportions: number[] } {
  const total = counts.reduce((a, b) => a + b, 0);
  return { counts, proportions: counts.map((c) => (total ? c / total : 0)) };
}

function range(lo: number, hi: number, bins: number): number[] {
  return Array.from({ length: bins + 1 }, (_, i) => lo + ((hi - lo) * i) / bins);
}

function numeric(column: string, type: 'integer' | 'numeric' | 'date', edges: number[], real: number[], syn: number[], missing: [number, number]): ColumnDetail {
  const stats = (counts: number[]) => {
    let n = 0; let s = 0;
    counts.forEach((c, i) => { const m = ((edges[i] as number) + (edges[i + 1] as number)) / 2; n += c; s += c * m; });
    const mean = s / n;
    let v = 0;
    counts.forEach((c, i) => { const m = ((edges[i] as number) + (edges[i + 1] as number)) / 2; v += c * (m - mean) ** 2; });
    return { min: edges[0] as number, max: edges[edges.length - 1] as number, mean, sd: Math.sqrt(v / n), median: mean };
  };
  return { column, type, kind: 'numeric', edges, real: freq(real), synthetic: freq(syn), missing: { real: missing[0], synthetic: missing[1] },
    stats: { real: stats(real), synthetic: stats(syn) } };
}

function categorical(column: string, type: 'categorical' | 'boolean', categories: string[], real: number[], syn: number[], other?: { label: string; categories: number }): ColumnDetail {
  return { column, type, kind: 'categorical', categories, real: freq(real), synthetic: freq(syn), missing: { real: 0, synthetic: 0 }, ...(other ? { other } : {}) };
}

/** Builds the fixture report. */
export function makeReport(): EvaluationReport {
  const ageEdges = range(17, 90, 15);
  const hoursEdges = range(1, 99, 14);
  const day = 86400000;
  const dateEdges = range(Date.UTC(2015, 0, 1), Date.UTC(2015, 0, 1) + 365 * 4 * day, 12);
  const columns: ColumnDetail[] = [
    numeric('age', 'integer', ageEdges, normalBins(ageEdges, 38, 13, 3000), normalBins(ageEdges, 40, 15, 3000), [0, 0]),
    categorical('workclass', 'categorical', ['Private', 'Self-emp-not-inc', 'Local-gov', 'State-gov', 'Self-emp-inc', 'Federal-gov', 'Other'],
      [22696, 2541, 2093, 1298, 1116, 960, 1857], [22010, 2702, 2150, 1402, 1003, 1021, 2273], { label: 'Other', categories: 3 }),
    numeric('hours-per-week', 'integer', hoursEdges, [300, 600, 1200, 2600, 19000, 3700, 2900, 1200, 500, 250, 150, 80, 50, 31],
      [700, 1100, 2200, 4200, 12000, 5200, 3400, 1500, 800, 500, 250, 120, 60, 31], [0.01, 0.012]),
    numeric('admission_date', 'date', dateEdges, normalBins(dateEdges, Date.UTC(2017, 0, 1), 500 * day, 2000), normalBins(dateEdges, Date.UTC(2017, 2, 1), 520 * day, 2000), [0.02, 0.02]),
    categorical('sex', 'categorical', ['Male', 'Female'], [21790, 10771], [21500, 11061]),
    categorical(XSS_COLUMN, 'categorical', ['<b>bold</b>', 'a & b', '"quoted"'], [50, 30, 20], [45, 35, 20]),
    categorical(SCRIPT_COLUMN, 'boolean', ['yes', 'no'], [60, 40], [58, 42]),
    categorical('income', 'categorical', ['<=50K', '>50K'], [24720, 7841], [25300, 7261]),
  ];
  const shapeScores = [0.912, 0.957, 0.781, 0.884, 0.991, 0.95, 0.98, 0.982];
  const shapes = columns.map((c, i) => {
    const score = shapeScores[i] as number;
    return { column: c.column, metric: c.kind === 'numeric' ? 'KSComplement' as const : 'TVComplement' as const, score,
      reading: reading(bandHigher(score), `The distribution of ${c.column} ${bandHigher(score) === 'good' ? 'closely matches' : 'roughly matches'} the real one.`) };
  });
  const shapesScore = shapeScores.reduce((a, b) => a + b, 0) / shapeScores.length;
  const names = columns.map((c) => c.column);
  const n = names.length;
  const realM: (number | null)[][] = [];
  const synM: (number | null)[][] = [];
  const diffM: (number | null)[][] = [];
  const measure: ('pearson' | 'cramersV')[][] = [];
  for (let i = 0; i < n; i++) {
    realM.push([]); synM.push([]); diffM.push([]); measure.push([]);
    for (let j = 0; j < n; j++) {
      const both = columns[i]?.kind === 'numeric' && columns[j]?.kind === 'numeric';
      measure[i]!.push(both ? 'pearson' : 'cramersV');
      if (i === j) { realM[i]!.push(1); synM[i]!.push(1); diffM[i]!.push(0); continue; }
      const k = Math.min(i, j) * 7 + Math.max(i, j) * 3;
      const r = both ? Math.round(100 * Math.sin(k) * 0.6) / 100 : Math.round(100 * Math.abs(Math.cos(k)) * 0.45) / 100;
      const sv = Math.round(100 * r * 0.35) / 100;
      realM[i]!.push(r); synM[i]!.push(sv); diffM[i]!.push(Math.round(100 * Math.abs(r - sv)) / 100);
    }
  }
  const pairs = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const both = measure[i]![j] === 'pearson';
      const rv = realM[i]![j] as number;
      const sv = synM[i]![j] as number;
      const score = both ? 1 - Math.abs(rv - sv) / 2 : 1 - Math.abs(rv - sv) * 0.6;
      pairs.push({ columns: [names[i] as string, names[j] as string] as [string, string], metric: both ? 'CorrelationSimilarity' as const : 'ContingencySimilarity' as const,
        score, real: rv, synthetic: sv, trend: both ? Math.abs(rv) > 0.5 : rv > 0.3, reading: reading(bandHigher(score), `The relationship ${bandHigher(score) === 'good' ? 'is kept' : 'is weakened'} in the twin.`) });
    }
  }
  const pairScore = pairs.reduce((a, p) => a + p.score, 0) / pairs.length;
  const trendPairs = pairs.filter((p) => p.trend);
  const fidelityScore = (shapesScore + pairScore) / 2;
  const dist = (center: number, spread: number) => normalBins(range(0, 1, 20), center, spread, 500);
  const risk = (value: number, ci: [number, number], attackRate: number, controlRate: number, attacks: number, what: string) => ({
    risk: value, ci, attackRate, controlRate, attacks, baselineRate: 0.01,
    reading: reading(bandLower(value, 0.1, 0.3), `${what} ${bandLower(value, 0.1, 0.3) === 'good' ? 'barely succeeds' : 'succeeds often'} against the twin.`), detail: what,
  });
  return {
    format: 'twin-evaluation/1',
    inputs: { real: { file: 'adult.csv', rows: 32561 }, synthetic: { file: 'adult.synthetic.csv', rows: 32561 }, holdout: { file: 'adult-test.csv', rows: 16281 } },
    sample: { real: 32561, synthetic: 32561, holdout: 16281, seed: 1, sampled: false, sampleSize: 50000, note: 'All rows were used.' },
    fidelity: {
      score: fidelityScore,
      reading: reading(bandHigher(fidelityScore), 'Overall, the twin reproduces the real data’s columns closely and most of their relationships.'),
      columnShapes: { score: shapesScore, reading: reading(bandHigher(shapesScore), 'Column by column, the twin looks like the real data.'), columns: shapes },
      columnPairTrends: { score: pairScore, scoreTrendPairs: trendPairs.length ? trendPairs.reduce((a, p) => a + p.score, 0) / trendPairs.length : null,
        reading: reading(bandHigher(pairScore), 'Relationships between columns are weaker in the twin than in the real data.'), pairs, skipped: [] },
      pMSE: { value: 0.0123, standardized: 6.4, c: 0.5, rows: 65122, terms: 42, converged: true, reading: reading('fair', 'A model can tell the twin from the real data somewhat better than chance.') },
      missingValues: { score: 0.999, reading: reading('good', 'Missing values are as common as in the real data.'),
        columns: columns.map((c) => ({ column: c.column, metric: 'MissingValueSimilarity' as const, real: c.missing.real, synthetic: c.missing.synthetic, score: 1 - Math.abs(c.missing.real - c.missing.synthetic) })) },
      coverage: { score: 0.97, adherence: 0.99, columns: columns.map((c) => ({
        column: c.column,
        coverage: { metric: c.kind === 'numeric' ? 'RangeCoverage' as const : 'CategoryCoverage' as const, score: 0.97, reading: reading('good', 'Covers the real range.') },
        adherence: { metric: c.kind === 'numeric' ? 'BoundaryAdherence' as const : 'CategoryAdherence' as const, score: 0.995, reading: reading('good', 'Stays inside the real range.') },
      })) },
      statistics: { columns: columns.filter((c) => c.kind === 'numeric').map((c) => {
        const st = (c.kind === 'numeric' ? c.stats : null)!;
        const cmp = (k: 'mean' | 'sd' | 'median') => ({ real: st.real![k], synthetic: st.synthetic![k], score: 0.95 });
        return { column: c.column, mean: cmp('mean'), sd: cmp('sd'), median: cmp('median') };
      }) },
      excluded: [{ column: 'person_id', reason: 'identifier' }],
    },
    utility: {
      target: 'income', targetSource: 'default', model: 'logistic', positiveClass: '>50K',
      coefficients: [
        { term: '(intercept)', real: { estimate: -1.42, se: 0.02, ci: [-1.46, -1.38] }, synthetic: { estimate: -1.38, se: 0.021, ci: [-1.42, -1.34] }, ciOverlap: 0.5, standardizedDifference: 2 },
        { term: 'age', real: { estimate: 0.61, se: 0.017, ci: [0.577, 0.643] }, synthetic: { estimate: 0.52, se: 0.018, ci: [0.485, 0.555] }, ciOverlap: -0.8, standardizedDifference: 5.3 },
        { term: 'hours-per-week', real: { estimate: 0.45, se: 0.016, ci: [0.419, 0.481] }, synthetic: { estimate: 0.43, se: 0.016, ci: [0.399, 0.461] }, ciOverlap: 0.68, standardizedDifference: 1.25 },
        { term: 'sex=Female', real: { estimate: -1.05, se: 0.04, ci: [-1.128, -0.972] }, synthetic: { estimate: -0.41, se: 0.04, ci: [-0.488, -0.332] }, ciOverlap: -7.2, standardizedDifference: 16 },
        { term: `${XSS_COLUMN}=<b>bold</b>`, real: { estimate: 0.1, se: 0.05, ci: [0.002, 0.198] }, synthetic: { estimate: 0.12, se: 0.05, ci: [0.022, 0.218] }, ciOverlap: 0.8, standardizedDifference: 0.4 },
      ],
      ciOverlap: { mean: -1.2, reading: reading('poor', 'Regression coefficients from the twin often differ from the real ones.') },
      standardizedDifference: { median: 2, reading: reading('fair', 'A typical coefficient moves by about two standard errors.') },
      prediction: { testSet: 'holdout', trainRealRows: 32561, trainSyntheticRows: 32561, testRows: 16281, metric: 'auc',
        tstr: { accuracy: 0.781, auc: 0.842 }, trtr: { accuracy: 0.846, auc: 0.901 }, ratio: (0.842 - 0.5) / (0.901 - 0.5), reading: reading('fair', 'A model trained on the twin predicts income on real people a little less well than one trained on the real data.') },
      reading: reading('fair', 'Analyses on the twin point the same way as on the real data, with weaker effects.'),
      notes: ['Numeric predictors are standardised by the real mean and standard deviation.'],
    },
    privacy: {
      baseline: 'holdout',
      reading: reading('fair', 'The twin holds few copies of real people, but some attacks do better than chance.'),
      exactMatches: { count: 14, rate: 14 / 32561, holdoutCount: 10, holdoutRate: 0.0006, reading: reading('good', 'Almost no synthetic row copies a real one.') },
      dcr: {
        synthetic: { count: 5000, min: 0, p05: 0.01, median: 0.071, mean: 0.08, p95: 0.19, max: 0.5 },
        holdout: { count: 5000, min: 0, p05: 0.008, median: 0.066, mean: 0.074, p95: 0.18, max: 0.48 },
        random: { count: 5000, min: 0.1, p05: 0.18, median: 0.31, mean: 0.32, p95: 0.45, max: 0.6 },
        baselineProtection: { score: 0.229, reading: reading('poor', 'Synthetic rows sit much closer to real rows than random rows do.') },
        overfittingProtection: { score: 0.94, closerToTraining: 0.53, reading: reading('good', 'The twin is no closer to the training rows than unseen real rows are.') },
        histogram: { edges: range(0, 1, 20), series: [{ label: 'synthetic', counts: dist(0.07, 0.05) }, { label: 'holdout', counts: dist(0.065, 0.05) }, { label: 'random', counts: dist(0.31, 0.09) }] },
        rows: { synthetic: 5000, real: 32561, holdout: 5000 }, note: 'Distances use a seeded sample of 5,000 synthetic and holdout rows.',
      },
      nndr: { summary: { count: 5000, min: 0, p05: 0.2, median: 0.62, mean: 0.6, p95: 0.95, max: 1 }, histogram: { edges: range(0, 1, 20), series: [{ label: 'synthetic', counts: dist(0.62, 0.2) }] },
        reading: reading('good', 'Synthetic rows are not near-copies of single real rows.') },
      rareCategoryLeakage: { threshold: 10, rareCategories: 6, leaked: 1, rate: 1 / 6, columns: [{ column: 'workclass', rareCategories: 2, leaked: 1 }, { column: XSS_COLUMN, rareCategories: 4, leaked: 0 }],
        reading: reading('fair', 'One rare category from the real data appears in the twin.') },
      anonymeter: {
        singlingOut: { univariate: risk(0.02, [0, 0.05], 0.05, 0.03, 500, 'Singling out one person by a single value'),
          multivariate: risk(0.12, [0.07, 0.17], 0.2, 0.09, 500, 'Singling out one person by a combination of values') },
        linkability: risk(0.04, [0, 0.09], 0.08, 0.04, 2000, 'Linking two halves of a record'),
        inference: risk(0.35, [0.28, 0.42], 0.62, 0.42, 1000, 'Guessing income from the other columns'),
        confidence: 0.95,
      },
      notes: ['Anonymeter attacks use 500 targets from the training rows and 500 from the holdout.'],
    },
    columns,
    associations: { columns: names, measure, real: realM, synthetic: synM, difference: diffM },
    notes: ['person_id looks like an identifier and was left out of the fidelity metrics.'],
  };
}

/** Disclosure-safe metadata for the Profile view, with the same hostile column name. */
export function makeMetadata(): Metadata {
  return {
    format: 'twin-metadata/1',
    generator: { tool: 'synthetic-twin', version: '0.1.0' },
    dataset: {
      name: 'adult', rows: 32561,
      dialect: { kind: 'delimited', delimiter: ',', quote: '"', quoting: 'minimal', spaceAfterDelimiter: true, header: true, lineEnding: '\n', encoding: 'utf-8', bom: false, finalNewline: true },
      fingerprint: { method: 'hmac-sha256', hmac: '5b00264637dbfec36bdeaab5676b0b309ff9eb788d63554ca0a249491c86603d' },
    },
    disclosure: { threshold: 10, rounding: 5, tailQuantile: 0.01, dateResolution: 'month' },
    columns: [
      { name: 'age', type: 'integer', format: { kind: 'integer', thousands: false }, missing: 0, distinct: 75, disclosure: [],
        bounds: { lower: 17, upper: 74 }, mean: 38.58, sd: 13.64, quantiles: { p: [0.25, 0.5, 0.75], values: [28, 37, 48] },
        histogram: { edges: [17, 25, 33, 41, 49, 57, 65, 74], counts: [5570, 6155, 6945, 5890, 4140, 2450, 1410] } },
      { name: 'workclass', type: 'categorical', format: { kind: 'string' }, missing: 0.0564, distinct: 8,
        disclosure: [{ kind: 'rare-categories', reason: '1 category has fewer than 10 records', action: 'merged into other' }],
        categories: [{ value: 'Private', count: 22695 }, { value: 'Self-emp-not-inc', count: 2540 }, { value: 'Local-gov', count: 2095 }, { value: 'State-gov', count: 1300 }],
        other: { categories: 4, count: 2090, label: 'Other' } },
      { name: XSS_COLUMN, type: 'categorical', format: { kind: 'string' }, missing: 0, distinct: 3, disclosure: [],
        categories: [{ value: '<b>bold</b>', count: 50 }, { value: 'a & b', count: 30 }, { value: '"quoted"', count: 20 }] },
      { name: 'person_id', type: 'identifier', format: { kind: 'string', shape: '999-99-9999' }, missing: 0,
        disclosure: [{ kind: 'unique-key', reason: 'every value is distinct', action: 'faked' }],
        length: { quantiles: { p: [0, 1], values: [11, 11] } }, unique: true },
    ],
    controls: [{ column: 'workclass', control: 'rare-category-merge', detail: '4 categories below k = 10 merged into "Other"' },
      { control: 'count-rounding', detail: 'category and bin counts rounded to the nearest 5' }],
  };
}

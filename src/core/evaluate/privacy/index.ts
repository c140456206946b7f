import type { JobContext } from '../../context';
import { throwIfAborted } from '../../errors';
import { createRandom } from '../../random';
import type { Table } from '../../schema';
import { privacyReading, readingFor } from '../readings';
import type { Band, PrivacyReport } from '../report';
import { evaluateAnonymeter, type AnonymeterOptions } from './anonymeter';
import { computeDcr, distanceHistogram, summarizeDistances, type DcrOptions } from './dcr';
import { computeExactMatches } from './exactMatches';
import { buildKeySpace } from './keys';
import { computeRareCategoryLeakage, type CodedColumn } from './rareCategories';
import { t } from '../../l10n';
import { english } from '../../l10n/stored';

export { successRate, residualSuccess, attackRisk, probit, normalQuantile } from './confidence';
export type { SuccessRate, PrivacyRisk } from './confidence';
export { computeExactMatches } from './exactMatches';
export { computeDcr, summarizeDistances, distanceHistogram, DEFAULT_DCR_QUERY_ROWS, DEFAULT_DCR_REFERENCE_ROWS } from './dcr';
export type { DcrOptions, DcrResult } from './dcr';
export { computeRareCategoryLeakage } from './rareCategories';
export { evaluateAnonymeter, DEFAULT_N_ATTACKS } from './anonymeter';
export type { AnonymeterOptions, AnonymeterResult } from './anonymeter';
export { buildKeySpace } from './keys';

/** Options of `evaluatePrivacy`. */
export interface PrivacyOptions {
  /** Seed of every random choice (DCR samples, random rows, attack targets and predicates). */
  seed: number;
  /** Disclosure threshold k: real categories with fewer records are rare. Default 10. */
  threshold?: number;
  /** Confidence level of the Anonymeter intervals. Default 0.95. */
  confidence?: number;
  /** DCR sampling (query and reference rows). */
  dcr?: DcrOptions;
  /** Anonymeter settings (attacks, secrets, auxiliary columns). */
  anonymeter?: AnonymeterOptions;
  /**
   * Columns left out of the rare-category check: derived columns whose categories are not the
   * data's own (a person's most frequent code is rare as a person's top code although the code is
   * common; its table's own check covers the code).
   */
  notRareChecked?: readonly string[];
}

export const DEFAULT_PRIVACY_THRESHOLD = 10;

/**
 * Privacy of a synthetic table against the real (training) table and, when given, a real holdout that was not
 * used to make the twin: exact matches (whole tables), distance to closest record with SDMetrics'
 * DCRBaselineProtection and DCROverfittingProtection, the nearest-neighbour distance ratio (seeded samples, see
 * `dcr.ts`), rare-category leakage, and Anonymeter's singling-out, linkability and inference attacks with the
 * holdout as control set (`anonymeter.ts`). Every part carries a plain-language reading; the overall reading is the
 * worst band. Identifier columns are left out of row comparisons (twins fake them) but checked for copied values.
 * @throws inputError when the synthetic or holdout table lacks a real column or holds it with another kind of value,
 *   or a named secret/auxiliary column does not exist
 */
export async function evaluatePrivacy(real: Table, synthetic: Table, holdout: Table | null, options: PrivacyOptions, ctx: JobContext = {}): Promise<PrivacyReport> {
  const rng = createRandom(options.seed);
  const threshold = options.threshold ?? DEFAULT_PRIVACY_THRESHOLD;
  const confidence = options.confidence ?? options.anonymeter?.confidence ?? 0.95;
  const report = (fraction: number): void => ctx.onProgress?.({ stage: t('privacy'), fraction });
  const keys = buildKeySpace(real, [
    { table: synthetic, label: 'synthetic' },
    { table: holdout, label: 'holdout' },
  ]);
  const syn = keys.others[0];
  if (syn === null) throw new Error('evaluatePrivacy: synthetic key table missing');
  const hold = keys.others[1];
  const notes: string[] = keys.space.excluded.map((e) => english('Column {0} was left out of row comparisons ({1}).', JSON.stringify(e.column), e.reason));
  report(0);

  const width = keys.space.columns.length;
  if (width === 0) notes.push(english('No column can be compared between the tables (only identifiers), so no row-level privacy metric was computed.'));

  // Exact matches (whole tables). With no comparable column every row would "match"; report none instead.
  const em = width > 0 ? computeExactMatches(keys.real, syn, hold, ctx) : hold ? { count: 0, rate: 0, holdoutCount: 0, holdoutRate: 0 } : { count: 0, rate: 0 };
  const exactMatches: PrivacyReport['exactMatches'] = {
    count: em.count,
    rate: em.rate,
    reading: readingFor('exactMatches', em.rate, em.holdoutRate !== undefined ? { baseline: em.holdoutRate } : {}),
  };
  if (em.holdoutCount !== undefined && em.holdoutRate !== undefined) {
    exactMatches.holdoutCount = em.holdoutCount;
    exactMatches.holdoutRate = em.holdoutRate;
  }
  throwIfAborted(ctx.signal);
  report(0.05);

  // Rare-category leakage over category, text and identifier columns.
  const coded: CodedColumn[] = [];
  const notChecked = new Set(options.notRareChecked ?? []);
  keys.space.columns.forEach((col, c) => {
    if (notChecked.has(col.name)) return;
    const r = keys.real.cols[c];
    const s = syn.cols[c];
    if (col.categories !== null && r instanceof Int32Array && s instanceof Int32Array) {
      coded.push({ name: col.name, type: col.type, categories: col.categories.length, real: r, synthetic: s });
    }
  });
  for (const id of keys.identifiers) coded.push({ name: id.name, type: id.type, categories: id.categories.length, real: id.codes[0], synthetic: id.codes[1] });
  const rare = computeRareCategoryLeakage(coded, threshold);
  report(0.1);

  // DCR and NNDR.
  const none = { rows: 0, cols: [] };
  const dcr = computeDcr(keys.space, width > 0 ? keys.real : none, width > 0 ? syn : none, width > 0 ? hold : null, rng.fork('dcr'), options.dcr ?? {}, ctx, (f) => report(0.1 + 0.4 * f));
  notes.push(...dcr.notes);
  const series: { label: 'synthetic' | 'holdout' | 'random'; values: Float64Array }[] = [{ label: 'synthetic', values: dcr.synthetic }];
  if (dcr.holdout) series.push({ label: 'holdout', values: dcr.holdout });
  series.push({ label: 'random', values: dcr.random });
  const dcrPart: PrivacyReport['dcr'] = {
    synthetic: summarizeDistances(dcr.synthetic),
    random: summarizeDistances(dcr.random),
    baselineProtection: { score: dcr.baselineProtection, reading: readingFor('dcrBaselineProtection', dcr.baselineProtection) },
    histogram: distanceHistogram(series),
    rows: dcr.rows,
  };
  if (dcr.holdout) dcrPart.holdout = summarizeDistances(dcr.holdout);
  if (dcr.overfitting) {
    dcrPart.overfittingProtection = { ...dcr.overfitting, reading: readingFor('dcrOverfittingProtection', dcr.overfitting.score) };
  }
  dcrPart.note = dcr.rows.synthetic < syn.rows || dcr.rows.real < keys.real.rows
    ? english('Gower-style distance (mean over {0} columns; numeric and date differences scaled by the real range and capped at 1; categories 0/1; missing vs missing 0, missing vs value 1). Measured for a seeded sample of {1} synthetic rows against {2} real rows.', keys.space.columns.length, dcr.rows.synthetic, dcr.rows.real)
    : english('Gower-style distance (mean over {0} columns; numeric and date differences scaled by the real range and capped at 1; categories 0/1; missing vs missing 0, missing vs value 1). All rows were measured.', keys.space.columns.length);
  const nndrSummary = summarizeDistances(dcr.nndr);
  const nndr: PrivacyReport['nndr'] = {
    summary: nndrSummary,
    histogram: distanceHistogram([{ label: 'synthetic', values: dcr.nndr }], 20, 1),
    reading: readingFor('nndr', dcr.nndr.length ? nndrSummary.median : null),
  };
  throwIfAborted(ctx.signal);

  // Anonymeter.
  const anon = evaluateAnonymeter(keys.space, keys.real, syn, hold, { ...options.anonymeter, confidence }, rng.fork('anonymeter'), ctx, (f) => report(0.5 + 0.5 * f));
  notes.push(...anon.notes);

  const bands: Band[] = [exactMatches.reading.band, dcrPart.baselineProtection.reading.band, nndr.reading.band];
  if (dcrPart.overfittingProtection) bands.push(dcrPart.overfittingProtection.reading.band);
  const rareReading = readingFor('rareCategoryLeakage', rare.rate);
  bands.push(rareReading.band);
  // Upper bounds (no control set) are not measured risks: they carry no verdict, so they do not decide the overall one.
  for (const a of [anon.singlingOut.univariate, anon.singlingOut.multivariate, anon.linkability, anon.inference]) if (a && !a.upperBound) bands.push(a.reading.band);
  report(1);

  return {
    baseline: hold ? 'holdout' : 'none',
    reading: privacyReading(bands, hold !== null),
    exactMatches,
    dcr: dcrPart,
    nndr,
    rareCategoryLeakage: {
      threshold,
      rareCategories: rare.rareCategories,
      leaked: rare.leaked,
      rate: rare.rate,
      syntheticRows: rare.syntheticRows,
      columns: rare.columns,
      reading: rareReading,
    },
    anonymeter: {
      singlingOut: anon.singlingOut,
      linkability: anon.linkability,
      inference: anon.inference,
      inferenceBySecret: anon.inferenceBySecret.map(({ secret: _secret, ...risk }) => risk),
      confidence,
    },
    notes,
  };
}

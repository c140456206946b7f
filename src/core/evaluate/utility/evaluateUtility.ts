import { normaliseLabel } from '../harmonise';
import type { JobContext } from '../../context';
import { throwIfAborted } from '../../errors';
import type { Random } from '../../random';
import type { Table } from '../../schema';
import { lengthOf, missingCount } from '../columns';
import type { Design, SparseRows } from '../model/design';
import { encodeRows, fitDesign, linearPredictor, termSupport } from '../model/design';
import { fitLogistic, sigmoid } from '../model/logistic';
import { fitOls } from '../model/ols';
import { readingFor, utilityReading } from '../readings';
import type { CoefficientComparison, PredictionComparison, PredictionScores, UtilityReport } from '../report';
import { permutation, takeRows } from '../sample';
import { ciOverlap, standardizedDifference } from './ciOverlap';
import { accuracy, auc, rSquared } from './prediction';
import type { TargetChoice } from './target';
import { chooseTarget } from './target';
import { modelRoleOf } from './roles';
import { mean, median } from '../../math/describe';
import { twoSidedZ } from '../../math/distributions';
import { t } from '../../l10n';
import { english } from '../../l10n/stored';

/** Below this test R² the real-trained linear model has no useful skill (explains under 2% of the variance). */
export const MIN_SKILL_R2 = 0.02;
/** Above this share of the real model's skill the comparison is not rated (the real model is no yardstick). */
export const MAX_SKILL_RATIO = 1.25;

/** Standard error of an AUC (Hanley & McNeil 1982), for deciding whether the real model has any skill. */
export function aucStandardError(a: number, positives: number, negatives: number): number {
  if (positives < 1 || negatives < 1) return Infinity;
  const q1 = a / (2 - a);
  const q2 = (2 * a * a) / (1 + a);
  return Math.sqrt(Math.max(0, (a * (1 - a) + (positives - 1) * (q1 - a * a) + (negatives - 1) * (q2 - a * a)) / (positives * negatives)));
}

/** z for 95% Wald intervals. */
const Z95 = twoSidedZ(0.95);
/** Share of real rows used for training when there is no holdout. */
export const TRAIN_SHARE = 0.7;
/** One-hot levels per predictor (most frequent first); rarer levels are merged. */
export const UTILITY_MAX_LEVELS = 30;
/** Real levels seen fewer times than this are merged into one term (keeps estimates stable). */
export const UTILITY_MIN_LEVEL_COUNT = 10;

export interface UtilityOptions {
  target?: string;
  /** Label of the real input, for error messages. */
  realFile?: string;
}

interface Prepared {
  x: SparseRows;
  y: Float64Array;
  /** The spelling of the positive class matched on the normalised label, when it differed. */
  matchedAs?: string;
}


/**
 * Rows with a present target, encoded with the design; y is the number or 1 for the positive class.
 * A file that spells the positive class differently only by case, spaces or a trailing full stop
 * is matched on the normalised label, and `matchedAs` says so.
 */
function prepare(design: Design, table: Table, choice: TargetChoice): Prepared {
  const col = table.columns.find((c) => c.spec.name === choice.target);
  if (!col) throw new Error(`utility: target ${choice.target} missing`);
  const keep: number[] = [];
  const yAll: number[] = [];
  let matchedAs: string | undefined;
  if (col.data.kind === 'number') {
    const v = col.data.values;
    for (let i = 0; i < v.length; i++) if (!Number.isNaN(v[i])) { keep.push(i); yAll.push(v[i]); }
  } else if (col.data.kind === 'category') {
    const positive = choice.positiveClass ?? '';
    const used = new Uint8Array(col.data.categories.length);
    for (const c of col.data.codes) if (c >= 0) used[c] = 1;
    let pos = col.data.categories.indexOf(positive);
    if (pos < 0 || !used[pos]) {
      const alt = col.data.categories.findIndex((c, k) => used[k] === 1 && normaliseLabel(c) === normaliseLabel(positive));
      if (alt >= 0) {
        pos = alt;
        matchedAs = col.data.categories[alt];
      }
    }
    const codes = col.data.codes;
    for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) { keep.push(i); yAll.push(codes[i] === pos ? 1 : 0); }
  }
  const sub = keep.length === table.rowCount ? table : takeRows(table, keep);
  return { x: encodeRows(design, sub), y: Float64Array.from(yAll), ...(matchedAs !== undefined ? { matchedAs } : {}) };
}

interface Fit {
  beta: Float64Array;
  se: Float64Array;
  support: Float64Array;
  aliased: Uint8Array;
  note?: string;
}

/** The note on a model's fit, by the data it was fitted on and its kind (whole templates: each reads on its own). */
function modelNote(fittedOn: 'real' | 'synthetic', model: 'linear' | 'logistic', note: string): string {
  if (fittedOn === 'real') return model === 'linear' ? english('The real linear model: {0}.', note) : english('The real logistic model: {0}.', note);
  return model === 'linear' ? english('The synthetic linear model: {0}.', note) : english('The synthetic logistic model: {0}.', note);
}

function ridgeNote(ridge: number): string {
  return english('the design stayed singular after dropping collinear terms, so a ridge of {0} was added', ridge.toExponential(0));
}

function fitModel(choice: TargetChoice, d: Prepared, terms: number): Fit {
  const support = termSupport(d.x, terms);
  if (choice.model === 'linear') {
    const f = fitOls(d.x, d.y, terms);
    return { beta: f.beta, se: f.se, support, aliased: f.aliased, ...(f.ridge > 0 ? { note: ridgeNote(f.ridge) } : {}) };
  }
  const f = fitLogistic(d.x, d.y, terms, { standardErrors: true });
  const notes: string[] = [];
  if (!f.converged) notes.push(english('did not converge (possible separation)'));
  if (f.ridge > 0) notes.push(ridgeNote(f.ridge));
  return { beta: f.beta, se: f.se!, support, aliased: f.aliased, ...(notes.length ? { note: notes.join(', ') } : {}) };
}

function predict(choice: TargetChoice, beta: Float64Array, x: SparseRows): Float64Array {
  const eta = linearPredictor(x, beta);
  if (choice.model === 'logistic') for (let i = 0; i < eta.length; i++) eta[i] = sigmoid(eta[i]);
  return eta;
}

function scores(choice: TargetChoice, predicted: Float64Array, y: Float64Array): PredictionScores {
  if (choice.model === 'logistic') {
    const out: PredictionScores = { accuracy: accuracy(predicted, y) };
    const a = auc(predicted, y);
    if (Number.isFinite(a)) out.auc = a;
    return out;
  }
  const r2 = rSquared(predicted, y);
  return Number.isFinite(r2) ? { r2 } : {};
}

/**
 * Utility of the twin for analyses: fits the same model on the real and the synthetic rows —
 * OLS for a numeric target, logistic regression for a two-level one — with one design
 * (one-hot with the real data's levels, numerics standardised by the real mean and sd),
 * and compares coefficients (95% Wald CIs, Karr et al. 2006 CI overlap, standardised
 * difference |β_syn − β_real|/se(β_real)); then trains on synthetic and on real rows and
 * tests both on real rows not used for training (TSTR vs TRTR): the holdout when given,
 * else a seeded 70/30 split of the real rows. Returns null (with a note) when no target
 * can be chosen or there are too few rows.
 * @throws inputError for a `target` that is not a usable column
 */
export function evaluateUtility(
  real: Table, synthetic: Table, holdout: Table | null, options: UtilityOptions, rng: Random, ctx: JobContext = {},
): { utility: UtilityReport | null; notes: string[] } {
  const notes: string[] = [];
  const choice = chooseTarget(real, options.target, options.realFile);
  if (!choice) return { utility: null, notes: [english('Utility was not assessed: no numeric or two-category column to use as the target.')] };
  // Identifiers, keys, codes, dates and free text are never predictors (a row number as a regressor makes every figure meaningless).
  const notModelled: string[] = [];
  const predictors = real.columns
    .filter((c) => {
      if (c.spec.name === choice.target || missingCount(c.data) >= lengthOf(c.data)) return false;
      const role = modelRoleOf(c.spec, c.data);
      if (!role.usable) notModelled.push(`${c.spec.name} (${role.reason})`);
      return role.usable;
    })
    .map((c) => c.spec.name);
  if (notModelled.length) notes.push(english('Not used as predictors: {0}.', notModelled.join(', ')));

  const design = fitDesign([real], predictors, { maxLevels: UTILITY_MAX_LEVELS, minLevelCount: UTILITY_MIN_LEVEL_COUNT });
  const p = design.terms.length;
  const realData = prepare(design, real, choice);
  const synData = prepare(design, synthetic, choice);
  if (synData.matchedAs !== undefined) notes.push(english('The synthetic data writes the target class “{0}” as “{1}”; matched on the normalised label.', choice.positiveClass ?? '', synData.matchedAs));
  if (realData.y.length <= p + 1 || synData.y.length <= p + 1) {
    return { utility: null, notes: [english('Utility was not assessed: too few rows with a value of “{0}” for a model with {1} terms.', choice.target, p)] };
  }
  throwIfAborted(ctx.signal);
  ctx.onProgress?.({ stage: t('utility: fitting models') });
  const realFit = fitModel(choice, realData, p);
  const synFit = fitModel(choice, synData, p);
  for (const [label, f] of [['real', realFit], ['synthetic', synFit]] as const) {
    if (f.note) notes.push(modelNote(label, choice.model, f.note));
  }

  const coefficients: CoefficientComparison[] = [];
  const absent: string[] = [];
  const aliased: string[] = [];
  for (let t = 0; t < p; t++) {
    if (realFit.aliased[t] || synFit.aliased[t]) {
      if (realFit.support[t] > 0 && synFit.support[t] > 0) aliased.push(design.terms[t]);
      else absent.push(design.terms[t]);
      continue;
    }
    if (realFit.support[t] === 0 || synFit.support[t] === 0) {
      absent.push(design.terms[t]);
      continue;
    }
    const est = (f: Fit) => ({ estimate: f.beta[t], se: f.se[t], ci: [f.beta[t] - Z95 * f.se[t], f.beta[t] + Z95 * f.se[t]] as [number, number] });
    const r = est(realFit);
    const s = est(synFit);
    const overlap = ciOverlap(r.ci, s.ci);
    const diff = standardizedDifference(r.estimate, r.se, s.estimate);
    if (overlap === null || diff === null) {
      absent.push(design.terms[t]);
      continue;
    }
    coefficients.push({ term: design.terms[t], real: r, synthetic: s, ciOverlap: overlap, standardizedDifference: diff });
  }
  if (aliased.length) notes.push(english('Terms collinear with earlier ones were dropped from the model (as R reports NA): {0}.', aliased.join(', ')));
  if (absent.length) notes.push(english('Coefficients not compared (term absent from one table or not estimable): {0}.', absent.join(', ')));
  if (coefficients.length === 0) return { utility: null, notes: [english('Utility was not assessed: no coefficient of the model for “{0}” could be compared.', choice.target), ...notes] };
  const overlaps = coefficients.map((c) => c.ciOverlap);
  const meanOverlap = mean(overlaps);
  const medianDiff = median(coefficients.map((c) => c.standardizedDifference));

  // TSTR vs TRTR.
  throwIfAborted(ctx.signal);
  ctx.onProgress?.({ stage: t('utility: train on synthetic, test on real') });
  let trtrBeta: Float64Array;
  let test: Prepared;
  let trainRealRows: number;
  let testSet: PredictionComparison['testSet'];
  if (holdout) {
    testSet = 'holdout';
    trtrBeta = realFit.beta;
    trainRealRows = realData.y.length;
    test = prepare(design, holdout, choice);
    if (test.matchedAs !== undefined) notes.push(english('The holdout writes the target class “{0}” as “{1}”; matched on the normalised label.', choice.positiveClass ?? '', test.matchedAs));
  } else {
    testSet = 'real-split';
    const perm = permutation(real.rowCount, rng);
    const cut = Math.round(real.rowCount * TRAIN_SHARE);
    const train = prepare(design, takeRows(real, perm.subarray(0, cut).sort()), choice);
    test = prepare(design, takeRows(real, perm.subarray(cut).sort()), choice);
    trainRealRows = train.y.length;
    trtrBeta = train.y.length > p + 1 ? fitModel(choice, train, p).beta : realFit.beta;
    notes.push(english('No holdout was given: TSTR/TRTR use a seeded 70/30 split of the real rows; the twin was made from all real rows, so its TSTR score is optimistic.'));
  }
  const tstr = scores(choice, predict(choice, synFit.beta, test.x), test.y);
  const trtr = scores(choice, predict(choice, trtrBeta, test.x), test.y);
  // Headline: AUC for a binary target (accuracy is dominated by the majority class), R² for a numeric one.
  // The ratio compares skill above chance: (AUC − ½) for AUC, R² itself (0 = no skill).
  let metric: PredictionComparison['metric'];
  let ratio: number | null = null;
  // A ratio of skills means nothing when the real-trained model has none (161% of nothing): say so instead.
  let noSkill: string | undefined;
  if (choice.model === 'logistic') {
    metric = tstr.auc !== undefined && trtr.auc !== undefined ? 'auc' : 'accuracy';
    if (metric === 'auc') {
      const positives = test.y.reduce((a, b) => a + b, 0);
      const low = trtr.auc! - Z95 * aucStandardError(trtr.auc!, positives, test.y.length - positives);
      if (low > 0.5) ratio = Math.max(tstr.auc! - 0.5, 0) / (trtr.auc! - 0.5);
      else noSkill = english('the model of “{0}” trained on real data has no demonstrable predictive skill on the test rows (AUC {1}, 95% interval reaching 0.5, chance), so there is no skill for the twin to keep and no ratio is given', choice.target, trtr.auc!.toFixed(3));
    } else if (tstr.accuracy !== undefined && trtr.accuracy !== undefined && trtr.accuracy > 0) ratio = tstr.accuracy / trtr.accuracy;
  } else {
    metric = 'r2';
    if (tstr.r2 !== undefined && trtr.r2 !== undefined && trtr.r2 >= MIN_SKILL_R2) ratio = Math.max(tstr.r2, 0) / trtr.r2;
    else if (trtr.r2 !== undefined) noSkill = english('the model of “{0}” trained on real data explains {1}% of its variance on the test rows (R² {2}, below {3}), so there is no skill for the twin to keep and no ratio is given', choice.target, (Math.max(trtr.r2, 0) * 100).toFixed(1), trtr.r2.toFixed(3), MIN_SKILL_R2);
  }
  // A twin-trained model far better than the real-trained one (1032% of its skill) says the real model's skill
  // is too weak or unstable to be a yardstick, not that the twin is better than the data: not rated either.
  if (ratio !== null && ratio > MAX_SKILL_RATIO) {
    const m = metric === 'r2' ? 'R²' : metric === 'auc' ? 'AUC' : english('accuracy');
    noSkill = english('a model of “{0}” trained on the twin predicts the test rows far better than one trained on real data ({1} {2} against {3}), so the real model\'s skill is too weak or unstable to compare with and no ratio is given', choice.target, m, tstr[metric]!.toFixed(3), trtr[metric]!.toFixed(3));
    ratio = null;
  }
  if (choice.model === 'logistic' && metric === 'accuracy') notes.push(english('The test rows hold only one class of the target, so AUC is undefined and accuracy is compared instead.'));

  const utility: UtilityReport = {
    target: choice.target,
    targetSource: choice.source,
    model: choice.model,
    ...(choice.positiveClass !== undefined ? { positiveClass: choice.positiveClass } : {}),
    coefficients,
    ciOverlap: { mean: meanOverlap, reading: readingFor('ciOverlap', meanOverlap) },
    standardizedDifference: { median: medianDiff, reading: readingFor('standardizedDifference', medianDiff) },
    prediction: {
      testSet,
      trainRealRows,
      trainSyntheticRows: synData.y.length,
      testRows: test.y.length,
      metric,
      tstr,
      trtr,
      ratio,
      ...(noSkill !== undefined ? { noSkill } : {}),
      reading: noSkill !== undefined ? { band: 'fair', text: english('Not rated: {0}.', noSkill) } : readingFor('tstrRatio', ratio),
    },
    reading: utilityReading(Number.isFinite(meanOverlap) ? meanOverlap : null, ratio),
    notes,
  };
  if (design.dropped.length) utility.notes.push(english('Predictors left out: {0}.', design.dropped.map((d) => `${d.column} (${d.reason})`).join(', ')));
  return { utility, notes: [] };
}

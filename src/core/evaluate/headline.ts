import { t } from '../l10n';
import { shown } from '../l10n/stored';
import type { AttackRisk, Band, EvaluationReport, PrivacyReport } from './report';

/**
 * The three headline figures of an evaluation, each with what it means, in one place: the
 * `twin evaluate` summary, the fidelity ladder and the data card read them from here so they
 * never disagree about what a figure is (a measured risk or an upper bound; a skill ratio or
 * "the real model has no skill").
 */
export interface Headline {
  fidelity: { score: number; band: Band };
  utility:
    | { kind: 'ratio'; ratio: number; metric: 'auc' | 'accuracy' | 'r2'; target: string; band: Band }
    /** The model trained on real data predicts no better than chance, so there is no skill to keep. */
    | { kind: 'no-skill'; metric: 'auc' | 'accuracy' | 'r2'; trtr: number | null; target: string; reason: string }
    | { kind: 'none'; reason: string };
  privacy:
    /** Highest Anonymeter risk measured against held-out real records. */
    | { kind: 'risk'; risk: number; attack: string; band: Band }
    /** No holdout: the highest raw attack success rate, an upper bound with no verdict. */
    | { kind: 'upper-bound'; bound: number; attack: string }
    | { kind: 'none'; reason: string };
  /** Real records the privacy figures are measured against (0 without a holdout). */
  holdoutRows: number;
}

const ATTACK_NAMES: [string, (p: PrivacyReport) => AttackRisk | null][] = [
  ['singling out (univariate)', (p) => p.anonymeter.singlingOut.univariate],
  ['singling out (multivariate)', (p) => p.anonymeter.singlingOut.multivariate],
  ['linkability', (p) => p.anonymeter.linkability],
  ['attribute inference', (p) => p.anonymeter.inference],
];

/** The headline figures of a report (see {@link Headline}). */
export function headlineOf(report: EvaluationReport): Headline {
  const f = report.fidelity;
  const u = report.utility;
  let utility: Headline['utility'];
  if (!u) utility = { kind: 'none', reason: t('no model could be fitted') };
  else if (u.prediction.ratio !== null) utility = { kind: 'ratio', ratio: u.prediction.ratio, metric: u.prediction.metric, target: u.target, band: u.prediction.reading.band };
  else {
    const trtr = u.prediction.trtr[u.prediction.metric];
    utility = { kind: 'no-skill', metric: u.prediction.metric, trtr: trtr ?? null, target: u.target, reason: u.prediction.noSkill !== undefined ? shown(u.prediction.noSkill) : t('the model trained on real data has no skill to compare with') };
  }
  let worst: { attack: string; risk: AttackRisk } | null = null;
  for (const [attack, get] of ATTACK_NAMES) {
    const r = get(report.privacy);
    if (r && (!worst || r.risk > worst.risk.risk)) worst = { attack, risk: r };
  }
  const privacy: Headline['privacy'] = !worst
    ? { kind: 'none', reason: t('no attack could run') }
    : worst.risk.upperBound
      ? { kind: 'upper-bound', bound: worst.risk.risk, attack: worst.attack }
      : { kind: 'risk', risk: worst.risk.risk, attack: worst.attack, band: worst.risk.reading.band };
  return {
    fidelity: { score: f.score, band: f.reading.band },
    utility,
    privacy,
    holdoutRows: report.sample.holdout ?? 0,
  };
}

/** Words for the tokens a headline keeps (the JSON keeps the English tokens; people read these). */
const METRIC_WORDS: Record<'auc' | 'accuracy' | 'r2', () => string> = { auc: () => 'AUC', accuracy: () => t('accuracy'), r2: () => 'R²' };
const BAND_WORDS: Record<Band, () => string> = { good: () => t('good'), fair: () => t('fair'), poor: () => t('poor') };
const ATTACK_WORDS: Record<string, () => string> = {
  'singling out (univariate)': () => t('singling out (univariate)'),
  'singling out (multivariate)': () => t('singling out (multivariate)'),
  linkability: () => t('linkability'),
  'attribute inference': () => t('attribute inference'),
};
/** A verdict band in the current language (reports keep the English token). */
export const bandWord = (band: Band): string => BAND_WORDS[band]();
/** An attack's name in the current language (reports keep the English name). */
export const attackWord = (attack: string): string => ATTACK_WORDS[attack]?.() ?? attack;

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** The headline figures in words, one line each (fidelity, utility, privacy), for a terminal or a table. */
export function headlineLines(h: Headline): { fidelity: string; utility: string; privacy: string } {
  const fidelity = `${pct(h.fidelity.score)} (${bandWord(h.fidelity.band)})`;
  const utility = h.utility.kind === 'ratio'
    ? t("a model of “{0}” trained on the twin keeps {1} of the real model's {2} skill ({3})", h.utility.target, pct(h.utility.ratio), METRIC_WORDS[h.utility.metric](), bandWord(h.utility.band))
    : h.utility.kind === 'no-skill'
      ? t('not rated: {0}', h.utility.reason)
      : t('not assessed ({0})', h.utility.reason);
  const privacy = h.privacy.kind === 'risk'
    ? t('highest Anonymeter risk {0} ({1}; {2}), measured against {3} held-out real records', pct(h.privacy.risk), attackWord(h.privacy.attack), bandWord(h.privacy.band), h.holdoutRows.toLocaleString('en-GB'))
    : h.privacy.kind === 'upper-bound'
      ? t('at most {0} ({1}): an upper bound, not a measured risk, because no real records were held out', pct(h.privacy.bound), attackWord(h.privacy.attack))
      : t('no attack could run ({0})', h.privacy.reason);
  return { fidelity, utility, privacy };
}

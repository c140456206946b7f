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
  if (!u) utility = { kind: 'none', reason: 'no model could be fitted' };
  else if (u.prediction.ratio !== null) utility = { kind: 'ratio', ratio: u.prediction.ratio, metric: u.prediction.metric, target: u.target, band: u.prediction.reading.band };
  else {
    const trtr = u.prediction.trtr[u.prediction.metric];
    utility = { kind: 'no-skill', metric: u.prediction.metric, trtr: trtr ?? null, target: u.target, reason: u.prediction.noSkill ?? 'the model trained on real data has no skill to compare with' };
  }
  let worst: { attack: string; risk: AttackRisk } | null = null;
  for (const [attack, get] of ATTACK_NAMES) {
    const r = get(report.privacy);
    if (r && (!worst || r.risk > worst.risk.risk)) worst = { attack, risk: r };
  }
  const privacy: Headline['privacy'] = !worst
    ? { kind: 'none', reason: 'no attack could run' }
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

const METRIC_WORDS = { auc: 'AUC', accuracy: 'accuracy', r2: 'R²' } as const;

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** The headline figures in words, one line each (fidelity, utility, privacy), for a terminal or a table. */
export function headlineLines(h: Headline): { fidelity: string; utility: string; privacy: string } {
  const fidelity = `${pct(h.fidelity.score)} (${h.fidelity.band})`;
  const utility = h.utility.kind === 'ratio'
    ? `a model of “${h.utility.target}” trained on the twin keeps ${pct(h.utility.ratio)} of the real model's ${METRIC_WORDS[h.utility.metric]} skill (${h.utility.band})`
    : h.utility.kind === 'no-skill'
      ? `not rated: ${h.utility.reason}`
      : `not assessed (${h.utility.reason})`;
  const privacy = h.privacy.kind === 'risk'
    ? `highest Anonymeter risk ${pct(h.privacy.risk)} (${h.privacy.attack}; ${h.privacy.band}), measured against ${h.holdoutRows.toLocaleString('en-GB')} held-out real records`
    : h.privacy.kind === 'upper-bound'
      ? `at most ${pct(h.privacy.bound)} (${h.privacy.attack}): an upper bound, not a measured risk, because no real records were held out`
      : `no attack could run (${h.privacy.reason})`;
  return { fidelity, utility, privacy };
}

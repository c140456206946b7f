import type { JobContext } from '../../context';
import { inputError } from '../../errors';
import type { Random } from '../../random';
import { readingFor } from '../readings';
import type { Reading } from '../report';
import type { AttackRisk } from '../report';
import { attackRisk, successRate } from './confidence';
import { distanceSpace, encodeRows, orderColumns } from './distance';
import { runInference } from './inference';
import { RowSet, takeKeyRows, type KeySpace, type KeyTable } from './keys';
import { defaultAuxColumns, runLinkability, type CandidateSet } from './linkability';
import { sampleIndices } from './sampling';
import { QueryIndex, runSinglingOut } from './singlingOut';
import { t } from '../../l10n';
import { english } from '../../l10n/stored';

/**
 * The three Anonymeter attacks (Giomi et al. 2023, "A Unified Framework for
 * Quantifying Privacy Risk in Synthetic Data", PoPETs; statice/anonymeter
 * 1.0) on the shared value space, with Anonymeter's defaults: 500 attacks,
 * 3 columns per multivariate predicate, one nearest neighbour, confidence
 * 0.95. Each attack's success rate on the training records and on the
 * control (holdout) records is a Wilson score estimate; the risk is the
 * residual (attack − control)/(1 − control), or the attack rate without a
 * control set, bound to [0, 1] (see `confidence.ts`).
 *
 * Sampling: each table is capped at `maxRows` rows (seeded sample; the
 * nearest-neighbour searches are brute force, as in Anonymeter). Attack
 * targets are `nAttacks` records drawn without replacement.
 */

export interface AnonymeterOptions {
  /** Attacks (targets or predicates) per attack type. Default 500. */
  nAttacks?: number;
  /** Secret columns of the inference attack (the other columns are the attacker's auxiliary knowledge). Default: every column in turn. */
  secrets?: string[];
  /** The two auxiliary column sets of the linkability attack. Default: the columns shuffled with the seed and split in half. */
  auxColumns?: [string[], string[]];
  /** Columns per multivariate singling-out predicate. Default 3. */
  nCols?: number;
  /** Tries at building multivariate predicates. Default 100,000 (Anonymeter: 10,000,000). */
  maxAttempts?: number;
  /** Confidence level of the Wilson intervals. Default 0.95. */
  confidence?: number;
  /** Largest number of rows of each table used. Default 50,000. */
  maxRows?: number;
}

export const DEFAULT_N_ATTACKS = 500;
export const DEFAULT_N_COLS = 3;
export const DEFAULT_MAX_ATTEMPTS = 100_000;
export const DEFAULT_ANONYMETER_ROWS = 50_000;

export interface AnonymeterResult {
  singlingOut: { univariate: AttackRisk | null; multivariate: AttackRisk | null };
  linkability: AttackRisk | null;
  /** The inference secret with the highest risk. */
  inference: AttackRisk | null;
  /** Every inference secret's result. */
  inferenceBySecret: (AttackRisk & { secret: string })[];
  confidence: number;
  notes: string[];
}

/** Control success from which an inference secret is uninformative (guessable without the twin) for the headline. */
export const UNINFORMATIVE_CONTROL_RATE = 0.9;

type Counts = { attacks: number; success: number; baseline: number; control: number | null; controlAttacks?: number };

/** Turns attack counts into Anonymeter's rates and risk. */
export function toAttackRisk(counts: Counts, confidence: number, metric: 'singlingOut' | 'linkability' | 'inference', detail?: string): AttackRisk {
  const attack = successRate(counts.attacks, counts.success, confidence);
  const baseline = successRate(counts.attacks, counts.baseline, confidence);
  const control = counts.control === null ? null : successRate(counts.controlAttacks ?? counts.attacks, counts.control, confidence);
  const risk = attackRisk(attack, control);
  const out: AttackRisk = {
    risk: risk.value,
    ci: risk.ci,
    attackRate: attack.value,
    baselineRate: baseline.value,
    attacks: counts.attacks,
    reading: control === null ? uncontrolledReading(metric, attack.value) : readingFor(metric, risk.value),
  };
  if (control !== null) out.controlRate = control.value;
  else out.upperBound = true;
  if (detail !== undefined) out.detail = detail;
  return out;
}

/**
 * Without a control set Anonymeter's risk is the raw attack success rate, which also counts
 * what anyone could guess from the population (e.g. the majority value of an attribute).
 * It is an upper bound, not evidence of disclosure, so the reading says so and is at most 'fair'; the
 * result is marked `upperBound`, so no report shows that band as a verdict.
 */
function uncontrolledReading(metric: 'singlingOut' | 'linkability' | 'inference', rate: number): Reading {
  const base = readingFor(metric, rate);
  const band = base.band === 'good' ? 'good' : 'fair';
  const success = `${(rate * 100).toFixed(1)}%`;
  return { band, text: metric === 'singlingOut'
    ? english('Upper bound, not a measured risk: without real records held out from the twin, the singling-out attack succeeds on {0} of attempts, which also counts what anyone could guess without the twin. Hold out records (a holdout share, or a holdout file) to measure the risk itself.', success)
    : metric === 'linkability'
      ? english('Upper bound, not a measured risk: without real records held out from the twin, the linkability attack succeeds on {0} of attempts, which also counts what anyone could guess without the twin. Hold out records (a holdout share, or a holdout file) to measure the risk itself.', success)
      : english('Upper bound, not a measured risk: without real records held out from the twin, the attribute-inference attack succeeds on {0} of attempts, which also counts what anyone could guess without the twin. Hold out records (a holdout share, or a holdout file) to measure the risk itself.', success) };
}

function capRows(t: KeyTable, max: number, rng: Random): KeyTable {
  return t.rows <= max ? t : takeKeyRows(t, sampleIndices(t.rows, max, rng));
}

function dedupe(t: KeyTable): KeyTable {
  const set = new RowSet(t);
  return set.distinct.length === t.rows ? t : takeKeyRows(t, set.distinct);
}

/** Runs singling out (univariate, multivariate), linkability and inference. */
export function evaluateAnonymeter(
  space: KeySpace,
  oriAll: KeyTable,
  synAll: KeyTable,
  controlAll: KeyTable | null,
  options: AnonymeterOptions,
  rng: Random,
  ctx: JobContext = {},
  progress: (fraction: number) => void = () => {},
): AnonymeterResult {
  const confidence = options.confidence ?? 0.95;
  const nAttacks = options.nAttacks ?? DEFAULT_N_ATTACKS;
  const maxRows = options.maxRows ?? DEFAULT_ANONYMETER_ROWS;
  const notes: string[] = [];
  const width = space.columns.length;
  const names = space.columns.map((c) => c.name);
  const numeric = space.columns.map((c) => c.numeric);

  const ori = capRows(oriAll, maxRows, rng.fork('cap-ori'));
  const syn = capRows(synAll, maxRows, rng.fork('cap-syn'));
  const control = controlAll === null || controlAll.rows === 0 ? null : capRows(controlAll, maxRows, rng.fork('cap-control'));
  if (ori.rows < oriAll.rows || syn.rows < synAll.rows || (control && controlAll && control.rows < controlAll.rows)) {
    notes.push(english('Anonymeter attacks used seeded samples of at most {0} rows per table.', maxRows));
  }
  const result: AnonymeterResult = { singlingOut: { univariate: null, multivariate: null }, linkability: null, inference: null, inferenceBySecret: [], confidence, notes };
  if (width === 0 || ori.rows === 0 || syn.rows === 0) {
    notes.push(english('Anonymeter attacks were not run: no comparable columns or rows.'));
    return result;
  }

  // Singling out, on de-duplicated tables (as Anonymeter).
  const soInput = { ori: new QueryIndex(dedupe(ori)), syn: new QueryIndex(dedupe(syn)), control: control ? new QueryIndex(dedupe(control)) : null, numeric };
  const soOptions = { nAttacks, nCols: options.nCols ?? DEFAULT_N_COLS, maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS };
  for (const mode of ['univariate', 'multivariate'] as const) {
    if (mode === 'multivariate' && width < 2) {
      notes.push(english('Multivariate singling out needs at least two columns.'));
      continue;
    }
    const r = runSinglingOut(soInput, mode, soOptions, rng.fork(`singling-out-${mode}`), ctx);
    if (r.attacks === 0) {
      notes.push(mode === 'univariate' ? english('No univariate singling-out predicate singles out a synthetic record, so that attack could not run.')
        : english('No multivariate singling-out predicate singles out a synthetic record, so that attack could not run.'));
      continue;
    }
    if (r.attacks < nAttacks) {
      notes.push(mode === 'univariate' ? english('Only {0} of {1} univariate singling-out predicates could be built from the twin.', r.attacks, nAttacks)
        : english('Only {0} of {1} multivariate singling-out predicates could be built from the twin.', r.attacks, nAttacks));
    }
    result.singlingOut[mode] = toAttackRisk(r, confidence, 'singlingOut', mode === 'univariate' ? english('univariate: {0} predicates', r.attacks)
      : english('multivariate: {0} predicates on {1} columns', r.attacks, Math.min(soOptions.nCols, width)));
    progress(mode === 'univariate' ? 0.1 : 0.25);
  }

  // Nearest-neighbour attacks: ranges over all inputs, as Anonymeter's MixedTypeKNeighbors.
  const ds = distanceSpace(space, control ? [syn, ori, control] : [syn, ori]);
  const synEnc = encodeRows(ds, syn, null);
  const all = Int32Array.from({ length: width }, (_, i) => i);
  const candidates: CandidateSet = { ds, syn: synEnc, nSyn: syn.rows, order: orderColumns(ds, synEnc, syn.rows, all, rng.fork('order')) };
  const oriIdx = sampleIndices(ori.rows, nAttacks, rng.fork('targets'));
  const ctlIdx = control ? sampleIndices(control.rows, nAttacks, rng.fork('control-targets')) : null;
  const oriT = { rows: encodeRows(ds, ori, oriIdx), n: oriIdx.length };
  const ctlT = control && ctlIdx ? { rows: encodeRows(ds, control, ctlIdx), n: ctlIdx.length } : null;

  if (width >= 2) {
    let aux: [number[], number[]];
    if (options.auxColumns) {
      aux = options.auxColumns.map((set) =>
        set.map((name) => {
          const i = names.indexOf(name);
          if (i < 0) throw inputError(t('no comparable column {0} for the linkability attack', JSON.stringify(name)), { column: name });
          return i;
        }),
      ) as [number[], number[]];
    } else aux = defaultAuxColumns(width, rng.fork('aux'));
    const r = runLinkability(candidates, aux, oriT, ctlT, rng.fork('linkability'), ctx);
    result.linkability = toAttackRisk({ ...r, controlAttacks: ctlT?.n }, confidence, 'linkability', english('columns {{0}} linked to {{1}}', aux[0].map((c) => names[c]).join(', '), aux[1].map((c) => names[c]).join(', ')));
  } else notes.push(english('Linkability needs at least two columns.'));
  progress(0.4);

  if (width >= 2) {
    let secrets: number[];
    if (options.secrets && options.secrets.length) {
      secrets = options.secrets.map((name) => {
        const i = names.indexOf(name);
        if (i < 0) throw inputError(t('no comparable column {0} to use as the inference secret', JSON.stringify(name)), { column: name });
        return i;
      });
    } else secrets = Array.from(all);
    const oriKeys = takeKeyRows(ori, oriIdx);
    const ctlKeys = control && ctlIdx ? takeKeyRows(control, ctlIdx) : null;
    const counts = runInference(
      candidates,
      secrets,
      numeric,
      syn,
      { ...oriT, keys: oriKeys },
      ctlT && ctlKeys ? { ...ctlT, keys: ctlKeys } : null,
      rng.fork('inference'),
      ctx,
    );
    counts.forEach((r, k) => {
      const s = secrets[k];
      result.inferenceBySecret.push({ ...toAttackRisk({ ...r, controlAttacks: ctlT?.n }, confidence, 'inference', english('secret {0}', names[s])), secret: names[s] });
    });
    // The headline secret is the one whose risk is most clearly above zero (highest lower confidence bound, then
    // highest risk): the largest of many noisy point estimates would overstate the risk of a twin that has none.
    // A secret that the control records give away almost always (control success ≥ 90%, e.g. a date within its
    // tolerance) says nothing about the twin, and its risk divides by a tiny 1 − control: it is not a headline.
    const informative = result.inferenceBySecret.filter((r) => r.controlRate === undefined || r.controlRate < UNINFORMATIVE_CONTROL_RATE);
    let worst: (AttackRisk & { secret: string }) | null = null;
    for (const r of informative.length ? informative : result.inferenceBySecret) if (worst === null || r.ci[0] > worst.ci[0] || (r.ci[0] === worst.ci[0] && r.risk > worst.risk)) worst = r;
    if (worst) {
      const { secret: _secret, ...risk } = worst;
      const left = result.inferenceBySecret.length - informative.length;
      result.inference = { ...risk, detail: informative.length && left
        ? english('the secret with the highest lower confidence bound on its risk, of {0} secret column(s) ({1} left out: guessed for at least {2}% of held-out records without the twin): {3}', result.inferenceBySecret.length, left, UNINFORMATIVE_CONTROL_RATE * 100, worst.secret)
        : english('the secret with the highest lower confidence bound on its risk, of {0} secret column(s): {1}', result.inferenceBySecret.length, worst.secret) };
    }
  } else notes.push(english('Attribute inference needs at least two columns.'));
  progress(1);
  return result;
}

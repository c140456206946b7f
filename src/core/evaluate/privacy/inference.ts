import type { JobContext } from '../../context';
import { throwIfAborted } from '../../errors';
import type { Random } from '../../random';
import { NeighbourSearch } from './distance';
import type { KeyTable } from './keys';
import type { CandidateSet } from './linkability';

/**
 * Anonymeter's attribute-inference attack (Giomi et al. 2023;
 * statice/anonymeter `evaluators/inference_evaluator.py`), written afresh.
 *
 * The attacker knows every column of a target record except the secret,
 * finds the nearest synthetic record on those columns and guesses its
 * secret. A guess is right when it equals the secret (categorical), when
 * |guess − secret| ≤ 5% of |guess| (numeric/date secret; Anonymeter's
 * `evaluate_inference_guesses` tolerance, made symmetric in sign), or when
 * both are missing. Run on training targets and on control targets; the
 * baseline guesses the secret of a uniformly random synthetic record.
 */

export const INFERENCE_TOLERANCE = 0.05;

export interface InferenceCounts {
  attacks: number;
  success: number;
  baseline: number;
  control: number | null;
}

/** Whether a guess counts as right (see the module comment). */
export function guessIsRight(numeric: boolean, guess: number, secret: number, missingCode: boolean): boolean {
  const gMissing = missingCode ? guess < 0 : guess !== guess;
  const sMissing = missingCode ? secret < 0 : secret !== secret;
  if (gMissing || sMissing) return gMissing && sMissing;
  if (!numeric) return guess === secret;
  return Math.abs(guess - secret) / (Math.abs(guess) + 1e-12) <= INFERENCE_TOLERANCE;
}

export interface InferenceTargets {
  /** Encoded target rows (candidate set's space). */
  rows: Float64Array;
  n: number;
  /** The targets' raw values (key space), row i of `keys` is target i. */
  keys: KeyTable;
}

/**
 * Runs the attack for each secret column, the auxiliary columns being all the others (Anonymeter's usual set-up).
 * One leave-one-column-out nearest-neighbour scan per target serves every secret. `syn` holds the candidates' raw
 * values in the order of the candidate encoding.
 */
export function runInference(
  candidates: CandidateSet,
  secrets: readonly number[],
  numeric: readonly boolean[],
  syn: KeyTable,
  targets: InferenceTargets,
  control: InferenceTargets | null,
  rng: Random,
  ctx: JobContext = {},
): InferenceCounts[] {
  const search = new NeighbourSearch(candidates.ds, candidates.syn, candidates.nSyn, candidates.order);
  const sec = Int32Array.from(secrets);
  const guessIdx = new Int32Array(sec.length);
  const attack = (t: InferenceTargets): Int32Array => {
    const right = new Int32Array(sec.length);
    for (let i = 0; i < t.n; i++) {
      if ((i & 31) === 31) throwIfAborted(ctx.signal);
      search.nearestLeaveOneOut(t.rows, i, sec, guessIdx);
      for (let j = 0; j < sec.length; j++) {
        const c = sec[j];
        const col = syn.cols[c];
        if (guessIsRight(numeric[c], col[guessIdx[j]], t.keys.cols[c][i], col instanceof Int32Array)) right[j]++;
      }
    }
    return right;
  };
  const success = attack(targets);
  const controlRight = control === null ? null : attack(control);
  return Array.from(sec, (c, j) => {
    const col = syn.cols[c];
    let baseline = 0;
    for (let i = 0; i < targets.n; i++) if (guessIsRight(numeric[c], col[rng.int(candidates.nSyn)], targets.keys.cols[c][i], col instanceof Int32Array)) baseline++;
    return { attacks: targets.n, success: success[j], baseline, control: controlRight === null ? null : controlRight[j] };
  });
}

/** The secret values of rows `rows` of a key table's column. */
export function secretValues(table: KeyTable, column: number, rows: ArrayLike<number>): Float64Array | Int32Array {
  const col = table.cols[column];
  const out = col instanceof Int32Array ? new Int32Array(rows.length) : new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = col[rows[i]];
  return out;
}

import { normalQuantile } from '../../math/normal';
import { twoSidedZ } from '../../math/distributions';

export { normalQuantile };
/**
 * Success rates and risks of privacy attacks, as Anonymeter computes them
 * (statice/anonymeter `stats/confidence.py`; Giomi et al. 2023, PoPETs):
 * the Wilson score interval for a Bernoulli success rate (Wilson 1927), the
 * residual risk of an attack over its control attack with the error
 * propagated to first order, and both bound to [0, 1].
 */

/** A success rate with its symmetric error at the chosen confidence level. */
export interface SuccessRate {
  value: number;
  error: number;
}

/** A risk in [0, 1] with its confidence interval, clipped to [0, 1]. */
export interface PrivacyRisk {
  value: number;
  ci: [number, number];
}

/** z = Φ⁻¹((1 + confidence)/2), the probit of a two-sided confidence level (1.96 at 0.95). */
export function probit(confidence: number): number {
  return twoSidedZ(confidence);
}

/**
 * Wilson score estimate of a success rate from `successes` of `trials`
 * (Anonymeter `success_rate`): rate = (k + z²/2)/(n + z²),
 * error = z/(n + z²)·√(k(n − k)/n + z²/4). `successes` may be fractional
 * (the size-corrected singling-out control count).
 * @throws RangeError for no trials or a confidence outside (0, 1).
 */
export function successRate(trials: number, successes: number, confidence = 0.95): SuccessRate {
  if (!(trials > 0)) throw new RangeError('successRate: needs at least one trial');
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`successRate: confidence must be in (0, 1), got ${confidence}`);
  const z = probit(confidence);
  const z2 = z * z;
  const variance = (successes * (trials - successes)) / trials;
  const denominator = trials + z2;
  return { value: (successes + 0.5 * z2) / denominator, error: (z / denominator) * Math.sqrt(Math.max(variance, 0) + 0.25 * z2) };
}

/**
 * Residual success of an attack over its control attack (Anonymeter
 * `residual_success`): (a − c)/(1 − c), error propagated as
 * √((δa/|1 − c|)² + (δc·(a − 1)/(1 − c)²)²). Not yet bound to [0, 1].
 */
export function residualSuccess(attack: SuccessRate, control: SuccessRate): SuccessRate {
  const value = (attack.value - control.value) / (1 - control.value);
  const dAttack = 1 / Math.abs(1 - control.value);
  const dControl = (attack.value - 1) / (1 - control.value) ** 2;
  return { value, error: Math.sqrt((attack.error * dAttack) ** 2 + (control.error * dControl) ** 2) };
}

/** Bounds a point estimate and its symmetric error to [0, 1] (Anonymeter `bind_value`). */
export function bindRisk(rate: SuccessRate): PrivacyRisk {
  const clip = (v: number): number => Math.min(Math.max(v, 0), 1);
  return { value: clip(rate.value), ci: [clip(rate.value - rate.error), clip(rate.value + rate.error)] };
}

/**
 * Privacy risk of an attack (Anonymeter `EvaluationResults.risk`): the
 * residual success over the control attack when there is one, else the
 * attack's own success rate; bound to [0, 1]. With a control success
 * rate of 1 the residual is undefined and the risk is reported as 0 with
 * the interval of the attack rate (Anonymeter warns and divides by zero).
 */
export function attackRisk(attack: SuccessRate, control: SuccessRate | null): PrivacyRisk {
  if (control === null) return bindRisk(attack);
  if (control.value >= 1) return { value: 0, ci: bindRisk(attack).ci };
  return bindRisk(residualSuccess(attack, control));
}

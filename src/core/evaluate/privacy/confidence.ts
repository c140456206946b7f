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

/**
 * Inverse of the standard normal CDF, Φ⁻¹(p), by Acklam's rational
 * approximation (relative error < 1.2e−9; z(0.975) = 1.95996398…),
 * ample for confidence levels.
 * @throws RangeError when p is not in (0, 1).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  let x: number;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - pLow) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  return x;
}

/** z = Φ⁻¹((1 + confidence)/2), the probit of a two-sided confidence level (1.96 at 0.95). */
export function probit(confidence: number): number {
  return normalQuantile(0.5 * (1 + confidence));
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

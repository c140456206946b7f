/**
 * Distribution functions where speed does not matter (confidence levels and critical
 * values): jstat's, as the design card names. The measured hot loops of the Gaussian copula
 * use the fast normal CDF and quantile of ./normal instead (tested against these).
 */
import * as jstat from 'jstat';

/** Standard normal quantile Φ⁻¹(p). */
export function normalInv(p: number): number {
  return jstat.normal.inv(p, 0, 1);
}

/** z = Φ⁻¹((1 + confidence)/2), the critical value of a two-sided interval (1.96 at 0.95). */
export function twoSidedZ(confidence: number): number {
  return normalInv(0.5 * (1 + confidence));
}

/** P(X ≥ k) for X ~ Binomial(n, p): the regularized incomplete beta I_p(k, n − k + 1). */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  return jstat.ibeta(p, k, n - k + 1);
}

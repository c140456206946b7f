/** ACRO's defaults for magnitude tables: n,k-dominance with n = 2, k = 0.9, and the p-ratio rule with p = 0.1. */
export const DOMINANCE_N = 2;
export const DOMINANCE_K = 0.9;
export const P_RATIO = 0.1;

/**
 * Why a published sum (or a mean, which gives the sum with the count) would disclose its largest
 * contributors, or null when it passes: the two largest values make up more than 90% of the total
 * (n,k-dominance), or what is left once they are taken away is less than 10% of the largest (p-ratio:
 * the second largest could estimate the largest to within 10%). Non-negative values only, as ACRO's rules.
 */
export function dominanceFailure(total: number, largest: number, second: number): string | null {
  if (!(total > 0) || largest < 0 || second < 0) return null;
  if (largest + second > DOMINANCE_K * total) return `the ${DOMINANCE_N} largest values make up more than ${DOMINANCE_K * 100}% of the total (n,k-dominance, n = ${DOMINANCE_N}, k = ${DOMINANCE_K})`;
  if (total - largest - second < P_RATIO * largest) return `the total less its 2 largest values is under ${P_RATIO * 100}% of the largest (p-ratio rule, p = ${P_RATIO})`;
  return null;
}

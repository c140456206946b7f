import type { Random } from '../random';

/**
 * One draw from the Laplace distribution with location 0 and scale b (inverse CDF:
 * x = −b·sign(u)·ln(1 − 2|u|), u uniform on (−½, ½)). The Laplace mechanism adds
 * Laplace(Δ/ε) noise to a query of L1 sensitivity Δ to give ε-differential privacy
 * (Dwork, McSherry, Nissim, Smith 2006).
 */
export function sampleLaplace(scale: number, rng: Random): number {
  let u = rng.next() - 0.5;
  // u = −½ would give ln(0); redraw (probability 2^-53).
  while (u === -0.5) u = rng.next() - 0.5;
  return -scale * Math.sign(u) * Math.log(1 - 2 * Math.abs(u));
}

/**
 * Counts with Laplace(sensitivity/ε) noise added to each cell, negatives clipped to 0
 * (post-processing, so the guarantee is unchanged). A histogram where each record falls in
 * exactly one cell has sensitivity 1 under adding or removing one record.
 */
export function noisyCounts(counts: ArrayLike<number>, epsilon: number, rng: Random, sensitivity = 1): Float64Array {
  const out = new Float64Array(counts.length);
  const scale = sensitivity / epsilon;
  for (let i = 0; i < counts.length; i++) out[i] = Math.max(0, counts[i] + sampleLaplace(scale, rng));
  return out;
}

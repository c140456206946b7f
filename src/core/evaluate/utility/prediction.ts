/** Share of rows whose predicted probability (≥ 0.5 → 1) matches the 0/1 label. */
export function accuracy(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  let ok = 0;
  for (let i = 0; i < labels.length; i++) if ((probabilities[i] >= 0.5 ? 1 : 0) === labels[i]) ok++;
  return labels.length ? ok / labels.length : NaN;
}

/**
 * Area under the ROC curve by the Mann–Whitney rank statistic (ties get mid-ranks):
 * AUC = (R₁ − n₁(n₁ + 1)/2) / (n₁·n₀), R₁ the rank sum of the positives. NaN when a class is absent.
 */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = labels.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSum = 0;
  let pos = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
    const mid = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]] === 1) {
        rankSum += mid;
        pos++;
      }
    }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Coefficient of determination on test rows: 1 − SS_res/SS_tot around the test mean (can be negative). */
export function rSquared(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  const n = actual.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += actual[i];
  m /= n;
  let res = 0;
  let tot = 0;
  for (let i = 0; i < n; i++) {
    res += (actual[i] - predicted[i]) ** 2;
    tot += (actual[i] - m) ** 2;
  }
  return tot > 0 ? 1 - res / tot : NaN;
}

/**
 * CART (Breiman, Friedman, Olshen, Stone 1984) on pre-binned predictors, the
 * engine of the `cart` generator. Predictors are small integer bin codes
 * (numeric columns cut at quantiles, categorical columns by code; missing is its
 * own bin), so each node's split search is one histogram pass per predictor
 * (the histogram method of LightGBM, Ke et al. 2017) rather than a sort.
 * Regression trees minimise the within-node sum of squares; classification
 * trees the Gini impurity. Leaves keep their training rows ("donors") so that
 * synthesis can draw a real value from the leaf, as synthpop's `syn.cart` does.
 */

/** Above this many classes, classification splits are searched row by row (see bestSplitByRows). */
const ROW_SCAN_CLASSES = 16;

/** One predictor, binned. */
export interface TreePredictor {
  /** ordered: numeric, split by a threshold on the bin order; nominal: categorical, split by a subset. */
  kind: 'ordered' | 'nominal';
  /** Bin per training row, 0..nBins-1 for values, nBins for missing. */
  bins: Int32Array;
  /** Number of value bins (missing is bin nBins). */
  nBins: number;
}

export type TreeResponse =
  | { kind: 'regression'; y: Float64Array }
  | { kind: 'classification'; y: Int32Array; classes: number };

export interface TreeOptions {
  /** Fewest training rows in a leaf (synthpop minbucket; we use at least the disclosure threshold). */
  minLeaf: number;
  maxDepth: number;
  /** Complexity parameter as rpart's cp: a split must reduce impurity by cp × the root impurity. */
  cp: number;
}

/**
 * A fitted tree in flat arrays. Node i is a leaf when feature[i] < 0; its donors are
 * donors[leafStart[i] .. leafStart[i] + leafSize[i]) (training row indices).
 */
export interface FittedTree {
  feature: Int32Array;
  /** ordered split: rows with bin ≤ threshold go left. */
  threshold: Int32Array;
  /** Whether missing (bin nBins) goes left. */
  missingLeft: Uint8Array;
  /** nominal split: per node, for each bin (incl. missing) 1 = left; null for other nodes. */
  leftSet: (Uint8Array | null)[];
  left: Int32Array;
  right: Int32Array;
  leafStart: Int32Array;
  leafSize: Int32Array;
  donors: Int32Array;
  nodeCount: number;
  leafCount: number;
}

/**
 * Fits a CART tree on `rows` (training row indices) with binned predictors.
 * Method: greedy recursive partitioning; ordered predictors split at the best bin threshold
 * with missing sent to the better side; nominal predictors split by the best prefix of the
 * categories ordered by mean response (regression; exact, Fisher 1958) or by the share of
 * the node's majority class (classification; the usual heuristic for more than two classes).
 */
export function fitTree(predictors: readonly TreePredictor[], response: TreeResponse, rows: Int32Array, options: TreeOptions): FittedTree {
  const n = rows.length;
  const work = Int32Array.from(rows);
  const minLeaf = Math.max(1, options.minLeaf);
  const K = response.kind === 'classification' ? response.classes : 1;
  const maxBins = predictors.reduce((m, p) => Math.max(m, p.nBins + 1), 1);
  // Per-bin statistics, reused for every node and predictor.
  // Many classes: scan rows in bin order (O(m) per predictor) instead of per-bin class histograms (O(bins × K)).
  const rowScan = response.kind === 'classification' && K > ROW_SCAN_CLASSES;
  const cnt = new Float64Array(maxBins);
  const sum = new Float64Array(response.kind === 'classification' && !rowScan ? maxBins * K : maxBins);
  const offsets = new Int32Array(maxBins + 1);
  const byBin = rowScan ? new Int32Array(n) : new Int32Array(0);
  const rightTot = new Float64Array(K);
  const order = new Int32Array(maxBins);
  const key = new Float64Array(maxBins);
  const leftTot = new Float64Array(K);
  const nodeTot = new Float64Array(K);

  const cap = Math.max(1, 2 * Math.ceil(n / minLeaf) + 1);
  const t = {
    feature: new Int32Array(cap).fill(-1), threshold: new Int32Array(cap), missingLeft: new Uint8Array(cap),
    leftSet: new Array<Uint8Array | null>(cap).fill(null), left: new Int32Array(cap).fill(-1), right: new Int32Array(cap).fill(-1),
    leafStart: new Int32Array(cap), leafSize: new Int32Array(cap),
  };
  let nodeCount = 0;
  let leafCount = 0;

  const impurityOf = (start: number, end: number): number => {
    const m = end - start;
    if (m === 0) return 0;
    if (response.kind === 'regression') {
      const y = response.y;
      let s = 0, s2 = 0;
      for (let i = start; i < end; i++) { const v = y[work[i]]; s += v; s2 += v * v; }
      return Math.max(0, s2 - (s * s) / m);
    }
    nodeTot.fill(0);
    const y = response.y;
    for (let i = start; i < end; i++) nodeTot[y[work[i]]]++;
    let g = 0;
    for (let c = 0; c < K; c++) g += nodeTot[c] * nodeTot[c];
    return m - g / m; // m × Gini
  };
  const rootImpurity = impurityOf(0, n);
  const minGain = options.cp * rootImpurity;

  interface Job { node: number; start: number; end: number; depth: number; impurity: number }
  const stack: Job[] = [];
  const newNode = (): number => nodeCount++;
  stack.push({ node: newNode(), start: 0, end: n, depth: 0, impurity: rootImpurity });

  while (stack.length > 0) {
    const job = stack.pop()!;
    const { node, start, end } = job;
    const m = end - start;
    let best: { gain: number; feature: number; threshold: number; missingLeft: boolean; set: Uint8Array | null } | null = null;
    if (job.depth < options.maxDepth && m >= 2 * minLeaf && job.impurity > 1e-12 * Math.max(1, rootImpurity)) {
      const parentScore = scoreOfWhole(start, end);
      for (let f = 0; f < predictors.length; f++) {
        const cand = bestSplit(predictors[f], start, end, parentScore);
        if (cand && cand.gain > minGain && (!best || cand.gain > best.gain + 1e-12)) best = { ...cand, feature: f };
      }
    }
    if (!best) {
      t.leafStart[node] = start;
      t.leafSize[node] = m;
      leafCount++;
      continue;
    }
    // Partition work[start, end) into left then right.
    const p = predictors[best.feature];
    const goesLeft = (r: number): boolean => {
      const b = p.bins[r];
      if (best!.set) return best!.set[b] === 1;
      if (b === p.nBins) return best!.missingLeft;
      return b <= best!.threshold;
    };
    let i = start, j = end - 1;
    while (i <= j) {
      if (goesLeft(work[i])) i++;
      else { const tmp = work[i]; work[i] = work[j]; work[j] = tmp; j--; }
    }
    const mid = i;
    t.feature[node] = best.feature;
    t.threshold[node] = best.threshold;
    t.missingLeft[node] = best.missingLeft ? 1 : 0;
    t.leftSet[node] = best.set;
    const l = newNode();
    const r = newNode();
    t.left[node] = l;
    t.right[node] = r;
    stack.push({ node: r, start: mid, end, depth: job.depth + 1, impurity: impurityOf(mid, end) });
    stack.push({ node: l, start, end: mid, depth: job.depth + 1, impurity: impurityOf(start, mid) });
  }

  return {
    feature: t.feature.slice(0, nodeCount), threshold: t.threshold.slice(0, nodeCount), missingLeft: t.missingLeft.slice(0, nodeCount),
    leftSet: t.leftSet.slice(0, nodeCount), left: t.left.slice(0, nodeCount), right: t.right.slice(0, nodeCount),
    leafStart: t.leafStart.slice(0, nodeCount), leafSize: t.leafSize.slice(0, nodeCount), donors: work, nodeCount, leafCount,
  };

  /** Σ over the node of the split score's "whole" term (Σ s²/n or Σ_c n_c²/n). */
  function scoreOfWhole(start: number, end: number): number {
    const m = end - start;
    if (response.kind === 'regression') {
      let s = 0;
      const y = response.y;
      for (let i = start; i < end; i++) s += y[work[i]];
      return (s * s) / m;
    }
    nodeTot.fill(0);
    const y = response.y;
    for (let i = start; i < end; i++) nodeTot[y[work[i]]]++;
    let g = 0;
    for (let c = 0; c < K; c++) g += nodeTot[c] * nodeTot[c];
    return g / m;
  }

  /**
   * Best split of the node on one predictor. Gain = score(left) + score(right) − score(node), where
   * score = s²/n (regression: the decrease in the sum of squares) or Σ n_c²/n (classification: the decrease in n × Gini).
   */
  function bestSplit(p: TreePredictor, start: number, end: number, parentScore: number): { gain: number; threshold: number; missingLeft: boolean; set: Uint8Array | null } | null {
    if (rowScan) return bestSplitByRows(p, start, end, parentScore);
    const B = p.nBins + 1;
    const bins = p.bins;
    cnt.fill(0, 0, B);
    if (response.kind === 'regression') {
      sum.fill(0, 0, B);
      const y = response.y;
      for (let i = start; i < end; i++) { const r = work[i]; const b = bins[r]; cnt[b]++; sum[b] += y[r]; }
    } else {
      sum.fill(0, 0, B * K);
      const y = response.y;
      for (let i = start; i < end; i++) { const r = work[i]; const b = bins[r]; cnt[b]++; sum[b * K + y[r]]++; }
    }
    const m = end - start;
    let total = 0; // regression: Σy
    if (response.kind === 'regression') for (let b = 0; b < B; b++) total += sum[b];
    else { nodeTot.fill(0); for (let b = 0; b < B; b++) for (let c = 0; c < K; c++) nodeTot[c] += sum[b * K + c]; }

    // Score of a side given its count and (regression) sum or (classification) leftTot/complement.
    const sideScores = (nl: number, sl: number): number => {
      const nr = m - nl;
      if (response.kind === 'regression') return (sl * sl) / nl + ((total - sl) * (total - sl)) / nr;
      let gl = 0, gr = 0;
      for (let c = 0; c < K; c++) { const a = leftTot[c]; const bb = nodeTot[c] - a; gl += a * a; gr += bb * bb; }
      return gl / nl + gr / nr;
    };

    let bestGain = -Infinity, bestT = -1, bestMissLeft = false;
    let bestSet: Uint8Array | null = null;
    if (p.kind === 'ordered') {
      const nb = p.nBins;
      const missN = cnt[nb];
      // Two passes: missing on the right, then missing on the left.
      for (let pass = 0; pass < (missN > 0 ? 2 : 1); pass++) {
        const missLeft = pass === 1;
        let nl = missLeft ? missN : 0;
        let sl = 0;
        if (response.kind === 'regression') sl = missLeft ? sum[nb] : 0;
        else { leftTot.fill(0); if (missLeft) for (let c = 0; c < K; c++) leftTot[c] = sum[nb * K + c]; }
        // With missing on the right, b = nb − 1 (every value left) is the split "missing or not".
        const lastB = missLeft || missN === 0 ? nb - 1 : nb;
        for (let b = 0; b < lastB; b++) {
          if (cnt[b] === 0) continue;
          nl += cnt[b];
          if (response.kind === 'regression') sl += sum[b];
          else for (let c = 0; c < K; c++) leftTot[c] += sum[b * K + c];
          if (nl < minLeaf) continue;
          if (m - nl < minLeaf) break;
          const g = sideScores(nl, sl) - parentScore;
          if (g > bestGain) { bestGain = g; bestT = b; bestMissLeft = missLeft; }
        }
      }
      if (bestT < 0) return null;
      return { gain: bestGain, threshold: bestT, missingLeft: bestMissLeft, set: null };
    }
    // Nominal: order present bins (missing included) by mean response / majority-class share.
    let present = 0;
    let major = 0;
    if (response.kind === 'classification') for (let c = 1; c < K; c++) if (nodeTot[c] > nodeTot[major]) major = c;
    for (let b = 0; b < B; b++) {
      if (cnt[b] === 0) continue;
      order[present++] = b;
      key[b] = response.kind === 'regression' ? sum[b] / cnt[b] : sum[b * K + major] / cnt[b];
    }
    if (present < 2) return null;
    const ord = Array.from(order.subarray(0, present)).sort((a, b) => key[a] - key[b] || a - b);
    let nl = 0, sl = 0;
    if (response.kind === 'classification') leftTot.fill(0);
    let bestPrefix = -1;
    for (let i = 0; i < present - 1; i++) {
      const b = ord[i];
      nl += cnt[b];
      if (response.kind === 'regression') sl += sum[b];
      else for (let c = 0; c < K; c++) leftTot[c] += sum[b * K + c];
      if (nl < minLeaf) continue;
      if (m - nl < minLeaf) break;
      const g = sideScores(nl, sl) - parentScore;
      if (g > bestGain) { bestGain = g; bestPrefix = i; }
    }
    if (bestPrefix < 0) return null;
    bestSet = new Uint8Array(B);
    for (let i = 0; i <= bestPrefix; i++) bestSet[ord[i]] = 1;
    return { gain: bestGain, threshold: -1, missingLeft: bestSet[p.nBins] === 1, set: bestSet };
  }

  /**
   * Classification split search for many classes: rows bucketed by bin (counting sort), then
   * walked in bin order updating Σ_c L_c² and Σ_c R_c² one row at a time (moving a row of class c
   * left adds 2L_c + 1 and subtracts 2R_c − 1), so the cost does not grow with the number of classes.
   */
  function bestSplitByRows(p: TreePredictor, start: number, end: number, parentScore: number): { gain: number; threshold: number; missingLeft: boolean; set: Uint8Array | null } | null {
    const y = (response as { y: Int32Array }).y;
    const B = p.nBins + 1;
    const bins = p.bins;
    const m = end - start;
    cnt.fill(0, 0, B);
    nodeTot.fill(0);
    for (let i = start; i < end; i++) { const r = work[i]; cnt[bins[r]]++; nodeTot[y[r]]++; }
    offsets[0] = 0;
    for (let b = 0; b < B; b++) offsets[b + 1] = offsets[b] + cnt[b];
    const fillPos = Int32Array.from(offsets.subarray(0, B));
    for (let i = start; i < end; i++) { const r = work[i]; byBin[fillPos[bins[r]]++] = r; }
    let total2 = 0;
    for (let c = 0; c < K; c++) total2 += nodeTot[c] * nodeTot[c];
    let gl = 0, gr = 0, nl = 0;
    const reset = (): void => { leftTot.fill(0); rightTot.set(nodeTot); gl = 0; gr = total2; nl = 0; };
    const moveBin = (b: number): void => {
      for (let k = offsets[b]; k < offsets[b + 1]; k++) {
        const c = y[byBin[k]];
        gl += 2 * leftTot[c] + 1;
        gr -= 2 * rightTot[c] - 1;
        leftTot[c]++;
        rightTot[c]--;
      }
      nl += cnt[b];
    };
    let bestGain = -Infinity, bestT = -1, bestMissLeft = false;
    if (p.kind === 'ordered') {
      const nb = p.nBins;
      const missN = cnt[nb];
      for (let pass = 0; pass < (missN > 0 ? 2 : 1); pass++) {
        const missLeft = pass === 1;
        reset();
        if (missLeft) moveBin(nb);
        const lastB = missLeft || missN === 0 ? nb - 1 : nb;
        for (let b = 0; b < lastB; b++) {
          if (cnt[b] === 0) continue;
          moveBin(b);
          if (nl < minLeaf) continue;
          if (m - nl < minLeaf) break;
          const g = gl / nl + gr / (m - nl) - parentScore;
          if (g > bestGain) { bestGain = g; bestT = b; bestMissLeft = missLeft; }
        }
      }
      if (bestT < 0) return null;
      return { gain: bestGain, threshold: bestT, missingLeft: bestMissLeft, set: null };
    }
    let major = 0;
    for (let c = 1; c < K; c++) if (nodeTot[c] > nodeTot[major]) major = c;
    let present = 0;
    for (let b = 0; b < B; b++) {
      if (cnt[b] === 0) continue;
      order[present++] = b;
      let hits = 0;
      for (let k = offsets[b]; k < offsets[b + 1]; k++) if (y[byBin[k]] === major) hits++;
      key[b] = hits / cnt[b];
    }
    if (present < 2) return null;
    const ord = Array.from(order.subarray(0, present)).sort((a, b) => key[a] - key[b] || a - b);
    reset();
    let bestPrefix = -1;
    for (let i = 0; i < present - 1; i++) {
      moveBin(ord[i]);
      if (nl < minLeaf) continue;
      if (m - nl < minLeaf) break;
      const g = gl / nl + gr / (m - nl) - parentScore;
      if (g > bestGain) { bestGain = g; bestPrefix = i; }
    }
    if (bestPrefix < 0) return null;
    const set = new Uint8Array(B);
    for (let i = 0; i <= bestPrefix; i++) set[ord[i]] = 1;
    return { gain: bestGain, threshold: -1, missingLeft: set[p.nBins] === 1, set };
  }
}

/**
 * The leaf a row reaches, given a function that returns the row's bin for predictor f.
 * Bins of categories never seen at a nominal split (not in its set) go right.
 */
export function findLeaf(tree: FittedTree, binOf: (feature: number) => number, nBinsOf: readonly number[]): number {
  let node = 0;
  for (;;) {
    const f = tree.feature[node];
    if (f < 0) return node;
    const b = binOf(f);
    const set = tree.leftSet[node];
    let left: boolean;
    if (set) left = set[b] === 1;
    else if (b === nBinsOf[f]) left = tree.missingLeft[node] === 1;
    else left = b <= tree.threshold[node];
    node = left ? tree.left[node] : tree.right[node];
  }
}

import type { ColumnSpec, NumberColumnData } from '../schema';
import type { AlignedCategories } from './columns';
import { mean, medianSorted, sampleSd } from '../math/describe';
import type { CategoricalColumnDetail, Frequencies, NumericColumnDetail, NumericStats } from './report';

/** Bins of the numeric histograms in the report. */
export const HISTOGRAM_BINS = 20;
/** Categories shown per column in the report; the rest are summed into one entry. */
export const MAX_CHART_CATEGORIES = 30;
export const OTHER_LABEL = '(other)';

function frequencies(counts: Float64Array, total: number): Frequencies {
  return { counts: Array.from(counts), proportions: Array.from(counts, (c) => (total > 0 ? c / total : 0)) };
}

function statsOf(sorted: Float64Array): NumericStats | null {
  if (sorted.length === 0) return null;
  return { min: sorted[0], max: sorted[sorted.length - 1], mean: mean(sorted), sd: sampleSd(sorted), median: medianSorted(sorted) };
}

/**
 * Histogram detail of a numeric/date column: shared edges over both tables' values
 * (integer columns with a small range get one bin per integer), counts and proportions
 * of the non-missing values of each table. With `givenEdges` (ascending, at least two) the bins
 * are those instead, and values beyond the outer edges count in the outer bins: a release pack
 * bins on metadata.json's published edges, which no exact extreme decides.
 */
export function numericColumnDetail(
  spec: ColumnSpec, real: NumberColumnData, synthetic: NumberColumnData, realSorted: Float64Array, synSorted: Float64Array, givenEdges?: readonly number[],
): NumericColumnDetail {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of [realSorted, synSorted]) {
    if (s.length === 0) continue;
    lo = Math.min(lo, s[0]);
    hi = Math.max(hi, s[s.length - 1]);
  }
  let edges: number[];
  if (givenEdges && givenEdges.length >= 2) edges = [...givenEdges];
  else if (lo === Infinity) edges = [0, 1];
  else if (spec.type === 'integer' && hi - lo <= 40 && Number.isInteger(lo) && Number.isInteger(hi)) {
    edges = [];
    for (let v = lo; v <= hi + 1; v++) edges.push(v - 0.5);
  } else {
    if (lo === hi) {
      lo -= 0.5;
      hi += 0.5;
    }
    const step = (hi - lo) / HISTOGRAM_BINS;
    edges = Array.from({ length: HISTOGRAM_BINS + 1 }, (_, i) => (i === HISTOGRAM_BINS ? hi : lo + i * step));
  }
  const count = (sorted: Float64Array): Float64Array => {
    const bins = edges.length - 1;
    const out = new Float64Array(bins);
    let b = 0;
    for (let i = 0; i < sorted.length; i++) {
      const v = sorted[i];
      while (b < bins - 1 && v >= edges[b + 1]) b++;
      out[b]++;
    }
    return out;
  };
  return {
    column: spec.name,
    type: spec.type,
    kind: 'numeric',
    edges,
    real: frequencies(count(realSorted), realSorted.length),
    synthetic: frequencies(count(synSorted), synSorted.length),
    missing: {
      real: real.values.length ? (real.values.length - realSorted.length) / real.values.length : 0,
      synthetic: synthetic.values.length ? (synthetic.values.length - synSorted.length) / synthetic.values.length : 0,
    },
    stats: { real: statsOf(realSorted), synthetic: statsOf(synSorted) },
  };
}

/**
 * Frequency detail of a categorical/boolean column: categories ordered by real frequency
 * (synthetic-only categories after them, by synthetic frequency), at most
 * `MAX_CHART_CATEGORIES` shown and the rest summed into `(other)`. Real categories with fewer
 * than `threshold` records (the disclosure threshold k) are never shown by name: they are
 * summed into `(other)` too, so the chart publishes no real count below k for a named category.
 */
export function categoricalColumnDetail(spec: ColumnSpec, aligned: AlignedCategories, threshold = 0): CategoricalColumnDetail {
  const k = aligned.categories.length;
  const cr = new Float64Array(k);
  const cs = new Float64Array(k);
  let nr = 0;
  let ns = 0;
  for (let i = 0; i < aligned.real.length; i++) if (aligned.real[i] >= 0) { cr[aligned.real[i]]++; nr++; }
  for (let i = 0; i < aligned.synthetic.length; i++) if (aligned.synthetic[i] >= 0) { cs[aligned.synthetic[i]]++; ns++; }
  const order = Array.from({ length: k }, (_, i) => i)
    .filter((i) => cr[i] > 0 || cs[i] > 0)
    .sort((a, b) => cr[b] - cr[a] || cs[b] - cs[a] || a - b);
  const nameable = order.filter((i) => cr[i] === 0 || cr[i] >= threshold);
  const rare = order.filter((i) => cr[i] > 0 && cr[i] < threshold);
  const room = nameable.length + (rare.length ? 1 : 0) > MAX_CHART_CATEGORIES ? MAX_CHART_CATEGORIES - 1 : nameable.length;
  const shown = nameable.slice(0, room);
  const rest = [...nameable.slice(room), ...rare];
  const categories = shown.map((i) => aligned.categories[i]);
  const realCounts = new Float64Array(shown.length + (rest.length ? 1 : 0));
  const synCounts = new Float64Array(realCounts.length);
  shown.forEach((c, j) => {
    realCounts[j] = cr[c];
    synCounts[j] = cs[c];
  });
  if (rest.length) {
    for (const c of rest) {
      realCounts[shown.length] += cr[c];
      synCounts[shown.length] += cs[c];
    }
    categories.push(OTHER_LABEL);
  }
  const detail: CategoricalColumnDetail = {
    column: spec.name,
    type: spec.type,
    kind: 'categorical',
    categories,
    real: frequencies(realCounts, nr),
    synthetic: frequencies(synCounts, ns),
    missing: {
      real: aligned.real.length ? (aligned.real.length - nr) / aligned.real.length : 0,
      synthetic: aligned.synthetic.length ? (aligned.synthetic.length - ns) / aligned.synthetic.length : 0,
    },
  };
  if (rest.length) detail.other = { label: OTHER_LABEL, categories: rest.length };
  return detail;
}

import type { Random } from '../random';
import type { ColumnData, Table } from '../schema';
import { inputError } from '../errors';
import type { FitInput, FittedModel, Generator, ModelDescription, SynthContext } from './generator';
import { columnDecisionsOf, reportFit, streamBatches } from './correlated/common';
import { fakeStreamOf } from './correlated/fakeColumns';
import { choleskyLower, nearestCorrelation } from './correlated/nearestPD';
import { normalCdf, normalQuantile } from './correlated/normal';
import { prepareColumns, type PreparedCategory, type PreparedColumn, type PreparedNumber } from './correlated/prepare';
import { roundWithin } from './marginals';

/** Keeps uniforms strictly inside (0, 1) so Φ⁻¹ stays finite. */
const U_EPS = 1e-12;

/**
 * One latent Gaussian variable of the copula. `value`: the non-missing values of a number
 * column (empirical marginal); `missing`: the is-missing indicator of a number column;
 * `category`: a categorical column, its missing cells as one more category.
 */
type Latent =
  | { kind: 'value'; column: number; sorted: Float64Array }
  | { kind: 'missing'; column: number; presentShare: number }
  | { kind: 'category'; column: number; order: Int32Array; cum: Float64Array };

/** The fitted copula, exported for tests. */
export interface CopulaModel {
  prepared: PreparedColumn[];
  latents: Latent[];
  /** Correlation of the normal scores, after repair. */
  correlation: number[][];
  /** Cholesky factor, row-major d×d. */
  cholesky: Float64Array;
  repaired: boolean;
}

/**
 * Fits a Gaussian copula to prepared columns.
 * Method: each column becomes normal scores z = Φ⁻¹(u). Numbers: u uniform within the value's
 * block of ranks, (s + U·m)/n for a value occupying sorted positions s..s+m−1 (ties broken at
 * random, seeded). Categories (missing as one more category): each category owns an interval of
 * [0, 1) of length its frequency, ordered by frequency, and u is uniform within it (the approach of
 * SDV's GaussianCopula and synthpop's `syn.normrank`-style transforms), so frequencies survive exactly.
 * A number column with missing cells adds an is-missing indicator handled the same way, so
 * missingness correlates with the other columns. Pearson correlation of the scores on pairwise
 * complete rows, repaired to the nearest correlation matrix (Higham 2002) when not positive
 * definite; sampling is z = L·e (Cholesky), back through each marginal.
 */
export function fitCopulaModel(prepared: PreparedColumn[], n: number, rng: Random): CopulaModel {
  const latents: Latent[] = [];
  const scores: Float64Array[] = [];
  const cats: { latent: number; slotOf: Int32Array; counts: Float64Array; rng: Random }[] = [];
  prepared.forEach((p, column) => {
    if (p.kind === 'fake') return;
    const r = rng.fork(`copula:scores:${p.meta.name}`);
    if (p.kind === 'number') {
      const present = n - p.missing;
      if (present > 0) {
        const { sorted, z } = numberScores(p.values, present, r);
        latents.push({ kind: 'value', column, sorted });
        scores.push(z);
      }
      if (p.missing > 0) {
        const presentShare = present / n;
        latents.push({ kind: 'missing', column, presentShare });
        const z = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const u = Number.isNaN(p.values[i]) ? presentShare + r.next() * (1 - presentShare) : r.next() * presentShare;
          z[i] = normalQuantile(clampU(u));
        }
        scores.push(z);
      }
      return;
    }
    const k = p.labels.length;
    // Slot k is "missing".
    const slotOf = new Int32Array(n);
    const counts = new Float64Array(k + 1);
    for (let i = 0; i < n; i++) { const s = p.codes[i] < 0 ? k : p.codes[i]; slotOf[i] = s; counts[s]++; }
    const slots: number[] = [];
    for (let s = 0; s <= k; s++) if (counts[s] > 0) slots.push(s);
    slots.sort((a, b) => counts[b] - counts[a] || a - b);
    const latent: Latent & { kind: 'category' } = { kind: 'category', column, order: Int32Array.from(slots), cum: new Float64Array(slots.length) };
    const z = new Float64Array(n);
    categoryScores(latent, slotOf, counts, z, r);
    latents.push(latent);
    scores.push(z);
    cats.push({ latent: latents.length - 1, slotOf, counts, rng: r });
  });
  // The copula sees a category column through one ordering of its categories; frequency order is
  // arbitrary. Reorder each by the mean score, within each category, of the variable it is most
  // associated with (largest correlation ratio), so that monotone relationships (education and
  // education-num) become linear in the scores. Two sweeps; marginals are unaffected.
  for (let sweep = 0; sweep < 2; sweep++) {
    for (const c of cats) {
      const l = latents[c.latent] as Latent & { kind: 'category' };
      const partner = bestPartnerMeans(c.slotOf, c.counts, scores, c.latent);
      if (!partner) continue;
      const slots = Array.from(l.order).sort((a, b) => partner[a] - partner[b] || a - b);
      l.order = Int32Array.from(slots);
      categoryScores(l, c.slotOf, c.counts, scores[c.latent], c.rng);
    }
  }
  const raw = pearsonMatrix(scores);
  const repairedResult = nearestCorrelation(raw);
  return {
    prepared, latents, correlation: repairedResult.matrix,
    cholesky: choleskyLower(repairedResult.matrix), repaired: repairedResult.repaired,
  };
}

/** Fills a category latent's cumulative bounds from its order, and every row's score: uniform within its category's interval. */
function categoryScores(l: Latent & { kind: 'category' }, slotOf: Int32Array, counts: Float64Array, z: Float64Array, rng: Random): void {
  const n = slotOf.length;
  const start = new Float64Array(counts.length);
  const width = new Float64Array(counts.length);
  let c = 0;
  for (let j = 0; j < l.order.length; j++) {
    const s = l.order[j];
    start[s] = c / n;
    width[s] = counts[s] / n;
    c += counts[s];
    l.cum[j] = c / n;
  }
  if (l.order.length) l.cum[l.order.length - 1] = 1;
  for (let i = 0; i < n; i++) {
    const s = slotOf[i];
    z[i] = normalQuantile(clampU(start[s] + rng.next() * width[s]));
  }
}

/**
 * Mean score per category slot of the other latent with the largest correlation ratio η²
 * (between-category share of its variance), or null when no latent varies with the categories.
 */
function bestPartnerMeans(slotOf: Int32Array, counts: Float64Array, scores: readonly Float64Array[], self: number): Float64Array | null {
  const k = counts.length;
  let best: Float64Array | null = null;
  let bestEta = 1e-4;
  const sum = new Float64Array(k);
  const cnt = new Float64Array(k);
  for (let v = 0; v < scores.length; v++) {
    if (v === self) continue;
    const z = scores[v];
    sum.fill(0); cnt.fill(0);
    let tot = 0, tot2 = 0, m = 0;
    for (let i = 0; i < z.length; i++) {
      const x = z[i];
      if (Number.isNaN(x)) continue;
      sum[slotOf[i]] += x; cnt[slotOf[i]]++; tot += x; tot2 += x * x; m++;
    }
    if (m < 2) continue;
    const totalSs = tot2 - (tot * tot) / m;
    if (!(totalSs > 0)) continue;
    let between = 0;
    for (let s = 0; s < k; s++) if (cnt[s] > 0) between += (sum[s] * sum[s]) / cnt[s];
    const eta = (between - (tot * tot) / m) / totalSs;
    if (eta > bestEta) {
      bestEta = eta;
      best = new Float64Array(k);
      // Categories never seen with this latent (all missing there) sort first.
      for (let s = 0; s < k; s++) best[s] = cnt[s] > 0 ? sum[s] / cnt[s] : -Infinity;
    }
  }
  return best;
}

/** Sorted non-missing values and the normal scores of every row (NaN where missing). */
function numberScores(values: Float64Array, present: number, rng: Random): { sorted: Float64Array; z: Float64Array } {
  const n = values.length;
  const idx = new Int32Array(present);
  let m = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(values[i])) idx[m++] = i;
  idx.sort((a, b) => values[a] - values[b]);
  const sorted = new Float64Array(present);
  for (let j = 0; j < present; j++) sorted[j] = values[idx[j]];
  const z = new Float64Array(n).fill(NaN);
  let s = 0;
  while (s < present) {
    let e = s + 1;
    while (e < present && sorted[e] === sorted[s]) e++;
    const block = e - s;
    for (let j = s; j < e; j++) z[idx[j]] = normalQuantile(clampU((s + rng.next() * block) / present));
    s = e;
  }
  return { sorted, z };
}

/** Pearson correlations on pairwise complete rows; NaN (constant column) becomes 0 in the repair. */
export function pearsonMatrix(cols: readonly Float64Array[]): number[][] {
  const d = cols.length;
  const out: number[][] = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  const complete = cols.map((c) => !c.some(Number.isNaN));
  for (let a = 0; a < d; a++) {
    out[a][a] = 1;
    for (let b = 0; b < a; b++) {
      const x = cols[a], y = cols[b];
      const both = complete[a] && complete[b];
      let k = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
      for (let i = 0; i < x.length; i++) {
        const u = x[i], v = y[i];
        if (!both && (Number.isNaN(u) || Number.isNaN(v))) continue;
        k++; sx += u; sy += v; sxx += u * u; syy += v * v; sxy += u * v;
      }
      let r = 0;
      if (k > 2) {
        const cxx = sxx - (sx * sx) / k, cyy = syy - (sy * sy) / k, cxy = sxy - (sx * sy) / k;
        r = cxx > 0 && cyy > 0 ? cxy / Math.sqrt(cxx * cyy) : 0;
      }
      out[a][b] = r;
      out[b][a] = r;
    }
  }
  return out;
}

/**
 * Samples `rows` rows of a fitted copula into one Table (the twin's columns in order).
 * `latentRng` drives the Gaussian draws. Faked columns are left empty here (filled from the fake stream).
 */
export function sampleCopulaBatch(model: CopulaModel, rows: number, latentRng: Random): Table {
  const { prepared, latents, cholesky } = model;
  const d = latents.length;
  const columns: Table['columns'] = prepared.map((p) => ({
    spec: p.spec,
    data: p.kind === 'number' ? { kind: 'number', values: new Float64Array(rows) } as ColumnData
      : p.kind === 'category' ? { kind: 'category', codes: new Int32Array(rows), categories: p.labels } as ColumnData
        : { kind: 'string', values: [] } as ColumnData,
  }));
  prepared.forEach((p, c) => {
    if (p.kind === 'number' && p.missing === p.values.length) (columns[c].data as { values: Float64Array }).values.fill(NaN);
  });
  const e = new Float64Array(d);
  const u = new Float64Array(d);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < d; j++) e[j] = latentRng.normal();
    for (let j = 0; j < d; j++) {
      let z = 0;
      const row = j * d;
      for (let k = 0; k <= j; k++) z += cholesky[row + k] * e[k];
      u[j] = normalCdf(z);
    }
    for (let j = 0; j < d; j++) {
      const l = latents[j];
      const p = prepared[l.column];
      if (l.kind === 'value') {
        const v = columns[l.column].data as { values: Float64Array };
        // A missing draw (from the indicator, which follows) overwrites this.
        v.values[i] = quantileOf(l.sorted, u[j], p as PreparedNumber);
      } else if (l.kind === 'missing') {
        if (u[j] >= l.presentShare) (columns[l.column].data as { values: Float64Array }).values[i] = NaN;
      } else {
        const cat = p as PreparedCategory;
        const slot = l.order[searchCum(l.cum, u[j])];
        (columns[l.column].data as { codes: Int32Array }).codes[i] = slot >= cat.labels.length ? -1 : slot;
      }
    }
  }
  return { rowCount: rows, columns };
}

/**
 * Empirical quantile at u: the inverse of the (rank − ½)/n scores, interpolating linearly
 * between adjacent order statistics (so continuous columns do not replay real values),
 * rounded to the column's step and kept within its coded bounds.
 */
function quantileOf(sorted: Float64Array, u: number, p: PreparedNumber): number {
  const m = sorted.length;
  let h = u * m - 0.5;
  if (h < 0) h = 0;
  if (h > m - 1) h = m - 1;
  const lo = Math.floor(h);
  const f = h - lo;
  const v = lo + 1 < m ? sorted[lo] + f * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
  return roundWithin(v, p.step, p.lower, p.upper);
}

function searchCum(cum: Float64Array, u: number): number {
  let lo = 0, hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (u < cum[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function clampU(u: number): number {
  return u < U_EPS ? U_EPS : u > 1 - U_EPS ? 1 - U_EPS : u;
}

/** The `copula` method: the default of the correlated level. */
export const copulaGenerator: Generator = {
  method: 'copula',
  level: 'correlated',
  description: 'Gaussian copula over all columns with empirical marginals and modelled missingness',
  supportsEpsilon: false,
  needsRealRows: () => true,
  async fit(input: FitInput, ctx: SynthContext): Promise<FittedModel> {
    if (input.epsilon !== undefined) throw inputError('the copula method has no differential-privacy option; use --method privbayes with --epsilon');
    if (!input.table) throw inputError('the correlated level needs the data file, not metadata.json alone');
    reportFit(ctx, 'fitting', 0);
    const prepared = prepareColumns(input.metadata, input.table, ctx.rng.fork('prepare'));
    const model = fitCopulaModel(prepared, input.table.rowCount, ctx.rng.fork('copula:fit'));
    reportFit(ctx, 'fitting', 1);
    const metadata = input.metadata;
    return {
      describe(): ModelDescription {
        return {
          level: 'correlated',
          method: 'copula',
          summary: `Gaussian copula over ${model.latents.length} latent variables (empirical marginals clipped to the coded bounds, `
            + 'categories by frequency intervals, an is-missing indicator per number column with missing values); '
            + (model.repaired ? 'correlation matrix repaired to the nearest positive-definite one (Higham 2002).' : 'correlation matrix positive definite as estimated.'),
          columns: columnDecisionsOf(metadata, prepared, (p) => p.kind === 'number'
            ? `empirical quantiles within [${p.lower}, ${p.upper}], interpolated between adjacent order statistics${p.missing ? '; missingness modelled jointly' : ''}`
            : `published categories only (${(p as PreparedCategory).labels.length}), frequencies kept; missing as a category`),
          parameters: { latentVariables: model.latents.length, correlationRepaired: model.repaired },
        };
      },
      sample(rows: number, sctx: SynthContext): AsyncIterable<Table> {
        const latentRng = sctx.rng.fork('copula:latent');
        const fakes = fakeStreamOf(metadata, prepared, rows, 'copula', sctx, sctx.rng.fork('copula:fakes'));
        return streamBatches(rows, sctx, fakes, (size) => sampleCopulaBatch(model, size, latentRng));
      },
    };
  },
};

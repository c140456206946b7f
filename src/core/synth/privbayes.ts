import { inputError, throwIfAborted } from '../errors';
import type { NumberMetadataColumn } from '../metadata';
import { forkIndexed, type Random } from '../random';
import type { ColumnData, Table } from '../schema';
import { MAX_BATCH_ROWS, type FitInput, type FittedModel, type Generator, type ModelDescription, type PrivacyDescription, type SynthContext } from './generator';
import { columnDecisionsOf, drawBatch, reportFit } from './correlated/common';
import { fakeColumnsOf } from './correlated/fakeColumns';
import { drawAll } from './columns';
import { prepareColumns, type PreparedCategory, type PreparedColumn, type PreparedNumber } from './correlated/prepare';
import { sampleLaplace } from './laplace';
import { roundWithin } from './marginals';
import { t } from '../l10n';

/** The guarantee, word for word, that goes into the recipe and the data card. */
export const PRIVBAYES_GUARANTEE = 'ε-differential privacy (pure, add/remove-one-record) for the released model, given the public domain (bin edges and category lists) from metadata.json';

/** Most value bins per number column (PrivBayes works on small domains). */
export const MAX_BINS = 20;
/** θ-usefulness of a noisy table (Zhang et al. 2017, §4.3): average count ≥ θ × the noise scale. */
export const THETA = 4;

/** One attribute's public domain: value bins (number) or categories, plus missing when the metadata records any. */
export interface Domain {
  column: number;
  /** Number of codes (bins/categories + point masses + missing). */
  size: number;
  kind: 'number' | 'category';
  /** number: bin edges (ascending, value bins are [e_j, e_j+1)); category: unused. */
  edges: Float64Array;
  /** number: exact values published as point masses, each its own code after the value bins. */
  masses: Float64Array;
  /** Code of missing, or −1 when the column has none. */
  missingCode: number;
}

/** The released model: network order, parents and noisy conditional tables. */
export interface PrivBayesModel {
  prepared: PreparedColumn[];
  domains: Domain[];
  /** Attributes (indices into `domains`) in network order. */
  order: number[];
  /** Parents (indices into `domains`) of each attribute, by attribute. */
  parents: number[][];
  /** Per attribute: cumulative conditional distribution, one row of `size` per parent configuration. */
  cumulative: Float64Array[];
}

/**
 * The public domain of a prepared column from metadata alone: a number column's published
 * histogram edges (adjacent bins merged to at most MAX_BINS; the coded bounds in 10 equal bins
 * when there is no histogram), its published point masses as codes of their own; a category
 * column's published categories; plus one code for missing when the metadata records a missing rate.
 */
export function domainOf(p: PreparedNumber | PreparedCategory, column: number): Domain {
  const missing = p.meta.missing > 0;
  if (p.kind === 'category') {
    const k = p.labels.length;
    return { column, kind: 'category', size: k + (missing ? 1 : 0), edges: new Float64Array(0), masses: new Float64Array(0), missingCode: missing ? k : -1 };
  }
  const meta = p.meta as NumberMetadataColumn;
  let edges: number[] = [];
  const h = meta.histogram;
  if (h && h.edges.length >= 2 && h.edges.every(Number.isFinite)) edges = [...h.edges];
  else {
    const lo = p.lower, hi = p.upper;
    if (Number.isFinite(lo) && Number.isFinite(hi) && hi > lo) for (let j = 0; j <= 10; j++) edges.push(lo + ((hi - lo) * j) / 10);
    else edges = [Number.isFinite(lo) ? lo : 0, Number.isFinite(hi) && hi > lo ? hi : (Number.isFinite(lo) ? lo : 0) + 1];
  }
  // Published date edges are coarsened (month/day starts): the last bin runs to the column's effective upper bound.
  if (Number.isFinite(p.upper) && p.upper > edges[edges.length - 1]) edges[edges.length - 1] = p.upper;
  const bins = edges.length - 1;
  if (bins > MAX_BINS) {
    const step = Math.ceil(bins / MAX_BINS);
    const merged: number[] = [];
    for (let j = 0; j < bins; j += step) merged.push(edges[j]);
    merged.push(edges[bins]);
    edges = merged;
  }
  const masses = Float64Array.from((meta.pointMasses ?? []).filter((m) => m.share > 0 && Number.isFinite(m.value)).map((m) => m.value));
  const nb = edges.length - 1;
  const size = nb + masses.length + (missing ? 1 : 0);
  return { column, kind: 'number', size, edges: Float64Array.from(edges), masses, missingCode: missing ? nb + masses.length : -1 };
}

/** Code of a real value in its domain (values outside the edges go to the nearest end bin). */
function codeOf(d: Domain, p: PreparedNumber | PreparedCategory, row: number): number {
  if (p.kind === 'category') {
    const c = p.codes[row];
    return c < 0 ? (d.missingCode >= 0 ? d.missingCode : 0) : c;
  }
  const v = p.values[row];
  if (Number.isNaN(v)) return d.missingCode >= 0 ? d.missingCode : 0;
  const nb = d.edges.length - 1;
  for (let m = 0; m < d.masses.length; m++) if (d.masses[m] === v) return nb + m;
  let lo = 0, hi = nb - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (v >= d.edges[mid]) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Mutual information (nats) of the joint counts `cells[x + kx·π]` over n rows. */
function mutualInformation(cells: Float64Array, kx: number, kp: number, n: number): number {
  const px = new Float64Array(kx), pp = new Float64Array(kp);
  for (let j = 0; j < kp; j++) for (let x = 0; x < kx; x++) { const c = cells[x + kx * j]; px[x] += c; pp[j] += c; }
  let mi = 0;
  for (let j = 0; j < kp; j++) for (let x = 0; x < kx; x++) {
    const c = cells[x + kx * j];
    if (c > 0) mi += (c / n) * Math.log((c * n) / (px[x] * pp[j]));
  }
  return mi;
}

/**
 * Sensitivity of the mutual-information score (nats) under adding or removing one record, for
 * datasets of n and n − 1 records. PrivBayes' Lemma 4.1 bounds it for replacing a record; for
 * add/remove we bound each empirical entropy: with G = n·H = n ln n − Σ c ln c, adding a record
 * to a cell of count c changes G by ΔG = [ln(n+1) + θ₁] − [ln(c+1) + θ₂], θ ∈ [0, 1] (as
 * (m+1)ln(m+1) − m ln m = ln(m+1) + m ln(1 + 1/m)), so H' − H = (ΔG − H)/(n+1) and
 * |ΔH| ≤ (ln(n+1) + 1)/(n+1). MI = H(X) + H(Π) − H(X,Π) moves by at most three times that;
 * the bound for the pair (n − 1, n) is the larger one: 3(ln n + 1)/n.
 */
export function miSensitivity(n: number): number {
  if (n < 2) return 3 * (Math.log(2) + 1);
  return (3 * (Math.log(n) + 1)) / n;
}

/**
 * Fits PrivBayes (Zhang, Cormode, Procopiuc, Srivastava, Xiao 2017, ACM TODS 42(4)) with degree
 * k = 2 on the public domains. Half the budget learns the network greedily: the first attribute
 * at random, then d−1 choices of (attribute, parent set) by the exponential mechanism on mutual
 * information (sensitivity {@link miSensitivity}), each with ε/(2(d−1)); parent sets are limited to tables that stay θ-useful
 * (cells ≤ n·ε₂/(d·θ), falling back to one parent, then none). The other half releases the d
 * joint tables (attribute, parents) with Laplace(d/ε₂) noise per cell — one record changes one
 * cell of each table — clipped at 0 and normalised to conditionals (an empty parent configuration
 * falls back to the attribute's noisy marginal). n is the row count metadata.json publishes.
 */
export function fitPrivBayesModel(prepared: PreparedColumn[], n: number, epsilon: number, rng: Random, onStep?: (fraction: number) => void): PrivBayesModel {
  // A column metadata.json records as entirely missing (rate 1, public) is not an attribute: it is written missing.
  const attrs = prepared.map((p, i) => ({ p, i })).filter((x) => x.p.kind !== 'fake' && x.p.meta.missing < 1) as { p: PreparedNumber | PreparedCategory; i: number }[];
  const domains = attrs.map(({ p, i }) => domainOf(p, i));
  const d = domains.length;
  const codes = attrs.map(({ p }, a) => {
    const out = new Int32Array(n);
    for (let r = 0; r < n; r++) out[r] = codeOf(domains[a], p, r);
    return out;
  });
  const eps1 = epsilon / 2, eps2 = epsilon / 2;
  const maxCells = Math.max(2, (n * eps2) / (Math.max(1, d) * THETA));
  const order: number[] = [];
  const parents: number[][] = new Array(d).fill(null).map(() => []);
  if (d > 0) {
    const netRng = rng.fork('network');
    const remaining = new Set(domains.map((_, a) => a));
    const first = netRng.int(d);
    order.push(first);
    remaining.delete(first);
    const stepEps = d > 1 ? eps1 / (d - 1) : 0;
    while (remaining.size > 0) {
      const cands: { x: number; pa: number[]; score: number }[] = [];
      for (const x of remaining) {
        const kx = domains[x].size;
        let sets = subsets(order, Math.min(2, order.length)).filter((s) => tableSize(domains, x, s) <= maxCells);
        if (sets.length === 0) sets = subsets(order, 1).filter((s) => tableSize(domains, x, s) <= maxCells);
        if (sets.length === 0) sets = [[]];
        for (const pa of sets) {
          const kp = pa.reduce((m, a) => m * domains[a].size, 1);
          const cells = jointCounts(codes, domains, x, pa, n);
          cands.push({ x, pa, score: mutualInformation(cells, kx, kp, n) });
        }
      }
      // Exponential mechanism: Pr ∝ exp(ε·score / (2Δ)).
      const delta = miSensitivity(n);
      const logits = cands.map((c) => (stepEps * c.score) / (2 * delta));
      const top = Math.max(...logits);
      const w = logits.map((l) => Math.exp(l - top));
      const total = w.reduce((s, v) => s + v, 0);
      let u = netRng.next() * total;
      let pick = cands.length - 1;
      for (let c = 0; c < cands.length; c++) { u -= w[c]; if (u < 0) { pick = c; break; } }
      const chosen = cands[pick];
      order.push(chosen.x);
      parents[chosen.x] = chosen.pa;
      remaining.delete(chosen.x);
      onStep?.(order.length / (2 * d));
    }
  }
  // Noisy conditional tables.
  const noiseRng = rng.fork('tables');
  const scale = Math.max(1, d) / eps2;
  const cumulative: Float64Array[] = new Array(d);
  for (const x of order) {
    const kx = domains[x].size;
    const pa = parents[x];
    const kp = pa.reduce((m, a) => m * domains[a].size, 1);
    const cells = jointCounts(codes, domains, x, pa, n);
    for (let c = 0; c < cells.length; c++) cells[c] = Math.max(0, cells[c] + sampleLaplace(scale, noiseRng));
    const marginal = new Float64Array(kx);
    for (let j = 0; j < kp; j++) for (let v = 0; v < kx; v++) marginal[v] += cells[v + kx * j];
    const cum = new Float64Array(kx * kp);
    for (let j = 0; j < kp; j++) {
      let t = 0;
      for (let v = 0; v < kx; v++) t += cells[v + kx * j];
      const src = t > 0 ? cells.subarray(kx * j, kx * (j + 1)) : marginal;
      let tot = 0;
      for (let v = 0; v < kx; v++) tot += src[v];
      let c = 0;
      for (let v = 0; v < kx; v++) { c += tot > 0 ? src[v] / tot : 1 / kx; cum[v + kx * j] = c; }
      cum[kx - 1 + kx * j] = 1;
    }
    cumulative[x] = cum;
  }
  return { prepared, domains, order, parents, cumulative };
}

function tableSize(domains: Domain[], x: number, pa: number[]): number {
  return pa.reduce((m, a) => m * domains[a].size, domains[x].size);
}

function subsets(items: number[], k: number): number[][] {
  if (k === 0) return [[]];
  const out: number[][] = [];
  const rec = (start: number, acc: number[]): void => {
    if (acc.length === k) { out.push([...acc]); return; }
    for (let i = start; i < items.length; i++) { acc.push(items[i]); rec(i + 1, acc); acc.pop(); }
  };
  rec(0, []);
  return out;
}

/** Counts over cells x + kx·(π₀ + k₀·π₁ …). */
function jointCounts(codes: Int32Array[], domains: Domain[], x: number, pa: number[], n: number): Float64Array {
  const kx = domains[x].size;
  const size = tableSize(domains, x, pa);
  const cells = new Float64Array(size);
  const cx = codes[x];
  if (pa.length === 0) for (let r = 0; r < n; r++) cells[cx[r]]++;
  else if (pa.length === 1) { const c0 = codes[pa[0]]; for (let r = 0; r < n; r++) cells[cx[r] + kx * c0[r]]++; }
  else {
    const c0 = codes[pa[0]], c1 = codes[pa[1]], k0 = domains[pa[0]].size;
    for (let r = 0; r < n; r++) cells[cx[r] + kx * (c0[r] + k0 * c1[r])]++;
  }
  return cells;
}

/**
 * Samples one batch ancestrally through the network, then maps codes back to values: a number
 * bin to a value uniform within the bin (rounded to the column's step, within its coded bounds),
 * a point mass to its value, missing to missing; categories to their published labels.
 */
export function samplePrivBayesBatch(model: PrivBayesModel, rows: number, rng: Random): Table {
  const { prepared, domains, order, parents, cumulative } = model;
  const columns: Table['columns'] = prepared.map((p) => ({
    spec: p.spec,
    data: p.kind === 'number' ? { kind: 'number', values: new Float64Array(rows) } as ColumnData
      : p.kind === 'category' ? { kind: 'category', codes: new Int32Array(rows), categories: p.labels } as ColumnData
        : { kind: 'string', values: [] } as ColumnData,
  }));
  const modelled = new Set(domains.map((d) => d.column));
  prepared.forEach((p, c) => {
    if (modelled.has(c)) return;
    if (p.kind === 'number') (columns[c].data as { values: Float64Array }).values.fill(NaN);
    else if (p.kind === 'category') (columns[c].data as { codes: Int32Array }).codes.fill(-1);
  });
  const code = new Int32Array(domains.length);
  for (let i = 0; i < rows; i++) {
    for (const x of order) {
      const dom = domains[x];
      const pa = parents[x];
      let j = 0, stride = 1;
      for (const a of pa) { j += code[a] * stride; stride *= domains[a].size; }
      const cum = cumulative[x];
      const kx = dom.size;
      const u = rng.next();
      let v = 0;
      while (v < kx - 1 && u >= cum[v + kx * j]) v++;
      code[x] = v;
    }
    for (let a = 0; a < domains.length; a++) {
      const dom = domains[a];
      const p = prepared[dom.column] as PreparedNumber | PreparedCategory;
      const c = code[a];
      if (p.kind === 'category') {
        (columns[dom.column].data as { codes: Int32Array }).codes[i] = c === dom.missingCode ? -1 : c;
        continue;
      }
      const values = (columns[dom.column].data as { values: Float64Array }).values;
      const nb = dom.edges.length - 1;
      if (c === dom.missingCode) values[i] = NaN;
      else if (c >= nb) values[i] = dom.masses[c - nb];
      else {
        const lo = dom.edges[c], hi = dom.edges[c + 1];
        values[i] = roundWithin(lo + rng.next() * (hi - lo), p.step, p.lower, p.upper);
      }
    }
  }
  return { rowCount: rows, columns };
}

/** The `privbayes` method: differentially private correlated twin (PrivBayes, degree 2). */
export const privbayesGenerator: Generator = {
  method: 'privbayes',
  level: 'correlated',
  description: 'PrivBayes Bayesian network (degree 2) with ε-differential privacy; needs a privacy budget (epsilon)',
  supportsEpsilon: true,
  redrawsUniqueRows: false,
  needsRealRows: () => true,
  async fit(input: FitInput, ctx: SynthContext): Promise<FittedModel> {
    const epsilon = input.epsilon;
    if (epsilon === undefined) throw inputError(t('the privbayes method needs a privacy budget (epsilon, a positive number)'));
    if (!(epsilon > 0) || !Number.isFinite(epsilon)) throw inputError(t('epsilon must be a positive number, got {0}', epsilon));
    if (!input.table) throw inputError(t('the correlated level needs the data file, not metadata.json alone'));
    if (input.table.rowCount === 0) throw inputError(t('the data file has no rows to fit a correlated model on'));
    reportFit(ctx, t('fitting'), 0);
    const prepared = prepareColumns(input.metadata, input.table, ctx.rng.fork('prepare'), { publicDomain: true });
    const n = input.table.rowCount;
    const model = fitPrivBayesModel(prepared, n, epsilon, ctx.rng.fork('privbayes'), (f) => {
      throwIfAborted(ctx.signal);
      reportFit(ctx, t('fitting'), f);
    });
    reportFit(ctx, t('fitting'), 1);
    const metadata = input.metadata;
    const d = model.domains.length;
    const privacy: PrivacyDescription = {
      mechanism: 'PrivBayes: exponential mechanism on mutual information to learn the network, Laplace mechanism on the conditional tables',
      epsilon,
      split: d > 1
        ? `ε/2 = ${fmt(epsilon / 2)} learns the network (${d - 1} greedy choices, ε/${2 * (d - 1)} = ${fmt(epsilon / (2 * (d - 1)))} each); `
          + `ε/2 = ${fmt(epsilon / 2)} releases the ${d} conditional tables (Laplace scale ${d}/(ε/2) = ${fmt((2 * d) / epsilon)} per cell)`
        : `ε/2 = ${fmt(epsilon / 2)} unused (one attribute, no network); ε/2 = ${fmt(epsilon / 2)} releases its table (Laplace scale ${fmt(2 / epsilon)} per cell)`,
      guarantee: `${PRIVBAYES_GUARANTEE}. The row count (${n}) used in the score's sensitivity is the one metadata.json publishes; faked columns use metadata only.`,
    };
    const fakes = fakeColumnsOf(metadata, prepared, 'privbayes', 'privbayes:fakes');
    const fitted: FittedModel = {
      describe(): ModelDescription {
        return {
          level: 'correlated',
          method: 'privbayes',
          summary: `PrivBayes Bayesian network of degree ≤ 2 over ${d} attributes on the published bins and categories, with ε = ${fmt(epsilon)}.`,
          columns: columnDecisionsOf(metadata, prepared, (p) => {
            const a = model.domains.findIndex((dm) => dm.column === prepared.indexOf(p));
            if (a < 0) return 'recorded as entirely missing; written missing';
            const pa = model.parents[a].map((x) => prepared[model.domains[x].column].meta.name);
            const parentText = pa.length ? `given ${pa.map((s) => JSON.stringify(s)).join(' and ')}` : 'no parents';
            return p.kind === 'number'
              ? `${model.domains[a].edges.length - 1} published bins${model.domains[a].masses.length ? ` + ${model.domains[a].masses.length} point masses` : ''}, uniform within a bin; ${parentText}`
              : `${(p as PreparedCategory).labels.length} published categories; ${parentText}`;
          }),
          privacy,
          parameters: { degree: 2, theta: THETA, maxBins: MAX_BINS, order: model.order.map((a) => prepared[model.domains[a].column].meta.name) },
        };
      },
      batchRows: MAX_BATCH_ROWS,
      draw(first: number, count: number, rows: number, rng: Random): Table {
        const draws = forkIndexed(rng, 'privbayes:draws', first);
        return drawBatch(first, count, rows, rng, fakes, (size) => samplePrivBayesBatch(model, size, draws));
      },
      sample(rows: number, sctx: SynthContext): AsyncIterable<Table> {
        return drawAll(fitted, rows, sctx);
      },
    };
    return fitted;
  },
};

function fmt(x: number): string {
  return String(+x.toPrecision(4));
}

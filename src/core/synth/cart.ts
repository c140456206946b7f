import { inputError, throwIfAborted } from '../errors';
import { forkIndexed, type Random } from '../random';
import type { ColumnData, Table } from '../schema';
import { MAX_BATCH_ROWS, type FitInput, type FittedModel, type Generator, type ModelDescription, type SynthContext } from './generator';
import { columnDecisionsOf, drawBatch, reportFit } from './correlated/common';
import { fakeColumnsOf } from './correlated/fakeColumns';
import { drawAll } from './columns';
import { uniqueRowGuard } from './correlated/uniqueGuard';
import { personCodesOf, prepareColumns, type PreparedCategory, type PreparedColumn, type PreparedNumber } from './correlated/prepare';
import { findLeaf, fitTree, type FittedTree, type TreePredictor, type TreeResponse } from './correlated/tree';
import { roundWithin } from './marginals';
import { drawTailRows } from './tails';
import { holdersPerValue, rareIntervalsOf, runsOfSorted, type RareIntervals } from './correlated/rareValues';
import { t } from '../l10n';

/** Settings of the sequential CART synthesis. */
export interface CartOptions {
  /** Fewest real rows in a leaf; at least the disclosure threshold k (synthpop's minbucket is 5). */
  minLeaf: number;
  maxDepth: number;
  /** rpart's complexity parameter (synthpop uses 1e-8). */
  cp: number;
  /** Quantile bins for numeric predictors. */
  predictorBins: number;
  /** A real value held by fewer than this many persons is never emitted as it is: it is drawn over its rare interval (rareValues.ts). */
  rareValueCount: number;
}

/** One modelled column's trees and how to turn a leaf into a value. */
interface ColumnModel {
  column: number;
  /** Index of each predictor (earlier modelled column) in `models`. */
  predictors: number[];
  kind: 'number' | 'category';
  /** category: classes 0..K-1 the published labels, K = missing. number: is-missing classifier (null if never missing). */
  classTree: FittedTree | null;
  classY: Int32Array | null;
  /** number: regression tree on the present rows. */
  valueTree: FittedTree | null;
  y: Float64Array | null;
  /** Per real row: the rare interval its value is drawn over (−1: a common value, kept as it is). */
  rowInterval: Int32Array | null;
  intervals: RareIntervals | null;
  /** How this column is binned when a later column uses it as a predictor. */
  binning: { kind: 'ordered'; cuts: Float64Array } | { kind: 'nominal'; nBins: number };
  nBins: number;
}

/** The fitted sequential model, exported for tests. */
export interface CartModel {
  prepared: PreparedColumn[];
  models: ColumnModel[];
  options: CartOptions;
  leaves: number;
}

/**
 * Default settings: leaves of at least max(10, k) real rows (synthpop: 5); cp 1e-4 (synthpop: 1e-8 —
 * on adult the deeper trees add nothing measurable to fidelity and cost time and privacy).
 */
export function defaultCartOptions(threshold: number): CartOptions {
  return { minLeaf: Math.max(10, threshold), maxDepth: 30, cp: 1e-4, predictorBins: 32, rareValueCount: Math.max(10, threshold) };
}

/**
 * Fits sequential CART synthesis in the manner of synthpop's `syn.cart` (Nowok, Raab, Dibben
 * 2016; Reiter 2005): columns are visited in the given order; the first is drawn from its
 * marginal, each later one from a tree fitted on the real data with the earlier columns as
 * predictors (regression trees — least squares — for numbers, Gini classification trees for
 * categories). A number column with missing values gets an is-missing classification tree first,
 * categories keep missing as a class, so missingness patterns follow the other columns.
 */
export function fitCartModel(prepared: PreparedColumn[], n: number, options: CartOptions, onColumn?: (done: number, total: number) => void, personOf: Int32Array | null = null): CartModel {
  const models: ColumnModel[] = [];
  const predictorData: TreePredictor[] = [];
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  const modelled = prepared.map((p, i) => ({ p, i })).filter((x) => x.p.kind !== 'fake');
  let leaves = 0;
  modelled.forEach(({ p, i: column }, visit) => {
    const predictors = models.map((_, m) => m);
    const treeOptions = { minLeaf: options.minLeaf, maxDepth: options.maxDepth, cp: options.cp };
    let model: ColumnModel;
    if (p.kind === 'category') {
      const k = p.labels.length;
      const y = new Int32Array(n);
      for (let r = 0; r < n; r++) y[r] = p.codes[r] < 0 ? k : p.codes[r];
      const response: TreeResponse = { kind: 'classification', y, classes: k + 1 };
      const classTree = fitTree(predictorData, response, all, treeOptions);
      leaves += classTree.leafCount;
      model = { column, predictors, kind: 'category', classTree, classY: y, valueTree: null, y: null, rowInterval: null, intervals: null,
        binning: { kind: 'nominal', nBins: k }, nBins: k };
      predictorData.push({ kind: 'nominal', bins: y, nBins: k });
    } else {
      const num = p as PreparedNumber;
      let classTree: FittedTree | null = null;
      let classY: Int32Array | null = null;
      if (num.missing > 0) {
        classY = new Int32Array(n);
        for (let r = 0; r < n; r++) classY[r] = Number.isNaN(num.values[r]) ? 1 : 0;
        classTree = fitTree(predictorData, { kind: 'classification', y: classY, classes: 2 }, all, treeOptions);
        leaves += classTree.leafCount;
      }
      const present = Int32Array.from(all.filter((r) => !Number.isNaN(num.values[r])));
      let valueTree: FittedTree | null = null;
      if (present.length > 0) {
        valueTree = fitTree(predictorData, { kind: 'regression', y: num.values }, present, treeOptions);
        leaves += valueTree.leafCount;
      }
      const { rowInterval, intervals } = rareIntervalsOfRows(num.values, present, options.rareValueCount, personOf);
      const cuts = quantileCuts(num.values, present, options.predictorBins);
      const bins = new Int32Array(n);
      for (let r = 0; r < n; r++) bins[r] = binOfValue(num.values[r], cuts);
      model = { column, predictors, kind: 'number', classTree, classY, valueTree, y: num.values, rowInterval, intervals,
        binning: { kind: 'ordered', cuts }, nBins: cuts.length + 1 };
      predictorData.push({ kind: 'ordered', bins, nBins: cuts.length + 1 });
    }
    models.push(model);
    onColumn?.(visit + 1, modelled.length);
  });
  return { prepared, models, options, leaves };
}

/** Distinct cut points at the quantiles of the present values (≤ bins − 1 of them). */
function quantileCuts(values: Float64Array, present: Int32Array, bins: number): Float64Array {
  if (present.length === 0) return new Float64Array(0);
  const v = Float64Array.from(present, (r) => values[r]).sort();
  const cuts: number[] = [];
  for (let b = 1; b < bins; b++) {
    const c = v[Math.min(v.length - 1, Math.floor((b * v.length) / bins))];
    // A cut is "x ≤ c goes to the lower bin"; skip the maximum (nothing above it).
    if (c < v[v.length - 1] && (cuts.length === 0 || c > cuts[cuts.length - 1])) cuts.push(c);
  }
  return Float64Array.from(cuts);
}

/** Bin of a value: number of cuts below it (x ≤ cut[b] → bin ≤ b); missing → cuts.length + 1. */
function binOfValue(x: number, cuts: Float64Array): number {
  if (Number.isNaN(x)) return cuts.length + 1;
  let lo = 0, hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x <= cuts[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The column's rare intervals (values held by fewer than `minHolders` persons; rows when
 * `personOf` is null) and, per real row, the interval its value is drawn over (−1 common).
 */
function rareIntervalsOfRows(values: Float64Array, present: Int32Array, minHolders: number, personOf: Int32Array | null): { rowInterval: Int32Array; intervals: RareIntervals } {
  const sorted = Float64Array.from(present, (r) => values[r]).sort();
  const { distinct, firsts } = runsOfSorted(sorted);
  const holders = holdersPerValue(values, distinct, personOf);
  const intervals = rareIntervalsOf(sorted, firsts, holders, minHolders);
  const rowInterval = new Int32Array(values.length).fill(-1);
  for (let r = 0; r < values.length; r++) {
    const v = values[r];
    if (v !== v) continue;
    let lo = 0, hi = distinct.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (distinct[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    rowInterval[r] = intervals.intervalOf[lo];
  }
  return { rowInterval, intervals };
}

/**
 * Samples one batch: column by column, each synthetic row is dropped down the column's tree
 * using its already-synthesised earlier values, and a donor is drawn from the leaf it reaches.
 * Categories take the donor's category (only published ones exist); numbers take the donor's
 * value, or, when fewer than k persons hold that value, a draw uniform over its rare interval
 * (at least k real values around it: rareValues.ts), then rounded to the column's step and
 * kept within its coded bounds — so rare real values are not replayed. Faked columns are left
 * empty here (filled from the fake stream).
 */
export function sampleCartBatch(model: CartModel, rows: number, rng: Random): Table {
  const { prepared, models } = model;
  const columns: Table['columns'] = prepared.map((p) => ({
    spec: p.spec,
    data: p.kind === 'number' ? { kind: 'number', values: new Float64Array(rows) } as ColumnData
      : p.kind === 'category' ? { kind: 'category', codes: new Int32Array(rows), categories: p.labels } as ColumnData
        : { kind: 'string', values: [] } as ColumnData,
  }));
  const synBins: Int32Array[] = [];
  const nBinsOf = models.map((m) => m.nBins);
  for (let m = 0; m < models.length; m++) {
    const cm = models[m];
    const bins = new Int32Array(rows);
    let rowIndex = 0;
    const binOf = (f: number): number => synBins[f][rowIndex];
    if (cm.kind === 'category') {
      const codes = (columns[cm.column].data as { codes: Int32Array }).codes;
      const k = (prepared[cm.column] as PreparedCategory).labels.length;
      const tree = cm.classTree!;
      const y = cm.classY!;
      for (let i = 0; i < rows; i++) {
        rowIndex = i;
        const leaf = findLeaf(tree, binOf, nBinsOf);
        const cls = y[tree.donors[tree.leafStart[leaf] + rng.int(tree.leafSize[leaf])]];
        codes[i] = cls >= k ? -1 : cls;
        bins[i] = cls;
      }
    } else {
      const p = prepared[cm.column] as PreparedNumber;
      const values = (columns[cm.column].data as { values: Float64Array }).values;
      const cuts = (cm.binning as { cuts: Float64Array }).cuts;
      // Rows whose donor lay beyond a bound (its value clipped to it), per tail: drawn together
      // from that tail's published model once the column is done (synth/tails.ts drawTailRows).
      const inTail = { below: [] as number[], above: [] as number[] };
      for (let i = 0; i < rows; i++) {
        rowIndex = i;
        let missing = cm.valueTree === null;
        if (!missing && cm.classTree) {
          const leaf = findLeaf(cm.classTree, binOf, nBinsOf);
          missing = cm.classY![cm.classTree.donors[cm.classTree.leafStart[leaf] + rng.int(cm.classTree.leafSize[leaf])]] === 1;
        }
        if (missing) { values[i] = NaN; bins[i] = cuts.length + 1; continue; }
        const tree = cm.valueTree!;
        const leaf = findLeaf(tree, binOf, nBinsOf);
        const donor = tree.donors[tree.leafStart[leaf] + rng.int(tree.leafSize[leaf])];
        let v = cm.y![donor];
        const j = cm.rowInterval![donor];
        if (j >= 0) v = cm.intervals!.low[j] + rng.next() * (cm.intervals!.high[j] - cm.intervals!.low[j]);
        v = roundWithin(v, p.step, p.lower, p.upper);
        const side = p.tails?.beyond[donor] ?? 0;
        if (side !== 0) inTail[side < 0 ? 'below' : 'above'].push(i);
        values[i] = v;
        bins[i] = binOfValue(v, cuts);
      }
      for (const side of ['below', 'above'] as const) {
        const tailRows = inTail[side];
        if (!tailRows.length) continue;
        // A donor says only that the row lies in the tail, not where: the rows' order is random.
        drawTailRows(tailRows, tailRows.map(() => rng.next()), p.tails!.model[side]!, side, p.tails!.model, values);
        for (const i of tailRows) bins[i] = binOfValue(values[i], cuts);
      }
    }
    synBins.push(bins);
  }
  return { rowCount: rows, columns };
}

/** The `cart` method: sequential decision trees, synthpop-style, without copying rare values. */
export const cartGenerator: Generator = {
  method: 'cart',
  level: 'correlated',
  description: 'sequential CART synthesis (synthpop-style), leaves of at least k rows, rare values smoothed',
  supportsEpsilon: false,
  redrawsUniqueRows: true,
  needsRealRows: () => true,
  async fit(input: FitInput, ctx: SynthContext): Promise<FittedModel> {
    if (input.epsilon !== undefined) throw inputError(t('the cart method has no differential-privacy option; use the privbayes method with a privacy budget (epsilon)'));
    if (!input.table) throw inputError(t('the correlated level needs the data file, not metadata.json alone'));
    if (input.table.rowCount === 0) throw inputError(t('the data file has no rows to fit a correlated model on'));
    reportFit(ctx, t('fitting'), 0);
    const prepared = prepareColumns(input.metadata, input.table, ctx.rng.fork('prepare'));
    const options = defaultCartOptions(input.metadata.disclosure?.threshold ?? 10);
    const model = fitCartModel(prepared, input.table.rowCount, options, (done, total) => {
      throwIfAborted(ctx.signal);
      reportFit(ctx, t('fitting'), done / total);
    }, personCodesOf(input.metadata, input.table));
    const metadata = input.metadata;
    const guard = uniqueRowGuard(prepared, input.table);
    const fakes = fakeColumnsOf(metadata, prepared, 'cart', 'cart:fakes');
    const fitted: FittedModel = {
      uniqueRows: guard,
      describe(): ModelDescription {
        return {
          level: 'correlated',
          method: 'cart',
          summary: `Sequential CART synthesis in column order (first column from its marginal), ${model.leaves} leaves of at least ${options.minLeaf} real rows; `
            + `values held by fewer than ${options.rareValueCount} persons are drawn over intervals of at least ${options.rareValueCount} real values, never replayed; missingness modelled by trees; `
            + 'synthetic rows equal to a unique real row are redrawn (synthpop sdc rm.replicated.uniques).',
          columns: columnDecisionsOf(metadata, prepared, (p) => p.kind === 'number'
            ? `regression tree on earlier columns; leaf donors, rare values drawn over intervals of at least k real values; within [${p.lower}, ${p.upper}]${p.missing ? '; is-missing tree' : ''}`
            : `classification tree on earlier columns; published categories only (${(p as PreparedCategory).labels.length}); missing as a class`),
          parameters: { ...options, leaves: model.leaves, redrawReplicatedUniques: true },
        };
      },
      batchRows: MAX_BATCH_ROWS,
      draw(first: number, count: number, rows: number, rng: Random): Table {
        const draws = forkIndexed(rng, 'cart:draws', first);
        return drawBatch(first, count, rows, rng, fakes, (size) => sampleCartBatch(model, size, draws), guard);
      },
      sample(rows: number, sctx: SynthContext): AsyncIterable<Table> {
        return drawAll(fitted, rows, sctx);
      },
    };
    return fitted;
  },
};

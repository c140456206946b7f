import { inputError } from '../errors';
import type { CategoryMetadataColumn, Metadata, MetadataColumn, NumberMetadataColumn } from '../metadata';
import type { Random } from '../random';
import type { ColumnData } from '../schema';
import type { FittedModel, FitInput, Generator, PrivacyDescription, SynthContext } from './generator';
import {
  emptyCategoryPlan, fakePlan, formatRate, formatValueForNote, independentModel, isUniqueIntegerKey, planColumns, uniqueIntegerPlan,
  type ColumnPlan,
} from './independent';
import { noisyCounts } from './laplace';
import {
  expandCoarsenedDates, categoryMarginal, countsNumberMarginal, publishedCategoriesOf, publishedCategoryMarginal, statisticalNumberMarginal, valueStepOf,
} from './marginals';
import { tailsFor, withTails } from './tails';
import { t } from '../l10n';

/**
 * `statistical`: each column's distribution, independently, from metadata.json alone:
 * categorical frequencies as published; numbers and dates by inverse-CDF sampling of the
 * disclosure-controlled quantiles with linear interpolation, plus point masses (not a
 * parametric fit); values within the coded bounds at the column's precision; missing at the
 * recorded rate; identifiers and text faked.
 *
 * With `epsilon`: noisy one-way histograms. The real rows are counted into the metadata's
 * cells (category list, histogram bins and point masses, plus a missing cell), Laplace noise
 * of scale m/ε is added to every count (the budget split equally over the m modelled columns;
 * sensitivity 1 per histogram under adding or removing one record), negatives clipped to 0,
 * and the twin is drawn from the noisy counts.
 */
export const statisticalGenerator: Generator = {
  method: 'statistical',
  level: 'statistical',
  description: 'each column’s distribution independently from metadata.json (quantiles, point masses, category frequencies); with a privacy budget (epsilon), noisy histograms',
  supportsEpsilon: true,
  redrawsUniqueRows: false,
  needsRealRows: (epsilon) => epsilon !== undefined,
  async fit(input: FitInput, ctx: SynthContext): Promise<FittedModel> {
    const { metadata, epsilon } = input;
    if (epsilon === undefined) {
      return independentModel(
        metadata, 'statistical', 'statistical', planColumns(metadata, statisticalPlan),
        'Each column drawn independently from its disclosure-controlled one-way summary in metadata.json (category frequencies; quantiles with linear interpolation and point masses); relationships between columns are not reproduced.',
      );
    }
    if (!(Number.isFinite(epsilon) && epsilon > 0)) throw inputError(t('epsilon must be a positive number, got {0}', epsilon));
    if (!input.table) {
      throw inputError(t('statistical twins with a privacy budget (epsilon) need the real data: the counts in metadata.json were published by disclosure control, not by a differentially private mechanism, so noise added to them would give no guarantee'));
    }
    const table = input.table;
    const dpColumns = planColumns(metadata, statisticalPlan).filter(isDpCandidate).map((p) => p.column);
    const perColumn = dpColumns.length ? epsilon / dpColumns.length : epsilon;
    const plans = planColumns(metadata, (column) => {
      if (!dpColumns.includes(column)) return statisticalPlan(column, metadata);
      const data = table.columns.find((c) => c.spec.name === column.name)?.data;
      if (!data) throw inputError(t('the real data has no column {0}', JSON.stringify(column.name)), { column: column.name });
      const rng = ctx.rng.fork(`dp:${column.name}`);
      return column.type === 'categorical' || column.type === 'boolean'
        ? dpCategoryPlan(column as CategoryMetadataColumn, data, table.rowCount, perColumn, rng)
        : dpNumberPlan(expandCoarsenedDates(column as NumberMetadataColumn, metadata.disclosure), data, table.rowCount, perColumn, rng);
    });
    const privacy: PrivacyDescription = {
      mechanism: 'Laplace mechanism on one-way histograms (category counts; histogram bins and point masses; missing count), negative counts clipped to 0',
      epsilon,
      split: `equally across the ${dpColumns.length} modelled columns: ε/${dpColumns.length} = ${+perColumn.toPrecision(6)} each, Laplace scale ${+(1 / perColumn).toPrecision(6)} (sensitivity 1 per histogram)`,
      guarantee:
        `${epsilon}-differential privacy for the released one-way marginals with respect to adding or removing one record, ` +
        'relative to the bin edges/category domain in metadata.json (the domain itself is not DP — it was set by disclosure control). ' +
        'Not covered: the row count, the category list, bin edges and point-mass values, and the formats and length quantiles used for faked identifier and text columns, all taken from metadata.json.',
    };
    return independentModel(
      metadata, 'statistical', 'statistical', plans,
      'Each column drawn independently from a differentially private one-way histogram over the metadata.json domain; relationships between columns are not reproduced.',
      privacy,
    );
  },
};

/** The statistical (non-DP) plan for one column. */
export function statisticalPlan(column: MetadataColumn, metadata?: Metadata): ColumnPlan {
  const base = { name: column.name, type: column.type, format: column.format };
  const missing = `missing at ${formatRate(column.missing)}`;
  switch (column.type) {
    case 'numeric':
    case 'integer':
    case 'date':
    case 'datetime': {
      if (isUniqueIntegerKey(column)) return uniqueIntegerPlan(column);
      // Month-coarsened dates are spread over their months (see expandCoarsenedDates).
      const c = expandCoarsenedDates(column as NumberMetadataColumn, metadata?.disclosure);
      const range = `[${formatValueForNote(c.bounds.lower, c.type)}, ${formatValueForNote(c.bounds.upper, c.type)}]`;
      const source = c.quantiles?.values.length >= 2 ? `${c.quantiles.values.length} published quantiles` : c.histogram?.counts.length ? `${c.histogram.counts.length} histogram bins` : 'the coded bounds (no distribution published)';
      const masses = c.pointMasses?.length ? ` and point masses at ${c.pointMasses.map((m) => m.value).join(', ')}` : '';
      const { tails, note } = tailsFor(c, valueStepOf(c), metadata);
      return {
        column, missing: c.missing, draw: { kind: 'number', marginal: withTails(statisticalNumberMarginal(c), tails) },
        decision: { ...base, action: 'modelled', detail: `inverse CDF of ${source} (linear interpolation)${masses}, within ${range}${note}, step ${valueStepOf(c)}; ${missing}` },
      };
    }
    case 'categorical':
    case 'boolean': {
      const c = column as CategoryMetadataColumn;
      if (publishedCategoriesOf(c).length === 0) return emptyCategoryPlan(c);
      const marginal = publishedCategoryMarginal(c);
      const merged = c.other ? `; ${c.other.categories} rare categories merged in the metadata are not reproduced (their share spread over the published ones)` : '';
      return {
        column, missing: c.missing, draw: { kind: 'category', marginal },
        decision: { ...base, action: 'modelled', detail: `published frequencies of ${marginal.categories.length} categories${merged}; ${missing}` },
      };
    }
    case 'text':
    case 'identifier':
      return fakePlan(column);
  }
}

function isDpCandidate(plan: ColumnPlan): boolean {
  return plan.draw.kind === 'number' || plan.draw.kind === 'category';
}

function dpCategoryPlan(column: CategoryMetadataColumn, data: ColumnData, rows: number, epsilon: number, rng: Random): ColumnPlan {
  const categories = publishedCategoriesOf(column);
  // Cells: each published category, then "any other value", then missing.
  const counts = new Float64Array(categories.length + 2);
  const other = categories.length;
  const missingCell = categories.length + 1;
  const index = new Map(categories.map((c, i) => [c, i]));
  if (data.kind === 'category') {
    const map = data.categories.map((c) => index.get(c) ?? other);
    for (let i = 0; i < rows; i++) counts[data.codes[i] < 0 ? missingCell : map[data.codes[i]]]++;
  } else if (data.kind === 'string') {
    for (let i = 0; i < rows; i++) { const v = data.values[i]; counts[v === null ? missingCell : index.get(v) ?? other]++; }
  } else {
    for (let i = 0; i < rows; i++) { const v = data.values[i]; counts[Number.isNaN(v) ? missingCell : index.get(String(v)) ?? other]++; }
  }
  const noisy = noisyCounts(counts, epsilon, rng);
  const total = noisy.reduce((s, c) => s + c, 0);
  const missing = total > 0 ? noisy[missingCell] / total : column.missing;
  const marginal = categoryMarginal(categories, noisy.subarray(0, categories.length));
  return {
    column, missing, draw: { kind: 'category', marginal },
    decision: {
      name: column.name, type: column.type, format: column.format, action: 'modelled',
      detail: `Laplace-noised counts (ε = ${+epsilon.toPrecision(6)}) of the ${categories.length} published categories, other values and missing; negatives clipped; noisy missing rate ${formatRate(missing)}`,
    },
  };
}

function dpNumberPlan(column: NumberMetadataColumn, data: ColumnData, rows: number, epsilon: number, rng: Random): ColumnPlan {
  const { lower, upper } = column.bounds;
  const edges = dpEdgesOf(column);
  const masses = (column.pointMasses ?? []).map((m) => m.value).filter((v) => v >= lower && v <= upper);
  const bins = edges.length - 1;
  // Cells: bins, then point masses, then missing. Values outside the bounds count in the end bins (top/bottom coding).
  const counts = new Float64Array(bins + masses.length + 1);
  const missingCell = bins + masses.length;
  const values = data.kind === 'number' ? data.values : null;
  for (let i = 0; i < rows; i++) {
    const v = values ? values[i] : NaN;
    if (Number.isNaN(v)) { counts[missingCell]++; continue; }
    const m = masses.indexOf(v);
    if (m >= 0) { counts[bins + m]++; continue; }
    let lo = 0;
    let hi = bins - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (edges[mid] <= v) lo = mid;
      else hi = mid - 1;
    }
    counts[lo]++;
  }
  const noisy = noisyCounts(counts, epsilon, rng);
  const total = noisy.reduce((s, c) => s + c, 0);
  const missing = total > 0 ? noisy[missingCell] / total : column.missing;
  const marginal = countsNumberMarginal(column, edges, noisy.subarray(0, bins), masses, noisy.subarray(bins, bins + masses.length));
  return {
    column, missing, draw: { kind: 'number', marginal },
    decision: {
      name: column.name, type: column.type, format: column.format, action: 'modelled',
      detail: `Laplace-noised counts (ε = ${+epsilon.toPrecision(6)}) of ${bins} bins${masses.length ? ` and ${masses.length} point masses` : ''} over [${formatValueForNote(lower, column.type)}, ${formatValueForNote(upper, column.type)}] and missing; uniform within bins; step ${valueStepOf(column)}; noisy missing rate ${formatRate(missing)}`,
    },
  };
}

/** Bin edges for DP counting: the metadata histogram's edges, else the published quantile values, else the bounds. */
function dpEdgesOf(column: NumberMetadataColumn): number[] {
  const { lower, upper } = column.bounds;
  const raw = column.histogram?.edges.length >= 2 ? column.histogram.edges : [lower, ...(column.quantiles?.values ?? []), upper];
  const edges = [...new Set(raw.map((e) => Math.max(lower, Math.min(upper, e))))].sort((a, b) => a - b);
  if (edges.length < 2) return [lower, upper > lower ? upper : lower + 1];
  return edges;
}

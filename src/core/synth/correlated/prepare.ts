import { inputError } from '../../errors';
import type { CategoryMetadataColumn, Metadata, MetadataColumn, NumberMetadataColumn } from '../../metadata';
import type { Random } from '../../random';
import type { ColumnSpec, Table } from '../../schema';
import { specOfColumn, twinColumnsOf } from '../columns';
import { emptyCategoryPlan, fakePlan, isUniqueIntegerKey, uniqueIntegerPlan, type ColumnPlan } from '../independent';
import { countsByValue, publishedCategoriesOf, roundWithin, valueStepOf } from '../marginals';
import { tailsFor, type ColumnTails } from '../tails';
import { t } from '../../l10n';

/** A numeric/integer/date/datetime column ready for a correlated model. */
export interface PreparedNumber {
  kind: 'number';
  meta: NumberMetadataColumn;
  spec: ColumnSpec;
  /** Real values clipped to the coded bounds and rounded to the column's step; NaN = missing. */
  values: Float64Array;
  /** Rounding step of emitted values (valueStepOf); 0 = none. */
  step: number;
  lower: number;
  upper: number;
  missing: number;
  /**
   * The published tail models and, per real row, which tail its real value lies in (−1 below the
   * lower bound, 1 above the upper, 0 neither; sides without a model are 0): a twin value a model
   * places at a bound for such a row is drawn from the tail model instead (synth/tails.ts), so the
   * tail keeps its rows' relationships and never a real extreme. Absent when the column has no tails.
   */
  tails?: { model: ColumnTails; beyond: Int8Array; below: number; above: number };
}

/** A categorical/boolean column ready for a correlated model. */
export interface PreparedCategory {
  kind: 'category';
  meta: CategoryMetadataColumn;
  spec: ColumnSpec;
  /** Categories the twin may emit: the published ones only (never a suppressed or merged-away category). */
  labels: string[];
  /** Per real row, index into `labels`; -1 = missing. Rows whose category was not published are reassigned (see prepareColumns). */
  codes: Int32Array;
  missing: number;
}

/**
 * A column that is never modelled: identifiers and free text (format-valid fakes), integer
 * unique keys (distinct integers) and categorical columns with no publishable category —
 * drawn by the shared independent plans (`independent.ts`), as at the other levels.
 */
export interface PreparedFake {
  kind: 'fake';
  meta: MetadataColumn;
  spec: ColumnSpec;
  plan: ColumnPlan;
}

export type PreparedColumn = PreparedNumber | PreparedCategory | PreparedFake;

/**
 * Lines the real table up with the twin's columns (metadata order, excluded columns left
 * out) and applies the metadata's disclosure controls to the values a model may learn from:
 * identifiers, free text, integer keys and categorical columns with nothing publishable are set
 * aside to be faked (never modelled); numbers clipped to the coded bounds (so nothing beyond the published p1/p99 coding can be
 * emitted) and rounded to the column's precision; categories restricted to the published
 * ones held by at least k persons in these rows (unless `publicDomain`) — a real row whose
 * category was suppressed or merged away is reassigned to a published category drawn with the
 * published frequencies (from `rng`), so the twin never emits it.
 * @throws TwinError('input') when a twin column is absent from the table or held with the wrong kind.
 */
export function prepareColumns(metadata: Metadata, table: Table, rng: Random, options: { publicDomain?: boolean } = {}): PreparedColumn[] {
  const byName = new Map(table.columns.map((c) => [c.spec.name, c.data] as const));
  const n = table.rowCount;
  const personOf = personCodesOf(metadata, table);
  const threshold = metadata.disclosure?.threshold ?? 10;
  return twinColumnsOf(metadata).map((meta): PreparedColumn => {
    const spec = specOfColumn(meta);
    // Integer keys are faked (isUniqueIntegerKey narrows them away, hence the captured number view).
    const numberMeta = meta as NumberMetadataColumn;
    if (meta.type === 'identifier' || meta.type === 'text') return { kind: 'fake', meta, spec, plan: fakePlan(meta) };
    if (isUniqueIntegerKey(meta)) return { kind: 'fake', meta, spec, plan: uniqueIntegerPlan(meta) };
    if ((meta.type === 'categorical' || meta.type === 'boolean') && publishedCategoriesOf(meta).length === 0) {
      return { kind: 'fake', meta, spec, plan: emptyCategoryPlan(meta) };
    }
    const data = byName.get(meta.name);
    if (!data) throw inputError(t('the real table has no column {0} named in the metadata', JSON.stringify(meta.name)), { column: meta.name });
    if (meta.type === 'categorical' || meta.type === 'boolean') {
      if (data.kind !== 'category') throw inputError(t('column is held as {0}, expected categories', data.kind), { column: meta.name });
      // Published and held by at least k persons in the real rows (a metadata.json made
      // counting rows, or edited by hand, may list one that fewer persons hold).
      const held = categoryHolders(data.codes, data.categories.length, personOf);
      const heldBy = new Map(data.categories.map((c, i) => [c, held[i]] as const));
      // (A label no real row holds discloses nobody: kept.) A DP method keeps the published
      // domain as it is (`publicDomain`): its guarantee assumes a domain chosen without the data.
      const labels = publishedCategoriesOf(meta).filter((l) => options.publicDomain === true || (heldBy.get(l) ?? threshold) >= threshold);
      const index = new Map(labels.map((l, i) => [l, i] as const));
      const weights = labels.map(countsByValue(meta));
      const cum = cumulative(weights);
      const map = data.categories.map((c) => index.get(c) ?? -2);
      const codes = new Int32Array(n);
      const missing = remapCodes(data.codes, Int32Array.from(map), labels.length > 0 ? cum : null, rng.fork(`prepare:${meta.name}`), codes);
      return { kind: 'category', meta, spec, labels, codes, missing };
    }
    if (data.kind !== 'number') throw inputError(t('column is held as {0}, expected numbers', data.kind), { column: meta.name });
    const step = valueStepOf(numberMeta);
    let { lower, upper } = effectiveBounds(numberMeta, metadata.disclosure?.dateResolution ?? 'month', step);
    if (!(lower <= upper)) { lower = -Infinity; upper = Infinity; }
    const values = new Float64Array(n);
    const missing = clipValues(data.values, step, lower, upper, values);
    const prepared: PreparedNumber = { kind: 'number', meta: numberMeta, spec, values, step, lower, upper, missing };
    const { tails } = tailsFor(numberMeta, step, metadata);
    if (tails) prepared.tails = { model: tails, ...tailRows(data.values, tails) };
    return prepared;
  });
}

/**
 * Per real row, a code for its person (rows with the same `metadata.dataset.personKey` value
 * share one), or null when rows are not declared to belong to persons (each row its own).
 * A row with no person key counts as a person of its own.
 */
export function personCodesOf(metadata: Metadata, table: Table): Int32Array | null {
  const key = metadata.dataset.personKey;
  if (!key) return null;
  const data = table.columns.find((c) => c.spec.name === key)?.data;
  if (!data) return null;
  const n = table.rowCount;
  const out = new Int32Array(n);
  const codes = new Map<string | number, number>();
  let next = 0;
  for (let i = 0; i < n; i++) {
    const v = data.kind === 'category' ? (data.codes[i] < 0 ? null : data.codes[i]) : data.kind === 'number' ? (data.values[i] === data.values[i] ? data.values[i] : null) : data.values[i];
    if (v === null) { out[i] = next++; continue; }
    let c = codes.get(v);
    if (c === undefined) { c = next++; codes.set(v, c); }
    out[i] = c;
  }
  return out;
}

/** Per category code, how many distinct persons hold it (rows when `personOf` is null). */
function categoryHolders(codes: Int32Array, k: number, personOf: Int32Array | null): Int32Array {
  const out = new Int32Array(k);
  if (!personOf) {
    for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) out[codes[i]]++;
    return out;
  }
  const seen = new Set<number>();
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c < 0) continue;
    const pair = c * 0x100000000 + (personOf[i] >>> 0);
    if (!seen.has(pair)) { seen.add(pair); out[c]++; }
  }
  return out;
}

// The per-row loops are functions of their own so that they run optimised from the second
// column on (inlined in the per-column callback they would start cold for every column).

/**
 * Codes through `map` (-2: not published, redrawn from `cum` with `rng`, or missing when there is
 * nothing published); returns the number of missing codes.
 */
function remapCodes(source: Int32Array, map: Int32Array, cum: Float64Array | null, rng: Random, out: Int32Array): number {
  let missing = 0;
  for (let i = 0; i < out.length; i++) {
    const c = source[i];
    let code = c < 0 ? -1 : map[c];
    if (code === -2) code = cum ? drawCumulative(cum, rng.next()) : -1;
    if (code < 0) missing++;
    out[i] = code;
  }
  return missing;
}

/** Per real row, the tail (with a model) its value lies in, and how many rows lie in each. */
function tailRows(source: Float64Array, tails: ColumnTails): { beyond: Int8Array; below: number; above: number } {
  const beyond = new Int8Array(source.length);
  let below = 0;
  let above = 0;
  for (let i = 0; i < source.length; i++) {
    const v = source[i];
    if (tails.below && v < tails.below.bound) { beyond[i] = -1; below++; }
    else if (tails.above && v > tails.above.bound) { beyond[i] = 1; above++; }
  }
  return { beyond, below, above };
}

/** Values clipped to [lower, upper] and rounded to `step` (roundWithin), NaN kept; returns the number of NaN. */
function clipValues(source: Float64Array, step: number, lower: number, upper: number, out: Float64Array): number {
  let missing = 0;
  for (let i = 0; i < out.length; i++) {
    const v = source[i];
    if (v !== v) { out[i] = NaN; missing++; continue; }
    out[i] = roundWithin(v, step, lower, upper);
  }
  return missing;
}

const DAY_MS = 86_400_000;

/**
 * The range a number column's values may take. The published bounds, except that date bounds
 * are published coarsened (toMetadata floors them to the start of their month, or day): an upper
 * bound of 2019-04-01 under month resolution stands for all of April 2019, so values run to the
 * last step of that month. Without this, a column whose 1st and 99th percentiles fall in one
 * month would collapse to a single instant.
 */
export function effectiveBounds(meta: NumberMetadataColumn, resolution: 'month' | 'day', step: number): { lower: number; upper: number } {
  const { lower, upper } = meta.bounds;
  if ((meta.type !== 'date' && meta.type !== 'datetime') || !Number.isFinite(upper)) return { lower, upper };
  const d = new Date(upper);
  const monthStart = d.getUTCDate() === 1 && upper % DAY_MS === 0;
  let end = upper;
  if (resolution === 'month' && monthStart) end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  else if (upper % DAY_MS === 0) end = upper + DAY_MS;
  const s = step > 0 ? step : 1;
  return { lower, upper: Math.max(upper, end - s) };
}

/** Cumulative sums of non-negative weights, normalised to end at 1 (all zero → uniform). */
export function cumulative(weights: readonly number[]): Float64Array {
  const k = weights.length;
  const out = new Float64Array(k);
  let total = 0;
  for (const w of weights) total += Math.max(0, w);
  let c = 0;
  for (let i = 0; i < k; i++) { c += total > 0 ? Math.max(0, weights[i]) / total : 1 / k; out[i] = c; }
  if (k) out[k - 1] = 1;
  return out;
}

/** Index of the first cumulative value above u (inverse-CDF draw). */
export function drawCumulative(cum: Float64Array, u: number): number {
  let lo = 0, hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (u < cum[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

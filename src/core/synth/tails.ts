import type { Metadata, NumberMetadataColumn, TailModel } from '../metadata';
import type { Table } from '../schema';
import { roundWithin, type NumberMarginal } from './marginals';

/**
 * Drawing beyond the published bounds from the tail models metadata.json publishes
 * (disclosure/tailModel.ts): a twin's values reach about as far as the real data's without any
 * real extreme being published. Every level draws its tails here: structural and statistical
 * through {@link withTails}, the correlated methods where their model puts a value at a bound.
 */

/** Natural limits a column's values keep (its kept range rule): ages ≥ 0, percentages ≤ 100. */
export interface Limits { lower: number; upper: number }

/** The kept range rule of a column as limits (±Infinity where none). */
export function limitsOf(metadata: Pick<Metadata, 'rules'> | undefined, column: string): Limits {
  let lower = -Infinity;
  let upper = Infinity;
  for (const r of metadata?.rules ?? []) {
    if (r.kind !== 'range' || r.column !== column || !r.keep) continue;
    if (r.lower !== undefined) lower = Math.max(lower, r.lower);
    if (r.upper !== undefined) upper = Math.min(upper, r.upper);
  }
  return { lower, upper };
}

/** Generalised Pareto quantile of distance at probability u ∈ [0, 1). */
export function paretoQuantile(u: number, scale: number, shape: number): number {
  if (Math.abs(shape) < 1e-9) return -scale * Math.log1p(-u);
  return (scale / shape) * ((1 - u) ** -shape - 1);
}

/** Generalised Pareto probability of a distance at most y. */
export function paretoCdf(y: number, scale: number, shape: number): number {
  if (!(y > 0)) return 0;
  if (Math.abs(shape) < 1e-9) return -Math.expm1(-y / scale);
  const t = 1 + (shape * y) / scale;
  if (t <= 0) return 1;
  return 1 - t ** (-1 / shape);
}

/** A model's masses' total share of its tail. */
function massShareOf(model: TailModel): number {
  return Math.min(1, (model.masses ?? []).reduce((s, m) => s + Math.max(0, m.share), 0));
}

/**
 * The tail value at probability u ∈ [0, 1) (monotone: u = 0 nearest the bound): a mass, or a
 * distance from the continuous part truncated at the natural limit, rounded to `step` away from
 * the bound, so the value lies strictly beyond it (or on it when the limit leaves no room).
 */
export function tailValue(model: TailModel, bound: number, side: 'below' | 'above', u: number, step: number, limits: Limits): number {
  const sign = side === 'above' ? 1 : -1;
  // A published end (a top-code k persons hold) is a limit too: nothing real lies beyond it.
  const end = model.end !== undefined && sign * (model.end - bound) > 0 ? sign * (model.end - bound) : Infinity;
  const limit = Math.min(end, side === 'above' ? limits.upper - bound : bound - limits.lower);
  const masses = (model.masses ?? []).filter((m) => sign * (m.value - bound) > 0 && sign * (m.value - bound) <= limit)
    .sort((a, b) => sign * (a.value - b.value));
  const massShare = massShareOf(model);
  const hasContinuous = model.scale > 0 && massShare < 1;
  const continuous = hasContinuous ? 1 - massShare : 0;
  const total = continuous + masses.reduce((s, m) => s + m.share, 0);
  if (!(total > 0)) return bound;
  // Masses and the continuous part laid out along u in order of distance (a mass at its value).
  let at = u * total;
  if (hasContinuous) {
    const top = paretoCdf(limit, model.scale, model.shape);
    // The continuous part's probability below each mass decides where the mass sits along u.
    let cum = 0;
    let prevF = 0;
    for (const m of masses) {
      const f = paretoCdf(sign * (m.value - bound), model.scale, model.shape) / (top || 1);
      const before = continuous * (f - prevF);
      if (at < cum + before) return continuousAt(prevF + (at - cum) / continuous, model, bound, sign, step, limit, top);
      cum += before;
      if (at < cum + m.share) return m.value;
      cum += m.share;
      prevF = f;
    }
    return continuousAt(Math.min(1, prevF + (at - cum) / continuous), model, bound, sign, step, limit, top);
  }
  for (const m of masses) {
    if (at < m.share) return m.value;
    at -= m.share;
  }
  return masses.length ? masses[masses.length - 1].value : bound;
}

function continuousAt(f: number, model: TailModel, bound: number, sign: number, step: number, limit: number, top: number): number {
  const p = Math.min(f * (top || 1), 1 - 1e-6);
  let y = paretoQuantile(p, model.scale, model.shape);
  if (step > 0) y = Math.max(step, Math.ceil(y / step - 1e-9) * step);
  if (y > limit) y = step > 0 ? Math.floor(limit / step) * step : limit;
  return roundWithin(bound + sign * y, step, -Infinity, Infinity);
}

/**
 * The rows of one batch that land in a tail, drawn together: the i-th nearest the bound of the n
 * (by `own`, each row's own position in the tail, 0 at the bound) takes the model's value at
 * (i − 1/3)/(n + 1/3), about the median of the i-th smallest of n uniforms (Hyndman & Fan 1996,
 * type 8), so its value is about the median of the i-th smallest of n draws from the model. A tail
 * keeps its rows' order (the copula's relationships) while its values follow the model evenly:
 * the outermost lies where the real data's outermost of as many values would lie as often beyond
 * as short of it, instead of wherever the largest of n independent draws falls (1 − E/n, E
 * exponential: the twin's reach along a long tail varied with the seed). Writes into `out`.
 */
export function drawTailRows(rows: readonly number[], own: readonly number[], side: { model: TailModel; bound: number }, direction: 'below' | 'above', tails: ColumnTails, out: Float64Array): void {
  const n = rows.length;
  const order = Array.from({ length: n }, (_, j) => j).sort((a, b) => own[a] - own[b]);
  for (let r = 0; r < n; r++) out[rows[order[r]]] = tailValue(side.model, side.bound, direction, tailPosition(r + 1, n), tails.step, tails.limits);
}

/** The median position of the i-th smallest of n uniforms, approximately: (i − 1/3)/(n + 1/3). */
export function tailPosition(i: number, n: number): number {
  return (i - 1 / 3) / (n + 1 / 3);
}

/** A column's tails as drawn: each side's share, model and bound. */
export interface ColumnTails {
  below?: { share: number; model: TailModel; bound: number };
  above?: { share: number; model: TailModel; bound: number };
  step: number;
  limits: Limits;
}

/** The tails of a column that has any (shares within reason), else undefined. */
export function columnTailsOf(column: NumberMetadataColumn, step: number, limits: Limits): ColumnTails | undefined {
  const t = column.tails;
  if (!t) return undefined;
  const side = (model: TailModel | undefined, bound: number): { share: number; model: TailModel; bound: number } | undefined =>
    model && model.share > 0 && model.share < 0.5 ? { share: model.share, model, bound } : undefined;
  const below = side(t.below, column.bounds.lower);
  const above = side(t.above, column.bounds.upper);
  if (!below && !above) return undefined;
  return { ...(below ? { below } : {}), ...(above ? { above } : {}), step, limits };
}

/**
 * A marginal whose body is `body` (the distribution within the bounds) and whose tails are the
 * published models: u below the lower tail's share is drawn from the lower tail, above one less
 * the upper tail's share from the upper tail, the rest from the body rescaled. Monotone in u.
 * `quantiles` draws a batch, its rows in each tail together (drawTailRows).
 */
export function withTails(body: NumberMarginal, tails: ColumnTails | undefined): NumberMarginal {
  if (!tails) return body;
  const low = tails.below?.share ?? 0;
  const high = tails.above?.share ?? 0;
  const middle = 1 - low - high;
  const bodyAt = (u: number): number => body.quantile(Math.min(1, Math.max(0, (u - low) / middle)));
  return {
    lower: tails.below ? tails.limits.lower : body.lower,
    upper: tails.above ? tails.limits.upper : body.upper,
    quantile(u: number): number {
      if (tails.below && u < low) return tailValue(tails.below.model, tails.below.bound, 'below', (low - u) / low, tails.step, tails.limits);
      if (tails.above && u >= 1 - high) return tailValue(tails.above.model, tails.above.bound, 'above', (u - (1 - high)) / high, tails.step, tails.limits);
      return bodyAt(u);
    },
    quantiles(us: ArrayLike<number>, out: Float64Array): void {
      const below: number[] = [], belowAt: number[] = [], above: number[] = [], aboveAt: number[] = [];
      for (let i = 0; i < us.length; i++) {
        const u = us[i];
        if (tails.below && u < low) { below.push(i); belowAt.push(low - u); }
        else if (tails.above && u >= 1 - high) { above.push(i); aboveAt.push(u); }
        else out[i] = bodyAt(u);
      }
      if (below.length) drawTailRows(below, belowAt, tails.below!, 'below', tails, out);
      if (above.length) drawTailRows(above, aboveAt, tails.above!, 'above', tails, out);
    },
  };
}

/** The tails of a number column as drawn at a level, with words for the recipe ('' when none). */
export function tailsFor(column: NumberMetadataColumn, step: number, metadata: Pick<Metadata, 'rules'> | undefined): { tails: ColumnTails | undefined; note: string } {
  if (column.type !== 'numeric' && column.type !== 'integer') return { tails: undefined, note: '' };
  const tails = columnTailsOf(column, step, limitsOf(metadata, column.name));
  if (!tails) return { tails, note: '' };
  const sides = [tails.below ? `below (share ${tails.below.share})` : '', tails.above ? `above (share ${tails.above.share})` : ''].filter(Boolean).join(' and ');
  return { tails, note: `; beyond the bounds ${sides} from the published tail models` };
}

/**
 * Real values beyond a column's published bounds that fewer than k persons hold, per column: what
 * a twin must not emit there (a replayed extreme). Known only inside the TRE, from the profile's
 * kept tail values; never published. A twin made from metadata.json alone has none (the audit checks).
 */
export type RareExtremes = Map<string, Set<number>>;

/**
 * Moves each twin value beyond the bounds that equals a rare real extreme to the nearest value on
 * the column's step (outward first) that is not one: the tail keeps its shape, the extreme is
 * not replayed. Columns by name; `steps` as drawn. In place; returns `table`.
 */
export function avoidRareExtremes(table: Table, rare: RareExtremes, bounds: Map<string, { lower: number; upper: number; step: number }>): Table {
  if (!rare.size) return table;
  for (const c of table.columns) {
    const set = rare.get(c.spec.name);
    const b = bounds.get(c.spec.name);
    if (!set || !b || c.data.kind !== 'number') continue;
    const values = c.data.values;
    const step = b.step > 0 ? b.step : 1;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!set.has(v) || !(v < b.lower || v > b.upper)) continue;
      const out = v > b.upper ? 1 : -1;
      for (let d = 1; d < 1e6; d++) {
        const a = roundWithin(v + out * d * step, b.step, -Infinity, Infinity);
        if (!set.has(a)) { values[i] = a; break; }
        const inward = roundWithin(v - out * d * step, b.step, -Infinity, Infinity);
        if (!set.has(inward) && (out > 0 ? inward > b.upper : inward < b.lower)) { values[i] = inward; break; }
      }
    }
  }
  return table;
}

/**
 * The finished rows (record rules applied) that carry a rare real extreme in a tailed column: a
 * derived column or a value drawn as a gap from another (length of stay from two dates, systolic
 * from age) is computed after the model's draws stepped around them. generateTwin redraws these
 * rows with the unique-row guard's redraw (correlated/uniqueGuard.ts).
 */
export function rareExtremeRows(rare: RareExtremes, bounds: Map<string, { lower: number; upper: number; step: number }>): { hits(batch: Table): number[] } {
  return {
    hits(table: Table): number[] {
      const flagged = new Set<number>();
      for (const c of table.columns) {
        const set = rare.get(c.spec.name);
        const b = bounds.get(c.spec.name);
        if (!set || !set.size || !b || c.data.kind !== 'number') continue;
        const values = c.data.values;
        for (let i = 0; i < values.length; i++) {
          const v = values[i];
          if ((v < b.lower || v > b.upper) && set.has(v)) flagged.add(i);
        }
      }
      return [...flagged].sort((a, b) => a - b);
    },
  };
}

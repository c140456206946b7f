/**
 * "No published value is a value held by fewer than k persons at the published precision"
 * (DESIGN.md, "No extremes"; issue 12, class 7). A published number or date stands for the
 * records that round to it at its precision (its grid cell); it is published only when that cell
 * holds no record or at least k, and so must the cell its written form suggests to a reader
 * (apparentRange, apparentDateRange). Otherwise the precision is coarsened step by step (one decimal place fewer each time;
 * for dates month → year → 5 years → 10 years) until it does, or the value is not published.
 */

/** One grid cell: the published value and the half-open interval of values it stands for. */
export interface Cell { value: number; lo: number; hi: number }

/** A grid: where `v` lands, rounded to nearest, down (floor) or up (ceil). */
export type Grid = (v: number, mode: 'nearest' | 'down' | 'up') => Cell;

/** Counts records (persons) with a value in [lo, hi). */
export type CountIn = (lo: number, hi: number) => number;

const DAY = 86_400_000;

/** A grid of step `step` (cells centred on multiples of it). */
export function numberGrid(step: number): Grid {
  const digits = Math.max(0, Math.min(12, -Math.floor(Math.log10(step)) + 1));
  const clean = (x: number): number => {
    const r = Number(x.toFixed(digits));
    return Object.is(r, -0) ? 0 : r;
  };
  return (v, mode) => {
    const q = v / step;
    const i = mode === 'down' ? Math.floor(q + 1e-9) : mode === 'up' ? Math.ceil(q - 1e-9) : Math.round(q);
    const value = clean(i * step);
    return { value, lo: value - step / 2, hi: value + step / 2 };
  };
}

/**
 * Steps from `base` upwards by powers of ten (one decimal place fewer each time) up to `max`: the
 * published precision is then exactly the number of decimals a value is written with.
 */
export function numberSteps(base: number, max: number): number[] {
  const out: number[] = [];
  for (let e = base; e <= Math.max(max, base) * 10 && out.length < 40; e *= 10) out.push(e);
  return out;
}

function monthsGrid(months: number): Grid {
  return (v, mode) => {
    const d = new Date(v);
    const index = d.getUTCFullYear() * 12 + d.getUTCMonth();
    let cell = Math.floor(index / months) * months;
    const start = Date.UTC(Math.floor(cell / 12), cell % 12, 1);
    if (mode === 'up' && start < v) cell += months;
    const value = Date.UTC(Math.floor(cell / 12), cell % 12, 1);
    const next = cell + months;
    return { value, lo: value, hi: Date.UTC(Math.floor(next / 12), next % 12, 1) };
  };
}

function daysGrid(days: number): Grid {
  const step = days * DAY;
  return (v, mode) => {
    let value = Math.floor(v / step) * step;
    if (mode === 'up' && value < v) value += step;
    return { value, lo: value, hi: value + step };
  };
}

/** Decimal places of a number as JSON writes it (20 for exponent forms: exact). */
export function decimalsOf(x: number): number {
  const s = String(x);
  if (s.includes('e')) return 20;
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/**
 * The values a published number appears to stand for, read from its digits alone as a reader
 * (and the auditor) reads it: a multiple of 10^j as ±5·10^(j−1), a multiple of 5 in its last
 * decimal as ±2.5 units of it, anything else as ±half its last decimal. A value published on a
 * fine grid whose digits happen to end in zeros (77250 on a grid of 1) is read on this coarser
 * cell, so that cell must hold no record or at least k as well. Half-open, [lo, hi), as a grid
 * cell is: a value half-way rounds up into it.
 */
export function apparentRange(x: number): [number, number] {
  const d = decimalsOf(x);
  if (d >= 15) return [x, x];
  const unit = 10 ** -d;
  const digits = Math.round(Math.abs(x) / unit);
  let half = 0.5 * unit;
  if (digits !== 0) {
    let step = unit;
    let n = digits;
    while (n % 10 === 0) {
      n /= 10;
      step *= 10;
    }
    half = step > unit ? step / 2 : n % 5 === 0 ? 2.5 * unit : 0.5 * unit;
  }
  return [x - half, x + half];
}

/**
 * The period a published date appears to stand for, read from its written form as a reader (and
 * the auditor) reads it, the way {@link apparentRange} reads a number's trailing zeros: an instant
 * that is not midnight is itself; a midnight is its day; the first of a month is the month; 1
 * January is the year, the five years from it when the year ends in 5, the ten years when it ends
 * in 0. A month published on a month grid that happens to be 1 January 2010 is read as 2010–2019,
 * so that decade must hold no record or at least k as well. Half-open, [lo, hi).
 */
export function apparentDateRange(ms: number): [number, number] {
  const d = new Date(ms);
  if (!Number.isFinite(ms) || d.getUTCHours() + d.getUTCMinutes() + d.getUTCSeconds() + d.getUTCMilliseconds() !== 0) return [ms, ms];
  if (d.getUTCDate() !== 1) return [ms, ms + DAY];
  const y = d.getUTCFullYear();
  if (d.getUTCMonth() !== 0) return [ms, Date.UTC(y, d.getUTCMonth() + 1, 1)];
  const years = y % 10 === 0 ? 10 : y % 5 === 0 ? 5 : 1;
  return [ms, Date.UTC(y + years, 0, 1)];
}

/** How a published value of a column is read: numbers by their digits, dates by their written form. */
export function apparentReading(isDate: boolean): (v: number) => [number, number] {
  return isDate ? apparentDateRange : apparentRange;
}

/**
 * Date grids from the finest published resolution upwards: day, month, year, five and ten years.
 * Only periods a reader can tell from the written date (apparentDateRange): a quarter or a week
 * starts on a day that reads as its month or its day, so it is no step of its own.
 */
export function dateGrids(resolution: 'month' | 'day'): Grid[] {
  const months = [1, 12, 60, 120].map(monthsGrid);
  return resolution === 'day' ? [daysGrid(1), ...months] : months;
}

/**
 * The value `v` published on the finest grid whose cell holds no record or at least `k`, with that
 * grid's index; undefined when none does.
 */
export function safeValue(v: number, grids: readonly Grid[], countIn: CountIn, k: number, mode: 'nearest' | 'down' | 'up' = 'nearest', from = 0, apparent?: (v: number) => [number, number]): { value: number; grid: number } | undefined {
  const safe = (lo: number, hi: number): boolean => {
    const held = countIn(lo, hi);
    return held < 0.5 || held >= k;
  };
  for (let g = from; g < grids.length; g++) {
    const cell = grids[g](v, mode);
    if (!safe(cell.lo, cell.hi)) continue;
    // A value is also read on the cell its written form suggests (apparentRange, apparentDateRange):
    // coarser than the grid's (77250 on a grid of 1) or finer (0 on a grid of 10,000 reads as
    // 0 ± 0.5, and nine zeros of ten records would be a real minimum under k).
    if (apparent) {
      const [lo, hi] = apparent(cell.value);
      if ((lo !== cell.lo || hi !== cell.hi) && !safe(lo, hi)) continue;
    }
    return { value: cell.value, grid: g };
  }
  return undefined;
}

/**
 * A bound for a column no grid can describe safely (fewer than k records, or tails so sparse that
 * no cell near them holds k): the nearest round value beyond `x` (at or below it for the lower
 * bound, at or above for the upper) whose cell, as its written form reads, holds no record. It
 * says only that the values lie on its inner side. Numbers: 0 and 1, 2, 5 × a power of ten, no
 * finer than `decimals` places; dates: 1 January of a year.
 */
export function emptyBoundBeyond(x: number, side: 'lower' | 'upper', countIn: CountIn, isDate: boolean, decimals = 0): number {
  const empty = (v: number): boolean => {
    const [lo, hi] = isDate ? apparentDateRange(v) : apparentRange(v);
    return countIn(lo, hi === lo ? lo + Number.EPSILON * Math.max(1, Math.abs(lo)) : hi) < 0.5;
  };
  if (isDate) {
    const step = side === 'lower' ? -1 : 1;
    let y = new Date(x).getUTCFullYear() + (side === 'upper' ? 1 : 0);
    for (let i = 0; i < 10_000; i++, y += step) {
      const v = Date.UTC(y, 0, 1);
      if ((side === 'lower' ? v <= x : v >= x) && empty(v)) return v;
    }
    return x;
  }
  const candidates = [0];
  for (let j = -Math.max(0, Math.min(decimals, 12)); j <= 300; j++) for (const m of [1, 2, 5]) candidates.push(m * 10 ** j, -m * 10 ** j);
  const beyond = candidates.filter((c) => (side === 'lower' ? c <= x : c >= x)).sort((a, b) => Math.abs(a - x) - Math.abs(b - x));
  for (const c of beyond) if (empty(Number(c.toPrecision(12)))) return Number(c.toPrecision(12));
  return x;
}


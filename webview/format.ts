/** Number and label formatting shared by the views and charts (pure, no DOM). */

/** A 0..1 score as a percentage with one decimal, e.g. 0.8734 → "87.3%". */
export function formatPercent(value: number | null | undefined, decimals = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${(value * 100).toFixed(decimals)}%`;
}

/** A plain number with a sensible number of significant digits. */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e6 || abs < 1e-4) return value.toExponential(Math.max(0, digits - 1));
  if (Number.isInteger(value)) return value.toLocaleString('en-GB');
  const decimals = Math.max(0, Math.min(6, digits - 1 - Math.floor(Math.log10(abs))));
  // Large values get thousands separators (188,585), small ones keep their significant decimals.
  return abs >= 1000 ? value.toLocaleString('en-GB', { maximumFractionDigits: decimals, minimumFractionDigits: decimals }) : value.toFixed(decimals);
}

/** A number with a fixed count of decimals, e.g. a CI overlap (−1.20) or a standardised difference (2.00). */
export function formatFixed(value: number | null | undefined, decimals = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toFixed(decimals);
}

/** An integer count with thousands separators. */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return Math.round(value).toLocaleString('en-GB');
}

/** Axis tick label for a value of the given column kind (dates are epoch ms UTC). */
export function formatTick(value: number, kind: 'number' | 'date' | 'datetime' = 'number', span = 0): string {
  if (kind === 'date' || kind === 'datetime') {
    const d = new Date(value);
    if (Number.isNaN(d.getTime())) return '';
    const iso = d.toISOString();
    // Spans of several years read best as years, shorter ones as year-month.
    return span > 3 * 365 * 86400000 ? iso.slice(0, 4) : span > 60 * 86400000 ? iso.slice(0, 7) : iso.slice(0, 10);
  }
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${trim(value / 1e9)}G`;
  if (abs >= 1e6) return `${trim(value / 1e6)}M`;
  if (abs >= 1e4) return `${trim(value / 1e3)}k`;
  return trim(value);
}

function trim(v: number): string {
  return String(Number(v.toPrecision(3)));
}

/** Up to `count` round tick values covering [min, max] (Heckbert's nice numbers). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const step = niceStep((max - min) / Math.max(1, count - 1));
  const first = Math.ceil(min / step) * step;
  const ticks: number[] = [];
  for (let v = first; v <= max + step * 1e-9; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  return ticks;
}

/**
 * Tick positions for a date axis (epoch ms UTC) on calendar boundaries: 1 January of
 * every k-th year for spans over three years, otherwise the 1st of every k-th month
 * (or every k-th day for spans under two months), at most about `count` of them.
 */
export function dateTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max <= min) return [];
  const day = 86400000;
  const span = max - min;
  const ticks: number[] = [];
  const lo = new Date(min);
  if (span > 3 * 365 * day) {
    const years = span / (365.25 * day);
    const step = [1, 2, 5, 10, 20, 50, 100].find((s) => years / s <= count) ?? 200;
    for (let y = Math.ceil(lo.getUTCFullYear() / step) * step; ; y += step) {
      const t = Date.UTC(y, 0, 1);
      if (t > max) break;
      if (t >= min) ticks.push(t);
    }
  } else if (span > 60 * day) {
    const months = span / (30.44 * day);
    const step = [1, 2, 3, 6, 12].find((s) => months / s <= count) ?? 12;
    let m = lo.getUTCFullYear() * 12 + lo.getUTCMonth();
    m = Math.ceil(m / step) * step;
    for (; ; m += step) {
      const t = Date.UTC(Math.floor(m / 12), m % 12, 1);
      if (t > max) break;
      if (t >= min) ticks.push(t);
    }
  } else {
    const step = Math.max(1, Math.ceil(span / day / count));
    for (let t = Math.ceil(min / day) * day; t <= max; t += step * day) ticks.push(t);
  }
  return ticks;
}

function niceStep(raw: number): number {
  const exp = Math.floor(Math.log10(raw));
  const f = raw / 10 ** exp;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  return nice * 10 ** exp;
}

/** Shortens a label to `max` characters with an ellipsis (the full text goes in a tooltip). */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, Math.max(1, max - 1)).join('') + '…';
}

import { s } from '../dom';
import { formatPercent, niceTicks } from '../format';

/** Plot area geometry shared by the cartesian charts (SVG user units). */
export interface Frame { width: number; height: number; left: number; right: number; top: number; bottom: number }

export function innerWidth(f: Frame): number { return f.width - f.left - f.right; }
export function innerHeight(f: Frame): number { return f.height - f.top - f.bottom; }

/** Horizontal grid lines and share (%) labels for a vertical 0..max axis. */
export function shareAxisY(f: Frame, max: number, g: SVGGElement): void {
  const ih = innerHeight(f);
  for (const t of niceTicks(0, max, 4)) {
    const y = f.top + ih - (t / max) * ih;
    g.appendChild(s('line', { class: 'grid', x1: f.left, x2: f.width - f.right, y1: y.toFixed(1), y2: y.toFixed(1) }));
    g.appendChild(s('text', { class: 'tick', x: f.left - 4, y: (y + 3).toFixed(1), 'text-anchor': 'end' }, formatPercent(t, t * 100 < 10 && t !== 0 ? 1 : 0)));
  }
}

/** A rounded maximum for a share axis (never 0, so empty charts still draw). */
export function shareMax(values: number[]): number {
  let m = 0;
  for (const v of values) if (Number.isFinite(v) && v > m) m = v;
  if (m <= 0) return 1;
  const ticks = niceTicks(0, m, 4);
  const last = ticks[ticks.length - 1];
  return last !== undefined && last >= m ? last : m * 1.1;
}

/** Normalises counts (or shares) to shares summing to 1; all-zero stays zero. */
export function toShares(values: readonly number[]): number[] {
  let total = 0;
  for (const v of values) if (Number.isFinite(v) && v > 0) total += v;
  return values.map((v) => (total > 0 && Number.isFinite(v) && v > 0 ? v / total : 0));
}

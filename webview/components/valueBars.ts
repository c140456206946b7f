import { h, s } from '../dom';
import { formatNumber, truncate } from '../format';
import { figuresTable } from './figures';
import { t } from '../../src/core/browser';

export interface ValueBar {
  label: string;
  value: number | null;
  /** Class suffix for the bar colour: 'a' (real), 'b' (synthetic) or a band. */
  tone: 'a' | 'b' | 'good' | 'fair' | 'poor';
  /** Formatted value shown at the end of the bar (defaults to 3 significant digits). */
  text?: string;
}

const WIDTH = 360;
const LABEL_W = 160;
const RIGHT = 56;
const ROW = 24;

/** Horizontal bars on a shared 0..max scale (negative values are drawn as empty bars). */
export function valueBars(bars: ValueBar[], label: string, max = 1): HTMLElement {
  const height = bars.length * ROW + 6;
  const iw = WIDTH - LABEL_W - RIGHT;
  const svg = s('svg', { class: 'chart value-bars', viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': label });
  svg.appendChild(s('title', null, label));
  bars.forEach((b, i) => {
    const y = 3 + i * ROW;
    const v = b.value === null || !Number.isFinite(b.value) ? 0 : Math.max(0, Math.min(max, b.value));
    const text = b.text ?? formatNumber(b.value, 3);
    svg.appendChild(s('g', null,
      s('title', null, `${b.label}: ${text}`),
      s('text', { class: 'cat-label', x: LABEL_W - 8, y: y + 15, 'text-anchor': 'end' }, truncate(b.label, 28)),
      s('rect', { class: 'meter-track', x: LABEL_W, y: y + 4, width: iw, height: 14, rx: 2 }),
      s('rect', { class: b.tone === 'a' || b.tone === 'b' ? `series-${b.tone}` : `fill-${b.tone}`, x: LABEL_W, y: y + 4, width: ((v / max) * iw).toFixed(2), height: 14, rx: 2 }),
      s('text', { class: 'value-label', x: LABEL_W + iw + 6, y: y + 15 }, text)));
  });
  return h('figure', { class: 'chart-figure' }, svg,
    figuresTable(label, ['', t('Value')], bars.map((b) => [b.label, b.text ?? formatNumber(b.value, 3)])));
}

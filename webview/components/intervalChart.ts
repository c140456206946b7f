import { h, s } from '../dom';
import { formatPercent, truncate } from '../format';
import { figuresTable } from './figures';
import type { Band } from './types';
import { t } from '../../src/core/browser';

export interface IntervalRow {
  label: string;
  /** Point estimate on 0..1. */
  value: number;
  /** Confidence interval on 0..1. */
  low: number;
  high: number;
  band?: Band;
}

const WIDTH = 360;
const LABEL_W = 168;
const RIGHT = 52;
const ROW = 26;

/** Point estimates with confidence-interval whiskers on a 0..1 (percent) scale, one row each. */
export function intervalChart(rows: IntervalRow[], label: string): HTMLElement {
  const height = 8 + rows.length * ROW + 18;
  const iw = WIDTH - LABEL_W - RIGHT;
  const x = (v: number): number => LABEL_W + Math.max(0, Math.min(1, v)) * iw;
  const svg = s('svg', { class: 'chart interval-chart', viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': label });
  svg.appendChild(s('title', null, label));
  const axisY = 8 + rows.length * ROW;
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    svg.appendChild(s('line', { class: 'grid', x1: x(t), x2: x(t), y1: 4, y2: axisY }));
    svg.appendChild(s('text', { class: 'tick', x: x(t), y: axisY + 13, 'text-anchor': 'middle' }, formatPercent(t, 0)));
  }
  rows.forEach((r, i) => {
    const cy = 8 + i * ROW + ROW / 2;
    const cls = r.band ? ` mark-${r.band}` : '';
    svg.appendChild(s('g', { class: 'interval-row' },
      s('title', null, `${r.label}: ${formatPercent(r.value)} (${t('CI {0} – {1}', formatPercent(r.low), formatPercent(r.high))})`),
      s('text', { class: 'cat-label', x: LABEL_W - 8, y: cy + 4, 'text-anchor': 'end' }, truncate(r.label, 28)),
      s('line', { class: 'track', x1: x(0), x2: x(1), y1: cy, y2: cy }),
      s('line', { class: `whisker${cls}`, x1: x(r.low), x2: x(r.high), y1: cy, y2: cy }),
      s('line', { class: `whisker${cls}`, x1: x(r.low), x2: x(r.low), y1: cy - 5, y2: cy + 5 }),
      s('line', { class: `whisker${cls}`, x1: x(r.high), x2: x(r.high), y1: cy - 5, y2: cy + 5 }),
      s('circle', { class: `dot${cls}`, cx: x(r.value), cy, r: 4.5 }),
      s('text', { class: 'value-label', x: WIDTH - RIGHT + 8, y: cy + 4 }, formatPercent(r.value))));
  });
  return h('figure', { class: 'chart-figure' }, svg,
    figuresTable(label, ['', t('Estimate'), t('Confidence interval')], rows.map((r) => [r.label, formatPercent(r.value), `${formatPercent(r.low)} – ${formatPercent(r.high)}`])));
}

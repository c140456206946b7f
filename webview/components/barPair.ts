import { h, s } from '../dom';
import { formatPercent, niceTicks, truncate } from '../format';
import { shareMax, toShares } from './axis';
import { figuresTable } from './figures';
import { legend } from './legend';
import { DEFAULT_SERIES, type SeriesNames } from './types';
import { t } from '../../src/core/browser';

export interface BarPairProps {
  /** Category labels (data: shown as text, never markup). */
  categories: string[];
  /** Counts or shares per category; normalised to shares over the categories shown. */
  a: number[];
  /** Second series; omitted for a single distribution. */
  b?: number[];
  /** When true, a and b are already shares of the whole column and are not renormalised. */
  shares?: boolean;
  names?: SeriesNames;
  label: string;
}

const WIDTH = 360;
const LABEL_W = 112;
const RIGHT = 44;
const BAR = 7;
const ROW = BAR * 2 + 8;
const TOP = 6;
const AXIS_H = 20;

/** Horizontal paired bars per category (a above b), labels on the left. */
export function barPair(p: BarPairProps): HTMLElement {
  const n = Math.min(p.categories.length, p.a.length, p.b?.length ?? Infinity);
  const a = p.shares ? p.a.slice(0, n) : toShares(p.a.slice(0, n));
  const b = p.b ? (p.shares ? p.b.slice(0, n) : toShares(p.b.slice(0, n))) : null;
  const bar = b ? BAR : BAR * 2;
  const names = p.names ?? DEFAULT_SERIES;
  const height = TOP + Math.max(1, n) * ROW + AXIS_H;
  const svg = s('svg', { class: 'chart bar-pair', viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': p.label });
  svg.appendChild(s('title', null, p.label));
  const g = s('g');
  svg.appendChild(g);
  if (n === 0) {
    g.appendChild(s('text', { class: 'empty', x: WIDTH / 2, y: height / 2, 'text-anchor': 'middle' }, t('No values to show')));
    return h('figure', { class: 'chart-figure' }, svg);
  }
  const max = shareMax(b ? [...a, ...b] : a);
  const iw = WIDTH - LABEL_W - RIGHT;
  const x = (v: number): number => LABEL_W + (v / max) * iw;
  const axisY = TOP + n * ROW;
  for (const t of niceTicks(0, max, 4)) {
    g.appendChild(s('line', { class: 'grid', x1: x(t).toFixed(1), x2: x(t).toFixed(1), y1: TOP, y2: axisY }));
    g.appendChild(s('text', { class: 'tick', x: x(t).toFixed(1), y: axisY + 13, 'text-anchor': 'middle' }, formatPercent(t, 0)));
  }
  for (let i = 0; i < n; i++) {
    const y0 = TOP + i * ROW + 3;
    const cat = p.categories[i] as string;
    const av = a[i] as number;
    const bv = b ? (b[i] as number) : 0;
    const row = s('g', { class: 'bar-row' },
      s('title', null, `${cat}: ${names.a} ${formatPercent(av)}${b ? `, ${names.b} ${formatPercent(bv)}` : ''}`),
      s('rect', { class: 'hit', x: 0, y: y0 - 3, width: WIDTH, height: ROW }),
      s('text', { class: 'cat-label', x: LABEL_W - 6, y: y0 + BAR + 3, 'text-anchor': 'end' }, truncate(cat, 17)),
      s('rect', { class: 'series-a', x: LABEL_W, y: y0, width: Math.max(0, x(av) - LABEL_W).toFixed(2), height: bar, rx: 1 }),
      b ? s('rect', { class: 'series-b', x: LABEL_W, y: y0 + BAR, width: Math.max(0, x(bv) - LABEL_W).toFixed(2), height: BAR, rx: 1 }) : null);
    g.appendChild(row);
  }
  g.appendChild(s('line', { class: 'axis', x1: LABEL_W, x2: LABEL_W, y1: TOP, y2: axisY }));
  const rows = Array.from({ length: n }, (_, i) => [p.categories[i] as string, formatPercent(a[i]), ...(b ? [formatPercent(b[i])] : [])]);
  return h('figure', { class: 'chart-figure' }, svg, b ? legend(names) : null,
    figuresTable(p.label, [t('Category'), b ? names.a : t('Share'), ...(b ? [names.b] : [])], rows));
}

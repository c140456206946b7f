import { h, s } from '../dom';
import { dateTicks, formatPercent, formatTick, niceTicks } from '../format';
import { innerHeight, innerWidth, shareAxisY, shareMax, toShares, type Frame } from './axis';
import { figuresTable } from './figures';
import { legend } from './legend';
import { DEFAULT_SERIES, type AxisKind, type SeriesNames } from './types';
import { t } from '../../src/core/browser';

export interface HistogramPairProps {
  /** Bin edges, length = bins + 1, ascending (dates as epoch ms). */
  edges: number[];
  /** Counts or shares per bin for each series; normalised to shares here. */
  a: number[];
  /** Second series; omitted for a single distribution. */
  b?: number[];
  kind?: AxisKind;
  names?: SeriesNames;
  /** Accessible description, e.g. "age: real vs synthetic distribution". */
  label: string;
  /** Name of the x axis, shown under it. */
  xLabel?: string;
}

const FRAME: Frame = { width: 360, height: 190, left: 42, right: 10, top: 10, bottom: 38 };

/**
 * Two distributions over the same bins: series a as filled bars, series b as a
 * step outline on top, so both stay readable where they overlap.
 */
export function histogramPair(p: HistogramPairProps): HTMLElement {
  const f = FRAME;
  const bins = Math.max(0, Math.min(p.edges.length - 1, p.a.length, p.b?.length ?? Infinity));
  const a = toShares(p.a.slice(0, bins));
  const b = p.b ? toShares(p.b.slice(0, bins)) : null;
  const names = p.names ?? DEFAULT_SERIES;
  const svg = s('svg', { class: 'chart histogram-pair', viewBox: `0 0 ${f.width} ${f.height}`, role: 'img', 'aria-label': p.label });
  svg.appendChild(s('title', null, p.label));
  const g = s('g');
  svg.appendChild(g);
  if (bins === 0) {
    g.appendChild(s('text', { class: 'empty', x: f.width / 2, y: f.height / 2, 'text-anchor': 'middle' }, t('No values to show')));
    return h('figure', { class: 'chart-figure' }, svg);
  }
  const lo = p.edges[0] as number;
  const hi = p.edges[bins] as number;
  const span = hi - lo || 1;
  const iw = innerWidth(f);
  const ih = innerHeight(f);
  const max = shareMax(b ? [...a, ...b] : a);
  const x = (v: number): number => f.left + ((v - lo) / span) * iw;
  const y = (v: number): number => f.top + ih - (v / max) * ih;
  shareAxisY(f, max, g);

  const bars = s('g', { class: 'series-a' });
  let step = '';
  for (let i = 0; i < bins; i++) {
    const x0 = x(p.edges[i] as number);
    const x1 = x(p.edges[i + 1] as number);
    const av = a[i] as number;
    const gap = x1 - x0 > 4 ? 0.75 : 0;
    bars.appendChild(s('rect', { x: (x0 + gap).toFixed(2), y: y(av).toFixed(2), width: Math.max(0, x1 - x0 - 2 * gap).toFixed(2), height: (f.top + ih - y(av)).toFixed(2) }));
    if (b) step += `${i === 0 ? `M${x0.toFixed(2)},${y(0).toFixed(2)}` : ''}L${x0.toFixed(2)},${y(b[i] as number).toFixed(2)}L${x1.toFixed(2)},${y(b[i] as number).toFixed(2)}`;
  }
  g.appendChild(bars);
  if (b) g.appendChild(s('path', { class: 'series-b step', d: `${step}L${x(hi).toFixed(2)},${y(0).toFixed(2)}` }));
  g.appendChild(s('line', { class: 'axis', x1: f.left, x2: f.width - f.right, y1: f.top + ih, y2: f.top + ih }));

  // x ticks on round values (calendar boundaries for dates) inside the binned range.
  const ticks = p.kind === 'date' || p.kind === 'datetime' ? dateTicks(lo, hi, 5) : niceTicks(lo, hi, 5);
  for (const t of ticks) {
    const tx = x(t);
    g.appendChild(s('line', { class: 'axis', x1: tx.toFixed(1), x2: tx.toFixed(1), y1: f.top + ih, y2: f.top + ih + 3 }));
    g.appendChild(s('text', { class: 'tick', x: tx.toFixed(1), y: f.top + ih + 14, 'text-anchor': 'middle' }, formatTick(t, p.kind, span)));
  }
  if (p.xLabel) g.appendChild(s('text', { class: 'axis-label', x: f.left + iw / 2, y: f.height - 4, 'text-anchor': 'middle' }, p.xLabel));

  // Transparent full-height targets carry a tooltip per bin.
  const hits = s('g', { class: 'hits' });
  for (let i = 0; i < bins; i++) {
    const e0 = p.edges[i] as number;
    const e1 = p.edges[i + 1] as number;
    const x0 = x(e0);
    const x1 = x(e1);
    hits.appendChild(s('rect', { class: 'hit', x: x0.toFixed(2), y: f.top, width: Math.max(0, x1 - x0).toFixed(2), height: ih },
      s('title', null, `${formatTick(e0, p.kind, 0)} – ${formatTick(e1, p.kind, 0)}: ${names.a} ${formatPercent(a[i])}${b ? `, ${names.b} ${formatPercent(b[i])}` : ''}`)));
  }
  g.appendChild(hits);
  const rows = Array.from({ length: bins }, (_, i) => [
    `${formatTick(p.edges[i] as number, p.kind, 0)} – ${formatTick(p.edges[i + 1] as number, p.kind, 0)}`,
    formatPercent(a[i]), ...(b ? [formatPercent(b[i])] : [])]);
  return h('figure', { class: 'chart-figure' }, svg, b ? legend(names) : null,
    figuresTable(p.label, [p.xLabel ? t('Bin ({0})', p.xLabel) : t('Bin'), b ? names.a : t('Share'), ...(b ? [names.b] : [])], rows));
}

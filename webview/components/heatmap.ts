import { h, s } from '../dom';
import { formatNumber, truncate } from '../format';
import { figuresTable } from './figures';
import { t } from '../../src/core/browser';

export interface HeatmapProps {
  /** Row and column labels (the same columns on both axes). */
  labels: string[];
  /** Square matrix; null where a value is undefined (e.g. a constant column). */
  values: (number | null)[][];
  /**
   * 'signed': −1..1, diverging (correlations); 'unit': 0..1 sequential (association strength, similarity);
   * 'difference': 0..1 sequential in the warning colour (|real − synthetic|).
   */
  scale: 'signed' | 'unit' | 'difference';
  title: string;
  label: string;
}

const SIZE = 300;

/** A square matrix of coloured cells with labels; colour intensity is the magnitude, hue the sign. */
export function heatmap(p: HeatmapProps): HTMLElement {
  const n = p.labels.length;
  const labelRoom = n > 0 ? Math.min(96, 18 + 6 * Math.max(...p.labels.map((l) => Math.min(14, Array.from(l).length)))) : 0;
  // Below ~9 units per cell the labels would overlap: drop them (each cell's tooltip still names both columns).
  const showLabels = n > 0 && Math.floor((SIZE - labelRoom) / n) >= 9;
  const labelW = showLabels ? labelRoom : 0;
  const cell = n > 0 ? Math.max(3, Math.min(28, Math.floor((SIZE - labelW) / n))) : 0;
  const grid = cell * n;
  const top = labelW;
  const width = labelW + grid + 4;
  const height = top + grid + 4;
  const svg = s('svg', { class: `chart heatmap heatmap-${p.scale}`, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': p.label });
  svg.appendChild(s('title', null, p.label));
  const showText = cell >= 22;
  for (let i = 0; i < n && showLabels; i++) {
    const name = p.labels[i] as string;
    const cy = top + i * cell + cell / 2;
    const cx = labelW + i * cell + cell / 2;
    svg.appendChild(s('text', { class: 'cat-label', x: labelW - 4, y: (cy + 3).toFixed(1), 'text-anchor': 'end' }, s('title', null, name), truncate(name, 14)));
    svg.appendChild(s('text', { class: 'cat-label', x: 0, y: 0, 'text-anchor': 'start', transform: `translate(${(cx + 3).toFixed(1)},${top - 4}) rotate(-60)` }, s('title', null, name), truncate(name, 14)));
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = p.values[i]?.[j] ?? null;
      const x = labelW + j * cell;
      const y = top + i * cell;
      const defined = v !== null && Number.isFinite(v);
      const mag = defined ? Math.min(1, Math.abs(v)) : 0;
      // The diagonal (a column with itself) carries no information: draw it neutral.
      const hue = i === j ? 'cell-diag' : !defined ? 'cell-na' : p.scale === 'difference' ? 'cell-diff' : p.scale === 'signed' && v < 0 ? 'cell-neg' : 'cell-pos';
      const rect = s('rect', {
        class: `cell ${hue}`, x, y, width: Math.max(1, cell - (cell > 6 ? 1 : 0)), height: Math.max(1, cell - (cell > 6 ? 1 : 0)),
        // Opacity carries the magnitude so the hue can come from the theme's chart colours.
        'fill-opacity': defined && i !== j ? (0.08 + 0.92 * mag).toFixed(3) : null,
      }, s('title', null, `${p.labels[i]} × ${p.labels[j]}: ${defined ? formatNumber(v, 3) : t('not defined')}`));
      svg.appendChild(rect);
      if (showText && defined && i !== j) {
        svg.appendChild(s('text', { class: `cell-text${mag > 0.55 ? ' on-strong' : ''}`, x: x + (cell - 1) / 2, y: y + cell / 2 + 3, 'text-anchor': 'middle' }, Math.abs(v) < 0.005 ? '0' : v.toFixed(2).replace(/^(-?)0\./, '$1.')));
      }
    }
  }
  const rows = p.labels.map((row, i) => [row, ...p.labels.map((_, j) => {
    const v = p.values[i]?.[j] ?? null;
    return i === j ? '—' : v !== null && Number.isFinite(v) ? formatNumber(v, 3) : t('not defined');
  })]);
  return h('figure', { class: 'chart-figure heatmap-figure' }, h('figcaption', { class: 'chart-caption' }, p.title), svg, scaleLegend(p.scale),
    figuresTable(p.label, ['', ...p.labels], rows));
}

function scaleLegend(scale: HeatmapProps['scale']): HTMLElement {
  const stops = scale === 'signed' ? [-1, -0.5, 0, 0.5, 1] : [0, 0.25, 0.5, 0.75, 1];
  const w = 20;
  const svg = s('svg', { class: 'scale-legend', viewBox: `0 0 ${stops.length * w + 2} 26`, 'aria-hidden': 'true' });
  stops.forEach((v, i) => {
    const hue = scale === 'difference' ? 'cell-diff' : v < 0 ? 'cell-neg' : 'cell-pos';
    svg.appendChild(s('rect', { class: `cell ${hue}`, x: 1 + i * w, y: 1, width: w - 1, height: 10, 'fill-opacity': (0.08 + 0.92 * Math.abs(v)).toFixed(3) }));
    svg.appendChild(s('text', { class: 'tick', x: 1 + i * w + w / 2, y: 23, 'text-anchor': 'middle' }, String(v)));
  });
  return h('div', { class: 'scale' }, svg);
}

import { h, type Child } from '../dom';
import { t } from '../../src/core/browser';

/**
 * A chart's text equivalent: its figures as a table, folded under a "Figures" disclosure below
 * the chart, so a screen-reader or keyboard user reaches the same numbers the chart draws (and
 * anyone can read them exactly). A plain table: many charts carry one and they start folded.
 */
export function figuresTable(label: string, columns: string[], rows: Child[][], numericFrom = 1): HTMLElement {
  return h('details', { class: 'chart-data' },
    h('summary', null, t('Figures'), h('span', { class: 'visually-hidden' }, `: ${label}`)),
    h('table', { class: 'figures' },
      h('caption', { class: 'visually-hidden' }, label),
      h('thead', null, h('tr', null, ...columns.map((c, i) => h('th', { scope: 'col', class: i >= numericFrom ? 'num' : null }, c)))),
      h('tbody', null, ...rows.map((r) => h('tr', null, ...r.map((cell, i) => (i === 0
        ? h('th', { scope: 'row' }, cell)
        : h('td', { class: i >= numericFrom ? 'num' : null }, cell))))))));
}

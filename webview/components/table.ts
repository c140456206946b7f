import { h, type Child } from '../dom';

export interface TableColumn {
  label: string;
  /** Right-align numbers so digits line up. */
  numeric?: boolean;
  /** Tooltip explaining the column. */
  hint?: string;
}

/** A plain data table; cells are text or nodes (never markup). */
export function dataTable(columns: TableColumn[], rows: Child[][], caption?: string): HTMLElement {
  const head = h('tr', null, ...columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : null, title: c.hint ?? null }, c.label)));
  const body = h('tbody', null, ...rows.map((r) => h('tr', null, ...r.map((cell, i) => h('td', { class: columns[i]?.numeric ? 'num' : null }, cell)))));
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'data-table' }, caption ? h('caption', null, caption) : null, h('thead', null, head), body));
}

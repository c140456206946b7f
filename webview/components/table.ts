import '@vscode-elements/elements/dist/vscode-table/index.js';
import '@vscode-elements/elements/dist/vscode-table-header/index.js';
import '@vscode-elements/elements/dist/vscode-table-header-cell/index.js';
import '@vscode-elements/elements/dist/vscode-table-body/index.js';
import '@vscode-elements/elements/dist/vscode-table-row/index.js';
import '@vscode-elements/elements/dist/vscode-table-cell/index.js';
import { h, type Child } from '../dom';

export interface TableColumn {
  label: string;
  /** Right-align numbers so digits line up. */
  numeric?: boolean;
  /** Tooltip explaining the column. */
  hint?: string;
}

/** A data table (VS Code's table element); cells are text or nodes (never markup). */
export function dataTable(columns: TableColumn[], rows: Child[][], caption?: string): HTMLElement {
  // The header cells sit straight in the header: as a row (not the element's rowgroup) they are
  // column headers of the table for assistive technology.
  const head = h('vscode-table-header', { slot: 'header', role: 'row' },
    ...columns.map((c) => h('vscode-table-header-cell', { class: c.numeric ? 'num' : null, title: c.hint ?? null }, c.label)));
  const body = h('vscode-table-body', { slot: 'body' },
    ...rows.map((r) => h('vscode-table-row', null, ...r.map((cell, i) => h('vscode-table-cell', { class: columns[i]?.numeric ? 'num' : null }, cell)))));
  const table = h('vscode-table', { class: 'data-table', 'aria-label': caption ?? null, 'bordered-rows': true, zebra: true }, head, body);
  // Column widths by content: numbers need less room than words.
  const weights = columns.map((c) => (c.numeric ? 1 : 2));
  const total = weights.reduce((a, b) => a + b, 0);
  (table as HTMLElement & { columns: string[] }).columns = weights.map((w) => `${((100 * w) / total).toFixed(2)}%`);
  return h('div', { class: 'table-wrap' },
    caption ? h('p', { class: 'table-caption' }, caption) : null,
    table);
}

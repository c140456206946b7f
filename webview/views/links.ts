/**
 * The Linked tables view: a dataset of linked tables (a folder profiled as one dataset). Shows the
 * tables and their links as a diagram — the release pack's relationships.svg of the same metadata,
 * as an image — and, as its text equivalent, a table of every link with its evidence and status,
 * where a person confirms or rejects each link (saved into metadata.json by the host). After a
 * twin was generated: the cross-table evaluation (per link and per table).
 */
import type { DatasetMetadata } from '../../src/core/browser';
import type { LinkDecision, LinkedDatasetState, LinkedEvaluationView } from '../../src/protocol/messages';
import { h } from '../dom';
import { formatCount, formatPercent } from '../format';
import { button, dataTable, scoreCard } from '../components';
import { badge, emptyState, notesList, section } from './common';
import { linkRowsOf, type LinkRow } from './linkRows';

/** Renders the view; `decide` is null where nothing can be changed (standalone). */
export function renderLinks(linked: LinkedDatasetState | null, decide: ((link: string, decision: LinkDecision) => void) | null): HTMLElement {
  if (!linked) return emptyState('No linked dataset yet', 'Run “Synthetic Twin: Profile Dataset” on a folder of tables (right-click it in the Explorer) to see its tables and links here.');
  const m = linked.metadata;
  const rows = linkRowsOf(m, linked.evaluation);
  const rejected = rows.filter((r) => r.status === 'rejected').length;
  return h('div', { class: 'view links-view' },
    section('links-diagram', 'Tables and links',
      `${m.tables.length} tables · ${rows.length} links${rejected ? ` (${rejected} rejected, not drawn)` : ''} · person table: ${m.relationships.personTable ?? 'none found'}. The table of links below says the same in words.`,
      h('figure', { class: 'card relationship-diagram' },
        h('img', { src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(linked.diagramSvg)}`, alt: diagramAlt(m), class: 'diagram-image' }),
        h('figcaption', { class: 'detail' }, 'Arrows go from a child table’s key to the parent table; dashed arrows are optional keys.'))),
    section('links-table', 'Links', 'Each link was found in the data (the share of the child’s values found in the parent’s key) or declared. Confirm the links that are right and reject the ones that are not: a rejected link stays listed and is used by no summary and no twin. Each decision is saved into metadata.json.',
      linksTable(rows, linked.evaluation !== null, decide),
      diamondsNote(m)),
    section('links-tables', 'Tables', null, tablesTable(m)),
    linked.evaluation ? evaluationSection(linked.evaluation) : section('links-evaluation', 'Cross-table evaluation', null,
      h('p', { class: 'detail' }, 'No linked twin evaluated yet: run “Synthetic Twin: Generate Synthetic Twin…” on the folder; its twin is evaluated against the real tables.')));
}

/** The diagram's short text alternative; the links table is its full text equivalent. */
function diagramAlt(m: DatasetMetadata): string {
  const drawn = m.relationships.foreignKeys.filter((f) => f.status !== 'rejected').length;
  return `Diagram of the ${m.tables.length} tables of ${m.dataset.name} (${m.tables.map((t) => t.name).join(', ')}) and ${drawn} links between them; every link is listed in the Links table.`;
}

function linksTable(rows: LinkRow[], scored: boolean, decide: ((link: string, decision: LinkDecision) => void) | null): HTMLElement {
  const columns = [
    { label: 'Link (child → parent)' }, { label: 'Evidence' }, { label: 'Kind' }, { label: 'Status' },
    ...(scored ? [
      { label: 'Referential integrity', numeric: true, hint: 'Share of the twin’s child keys that find a parent' },
      { label: 'Cardinality shape', numeric: true, hint: '1 − KS distance between real and twin children per parent' },
      { label: 'Boundary adherence', numeric: true, hint: 'Share of twin parents whose child count is within the real minimum and maximum' },
    ] : []),
    ...(decide ? [{ label: 'Decision' }] : []),
  ];
  const body = rows.map((r) => [
    h('span', { class: 'link-name', 'data-link': r.id }, r.label),
    r.evidence,
    h('span', { class: 'link-kind' }, r.kind.join(', ') || '—'),
    badge(r.status === 'proposed' ? 'proposed' : r.status, r.status === 'rejected' ? 'badge-warn' : ''),
    ...(scored ? [
      formatPercent(r.scores?.referentialIntegrity ?? null),
      formatPercent(r.scores?.cardinalityShapeSimilarity ?? null),
      formatPercent(r.scores?.cardinalityBoundaryAdherence ?? null),
    ] : []),
    ...(decide ? [decisionButtons(r, decide)] : []),
  ]);
  return dataTable(columns, body, 'Links between the tables');
}

function decisionButtons(r: LinkRow, decide: (link: string, decision: LinkDecision) => void): HTMLElement {
  const confirm = button(r.status === 'rejected' ? 'Restore' : 'Confirm', {
    secondary: true, disabled: r.status === 'confirmed', data: { action: 'confirm', link: r.id },
    name: r.status === 'rejected' ? `Restore link ${r.label}` : `Confirm link ${r.label}`,
  }, () => decide(r.id, 'confirm'));
  const reject = button('Reject', { secondary: true, disabled: r.status === 'rejected', data: { action: 'reject', link: r.id }, name: `Reject link ${r.label}` },
    () => decide(r.id, 'reject'));
  return h('div', { class: 'button-row', role: 'group', 'aria-label': `Decision on ${r.label}` }, confirm, reject);
}

function diamondsNote(m: DatasetMetadata): HTMLElement | null {
  const d = m.relationships.diamonds;
  if (d.length === 0) return null;
  return h('div', null,
    h('h3', { class: 'sub-title' }, 'Diamonds (two paths to one ancestor that agree)'),
    notesList(d.map((x) => `${x.direct.table}.${x.direct.column} = ${x.via.map((v) => `${v.table}.${v.column}`).join(' → ')} → ${x.ancestor}`)));
}

function tablesTable(m: DatasetMetadata): HTMLElement {
  const pk = new Map(m.relationships.primaryKeys.map((k) => [k.table, k.column]));
  return dataTable([
    { label: 'Table' }, { label: 'File' }, { label: 'Rows (rounded)', numeric: true }, { label: 'Primary key' }, { label: 'Role' },
  ], m.tables.map((t) => [
    t.name, t.file, formatCount(t.metadata.dataset.rows), pk.get(t.name) ?? '—',
    t.name === m.relationships.personTable ? 'person table' : '',
  ]), 'Tables of the dataset');
}

function evaluationSection(e: LinkedEvaluationView): HTMLElement {
  const card = (title: string, value: number | null, detail: string): HTMLElement =>
    scoreCard({ title, value: formatPercent(value), meter: value, detail });
  return section('links-evaluation', 'Cross-table evaluation', `The twin in ${e.twin} against the real tables: SDMetrics’ multi-table metrics on every link (means below, each link in the Links table) and each table’s own quality. Not for release: these are figures of the real data; a release pack carries the disclosure-controlled copy.`,
    h('div', { class: 'card-grid' },
      card('Referential integrity', e.means.referentialIntegrity, 'Share of child keys that find a parent, mean over links'),
      card('Cardinality shape', e.means.cardinalityShapeSimilarity, 'Children per parent, real vs twin (1 − KS), mean over links'),
      card('Boundary adherence', e.means.cardinalityBoundaryAdherence, 'Twin parents with a child count inside the real range, mean over links')),
    dataTable([{ label: 'Table' }, { label: 'Real rows', numeric: true }, { label: 'Twin rows', numeric: true }, { label: 'Quality', numeric: true, hint: 'The table’s own evaluation: fidelity score' }],
      e.tables.map((t) => [t.name, formatCount(t.realRows), formatCount(t.twinRows), formatPercent(t.quality)]), 'Per-table quality'));
}

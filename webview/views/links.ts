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
import { linkRowsOf, type LinkKind, type LinkRow } from './linkRows';
import { t } from '../../src/core/browser';

/** Renders the view; `decide` is null where nothing can be changed (standalone). */
export function renderLinks(linked: LinkedDatasetState | null, decide: ((link: string, decision: LinkDecision) => void) | null): HTMLElement {
  if (!linked) return emptyState(t('No linked dataset yet'), t('Run “Synthetic Twin: Profile Dataset” on a folder of tables (right-click it in the Explorer) to see its tables and links here.'));
  const m = linked.metadata;
  const rows = linkRowsOf(m, linked.evaluation);
  const rejected = rows.filter((r) => r.status === 'rejected').length;
  return h('div', { class: 'view links-view' },
    section('links-diagram', t('Tables and links'),
      `${t('{0} tables · {1} links', m.tables.length, rows.length)}${rejected ? ` ${t('({0} rejected, not drawn)', rejected)}` : ''} · ${t('person table: {0}', m.relationships.personTable ?? t('none found'))}. ${t('The table of links below says the same in words.')}`,
      h('figure', { class: 'card relationship-diagram' },
        h('img', { src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(linked.diagramSvg)}`, alt: diagramAlt(m), class: 'diagram-image' }),
        h('figcaption', { class: 'detail' }, t('Arrows go from a child table’s key to the parent table; dashed arrows are optional keys.')))),
    section('links-table', t('Links'), t('Each link was found in the data (the share of the child’s values found in the parent’s key) or declared. Confirm the links that are right and reject the ones that are not: a rejected link stays listed and is used by no summary and no twin. Each decision is saved into metadata.json.'),
      linksTable(rows, linked.evaluation !== null, decide),
      diamondsNote(m)),
    section('links-tables', t('Tables'), null, tablesTable(m)),
    linked.evaluation ? evaluationSection(linked.evaluation) : section('links-evaluation', t('Cross-table evaluation'), null,
      h('p', { class: 'detail' }, t('No linked twin evaluated yet: run “Synthetic Twin: Generate Synthetic Twin…” on the folder; its twin is evaluated against the real tables.'))));
}

/** The diagram's short text alternative; the links table is its full text equivalent. */
function diagramAlt(m: DatasetMetadata): string {
  const drawn = m.relationships.foreignKeys.filter((f) => f.status !== 'rejected').length;
  return t('Diagram of the {0} tables of {1} ({2}) and {3} links between them; every link is listed in the Links table.', m.tables.length, m.dataset.name, m.tables.map((x) => x.name).join(', '), drawn);
}

function linksTable(rows: LinkRow[], scored: boolean, decide: ((link: string, decision: LinkDecision) => void) | null): HTMLElement {
  const columns = [
    { label: t('Link (child → parent)') }, { label: t('Evidence') }, { label: t('Kind') }, { label: t('Status') },
    ...(scored ? [
      { label: t('Referential integrity'), numeric: true, hint: t('Share of the twin’s child keys that find a parent') },
      { label: t('Cardinality shape'), numeric: true, hint: t('1 − KS distance between real and twin children per parent') },
      { label: t('Boundary adherence'), numeric: true, hint: t('Share of twin parents whose child count is within the real minimum and maximum') },
    ] : []),
    ...(decide ? [{ label: t('Decision') }] : []),
  ];
  const body = rows.map((r) => [
    h('span', { class: 'link-name', 'data-link': r.id }, r.label),
    r.evidence,
    h('span', { class: 'link-kind' }, r.kind.map(kindText).join(', ') || '—'),
    badge(statusText(r.status), r.status === 'rejected' ? 'badge-warn' : ''),
    ...(scored ? [
      formatPercent(r.scores?.referentialIntegrity ?? null),
      formatPercent(r.scores?.cardinalityShapeSimilarity ?? null),
      formatPercent(r.scores?.cardinalityBoundaryAdherence ?? null),
    ] : []),
    ...(decide ? [decisionButtons(r, decide)] : []),
  ]);
  return dataTable(columns, body, t('Links between the tables'));
}

function decisionButtons(r: LinkRow, decide: (link: string, decision: LinkDecision) => void): HTMLElement {
  const confirm = button(r.status === 'rejected' ? t('Restore') : t('Confirm'), {
    secondary: true, disabled: r.status === 'confirmed', data: { action: 'confirm', link: r.id },
    name: r.status === 'rejected' ? t('Restore link {0}', r.label) : t('Confirm link {0}', r.label),
  }, () => decide(r.id, 'confirm'));
  const reject = button(t('Reject'), { secondary: true, disabled: r.status === 'rejected', data: { action: 'reject', link: r.id }, name: t('Reject link {0}', r.label) },
    () => decide(r.id, 'reject'));
  return h('div', { class: 'button-row', role: 'group', 'aria-label': t('Decision on {0}', r.label) }, confirm, reject);
}

function diamondsNote(m: DatasetMetadata): HTMLElement | null {
  const d = m.relationships.diamonds;
  if (d.length === 0) return null;
  return h('div', null,
    h('h3', { class: 'sub-title' }, t('Diamonds (two paths to one ancestor that agree)')),
    notesList(d.map((x) => `${x.direct.table}.${x.direct.column} = ${x.via.map((v) => `${v.table}.${v.column}`).join(' → ')} → ${x.ancestor}`)));
}

function tablesTable(m: DatasetMetadata): HTMLElement {
  const pk = new Map(m.relationships.primaryKeys.map((k) => [k.table, k.column]));
  return dataTable([
    { label: t('Table') }, { label: t('File') }, { label: t('Rows (rounded)'), numeric: true }, { label: t('Primary key') }, { label: t('Role') },
  ], m.tables.map((x) => [
    x.name, x.file, formatCount(x.metadata.dataset.rows), pk.get(x.name) ?? '—',
    x.name === m.relationships.personTable ? t('person table') : '',
  ]), t('Tables of the dataset'));
}

function evaluationSection(e: LinkedEvaluationView): HTMLElement {
  const card = (title: string, value: number | null, detail: string): HTMLElement =>
    scoreCard({ title, value: formatPercent(value), meter: value, detail });
  return section('links-evaluation', t('Cross-table evaluation'), t('The twin in {0} against the real tables: SDMetrics’ multi-table metrics on every link (means below, each link in the Links table) and each table’s own quality. Not for release: these are figures of the real data; a release pack carries the disclosure-controlled copy.', e.twin),
    h('div', { class: 'card-grid' },
      card(t('Referential integrity'), e.means.referentialIntegrity, t('Share of child keys that find a parent, mean over links')),
      card(t('Cardinality shape'), e.means.cardinalityShapeSimilarity, t('Children per parent, real vs twin (1 − KS), mean over links')),
      card(t('Boundary adherence'), e.means.cardinalityBoundaryAdherence, t('Twin parents with a child count inside the real range, mean over links'))),
    dataTable([{ label: t('Table') }, { label: t('Real rows'), numeric: true }, { label: t('Twin rows'), numeric: true }, { label: t('Quality'), numeric: true, hint: t('The table’s own evaluation: fidelity score') }],
      e.tables.map((x) => [x.name, formatCount(x.realRows), formatCount(x.twinRows), formatPercent(x.quality)]), t('Per-table quality')));
}

/** A link's kind (optional, self-reference, diamond) in the page's language. */
function kindText(kind: LinkKind): string {
  switch (kind) {
    case 'optional': return t('optional');
    case 'self-reference': return t('self-reference');
    case 'diamond': return t('diamond');
  }
}

/** A link's status in the page's language. */
function statusText(status: LinkRow['status']): string {
  switch (status) {
    case 'proposed': return t('proposed');
    case 'confirmed': return t('confirmed');
    case 'rejected': return t('rejected');
  }
}

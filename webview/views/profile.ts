/**
 * The Profile view: one card per column of the disclosure-safe metadata (type,
 * missingness, distribution, disclosure flags with reasons). Inside VS Code the
 * user can change a column's type, mark it as an identifier, exclude it, change
 * the rare-category threshold and sign the metadata off; each decision is a
 * request the host saves to the recipe.
 */
import {
  COLUMN_TYPES, type ColumnType, type Metadata, type MetadataColumn, ruleKey, type StringMetadataColumn,
} from '../../src/core/browser';
import type { ColumnChange } from '../../src/protocol/messages';
import type { UiState } from '../api';
import { h } from '../dom';
import { formatCount, formatNumber, formatPercent, formatTick } from '../format';
import { barPair, button, checkbox, dataTable, histogramPair, select, textField } from '../components';
import { badge, emptyState, section, typeLabel } from './common';
import { shown, t } from '../../src/core/browser';

export interface ProfileActions {
  /** Applies a column decision (VS Code only); resolves when saved. */
  decide(decision: ColumnChange): Promise<void>;
  setThreshold(threshold: number): Promise<void>;
  /** Keeps or drops a record rule (named by its ruleKey) in every twin. */
  keepRule(rule: string, keep: boolean): Promise<void>;
  signOff(name: string, role: string, note: string): Promise<void>;
}

/** Renders the Profile view; `actions` is null where nothing can be changed (standalone). */
export function renderProfile(meta: Metadata | null, ui: UiState, onUi: (ui: UiState) => void, actions: ProfileActions | null): HTMLElement {
  if (!meta) return emptyState(t('No profile yet'), t('Run “Synthetic Twin: Profile Dataset” on a data file to see its columns here.'));
  const grid = h('div', { class: 'column-grid' });
  const draw = (): void => {
    const needle = ui.filter.trim().toLowerCase();
    while (grid.firstChild) grid.removeChild(grid.firstChild);
    for (const c of meta.columns) if (!needle || c.name.toLowerCase().includes(needle)) grid.appendChild(columnCard(c, meta, actions));
  };
  const filter = textField({ type: 'search', className: 'filter', placeholder: t('Filter columns'), label: t('Filter columns by name'), value: ui.filter },
    (value) => { ui = { ...ui, filter: value }; onUi(ui); draw(); });
  draw();
  const flagged = meta.columns.filter((c) => c.disclosure.length > 0).length;
  return h('div', { class: 'view profile-view' },
    summary(meta, flagged, actions),
    section('profile-columns', t('Columns'), t('{0} columns · {1} with disclosure flags. Figures are the disclosure-controlled ones that leave the TRE.', meta.columns.length, flagged),
      h('div', { class: 'toolbar' }, filter), grid),
    recordRules(meta, actions),
    section('controls', t('Disclosure controls applied'), null,
      meta.controls.length
        ? dataTable([{ label: t('Column') }, { label: t('Control') }, { label: t('Detail') }], meta.controls.map((c) => [c.column ?? t('(all)'), c.control, shown(c.detail)]))
        : h('p', { class: 'detail' }, t('No controls were needed.'))));
}

function summary(meta: Metadata, flagged: number, actions: ProfileActions | null): HTMLElement {
  const d = meta.disclosure;
  const items: [string, string][] = [
    [t('Rows'), formatCount(meta.dataset.rows)], [t('Columns'), formatCount(meta.columns.length)], [t('Flagged columns'), formatCount(flagged)],
    [t('Threshold k'), String(d.threshold)], [t('Counts rounded to'), String(d.rounding)], [t('Tail coding'), `${formatPercent(d.tailQuantile, 0)} / ${formatPercent(1 - d.tailQuantile, 0)}`],
  ];
  const facts = h('dl', { class: 'summary-list' }, ...items.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
  const sign = meta.signOff
    ? h('p', { class: 'signoff signed' }, `${t('Signed off by {0} ({1}) on {2}', meta.signOff.name, meta.signOff.role, meta.signOff.date)}${meta.signOff.note ? ` — ${meta.signOff.note}` : ''}`)
    : h('p', { class: 'signoff unsigned' }, t('Not signed off yet: generation from this metadata will warn.'));
  const card = h('article', { class: 'card wide' }, h('h2', { class: 'section-title' }, meta.dataset.name), facts, sign);
  if (actions) {
    const k = textField({ type: 'number', min: 1, step: 1, value: d.threshold, className: 'num-input', label: t('Rare-category threshold k') });
    const apply = button(t('Apply threshold'), { secondary: true }, () => {
      const v = Number(k.value);
      if (Number.isInteger(v) && v >= 1) void actions.setThreshold(v);
    });
    card.appendChild(h('div', { class: 'form-row' }, h('span', { 'aria-hidden': 'true' }, t('Rare-category threshold')), k, apply));
    if (!meta.signOff) card.appendChild(signOffForm(actions));
  }
  return card;
}

function signOffForm(actions: ProfileActions): HTMLElement {
  const name = textField({ label: t('Your name'), placeholder: t('Name') });
  const role = textField({ label: t('Your role'), placeholder: t('Role, e.g. output checker') });
  const note = textField({ label: t('Note'), placeholder: t('Note (optional)') });
  // Said in words (and announced) when a required field is empty, rather than an unexplained no-op.
  const message = h('p', { class: 'form-message', role: 'status' });
  const form = h('form', { class: 'signoff-form' }, h('div', { class: 'form-row' }, name, role, note, button(t('Sign off metadata'), { submit: true })), message);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const [noName, noRole] = [!name.value.trim(), !role.value.trim()];
    message.textContent = noName && noRole ? t('Enter your name and your role to sign off.')
      : noName ? t('Enter your name to sign off.') : noRole ? t('Enter your role to sign off.') : '';
    if (!noName && !noRole) void actions.signOff(name.value.trim(), role.value.trim(), note.value.trim());
  });
  return form;
}

function columnCard(c: MetadataColumn, meta: Metadata, actions: ProfileActions | null): HTMLElement {
  const head = h('header', { class: 'column-head' },
    h('div', { class: 'column-title' }, h('h3', { class: 'column-name', title: c.name }, c.name), badge(typeLabel(c.type)),
      c.excluded ? badge(t('excluded'), 'badge-warn') : null),
    h('span', { class: 'detail' }, t('{0} missing', formatPercent(c.missing))));
  const body: (Node | null)[] = [];
  if (c.type === 'numeric' || c.type === 'integer' || c.type === 'date' || c.type === 'datetime') {
    const kind = c.type === 'date' ? 'date' : c.type === 'datetime' ? 'datetime' : 'number';
    body.push(histogramPair({ edges: c.histogram.edges, a: c.histogram.counts, kind, label: t('{0}: distribution', c.name), names: { a: meta.dataset.name, b: '' } }));
    const span = c.bounds.upper - c.bounds.lower;
    body.push(factList([
      [t('Coded range'), `${formatTick(c.bounds.lower, kind, span)} – ${formatTick(c.bounds.upper, kind, span)}`],
      ...(c.mean !== undefined && kind === 'number' ? [[t('Mean'), formatNumber(c.mean, 4)] as [string, string]] : []),
      ...(c.sd !== undefined && kind === 'number' ? [[t('Std. dev.'), formatNumber(c.sd, 4)] as [string, string]] : []),
      ...(c.distinct !== undefined ? [[t('Distinct'), `≈ ${formatCount(c.distinct)}`] as [string, string]] : []),
    ]));
  } else if (c.type === 'categorical' || c.type === 'boolean') {
    const cats = c.categories.map((x) => x.value);
    const counts = c.categories.map((x) => x.count);
    if (c.other && c.other.count !== null) { cats.push(c.other.label); counts.push(c.other.count); }
    body.push(barPair({ categories: cats, a: counts, label: t('{0}: category shares', c.name) }));
    if (c.other) {
      body.push(h('p', { class: 'detail' }, c.other.count === null
        ? t('{0} rare categories dropped (too few even together).', c.other.categories)
        : t('{0} rare categories merged into “{1}”.', c.other.categories, c.other.label)));
    }
  } else {
    const sc = c as StringMetadataColumn;
    const q = sc.length.quantiles;
    body.push(factList([
      [t('Unique'), sc.unique ? t('yes (a key)') : t('no')],
      [t('Length'), q.values.length ? t('{0} – {1} characters', formatNumber(q.values[0] ?? null), formatNumber(q.values[q.values.length - 1] ?? null)) : '—'],
      [t('Shape'), c.format.kind === 'string' && c.format.shape ? c.format.shape : '—'],
    ]));
  }
  const flags = c.disclosure.length
    ? h('ul', { class: 'flags' }, ...c.disclosure.map((f) => h('li', { class: 'flag' }, h('strong', null, f.kind), ` — ${shown(f.reason)}`, f.action ? h('span', { class: 'detail' }, ` (${shown(f.action)})`) : null)))
    : h('p', { class: 'detail' }, t('No disclosure flags.'));
  return h('article', { class: `card column-card${c.disclosure.length ? ' flagged' : ''}${c.excluded ? ' excluded' : ''}` },
    head, ...body, flags, actions ? decisions(c, actions) : null);
}

/**
 * The record rules the profiler found (order, derived columns, shared missingness, natural ranges),
 * each with a Keep switch in VS Code: a dropped rule is not kept in any twin made from the metadata.
 */
function recordRules(meta: Metadata, actions: ProfileActions | null): HTMLElement {
  const rules = meta.rules ?? [];
  const intro = rules.length
    ? (rules.length === 1 ? t('1 rule holds in every real record; twins keep each rule that is kept here. Drop one that should not bind a twin.')
      : t('{0} rules hold in every real record; twins keep each rule that is kept here. Drop one that should not bind a twin.', rules.length))
    : t('No rule held in every record (or the metadata was made before rules were published).');
  const items = rules.map((rule) => {
    const key = ruleKey(rule);
    const reason = shown(rule.reason);
    const text = h('span', { class: 'rule-text' }, reason);
    if (!actions) return h('li', { class: `rule${rule.keep ? '' : ' dropped'}` }, badge(rule.keep ? t('kept') : t('dropped'), rule.keep ? undefined : 'badge-warn'), ' ', text);
    // The checkbox is named with the rule itself: a screen reader lists several "Keep" boxes.
    const keep = checkbox(t('Keep'), t('Keep rule: {0}', reason), rule.keep, (checked) => void actions.keepRule(key, checked));
    return h('li', { class: `rule${rule.keep ? '' : ' dropped'}` }, keep, ' ', text);
  });
  return section('record-rules', t('Record rules'), intro, rules.length ? h('ul', { class: 'rules' }, ...items) : null);
}

function factList(items: [string, string][]): HTMLElement {
  return h('dl', { class: 'summary-list compact' }, ...items.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
}

function decisions(c: MetadataColumn, actions: ProfileActions): HTMLElement {
  const type = select(COLUMN_TYPES.map((x) => ({ value: x, label: typeLabel(x) })), c.type, t('Type of {0}', c.name),
    (value) => void actions.decide({ column: c.name, kind: 'setType', type: value as ColumnType }));
  // Each checkbox names its column (a screen reader lists many rows of "Identifier" / "Exclude"),
  // starting with its visible label so that speaking the label selects it.
  const ident = checkbox(t('Identifier'), t('Identifier: {0}', c.name), c.type === 'identifier', (checked) => void actions.decide({ column: c.name, kind: 'markIdentifier', identifier: checked }));
  const excl = checkbox(t('Exclude'), t('Exclude {0} from the twin', c.name), c.excluded === true, (checked) => void actions.decide({ column: c.name, kind: 'exclude', excluded: checked }));
  return h('div', { class: 'decisions' },
    h('span', { class: 'field' }, h('span', { 'aria-hidden': 'true' }, t('Type')), type), ident, excl);
}

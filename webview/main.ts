/**
 * The dashboard app: one bundle for the VS Code webview and for the standalone
 * evaluation.html (see api.ts for the two hosts). Renders the Profile,
 * Evaluation and Fidelity-ladder views from a DashboardState.
 */
import '../media/dashboard.css';
import { languageOfLocale, setLanguage, shown, t, type EvaluationReport } from '../src/core/browser';
import type { DashboardState, DashboardView, ToWebview } from '../src/protocol/messages';
import { DEFAULT_UI, detectHost, type Host, type UiState } from './api';
import { clear, h } from './dom';
import { tabs as tabStrip, type TabSpec } from './components';
import { renderEvaluation } from './views/evaluation';
import { renderProfile, type ProfileActions } from './views/profile';
import { renderLadder } from './views/ladder';
import { renderLinks } from './views/links';
import { emptyState } from './views/common';

/** A view's tab label, in the page's language. */
function viewLabel(view: DashboardView): string {
  switch (view) {
    case 'profile': return t('Profile');
    case 'evaluation': return t('Evaluation');
    case 'ladder': return t('Fidelity ladder');
    case 'links': return t('Linked tables');
  }
}

class App {
  private _state: DashboardState | null = null;
  private _ui: UiState = DEFAULT_UI;
  private _scrollTimer: number | undefined;

  constructor(private readonly _host: Host, private readonly _root: HTMLElement) {}

  start(): void {
    const saved = this._host.restore();
    if (saved) {
      this._state = saved.state;
      this._ui = saved.ui;
      this._render();
    }
    window.addEventListener('scroll', () => {
      if (this._scrollTimer !== undefined) window.clearTimeout(this._scrollTimer);
      this._scrollTimer = window.setTimeout(() => this._setUi({ ...this._ui, scroll: { ...this._ui.scroll, [this._view()]: Math.round(window.scrollY) } }), 150);
    }, { passive: true });
    this._host.start((msg) => this._onMessage(msg));
  }

  private _onMessage(msg: ToWebview): void {
    const st = this._state;
    switch (msg.type) {
      case 'init':
        this._state = msg.state;
        break;
      case 'didChangeProfile':
        if (st) Object.assign(st, { profile: msg.profile, dataset: msg.dataset, metadataPath: msg.metadataPath });
        break;
      case 'didChangeEvaluation':
        if (st) st.evaluation = msg.evaluation;
        break;
      case 'didChangeLadder':
        if (st) st.ladder = msg.ladder;
        break;
      case 'didChangeLinked':
        if (st) st.linked = msg.linked;
        break;
      case 'didShowView':
        if (st) st.view = msg.view;
        break;
      case 'progress':
      case 'response':
        // Routed to the pending request by the host wrapper.
        return;
      default: {
        const never: never = msg;
        return never;
      }
    }
    this._save();
    this._render();
  }

  private _view(): DashboardView {
    return this._state?.view ?? 'evaluation';
  }

  private _setUi(ui: UiState): void {
    this._ui = ui;
    this._save();
  }

  private _save(): void {
    if (this._state) this._host.save(this._state, this._ui);
  }

  private _select(view: DashboardView): void {
    if (!this._state || this._state.view === view) return;
    this._state.view = view;
    this._host.showView(view);
    this._save();
    this._render();
  }

  /** Runs a request, showing its progress and error in the banner. */
  private async _run<T>(label: string, work: (onProgress: (message: string, fraction?: number) => void) => Promise<T>): Promise<T | undefined> {
    const st = this._state;
    if (!st) return undefined;
    st.loading = true;
    st.error = null;
    st.progress = { message: label };
    this._render();
    try {
      return await work((message, fraction) => {
        st.progress = { message, fraction };
        this._renderBanner();
      });
    } catch (e) {
      st.error = e instanceof Error ? e.message : String(e);
      return undefined;
    } finally {
      st.loading = false;
      st.progress = null;
      this._save();
      this._render();
    }
  }

  private _banner: HTMLElement = h('div', { class: 'banner-slot', role: 'status', 'aria-live': 'polite' });

  private _renderBanner(): void {
    clear(this._banner);
    const st = this._state;
    if (!st) return;
    if (st.error) this._banner.appendChild(h('div', { class: 'banner banner-error', role: 'alert' }, st.error));
    else if (st.loading || st.progress) {
      const p = st.progress;
      this._banner.appendChild(h('div', { class: 'banner banner-progress' }, p?.message ?? t('Working…'),
        p?.fraction !== undefined ? h('progress', { max: 1, value: p.fraction }) : null));
    }
  }

  private _render(): void {
    const st = this._state;
    // A re-render replaces the tab headers: keep the keyboard user's focus on the chosen one.
    const tabFocused = document.activeElement?.tagName === 'VSCODE-TAB-HEADER';
    clear(this._root);
    if (!st) {
      this._root.appendChild(emptyState(t('Loading…'), t('Waiting for the dashboard’s data.')));
      return;
    }
    const vscode = this._host.kind === 'vscode';
    // Standalone files carry one report: show only views that have something to show.
    // The Linked tables view appears once a folder of linked tables was profiled.
    const tabs: TabSpec<DashboardView>[] = (['profile', 'evaluation', 'ladder', 'links'] as const)
      .filter((v) => (v === 'links' ? (st.linked ?? null) !== null : vscode || (v === 'evaluation' ? st.evaluation !== null : v === 'profile' ? st.profile !== null : st.ladder !== null)))
      .map((v) => ({ key: v, label: viewLabel(v) }));
    const view = tabs.some((t) => t.key === st.view) ? st.view : (tabs[0]?.key ?? 'evaluation');

    this._root.appendChild(header(st, view));
    this._renderBanner();
    const panel = h('main', { id: 'panel' }, this._renderView(st, view));
    if (tabs.length > 1) this._root.appendChild(tabStrip(tabs, view, [this._banner, panel], (v) => this._select(v)));
    else this._root.append(this._banner, panel);
    if (tabFocused) {
      // Focusable once the tab strip has rendered the slot it sits in.
      const strip = this._root.querySelector('vscode-tabs') as (HTMLElement & { updateComplete?: Promise<unknown> }) | null;
      void strip?.updateComplete?.then(() => (this._root.querySelector(`vscode-tab-header[data-view="${view}"]`) as HTMLElement | null)?.focus());
    }
    const y = this._ui.scroll[view];
    if (y) window.requestAnimationFrame(() => window.scrollTo(0, y));
  }

  private _renderView(st: DashboardState, view: DashboardView): HTMLElement {
    const onUi = (ui: UiState): void => this._setUi(ui);
    const vscode = this._host.kind === 'vscode';
    switch (view) {
      case 'evaluation':
        return st.evaluation
          ? renderEvaluation(st.evaluation, this._ui, onUi)
          : emptyState(t('No evaluation yet'), vscode
            ? t('Run “Synthetic Twin: Evaluate Twin Against Real Data…” to compare a twin with its real data.')
            : t('This file holds no evaluation report.'));
      case 'profile':
        return renderProfile(st.profile, this._ui, onUi, vscode ? this._profileActions() : null);
      case 'ladder':
        return renderLadder(st.ladder, vscode ? () => void this._run(t('Generating the fidelity ladder'), async (onProgress) => {
          const ladder = await this._host.request('runLadder', {}, onProgress);
          st.ladder = ladder;
          return ladder;
        }) : null, st.dataset);
      case 'links':
        return renderLinks(st.linked ?? null, vscode ? (link, decision) => void this._run(decision === 'confirm' ? t('Confirming the link') : t('Rejecting the link (the tables are profiled again)'), async (onProgress) => {
          st.linked = await this._host.request('decideLink', { link, decision }, onProgress);
        }) : null);
      default: {
        const never: never = view;
        return never;
      }
    }
  }

  private _profileActions(): ProfileActions {
    const st = this._state as DashboardState;
    const apply = async (label: string, call: () => Promise<DashboardState['profile']>): Promise<void> => {
      await this._run(label, async () => {
        st.profile = await call();
      });
    };
    return {
      decide: (d) => apply(t('Saving the decision to the reviewed metadata'), () => this._host.request('updateColumn', d)),
      setThreshold: (threshold) => apply(t('Applying the threshold'), () => this._host.request('setThreshold', { threshold })),
      keepRule: (rule, keep) => apply(keep ? t('Keeping the rule') : t('Dropping the rule'), () => this._host.request('keepRule', { rule, keep })),
      signOff: (name, role, note) => apply(t('Signing off'), () => this._host.request('signOff', note ? { name, role, note } : { name, role })),
    };
  }
}

function header(st: DashboardState, view: DashboardView): HTMLElement {
  const r = st.evaluation;
  if (view === 'evaluation' && r) {
    const against = t('against {0} ({1} rows)', r.inputs.real.file, r.inputs.real.rows.toLocaleString('en-GB'));
    const holdout = r.inputs.holdout ? ` · ${t('holdout {0}', r.inputs.holdout.file)}` : '';
    return h('header', { class: 'page-header' },
      h('p', { class: 'eyebrow' }, t('Synthetic twin evaluation')),
      h('h1', { class: 'page-title' }, r.inputs.synthetic.file),
      h('p', { class: 'page-subtitle' }, `${against}${holdout}`),
      releaseLabel(r),
      h('p', { class: 'page-reading' }, shown(r.fidelity.reading.text)));
  }
  if (view === 'links' && st.linked) {
    return h('header', { class: 'page-header' },
      h('p', { class: 'eyebrow' }, t('Synthetic Twin · linked tables')),
      h('h1', { class: 'page-title' }, st.linked.name),
      st.linked.metadataPath ? h('p', { class: 'page-subtitle' }, t('Metadata: {0}', st.linked.metadataPath)) : null);
  }
  return h('header', { class: 'page-header' },
    h('p', { class: 'eyebrow' }, t('Synthetic Twin')),
    h('h1', { class: 'page-title' }, st.dataset ?? viewLabel(view)),
    st.metadataPath ? h('p', { class: 'page-subtitle' }, t('Metadata: {0}', st.metadataPath)) : null);
}

/**
 * Whether the report may leave the TRE, in plain words: the full evaluation (no label, or a report
 * of an older version) is not for release; a release pack's copy says it was disclosure-controlled.
 */
function releaseLabel(r: EvaluationReport): HTMLElement {
  if (r.release?.status !== 'released') {
    return h('p', { class: 'release-label not-for-release', role: 'note', 'data-release': 'not-for-release' },
      t('Not for release: the full evaluation of the real data. Keep it inside the TRE; a release pack carries its disclosure-controlled copy.'));
  }
  const controls = r.release.controls;
  return h('div', { class: 'release-label released', role: 'note', 'data-release': 'released' },
    t('Released evaluation: disclosure-controlled ({0} controls applied; real-data figures are those of metadata.json).', controls.length),
    h('details', null,
      h('summary', null, t('What was coarsened or left out')),
      h('ul', null, ...controls.map((c) => h('li', null, `${c.part}: ${c.detail}`)))));
}

function mount(): void {
  // The host wrote the language into the page (<html lang>): the webview's and evaluation.html's labels follow it.
  setLanguage(languageOfLocale(document.documentElement.lang) ?? 'en');
  let root = document.getElementById('app');
  if (!root) {
    root = h('div', { id: 'app' });
    document.body.appendChild(root);
  }
  new App(detectHost(), root).start();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount);
else mount();

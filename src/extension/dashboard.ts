import { randomBytes } from 'node:crypto';
import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import { type ColumnType, type EvaluationReport, linkText, t, type Metadata, PACK_FILES, renderWebviewHtml, withSignOffIfHolds } from '../core';
import {
  emptyDashboardState, parseToHost,
  type DashboardState, type DashboardView, type LadderRung, type LinkedDatasetState, type RequestMap, type RequestMessage, type RequestMethod, type ToWebview,
} from '../protocol/messages';
import type { DashboardSink, TwinCommands } from './commands';
import { reasonOf } from './commands';
import { JobError } from './jobs';
import type { Log } from './log';
import { evaluationPathsFor } from './paths';

export const DASHBOARD_VIEW_TYPE = 'syntheticTwin.dashboard';

/** What the host must remember to act for a restored dashboard (kept in workspaceState, paths only). */
interface DashboardContext {
  /** The data file of the Profile view and ladder. */
  dataPath: string | null;
  /** The twin and real data of the Evaluation view. */
  synthetic: string | null;
  real: string | null;
  /** The folder (or dataset.json) of the Linked tables view. */
  linkedPath?: string | null;
}

const CONTEXT_KEY = 'syntheticTwin.dashboardContext';

/** Labels for "<Action> failed: <reason>" per request method. */
const ACTION: Record<RequestMethod, () => string> = {
  evaluate: () => t('Evaluate'), updateColumn: () => t('Save decision'), setThreshold: () => t('Change threshold'), keepRule: () => t('Save rule decision'),
  signOff: () => t('Sign off'), runLadder: () => t('Fidelity ladder'), exportHtml: () => t('Export report'), decideLink: () => t('Save link decision'),
};

/**
 * The dashboard webview panel (one at a time): strict CSP with a nonce (renderWebviewHtml),
 * resources only from dist/webview and media, state restored after hide/show (the webview
 * keeps it with setState) and after a reload (registerWebviewPanelSerializer). It answers
 * the protocol's requests by calling the commands, which run the core in the worker.
 */
export class Dashboard implements DashboardSink, vscode.Disposable {
  private _panel: vscode.WebviewPanel | undefined;
  private _state: DashboardState = emptyDashboardState('profile');
  private _ready = false;
  private _queue: ToWebview[] = [];
  /** Types the profiler inferred for the current dataset (to undo "mark as identifier"). */
  private _inferred: Record<string, ColumnType> = {};
  private readonly _running = new Map<number, vscode.CancellationTokenSource>();
  private readonly _disposables: vscode.Disposable[] = [];
  /** Every message posted to the webview, for tests (types only). */
  readonly posted: string[] = [];

  constructor(private readonly _context: vscode.ExtensionContext, private readonly _commands: () => TwinCommands, private readonly _log: Log) {}

  /** Registers the serializer that brings the panel back after a window reload. */
  register(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, saved: unknown) => {
        const state = (saved as { state?: DashboardState } | undefined)?.state;
        if (state) this._state = { ...state, linked: state.linked ?? null, loading: false, progress: null };
        this._attach(panel);
      },
    });
  }

  /** The state the dashboard shows (tests read it). */
  get state(): DashboardState {
    return this._state;
  }

  /** The panel, when open (tests read its visibility). */
  get panel(): vscode.WebviewPanel | undefined {
    return this._panel;
  }

  show(view?: DashboardView): void {
    if (view) this._setView(view);
    if (this._panel) {
      this._panel.reveal(undefined, false);
      return;
    }
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, t('Synthetic Twin'), vscode.ViewColumn.Active, this._options());
    this._attach(panel);
  }

  setProfile(dataPath: string, saved: Metadata, metadataPath: string | null, inferred: Record<string, ColumnType>): void {
    if (Object.keys(inferred).length) this._inferred = inferred;
    // The Profile view shows a sign-off only while it holds (a file edited after signing shows the sign-off form).
    const metadata = withSignOffIfHolds(saved, saved.signOff);
    this._saveContext({ ...this._ctx(), dataPath });
    this._state.profile = metadata;
    this._state.dataset = nodePath.basename(dataPath);
    this._state.metadataPath = metadataPath;
    this._post({ type: 'didChangeProfile', profile: metadata, dataset: this._state.dataset, metadataPath });
    // A ladder belongs to one dataset: never show another dataset's rungs under this one's name.
    if (this._state.ladder?.some((r) => r.dataset !== undefined && r.dataset !== nodePath.resolve(dataPath))) {
      this._state.ladder = null;
      this._post({ type: 'didChangeLadder', ladder: null });
    }
  }

  setEvaluation(report: EvaluationReport, synthetic: string, real: string): void {
    this._saveContext({ ...this._ctx(), synthetic, real, dataPath: this._ctx().dataPath ?? real });
    this._state.evaluation = report;
    this._state.dataset ??= nodePath.basename(real);
    this._post({ type: 'didChangeEvaluation', evaluation: report });
  }

  setLinked(dataPath: string, linked: LinkedDatasetState): void {
    // The view keeps the dataset's last twin evaluation until another one comes (profiling again or reopening does not drop it).
    const same = this._ctx().linkedPath === dataPath;
    if (!linked.evaluation && same && this._state.linked?.evaluation) linked = { ...linked, evaluation: this._state.linked.evaluation };
    this._saveContext({ ...this._ctx(), linkedPath: dataPath });
    this._state.linked = linked;
    this._post({ type: 'didChangeLinked', linked });
  }

  private _setView(view: DashboardView): void {
    this._state.view = view;
    this._post({ type: 'didShowView', view });
  }

  private _options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    const root = this._context.extensionUri;
    return {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(root, 'dist', 'webview'), vscode.Uri.joinPath(root, 'media')],
    };
  }

  private _attach(panel: vscode.WebviewPanel): void {
    this._panel = panel;
    this._ready = false;
    panel.webview.options = this._options();
    panel.iconPath = vscode.Uri.joinPath(this._context.extensionUri, 'media', 'icons', 'twin.svg');
    const webview = panel.webview;
    const dist = vscode.Uri.joinPath(this._context.extensionUri, 'dist', 'webview');
    webview.html = renderWebviewHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'main.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'main.css')).toString(),
      title: t('Synthetic Twin'),
    });
    this._disposables.push(
      webview.onDidReceiveMessage((m: unknown) => this._onMessage(m)),
      panel.onDidDispose(() => {
        if (this._panel === panel) this._panel = undefined;
        for (const t of this._running.values()) t.cancel();
      }),
      panel.onDidChangeViewState(() => {
        // A hidden webview is torn down (retainContextWhenHidden is off); it posts `ready` again when shown.
        if (!panel.visible) this._ready = false;
      }),
    );
  }

  private _post(msg: ToWebview): void {
    if (!this._panel) return;
    if (!this._ready) {
      // Until `ready`, only state matters: `init` will carry it whole.
      if (msg.type === 'response' || msg.type === 'progress') this._queue.push(msg);
      return;
    }
    this.posted.push(msg.type);
    void this._panel.webview.postMessage(msg);
  }

  private _onMessage(raw: unknown): void {
    const msg = parseToHost(raw);
    if (!msg) {
      this._log.warn('dashboard: ignored a malformed message from the webview');
      return;
    }
    switch (msg.type) {
      case 'ready': {
        this._ready = true;
        this.posted.push('init');
        void this._panel?.webview.postMessage({ type: 'init', state: this._state } satisfies ToWebview);
        const queued = this._queue;
        this._queue = [];
        for (const q of queued) this._post(q);
        return;
      }
      case 'showView':
        this._state.view = msg.view;
        return;
      case 'request':
        void this._handle(msg);
        return;
      default: {
        const never: never = msg;
        return never;
      }
    }
  }

  private async _handle(msg: RequestMessage): Promise<void> {
    const cts = new vscode.CancellationTokenSource();
    this._running.set(msg.id, cts);
    const onProgress = (stage: string, fraction?: number): void => this._post({ type: 'progress', id: msg.id, message: stage, fraction });
    try {
      const result = await this._dispatch(msg, cts.token, onProgress);
      this._post({ type: 'response', id: msg.id, ok: true, result } as ToWebview);
    } catch (e) {
      const cancelled = e instanceof JobError && e.kind === 'cancelled';
      const error = cancelled ? t('Cancelled') : t('{0} failed: {1}', ACTION[msg.method](), reasonOf(e));
      if (!cancelled) this._log.error(error, e instanceof JobError ? e.detail : undefined);
      this._post({ type: 'response', id: msg.id, ok: false, error, cancelled });
    } finally {
      this._running.delete(msg.id);
      cts.dispose();
    }
  }

  private async _dispatch(msg: RequestMessage, token: vscode.CancellationToken, onProgress: (stage: string, fraction?: number) => void): Promise<RequestMap[RequestMethod]['result']> {
    const commands = this._commands();
    const ctx = this._ctx();
    switch (msg.method) {
      case 'evaluate': {
        const p = msg.params;
        const real = p.real ?? ctx.real ?? ctx.dataPath;
        const synthetic = p.synthetic ?? ctx.synthetic;
        if (!real || !synthetic) throw new JobError('input', 'choose a twin first (Synthetic Twin: Evaluate Twin Against Real Data…)');
        const r = await commands.evaluatePaths(real, synthetic, { holdout: p.holdout, target: p.target ?? null, show: false, token, onProgress });
        if (!r) throw new JobError('cancelled', 'cancelled');
        this.setEvaluation(r.report, synthetic, real);
        return r.report;
      }
      case 'signOff': {
        const dataPath = ctx.dataPath;
        if (!dataPath) throw new JobError('input', 'profile a dataset first');
        const r = await commands.signOff(dataPath, msg.params);
        this.setProfile(dataPath, r.metadata, r.metadataPath, {});
        if (!r.metadataPath) void vscode.window.showWarningMessage(t('The workspace is not trusted: the sign-off is shown but not saved.'));
        return r.metadata;
      }
      case 'updateColumn':
      case 'setThreshold':
      case 'keepRule': {
        const dataPath = ctx.dataPath;
        if (!dataPath) throw new JobError('input', 'profile a dataset first');
        const p = msg.params;
        const r = await commands.review(dataPath, (d) => {
          if (msg.method === 'setThreshold') {
            d.threshold = (p as RequestMap['setThreshold']['params']).threshold;
          } else if (msg.method === 'keepRule') {
            const r = p as RequestMap['keepRule']['params'];
            const dropped = (d.droppedRules ?? []).filter((k) => k !== r.rule);
            d.droppedRules = r.keep ? dropped : [...dropped, r.rule];
          } else {
            const c = p as RequestMap['updateColumn']['params'];
            if (c.kind === 'exclude') {
              d.excluded = c.excluded ? [...d.excluded, c.column] : d.excluded.filter((n) => n !== c.column);
            } else if (c.kind === 'setType') {
              // Choosing the inferred type again is no decision; 'identifier' is a mark of its own.
              d.identifiers = d.identifiers.filter((n) => n !== c.column);
              if (c.type === 'identifier') {
                if (this._inferred[c.column] !== 'identifier') d.identifiers.push(c.column);
                delete d.types[c.column];
              } else if (c.type === this._inferred[c.column]) {
                delete d.types[c.column];
              } else {
                d.types[c.column] = c.type;
              }
            } else if (c.identifier) {
              d.identifiers.push(c.column);
            } else {
              // Unmarking returns the column to its chosen or inferred type.
              d.identifiers = d.identifiers.filter((n) => n !== c.column);
              if (this._inferred[c.column] === 'identifier' && !d.types[c.column]) d.types[c.column] = 'text';
            }
          }
        });
        this.setProfile(dataPath, r.metadata, r.metadataPath, r.inferredTypes);
        if (!r.metadataPath) void vscode.window.showWarningMessage(t('The workspace is not trusted: the decision is shown but not saved.'));
        return r.metadata;
      }
      case 'runLadder': {
        const dataPath = ctx.dataPath;
        if (!dataPath) throw new JobError('input', 'profile a dataset first');
        const rungs = await commands.runLadder(dataPath, { rows: msg.params.rows, seed: msg.params.seed, token, onProgress }, (r: LadderRung[]) => {
          this._state.ladder = r;
          this._post({ type: 'didChangeLadder', ladder: r });
        });
        this._state.ladder = rungs;
        return rungs;
      }
      case 'decideLink': {
        const dataPath = ctx.linkedPath;
        const linked = this._state.linked;
        if (!dataPath || !linked) throw new JobError('input', 'profile a folder of linked tables first');
        // Only a link the dataset lists can be decided (the message comes from the webview: untrusted).
        if (!linked.metadata.relationships.foreignKeys.some((f) => linkText(f) === msg.params.link)) throw new JobError('input', `the dataset has no link ${msg.params.link}`);
        return commands.decideLink(dataPath, msg.params.link, msg.params.decision, linked.evaluation);
      }
      case 'exportHtml': {
        const report = this._state.evaluation;
        if (!report) throw new JobError('input', 'there is no evaluation to export');
        const out = ctx.synthetic ? evaluationPathsFor(ctx.synthetic).html : nodePath.join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? this._context.globalStorageUri.fsPath, PACK_FILES.evaluationHtml);
        return { path: await commands.exportHtml(report, out) };
      }
      default: {
        const never: never = msg;
        return never;
      }
    }
  }

  private _ctx(): DashboardContext {
    return this._context.workspaceState.get<DashboardContext>(CONTEXT_KEY) ?? { dataPath: null, synthetic: null, real: null };
  }

  private _saveContext(c: DashboardContext): void {
    void this._context.workspaceState.update(CONTEXT_KEY, c);
  }

  dispose(): void {
    this._panel?.dispose();
    for (const d of this._disposables) d.dispose();
  }
}

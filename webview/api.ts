/**
 * The dashboard's two hosts behind one interface. In VS Code `acquireVsCodeApi`
 * exists: the app speaks the typed protocol of src/protocol/messages.ts and keeps
 * its state with getState/setState. Standalone (evaluation.html opened from disk)
 * the report is read from `<script type="application/json" id="twin-report">` and
 * nothing is ever sent anywhere.
 */
import { t, type EvaluationReport } from '../src/core/browser';
import {
  emptyDashboardState, isDashboardView,
  type DashboardState, type DashboardView, type RequestMap, type RequestMethod, type ToHost, type ToWebview,
} from '../src/protocol/messages';

/** View-local UI state (filters, sort order, scroll) kept across hide/show and reloads. */
export interface UiState {
  /** Text filter over column names in the Evaluation and Profile views. */
  filter: string;
  /** Order of the column cards. */
  sort: 'report' | 'worst';
  /** Scroll offset per view. */
  scroll: Partial<Record<DashboardView, number>>;
}

export const DEFAULT_UI: UiState = { filter: '', sort: 'report', scroll: {} };

export interface Host {
  readonly kind: 'vscode' | 'standalone';
  /** Starts the conversation; `onMessage` receives every host message (including `init`). */
  start(onMessage: (msg: ToWebview) => void): void;
  /** Sends a request; resolves with the result, rejects with the host's "<Action> failed: <reason>". */
  request<M extends RequestMethod>(method: M, params: RequestMap[M]['params'], onProgress?: (message: string, fraction?: number) => void): Promise<RequestMap[M]['result']>;
  /** Tells the host which view is shown (VS Code only). */
  showView(view: DashboardView): void;
  /** State saved by a previous instance of this webview, if any. */
  restore(): { state: DashboardState; ui: UiState } | null;
  /** Saves state for restore after hide/show or reload. */
  save(state: DashboardState, ui: UiState): void;
}

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare global {
  // Defined by VS Code inside webviews only (a global function, hence `var`).
  var acquireVsCodeApi: (() => VsCodeApi) | undefined;
}

/** The host this page runs in. */
export function detectHost(): Host {
  return typeof globalThis.acquireVsCodeApi === 'function' ? vscodeHost(globalThis.acquireVsCodeApi()) : standaloneHost();
}

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
  onProgress?: (message: string, fraction?: number) => void;
}

function vscodeHost(api: VsCodeApi): Host {
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const post = (msg: ToHost): void => api.postMessage(msg);
  return {
    kind: 'vscode',
    start(onMessage) {
      window.addEventListener('message', (event: MessageEvent) => {
        const msg = event.data as ToWebview;
        if (!msg || typeof msg !== 'object' || typeof msg.type !== 'string') return;
        if (msg.type === 'response') {
          const p = pending.get(msg.id);
          if (!p) return;
          pending.delete(msg.id);
          if (msg.ok) p.resolve(msg.result);
          else p.reject(new Error(msg.error));
          return;
        }
        if (msg.type === 'progress') {
          pending.get(msg.id)?.onProgress?.(msg.message, msg.fraction);
          return;
        }
        onMessage(msg);
      });
      post({ type: 'ready' });
    },
    request(method, params, onProgress) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (r: unknown) => void, reject, onProgress });
        post({ type: 'request', id, method, params } as ToHost);
      });
    },
    showView(view) {
      post({ type: 'showView', view });
    },
    restore() {
      const saved = api.getState();
      if (!saved || typeof saved !== 'object') return null;
      const { state, ui } = saved as { state?: DashboardState; ui?: UiState };
      if (!state || !isDashboardView(state.view)) return null;
      return { state, ui: { ...DEFAULT_UI, ...ui } };
    },
    save(state, ui) {
      api.setState({ state, ui });
    },
  };
}

/** Reads the report embedded by renderEvaluationHtml; null when absent or unreadable. */
export function readEmbeddedReport(doc: Document = document): EvaluationReport | null {
  const node = doc.getElementById('twin-report');
  if (!node || node.getAttribute('type') !== 'application/json') return null;
  try {
    const report = JSON.parse(node.textContent ?? '') as EvaluationReport;
    return report && typeof report === 'object' && report.format === 'twin-evaluation/1' ? report : null;
  } catch {
    return null;
  }
}

function standaloneHost(): Host {
  let memory: { state: DashboardState; ui: UiState } | null = null;
  return {
    kind: 'standalone',
    start(onMessage) {
      const report = readEmbeddedReport();
      const state = emptyDashboardState('evaluation');
      state.evaluation = report;
      state.dataset = report?.inputs.real.file ?? null;
      state.error = report ? null : t('No evaluation report found in this file.');
      onMessage({ type: 'init', state });
    },
    request(method) {
      return Promise.reject(new Error(`${method} is only available inside VS Code`));
    },
    showView() {
      // Standalone files have no host to tell.
    },
    restore() {
      return memory;
    },
    save(state, ui) {
      memory = { state, ui };
    },
  };
}

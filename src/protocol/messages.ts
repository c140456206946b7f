/**
 * The messages between the extension host and the dashboard webview, typed once
 * and imported by both builds (no `vscode`, no DOM here).
 *
 * Flow (STYLE.md §3): the webview posts `ready`; the host queues everything until
 * then and answers `init` with the whole state. The webview asks for work with
 * `request` (an `id` it picked; the host answers one `response` with that id,
 * may stream `progress` for it, and stops it on `cancel`). The host pushes changes
 * with `did…` notifications. Messages from the webview are untrusted input:
 * the host checks them with `parseToHost` before acting.
 */
import type { ColumnType, DatasetMetadata, EvaluationReport, Metadata } from '../core/browser';

/** The dashboard's views (tabs). */
export const DASHBOARD_VIEWS = ['profile', 'evaluation', 'ladder', 'links'] as const;
export type DashboardView = (typeof DASHBOARD_VIEWS)[number];

/** Fidelity levels, in ladder order. */
export const LADDER_LEVELS = ['structural', 'statistical', 'correlated'] as const;
export type LadderLevel = (typeof LADDER_LEVELS)[number];

/** One rung of the fidelity ladder: a level's twin and its evaluation. */
export interface LadderRung {
  /** The fidelity level this rung generated. */
  level: LadderLevel;
  /** Absolute path of the data file the rung is about; a view shows rungs only for their own dataset. */
  dataset?: string;
  /** Where the twin came from: the disclosure-controlled metadata alone, or the real (training) records. */
  madeFrom?: 'metadata' | 'real data';
  /** Where the rung's job is. */
  status: 'pending' | 'running' | 'done' | 'failed';
  /** The level's evaluation once done, else null. */
  report: EvaluationReport | null;
  /** "<Action> failed: <reason>" when status is 'failed'. */
  error?: string;
}

/** The scores of one link of a linked twin (SDMetrics' multi-table metrics), null where not defined. */
export interface LinkScoresView {
  /** `child.COL->parent.COL`, as metadata.json's links are named in review decisions. */
  link: string;
  referentialIntegrity: number | null;
  cardinalityShapeSimilarity: number | null;
  cardinalityBoundaryAdherence: number | null;
}

/** The cross-table evaluation of a linked twin as the Linked tables view shows it. */
export interface LinkedEvaluationView {
  /** The twin folder's name. */
  twin: string;
  /** Per table: rows of the real and twin tables, and the table's quality (its evaluation's fidelity score). */
  tables: { name: string; realRows: number; twinRows: number; quality: number | null }[];
  links: LinkScoresView[];
  /** Means over the links, as SDMetrics' multi-table properties average them. */
  means: { referentialIntegrity: number | null; cardinalityShapeSimilarity: number | null; cardinalityBoundaryAdherence: number | null };
}

/** A linked dataset (a folder of tables) in the Linked tables view. */
export interface LinkedDatasetState {
  /** The dataset's name (its folder's). */
  name: string;
  /** Its disclosure-safe metadata.json (twin-metadata/2): tables, keys, links with evidence and status. */
  metadata: DatasetMetadata;
  /** The metadata file link decisions are saved to, or null when it was not written (untrusted workspace). */
  metadataPath: string | null;
  /** The relationship diagram: the release pack's relationships.svg of this metadata, shown as an image. */
  diagramSvg: string;
  /** The last linked twin's cross-table evaluation; null before one. */
  evaluation: LinkedEvaluationView | null;
}

/** Everything the dashboard shows; sent whole in `init` and kept by the webview across reloads. */
export interface DashboardState {
  /** The view shown. */
  view: DashboardView;
  /** Name of the dataset the dashboard is about (file name), or null when none is open. */
  dataset: string | null;
  /** Disclosure-safe metadata shown in the Profile view; null before profiling. */
  profile: Metadata | null;
  /** The metadata file the Profile view's decisions and sign-off are saved to, or null when there is none yet. */
  metadataPath: string | null;
  /** The evaluation report shown in the Evaluation view; null before an evaluation. */
  evaluation: EvaluationReport | null;
  /** Rungs of the fidelity ladder, in level order; null before the ladder was run. */
  ladder: LadderRung[] | null;
  /** The linked dataset of the Linked tables view; null before a folder was profiled. */
  linked: LinkedDatasetState | null;
  /** True while the host works on something the current view waits for. */
  loading: boolean;
  /** Last failure, "<Action> failed: <reason>", or null. */
  error: string | null;
  /** Progress of the running job, or null when idle. */
  progress: ProgressInfo | null;
}

/** Progress of a running job. */
export interface ProgressInfo {
  /** Short stage label, e.g. "reading", "fitting". */
  message: string;
  /** Fraction done, 0..1, when known. */
  fraction?: number;
}

/** A change a person makes to one column's review decisions in the Profile view (core/review), saved to the metadata file. */
export type ColumnChange =
  | { column: string; kind: 'setType'; type: ColumnType }
  | { column: string; kind: 'markIdentifier'; identifier: boolean }
  | { column: string; kind: 'exclude'; excluded: boolean };

/** Request methods: their parameters and results. */
export interface RequestMap {
  /** Evaluate a twin: the host asks for files it does not know yet. */
  evaluate: { params: { real?: string; synthetic?: string; holdout?: string; target?: string }; result: EvaluationReport };
  /** Apply a change to a column's review decisions; returns the updated metadata. */
  updateColumn: { params: ColumnChange; result: Metadata };
  /** Change the rare-category threshold k; returns the updated metadata. */
  setThreshold: { params: { threshold: number }; result: Metadata };
  /** Keep or drop a record rule (named by its `ruleKey`); returns the updated metadata. */
  keepRule: { params: { rule: string; keep: boolean }; result: Metadata };
  /** Sign the metadata off; returns the updated metadata. */
  signOff: { params: { name: string; role: string; note?: string }; result: Metadata };
  /** Generate and evaluate every level for the current dataset. */
  runLadder: { params: { rows?: number; seed?: number }; result: LadderRung[] };
  /** Write the current evaluation as a standalone evaluation.html; returns its path. */
  exportHtml: { params: Record<string, never>; result: { path: string } };
  /** Confirm or reject a link of the linked dataset (named `child.COL->parent.COL`); saved to its metadata.json; returns the updated dataset. */
  decideLink: { params: { link: string; decision: LinkDecision }; result: LinkedDatasetState };
}

/** A person's verdict on a link in the Linked tables view (confirming a rejected link restores it). */
export type LinkDecision = 'confirm' | 'reject';
export type RequestMethod = keyof RequestMap;
export const REQUEST_METHODS: readonly RequestMethod[] = ['evaluate', 'updateColumn', 'setThreshold', 'keepRule', 'signOff', 'runLadder', 'exportHtml', 'decideLink'];

/** A request for one method, with its typed params. */
export type RequestMessage<M extends RequestMethod = RequestMethod> = M extends RequestMethod
  ? { type: 'request'; id: number; method: M; params: RequestMap[M]['params'] }
  : never;

/** Messages the webview posts to the host (imperative). */
export type ToHost =
  | { type: 'ready' }
  | RequestMessage
  /** The user switched tabs; the host records it for restore. */
  | { type: 'showView'; view: DashboardView };

/** A response for one method, with its typed result. */
export type ResponseMessage<M extends RequestMethod = RequestMethod> =
  | { type: 'response'; id: number; ok: true; result: RequestMap[M]['result'] }
  | { type: 'response'; id: number; ok: false; error: string; cancelled?: boolean };

/** Messages the host posts to the webview. */
export type ToWebview =
  | { type: 'init'; state: DashboardState }
  | { type: 'progress'; id: number; message: string; fraction?: number }
  | ResponseMessage
  | { type: 'didChangeProfile'; profile: Metadata | null; dataset: string | null; metadataPath: string | null }
  | { type: 'didChangeEvaluation'; evaluation: EvaluationReport | null }
  | { type: 'didChangeLadder'; ladder: LadderRung[] | null }
  | { type: 'didChangeLinked'; linked: LinkedDatasetState | null }
  | { type: 'didShowView'; view: DashboardView };

/** The state of an empty dashboard. */
export function emptyDashboardState(view: DashboardView = 'evaluation'): DashboardState {
  return { view, dataset: null, profile: null, metadataPath: null, evaluation: null, ladder: null, linked: null, loading: false, error: null, progress: null };
}

/** True when `v` names a dashboard view. */
export function isDashboardView(v: unknown): v is DashboardView {
  return typeof v === 'string' && (DASHBOARD_VIEWS as readonly string[]).includes(v);
}

/**
 * Checks a message posted by the webview and returns it typed, or null when it is
 * not a well-formed `ToHost` message. Request params are checked for shape; the
 * handler still validates values (paths, column names) against its own state.
 */
export function parseToHost(msg: unknown): ToHost | null {
  if (!isRecord(msg) || typeof msg.type !== 'string') return null;
  switch (msg.type) {
    case 'ready':
      return { type: 'ready' };
    case 'showView':
      return isDashboardView(msg.view) ? { type: 'showView', view: msg.view } : null;
    case 'request': {
      if (!isId(msg.id) || typeof msg.method !== 'string' || !(REQUEST_METHODS as readonly string[]).includes(msg.method)) return null;
      const params = msg.params === undefined ? {} : msg.params;
      if (!isRecord(params) || !paramsValid(msg.method as RequestMethod, params)) return null;
      return { type: 'request', id: msg.id, method: msg.method, params } as RequestMessage;
    }
    default:
      return null;
  }
}

function paramsValid(method: RequestMethod, p: Record<string, unknown>): boolean {
  const optString = (k: string): boolean => p[k] === undefined || typeof p[k] === 'string';
  const optInt = (k: string): boolean => p[k] === undefined || (typeof p[k] === 'number' && Number.isInteger(p[k]));
  switch (method) {
    case 'evaluate':
      return optString('real') && optString('synthetic') && optString('holdout') && optString('target');
    case 'updateColumn':
      if (typeof p.column !== 'string') return false;
      if (p.kind === 'setType') return typeof p.type === 'string';
      if (p.kind === 'markIdentifier') return typeof p.identifier === 'boolean';
      if (p.kind === 'exclude') return typeof p.excluded === 'boolean';
      return false;
    case 'setThreshold':
      return typeof p.threshold === 'number' && Number.isInteger(p.threshold) && p.threshold >= 1;
    case 'keepRule':
      return typeof p.rule === 'string' && typeof p.keep === 'boolean';
    case 'signOff':
      return typeof p.name === 'string' && p.name.trim() !== '' && typeof p.role === 'string' && p.role.trim() !== '' && optString('note');
    case 'runLadder':
      return optInt('rows') && optInt('seed');
    case 'exportHtml':
      return true;
    case 'decideLink':
      return typeof p.link === 'string' && p.link.length > 0 && p.link.length <= 1000 && (p.decision === 'confirm' || p.decision === 'reject');
    default: {
      const never: never = method;
      return never;
    }
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isId(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

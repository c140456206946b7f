/**
 * What every command module shares: the services (worker, status bar, log, dashboard, tree), the
 * host a command runs in (TwinCommands in index.ts), and the small argument and trust helpers.
 */
import * as vscode from 'vscode';
import { t, type ColumnType, type EvaluationReport, type Metadata } from '../../core';
import type { DashboardView, LinkedDatasetState } from '../../protocol/messages';
import type { TwinSettings } from '../config';
import type { JobServices } from '../progress';
import { editorPrompts, type Prompts } from '../prompts';

/** What the dashboard panel offers the commands (implemented in dashboard.ts). */
export interface DashboardSink {
  show(view?: DashboardView): void;
  setProfile(dataPath: string, metadata: Metadata, metadataPath: string | null, inferredTypes: Record<string, ColumnType>): void;
  setEvaluation(report: EvaluationReport, synthetic: string, real: string): void;
  /** The linked dataset (a folder of tables) of the Linked tables view. */
  setLinked(dataPath: string, linked: LinkedDatasetState): void;
}

/** What the commands share: the worker, status bar, log, dashboard and tree refresh. */
export interface CommandServices extends JobServices {
  context: vscode.ExtensionContext;
  dashboard(): DashboardSink;
  refresh(): void;
}

/** The host a command module runs in (TwinCommands): its services, settings, prompts and memory. */
export interface CommandHost {
  readonly services: CommandServices;
  readonly settings: TwinSettings;
  readonly prompts: Prompts;
  /** Folder of the dashboard bundle (dist/webview). */
  readonly webviewDir: string;
  /** What the last notice's action did, once the user picked it (for tests). */
  lastNotice: Promise<unknown> | null;
  /** Ends a flow that did not run, saying why; returns undefined for `return host.stop(…)`. */
  stop(action: string, why: string, notify?: boolean): undefined;
  /** Remembers the data file behind a reviewed metadata file (a metadata-made twin's real data). */
  rememberData(metadataPath: string, dataPath: string): void;
  /** The data file remembered behind a metadata file. */
  dataOf(metadataPath: string): string | undefined;
  /** The Evaluate command (asking what is not given), as a notice's action runs it. */
  evaluateTwin(options: { synthetic: string; real: string }): Promise<unknown>;
}

/** The reason part of a failure message: one line, no stack. */
export function reasonOf(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/[\r\n]+/g, ' ').trim();
}

/** Commands get (uri, uris) from the Explorer, (options) from tests and the walkthrough. */
export function splitArgs<O>(arg: unknown, more: unknown): { uri?: vscode.Uri; options: O } {
  if (arg instanceof vscode.Uri) return { uri: arg, options: (isPlainObject(more) ? more : {}) as O };
  if (isPlainObject(arg) && typeof (arg as { fsPath?: unknown }).fsPath === 'string' && typeof (arg as { scheme?: unknown }).scheme === 'string') {
    return { uri: vscode.Uri.file((arg as { fsPath: string }).fsPath), options: {} as O };
  }
  if (isPlainObject(arg) && 'uri' in arg && (arg as { uri: unknown }).uri instanceof vscode.Uri) {
    // A node of the Synthetic Twin tree.
    return { uri: (arg as { uri: vscode.Uri }).uri, options: {} as O };
  }
  return { options: (isPlainObject(arg) ? arg : {}) as O };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Writing needs a trusted workspace: asks for trust and says why; true when trusted. */
export async function requireTrust(action: string, prompts: Prompts = editorPrompts): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manage = t('Manage Workspace Trust');
  const choice = await prompts.warning(t('{0} writes files, which needs a trusted workspace. Profiling and viewing work without trust.', action), {}, manage);
  if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}

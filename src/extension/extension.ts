/**
 * The VS Code extension: thin adapters over the core. Activation registers the
 * commands, the "Synthetic Twin" Explorer view and the dashboard's serializer, and
 * nothing else: the worker, the log and the panel are created on first use, so
 * activation stays cheap. No network access and no telemetry of any kind.
 */
import { performance } from 'node:perf_hooks';
import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import { TwinCommands, type DashboardCommandOptions } from './commands';
import { Dashboard } from './dashboard';
import { BusyIndicator, WorkerClient } from './jobs';
import { useEditorLanguage } from './language';
import { Log } from './log';
import { TwinTreeProvider } from './tree';

/** What the extension exports to other extensions and to its own integration tests. */
export interface TwinExtensionApi {
  /** Milliseconds `activate` took. */
  activationMs: number;
  commands: TwinCommands;
  dashboard: Dashboard;
  tree: TwinTreeProvider;
  busy: BusyIndicator;
  worker: WorkerClient;
  /** The language the extension speaks (the editor's display language; see language.ts). */
  language: 'en' | 'cy';
  /** The extension's log folder (the log channel's file is in a sibling output_logging_* folder). */
  logDir: string;
}

export function activate(context: vscode.ExtensionContext): TwinExtensionApi {
  const started = performance.now();
  const language = useEditorLanguage();
  const log = new Log();
  const worker = new WorkerClient(nodePath.join(context.extensionPath, 'dist', 'worker.js'), log);
  const busy = new BusyIndicator();
  const tree = new TwinTreeProvider();
  let commands: TwinCommands;
  const dashboard = new Dashboard(context, () => commands, log);
  commands = new TwinCommands({ context, worker, busy, log, dashboard: () => dashboard, refresh: () => tree.refresh() });

  const register = (id: string, fn: (...args: unknown[]) => unknown): void => {
    context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  };
  register('syntheticTwin.profileDataset', (a, b) => commands.profileDataset(a as vscode.Uri, b as object));
  register('syntheticTwin.profileDatabaseTable', (a) => commands.profileDatabaseTable((a ?? {}) as object));
  register('syntheticTwin.generateTwin', (a, b) => commands.generateTwin(a as vscode.Uri, b as object));
  register('syntheticTwin.evaluateTwin', (a, b) => commands.evaluateTwin(a as vscode.Uri, b as object));
  register('syntheticTwin.createReleasePack', (a, b) => commands.createReleasePack(a as vscode.Uri, b as object));
  register('syntheticTwin.openSample', (a, b) => commands.openSample(a as vscode.Uri, b as object));
  register('syntheticTwin.openLinkedSample', (a, b) => commands.openLinkedSample(a as vscode.Uri, b as object));
  register('syntheticTwin.openDashboard', (a) => commands.openDashboard(a as vscode.Uri | DashboardCommandOptions | undefined));
  register('syntheticTwin.refreshView', () => tree.refresh());
  register('syntheticTwin.showLog', () => log.show());

  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{csv,tsv,txt,parquet,arrow,feather,json,md}');
  context.subscriptions.push(
    vscode.window.registerTreeDataProvider('syntheticTwin.datasets', tree),
    dashboard.register(),
    watcher,
    watcher.onDidCreate(() => tree.refresh()),
    watcher.onDidDelete(() => tree.refresh()),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('syntheticTwin')) tree.refresh(); }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => tree.refresh()),
    tree, dashboard, busy, worker, log,
  );
  const activationMs = performance.now() - started;
  log.info(`activated in ${activationMs.toFixed(1)} ms (language ${language})`);
  return { activationMs, commands, dashboard, tree, busy, worker, language, logDir: context.logUri.fsPath };
}

export function deactivate(): void {
  // Everything is in context.subscriptions; the worker is terminated by its dispose.
}

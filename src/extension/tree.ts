import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import { t } from '../core';
import { readSettings } from './config';
import { statusOf, scanWorkspace, type DatasetEntry, type TwinEntry } from './workspaceIndex';

/** A node of the "Synthetic Twin" view: a dataset, its metadata, or one of its twins. */
export type TwinNode =
  | { kind: 'dataset'; uri: vscode.Uri; entry: DatasetEntry }
  | { kind: 'metadata'; uri: vscode.Uri; entry: DatasetEntry }
  | { kind: 'twin'; uri: vscode.Uri; twin: TwinEntry };

/**
 * The Explorer view listing the workspace's datasets with their status (profiled, signed
 * off, generated, evaluated, released), their reviewed metadata and their twins. Inline
 * actions come from package.json `menus.view/item/context` by `contextValue`.
 */
export class TwinTreeProvider implements vscode.TreeDataProvider<TwinNode>, vscode.Disposable {
  private readonly _changed = new vscode.EventEmitter<TwinNode | undefined>();
  readonly onDidChangeTreeData = this._changed.event;
  private _timer: NodeJS.Timeout | undefined;
  private _datasets: Promise<DatasetEntry[]> | undefined;

  /** Refreshes soon (several file events in a burst cause one scan). */
  refresh(): void {
    if (this._timer) clearTimeout(this._timer);
    this._timer = setTimeout(() => {
      this._datasets = undefined;
      this._changed.fire(undefined);
    }, 200);
  }

  /** The datasets as last scanned (tests read it). */
  datasets(): Promise<DatasetEntry[]> {
    this._datasets ??= scanWorkspace(readSettings());
    return this._datasets;
  }

  async getChildren(node?: TwinNode): Promise<TwinNode[]> {
    if (!node) {
      const datasets = await this.datasets();
      // An empty list shows the view's welcome content (package.json viewsWelcome).
      return datasets.map((entry) => ({ kind: 'dataset', uri: vscode.Uri.file(entry.path), entry }));
    }
    if (node.kind !== 'dataset') return [];
    const children: TwinNode[] = [];
    if (node.entry.metadataPath) children.push({ kind: 'metadata', uri: vscode.Uri.file(node.entry.metadataPath), entry: node.entry });
    for (const twin of node.entry.twins) children.push({ kind: 'twin', uri: vscode.Uri.file(twin.twinPath), twin });
    return children;
  }

  getTreeItem(node: TwinNode): vscode.TreeItem {
    switch (node.kind) {
      case 'dataset': {
        const status = statusOf(node.entry);
        const item = new vscode.TreeItem(nodePath.basename(node.entry.path),
          node.entry.metadataPath || node.entry.twins.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
        item.resourceUri = node.uri;
        // The description stays short enough for a narrow sidebar; the tooltip has every step.
        item.description = shortStatus(status);
        item.tooltip = `${vscode.workspace.asRelativePath(node.uri)}\n${status.length ? status.map(statusWord).join(' · ') : t('not profiled')}`;
        item.contextValue = 'syntheticTwin.dataset';
        if (node.entry.linked) {
          // A folder of linked tables: its Linked tables view once profiled.
          item.tooltip = `${vscode.workspace.asRelativePath(node.uri)}: ${t('{0} linked tables', node.entry.linked.tables)}\n${status.map(statusWord).join(' · ')}`;
          item.iconPath = new vscode.ThemeIcon('references');
          item.command = { command: 'syntheticTwin.openDashboard', title: t('Show Tables and Links'), arguments: [{ view: 'links', path: node.entry.path }] };
          return item;
        }
        item.iconPath = new vscode.ThemeIcon('database');
        item.command = { command: 'vscode.open', title: t('Open'), arguments: [node.uri] };
        return item;
      }
      case 'metadata': {
        if (node.entry.linked) {
          const item = new vscode.TreeItem('metadata', vscode.TreeItemCollapsibleState.None);
          item.resourceUri = node.uri;
          item.description = t('tables and links');
          item.tooltip = `${vscode.workspace.asRelativePath(node.uri)}\n${t('review the links in the Linked tables view')}`;
          item.contextValue = 'syntheticTwin.metadata';
          item.iconPath = new vscode.ThemeIcon('shield');
          item.command = { command: 'syntheticTwin.openDashboard', title: t('Review'), arguments: [{ view: 'links', path: node.entry.path }] };
          return item;
        }
        const signed = node.entry.signOff;
        const item = new vscode.TreeItem('metadata', vscode.TreeItemCollapsibleState.None);
        item.resourceUri = node.uri;
        item.description = signed ? t('signed off') : t('not signed off');
        item.tooltip = `${vscode.workspace.asRelativePath(node.uri)}\n${signed ? t('signed off by {0} on {1}', signed.name, signed.date) : t('not signed off: review it in the Profile view')}`;
        item.contextValue = 'syntheticTwin.metadata';
        item.iconPath = new vscode.ThemeIcon(signed ? 'verified' : 'shield');
        item.command = { command: 'syntheticTwin.openDashboard', title: t('Review'), arguments: [{ view: 'profile', path: node.entry.path }] };
        return item;
      }
      case 'twin': {
        const twin = node.twin;
        const status = ['generated', ...(twin.evaluated ? ['evaluated'] : []), ...(twin.released ? ['released'] : [])];
        const item = new vscode.TreeItem(t('{0} twin', levelWord(twin.level)), vscode.TreeItemCollapsibleState.None);
        item.resourceUri = node.uri;
        item.description = `${twin.linked ? t('{0} tables, ', twin.linked.tables) : ''}${t('{0} rows', twin.rows.toLocaleString('en-GB'))}${status.length > 1 ? ` · ${statusWord(status[status.length - 1])}` : ''}`;
        item.tooltip = `${vscode.workspace.asRelativePath(node.uri)}\n${status.map(statusWord).join(' · ')}; ${t('method {0}', twin.method)}`;
        item.contextValue = twin.linked ? 'syntheticTwin.linkedTwin' : twin.evaluated ? 'syntheticTwin.twin.evaluated' : 'syntheticTwin.twin';
        if (twin.linked) {
          item.iconPath = new vscode.ThemeIcon(twin.released ? 'package' : twin.evaluated ? 'pass' : 'folder');
          item.command = { command: 'revealInExplorer', title: t('Reveal'), arguments: [node.uri] };
          return item;
        }
        item.iconPath = new vscode.ThemeIcon(twin.released ? 'package' : twin.evaluated ? 'pass' : 'file');
        item.command = { command: 'vscode.open', title: t('Open'), arguments: [node.uri] };
        return item;
      }
      default: {
        const never: never = node;
        return never;
      }
    }
  }

  dispose(): void {
    if (this._timer) clearTimeout(this._timer);
    this._changed.dispose();
  }
}

/** Longest tree description, in characters, that a default-width sidebar shows beside a file name without cutting it. */
export const TREE_DESCRIPTION_MAX = 24;

/** A dataset's status in a few words: its review state and its furthest twin step ("signed off · evaluated"). */
export function shortStatus(status: string[]): string {
  const review = status.includes('signed off') ? 'signed off' : status.includes('profiled') ? 'profiled' : 'not profiled';
  const twin = ['released', 'evaluated', 'generated'].find((s) => status.includes(s));
  return twin ? `${statusWord(review)} · ${statusWord(twin)}` : statusWord(review);
}

/** A status step (statusOf's English names) in the display language, short enough for the tree. */
export function statusWord(step: string): string {
  switch (step) {
    case 'profiled': return t('profiled');
    case 'signed off': return t('signed off');
    case 'not profiled': return t('not profiled');
    case 'generated': return t('generated');
    case 'evaluated': return t('evaluated');
    case 'released': return t('released');
    default: return step;
  }
}

/** A fidelity level's name in the display language. */
export function levelWord(level: string): string {
  switch (level) {
    case 'structural': return t('structural');
    case 'statistical': return t('statistical');
    case 'correlated': return t('correlated');
    default: return level;
  }
}

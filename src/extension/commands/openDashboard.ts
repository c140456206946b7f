/** Open Dashboard: with a data file, its saved metadata in the Profile view; with a folder of linked tables, the Linked tables view (no profiling is run). */
import * as vscode from 'vscode';
import type { DashboardView } from '../../protocol/messages';
import { isDataFile, metadataPathFor } from '../paths';
import { readMetadata } from '../workspaceIndex';
import { splitArgs, type CommandHost } from './host';
import { isLinkedDataset, readLinkedMetadata } from './linked';
import { linkedDatasetState } from '../linkedView';

/** Options of "Open Dashboard". */
export interface DashboardCommandOptions {
  view?: DashboardView;
  /** A data file whose saved metadata the Profile view should show, or a folder of linked tables for the Linked tables view (no profiling is run). */
  path?: string;
}

export function openDashboard(host: CommandHost, arg?: vscode.Uri | DashboardCommandOptions): void {
  const { uri, options } = splitArgs<DashboardCommandOptions>(arg, undefined);
  // From the tree's metadata item the argument is the node, which names its dataset.
  const nodeData = (arg as { entry?: { path?: unknown } } | undefined)?.entry?.path;
  const path = options.path ?? (typeof nodeData === 'string' ? nodeData : uri && (isDataFile(uri.fsPath) || isLinkedDataset(uri.fsPath)) ? uri.fsPath : undefined);
  let view = options.view;
  const dashboard = host.services.dashboard();
  if (path && isLinkedDataset(path)) {
    const metadataPath = metadataPathFor(path, host.settings);
    const metadata = readLinkedMetadata(metadataPath);
    if (metadata) {
      dashboard.setLinked(path, linkedDatasetState(metadata, metadataPath, null));
      view ??= 'links';
    }
  } else if (path) {
    const metadataPath = metadataPathFor(path, host.settings);
    const metadata = readMetadata(metadataPath);
    if (metadata) {
      dashboard.setProfile(path, metadata, metadataPath, {});
      view ??= 'profile';
    }
  }
  dashboard.show(view);
}

/** Profile Dataset: the worker profiles the file; its disclosure-safe metadata is saved with the saved decisions applied. */
import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import { decisionsOf, type Metadata, metadataToJson, withSignOffIfHolds, t } from '../../core';
import { metadataPathFor } from '../paths';
import { runJob, type RunControl } from '../progress';
import { readMetadata } from '../workspaceIndex';
import type { CommandHost } from './host';
import { isLinkedDataset, profileLinkedPath, type LinkedProfileResult } from './linked';
import { pickDataset } from './pick';
import { saveTextWithEdit } from './saveText';

/** Options of "Profile Dataset" (all optional: without them the command asks). */
export interface ProfileCommandOptions extends RunControl {
  /** The data file, or a folder (or dataset.json) of linked tables. */
  path?: string;
  /** Rare-category threshold k (default: the setting). */
  threshold?: number;
  /** Open the dashboard's Profile view afterwards (default true). */
  show?: boolean;
}

export interface ProfileResult { path: string; metadata: Metadata; metadataPath: string | null }

/** The command: the file (or folder of linked tables) from the options, the Explorer or a picker. */
export async function profileCommand(host: CommandHost, uri: vscode.Uri | undefined, options: ProfileCommandOptions): Promise<ProfileResult | LinkedProfileResult | undefined> {
  const path = options.path ?? uri?.fsPath ?? (await pickDataset(host.prompts, t('Profile which dataset?')));
  if (!path) return host.stop(t('Profiling'), t('no dataset was chosen'));
  if (isLinkedDataset(path)) return (await profileLinkedPath(host, path, options)) ?? host.stop(t('Profiling'), t('it was cancelled'));
  return (await profilePath(host, path, options)) ?? host.stop(t('Profiling'), t('it was cancelled'));
}

/** Profiles a data file in the worker and saves its metadata (trusted workspaces); undefined when cancelled. */
export async function profilePath(host: CommandHost, path: string, options: ProfileCommandOptions = {}): Promise<ProfileResult | undefined> {
  const { settings, services: s } = host;
  const metadataPath = metadataPathFor(path, settings);
  const saved = readMetadata(metadataPath);
  // The k of the settings (or the caller's); a k the reviewer decided is in the saved decisions and wins.
  const threshold = options.threshold ?? settings.rareCategoryThreshold;
  const decisions = saved ? decisionsOf(saved) : undefined;
  const result = await runJob(s, t('Profiling {0}', nodePath.basename(path)), 'profile',
    { path, missingTokens: settings.missingValueTokens, threshold, decisions, threads: settings.threads }, [], options);
  if (!result) return undefined;
  // A sign-off holds for exactly the metadata it signed: kept when profiling again gives the same figures.
  const metadata = withSignOffIfHolds(result.metadata, saved?.signOff);
  let written: string | null = null;
  if (vscode.workspace.isTrusted) {
    await saveTextWithEdit(metadataPath, metadataToJson(metadata));
    written = metadataPath;
    host.rememberData(metadataPath, path);
  } else {
    s.log.info('workspace not trusted: the metadata is shown but not written');
  }
  s.log.info(`profiled ${path}: ${result.rows} rows, ${metadata.columns.length} columns in ${result.seconds.toFixed(2)} s (${result.megabytesPerSecond.toFixed(0)} MB/s)`);
  s.refresh();
  s.dashboard().setProfile(path, metadata, written, result.inferredTypes);
  if (options.show !== false) s.dashboard().show('profile');
  return { path, metadata, metadataPath: written };
}

import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import type { LadderLevel } from '../protocol/messages';
import type { TwinSettings } from './config';

/** File extensions the extension treats as datasets (Explorer menus, tree view, pickers). */
export const DATA_EXTENSIONS = ['.csv', '.tsv', '.txt', '.parquet', '.arrow', '.feather'] as const;

/** Glob of data files, for workspace.findFiles and the activation event. */
export const DATA_GLOB = '**/*.{csv,tsv,txt,parquet,arrow,feather}';

/** Folders never searched for datasets. */
export const EXCLUDE_GLOB = '**/{node_modules,.git,.vscode-test,.vscode-test-tools,dist,out}/**';

/** True for a data file by extension. */
export function isDataFile(path: string): boolean {
  return (DATA_EXTENSIONS as readonly string[]).includes(nodePath.extname(path).toLowerCase());
}

/** True for a twin written by this tool (`<name>.synthetic.<ext>`). */
export function isTwinFile(path: string): boolean {
  return isDataFile(path) && nodePath.basename(path, nodePath.extname(path)).endsWith('.synthetic');
}

/** True for a recipe (`*.twin.json`). */
export function isRecipeFile(path: string): boolean {
  return path.toLowerCase().endsWith('.twin.json');
}

/** The dataset's name: the file name without its extension. */
export function datasetName(dataPath: string): string {
  return nodePath.basename(dataPath, nodePath.extname(dataPath));
}

/**
 * Where outputs for a dataset go: `<workspace folder>/<outputFolder>` when the setting is
 * set and the data is inside a workspace folder, else the data file's own folder.
 */
export function outputRoot(dataPath: string, settings: TwinSettings): string {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(dataPath));
  if (settings.outputFolder && folder) return nodePath.join(folder.uri.fsPath, settings.outputFolder);
  return nodePath.dirname(dataPath);
}

/** The reviewed, disclosure-safe metadata of a dataset: `<root>/<name>.metadata.json`. */
export function metadataPathFor(dataPath: string, settings: TwinSettings): string {
  return nodePath.join(outputRoot(dataPath, settings), `${datasetName(dataPath)}.metadata.json`);
}

/** The folder of one level's twin (and release pack): `<root>/<name>-<level>/`. */
export function twinFolderFor(dataPath: string, level: LadderLevel, settings: TwinSettings): string {
  return nodePath.join(outputRoot(dataPath, settings), `${datasetName(dataPath)}-${level}`);
}

/** The twin file: `<root>/<name>-<level>/<name>.synthetic.<ext>` (Feather is written as Arrow IPC too). */
export function twinPathFor(dataPath: string, level: LadderLevel, settings: TwinSettings): string {
  const ext = nodePath.extname(dataPath) || '.csv';
  return nodePath.join(twinFolderFor(dataPath, level, settings), `${datasetName(dataPath)}.synthetic${ext}`);
}

/** `<stem>.twin.json` beside a twin (the core's recipePathFor rule). */
export function recipePathForTwin(twinPath: string): string {
  let stem = nodePath.basename(twinPath, nodePath.extname(twinPath));
  if (stem.endsWith('.synthetic')) stem = stem.slice(0, -'.synthetic'.length);
  return nodePath.join(nodePath.dirname(twinPath), `${stem}.twin.json`);
}

/** evaluation.json and evaluation.html beside a twin. */
export function evaluationPathsFor(twinPath: string): { json: string; html: string } {
  const dir = nodePath.dirname(twinPath);
  return { json: nodePath.join(dir, 'evaluation.json'), html: nodePath.join(dir, 'evaluation.html') };
}

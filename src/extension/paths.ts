import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import type { LadderLevel } from '../protocol/messages';
import type { TwinSettings } from './config';
import * as outputs from '../core';

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
  return isDataFile(path) && outputs.isTwinFileName(path);
}

/** True for a recipe (`*.twin.json`). */
export const isRecipeFile = outputs.isRecipeFileName;

/** Glob of recipes, for workspace.findFiles. */
export const RECIPE_GLOB = `**/*${outputs.RECIPE_SUFFIX}`;

/** The dataset's name: the file name without its extension. */
export const datasetName = outputs.datasetNameOf;

/** Where outputs for a dataset go (core's workspaceOutputRoot for the data's workspace folder). */
export function outputRoot(dataPath: string, settings: TwinSettings): string {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(dataPath));
  return outputs.workspaceOutputRoot(dataPath, folder?.uri.fsPath, settings.outputFolder);
}

/** The reviewed, disclosure-safe metadata of a dataset: `<root>/<name>.metadata.json`. */
export function metadataPathFor(dataPath: string, settings: TwinSettings): string {
  return outputs.reviewedMetadataPath(outputRoot(dataPath, settings), dataPath);
}

/** The folder of one level's twin (and release pack): `<root>/<name>-<level>/`. */
export function twinFolderFor(dataPath: string, level: LadderLevel, settings: TwinSettings): string {
  return outputs.levelFolder(outputRoot(dataPath, settings), dataPath, level);
}

/** The twin file: `<root>/<name>-<level>/<name>.synthetic.<ext>` (Feather is written as Arrow IPC too). */
export function twinPathFor(dataPath: string, level: LadderLevel, settings: TwinSettings): string {
  return outputs.twinPathIn(twinFolderFor(dataPath, level, settings), dataPath);
}

/** `<stem>.twin.json` beside a twin. */
export const recipePathForTwin = outputs.recipePathFor;

/** evaluation.json and evaluation.html beside a twin. */
export const evaluationPathsFor = outputs.evaluationPathsFor;

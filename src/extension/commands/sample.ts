/** Open Sample Dataset: writes (once) and opens the built-in fictional hospital-admissions sample. */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import { t } from '../../core';
import { runJob, type RunControl } from '../progress';
import type { CommandHost } from './host';

/** Options of "Open Sample Dataset". */
export interface SampleCommandOptions extends RunControl {
  /** Folder to write `sample/hospital-admissions.csv` into (default: the first workspace folder). */
  folder?: string;
  rows?: number;
  /** Open the file in an editor (default true). */
  open?: boolean;
}

/** The name of the sample written by "Open Sample Dataset". */
export const SAMPLE_RELATIVE_PATH = nodePath.join('sample', 'hospital-admissions.csv');

export async function openSample(host: CommandHost, options: SampleCommandOptions): Promise<{ path: string } | undefined> {
  const s = host.services;
  // An untrusted workspace is not written to: the sample goes to the extension's own storage.
  const folder = options.folder
    ?? (vscode.workspace.isTrusted ? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath : undefined)
    ?? s.context.globalStorageUri.fsPath;
  const path = nodePath.join(folder, SAMPLE_RELATIVE_PATH);
  if (!fs.existsSync(path) || options.rows !== undefined) {
    const r = await runJob(s, t('Writing the sample dataset'), 'sample', { path, rows: options.rows }, [path], options);
    if (!r) return undefined;
    s.log.info(`wrote the sample: ${r.rows} rows, ${r.bytes} bytes → ${path}`);
    s.refresh();
  }
  if (options.open !== false) await vscode.window.showTextDocument(vscode.Uri.file(path), { preview: false });
  return { path };
}

import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import { t, writeFileAtomic } from '../../core';
import { JobError } from '../jobs';

/**
 * Writes text as a workspace edit (so it shows as a normal, diff-able file change and
 * can be undone), then saves it. Skips the edit when the text is unchanged.
 */
export async function saveTextWithEdit(path: string, text: string): Promise<void> {
  const uri = vscode.Uri.file(path);
  const edit = new vscode.WorkspaceEdit();
  let edited = true;
  if (fs.existsSync(path)) {
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.getText() === text) edited = false;
    else edit.replace(uri, new vscode.Range(new vscode.Position(0, 0), doc.lineAt(doc.lineCount - 1).range.end), text);
  } else {
    await fs.promises.mkdir(nodePath.dirname(path), { recursive: true });
    edit.createFile(uri, { overwrite: true, contents: Buffer.from(text, 'utf8') });
  }
  if (edited && !(await vscode.workspace.applyEdit(edit))) throw new JobError('internal', t('the editor did not accept the change to {0}', nodePath.basename(path)));
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === uri.fsPath);
  if (doc?.isDirty) await doc.save();
  // Every later step (a generation, a release, the next review) reads the file, not the editor's copy:
  // a save the editor declined (the file changed on disk in between, on a busy machine) must not
  // leave an older decision on disk, so the file is written directly when it still differs.
  if (await readTextOrNull(path) !== text) await writeFileAtomic(path, text);
}

async function readTextOrNull(path: string): Promise<string | null> {
  try {
    return await fs.promises.readFile(path, 'utf8');
  } catch {
    return null;
  }
}

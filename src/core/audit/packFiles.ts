import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { PACK_FILES, isTempOrBackupName, isTwinFileName } from '../paths';

export type PackFileKind = 'twin' | 'json' | 'html' | 'text' | 'binary';

export interface PackFile { name: string; path: string; kind: PackFileKind }

/**
 * Every file of a release pack the audit reads: all regular files of the folder except the
 * audit's own results file, its checksums and hidden or temporary files. The twin is the file
 * named `<name>.synthetic.<ext>`.
 */
export function listPackFiles(dir: string): PackFile[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name !== PACK_FILES.auditResults && !isTempOrBackupName(e.name))
    .map((e) => e.name)
    .sort()
    .map((name) => ({ name, path: nodePath.join(dir, name), kind: kindOf(name) }));
}

function kindOf(name: string): PackFileKind {
  if (isTwinFileName(name)) return 'twin';
  const ext = nodePath.extname(name).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.html' || ext === '.htm') return 'html';
  if (['.parquet', '.arrow', '.feather', '.zip', '.gz', '.png', '.jpg', '.pdf'].includes(ext)) return 'binary';
  return 'text';
}

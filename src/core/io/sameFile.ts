import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { inputError } from '../errors';
import { t } from '../l10n';

/**
 * Never lose data (issue 12, item 5): no command writes to any of its own inputs. Paths are
 * compared as files, not names: through symlinks and relative parts (real path), and by device
 * and inode where the file exists, so a hard link to the source is the source.
 */

/** What identifies a file on disk: its real path, and its device and inode when it exists. */
interface FileIdentity {
  real: string;
  devIno: string | null;
}

async function identityOf(path: string): Promise<FileIdentity> {
  const resolved = nodePath.resolve(path);
  let real: string;
  try {
    real = await fs.promises.realpath(resolved);
  } catch {
    // An output usually does not exist yet: resolve its folder instead (a symlinked folder
    // leads to the same files).
    try {
      real = nodePath.join(await fs.promises.realpath(nodePath.dirname(resolved)), nodePath.basename(resolved));
    } catch {
      real = resolved;
    }
  }
  let devIno: string | null = null;
  try {
    const s = await fs.promises.stat(resolved);
    devIno = `${s.dev}:${s.ino}`;
  } catch {
    // not there (yet): the real path is all there is to compare
  }
  return { real, devIno };
}

function caseInsensitiveFs(): boolean {
  return process.platform === 'win32' || process.platform === 'darwin';
}

function sameIdentity(a: FileIdentity, b: FileIdentity): boolean {
  if (a.devIno !== null && a.devIno === b.devIno) return true;
  return caseInsensitiveFs() ? a.real.toLowerCase() === b.real.toLowerCase() : a.real === b.real;
}

/** Whether two paths name the same file (real path, or device and inode). */
export async function isSameFile(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([identityOf(a), identityOf(b)]);
  return sameIdentity(x, y);
}

/** An output a command is about to write, and an input it reads, each with what it is called in messages. */
export interface NamedPath {
  path: string;
  /** E.g. "the source data", "--html". */
  role: string;
}

/**
 * Refuses, before anything is written, when an output is one of the command's inputs or when
 * two outputs are the same file (the second would replace the first).
 * @throws inputError naming the output, e.g. "refusing to write over the source data (an input of this command); choose another output path".
 */
export async function assertWritesNoInput(outputs: readonly NamedPath[], inputs: readonly NamedPath[]): Promise<void> {
  const outIds = await Promise.all(outputs.map((o) => identityOf(o.path)));
  const inIds = await Promise.all(inputs.map((i) => identityOf(i.path)));
  outputs.forEach((out, o) => {
    inputs.forEach((input, i) => {
      if (sameIdentity(outIds[o], inIds[i])) {
        throw inputError(t('refusing to write over {0} (an input of this command); choose another output path', input.role), { file: out.path });
      }
    });
    for (let p = 0; p < o; p++) {
      if (sameIdentity(outIds[o], outIds[p])) {
        throw inputError(t('{0} and {1} name the same file; choose two different output paths', out.role, outputs[p].role), { file: out.path });
      }
    }
  });
}

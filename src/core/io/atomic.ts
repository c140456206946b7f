import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { inputError } from '../errors';
import { t } from '../l10n';
import type { SourceFingerprint } from '../metadata';
import { trackTemp } from './liveTemps';
import { assertWritesNoInput } from './sameFile';
import { tempFileWriter, tempPathFor } from '../paths';

/** A temp file beside the target, renamed over it on commit and removed on abort. */
export interface AtomicFile {
  readonly tempPath: string;
  readonly handle: fs.promises.FileHandle;
  /** Bytes written through `write`. */
  readonly bytes: number;
  write(data: Uint8Array): Promise<void>;
  /** fsync, close and rename the temp file to the target. */
  commit(): Promise<void>;
  /** Close and delete the temp file (safe to call after a failed commit). */
  abort(): Promise<void>;
}

function ioError(path: string, e: unknown): Error {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return inputError(t('cannot write: the folder does not exist'), { file: path }, e);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return inputError(t('cannot write: permission denied'), { file: path }, e);
  if (code === 'ENOSPC') return inputError(t('cannot write: no space left on the device'), { file: path }, e);
  if (code === 'EISDIR') return inputError(t('cannot write: the path is a directory'), { file: path }, e);
  return inputError(t('cannot write ({0})', code ?? (e as Error).message), { file: path }, e);
}

/** Whether process `pid` is still running (EPERM: it exists but belongs to someone else). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temp files of `path` left by writers that were killed (SIGKILL, power loss: nothing
 * could clean up): `.<name>.<pid>-<random>.tmp` whose process is gone. A live writer's temp
 * file (another process writing the same target) is left alone. Best effort: never throws.
 */
export async function removeStaleTempFiles(path: string): Promise<string[]> {
  const dir = nodePath.dirname(path);
  const removed: string[] = [];
  let entries: string[];
  try {
    entries = await fs.promises.readdir(dir);
  } catch {
    return removed;
  }
  for (const entry of entries) {
    const writer = tempFileWriter(entry, path);
    if (!writer) continue;
    const pid = writer.pid;
    if (pid === process.pid || isAlive(pid)) continue;
    try {
      await fs.promises.rm(nodePath.join(dir, entry), { force: true });
      removed.push(entry);
    } catch {
      // not ours to insist on (permissions); the next run tries again
    }
  }
  return removed;
}

/**
 * Opens `.<name>.<pid>-<random>.tmp` in the target's folder for writing (exclusive create, so
 * two writers never share a temp file), after removing stale temp files of the same target
 * left by killed writers. Same folder, so the final rename is atomic on POSIX and Windows alike.
 * @throws inputError when the folder is missing or not writable.
 */
export async function openAtomicFile(path: string): Promise<AtomicFile> {
  await removeStaleTempFiles(path);
  const tempPath = tempPathFor(path, process.pid, randomBytes(6).toString('hex'));
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(tempPath, 'wx', 0o644);
  } catch (e) {
    throw ioError(path, e);
  }
  const untrack = trackTemp(tempPath);
  let bytes = 0;
  let closed = false;
  const close = async (): Promise<void> => {
    if (!closed) {
      closed = true;
      await handle.close();
    }
  };
  return {
    tempPath,
    handle,
    get bytes() { return bytes; },
    async write(data: Uint8Array): Promise<void> {
      let off = 0;
      try {
        while (off < data.length) {
          const { bytesWritten } = await handle.write(data, off, data.length - off);
          off += bytesWritten;
        }
      } catch (e) {
        throw ioError(path, e);
      }
      bytes += data.length;
    },
    async commit(): Promise<void> {
      try {
        await handle.sync();
        await close();
        await fs.promises.rename(tempPath, path);
        untrack();
      } catch (e) {
        throw ioError(path, e);
      }
    },
    async abort(): Promise<void> {
      try { await close(); } catch { /* already failed; removing the file matters more */ }
      await fs.promises.rm(tempPath, { force: true });
      untrack();
    },
  };
}

/**
 * Runs `body` against a temp file and renames it to `path` only if `body` succeeds; on any
 * error (or cancellation) the temp file is removed and the error rethrown.
 */
export async function withAtomicFile<T>(path: string, body: (file: AtomicFile) => Promise<T>): Promise<T> {
  const file = await openAtomicFile(path);
  try {
    const result = await body(file);
    await file.commit();
    return result;
  } catch (e) {
    await file.abort();
    throw e;
  }
}

/**
 * Writes a whole file atomically: temp file in the target folder, fsync, rename.
 * @throws inputError when the folder is missing or not writable.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  await withAtomicFile(path, (f) => f.write(typeof content === 'string' ? Buffer.from(content, 'utf8') : content));
}

/**
 * Size and SHA-256 of a file, streamed (constant memory).
 * @throws inputError when the file cannot be read.
 */
export async function fingerprintFile(path: string): Promise<SourceFingerprint> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of fs.createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytes += chunk.length;
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw inputError(code === 'ENOENT' ? t('file not found') : t('cannot read the file ({0})', code ?? (e as Error).message), { file: path }, e);
  }
  return { bytes, sha256: hash.digest('hex') };
}

/**
 * Refuses to write over the source: throws when `outPath` is the same file as `sourcePath`
 * (real path through symlinks and relative parts, or the same device and inode: a hard link).
 * @throws inputError naming the output path.
 */
export async function assertNotSource(outPath: string, sourcePath: string): Promise<void> {
  await assertWritesNoInput([{ path: outPath, role: t('the output') }], [{ path: sourcePath, role: t('the source data file') }]);
}

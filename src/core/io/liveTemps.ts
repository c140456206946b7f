import * as fs from 'node:fs';

/**
 * Temp files and folders this process is writing now. When it must exit at once (a second
 * Ctrl-C while a long step has not yet reached a cancellation check), they are removed
 * synchronously first, so even then nothing is left behind.
 */
// One set per process, however many bundles hold a copy of this module (dist/cli.js installs
// the signal handlers before it loads dist/main.js, which writes the files).
const live: Set<string> = ((globalThis as Record<symbol, unknown>)[Symbol.for('twin.liveTemps')] ??= new Set<string>()) as Set<string>;

/** Records `path` as being written; the returned function forgets it (after commit or cleanup). */
export function trackTemp(path: string): () => void {
  live.add(path);
  return () => { live.delete(path); };
}

/** Removes every tracked temp file and folder (best effort: never throws). */
export function removeLiveTempsSync(): void {
  for (const path of live) {
    try {
      fs.rmSync(path, { recursive: true, force: true });
    } catch {
      // nothing more can be done on the way out
    }
  }
  live.clear();
}

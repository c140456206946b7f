import * as path from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../../src/cli/main';

export const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Runs `twin` in process with the given environment; returns status and both streams. */
export async function runTwin(argv: string[], env: Record<string, string | undefined> = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (add: (s: string) => void): Writable => new Writable({ write(chunk, _e, cb) { add(String(chunk)); cb(); } });
  const status = await main(argv, { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), cwd: ROOT, env });
  return { status, stdout, stderr };
}

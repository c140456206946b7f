import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
export const SHARED_DATA = path.resolve(ROOT, '..', 'shared', 'data');

export interface CliResult { status: number | null; stdout: string; stderr: string }

/** Runs the built `twin` CLI as a user would (a child process), with a timeout so a hang fails the test. */
export function twin(args: string[], options: { cwd?: string; timeoutMs?: number; input?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd ?? ROOT, encoding: 'utf8', timeout: options.timeoutMs ?? 120_000, maxBuffer: 1 << 28, input: options.input });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `twin-${label}-`));
}

/** A real dataset from ../shared/data, or null (the caller skips) when the folder is absent. */
export function sharedData(...parts: string[]): string | null {
  const p = path.join(SHARED_DATA, ...parts);
  return fs.existsSync(p) ? p : null;
}

/** True when stderr holds a Node stack trace. */
export function hasStackTrace(text: string): boolean {
  return /\n\s+at .+:\d+:\d+/.test(text);
}

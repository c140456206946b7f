import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import type { CommandIO } from '../../../src/cli/commands';

const created: string[] = [];

/** A fresh temporary folder, removed when the run ends. */
export function tempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `twin-release-${label}-`));
  created.push(dir);
  return dir;
}

// A root-level hook (this module is loaded with the test files): leave no fixtures behind.
after(() => {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A CommandIO that collects what a command writes. */
export function fakeIO(cwd: string): CommandIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) => new Writable({ write(chunk, _enc, cb) { append(String(chunk)); cb(); } });
  return {
    stdout: sink((s) => { out += s; }),
    stderr: sink((s) => { err += s; }),
    cwd,
    out: () => out,
    err: () => err,
  };
}

/** The first interpreter on PATH or at Debian's path for which `probe` succeeds, or null. */
export function findProgram(candidates: string[], probeArgs: string[]): string | null {
  for (const c of candidates) {
    const r = spawnSync(c, probeArgs, { encoding: 'utf8', timeout: 60_000 });
    if (r.status === 0) return c;
  }
  return null;
}

/** python3 with pandas (the pyenv shim on PATH may lack it; Debian's python3-pandas is in /usr/bin). */
export function pythonWithPandas(): string | null {
  return findProgram(['python3', '/usr/bin/python3'], ['-c', 'import pandas']);
}

export function rscript(): string | null {
  return findProgram(['Rscript', '/usr/bin/Rscript'], ['--version']);
}

export function run(program: string, args: string[], options: { cwd: string; env?: Record<string, string> }): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(program, args, { cwd: options.cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...options.env } });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

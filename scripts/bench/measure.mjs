// Runs one Node command as a child process and measures it: wall time, peak
// resident memory (from getrusage in the child at exit via usageHook.cjs, or,
// if the child dies before it can record that, the last VmHWM polled from
// /proc/<pid>/status on Linux) and CPU time.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HOOK = join(dirname(fileURLToPath(import.meta.url)), 'usageHook.cjs');
const STDERR_KEEP = 64 * 1024;
const STDOUT_KEEP = 4 * 1024 * 1024;

function readVmHwmKB(pid) {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/**
 * The line of a failed command's stderr that says what went wrong: the last
 * `twin:` message, else the last `…Error: …` line of a crash, else the last
 * non-empty line (progress-bar carriage returns split lines too).
 */
export function errorLine(text) {
  const lines = text.split(/\r?\n|\r/).map((l) => l.trim()).filter(Boolean);
  const last = (re) => { for (let i = lines.length - 1; i >= 0; i--) if (re.test(lines[i])) return lines[i]; return null; };
  return last(/^twin:/) ?? last(/^\w*Error\b.*:/) ?? last(/^(?!Node\.js v\d)/) ?? '';
}

/**
 * Runs `node --require usageHook.cjs <args…>`, or `options.exec <args…>` for another program
 * (peak memory then from polling /proc, CPU time unknown unless the program reports it).
 * @param {string[]} args  arguments after `node`, e.g. ['dist/cli.js', 'profile', file]
 * @param {{cwd?: string, timeoutMs?: number, cpu?: number|string, exec?: string}} [options]
 *   cpu: pin the process to this core or list of cores ('0,1'; Linux taskset)
 * @returns {Promise<{ok:boolean, exitCode:number|null, signal:string|null, wallSeconds:number,
 *   peakRssMB:number|null, cpuSeconds:number|null, rssMethod:string, stdout:string, stderr:string, error:string}>}
 */
export function runMeasured(args, options = {}) {
  const usageBase = join(tmpdir(), `twin-bench-usage-${process.pid}-${Date.now()}-${Math.floor(performance.now() * 1000)}`);
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    // Pinned: `taskset -c N node …` (taskset execs node, so the pid and the usage hook are node's).
    const program = options.exec ?? process.execPath;
    const programArgs = options.exec ? args : ['--require', HOOK, ...args];
    const command = options.cpu === undefined ? program : 'taskset';
    const commandArgs = options.cpu === undefined ? programArgs : ['-c', String(options.cpu), program, ...programArgs];
    const child = spawn(command, commandArgs, {
      cwd: options.cwd,
      env: { ...process.env, TWIN_BENCH_USAGE_FILE: usageBase },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => { if (stdout.length < STDOUT_KEEP) stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d) => {
      stderr += d;
      if (stderr.length > 2 * STDERR_KEEP) stderr = stderr.slice(-STDERR_KEEP);
    });
    let polledKB = null;
    const poll = setInterval(() => {
      const kb = readVmHwmKB(child.pid);
      if (kb !== null) polledKB = Math.max(polledKB ?? 0, kb);
    }, 50);
    let timedOut = false;
    const timer = options.timeoutMs ? setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, options.timeoutMs) : null;
    const finish = (exitCode, signal, spawnError) => {
      clearInterval(poll);
      if (timer) clearTimeout(timer);
      const wallSeconds = Number(process.hrtime.bigint() - start) / 1e9;
      let usage = null;
      const usageFile = `${usageBase}.${child.pid}`;
      if (child.pid !== undefined && existsSync(usageFile)) {
        try { usage = JSON.parse(readFileSync(usageFile, 'utf8')); } catch { usage = null; }
        rmSync(usageFile, { force: true });
      }
      const peakKB = usage ? usage.maxRssKB : polledKB;
      const ok = !spawnError && exitCode === 0;
      let error = '';
      if (spawnError) error = spawnError.message;
      else if (timedOut) error = `timed out after ${Math.round(options.timeoutMs / 1000)} s`;
      else if (!ok) error = errorLine(stderr) || (signal ? `killed by ${signal}` : `exit code ${exitCode}`);
      resolve({
        ok, exitCode, signal, wallSeconds,
        peakRssMB: peakKB === null ? null : peakKB / 1024,
        cpuSeconds: usage ? (usage.userCpuUs + usage.systemCpuUs) / 1e6 : null,
        rssMethod: usage ? 'getrusage' : polledKB !== null ? 'VmHWM poll' : 'none',
        stdout, stderr, error,
      });
    };
    child.on('error', (e) => finish(null, null, e));
    child.on('close', (code, signal) => finish(code, signal, null));
  });
}

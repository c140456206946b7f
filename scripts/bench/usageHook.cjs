// Preloaded into each measured process (`node --require usageHook.cjs dist/cli.js …`):
// on exit, records the whole process's peak resident set size and CPU time
// (getrusage via process.resourceUsage) to $TWIN_BENCH_USAGE_FILE.<pid>.
// Keyed by pid so that a forked child, which inherits --require, cannot overwrite it.
'use strict';
const fs = require('node:fs');
const { isMainThread } = require('node:worker_threads');

const file = process.env.TWIN_BENCH_USAGE_FILE;
if (file && isMainThread) {
  process.on('exit', (code) => {
    const u = process.resourceUsage();
    try {
      fs.writeFileSync(`${file}.${process.pid}`, JSON.stringify({
        maxRssKB: u.maxRSS, userCpuUs: u.userCPUTime, systemCpuUs: u.systemCPUTime, exitCode: code,
      }));
    } catch { /* measurement is best effort; the parent falls back to /proc polling */ }
  });
}

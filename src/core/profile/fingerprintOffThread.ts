import { Worker } from 'node:worker_threads';
import { fingerprintFile } from '../io';
import type { SourceFingerprint } from '../metadata';

// Plain CommonJS run by `new Worker(..., { eval: true })`, so it works unbundled (tsx) and bundled alike.
const HASH_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { createHash } = require('node:crypto');
const hash = createHash('sha256');
let bytes = 0;
const fd = fs.openSync(workerData, 'r');
const buf = Buffer.allocUnsafe(1 << 20);
try {
  for (;;) {
    const n = fs.readSync(fd, buf, 0, buf.length, null);
    if (n === 0) break;
    hash.update(buf.subarray(0, n));
    bytes += n;
  }
} finally {
  fs.closeSync(fd);
}
parentPort.postMessage({ bytes, sha256: hash.digest('hex') });
`;

/** A fingerprint being computed, and a way to stop it. */
export interface PendingFingerprint {
  result: Promise<SourceFingerprint>;
  cancel(): void;
}

/**
 * Size and SHA-256 of a file computed on a worker thread, so hashing runs on the other core
 * while the profiler's pass keeps the main thread. Falls back to `fingerprintFile` (core/io,
 * same result, main thread) when a worker cannot run or fails — which also gives its input errors.
 */
export function fingerprintOffThread(path: string): PendingFingerprint {
  let worker: Worker | null = null;
  const result = new Promise<SourceFingerprint>((resolve, reject) => {
    const fallback = (): void => {
      worker = null;
      fingerprintFile(path).then(resolve, reject);
    };
    try {
      worker = new Worker(HASH_WORKER, { eval: true, workerData: path });
    } catch {
      fallback();
      return;
    }
    let settled = false;
    worker.once('message', (fp: SourceFingerprint) => {
      settled = true;
      resolve(fp);
    });
    worker.once('error', () => {
      if (!settled) {
        settled = true;
        fallback();
      }
    });
    worker.once('exit', (code) => {
      if (!settled && code !== 0) {
        settled = true;
        fallback();
      }
    });
  });
  result.catch(() => undefined); // the caller awaits it later; avoid an unhandled rejection meanwhile
  return {
    result,
    cancel(): void {
      if (worker) void worker.terminate();
      worker = null;
    },
  };
}

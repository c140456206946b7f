import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { Worker } from 'node:worker_threads';
import type { JobContext } from '../../context';
import { throwIfAborted } from '../../errors';
import { t } from '../../l10n';
import type { EncodedRows } from '../../io/writeDelimited';
import type { Metadata } from '../../metadata';
import type { ColumnSpec, DelimitedDialect, Table } from '../../schema';
import type { TwinExtremes } from '../twinBatches';

/**
 * What a drawing thread needs to make any batch of the twin: the fit's inputs (it fits the same
 * model again from `createRandom(seed).fork('fit')`, deterministically) and the batch pipeline's.
 */
export interface DrawRequest {
  kind: 'twin-draw-batches';
  level: string;
  method: string;
  epsilon?: number;
  metadata: Metadata;
  table?: Table;
  seed: number;
  rows: number;
  extremes?: TwinExtremes;
  /** TwinBatches' `batchRows` when not the model's. */
  batchRows?: number;
  /** Delimited output: the thread formats and encodes its batches too (the main thread only writes and hashes). */
  delimited?: { dialect: DelimitedDialect; columns: ColumnSpec[]; spreadsheetSafe: boolean };
}

/** A finished batch posted back: encoded rows for delimited output, else the table. */
export type DrawReply =
  | { ok: true; index: number; rowCount: number; encoded?: Uint8Array[]; table?: Table }
  | { ok: false; error: string };

/**
 * Threads `twin generate` draws a twin's batches on unless told (`--threads N`). 1: on the shared
 * 2-core machine (farm-bench, 3 alternating runs, load average about 20), a 1M-row statistical
 * twin of the hospital sample took 1.07× the wall time with 2 threads as with 1 (median), 1.50×
 * the CPU (29.5 s vs 19.2 s) and 793 MiB peak against 270 MiB: no core was free to gain from.
 */
export const DEFAULT_GENERATE_THREADS = 1;

/**
 * Fewest batches worth threads: each thread starts (about 0.2 s) and fits the model again, which
 * a twin of a few batches does not repay.
 */
export const MIN_PARALLEL_BATCHES = 4;

/** Batches asked of one thread at a time: one being drawn, one waiting, so a thread never idles on the main thread. */
const PER_THREAD = 2;

/** The thread: the bundle beside this one (dist/twinDraw.js), or the source through tsx (unit tests). */
function newDrawWorker(request: DrawRequest): Worker {
  const bundled = nodePath.join(__dirname, 'twinDraw.js');
  if (fs.existsSync(bundled)) return new Worker(bundled, { workerData: request });
  const source = nodePath.join(__dirname, 'drawWorker.ts');
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(source)});`, { eval: true, workerData: request });
}

/**
 * The twin's `count` batches in order, drawn on `threads` worker threads: batches are handed out
 * in order, at most {@link PER_THREAD} per thread and those finished early held until their turn,
 * so memory stays a few batches whatever the row count. Each batch is a function of the seed and
 * its index alone (synth/twinBatches.ts), so the bytes are those of one thread.
 * The threads are stopped when the consumer stops, on an error, and on `ctx.signal`.
 */
export async function* drawInParallel(request: DrawRequest, count: number, threads: number, ctx: JobContext = {}): AsyncGenerator<Table | EncodedRows> {
  const workers: Worker[] = [];
  const asked = new Map<Worker, number>();
  const done = new Map<number, Table | EncodedRows>();
  let next = 0;
  let yielded = 0;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  const fail = (e: Error): void => {
    failure ??= e;
    notify();
  };
  const topUp = (): void => {
    for (const w of workers) {
      while ((asked.get(w) ?? 0) < PER_THREAD && next < count && next < yielded + threads * PER_THREAD + 1) {
        w.postMessage({ index: next++ });
        asked.set(w, (asked.get(w) ?? 0) + 1);
      }
    }
  };
  const onAbort = (): void => fail(new Error('aborted'));
  ctx.signal?.addEventListener('abort', onAbort);
  try {
    for (let t = 0; t < Math.min(threads, count); t++) {
      const worker = newDrawWorker(request);
      workers.push(worker);
      worker.on('message', (m: DrawReply) => {
        if (!m.ok) return fail(new Error(`a drawing thread failed: ${m.error}`));
        asked.set(worker, (asked.get(worker) ?? 1) - 1);
        done.set(m.index, m.encoded ? { rowCount: m.rowCount, encoded: m.encoded } : (m.table as Table));
        notify();
      });
      worker.on('error', (e) => fail(e instanceof Error ? e : new Error(String(e))));
      worker.on('exit', (code) => fail(new Error(`a drawing thread stopped (exit code ${code})`)));
    }
    topUp();
    for (let i = 0; i < count; i++) {
      for (;;) {
        throwIfAborted(ctx.signal);
        if (done.has(i)) break;
        if (failure) throw failure;
        await new Promise<void>((resolve) => { wake = resolve; });
      }
      const batch = done.get(i) as Table | EncodedRows;
      done.delete(i);
      yielded++;
      topUp();
      ctx.onProgress?.({ stage: t('sampling'), fraction: (i + 1) / count });
      yield batch;
    }
  } finally {
    ctx.signal?.removeEventListener('abort', onAbort);
    for (const w of workers) {
      w.removeAllListeners('exit');
      void w.terminate();
    }
  }
}

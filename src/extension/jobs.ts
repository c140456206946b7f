import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import type { FromWorker, JobKind, JobMap, ToWorker } from '../protocol/worker';
import type { Log } from './log';
import { currentLanguage, t, tempFileWriter } from '../core';

/** A job that failed; `kind` 'cancelled' is not an error to show. */
export class JobError extends Error {
  constructor(readonly kind: 'input' | 'usage' | 'cancelled' | 'internal', message: string, readonly detail?: string) {
    super(message);
  }
}

/** How long a cancelled job may take to stop by itself before its worker is terminated. */
const CANCEL_GRACE_MS = 1500;

interface Pending {
  resolve(v: unknown): void;
  reject(e: unknown): void;
  onProgress?: (stage: string, fraction?: number) => void;
}

/**
 * The worker thread that runs the core (dist/worker.js), started on first use and
 * kept while jobs come (it holds the profiles for review decisions). Requests are
 * matched to answers by id. A cancelled job is asked to stop (the core checks its
 * AbortSignal between chunks and removes its temporary files); if it has not
 * stopped after a short grace period the worker is terminated and started afresh.
 */
export class WorkerClient implements vscode.Disposable {
  private _worker: Worker | undefined;
  private _nextId = 1;
  private readonly _pending = new Map<number, Pending>();

  constructor(private readonly _script: string, private readonly _log: Log) {}

  /** Runs one job; rejects with JobError (kind 'cancelled' when the token fired). */
  run<K extends JobKind>(kind: K, params: JobMap[K]['params'], token?: vscode.CancellationToken, onProgress?: (stage: string, fraction?: number) => void): Promise<JobMap[K]['result']> {
    const worker = this._ensure();
    const id = this._nextId++;
    return new Promise<JobMap[K]['result']>((resolve, reject) => {
      if (token?.isCancellationRequested) {
        reject(new JobError('cancelled', 'cancelled'));
        return;
      }
      this._pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress });
      const sub = token?.onCancellationRequested(() => {
        this._post({ type: 'cancel', id });
        const timer = setTimeout(() => {
          if (!this._pending.has(id)) return;
          this._log.warn(`job ${kind} #${id} did not stop within ${CANCEL_GRACE_MS} ms; terminating the worker`);
          this._restart(new JobError('cancelled', 'cancelled'));
        }, CANCEL_GRACE_MS);
        timer.unref?.();
      });
      const cleanup = (): void => sub?.dispose();
      const entry = this._pending.get(id)!;
      entry.resolve = (v) => { cleanup(); resolve(v as JobMap[K]['result']); };
      entry.reject = (e) => { cleanup(); reject(e); };
      worker.postMessage({ type: 'run', id, kind, params } as ToWorker);
    });
  }

  /** Jobs in flight. */
  get busy(): number {
    return this._pending.size;
  }

  dispose(): void {
    this._restart(new JobError('cancelled', 'cancelled'));
  }

  private _post(msg: ToWorker): void {
    this._worker?.postMessage(msg);
  }

  private _ensure(): Worker {
    if (this._worker) return this._worker;
    // The worker answers in the editor's language (its messages and evaluation.html).
    const worker = new Worker(this._script, { workerData: { language: currentLanguage() } });
    worker.on('message', (msg: FromWorker) => this._onMessage(msg));
    worker.on('error', (e) => {
      this._log.error(`core worker failed: ${e.message}`, e.stack);
      this._restart(new JobError('internal', e.message, e.stack));
    });
    worker.on('exit', (code) => {
      if (this._worker !== worker) return;
      this._worker = undefined;
      if (this._pending.size) this._failAll(new JobError('internal', t('the core worker stopped (exit code {0})', code)));
    });
    // The host's process must not wait for an idle worker.
    worker.unref();
    this._worker = worker;
    return worker;
  }

  private _restart(reason: JobError): void {
    const w = this._worker;
    this._worker = undefined;
    if (w) void w.terminate();
    this._failAll(reason);
  }

  private _failAll(reason: JobError): void {
    const all = [...this._pending.values()];
    this._pending.clear();
    for (const p of all) p.reject(reason);
  }

  private _onMessage(msg: FromWorker): void {
    const p = this._pending.get(msg.id);
    if (!p) return;
    switch (msg.type) {
      case 'progress':
        p.onProgress?.(msg.stage, msg.fraction);
        return;
      case 'done':
        this._pending.delete(msg.id);
        p.resolve(msg.result);
        return;
      case 'failed':
        this._pending.delete(msg.id);
        p.reject(new JobError(msg.kind, msg.message, msg.detail));
        return;
      default: {
        const never: never = msg;
        return never;
      }
    }
  }
}

/**
 * Removes what a stopped job may have left: the temporary files the core's atomic
 * writers create beside each output (the core's tempPathFor naming), when a terminated worker
 * could not remove them itself. Outputs are only ever renamed into place complete, so
 * the outputs themselves are left alone.
 */
export async function removeTempFilesFor(outputs: readonly string[]): Promise<string[]> {
  const removed: string[] = [];
  const byDir = new Map<string, Set<string>>();
  for (const o of outputs) {
    const dir = nodePath.dirname(o);
    if (!byDir.has(dir)) byDir.set(dir, new Set());
    byDir.get(dir)!.add(nodePath.basename(o));
  }
  for (const [dir, names] of byDir) {
    let entries: string[];
    try {
      entries = await fs.promises.readdir(dir);
    } catch {
      continue;
    }
    for (const e of entries) {
      for (const name of names) {
        if (tempFileWriter(e, name)) {
          await fs.promises.rm(nodePath.join(dir, e), { force: true });
          removed.push(nodePath.join(dir, e));
          break;
        }
      }
    }
  }
  return removed;
}

/**
 * Shows the running work in the status bar: one item, visible while any job runs,
 * naming the latest stage; clicking it shows the log.
 */
export class BusyIndicator implements vscode.Disposable {
  private readonly _item: vscode.StatusBarItem;
  private readonly _running = new Map<number, string>();
  private _next = 1;

  constructor() {
    this._item = vscode.window.createStatusBarItem('syntheticTwin.busy', vscode.StatusBarAlignment.Left, 10);
    this._item.name = t('Synthetic Twin');
    this._item.command = 'syntheticTwin.showLog';
  }

  /** Registers a job; returns a function that updates its label, and `done` to remove it. */
  start(label: string): { update(text: string): void; done(): void } {
    const id = this._next++;
    this._running.set(id, label);
    this._render();
    return {
      update: (text) => { if (this._running.has(id)) { this._running.set(id, text); this._render(); } },
      done: () => { this._running.delete(id); this._render(); },
    };
  }

  /** Labels of the jobs running now (for tests and the tree view). */
  get running(): string[] {
    return [...this._running.values()];
  }

  private _render(): void {
    if (this._running.size === 0) {
      this._item.hide();
      return;
    }
    const labels = [...this._running.values()];
    this._item.text = `$(sync~spin) ${t('Synthetic Twin')}: ${labels[labels.length - 1]}${labels.length > 1 ? ` (+${labels.length - 1})` : ''}`;
    this._item.tooltip = labels.join('\n');
    this._item.show();
  }

  dispose(): void {
    this._item.dispose();
  }
}

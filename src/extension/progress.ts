import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { BusyIndicator, JobError, removeTempFilesFor, type WorkerClient } from './jobs';
import type { JobKind, JobMap } from '../protocol/worker';
import type { Log } from './log';

/** What every job-running command accepts beyond its own options: a test hook to cancel it. */
export interface RunControl {
  /** Cancels the job when fired, as the notification's Cancel button does. */
  token?: vscode.CancellationToken;
  /** Called with each progress report (stage, fraction); tests use it to cancel mid-job. */
  onProgress?: (stage: string, fraction?: number) => void;
}

export interface JobServices {
  worker: WorkerClient;
  busy: BusyIndicator;
  log: Log;
}

/**
 * Runs a core job in the worker behind a cancellable progress notification with its
 * stage and percentage, and a status-bar entry. On cancellation, or failure, it
 * removes the outputs the job created or changed (so no partial set is left) and any
 * temporary files beside them. Resolves with the result, or undefined when cancelled.
 * @throws JobError for failures (the caller shows "<action> failed: <reason>").
 */
export async function runJob<K extends JobKind>(
  services: JobServices, title: string, kind: K, params: JobMap[K]['params'], outputs: readonly string[], control: RunControl = {},
): Promise<JobMap[K]['result'] | undefined> {
  const before = new Map<string, number | null>();
  for (const o of outputs) before.set(o, mtimeOf(o));
  const started = Date.now();
  const status = services.busy.start(title);
  services.log.info(`${title}: started`);
  try {
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      async (progress, uiToken) => {
        const source = new vscode.CancellationTokenSource();
        const subs = [uiToken.onCancellationRequested(() => source.cancel())];
        if (control.token) subs.push(control.token.onCancellationRequested(() => source.cancel()));
        if (control.token?.isCancellationRequested) source.cancel();
        let shown = 0;
        let lastShown = 0;
        let lastText = '';
        const segments = new Map<string, { start: number; share: number }>();
        try {
          return await services.worker.run(kind, params, source.token, (stage, fraction) => {
            let seg = segments.get(stage);
            if (!seg) {
              // A stage seen for the first time gets half of what is left of the bar; stages
              // may interleave (reading inside profiling), and the bar only moves forward.
              seg = { start: shown, share: (100 - shown) / 2 };
              segments.set(stage, seg);
            }
            const target = fraction === undefined ? seg.start : seg.start + seg.share * Math.min(1, Math.max(0, fraction));
            const increment = Math.max(0, target - shown);
            shown += increment;
            const pct = fraction === undefined ? '' : ` ${Math.round(fraction * 100)}%`;
            const text = `${stage}${pct}`;
            // Every UI update is a message to the workbench (and garbage in the host): only
            // send what changed the visible text or moved the bar by a whole percent.
            if (text !== lastText || shown - lastShown >= 1) {
              progress.report({ message: text, increment: shown - lastShown });
              lastShown = shown;
            }
            if (text !== lastText) status.update(`${title} — ${text}`);
            lastText = text;
            control.onProgress?.(stage, fraction);
          });
        } finally {
          for (const s of subs) s.dispose();
          source.dispose();
        }
      },
    );
  } catch (e) {
    await removePartial(outputs, before, started, services.log);
    if (e instanceof JobError && e.kind === 'cancelled') {
      services.log.info(`${title}: cancelled after ${Date.now() - started} ms; partial outputs removed`);
      return undefined;
    }
    throw e;
  } finally {
    status.done();
  }
}

function mtimeOf(path: string): number | null {
  try {
    return fs.statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

async function removePartial(outputs: readonly string[], before: Map<string, number | null>, started: number, log: Log): Promise<void> {
  for (const o of outputs) {
    const now = mtimeOf(o);
    if (now !== null && now !== before.get(o) && now >= started - 1000) {
      await fs.promises.rm(o, { force: true });
      log.info(`removed incomplete output ${o}`);
    }
  }
  for (const t of await removeTempFilesFor(outputs)) log.info(`removed temporary file ${t}`);
}

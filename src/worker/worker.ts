/**
 * The core worker (bundled to dist/worker.js): runs profiling, generation,
 * evaluation and the sample writer off the extension host's thread, so a large
 * file never blocks the editor. Jobs arrive as typed messages (src/protocol/worker.ts);
 * each gets its own AbortController, so `cancel` stops it between chunks and the
 * core's atomic writers remove their temporary files.
 *
 * The full (disclosive) profile of each file profiled stays here, in memory, so
 * that review decisions can be re-applied without reading the file again; only
 * the disclosure-safe metadata leaves this thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import * as os from 'node:os';
import {
  applyDecisions, assertWritesNoInput, type ColumnType, createDatasetReleasePack, createReleasePack, type DatasetMetadata, evaluateDataset, evaluateFiles,
  type EvaluationReport, generateDataset, profileSqlSource, generateTwin, inputError, isTwinError, loadWebviewAssets, type Profile, profileFile, profileLinkedDataset,
  languageOfLocale, readDatasetMetadata, renderEvaluationHtml, reviewDatasetMetadata, runLadder, setLanguage, t, threadsFor, writeFileAtomic, writeHospitalAdmissionsSample, writeLinkedSample,
} from '../core';
import type { FromWorker, JobKind, JobMap, JobRequest, ToWorker } from '../protocol/worker';

const port = parentPort;
if (!port) throw new Error('worker.js must run in a worker thread');
// The extension's language (src/extension/jobs.ts), for the messages and reports the worker writes.
setLanguage(languageOfLocale((workerData as { language?: string } | null)?.language) ?? 'en');
lowerThreadPriority();

const running = new Map<number, AbortController>();
/** Least time between two progress messages of one job in the same stage. */
const PROGRESS_INTERVAL_MS = 250;
/** Profiles by absolute path, with the file's size and mtime when profiled (a changed file is profiled again). */
const profiles = new Map<string, { profile: Profile; key: string; missing: string; threshold: number }>();
/** Profiles of database tables, by the path their metadata is kept under (their source label is in each profile). */
const databaseProfiles = new Map<string, { profile: Profile; missing: string; threshold: number }>();

function post(msg: FromWorker): void {
  port!.postMessage(msg);
}

port.on('message', (raw: ToWorker) => {
  if (raw.type === 'cancel') {
    running.get(raw.id)?.abort();
    return;
  }
  void run(raw);
});

async function run(req: JobRequest): Promise<void> {
  const controller = new AbortController();
  running.set(req.id, controller);
  // Progress is throttled here to one message per PROGRESS_INTERVAL_MS (the latest one wins,
  // sent when the interval is up): the core reports per chunk, possibly alternating stages,
  // and every message costs the extension host a turn of its event loop and a UI update.
  let lastAt = 0;
  let pending: { stage: string; fraction?: number } | null = null;
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    timer = undefined;
    if (!pending || controller.signal.aborted) return;
    lastAt = Date.now();
    post({ type: 'progress', id: req.id, stage: pending.stage, fraction: pending.fraction });
    pending = null;
  };
  const ctx = {
    signal: controller.signal,
    onProgress: (p: { stage: string; fraction?: number }) => {
      pending = { stage: p.stage, fraction: p.fraction };
      const wait = lastAt + PROGRESS_INTERVAL_MS - Date.now();
      if (wait <= 0) flush();
      else timer ??= setTimeout(flush, wait);
    },
  };
  try {
    const result = await dispatch(req, ctx);
    post({ type: 'done', id: req.id, result });
  } catch (e) {
    if (controller.signal.aborted || (isTwinError(e) && e.kind === 'cancelled')) {
      post({ type: 'failed', id: req.id, kind: 'cancelled', message: 'cancelled' });
    } else if (isTwinError(e)) {
      post({ type: 'failed', id: req.id, kind: e.kind, message: e.message });
    } else {
      const err = e instanceof Error ? e : new Error(String(e));
      // An internal error: its message and stack go to the log, which is why they must
      // never carry data values: core errors name files, rows and columns, not cells.
      post({ type: 'failed', id: req.id, kind: 'internal', message: err.message, detail: err.stack });
    }
  } finally {
    if (timer) clearTimeout(timer);
    running.delete(req.id);
  }
}

type Ctx = { signal: AbortSignal; onProgress: (p: { stage: string; fraction?: number }) => void };

async function dispatch(req: JobRequest, ctx: Ctx): Promise<JobMap[JobKind]['result']> {
  switch (req.kind) {
    case 'ping':
      return { ok: true };
    case 'profile': {
      const p = req.params;
      const profile = await profileOf(p.path, p.missingTokens, p.threshold, ctx, true, p.threads);
      const metadata = applyDecisions(profile, p.decisions ?? {}, { threshold: p.threshold });
      return {
        metadata,
        inferredTypes: inferredTypesOf(profile),
        rows: profile.dataset.rows,
        seconds: profile.timing.seconds,
        megabytesPerSecond: profile.timing.megabytesPerSecond,
      };
    }
    case 'profileDatabase': {
      const p = req.params;
      const password = p.password;
      const profile = await profileSqlSource(p.source, {
        missingTokens: p.missingTokens, disclosure: { threshold: p.threshold },
        credentials: password ? { env: {}, askPassword: async () => password } : {},
      }, ctx);
      databaseProfiles.set(nodePath.resolve(p.heldAs), { profile, missing: p.missingTokens.join('\u0000'), threshold: p.threshold });
      return {
        metadata: applyDecisions(profile, p.decisions ?? {}, { threshold: p.threshold }),
        inferredTypes: inferredTypesOf(profile),
        rows: profile.dataset.rows,
        seconds: profile.timing.seconds,
      };
    }
    case 'review': {
      const p = req.params;
      const profile = await profileOf(p.path, p.missingTokens, p.threshold, ctx, false, p.threads);
      return { metadata: applyDecisions(profile, p.decisions, { threshold: p.threshold }), inferredTypes: inferredTypesOf(profile) };
    }
    case 'generate': {
      const p = req.params;
      await fs.promises.mkdir(nodePath.dirname(p.out), { recursive: true });
      const r = await generateTwin({
        input: p.input, level: p.level, rows: p.rows, seed: p.seed, epsilon: p.epsilon, out: p.out, threads: p.threads ? p.threads : undefined,
        missingTokens: p.missingTokens, disclosure: p.metadata ? undefined : { threshold: p.threshold }, metadata: p.metadata, allowUnsigned: p.allowUnsigned,
      }, ctx);
      return { outPath: r.outPath, recipePath: r.recipePath, rows: r.recipe.output.rows, level: r.recipe.level, method: r.recipe.method, seed: r.recipe.seed };
    }
    case 'evaluate': {
      const p = req.params;
      // Never over the data it compares (by real path or inode), checked before any work.
      await assertWritesNoInput(
        [...(p.jsonOut ? [{ path: p.jsonOut, role: t('the evaluation JSON') }] : []), ...(p.htmlOut ? [{ path: p.htmlOut, role: t('the evaluation report') }] : [])],
        [{ path: p.real, role: t('the real data') }, { path: p.synthetic, role: t('the synthetic data') }, ...(p.holdout ? [{ path: p.holdout, role: t('the holdout') }] : [])],
      );
      const report = await evaluateFiles(p.real, p.synthetic, { holdout: p.holdout, recipeHoldout: p.recipeHoldout, target: p.target, sampleSize: p.sampleSize, seed: p.seed, missingTokens: p.missingTokens, exclude: p.exclude }, ctx);
      ctx.signal.throwIfAborted();
      if (p.jsonOut) await writeFileAtomic(p.jsonOut, JSON.stringify(report, null, 2) + '\n');
      if (p.htmlOut) await writeHtml(report, p.htmlOut, p.webviewDir);
      return { report };
    }
    case 'exportHtml':
      await writeHtml(req.params.report, req.params.out, req.params.webviewDir);
      return { path: req.params.out };
    case 'release': {
      const p = req.params;
      const pack = await createReleasePack({
        data: p.data, level: p.level, dir: p.dir, rows: p.rows, seed: p.seed, epsilon: p.epsilon, target: p.target, metadata: p.metadata, allowUnsigned: p.allowUnsigned,
        holdout: p.holdout, holdoutShare: p.holdoutShare === undefined ? undefined : { share: p.holdoutShare }, custodian: p.custodian, contact: p.contact, missingTokens: p.missingTokens, disclosure: p.metadata ? undefined : { threshold: p.threshold }, sampleSize: p.sampleSize,
      }, ctx);
      return { dir: pack.dir, files: pack.files, audit: { status: pack.audit.status, findings: pack.audit.findings, results: pack.audit.results } };
    }
    case 'ladder': {
      const p = req.params;
      const r = await runLadder({
        data: p.data, outPaths: p.outPaths, rows: p.rows, seed: p.seed, missingTokens: p.missingTokens, disclosure: { threshold: p.threshold },
        sampleSize: p.sampleSize, webviewAssets: loadWebviewAssets(p.webviewDir),
      }, ctx);
      return { dataset: r.dataset.path, rungs: r.rungs.map((g) => ({ level: g.level, method: g.method, madeFrom: g.madeFrom, twin: g.twin, report: g.evaluation })) };
    }
    case 'sample': {
      const p = req.params;
      const r = await writeHospitalAdmissionsSample(p.path, { rows: p.rows, seed: p.seed }, ctx);
      return { path: p.path, rows: r.rows, bytes: r.bytes };
    }
    case 'profileLinked': {
      const p = req.params;
      const started = Date.now();
      const { metadata } = await profileLinkedDataset(p.path, { missingTokens: p.missingTokens, disclosure: { threshold: p.threshold }, links: p.links }, ctx);
      return { metadata, seconds: (Date.now() - started) / 1000 };
    }
    case 'reviewLinks': {
      const p = req.params;
      return reviewDatasetMetadata({ metadata: p.metadata, data: p.data, links: p.links, missingTokens: p.missingTokens }, ctx);
    }
    case 'generateLinked': {
      const p = req.params;
      const r = await generateDataset({ metadata: datasetMetadataOf(p.metadata), level: p.level, seed: p.seed, persons: p.persons, out: p.out, ...(p.data !== undefined ? { dir: p.data } : {}) }, ctx);
      return { out: r.out, recipePath: r.recipePath, level: p.level, tables: r.tables.map((t) => ({ name: t.name, rows: t.rows })) };
    }
    case 'evaluateLinked': {
      const p = req.params;
      if (p.jsonOut) await assertWritesNoInput([{ path: p.jsonOut, role: t('the evaluation JSON') }], [{ path: p.real, role: t('the real data') }, { path: p.twin, role: t('the twin') }]);
      const evaluation = await evaluateDataset(p.real, p.twin, datasetMetadataOf(p.metadata), ctx);
      ctx.signal.throwIfAborted();
      if (p.jsonOut) await writeFileAtomic(p.jsonOut, JSON.stringify(evaluation, null, 2) + '\n');
      return { evaluation };
    }
    case 'releaseLinked': {
      const p = req.params;
      const pack = await createDatasetReleasePack({
        data: p.data, dataDir: p.data, metadata: datasetMetadataOf(p.metadata), level: p.level, dir: p.dir, seed: p.seed, persons: p.persons, custodian: p.custodian, contact: p.contact,
      }, ctx);
      return { dir: pack.dir, files: pack.files, audit: { status: pack.audit.status, findings: pack.audit.findings, results: pack.audit.results } };
    }
    case 'linkedSample': {
      const p = req.params;
      const r = await writeLinkedSample(p.dir, { persons: p.persons, seed: p.seed }, ctx);
      return { dir: p.dir, persons: r.persons, bytes: r.bytes };
    }
    default: {
      const never: never = req;
      return never;
    }
  }
}

/** A linked dataset's metadata.json, read and checked. */
function datasetMetadataOf(path: string): DatasetMetadata {
  const m = readDatasetMetadata(path);
  if (!m) throw inputError(t('not the metadata.json of a dataset of several tables (twin-metadata/2): profile the folder first'), { file: path });
  return m;
}

async function writeHtml(report: EvaluationReport, out: string, webviewDir: string): Promise<void> {
  await writeFileAtomic(out, renderEvaluationHtml(report, loadWebviewAssets(webviewDir)));
}

/** The cached profile of a file, or a fresh one when the file or the settings changed. */
async function profileOf(path: string, missingTokens: string[], threshold: number, ctx: Ctx, fresh: boolean, threads?: number): Promise<Profile> {
  const abs = nodePath.resolve(path);
  const database = databaseProfiles.get(abs);
  if (database) {
    // A database table is profiled again only by its own command (the password is not kept to do it here).
    if (database.missing === missingTokens.join('\u0000') && database.threshold === threshold) return database.profile;
    throw inputError(t('the missing-value tokens or k changed: profile the database table again ({0})', t('Profile Database Table…')), { file: database.profile.dataset.path });
  }
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(abs);
  } catch {
    throw inputError(t('file not found'), { file: path });
  }
  const key = `${stat.size}:${stat.mtimeMs}`;
  const missing = missingTokens.join('\u0000');
  const cached = profiles.get(abs);
  if (!fresh && cached && cached.key === key && cached.missing === missing && cached.threshold === threshold) return cached.profile;
  // The threads the setting says (syntheticTwin.threads; one by default, as `twin profile`).
  const { profile } = await profileFile(abs, { missingTokens, disclosure: { threshold }, threads: threadsFor(threads) }, ctx);
  profiles.set(abs, { profile, key, missing, threshold });
  return profile;
}

function inferredTypesOf(profile: Profile): Record<string, ColumnType> {
  const out: Record<string, ColumnType> = {};
  for (const c of profile.columns) out[c.name] = c.spec.type;
  return out;
}

/**
 * Lowers this thread's scheduling priority (nice 10) where the OS allows it per thread
 * (Linux: setpriority on the thread id from /proc/thread-self), so that on a busy machine
 * the editor's own threads win the CPU over a long profile. Best effort: elsewhere the
 * worker keeps the normal priority.
 */
function lowerThreadPriority(): void {
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isSafeInteger(tid) && tid > 0) os.setPriority(tid, 10);
  } catch {
    // Not Linux, or not permitted: keep the default priority.
  }
}

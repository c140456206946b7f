import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { Worker } from 'node:worker_threads';
import type { JobContext } from '../../context';
import { throwIfAborted } from '../../errors';
import type { CellRangeSource, DatasetSource } from '../../io/types';
import { frac } from '../../disclosure/recordKeys';
import { mergesExactly, type ColumnPart } from '../columnAccumulator';
import { MissingWhenTracker, type MissingWhenPart } from '../missingWhenTracker';
import { PATTERN_SAMPLE_ROWS, newAccumulators, resolveProfileOptions, type ScanResult } from '../profileDataset';
import { RuleTracker, type RulePart } from '../ruleTracker';
import { hashBytes } from '../sketches';
import type { ProfileOptions } from '../types';
import { mergeUniformSamples } from './mergeSamples';
import { cutAtLineFeeds } from './splitRanges';
import { t } from '../../l10n';
import { PersonCounter, type PersonPart } from '../../disclosure/personCounts';
import type { ColumnProfile } from '../types';

/**
 * Smallest byte range worth a thread of its own: each range starts two workers (its pass and its
 * person pass, about 0.1 s each) and is merged, which costs about as much as reading this much on
 * one thread. So a file under 32 MB is profiled in one pass whatever the thread count.
 */
export const MIN_RANGE_BYTES = 16 * 1024 * 1024;

/** What a worker is asked to profile. */
export interface PartRequest {
  kind: 'twin-profile-part';
  source: CellRangeSource;
  columnNames: string[];
  options: ProfileOptions;
  seed: number;
  index: number;
  start: number;
  end: number;
}

/** A byte range's partial profile (plain data, posted back by the worker). */
export interface PartResult {
  rows: number;
  rowsKey: number;
  missingKeys: Float64Array;
  columns: ColumnPart[];
  rules: RulePart;
  missingWhen: MissingWhenPart;
  rowSample: string[][];
  patternRows: string[][];
  strayBoms: number;
}

/** What a range's worker is asked once the merged profile has its columns: the person pass over its range. */
export interface PersonRequest {
  kind: 'twin-profile-persons';
  columns: ColumnProfile[];
  keyColumn: number;
  k: number;
}

/** What a range's worker is asked: its range's pass, or (`persons`) the person pass over it once the merged profile has its columns. */
type WorkerRequest = PartRequest & { persons?: PersonRequest };

/** The worker: the bundle beside this one (dist/profilePart.js), or the source through tsx (unit tests). */
function newPartWorker(request: WorkerRequest): Worker {
  const bundled = nodePath.join(__dirname, 'profilePart.js');
  if (fs.existsSync(bundled)) return new Worker(bundled, { workerData: request });
  const source = nodePath.join(__dirname, 'partWorker.ts');
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(source)});`, { eval: true, workerData: request });
}

/** Runs one request on a worker thread of its own; null when the range cannot be read on its own (or no worker runs, or the job stops). */
function runWorker<T>(request: WorkerRequest, ctx: JobContext): Promise<T | null> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = newPartWorker(request);
    } catch {
      resolve(null);
      return;
    }
    let settled = false;
    const settle = (r: T | null): void => {
      if (settled) return;
      settled = true;
      ctx.signal?.removeEventListener('abort', stop);
      resolve(r);
    };
    const stop = (): void => {
      void worker.terminate();
      settle(null);
    };
    ctx.signal?.addEventListener('abort', stop);
    // A fresh worker per request, stopped after it: the range pass's tables are not held through the person pass.
    worker.once('message', (m: { ok: boolean; result?: T }) => {
      settle(m.ok && m.result ? m.result : null);
      void worker.terminate();
    });
    worker.once('error', () => settle(null));
    worker.once('exit', () => settle(null));
  });
}

/**
 * The person pass over the same byte ranges (proved by the range pass), one worker each, the
 * ranges' counts merged in file order (disclosure/personCounts.ts, PersonCounter.mergePart); null
 * when a range failed (the caller then makes the pass on one thread).
 */
export type RangePersons = (columns: readonly ColumnProfile[], keyColumn: number, k: number, ctx: JobContext) => Promise<ReturnType<PersonCounter['result']> | null>;

function personsOnRanges(requests: PartRequest[]): RangePersons {
  return async (columns, keyColumn, k, ctx) => {
    // What the counter reads of a column (types, published categories, whether keys repeat), not its whole profile.
    const slim = columns.map((c) => ({
      ...c, flags: [], beginnings: undefined, digitBeginnings: undefined,
      frequencies: { complete: c.frequencies.complete, values: c.frequencies.values.filter((f) => f.count >= Math.min(2, k)) },
    })) as ColumnProfile[];
    const persons: PersonRequest = { kind: 'twin-profile-persons', columns: slim, keyColumn, k };
    const parts = await Promise.all(requests.map((r) => runWorker<PersonPart>({ ...r, persons }, ctx)));
    throwIfAborted(ctx.signal);
    if (parts.some((p) => p === null)) return null;
    const counter = new PersonCounter(columns, keyColumn, k);
    for (const p of parts as PersonPart[]) counter.mergePart(p);
    return counter.result();
  };
}

/**
 * The profiler's pass over a UTF-8 delimited file on `threads` worker threads, one byte range
 * each (cut at line feeds, each cut proved by the range before it: splitRanges.ts), merged in
 * file order into what one pass leaves: counts, sums, min/max, type evidence, lengths, value
 * counts up to the distinct cap, record rules and cell keys exactly; number samples and row
 * samples as uniform samples of the union (exact while the file's rows fit them); HyperLogLog
 * sketches by their union. Returns null when the file is better read by one pass: too small, not
 * UTF-8 cells, a cut inside a quoted field or any other error in a range (one pass then gives
 * the error with its row), or a column whose reading as numbers stops inside a later range after
 * numbers were counted there (its value counts would depend on where the ranges begin).
 */
export async function scanInParallel(source: DatasetSource, options: ProfileOptions, threads: number, ctx: JobContext = {}): Promise<ScanResult | null> {
  const ranged = source.cellRanges;
  const minBytes = Math.max(1, options.minRangeBytes ?? MIN_RANGE_BYTES);
  // A view of a source that drops the byte path (a holdout split, a harmonised or counting view)
  // filters its records: its ranges would be the raw file's, so it is read in one pass.
  if (!ranged || !source.cellBatches || threads < 2 || source.sizeBytes < 2 * minBytes) return null;
  const parts = Math.min(threads, Math.floor(source.sizeBytes / minBytes));
  const cuts = options.rangeCuts ?? cutAtLineFeeds(source.path, ranged.bomLength, source.sizeBytes, parts);
  if (cuts.length < 3) return null;
  const { seed } = resolveProfileOptions(options);
  const plainOptions: ProfileOptions = { ...options, rangeCuts: undefined };
  ctx.onProgress?.({ stage: t('profiling'), fraction: 0 });
  let done = 0;
  const requests = cuts.slice(0, -1).map((start, index): PartRequest => ({ kind: 'twin-profile-part', source: ranged, columnNames: source.columnNames, options: plainOptions, seed, index, start, end: cuts[index + 1] }));
  const results = await Promise.all(requests.map((request) => runWorker<PartResult>(request, ctx)
    .then((r) => {
      ctx.onProgress?.({ stage: t('profiling'), fraction: ++done / requests.length });
      return r;
    })));
  throwIfAborted(ctx.signal);
  if (results.some((r) => r === null)) return null;
  const merged = mergeParts(source, options, results as PartResult[]);
  return merged && { ...merged, countPersons: personsOnRanges(requests) };
}

/** The range's partial profiles merged in file order, or null when a column's reading as numbers would depend on the cuts. */
function mergeParts(source: DatasetSource, options: ProfileOptions, all: PartResult[]): ScanResult | null {
  const { exactRowLimit, associationRows, distinctLimit, tokens, settings, rng } = resolveProfileOptions(options);
  const parts_ = all.filter((p) => p.rows > 0);
  const width = source.columnNames.length;
  for (let c = 0; c < width; c++) {
    let flipped = false;
    for (let p = 0; p < parts_.length; p++) {
      const part = parts_[p].columns[c];
      if (p > 0 && !mergesExactly(part, flipped)) return null;
      if (!part.mayBeNumber) flipped = true;
    }
  }

  const accs = newAccumulators(source.columnNames, tokens, exactRowLimit, distinctLimit, rng);
  const missingKeys = new Float64Array(width);
  let rows = 0;
  let rowsKey = 0;
  let rowSample: string[][] = [];
  let patternRows: string[][] = [];
  parts_.forEach((part, p) => {
    for (let c = 0; c < width; c++) {
      accs[c].mergePart(part.columns[c], rows, p);
      missingKeys[c] = frac(missingKeys[c] + part.missingKeys[c]);
    }
    rowSample = mergeUniformSamples(rowSample, rows, part.rowSample, part.rows, associationRows, rng.fork(`merge:association-rows:${p}`));
    patternRows = mergeUniformSamples(patternRows, rows, part.patternRows, part.rows, PATTERN_SAMPLE_ROWS, rng.fork(`merge:pattern-rows:${p}`));
    rowsKey = frac(rowsKey + part.rowsKey);
    rows += part.rows;
  });
  const tracker = new RuleTracker(width, 1, settings.threshold);
  if (parts_.length > 0) tracker.mergeParts(parts_.map((p) => p.rules), options.personKey !== undefined && source.columnNames.includes(options.personKey));
  const missingWhen = new MissingWhenTracker(width, 1);
  missingWhen.mergeParts(parts_.map((p) => p.missingWhen), (p, c, k) => {
    const text = parts_[p].columns[c].texts[k];
    if (text === undefined) return -1;
    const bytes = Buffer.from(text, 'utf8');
    return accs[c].texts.find(bytes, 0, bytes.length, hashBytes(bytes, 0, bytes.length));
  });
  const strayBoms = (source.strayByteOrderMarks?.() ?? 0) + all.reduce((n, p) => n + p.strayBoms, 0);
  return { accs, tracker, missingWhen, rows, rowsKey, missingKeys, rowSample, patternRows, strayBoms };
}

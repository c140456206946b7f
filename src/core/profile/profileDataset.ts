import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { JobContext } from '../context';
import { inputError, throwIfAborted } from '../errors';
import { t } from '../l10n';
import type { RawValue } from '../format';
import { DEFAULT_MISSING_TOKENS, isMissing, missingTokenSet } from '../format';
import type { CellBatch, DatasetSource } from '../io/types';
import type { Random } from '../random';
import { DEFAULT_DISCLOSURE, type DisclosureSettings } from '../metadata';
import { createRandom } from '../random';
import { computeAssociations } from './associations';
import { ColumnAccumulator, detach } from './columnAccumulator';
import { checkDisclosure, isKey } from './disclosure';
import { refillable } from '../recordRules';
import { findPersonKey, markPersonKey } from '../disclosure/personKey';
import { retypeAsIdentifier } from '../disclosure/identifiers';
import { RecordKeys, frac } from '../disclosure/recordKeys';
import { countPersons } from '../disclosure/personCounts';
import { FirstPassPersons } from '../disclosure/firstPassPersons';
import { isPersonKeyName } from '../disclosure/personKey';
import { MissingBytes } from '../format/missingBytes';
import { countAssociationPersons } from '../disclosure/personCells';
import { inferColumn } from './inferColumn';
import { beginningsOf, digitBeginningsOf } from '../synth/fakeSpaces';
import { DENSE_MAX_SPAN, ReservoirSkipper } from './sketches';
import { fingerprintOffThread } from './fingerprintOffThread';
import { MIN_RANGE_BYTES, scanInParallel, type RangePersons } from './parallel/profileParallel';
import type { SourceFingerprint } from '../metadata';
import { summarizeLengths, summarizeNumbers } from './summarizeColumn';
import { ByteRowSample } from './byteRowSample';
import { MAX_RULE_COLUMNS, RuleTracker } from './ruleTracker';
import { KEY_MISSING, MissingWhenTracker } from './missingWhenTracker';
import { factsOfAccumulator, findRecordRules, gapsOfRows, missingWhenOf } from './rules';
import { hashBytes, hashString } from './sketches';
import type { ColumnProfile, Profile, ProfileOptions } from './types';

export const DEFAULT_EXACT_ROW_LIMIT = 200_000;
/** Columns above which pairwise associations are not computed (their number grows with the square). */
export const DEFAULT_MAX_ASSOCIATION_COLUMNS = 200;
export const DEFAULT_ASSOCIATION_ROWS = 50_000;
export const DEFAULT_DISTINCT_LIMIT = 50_000;
/** Most distinct values a categorical column may have (ProfileOptions.maxCategories). */
export const DEFAULT_MAX_CATEGORIES = 250_000;
/** Rows sampled (seeded reservoir) for identifier patterns, shapes and spaces in values. */
export const PATTERN_SAMPLE_ROWS = 5_000;

/** A column's non-missing values in sampled rows, as text. */
function sampleValues(rows: readonly RawValue[][], c: number, tokens: ReadonlySet<string>): string[] {
  const out: string[] = [];
  // Whether a text is missing, per text met: padded cells would otherwise be trimmed (a new string) every time.
  const missingText = new Map<string, boolean>();
  for (let r = 0; r < rows.length; r++) {
    const v = rows[r][c] ?? null;
    if (v === null) continue;
    if (typeof v === 'string') {
      let missing = missingText.get(v);
      if (missing === undefined) {
        missing = isMissing(v, tokens);
        missingText.set(v, missing);
      }
      if (!missing) out.push(v);
      continue;
    }
    if (isMissing(v, tokens)) continue;
    out.push(v instanceof Date ? v.toISOString() : String(v));
  }
  return out;
}

/** A profiling run's options with their defaults and bounds applied: one place for the file profiler and the SQL one. */
export function resolveProfileOptions(options: ProfileOptions) {
  const seed = options.seed ?? 1;
  const missingTokens = [...(options.missingTokens ?? DEFAULT_MISSING_TOKENS)];
  return {
    seed,
    exactRowLimit: Math.max(1, Math.floor(options.exactRowLimit ?? DEFAULT_EXACT_ROW_LIMIT)),
    associationRows: Math.max(0, Math.floor(options.associationRows ?? DEFAULT_ASSOCIATION_ROWS)),
    distinctLimit: Math.max(2, Math.floor(options.distinctLimit ?? DEFAULT_DISTINCT_LIMIT)),
    maxCategories: Math.max(1, Math.floor(options.maxCategories ?? DEFAULT_MAX_CATEGORIES)),
    keyColumns: new Set(options.keyColumns ?? []),
    missingTokens,
    tokens: missingTokenSet(missingTokens),
    settings: resolveDisclosure(options.disclosure),
    rng: createRandom(seed),
  };
}

/** Merges user disclosure settings over the defaults, rejecting nonsense. */
export function resolveDisclosure(partial?: Partial<DisclosureSettings>): DisclosureSettings {
  const s = { ...DEFAULT_DISCLOSURE, ...(partial ?? {}) };
  if (!(Number.isFinite(s.threshold) && s.threshold >= 1)) s.threshold = DEFAULT_DISCLOSURE.threshold;
  if (!(Number.isFinite(s.rounding) && s.rounding >= 1)) s.rounding = DEFAULT_DISCLOSURE.rounding;
  if (!(s.tailQuantile >= 0 && s.tailQuantile < 0.5)) s.tailQuantile = DEFAULT_DISCLOSURE.tailQuantile;
  if (s.dateResolution !== 'day') s.dateResolution = 'month';
  return s;
}

/**
 * Profiles a dataset in one streaming pass: infers each column's type and format, counts
 * missing and distinct values (exact up to `distinctLimit`, then HyperLogLog), computes
 * exact moments (Welford) and quantiles/histograms from up to `exactRowLimit` values per
 * column (beyond that a seeded reservoir sample), frequencies, lengths, disclosure flags,
 * and pairwise associations on a seeded reservoir of up to `associationRows` rows.
 * Memory is bounded by those limits, not by the row count. The file's SHA-256 is computed
 * alongside the pass: on a worker thread, or on one core from the bytes the pass reads.
 * `associationRows: 0` skips the associations (for callers that fit their own).
 * @throws TwinError('input') when the file has no data rows, or from the reader on a malformed file;
 *   TwinError('cancelled') on abort.
 */
export async function profileDataset(source: DatasetSource, options: ProfileOptions = {}, ctx: JobContext = {}): Promise<Profile> {
  const started = performance.now();
  // Byte ranges on worker threads (parallel/profileParallel.ts) need a hashing thread beside them.
  const wantsThreads = (options.threads ?? 1) > 1 && source.cellBatches !== undefined && source.cellRanges !== undefined && source.sizeBytes >= 2 * (options.minRangeBytes ?? MIN_RANGE_BYTES);
  if (source.cellBatches && !wantsThreads && !(options.fingerprintOnThread ?? availableParallelism() > 1)) {
    // One core: a hashing thread would only take turns with this one, and read the file again.
    // Hash the bytes the pass reads instead.
    const hash = createHash('sha256');
    let bytes = 0;
    const tap = (chunk: Uint8Array): void => {
      hash.update(chunk);
      bytes += chunk.length;
    };
    return profilePass(source, options, ctx, tap, () => ({ bytes, sha256: hash.digest('hex') }), started);
  }
  const fingerprint = fingerprintOffThread(source.path);
  try {
    const threads = Math.max(1, Math.floor(options.threads ?? 1));
    const parallel = threads > 1 ? await scanInParallel(source, options, threads, ctx) : null;
    return await profilePass(source, options, ctx, undefined, () => fingerprint.result, started, parallel);
  } finally {
    fingerprint.cancel();
  }
}

/**
 * Dense-index entries (NumberCounter) all columns together may hold: 16M (128 MB). Up to 64
 * columns each keeps the full DENSE_MAX_SPAN; a wider file's columns share the budget (10,000
 * columns of three-decimal numbers held 1.3 GB of dense indices before), never below 256 each.
 */
const DENSE_BUDGET = 1 << 24;

function denseSpanFor(width: number): number {
  return Math.max(256, Math.min(DENSE_MAX_SPAN, Math.floor(DENSE_BUDGET / Math.max(1, width))));
}

/** What the profiler's pass over the records leaves for the rest of profiling (one pass, or the merge of byte ranges' passes). */
export interface ScanResult {
  accs: ColumnAccumulator[];
  tracker: RuleTracker;
  missingWhen: MissingWhenTracker;
  rows: number;
  rowsKey: number;
  missingKeys: Float64Array;
  rowSample: RawValue[][];
  patternRows: RawValue[][];
  strayBoms: number;
  /** Persons counted during the pass (one-thread file passes with a person key named or declared). */
  persons?: FirstPassPersons;
  /** The person pass over the same byte ranges on their own threads (a parallel pass only). */
  countPersons?: RangePersons;
}

/** Fresh accumulators for a pass (`rng`: the run's, or a byte range's own). */
export function newAccumulators(names: readonly string[], tokens: ReadonlySet<string>, exactRowLimit: number, distinctLimit: number, rng: Random): ColumnAccumulator[] {
  const limits = { exactRowLimit, distinctLimit, denseSpan: denseSpanFor(names.length) };
  return names.map((name, i) => new ColumnAccumulator(name, i, tokens, limits, rng.fork(`column:${i}`)));
}

/**
 * The profiler's pass over records given as cell batches (a whole file, or a byte range of it on
 * a worker thread, core/profile/parallel): every per-column and per-row statistic that needs
 * the records themselves. `rng`: the run's random stream (a byte range's own fork of it).
 */
export async function scanCellBatches(
  batches: AsyncIterable<CellBatch>, columnNames: readonly string[], options: ProfileOptions, rng: Random,
  ctx: JobContext = {}, sizeBytes = 0, progressFrom = 0, persons?: FirstPassPersons,
): Promise<Omit<ScanResult, 'strayBoms'>> {
  const { exactRowLimit, associationRows, distinctLimit, tokens, settings } = resolveProfileOptions(options);
  const width = columnNames.length;
  const accs = newAccumulators(columnNames, tokens, exactRowLimit, distinctLimit, rng);
  const rowSkipper = new ReservoirSkipper(associationRows, rng.fork('association-rows'));
  const patternSkipper = new ReservoirSkipper(PATTERN_SAMPLE_ROWS, rng.fork('pattern-rows'));
  let rows = 0;
  // Cell keys (core/disclosure/recordKeys): the sum of the record keys of all rows, and of the rows missing in each column.
  const recordKeys = new RecordKeys();
  let rowsKey = 0;
  const missingKeys = new Float64Array(width);
  let rowKeys = new Float64Array(0);
  // Record rules are followed row by row through this pass (verified on every row, not a sample).
  const tracker = new RuleTracker(width, 8192, settings.threshold);
  const missingWhen = new MissingWhenTracker(width, 8192);
  const isNumber = (c: number): boolean => accs[c].mayBeNumber;
  const personColumn = options.personKey === undefined ? -1 : columnNames.indexOf(options.personKey);
  let personHashes: Int32Array | undefined;
  // Cells arrive as byte ranges and are counted without a string each; sampled rows are kept
  // as bytes and decoded when the pass ends (most are replaced before then).
  const byteRows = new ByteRowSample(associationRows, width);
  const bytePatternRows = new ByteRowSample(PATTERN_SAMPLE_ROWS, width);
  const missingBytes = new MissingBytes(tokens);
  for await (const batch of batches) {
    throwIfAborted(ctx.signal);
    const { bytes, starts, ends } = batch;
    const m = batch.rows;
    if (rowKeys.length < m) rowKeys = new Float64Array(m);
    persons?.beginBatch(bytes, starts, ends, m, width, (s, e) => missingBytes.has(bytes, s, e));
    for (let r = 0, i = 0; r < m; r++, i += width) {
      const key = recordKeys.ofBytes(bytes, starts[i], ends[i + width - 1]);
      rowKeys[r] = key;
      rowsKey += key;
    }
    tracker.beginBatch(m);
    missingWhen.beginBatch(m);
    // Column by column: one column's tables stay in cache across the batch.
    for (let c = 0; c < width; c++) {
      const acc = accs[c];
      const numbers = tracker.slot(c);
      const values = missingWhen.keySlot(c);
      const follows = missingWhen.follows(c);
      // Persons counted in this pass (core/disclosure/firstPassPersons): each cell as the accumulator read it.
      const tracked = persons !== undefined && persons.tracks(c);
      const pNumbers = persons?.numbers;
      const pAlts = persons?.alts;
      const pKeys = persons?.keys;
      let missingKey = 0;
      for (let i = c, r = 0; r < m; r++, i += width) {
        const before = acc.missing;
        if (numbers || tracked) acc.lastNumber = NaN;
        if (values || tracked) acc.lastTextKey = -1;
        if (tracked) acc.lastAlt = NaN;
        acc.addBytes(bytes, starts[i], ends[i]);
        if (numbers) numbers[r] = acc.lastNumber;
        const missed = acc.missing !== before;
        if (values) values[r] = missed ? KEY_MISSING : acc.lastTextKey;
        if (tracked) {
          (pNumbers as Float64Array)[r] = acc.lastNumber;
          (pAlts as Float64Array)[r] = acc.lastAlt;
          (pKeys as Int32Array)[r] = missed ? FirstPassPersons.MISSING : acc.lastTextKey;
        }
        if (missed) {
          missingKey += rowKeys[r];
          if (follows) missingWhen.markMissing(r, c);
        }
      }
      if (tracked) persons.column(c, acc, m, bytes, starts, ends, width);
      missingKeys[c] = frac(missingKeys[c] + missingKey);
    }
    rowsKey = frac(rowsKey);
    if (personColumn >= 0) {
      personHashes = personHashes && personHashes.length >= m ? personHashes : new Int32Array(m);
      for (let r = 0, i = personColumn; r < m; r++, i += width) personHashes[r] = hashBytes(bytes, starts[i], ends[i]);
    }
    tracker.endBatch(m, isNumber, personHashes);
    missingWhen.endBatch(m);
    for (let r = 0; r < m; r++) {
      const slot = rowSkipper.offer();
      const pslot = patternSkipper.offer();
      if (slot >= 0) byteRows.put(slot, batch, r);
      if (pslot >= 0) bytePatternRows.put(pslot, batch, r);
    }
    rows += m;
    if (sizeBytes > 0) ctx.onProgress?.({ stage: t('profiling'), fraction: Math.min(1, (batch.bytesRead - progressFrom) / sizeBytes) });
  }
  return { accs, tracker, missingWhen, rows, rowsKey, missingKeys, rowSample: byteRows.rows(), patternRows: bytePatternRows.rows(), ...(persons ? { persons } : {}) };
}

/** The pass over a source's records: through its cells when it has them, else through its values. */
async function scanSource(source: DatasetSource, options: ProfileOptions, ctx: JobContext, tap: ((bytes: Uint8Array) => void) | undefined): Promise<ScanResult> {
  const { exactRowLimit, associationRows, distinctLimit, tokens, settings, rng } = resolveProfileOptions(options);
  ctx.onProgress?.({ stage: t('profiling'), fraction: 0 });
  if (source.cellBatches) {
    // The person key, declared or named like one, is known before the types are: persons are counted in this pass.
    const names = source.columnNames;
    const keyColumn = options.personKey !== undefined ? names.indexOf(options.personKey) : names.findIndex(isPersonKeyName);
    const persons = keyColumn >= 0 ? new FirstPassPersons(names.length, keyColumn, settings.threshold) : undefined;
    const scan = await scanCellBatches(source.cellBatches(ctx, tap), names, options, rng, ctx, source.sizeBytes, 0, persons);
    return { ...scan, strayBoms: source.strayByteOrderMarks?.() ?? 0 };
  }
  const width = source.columnNames.length;
  const accs = newAccumulators(source.columnNames, tokens, exactRowLimit, distinctLimit, rng);
  const rowSkipper = new ReservoirSkipper(associationRows, rng.fork('association-rows'));
  const rowSample: RawValue[][] = [];
  const patternSkipper = new ReservoirSkipper(PATTERN_SAMPLE_ROWS, rng.fork('pattern-rows'));
  const patternRows: RawValue[][] = [];
  let rows = 0;
  const recordKeys = new RecordKeys();
  let rowsKey = 0;
  const missingKeys = new Float64Array(width);
  let rowKeys = new Float64Array(0);
  const tracker = new RuleTracker(width, 8192, settings.threshold);
  const missingWhen = new MissingWhenTracker(width, 8192);
  const isNumber = (c: number): boolean => accs[c].mayBeNumber;
  const personColumn = options.personKey === undefined ? -1 : source.columnNames.indexOf(options.personKey);
  let personHashes: Int32Array | undefined;
  {
    for await (const batch of source.batches(ctx)) {
      throwIfAborted(ctx.signal);
      const batchRows = batch.rows;
      const m = batchRows.length;
      if (rowKeys.length < m) rowKeys = new Float64Array(m);
      for (let r = 0; r < m; r++) {
        const key = recordKeys.ofText(batchRows[r].map((v) => (v instanceof Date ? v.toISOString() : String(v ?? ''))).join('\u001f'));
        rowKeys[r] = key;
        rowsKey += key;
      }
      tracker.beginBatch(m);
      missingWhen.beginBatch(m);
      for (let c = 0; c < width; c++) {
        const acc = accs[c];
        const numbers = tracker.slot(c);
        const values = missingWhen.keySlot(c);
        const follows = missingWhen.follows(c);
        let missingKey = 0;
        for (let r = 0; r < m; r++) {
          const before = acc.missing;
          if (numbers) acc.lastNumber = NaN;
          if (values) acc.lastTextKey = -1;
          acc.add(batchRows[r][c]);
          if (numbers) numbers[r] = acc.lastNumber;
          const missed = acc.missing !== before;
          if (values) values[r] = missed ? KEY_MISSING : acc.lastTextKey;
          if (missed) {
            missingKey += rowKeys[r];
            if (follows) missingWhen.markMissing(r, c);
          }
        }
        missingKeys[c] = frac(missingKeys[c] + missingKey);
      }
      rowsKey = frac(rowsKey);
      if (personColumn >= 0) {
        personHashes = personHashes && personHashes.length >= m ? personHashes : new Int32Array(m);
        for (let r = 0; r < m; r++) personHashes[r] = hashString(String(batchRows[r][personColumn] ?? ''));
      }
      tracker.endBatch(m, isNumber, personHashes);
      missingWhen.endBatch(m);
      for (let r = 0; r < m; r++) {
        const slot = rowSkipper.offer();
        const pslot = patternSkipper.offer();
        if (slot < 0 && pslot < 0) continue;
        const src = batchRows[r];
        const copy: RawValue[] = new Array(width);
        for (let c = 0; c < width; c++) {
          const v = src[c] ?? null;
          copy[c] = typeof v === 'string' ? detach(v) : v;
        }
        if (slot >= 0) rowSample[slot] = copy;
        if (pslot >= 0) patternRows[pslot] = copy;
      }
      rows += m;
      if (source.sizeBytes > 0) ctx.onProgress?.({ stage: t('profiling'), fraction: Math.min(1, batch.bytesRead / source.sizeBytes) });
    }
  }
  return { accs, tracker, missingWhen, rows, rowsKey, missingKeys, rowSample, patternRows, strayBoms: source.strayByteOrderMarks?.() ?? 0 };
}

async function profilePass(
  source: DatasetSource,
  options: ProfileOptions,
  ctx: JobContext,
  tap: ((bytes: Uint8Array) => void) | undefined,
  fingerprint: () => SourceFingerprint | Promise<SourceFingerprint>,
  started: number,
  parallel?: ScanResult | null,
): Promise<Profile> {
  const scan = parallel ?? await scanSource(source, options, ctx, tap);
  return finishProfile(source, options, ctx, scan, fingerprint, started);
}

/** Everything after the pass over the records: types, disclosure, the person pass, rules and associations. */
async function finishProfile(
  source: DatasetSource,
  options: ProfileOptions,
  ctx: JobContext,
  scan: ScanResult,
  fingerprint: () => SourceFingerprint | Promise<SourceFingerprint>,
  started: number,
): Promise<Profile> {
  const { seed, associationRows, distinctLimit, maxCategories, keyColumns, missingTokens, tokens, settings } = resolveProfileOptions(options);
  const { accs, tracker, missingWhen, rows, rowsKey, missingKeys, rowSample, patternRows } = scan;
  const personColumn = options.personKey === undefined ? -1 : source.columnNames.indexOf(options.personKey);
  throwIfAborted(ctx.signal);
  if (rows === 0) {
    throw inputError(source.format === 'delimited' && source.dialect.kind === 'delimited' && source.dialect.header ? t('no data rows: the file has a header only') : t('no data rows: the file holds no records'), { file: source.path });
  }

  const notes: string[] = [];
  const strayBoms = scan.strayBoms;
  if (strayBoms > 0) notes.push(`${strayBoms.toLocaleString('en-GB')} byte-order mark${strayBoms === 1 ? '' : 's'} inside the file (at the start of a record or of the header) removed: no part of any value`);
  const monthFirst: boolean[] = [];
  const shapes: (string | undefined)[] = [];
  const columns: ColumnProfile[] = accs.map((acc, c) => {
    acc.sample = sampleValues(patternRows, c, tokens);
    const inference = inferColumn(acc);
    monthFirst.push(inference.monthFirst);
    shapes.push(inference.shapes.dominant);
    const distinct = acc.distinct();
    const isKey = keyColumns.has(acc.name);
    if (inference.spec.type === 'categorical' && distinct.count > maxCategories && !isKey) {
      const count = Math.round(distinct.count).toLocaleString('en-GB');
      const limit = maxCategories.toLocaleString('en-GB');
      throw inputError(distinct.method === 'hyperloglog'
        ? t('has about {0} distinct categories, more than the limit of {1} (raise the category limit)', count, limit)
        : t('has {0} distinct categories, more than the limit of {1} (raise the category limit)', count, limit), { file: source.path, column: acc.name });
    }
    const numeric = summarizeNumbers(acc, inference, seed);
    const column: ColumnProfile = {
      name: acc.name,
      index: acc.index,
      spec: inference.spec,
      missing: acc.missing,
      missingFraction: rows > 0 ? acc.missing / rows : 0,
      distinct,
      frequencies: { values: acc.frequencies(), complete: !acc.overflow },
      length: summarizeLengths(acc),
      typeReason: inference.reason,
      flags: [],
    };
    if (numeric) column.numeric = numeric;
    if (inference.identifier) column.identifier = inference.identifier;
    const type = inference.spec.type;
    if (type === 'identifier' || type === 'text' || type === 'categorical') column.beginnings = beginningsOf(acc.leads);
    if (type === 'identifier') column.digitBeginnings = digitBeginningsOf(acc.digitLeads);
    column.flags = checkDisclosure(column, inference, acc.sample, acc.nonMissing, settings);
    if (isKey && column.spec.type === 'categorical') {
      retypeAsIdentifier(column, inference.shapes.dominant, 'a key linking tables of the dataset: its values name rows, not categories');
    } else if (column.spec.type === 'categorical' && column.flags.some((f) => f.kind === 'name')) {
      retypeAsIdentifier(column, inference.shapes.dominant, 'personal names: an identifier however often a name repeats');
    }
    if (acc.frozen) notes.push(`${acc.name}: values rarely recurred past the first ${distinctLimit.toLocaleString('en-GB')} distinct; their counts stop where that was detected (lower bounds)`);
    if (distinct.method === 'hyperloglog') notes.push(`${acc.name}: more than ${distinctLimit.toLocaleString('en-GB')} distinct values; distinct count is a HyperLogLog estimate (±1%) and frequencies cover the first ${distinctLimit.toLocaleString('en-GB')} values seen`);
    if (numeric && numeric.method !== 'exact') notes.push(`${acc.name}: quantiles, histogram and outliers from a ${numeric.method}; count, mean, sd, min and max exact`);
    return column;
  });
  const personKey = findPersonKey(columns, rows, options.personKey, source.path);
  if (personKey) {
    const c = columns.findIndex((col) => col.name === personKey.column);
    markPersonKey(columns[c], shapes[c], personKey);
    // Only with a person key: distinct persons per category and at each end of every number column,
    // counted during the pass when it could be shown exact (firstPassPersons.ts), else in a second pass:
    // on the byte ranges' threads when the pass was split (merged exactly: disclosure/personCounts.ts), else one pass.
    const inPass = scan.persons?.result(columns, accs, c, monthFirst);
    scan.persons = undefined;
    if (!inPass) ctx.onProgress?.({ stage: t('counting persons') });
    const counted = inPass ?? (await scan.countPersons?.(columns, c, settings.threshold, ctx)) ?? await countPersons(source, columns, c, tokens, settings.threshold, ctx);
    counted.columns.forEach((p, i) => {
      if (p) columns[i].persons = p;
    });
    // One note either way: the figures are the same (test/unit/disclosure/firstPassPersons.test.ts).
    notes.push(`distinct persons counted (by ${personKey.column}) per category and at each end of every number and date column`);
  }
  const finalSpecs = columns.map((c) => c.spec);
  const rules = findRecordRules({
    tracked: tracker.result(), columns: accs.map(factsOfAccumulator), specs: finalSpecs, monthFirst, rows, k: settings.threshold,
    missingWhen: missingWhenOf(missingWhen, (c, key) => accs[c].texts.text(key)),
    refillable: columns.map((col) => refillable(col.spec.type, col.flags, isKey(col.distinct, rows - col.missing))),
    gaps: (a, b, unit) => gapsOfRows(patternRows, finalSpecs, tokens, a, b, unit),
    tails: (c) => {
      const q = columns[c].numeric?.quantiles.values;
      return q && q.length === 101 ? { low: q[1], high: q[99] } : { low: NaN, high: NaN };
    },
  });
  notes.push(`record rules (order, derived columns, shared missingness, missingness set by another column's value, natural ranges) verified on all ${rows} rows over at least ${settings.threshold} ${personColumn >= 0 ? 'persons (declared key)' : 'rows (persons are counted for a declared key only: a detected key is known after the pass)'}; order, derived and value-set missingness rules among the first ${MAX_RULE_COLUMNS} columns; gap distributions from the uniform sample of up to ${PATTERN_SAMPLE_ROWS.toLocaleString('en-GB')} rows`);
  notes.push(`identifier patterns and shapes checked on the non-missing values of a uniform sample of up to ${PATTERN_SAMPLE_ROWS.toLocaleString('en-GB')} rows (seed ${seed})`);

  ctx.onProgress?.({ stage: t('associations') });
  const specs = columns.map((c) => c.spec);
  const sampleRows = rowSample.length;
  // Pairs grow with the square of the columns: past the cap (a 1,000-column extract has
  // 499,500 pairs) they are skipped, so memory and metadata.json stay bounded.
  const modelledColumns = specs.filter((s) => s.type !== 'text' && s.type !== 'identifier').length;
  const maxAssociationColumns = options.maxAssociationColumns ?? DEFAULT_MAX_ASSOCIATION_COLUMNS;
  const tooWide = modelledColumns > maxAssociationColumns;
  const skipPairs = tooWide || associationRows === 0;
  const pairs = skipPairs ? [] : computeAssociations(rowSample, specs, monthFirst, tokens, settings.threshold);
  if (personKey && pairs.length) {
    countAssociationPersons(pairs, rowSample, specs, columns.findIndex((c) => c.name === personKey.column), tokens, settings.threshold);
  }
  if (associationRows === 0) notes.push('pairwise associations not computed (ProfileOptions.associationRows is 0)');
  else if (tooWide) notes.push(`pairwise associations skipped: ${modelledColumns.toLocaleString('en-GB')} columns is more than the limit of ${maxAssociationColumns.toLocaleString('en-GB')} (ProfileOptions.maxAssociationColumns)`);
  ctx.onProgress?.({ stage: t('associations'), fraction: 1 });
  const method = sampleRows >= rows ? `all ${rows} rows` : `uniform sample of ${sampleRows} rows, seed ${seed}`;
  if (!skipPairs) notes.push(`associations on ${method}: Pearson and Spearman (number/date pairs), Cramér's V bias-uncorrected (category pairs), correlation ratio (number–category); categories with fewer than ${settings.threshold} sample rows pooled first`);

  const seconds = (performance.now() - started) / 1000;
  const fp = await fingerprint();
  ctx.onProgress?.({ stage: t('profiling'), fraction: 1 });
  return {
    format: 'twin-profile/1',
    dataset: { name: source.name, path: source.path, format: source.format, rows, dialect: source.dialect, fingerprint: fp, ...(personKey ? { personKey } : {}) },
    missingTokens,
    disclosure: settings,
    columns,
    associations: { method, rows: sampleRows, pairs },
    cellKeys: { rows: rowsKey, missing: Array.from(missingKeys) },
    rules,
    notes,
    timing: { seconds, megabytesPerSecond: seconds > 0 ? source.sizeBytes / 1e6 / seconds : 0 },
  };
}

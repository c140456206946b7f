import { createHash } from 'node:crypto';
import type { JobContext } from '../context';
import { inputError, throwIfAborted } from '../errors';
import { t } from '../l10n';
import type { RawValue } from '../format';
import { DEFAULT_CSV_DIALECT } from '../io/writeDataset';
import { createRandom } from '../random';
import { isNumericType } from '../schema';
import { findPersonKey, markPersonKey } from '../disclosure/personKey';
import { countAssociationPersons } from '../disclosure/personCells';
import { retypeAsIdentifier } from '../disclosure/identifiers';
import { keyedDigest } from '../disclosure/secret';
import { beginningsOf, digitBeginningsOf } from '../synth/fakeSpaces';
import { computeAssociations } from '../profile/associations';
import { ColumnAccumulator, LENGTH_CAP } from '../profile/columnAccumulator';
import { checkDisclosure } from '../profile/disclosure';
import { inferColumn } from '../profile/inferColumn';
import {
  DEFAULT_MAX_ASSOCIATION_COLUMNS,
  PATTERN_SAMPLE_ROWS, resolveProfileOptions,
} from '../profile/profileDataset';
import { DENSE_MAX_SPAN } from '../profile/sketches';
import { PERCENT_POINTS, PROFILE_BINS, POINT_MASS_SHARE, summarizeLengths, summarizeNumbers } from '../profile/summarizeColumn';
import type { ColumnProfile, NumericProfile, Profile, ProfileOptions } from '../profile/types';
import { MAX_RULE_COLUMNS } from '../profile/ruleTracker';
import { countPersonsInEngine } from './personCountsSql';
import { findRulesInEngine } from './rulesSql';
import { connectSql, fromClause, sqlSourceLabel, sqlSourceName } from './source';
import type { SqlColumn, SqlConnection, SqlCredentials, SqlDialect, SqlSourceSpec, SqlValue } from './types';

export interface SqlProfileOptions extends ProfileOptions {
  credentials?: SqlCredentials;
}

/** The column every keyed row carries (a name no table is likely to use). */
const KEY = 'twin__row_key';
const TWO_32 = 4294967296;

/**
 * Profiles a database table or query (DuckDB or PostgreSQL) into the same `Profile` the file
 * profiler makes, so `toMetadata` and every disclosure rule apply unchanged. The statistics are
 * computed by the engine in SQL (see {@link profileSqlRelation}); only aggregates, and one seeded
 * sample drawn by the engine for type checks and associations, leave it.
 */
export async function profileSqlSource(spec: SqlSourceSpec, options: SqlProfileOptions = {}, ctx: JobContext = {}): Promise<Profile> {
  const conn = await connectSql(spec, options.credentials);
  try {
    return await profileSqlRelation(conn, spec, options, ctx);
  } finally {
    await conn.close();
  }
}

/** A number from a count or sum the engine returned (bigint, numeric as text, null for an empty sum). */
function num(v: SqlValue | undefined): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : Number(v);
}

/**
 * What the engine computes, per column: missing and distinct counts, the cell keys (one scan);
 * the frequency table (GROUP BY: all of it up to `distinctLimit` distinct values, else the most
 * frequent), which the profiler's own accumulator reads value × count to infer the type and
 * format exactly as from a file; for number and date columns min, max, mean, sd, 101 type-7
 * quantiles, the histogram, outliers and the 3% of values at each end (for the tail models); for
 * high-cardinality text the length distribution and the value beginnings. Associations and the
 * pattern checks run on a seeded sample the engine draws (rows ordered by a keyed hash).
 * With a person key the engine also counts distinct persons behind the figures (personCountsSql.ts).
 * Record rules are checked by the engine too (rulesSql.ts): only counts of breaking rows leave it.
 */
export async function profileSqlRelation(conn: SqlConnection, spec: SqlSourceSpec, options: ProfileOptions = {}, ctx: JobContext = {}): Promise<Profile> {
  const started = performance.now();
  const d = conn.dialect;
  const label = sqlSourceLabel(spec);
  const where = { file: label };
  const { seed, exactRowLimit, associationRows, distinctLimit, maxCategories, keyColumns, missingTokens, tokens, settings, rng } = resolveProfileOptions(options);

  const from = fromClause(spec, d);
  const cols = await conn.describe(from);
  if (cols.length === 0) throw inputError(t('the table or query has no columns'), where);
  const width = cols.length;
  const ref = (c: number): string => `s.${d.quote(cols[c].name)}`;
  const text = (c: number): string => (cols[c].kind === 'text' ? ref(c) : d.text(ref(c)));
  const tokenList = missingTokens.map((t) => d.literal(t)).join(', ');
  // A number, date or boolean is written without letters or punctuation alone: only a token with a
  // digit (or true/false) could be one's text, so otherwise NULL is its only missing value (no cast per row).
  const valueTokens = missingTokens.some((t) => /\d|^\s*(true|false)\s*$/i.test(t));
  const missing = (c: number): string => (tokenList && (cols[c].kind === 'text' || valueTokens) ? `(${text(c)} IS NULL OR trim(${text(c)}) IN (${tokenList}))` : `${ref(c)} IS NULL`);
  const distinctOf = (c: number): string => (cols[c].kind === 'text' || cols[c].kind === 'number' ? text(c) : ref(c));
  // The record keys are salted with a digest of the TRE secret: without it nobody can recompute
  // the cell keys (and so undo the perturbation) or the sample from the data.
  const salt = recordKeySalt();
  const keyed = (s: string): string => keyedRelation(d, from, cols, s);
  const key = `s.${d.quote(KEY)}`;

  ctx.onProgress?.({ stage: t('profiling'), fraction: 0 });
  // One scan: rows, missing and distinct per column, and the cell keys (sums of whole numbers, exact).
  const scan = [`count(*)`, `sum(${key}) % ${TWO_32}`];
  for (let c = 0; c < width; c++) {
    scan.push(`sum(CASE WHEN ${missing(c)} THEN 1 ELSE 0 END)`, `sum(CASE WHEN ${missing(c)} THEN ${key} ELSE 0 END) % ${TWO_32}`, `count(DISTINCT CASE WHEN ${missing(c)} THEN NULL ELSE ${distinctOf(c)} END)`);
  }
  // The salt is bound, not written into the statement: a server that logs statements never logs it.
  const [totals] = await conn.query(`SELECT ${scan.join(', ')} FROM ${keyed(d.textParameter)}`, ctx, [salt]);
  throwIfAborted(ctx.signal);
  const rows = num(totals[0]);
  if (rows === 0) throw inputError(t('no data rows: the table or query returned no rows'), where);
  const rowsKey = num(totals[1]);
  const missingCounts = cols.map((_, c) => num(totals[2 + 3 * c]));
  const missingKeys = cols.map((_, c) => num(totals[3 + 3 * c]));
  const distinctCounts = cols.map((_, c) => num(totals[4 + 3 * c]));

  // The engine's seeded sample: rows ordered by a keyed hash with the seed, the first of them.
  const sampleSize = Math.max(associationRows, PATTERN_SAMPLE_ROWS);
  const sampled = await drawSample(conn, spec, cols, rows, sampleSize, seed);
  const sampleRows = sampled;
  const rowSample = sampleRows.slice(0, associationRows);
  const patternRows = sampleRows.slice(0, PATTERN_SAMPLE_ROWS);

  const notes: string[] = [`profiled in ${d.engine === 'duckdb' ? 'DuckDB' : 'PostgreSQL'} (${label}): counts, distinct counts, frequencies, moments, quantiles, histograms and lengths computed by the engine in SQL; only aggregates and a seeded sample of up to ${sampleSize.toLocaleString('en-GB')} rows left it`];
  const limits = { exactRowLimit, distinctLimit, denseSpan: Math.max(256, Math.min(DENSE_MAX_SPAN, Math.floor((1 << 24) / width))) };
  const monthFirst: boolean[] = [];
  const shapes: (string | undefined)[] = [];
  const columns: ColumnProfile[] = [];
  const accs: ColumnAccumulator[] = [];
  for (let c = 0; c < width; c++) {
    throwIfAborted(ctx.signal);
    ctx.onProgress?.({ stage: t('profiling'), fraction: c / width });
    const col = cols[c];
    const acc = new ColumnAccumulator(col.name, c, tokens, limits, rng.fork(`column:${c}`));
    accs.push(acc);
    const complete = distinctCounts[c] <= distinctLimit;
    const nonMissing = rows - missingCounts[c];
    // The frequency table, read value × count in a fixed order (count, then value): the accumulator
    // then sees the column's values exactly, only not in the table's order.
    const freq = (await conn.query(complete
      ? `SELECT ${text(c)}, count(*) FROM ${from} AS s GROUP BY 1`
      : `SELECT ${text(c)}, count(*) FROM ${from} AS s WHERE NOT ${missing(c)} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${distinctLimit + 1}`))
      .map((r) => ({ value: r[0] === null ? null : String(r[0]), count: num(r[1]) }))
      .sort((a, b) => b.count - a.count || (a.value === null ? -1 : b.value === null ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    for (const { value, count } of freq) {
      if (value === null) {
        for (let i = 0; i < count; i++) acc.add(null);
        continue;
      }
      const bytes = Buffer.from(value, 'utf8');
      for (let i = 0; i < count; i++) acc.addBytes(bytes, 0, bytes.length);
    }
    acc.sample = patternRows.map((r) => r[c]).filter((v): v is string => typeof v === 'string' && !tokens.has(v) && !tokens.has(v.trim()));
    const inference = inferColumn(acc);
    monthFirst.push(inference.monthFirst);
    shapes.push(inference.shapes.dominant);
    const type = inference.spec.type;
    if (!complete && isNumericType(type) && col.kind === 'text') {
      throw inputError(t('holds numbers or dates as text with more than {0} distinct values: cast it to a number or date type in a query', distinctLimit.toLocaleString('en-GB')), { ...where, column: col.name });
    }
    const distinct = complete ? acc.distinct() : { count: distinctCounts[c], method: 'exact' as const };
    if (type === 'categorical' && distinct.count > maxCategories && !keyColumns.has(col.name)) {
      throw inputError(t('has {0} distinct categories, more than the limit of {1} (raise the category limit)', Math.round(distinct.count).toLocaleString('en-GB'), maxCategories.toLocaleString('en-GB')), { ...where, column: col.name });
    }
    if (!complete && (type === 'identifier' || type === 'text' || type === 'categorical')) await addHighCardinalityFacts(conn, d, from, text(c), missing(c), acc);
    const lengthOf = complete ? acc : await lengthsOf(conn, d, from, text(c), missing(c), nonMissing);
    let numeric = summarizeNumbers(acc, inference, seed);
    if (numeric && col.kind !== 'text' && col.kind !== 'boolean') numeric = await engineNumbers(conn, d, from, col, ref(c), missing(c), numeric, complete ? undefined : freq);
    const column: ColumnProfile = {
      name: col.name,
      index: c,
      spec: inference.spec,
      missing: missingCounts[c],
      missingFraction: missingCounts[c] / rows,
      distinct,
      frequencies: complete
        ? { values: acc.frequencies(), complete: true }
        : { values: freq.slice(0, distinctLimit).map((f) => ({ value: f.value ?? '', count: f.count })), complete: false },
      length: summarizeLengths(lengthOf),
      typeReason: inference.reason,
      flags: [],
    };
    if (numeric) column.numeric = numeric;
    if (inference.identifier) column.identifier = inference.identifier;
    if (type === 'identifier' || type === 'text' || type === 'categorical') column.beginnings = beginningsOf(acc.leads);
    if (type === 'identifier') column.digitBeginnings = digitBeginningsOf(acc.digitLeads);
    column.flags = checkDisclosure(column, inference, acc.sample, nonMissing, settings);
    if (keyColumns.has(col.name) && column.spec.type === 'categorical') {
      retypeAsIdentifier(column, inference.shapes.dominant, 'a key linking tables of the dataset: its values name rows, not categories');
    } else if (column.spec.type === 'categorical' && column.flags.some((f) => f.kind === 'name')) {
      retypeAsIdentifier(column, inference.shapes.dominant, 'personal names: an identifier however often a name repeats');
    }
    if (!complete) notes.push(`${col.name}: more than ${distinctLimit.toLocaleString('en-GB')} distinct values (${distinct.count.toLocaleString('en-GB')}, counted exactly by the engine); frequencies cover the ${distinctLimit.toLocaleString('en-GB')} most frequent`);
    columns.push(column);
  }
  const personKey = findPersonKey(columns, rows, options.personKey, label);
  const personColumn = personKey ? columns.findIndex((col) => col.name === personKey.column) : -1;
  if (personKey) {
    markPersonKey(columns[personColumn], shapes[personColumn], personKey);
    // The person pass, in the engine: distinct persons per category and at each end of every number column.
    ctx.onProgress?.({ stage: t('counting persons') });
    const persons = await countPersonsInEngine(conn, { from, text, missing }, columns, personColumn, settings.threshold, `${salt}:persons`, ctx);
    persons.forEach((p, i) => {
      if (p) columns[i].persons = p;
    });
    notes.push(`the engine counted distinct persons (by ${personKey.column}, as keyed hashes) per category and at each end of every number and date column`);
  }
  ctx.onProgress?.({ stage: t('record rules') });
  const declaredPerson = options.personKey === undefined ? -1 : columns.findIndex((col) => col.name === options.personKey);
  const found = await findRulesInEngine({
    conn, from, cols, columns, accs, monthFirst, rows, missingKeys, text, missing, patternRows, tokens, k: settings.threshold, personColumn: declaredPerson,
  }, ctx);
  notes.push(`record rules (order, derived columns, shared missingness, missingness set by another column's value, natural ranges) verified by the engine on all ${rows} rows (counts of the rows breaking each candidate) over at least ${settings.threshold} ${declaredPerson >= 0 ? 'persons (declared key)' : 'rows (persons are counted for a declared key only, as from a file)'}; order, derived and value-set missingness rules among the first ${MAX_RULE_COLUMNS} columns; gap distributions from the engine's seeded sample of up to ${PATTERN_SAMPLE_ROWS.toLocaleString('en-GB')} rows`, ...found.notes);
  notes.push(`identifier patterns and shapes checked on the non-missing values of the engine's seeded sample of up to ${PATTERN_SAMPLE_ROWS.toLocaleString('en-GB')} rows (seed ${seed})`);

  ctx.onProgress?.({ stage: t('associations') });
  const specs = columns.map((c) => c.spec);
  const modelled = specs.filter((s) => s.type !== 'text' && s.type !== 'identifier').length;
  const maxAssociationColumns = options.maxAssociationColumns ?? DEFAULT_MAX_ASSOCIATION_COLUMNS;
  const tooWide = modelled > maxAssociationColumns;
  const skipPairs = tooWide || associationRows === 0;
  const pairs = skipPairs ? [] : computeAssociations(rowSample, specs, monthFirst, tokens, settings.threshold);
  if (personKey && pairs.length) countAssociationPersons(pairs, rowSample, specs, personColumn, tokens, settings.threshold);
  if (associationRows === 0) notes.push('pairwise associations not computed (ProfileOptions.associationRows is 0)');
  else if (tooWide) notes.push(`pairwise associations skipped: ${modelled.toLocaleString('en-GB')} columns is more than the limit of ${maxAssociationColumns.toLocaleString('en-GB')} (ProfileOptions.maxAssociationColumns)`);
  const method = rowSample.length >= rows ? `all ${rows} rows` : `uniform sample of ${rowSample.length} rows drawn by the engine, seed ${seed}`;
  if (!skipPairs) notes.push(`associations on ${method}: Pearson and Spearman (number/date pairs), Cramér's V bias-uncorrected (category pairs), correlation ratio (number–category); categories with fewer than ${settings.threshold} sample rows pooled first`);

  // The fingerprint stands for the rows profiled: the relation, its columns, row count and keyed row sums.
  const sha256 = createHash('sha256').update(JSON.stringify([label, cols.map((c) => [c.name, c.engineType]), rows, rowsKey, missingKeys])).digest('hex');
  const seconds = (performance.now() - started) / 1000;
  ctx.onProgress?.({ stage: t('profiling'), fraction: 1 });
  return {
    format: 'twin-profile/1',
    dataset: { name: sqlSourceName(spec), path: label, format: 'delimited', rows, dialect: { ...DEFAULT_CSV_DIALECT }, fingerprint: { bytes: 0, sha256 }, ...(personKey ? { personKey } : {}) },
    missingTokens,
    disclosure: settings,
    columns,
    associations: { method, rows: rowSample.length, pairs },
    cellKeys: { rows: rowsKey / TWO_32, missing: missingKeys.map((k) => k / TWO_32) },
    rules: found.rules,
    notes,
    timing: { seconds, megabytesPerSecond: 0 },
  };
}

/** The relation with each row's keyed hash (`KEY`) beside its columns, as `s`. */
function keyedRelation(d: SqlDialect, from: string, cols: readonly SqlColumn[], salt: string): string {
  const texts = cols.map((col) => (col.kind === 'text' ? `src.${d.quote(col.name)}` : d.text(`src.${d.quote(col.name)}`)));
  return `(SELECT src.*, ${d.rowKey(texts, salt)} AS ${d.quote(KEY)} FROM ${from} AS src) AS s`;
}

/** The salt of the record keys: a digest of the TRE secret, so nobody without it can recompute the keys or the sample. */
function recordKeySalt(): string {
  return keyedDigest('twin sql record keys').slice(0, 32);
}

/**
 * A seeded sample of `size` rows drawn by the engine: the rows with the smallest keyed hashes
 * (salted with the seed), each value as the engine writes it as text (null when NULL).
 */
export async function drawSample(conn: SqlConnection, spec: SqlSourceSpec, cols: readonly SqlColumn[], rows: number, size: number, seed: number): Promise<RawValue[][]> {
  const d = conn.dialect;
  const from = fromClause(spec, d);
  const key = `s.${d.quote(KEY)}`;
  const text = (c: number): string => (cols[c].kind === 'text' ? `s.${d.quote(cols[c].name)}` : d.text(`s.${d.quote(cols[c].name)}`));
  // The keys are uniform: a bound a little above the sample's share of them cuts the sort to the
  // rows below it, and gives the same rows as sorting all (the whole sort when too few fall below).
  const select = `SELECT ${cols.map((_, c) => text(c)).join(', ')} FROM ${keyedRelation(d, from, cols, d.textParameter)}`;
  const salt = [`${recordKeySalt()}:${seed}`];
  const order = `ORDER BY ${key}, ${cols.map((_, c) => c + 1).join(', ')} LIMIT ${size}`;
  const share = Math.min(1, (1.2 * size) / Math.max(1, rows) + 1e-4);
  let sampled = share < 1 ? await conn.query(`${select} WHERE ${key} < ${Math.ceil(share * TWO_32)} ${order}`, undefined, salt) : [];
  if (sampled.length < Math.min(rows, size)) sampled = await conn.query(`${select} ${order}`, undefined, salt);
  return sampled.map((r) => r.map((v) => (v === null ? null : String(v))));
}

/**
 * A high-cardinality column's value beginnings, from one value per distinct 8-character prefix
 * (the accumulator marks a value's first two bytes and first four digits): every value counted.
 */
async function addHighCardinalityFacts(conn: SqlConnection, d: SqlDialect, from: string, text: string, missing: string, acc: ColumnAccumulator): Promise<void> {
  const heads = await conn.query(`SELECT min(${text}) FROM ${from} AS s WHERE NOT ${missing} GROUP BY ${d.left(text, 8)}`);
  const probe = new ColumnAccumulator(acc.name, acc.index, new Set(), { exactRowLimit: 1, distinctLimit: 2 }, createRandom(1));
  for (const [v] of heads) if (v !== null) probe.add(String(v));
  for (let i = 0; i < acc.leads.length; i++) acc.leads[i] |= probe.leads[i];
  for (let i = 0; i < acc.digitLeads.length; i++) acc.digitLeads[i] |= probe.digitLeads[i];
}

/** The length distribution of a column's non-missing values (lengths above LENGTH_CAP counted at it), by the engine. */
async function lengthsOf(conn: SqlConnection, d: SqlDialect, from: string, text: string, missing: string, nonMissing: number): Promise<{ nonMissing: number; lengths: Int32Array; lengthSum: number }> {
  const lengths = new Int32Array(LENGTH_CAP + 1);
  let lengthSum = 0;
  const len = d.length(text);
  for (const [l, n, sum] of await conn.query(`SELECT least(${len}, ${LENGTH_CAP}), count(*), sum(${len}) FROM ${from} AS s WHERE NOT ${missing} GROUP BY 1`)) {
    lengths[num(l)] += num(n);
    lengthSum += num(sum);
  }
  return { nonMissing, lengths, lengthSum };
}

/**
 * A number or date column's summary computed by the engine: count, min, max, mean, sd, quantiles
 * (type 7 from the ranked values, as the file profiler's), the histogram on the same edges, outliers
 * beyond the 3×IQR fences and the values at each end for the tail models, all exact. Precision and point masses
 * come from the frequency table (`base`, or `top` when only the most frequent values were read).
 */
async function engineNumbers(
  conn: SqlConnection, d: SqlDialect, from: string, col: SqlColumn, ref: string, missing: string, base: NumericProfile,
  top: { value: string | null; count: number }[] | undefined,
): Promise<NumericProfile> {
  const x = d.number(ref, col.kind);
  const numbers = `(SELECT ${x} AS x FROM ${from} AS s WHERE NOT ${missing}) AS q`;
  const [summary] = await conn.query(`SELECT count(x), min(x), max(x), avg(x), stddev_samp(x) FROM ${numbers}`);
  const count = num(summary[0]);
  const min = num(summary[1]);
  const max = num(summary[2]);
  // The order statistics the type-7 quantiles interpolate between, and the lowest and highest 3%
  // (at least 2,000) for the tail models, in one ranked pass (window functions, ANSI SQL).
  const tail = Math.min(count, Math.max(2000, Math.ceil(count * 0.03)));
  const ranks = new Set<number>();
  for (const p of PERCENT_POINTS) {
    const h = (count - 1) * p;
    ranks.add(Math.floor(h));
    ranks.add(Math.min(count - 1, Math.floor(h) + 1));
  }
  const wanted = [...ranks].filter((r) => r >= tail && r < count - tail);
  const ranked = `(SELECT x, row_number() OVER (ORDER BY x) - 1 AS r FROM ${numbers}) AS ranked`;
  const byRank = new Map<number, number>();
  for (const [r, v] of await conn.query(`SELECT r, x FROM ${ranked} WHERE r < ${tail} OR r >= ${count - tail}${wanted.length ? ` OR r IN (${wanted.join(', ')})` : ''}`)) byRank.set(num(r), num(v));
  const at = (r: number): number => byRank.get(r) ?? NaN;
  const quantileValues = PERCENT_POINTS.map((p) => {
    if (count === 1) return at(0);
    const h = (count - 1) * p;
    const lo = Math.floor(h);
    const hi = Math.min(count - 1, lo + 1);
    return at(lo) + (h - lo) * (at(hi) - at(lo));
  });
  quantileValues[0] = min;
  quantileValues[100] = max;
  const lowest = Array.from({ length: tail }, (_, r) => at(r));
  const highest = Array.from({ length: tail }, (_, r) => at(count - tail + r));
  const q1 = quantileValues[25];
  const q3 = quantileValues[75];
  const iqr = q3 - q1;
  const lowerFence = q1 - 3 * iqr;
  const upperFence = q3 + 3 * iqr;
  const beyond = iqr > 0
    ? `sum(CASE WHEN x < ${d.double(lowerFence)} THEN 1 ELSE 0 END), sum(CASE WHEN x > ${d.double(upperFence)} THEN 1 ELSE 0 END)`
    : '0, 0';
  const edges: number[] = [];
  const counts: number[] = [];
  let low = 0;
  let high = 0;
  if (max > min) {
    const width = (max - min) / PROFILE_BINS;
    for (let i = 0; i <= PROFILE_BINS; i++) edges.push(i === PROFILE_BINS ? max : min + i * width);
    const raw = new Array<number>(PROFILE_BINS).fill(0);
    const bin = `least(${PROFILE_BINS - 1}, greatest(0, floor((x - ${d.double(min)}) / ${d.double(width)})))`;
    for (const [b, n, l, h] of await conn.query(`SELECT ${bin}, count(*), ${beyond} FROM ${numbers} GROUP BY 1`)) {
      raw[num(b)] += num(n);
      low += num(l);
      high += num(h);
    }
    counts.push(...raw);
  } else {
    edges.push(min, max);
    counts.push(count);
  }
  let pointMasses = base.pointMasses;
  if (top && base.pointMasses !== undefined) {
    pointMasses = [];
    if (col.kind === 'integer' || col.kind === 'number') {
      for (const f of top) {
        const v = Number(f.value);
        if (f.value !== null && Number.isFinite(v) && f.count >= POINT_MASS_SHARE * count) pointMasses.push({ value: v, count: f.count, share: f.count / count });
      }
    }
  }
  const out: NumericProfile = {
    ...base,
    count,
    min,
    max,
    mean: num(summary[3]),
    sd: count > 1 ? num(summary[4]) : 0,
    method: 'exact',
    quantiles: { p: [...PERCENT_POINTS], values: quantileValues },
    histogram: { edges, counts },
    outliers: { low, high, lowerFence, upperFence },
    pointMasses,
  };
  Object.defineProperty(out, 'extremes', { value: { low: Float64Array.from(lowest), high: Float64Array.from(highest), scale: 1 }, enumerable: false });
  return out;
}



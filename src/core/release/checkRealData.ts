import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { JobContext } from '../context';
import { inputError, throwIfAborted } from '../errors';
import { DEFAULT_MISSING_TOKENS, isMissing, parseValue } from '../format';
import { openDataset, type ReadOptions } from '../io';
import type { Metadata, MetadataColumn } from '../metadata';
import type { ColumnSpec } from '../schema';
import { checkMetadata } from '../synth';
import { t } from '../l10n';

/** One way the real data differs from the schema the twin (and the researcher's code) follows. */
export interface SchemaFinding {
  /** 'error': code written against the twin may break or mislead; 'info': worth knowing, expected to happen. */
  severity: 'error' | 'info';
  kind: 'dialect' | 'column' | 'order' | 'type' | 'format' | 'domain' | 'bounds' | 'missing' | 'rows' | 'table';
  column?: string;
  message: string;
}

export interface RealDataCheck {
  file: string;
  /** True when there is no error finding. */
  matches: boolean;
  rows: number;
  findings: SchemaFinding[];
}

/** Distinct unlisted categories remembered per column (memory bound for free-text-like columns). */
const MAX_UNLISTED = 10_000;
/** Persons remembered per unlisted category: far above any k × scale a check compares with. */
const MAX_PERSONS = 1_000;

interface ColumnState {
  column: MetadataColumn;
  spec: ColumnSpec;
  /** Index in the real file's records. */
  index: number;
  nonMissing: number;
  missing: number;
  /** Values that do not parse with the metadata's type/format, and the first such row. */
  unparsed: number;
  firstUnparsed: number;
  /** Fixed-decimals columns: values written with another number of decimals. */
  otherDecimals: number;
  firstOtherDecimals: number;
  below: number;
  above: number;
  /** Coded bounds as compared (see newState). */
  lower: number;
  upper: number;
  listed: Set<string> | null;
  unlisted: Map<string, number>;
  /** With a person key: the persons of each unlisted category (up to MAX_PERSONS each), since rare categories were counted in persons. */
  unlistedPersons: Map<string, Set<string>> | null;
  firstUnlisted: number;
}

/**
 * Reads metadata.json and checks a real data file against it: {@link checkRealData}.
 * @throws TwinError('input') for an unreadable or malformed metadata file, or an unreadable data file.
 */
export async function checkRealDataFile(realPath: string, metadataPath: string, options: { missingTokens?: string[]; read?: ReadOptions } = {}, ctx: JobContext = {}): Promise<RealDataCheck> {
  let json: unknown;
  try {
    json = JSON.parse((await fs.promises.readFile(metadataPath, 'utf8')).replace(/^\uFEFF/, ''));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw inputError(code === 'ENOENT' ? t('metadata file not found') : code ? t('cannot read the metadata ({0})', code) : t('malformed metadata: not valid JSON ({0})', (e as Error).message), { file: metadataPath }, e);
  }
  return checkRealData(realPath, checkMetadata(json, metadataPath), options, ctx);
}

/**
 * Whether real data matches the schema a twin was made with, i.e. whether code written against
 * the twin will run on it (`twin check`). One streaming pass; every finding names its column.
 *
 * - Dialect: a different delimiter or header presence is an error (a reader written for the twin
 *   would split or name the columns wrongly).
 * - Columns by name: missing and extra columns are errors; a missing and an extra column at the
 *   same position are reported as one rename (and the values of the renamed column are still
 *   checked); the same columns in another order is an error for each moved column. Columns a
 *   person excluded from the twin are expected in the real data (info).
 * - Types and formats: every non-missing value is parsed with the metadata's type and format
 *   (`parseValue`); values that do not parse are an error — "type" for numbers and booleans,
 *   "format" for dates (another pattern) — as are non-whole numbers in an integer column and,
 *   for a column published with a fixed number of decimals, values written with another number.
 * - Domains (categorical): a category not in the published list is an error when the metadata
 *   merged or dropped no rare categories of that column. When it did (`other`, or a rare-category
 *   control), an unlisted category may be one of the rare ones, so it is an error only if it
 *   cannot be: it occurs in at least k × (real rows / metadata rows) records — persons when the
 *   metadata has a person key (rare categories had fewer than k of them in the profiled extract), or there are more distinct unlisted
 *   categories than the metadata merged; otherwise it is reported as info.
 * - Bounds: values outside the coded bounds are info (the bounds are the tail quantiles, so about
 *   2% of values are expected outside them); so are a changed missing rate and row count.
 * @throws TwinError('input') for an unreadable data file.
 */
export async function checkRealData(realPath: string, metadata: Metadata, options: { missingTokens?: string[]; read?: ReadOptions } = {}, ctx: JobContext = {}): Promise<RealDataCheck> {
  const source = await openDataset(realPath, options.read);
  const file = nodePath.basename(realPath);
  const findings: SchemaFinding[] = [];
  const error = (kind: SchemaFinding['kind'], column: string | undefined, message: string) => findings.push({ severity: 'error', kind, column, message });
  const info = (kind: SchemaFinding['kind'], column: string | undefined, message: string) => findings.push({ severity: 'info', kind, column, message });

  // Dialect
  const want = metadata.dataset.dialect;
  const have = source.dialect;
  if (want.kind === 'delimited' && have.kind === 'delimited') {
    if (want.delimiter !== have.delimiter) error('dialect', undefined, t('delimiter is {0}; the metadata has {1}', describeDelimiter(have.delimiter), describeDelimiter(want.delimiter)));
    if (want.header !== have.header) error('dialect', undefined, want.header ? t('the file has no header row; the metadata has one') : t('the file has a header row; the metadata has none'));
  } else if (want.kind !== have.kind) {
    error('dialect', undefined, t('file format is {0}; the metadata describes {1}', have.kind, want.kind));
  }

  // Columns
  const realNames = source.columnNames;
  const realIndex = new Map(realNames.map((n, i) => [n, i]));
  const metaNames = new Set(metadata.columns.map((c) => c.name));
  const states: ColumnState[] = [];
  const extras = new Set(realNames.filter((n) => !metaNames.has(n)));
  const monthly = metadata.disclosure.dateResolution === 'month';
  // Rare categories were counted in persons when the metadata has a person key.
  const personIndex = metadata.dataset.personKey !== undefined ? realIndex.get(metadata.dataset.personKey) : undefined;
  metadata.columns.forEach((column, position) => {
    let index = realIndex.get(column.name);
    if (index === undefined) {
      const inPlace = realNames[position];
      if (inPlace !== undefined && extras.has(inPlace)) {
        extras.delete(inPlace);
        index = position;
        error('column', column.name, t('renamed: the real file has "{0}" in its place (column {1})', inPlace, position + 1));
      } else {
        error('column', column.name, column.excluded ? t('missing from the real file (it was also excluded from the twin)') : t('missing from the real file'));
        return;
      }
    } else if (column.excluded) {
      info('column', column.name, t('excluded from the twin; present in the real file'));
    }
    states.push(newState(column, index, monthly, personIndex !== undefined));
  });
  for (const name of extras) error('column', name, t('extra column: not in the metadata'));
  // Order of the columns both have (by name).
  const common = metadata.columns.filter((c) => realIndex.has(c.name)).map((c) => c.name);
  const commonReal = realNames.filter((n) => metaNames.has(n));
  common.forEach((name, i) => {
    if (commonReal[i] !== name) error('order', name, t('moved: position {0} in the real file, {1} in the metadata', realIndex.get(name)! + 1, metadata.columns.findIndex((c) => c.name === name) + 1));
  });

  // Values
  const tokens = new Set<string>(options.missingTokens ?? DEFAULT_MISSING_TOKENS);
  if (want.kind === 'delimited' && want.missingToken !== undefined) tokens.add(want.missingToken);
  let rows = 0;
  for await (const batch of source.batches(ctx)) {
    throwIfAborted(ctx.signal);
    for (let r = 0; r < batch.rows.length; r++) {
      const record = batch.rows[r];
      const rowNumber = batch.firstRow + r;
      const person = personIndex === undefined ? null : record[personIndex] ?? null;
      for (const s of states) checkCell(s, record[s.index] ?? null, rowNumber, tokens, person === null || isMissing(person, tokens) ? null : String(person));
    }
    rows += batch.rows.length;
    ctx.onProgress?.({ stage: t('checking the real data'), fraction: source.sizeBytes ? Math.min(1, batch.bytesRead / source.sizeBytes) : undefined });
  }

  const k = metadata.disclosure.threshold;
  const scale = metadata.dataset.rows > 0 ? rows / metadata.dataset.rows : 1;
  for (const s of states) {
    const c = s.column;
    if (s.unparsed > 0) {
      const kind = c.type === 'date' || c.type === 'datetime' ? 'format' : 'type';
      error(kind, c.name, c.format.kind === 'date' || c.format.kind === 'datetime'
        ? t('{0} of {1} values are not {2} values in the pattern {3} (first at row {4})', s.unparsed, s.nonMissing, c.type, c.format.pattern, s.firstUnparsed)
        : c.format.kind === 'boolean'
          ? t('{0} of {1} values are not {2} or {3} (first at row {4})', s.unparsed, s.nonMissing, c.format.trueToken, c.format.falseToken, s.firstUnparsed)
          : t('{0} of {1} values are not {2} values (first at row {3})', s.unparsed, s.nonMissing, c.type, s.firstUnparsed));
    }
    if (s.otherDecimals > 0 && c.format.kind === 'number' && c.format.decimals !== null) {
      error('format', c.name, decimalsMessage(s.otherDecimals, c.format.decimals, s.firstOtherDecimals));
    }
    if (c.type === 'categorical' && s.unlisted.size > 0) {
      const mergedOrDropped = c.other !== undefined
        || metadata.controls.some((ctl) => ctl.column === c.name && (ctl.control === 'rare-category-merge' || ctl.control === 'rare-category-drop'));
      const values = [...s.unlisted.values()].reduce((a, b) => a + b, 0);
      // Persons where the metadata counted persons, else records: a rare category had fewer than k of them.
      const counts = s.unlistedPersons ? [...s.unlistedPersons.values()].map((p) => p.size) : [...s.unlisted.values()];
      const common = counts.filter((n) => n >= k * scale).length;
      const mergedCount = c.other?.categories ?? 0;
      const distinct = s.unlisted.size >= MAX_UNLISTED ? t('at least {0}', MAX_UNLISTED) : String(s.unlisted.size);
      const oneCategory = s.unlisted.size === 1;
      if (!mergedOrDropped) {
        error('domain', c.name, unlistedMessage(oneCategory, values === 1, distinct, values, s.firstUnlisted));
      } else if (common > 0) {
        error('domain', c.name, commonUnlistedMessage(common, round(k * scale), s.unlistedPersons !== null, s.firstUnlisted));
      } else if (mergedCount > 0 && s.unlisted.size > mergedCount) {
        error('domain', c.name, oneCategory
          ? t('{0} category not in the metadata, more than the {1} rare categories it merged (first at row {2})', distinct, mergedCount, s.firstUnlisted)
          : t('{0} categories not in the metadata, more than the {1} rare categories it merged (first at row {2})', distinct, mergedCount, s.firstUnlisted));
      } else {
        info('domain', c.name, mergedListMessage(oneCategory, values === 1, distinct, values, c.other?.label ?? 'other'));
      }
    }
    if (s.below + s.above > 0 && s.nonMissing > 0 && (c.type === 'numeric' || c.type === 'integer' || c.type === 'date' || c.type === 'datetime')) {
      info('bounds', c.name, t('{0} values below and {1} above the coded bounds ({2} of values; the bounds are the tail percentiles, so a few percent outside is expected)', s.below, s.above, pct((s.below + s.above) / s.nonMissing)));
    }
    const realMissing = rows > 0 ? s.missing / rows : 0;
    if ((c.missing === 0 && realMissing > 0) || Math.abs(realMissing - c.missing) > 0.05) {
      info('missing', c.name, t('missing in {0} of rows; the metadata has {1}', pct(realMissing), pct(c.missing)));
    }
  }
  if (rows !== metadata.dataset.rows) info('rows', undefined, t('{0} rows; the metadata describes {1}', rows, metadata.dataset.rows));

  findings.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return { file, matches: !findings.some((f) => f.severity === 'error'), rows, findings };
}

/** One line per finding: `error: column "age": …` — for the CLI and logs. */
export function formatFinding(f: SchemaFinding): string {
  // The severity and kind stay as tokens (the help lists them; scripts grep for `error:`).
  return `${f.severity}: ${f.column !== undefined ? `${t('column {0}', JSON.stringify(f.column))}: ` : ''}${f.kind}: ${f.message}`;
}

/** Dates published to the month have their upper bound at the month's start: the bound covers the whole month. */
function newState(column: MetadataColumn, index: number, monthly: boolean, byPerson: boolean): ColumnState {
  let lower = -Infinity;
  let upper = Infinity;
  if (column.type === 'numeric' || column.type === 'integer' || column.type === 'date' || column.type === 'datetime') {
    lower = column.bounds.lower;
    upper = column.bounds.upper;
    if (monthly && (column.type === 'date' || column.type === 'datetime')) {
      const d = new Date(upper);
      upper = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - 1;
    }
  }
  return {
    column, index, lower, upper, spec: { name: column.name, type: column.type, format: column.format },
    nonMissing: 0, missing: 0, unparsed: 0, firstUnparsed: 0, otherDecimals: 0, firstOtherDecimals: 0, below: 0, above: 0,
    listed: column.type === 'categorical' ? new Set(column.categories.map((c) => c.value)) : null,
    unlisted: new Map(), unlistedPersons: byPerson && column.type === 'categorical' ? new Map() : null, firstUnlisted: 0,
  };
}

function checkCell(s: ColumnState, raw: Parameters<typeof parseValue>[0], row: number, tokens: ReadonlySet<string>, person: string | null): void {
  if (isMissing(raw, tokens)) { s.missing++; return; }
  s.nonMissing++;
  const c = s.column;
  switch (c.type) {
    case 'numeric':
    case 'integer':
    case 'date':
    case 'datetime': {
      const v = parseValue(raw, s.spec);
      if (typeof v !== 'number' || (c.type === 'integer' && !Number.isInteger(v))) {
        if (s.unparsed++ === 0) s.firstUnparsed = row;
        return;
      }
      if (v < s.lower) s.below++;
      else if (v > s.upper) s.above++;
      if (c.format.kind === 'number' && c.format.decimals !== null && typeof raw === 'string' && decimalsOf(raw, c.format.decimalComma ? ',' : '.') !== c.format.decimals) {
        if (s.otherDecimals++ === 0) s.firstOtherDecimals = row;
      }
      return;
    }
    case 'boolean':
      if (parseValue(raw, s.spec) === null && s.unparsed++ === 0) s.firstUnparsed = row;
      return;
    case 'categorical': {
      const v = String(parseValue(raw, s.spec));
      if (s.listed!.has(v)) return;
      const n = s.unlisted.get(v);
      if (n !== undefined) s.unlisted.set(v, n + 1);
      else if (s.unlisted.size < MAX_UNLISTED) s.unlisted.set(v, 1);
      if (s.unlistedPersons && person !== null && s.unlisted.has(v)) {
        let persons = s.unlistedPersons.get(v);
        if (!persons) s.unlistedPersons.set(v, (persons = new Set()));
        if (persons.size < MAX_PERSONS) persons.add(person);
      }
      if (s.firstUnlisted === 0) s.firstUnlisted = row;
      return;
    }
    default:
      return;
  }
}

function decimalsOf(text: string, point: string): number {
  const t = text.trim();
  const at = t.lastIndexOf(point);
  if (at < 0) return 0;
  let n = 0;
  for (let i = at + 1; i < t.length && t.charCodeAt(i) >= 48 && t.charCodeAt(i) <= 57; i++) n++;
  return n;
}

/*
 * Whole sentences per number, not pieces: a translation puts its nouns and verbs where its
 * grammar wants them (Welsh keeps a noun singular after a numeral).
 */

function decimalsMessage(values: number, decimals: number, row: number): string {
  if (values === 1) {
    return decimals === 1
      ? t('{0} value is not written with {1} decimal place (first at row {2})', values, decimals, row)
      : t('{0} value is not written with {1} decimal places (first at row {2})', values, decimals, row);
  }
  return decimals === 1
    ? t('{0} values are not written with {1} decimal place (first at row {2})', values, decimals, row)
    : t('{0} values are not written with {1} decimal places (first at row {2})', values, decimals, row);
}

function unlistedMessage(oneCategory: boolean, oneValue: boolean, categories: string, values: number, row: number): string {
  if (oneCategory) {
    return oneValue
      ? t('{0} category not in the metadata ({1} value, first at row {2})', categories, values, row)
      : t('{0} category not in the metadata ({1} values, first at row {2})', categories, values, row);
  }
  return oneValue
    ? t('{0} categories not in the metadata ({1} value, first at row {2})', categories, values, row)
    : t('{0} categories not in the metadata ({1} values, first at row {2})', categories, values, row);
}

function commonUnlistedMessage(common: number, atLeast: string, persons: boolean, row: number): string {
  if (common === 1) {
    return persons
      ? t('{0} category not in the metadata occurs in at least {1} persons, so it is not one of the rare categories the metadata merged (first unlisted at row {2})', common, atLeast, row)
      : t('{0} category not in the metadata occurs in at least {1} records, so it is not one of the rare categories the metadata merged (first unlisted at row {2})', common, atLeast, row);
  }
  return persons
    ? t('{0} categories not in the metadata occur in at least {1} persons, so they are not of the rare categories the metadata merged (first unlisted at row {2})', common, atLeast, row)
    : t('{0} categories not in the metadata occur in at least {1} records, so they are not of the rare categories the metadata merged (first unlisted at row {2})', common, atLeast, row);
}

function mergedListMessage(oneCategory: boolean, oneValue: boolean, categories: string, values: number, label: string): string {
  if (oneCategory) {
    return oneValue
      ? t('{0} category not in the published list ({1} value): consistent with the rare categories merged into "{2}"', categories, values, label)
      : t('{0} category not in the published list ({1} values): consistent with the rare categories merged into "{2}"', categories, values, label);
  }
  return oneValue
    ? t('{0} categories not in the published list ({1} value): consistent with the rare categories merged into "{2}"', categories, values, label)
    : t('{0} categories not in the published list ({1} values): consistent with the rare categories merged into "{2}"', categories, values, label);
}

function describeDelimiter(d: string): string {
  return d === '\t' ? t('tab') : JSON.stringify(d);
}

function pct(x: number): string {
  return `${Number((x * 100).toFixed(2))}%`;
}

function round(x: number): string {
  return String(Math.ceil(x));
}

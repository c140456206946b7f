import { lowerBound } from '../math/search';
import type { JobContext } from '../context';
import { throwIfAborted } from '../errors';
import { isMissing, missingTokenSet, parseValue, formatValue, DEFAULT_MISSING_TOKENS } from '../format';
import { heldOutRows, splitSource, type HoldoutSplit } from '../holdout/split';
import { fingerprintFile, openDataset, type RawValue, type ReadOptions } from '../io';
import type { Metadata, SourceFingerprint } from '../metadata';
import type { ColumnSpec } from '../schema';
import { columnSpecsOf } from '../profile';
import type { KeyCount } from '../disclosure/multiplicity';
import { isRepeatedKey } from '../synth/keys';

/** Disclosure flags that make a column's values identify persons whatever their frequency. */
export const IDENTIFYING_FLAGS = new Set(['nhs-number', 'ni-number', 'email', 'phone', 'name', 'unique-key', 'near-unique']);

/** What the audit knows about one real column. */
export interface RealColumn {
  spec: ColumnSpec;
  /** Values identify persons (an identifier, a name, the person key): none may be published. */
  identifying: boolean;
  /** Category-like values (categorical, boolean, text, identifier): raw value → persons holding it (capped at k). */
  values: Map<string, number> | null;
  /** Number-like values (numbers, dates as epoch ms): distinct values ascending, and persons holding each (capped at k). */
  numbers: { sorted: Float64Array; persons: Float64Array } | null;
  /** Rows with a missing value. */
  missingRows: number;
  /**
   * A repeated key with a published rows-per-key distribution: each key's rows and persons (up to
   * k; the key itself is its unit when the data has no person key).
   */
  keys?: KeyCount[];
}

/** Everything the audit compares a release pack with, read once from the real data. */
export interface RealFacts {
  file: string;
  rows: number;
  /** Distinct persons (the person key's values), or rows when there is no person key. */
  persons: number;
  personKey: string | null;
  k: number;
  rounding: number;
  fingerprint: SourceFingerprint;
  columns: Map<string, RealColumn>;
  /** Real rows projected on `rowColumns`, each with how many real rows equal it. */
  rowCounts: Map<string, number>;
  /** The same counts over the training rows of `trainingRows` (when asked for): read in the same pass. */
  trainingRowCounts?: Map<string, number>;
  rowColumns: string[];
}

export interface RealFactsOptions {
  missingTokens?: string[];
  read?: ReadOptions;
  /** Columns on which rows are compared with the twin's (default: every column of the metadata); identifying columns are left out. */
  rowColumns?: string[];
  /** Columns found identifying by the auditor's own reading of the data, besides those the metadata flags. */
  identifying?: Iterable<string>;
  /** The person key when the metadata names none but the data has one. */
  personKey?: string;
  /**
   * The holdout split the pack's recipe records: the pack was made from the training records
   * only, so its figures are checked against those (a value held by k persons in the whole file
   * may rest on fewer in the part the twin was fitted on).
   */
  split?: HoldoutSplit | null;
  /**
   * A holdout split whose training rows are also counted, apart (`trainingRowCounts`), in the same
   * pass: a linked pack's twin table is read for replayed rows against the persons it was fitted
   * on, its other figures against every person.
   */
  trainingRows?: HoldoutSplit;
}

/** A row's cells as one key (a separator no CSV value contains unescaped). */
export function rowKey(cells: readonly string[]): string {
  return cells.join('\u0000');
}

/** The text form of a raw cell, as a twin written in the source's format shows it. */
export function rawText(raw: RawValue): string {
  if (raw === null) return '';
  if (raw instanceof Date) return raw.toISOString();
  return String(raw);
}

/**
 * Reads the real data once: per column, how many persons hold each value (capped at k, which is
 * all a threshold needs), missing counts, and the rows (projected on the twin's columns) with
 * their multiplicity. Persons are distinct values of the metadata's person key, else rows.
 */
export async function readRealFacts(path: string, metadata: Metadata, options: RealFactsOptions = {}, ctx: JobContext = {}): Promise<RealFacts> {
  const file = await openDataset(path, options.read ?? {});
  const source = options.split ? splitSource(file, options.split).training : file;
  const k = Math.max(1, metadata.disclosure.threshold);
  const tokens = missingTokenSet(options.missingTokens ?? DEFAULT_MISSING_TOKENS);
  const personKey = metadata.dataset.personKey ?? options.personKey ?? null;
  const alsoIdentifying = new Set(options.identifying ?? []);
  const specs = columnSpecsOf(metadata).filter((s) => source.columnNames.includes(s.name));
  const index = new Map(source.columnNames.map((n, i) => [n, i] as const));
  const keyIndex = personKey !== null ? index.get(personKey) : undefined;

  interface Tally {
    spec: ColumnSpec; at: number; identifying: boolean; holders: Map<string | number, Set<string> | number>; missing: number;
    /** Repeated keys: each key's rows and persons (numbered), persons up to k. */
    keys?: Map<string, { rows: number; persons: number[] }>;
  }
  const tallies: Tally[] = specs.map((spec) => {
    const meta = metadata.columns.find((c) => c.name === spec.name)!;
    const identifying = spec.type === 'identifier' || spec.name === personKey || alsoIdentifying.has(spec.name) || meta.disclosure.some((f) => IDENTIFYING_FLAGS.has(f.kind));
    return { spec, at: index.get(spec.name)!, identifying, holders: new Map(), missing: 0, ...(isRepeatedKey(meta) && spec.name !== personKey ? { keys: new Map() } : {}) };
  });
  const personNumbers = new Map<string, number>();
  // Rows are compared on what a twin models: identifiers are faked, so a row is a person's attributes.
  // A near-unique number or date (an arrival time, a weight) is not faked but modelled, so it stays
  // in the row, as the generators' unique-row guard compares it.
  const identifying = new Set(tallies.filter((t) => t.identifying && !(isNumberLike(t.spec) && t.spec.name !== personKey)).map((t) => t.spec.name));
  const rowColumns = (options.rowColumns ?? specs.map((s) => s.name)).filter((n) => index.has(n) && !identifying.has(n));
  const rowIndices = rowColumns.map((n) => index.get(n)!);
  const persons = new Set<string>();
  const rowCounts = new Map<string, number>();
  const training = options.trainingRows ? { counts: new Map<string, number>(), heldOut: heldOutRows(options.trainingRows, source.columnNames, path) } : null;
  let rows = 0;

  for await (const batch of source.batches(ctx)) {
    throwIfAborted(ctx.signal);
    for (const row of batch.rows) {
      rows++;
      const person = keyIndex !== undefined ? rawText(row[keyIndex] ?? null) : String(rows);
      if (keyIndex !== undefined) persons.add(person);
      for (const t of tallies) {
        const raw = row[t.at] ?? null;
        if (isMissing(raw, tokens)) {
          t.missing++;
          continue;
        }
        const value = isNumberLike(t.spec) ? parseValue(raw, t.spec) : rawText(raw);
        if (value === null) continue;
        if (t.keys) tallyKey(t.keys, String(value), keyIndex !== undefined ? numberOf(personNumbers, person) : -1, k);
        count(t.holders, value, person, k, keyIndex !== undefined);
      }
      const key = rowKey(rowIndices.map((i) => rawText(row[i] ?? null)));
      rowCounts.set(key, (rowCounts.get(key) ?? 0) + 1);
      if (training && !training.heldOut(row)) training.counts.set(key, (training.counts.get(key) ?? 0) + 1);
    }
  }

  const columns = new Map<string, RealColumn>();
  for (const t of tallies) {
    const sizes = [...t.holders].map(([v, h]) => [v, typeof h === 'number' ? h : h.size] as const);
    if (isNumberLike(t.spec)) {
      sizes.sort((a, b) => (a[0] as number) - (b[0] as number));
      columns.set(t.spec.name, {
        spec: t.spec, identifying: t.identifying, values: null, missingRows: t.missing,
        numbers: { sorted: Float64Array.from(sizes.map((s) => s[0] as number)), persons: Float64Array.from(sizes.map((s) => s[1])) },
      });
    } else {
      const keys = t.keys ? [...t.keys.values()].map((x, i): KeyCount => ({ count: x.rows, person: x.persons[0] === -1 ? i : x.persons })) : undefined;
      columns.set(t.spec.name, { spec: t.spec, identifying: t.identifying, values: new Map(sizes as [string, number][]), numbers: null, missingRows: t.missing, ...(keys ? { keys } : {}) });
    }
  }
  return {
    file: path, rows, persons: keyIndex !== undefined ? persons.size : rows, personKey: keyIndex !== undefined ? personKey : null,
    k, rounding: Math.max(1, metadata.disclosure.rounding), fingerprint: await fingerprintFile(path), columns, rowCounts, rowColumns,
    ...(training ? { trainingRowCounts: training.counts } : {}),
  };
}

/** Numbers, integers, dates and datetimes are compared as numbers (dates as epoch ms). */
export function isNumberLike(spec: ColumnSpec): boolean {
  return spec.type === 'numeric' || spec.type === 'integer' || spec.type === 'date' || spec.type === 'datetime';
}

/** A person's number (persons of a key are kept as small numbers, not their identifiers). */
function numberOf(numbers: Map<string, number>, person: string): number {
  let n = numbers.get(person);
  if (n === undefined) numbers.set(person, (n = numbers.size));
  return n;
}

/** One row of a repeated key: its row count and its persons (up to k; -1 when the key is its own unit). */
function tallyKey(keys: Map<string, { rows: number; persons: number[] }>, key: string, person: number, k: number): void {
  const held = keys.get(key);
  if (!held) keys.set(key, { rows: 1, persons: [person] });
  else {
    held.rows++;
    if (person !== -1 && held.persons.length < k && !held.persons.includes(person)) held.persons.push(person);
  }
}

/** Persons per value, kept exactly up to k (a set of person keys) and as "k" beyond. */
function count(holders: Map<string | number, Set<string> | number>, value: string | number, person: string, k: number, keyed: boolean): void {
  const h = holders.get(value);
  if (!keyed) {
    holders.set(value, ((h as number | undefined) ?? 0) + 1);
    return;
  }
  if (typeof h === 'number') return; // already ≥ k persons
  const set = h ?? new Set<string>();
  set.add(person);
  holders.set(value, set.size >= k ? k : set);
}

/** Persons holding a value in [lo, hi] of a number-like column (an upper bound when a person holds several). */
export function personsBetween(col: RealColumn, lo: number, hi: number, halfOpen = false): number {
  const n = col.numbers;
  if (!n) return 0;
  let a = lowerBound(n.sorted, lo);
  let total = 0;
  for (; a < n.sorted.length && (halfOpen ? n.sorted[a] < hi : n.sorted[a] <= hi); a++) total += n.persons[a];
  return total;
}

/** The smallest and largest real value of a number-like column, or null when it has none. */
export function extremesOf(col: RealColumn): { min: number; max: number } | null {
  const n = col.numbers;
  if (!n || n.sorted.length === 0) return null;
  return { min: n.sorted[0], max: n.sorted[n.sorted.length - 1] };
}

/** A real number as the source writes it (for finding it in text). */
export function writtenForm(col: RealColumn, value: number): string {
  return formatValue(value, col.spec);
}


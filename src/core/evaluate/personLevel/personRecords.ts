import type { DatasetMetadata } from '../../dataset/types';
import { isBirthDateName } from '../../dataset/names';
import { personColumnsOf, personKeyText } from '../../holdout/dataset';
import type { MetadataColumn } from '../../metadata';
import { isCodeColumn, type ColumnData, type ColumnSpec, type Table } from '../../schema';

/**
 * What one person's whole record is made of, decided from metadata.json alone so that the real,
 * twin and holdout records have the same columns. The aggregates are what an attacker plausibly
 * knows of a person without seeing the data: how many times they were admitted or prescribed
 * (events per person), when their first and last event in each table happened (days from birth
 * where the person table has a birth date, else the date itself), and their most frequent code
 * (their main diagnosis, usual drug). Finer detail — every code, every date — would make each
 * record unique, and no attacker holds it.
 */
export interface PersonRecordPlan {
  personTable: string;
  /** The person table's primary key: one record per value. */
  personKey: string;
  /** Person-table columns kept as they are (keys, identifiers and free text left out: twins fake them). */
  attributes: string[];
  /** The person table's birth date, from which event offsets are counted; absent: events keep their dates. */
  birthColumn?: string;
  /** One entry per table with a person column, other than the person table. */
  events: PersonEventAggregates[];
}

export interface PersonEventAggregates {
  table: string;
  /** The column naming the person (the table's person key). */
  personColumn: string;
  /** The table's first date or datetime column: first and last event. */
  dateColumn?: string;
  /** The table's code column (a coded categorical, else the categorical with the most categories): most frequent value. */
  codeColumn?: string;
}

const DAY_MS = 86_400_000;

/** The plan of a dataset's person records, or null when it has no person table. */
export function personRecordPlan(d: DatasetMetadata): PersonRecordPlan | null {
  const personColumns = personColumnsOf(d);
  const personTable = d.relationships.personTable;
  if (personTable === undefined) return null;
  const personKey = personColumns.get(personTable);
  const person = d.tables.find((t) => t.name === personTable);
  if (personKey === undefined || !person) return null;
  const keys = keyColumns(d);
  const usable = (table: string, c: MetadataColumn): boolean => !c.excluded && !keys.has(`${table}.${c.name}`) && c.type !== 'identifier' && c.type !== 'text';
  const attributes = person.metadata.columns.filter((c) => usable(personTable, c)).map((c) => c.name);
  const birthColumn = person.metadata.columns.find((c) => !c.excluded && (c.type === 'date' || c.type === 'datetime') && isBirthDateName(c.name))?.name;
  const events: PersonEventAggregates[] = [];
  for (const t of d.tables) {
    const personColumn = personColumns.get(t.name);
    if (t.name === personTable || personColumn === undefined) continue;
    const columns = t.metadata.columns.filter((c) => usable(t.name, c));
    const dateColumn = columns.find((c) => c.type === 'date' || c.type === 'datetime')?.name;
    const categorical = columns.filter((c) => c.type === 'categorical');
    const coded = categorical.find((c) => isCodeColumn(c));
    const widest = [...categorical].sort((a, b) => categoryCount(b) - categoryCount(a))[0];
    const codeColumn = (coded ?? widest)?.name;
    events.push({ table: t.name, personColumn, ...(dateColumn !== undefined ? { dateColumn } : {}), ...(codeColumn !== undefined ? { codeColumn } : {}) });
  }
  return { personTable, personKey, attributes, ...(birthColumn !== undefined ? { birthColumn } : {}), events };
}

/** The names of the columns of a person record, in order (for reports). */
export function personRecordColumns(plan: PersonRecordPlan): string[] {
  const names = [...plan.attributes];
  for (const e of plan.events) names.push(...eventColumnNames(plan, e));
  return names;
}

function eventColumnNames(plan: PersonRecordPlan, e: PersonEventAggregates): string[] {
  const from = plan.birthColumn !== undefined ? ' (days from birth)' : '';
  return [
    `${e.table}: rows`,
    ...(e.dateColumn !== undefined ? [`${e.table}: first ${e.dateColumn}${from}`, `${e.table}: last ${e.dateColumn}${from}`] : []),
    ...(e.codeColumn !== undefined ? [`${e.table}: most frequent ${e.codeColumn}`] : []),
  ];
}

/**
 * One row per person of the person table (`tables` holds the tables of one side: real, twin or
 * holdout): the person's attributes, then per event table the number of the person's rows, the
 * first and last date, and the most frequent code (ties: the first in text order; none: missing).
 * Event rows naming no person of this side are left out.
 * @throws Error (internal) when a table or column of the plan is not in `tables`
 */
export function personRecords(plan: PersonRecordPlan, tables: ReadonlyMap<string, Table>): Table {
  const person = tableOf(tables, plan.personTable);
  const keyData = columnOf(person, plan.personTable, plan.personKey).data;
  const rowOf = new Map<string, number>();
  const rows: number[] = [];
  for (let r = 0; r < person.rowCount; r++) {
    const key = personKeyText(keyData, r);
    if (key === null || rowOf.has(key)) continue;
    rowOf.set(key, rows.length);
    rows.push(r);
  }
  const n = rows.length;
  const columns: Table['columns'] = [];
  for (const name of plan.attributes) {
    const { spec, data } = columnOf(person, plan.personTable, name);
    columns.push({ spec, data: pick(data, rows) });
  }
  const births = plan.birthColumn !== undefined ? pick(columnOf(person, plan.personTable, plan.birthColumn).data, rows) : null;

  for (const e of plan.events) {
    const table = tableOf(tables, e.table);
    const who = columnOf(table, e.table, e.personColumn).data;
    const names = eventColumnNames(plan, e);
    let next = 0;
    const count = new Float64Array(n);
    const first = new Float64Array(n).fill(Number.NaN);
    const last = new Float64Array(n).fill(Number.NaN);
    const dates = e.dateColumn !== undefined ? columnOf(table, e.table, e.dateColumn) : null;
    const codes = e.codeColumn !== undefined ? columnOf(table, e.table, e.codeColumn) : null;
    const tallies: (Map<number, number> | undefined)[] = new Array(n);
    for (let r = 0; r < table.rowCount; r++) {
      const key = personKeyText(who, r);
      const p = key === null ? undefined : rowOf.get(key);
      if (p === undefined) continue;
      count[p]++;
      if (dates && dates.data.kind === 'number') {
        const t = dates.data.values[r];
        if (!Number.isNaN(t)) {
          if (!(t >= first[p])) first[p] = t;
          if (!(t <= last[p])) last[p] = t;
        }
      }
      if (codes && codes.data.kind === 'category') {
        const c = codes.data.codes[r];
        if (c >= 0) (tallies[p] ??= new Map()).set(c, (tallies[p]!.get(c) ?? 0) + 1);
      }
    }
    columns.push({ spec: { name: names[next++], type: 'integer', format: { kind: 'integer', thousands: false } }, data: { kind: 'number', values: count } });
    if (dates) {
      for (const values of [first, last]) {
        if (births && births.kind === 'number') {
          const days = new Float64Array(n);
          for (let p = 0; p < n; p++) days[p] = Math.round((values[p] - births.values[p]) / DAY_MS);
          columns.push({ spec: { name: names[next++], type: 'integer', format: { kind: 'integer', thousands: false } }, data: { kind: 'number', values: days } });
        } else {
          columns.push({ spec: { ...dates.spec, name: names[next++] }, data: { kind: 'number', values } });
        }
      }
    }
    if (codes && codes.data.kind === 'category') {
      const categories = codes.data.categories;
      const top = new Int32Array(n).fill(-1);
      for (let p = 0; p < n; p++) {
        let best = -1;
        let bestCount = 0;
        for (const [c, k] of tallies[p] ?? []) {
          if (k > bestCount || (k === bestCount && categories[c] < categories[best])) {
            best = c;
            bestCount = k;
          }
        }
        top[p] = best;
      }
      const spec: ColumnSpec = { name: names[next++], type: 'categorical', format: { kind: 'string' } };
      columns.push({ spec, data: { kind: 'category', codes: top, categories } });
    }
  }
  return { rowCount: n, columns };
}

function categoryCount(c: MetadataColumn): number {
  const m = c as { categories?: unknown[]; other?: { categories: number } };
  return (Array.isArray(m.categories) ? m.categories.length : 0) + (m.other?.categories ?? 0);
}

function keyColumns(d: DatasetMetadata): Set<string> {
  return new Set([
    ...d.relationships.primaryKeys.map((k) => `${k.table}.${k.column}`),
    ...d.relationships.foreignKeys.filter((f) => f.status !== 'rejected').map((f) => `${f.child.table}.${f.child.column}`),
  ]);
}

function tableOf(tables: ReadonlyMap<string, Table>, name: string): Table {
  const t = tables.get(name);
  if (!t) throw new Error(`internal error: no table ${name} for the person records`);
  return t;
}

function columnOf(table: Table, tableName: string, column: string): Table['columns'][number] {
  const c = table.columns.find((x) => x.spec.name === column);
  if (!c) throw new Error(`internal error: no column ${tableName}.${column} for the person records`);
  return c;
}

function pick(data: ColumnData, rows: readonly number[]): ColumnData {
  if (data.kind === 'number') return { kind: 'number', values: Float64Array.from(rows, (r) => data.values[r]) };
  if (data.kind === 'category') return { kind: 'category', codes: Int32Array.from(rows, (r) => data.codes[r]), categories: data.categories };
  return { kind: 'string', values: rows.map((r) => data.values[r]) };
}

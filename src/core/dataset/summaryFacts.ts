import type { JobContext } from '../context';
import { DEFAULT_MISSING_TOKENS, isMissing, missingTokenSet } from '../format/missing';
import { parseValue } from '../format/value';
import type { ColumnSpec } from '../schema';
import type { ParentCount } from '../disclosure/relationships';
import { readTablesOnce, type OpenTable, type RowVisitor } from './discoverDiamonds';
import { isBirthDateName } from './names';
import { hash53, keyText, type TableKeys } from './scanKeys';
import { unitOf } from './keySample';
import type { ForeignKey, Relationships } from './types';

/**
 * The exact facts behind the relationship summaries, collected inside the TRE (never published
 * as such: `core/disclosure/relationships.ts` publishes them). One extra read of each table that
 * needs rows: the person table (birth dates), parents linked to the person (whose person each
 * parent row is), and event tables linked to the person with a date (their dated events).
 * Memory does not grow with the persons (issue 15 item 8): parents are those the key pass kept
 * (every parent up to KEY_SAMPLE_CAPACITY, past it a fixed hash-chosen share, `kept`), so each
 * parent's person and each person's birth date are held for those only; dated events kept per
 * table are capped at {@link MAX_EVENTS}: beyond it a fixed hash-chosen subset of persons is kept,
 * all of each kept person's events.
 */

export const MAX_EVENTS = 500_000;
const DAY_MS = 86_400_000;

export interface LinkFacts {
  fk: ForeignKey;
  parents: ParentCount[];
  /** Share of the parents in `parents` (1: all; else a fixed hash-chosen share, the key pass's). */
  kept: number;
}

export interface DatedEvents {
  table: string;
  column: string;
  /** Offsets in days from the person's birth (`birth`) or from the person's first event in the table. */
  from: 'birth' | 'first-event';
  offsets: { values: Float64Array; persons: Float64Array };
  /** Gaps in days between a person's consecutive events. */
  gaps: { values: Float64Array; persons: Float64Array };
  /** The events' dates (epoch ms), in the order of `offsets` before birth offsets replace them. */
  times: Float64Array;
  /** Share of persons whose events were kept (1 unless capped). */
  kept: number;
}

export interface SummaryFacts {
  links: LinkFacts[];
  /** Links from a table to the person table: rows per person (persons with none included). */
  events: LinkFacts[];
  dated: DatedEvents[];
}

export async function collectSummaryFacts(
  scans: readonly TableKeys[],
  rel: Relationships,
  specs: ReadonlyMap<string, readonly ColumnSpec[]>,
  open: OpenTable,
  ctx: JobContext = {},
  missingTokens: readonly string[] = DEFAULT_MISSING_TOKENS,
): Promise<SummaryFacts> {
  const scan = new SummaryScan(scans, rel, specs, missingTokens);
  await readTablesOnce(scan.tables, open, (table, columnNames) => [scan.visitor(table, columnNames)], ctx);
  return scan.finish();
}

/**
 * The summary facts as row visitors, so their read of each table can be shared with other work
 * (`readTablesOnce`): {@link tables} names the tables that need rows, {@link visitor} what a
 * table's rows add, and {@link finish} the facts once each was read.
 */
export class SummaryScan {
  private readonly tokens: ReadonlySet<string>;
  private readonly person: string | undefined;
  private readonly links: ForeignKey[];
  private readonly personRate: number;
  private readonly birthColumn: string | undefined;
  private readonly parentTables: Set<string>;
  private readonly eventTables = new Map<string, { personColumn: string; dateColumn: ColumnSpec }>();
  private readonly personOf = new Map<string, Map<number, number>>();
  private readonly births = new Map<number, number>();
  private readonly dated: DatedEvents[] = [];
  /** What is still to do when a table's read ends (its dated events), by table. */
  private readonly endings = new Map<string, () => void>();
  /** The tables that need rows: the person table's birth dates, parents' persons, events' dates. */
  readonly tables: string[];

  constructor(
    private readonly scans: readonly TableKeys[],
    private readonly rel: Relationships,
    private readonly specs: ReadonlyMap<string, readonly ColumnSpec[]>,
    missingTokens: readonly string[] = DEFAULT_MISSING_TOKENS,
  ) {
    this.tokens = missingTokenSet(missingTokens);
    const person = (this.person = rel.personTable);
    this.links = rel.foreignKeys.filter((f) => f.status !== 'rejected' && !f.selfReference);
    this.personRate = this.rateOf(person);
    this.birthColumn = person === undefined ? undefined : specs.get(person)?.find((c) => c.type.startsWith('date') && isBirthDateName(c.name))?.name;
    this.parentTables = new Set(this.links.map((f) => f.parent.table).filter((t) => t !== person && this.toPerson(t) !== undefined));
    for (const f of this.links) {
      if (person === undefined || f.parent.table !== person) continue;
      const date = specs.get(f.child.table)?.find((c) => (c.type === 'date' || c.type === 'datetime') && !isBirthDateName(c.name));
      if (date && !this.eventTables.has(f.child.table)) this.eventTables.set(f.child.table, { personColumn: f.child.column, dateColumn: date });
    }
    this.tables = [...new Set([...this.parentTables, ...this.eventTables.keys(), ...(this.birthColumn ? [person!] : [])])];
  }

  private pkOf(table: string): string | undefined {
    return this.rel.primaryKeys.find((k) => k.table === table)?.column;
  }

  private toPerson(table: string): ForeignKey | undefined {
    return this.person === undefined ? undefined : this.links.find((f) => f.child.table === table && f.parent.table === this.person);
  }

  private scanColumn(table: string, column: string) {
    return this.scans.find((s) => s.table === table)?.columns.find((c) => c.name === column);
  }

  /** The share of a table's keys the key pass kept: rows keyed outside it are not looked up, so not held. */
  private rateOf(table: string | undefined): number {
    const pk = table === undefined ? undefined : this.pkOf(table);
    return (pk === undefined ? undefined : this.scanColumn(table!, pk)?.counts?.rate) ?? 1;
  }

  /** What a table's rows add to the facts (undefined when it is not one of {@link tables}). */
  visitor(table: string, columnNames: readonly string[]): RowVisitor | undefined {
    if (!this.tables.includes(table)) return undefined;
    const tokens = this.tokens;
    const present = (v: unknown): v is Exclude<typeof v, null | undefined> => v !== null && v !== undefined && !isMissing(v as never, tokens);
    const { person, personRate, birthColumn, births } = this;
    const col = (name: string | undefined): number => (name === undefined ? -1 : columnNames.indexOf(name));
    const pk = col(this.pkOf(table));
    const link = this.toPerson(table);
    const parentMap = this.parentTables.has(table) && pk >= 0 && link ? new Map<number, number>() : undefined;
    const linkCol = link ? col(link.child.column) : -1;
    const birthCol = table === person ? col(birthColumn) : -1;
    const birthSpec = birthColumn ? this.specs.get(table)?.find((c) => c.name === birthColumn) : undefined;
    const ev = this.eventTables.get(table);
    const evPerson = ev ? col(ev.personColumn) : -1;
    const evDate = ev ? col(ev.dateColumn.name) : -1;
    let eventPersons: number[] = [];
    let eventTimes: number[] = [];
    let keepBelow = personRate;
    const parentRate = this.rateOf(table);
    if (parentMap) this.personOf.set(table, parentMap);
    if (ev) this.endings.set(table, () => this.dated.push(datedEvents(table, ev.dateColumn.name, eventPersons, eventTimes, keepBelow)));
    return (row) => {
      if (parentMap && present(row[pk]) && present(row[linkCol])) {
        const h = hash53(keyText(row[pk]!));
        if (parentRate === 1 || unitOf(h) < parentRate) parentMap.set(h, hash53(keyText(row[linkCol]!)));
      }
      if (birthCol >= 0 && pk >= 0 && present(row[pk]) && present(row[birthCol])) {
        const h = hash53(keyText(row[pk]!));
        const ms = personRate === 1 || unitOf(h) < personRate ? parseValue(row[birthCol], birthSpec!) : undefined;
        if (typeof ms === 'number') births.set(h, ms);
      }
      if (ev && present(row[evPerson]) && present(row[evDate])) {
        const p = hash53(keyText(row[evPerson]!));
        if (keepBelow < 1 && unitOf(p) >= keepBelow) return;
        const ms = parseValue(row[evDate], ev.dateColumn);
        if (typeof ms !== 'number') return;
        eventPersons.push(p);
        eventTimes.push(ms);
        if (eventPersons.length > MAX_EVENTS) {
          keepBelow /= 2;
          const keep = eventPersons.map((q) => unitOf(q) < keepBelow);
          eventPersons = eventPersons.filter((_, i) => keep[i]);
          eventTimes = eventTimes.filter((_, i) => keep[i]);
        }
      }
    };
  }

  /** The facts, once every table in {@link tables} was read. */
  finish(): SummaryFacts {
    // In the order of `tables`, whatever order they were read in.
    for (const t of this.tables) this.endings.get(t)?.();
    this.endings.clear();
    const { person, personOf, births, dated } = this;
    // Offsets from birth where the person table has a birth date.
    if (births.size > 0) {
      for (const d of dated) toBirthOffsets(d, births);
    }
    const personKeyOf = (table: string, h: number): number => (table === person ? h : personOf.get(table)?.get(h) ?? h);
    const linkFacts: LinkFacts[] = [];
    for (const fk of this.links) {
      const parent = this.scanColumn(fk.parent.table, fk.parent.column);
      const child = this.scanColumn(fk.child.table, fk.child.column);
      if (!parent?.counts || !child?.counts) continue;
      // Parents in the part of the hash space both columns kept: their child counts are exact.
      const kept = Math.min(parent.counts.rate, child.counts.rate);
      const parents: ParentCount[] = [];
      for (const h of parent.counts.keys()) {
        if (kept < 1 && unitOf(h) >= kept) continue;
        parents.push({ count: child.counts.get(h) ?? 0, person: personKeyOf(fk.parent.table, h) });
      }
      linkFacts.push({ fk, parents, kept });
    }
    return { links: linkFacts, events: linkFacts.filter((l) => l.fk.parent.table === person), dated };
  }
}

function datedEvents(table: string, column: string, persons: number[], times: number[], kept: number): DatedEvents {
  const order = persons.map((_, i) => i).sort((a, b) => persons[a] - persons[b] || times[a] - times[b]);
  const offsets: number[] = [];
  const offsetPersons: number[] = [];
  const gaps: number[] = [];
  const gapPersons: number[] = [];
  let first = 0;
  for (let j = 0; j < order.length; j++) {
    const i = order[j];
    const prev = j > 0 ? order[j - 1] : -1;
    const same = prev >= 0 && persons[prev] === persons[i];
    if (!same) first = times[i];
    offsets.push((times[i] - first) / DAY_MS);
    offsetPersons.push(persons[i]);
    if (same) {
      gaps.push((times[i] - times[prev]) / DAY_MS);
      gapPersons.push(persons[i]);
    }
  }
  const d: DatedEvents = {
    table, column, from: 'first-event',
    offsets: { values: Float64Array.from(offsets), persons: Float64Array.from(offsetPersons) },
    gaps: { values: Float64Array.from(gaps), persons: Float64Array.from(gapPersons) },
    times: Float64Array.from(order.map((i) => times[i])),
    kept,
  };
  return d;
}

function toBirthOffsets(d: DatedEvents, births: ReadonlyMap<number, number>): void {
  const times = d.times;
  const values: number[] = [];
  const persons: number[] = [];
  for (let i = 0; i < times.length; i++) {
    const b = births.get(d.offsets.persons[i]);
    if (b === undefined) continue;
    values.push((times[i] - b) / DAY_MS);
    persons.push(d.offsets.persons[i]);
  }
  d.from = 'birth';
  d.offsets = { values: Float64Array.from(values), persons: Float64Array.from(persons) };
}

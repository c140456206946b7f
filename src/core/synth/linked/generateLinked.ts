import type { JobContext } from '../../context';
import { inputError, throwIfAborted } from '../../errors';
import { writeDataset } from '../../io';
import type { Metadata, MetadataColumn } from '../../metadata';
import { createRandom, type Random } from '../../random';
import type { ColumnData, Dialect, Table } from '../../schema';
import { specOfColumn, twinColumnsOf } from '../columns';
import { createFaker, type StringFaker } from '../fakes';
import type { FittedModel, Generator } from '../generator';
import { keyValues } from '../../evaluate/multiTable/keys';
import { ksStatistic } from '../../evaluate/fidelity/ksComplement';
import { applyDerivedCategories, findDerivedCategories, type DerivedCategory } from '../derivedCategories';
import { applyRules, planIsEmpty, planRules, type RulePlan } from '../rules';
import { Channel } from './channel';
import { concatColumn } from './batches';
import { conditionedOnOf, fitConditional, sampleConditional, type ConditionalModel } from './conditional';
import {
  distributionAt, distributionOf, drawChildCount, fitChildCounts, strataDataOf, stratumOf, type ChildCountDistribution, type ChildCountModel, type StrataData,
} from './childCounts';
import { dateColumnsOf, findDateRules, keepDateRules, type DateRule } from './dateLogic';
import { planLinked, type LinkSpec, type TablePlan } from './plan';
import { t } from '../../l10n';

/** One table of a linked dataset, as generation takes it. */
export interface LinkedTableSource {
  name: string;
  /** The table's disclosure-controlled metadata. */
  metadata: Metadata;
  /** The real rows (in metadata column order): needed for correlated, and to learn child counts and date logic. */
  table?: Table;
  /** Where the twin of this table is written (its own format: the metadata's dialect). */
  outPath: string;
}

export interface LinkedDatasetSource {
  tables: LinkedTableSource[];
  primaryKeys: Readonly<Record<string, string>>;
  links: readonly LinkSpec[];
  personTable?: string;
  /**
   * Published children-per-parent distributions (metadata's relationship summaries), by
   * `child.COL->parent.COL`: used when the real rows are not at hand.
   */
  counts?: Readonly<Record<string, ChildCountDistribution>>;
  /**
   * The share of persons whose rows the tables under the person hold (a seeded sample of persons,
   * `fitRows.ts`); default 1. Counts across persons learnt from them (a reference parent's
   * children) are scaled up by it.
   */
  fitShare?: number;
}

export interface LinkedGenerateOptions {
  generator: Generator;
  seed: number;
  epsilon?: number;
  /** Persons (rows of the person table); default the person table's row count. */
  persons?: number;
  /** Persons per batch: every table under the person is made and written batch by batch. */
  batchPersons?: number;
}

export interface LinkedTableResult {
  name: string;
  outPath: string;
  rows: number;
  bytes: number;
  sha256: string;
  /** Rows whose dates were moved to keep the cross-table date logic. */
  datesMoved: number;
}

export interface LinkedGenerateResult {
  tables: LinkedTableResult[];
  personTable?: string;
  /** The date rules kept (names only: disclosure-safe). */
  dateRules: (DateRule & { table: string })[];
  /** How each table was made, for the recipe (names and counts only). */
  plan: {
    table: string; primary?: string; derived: string[]; samePerson: string[]; reference: string[]; stratifiedBy?: string;
    /** The parent column each stratum of `stratifiedBy` is cut on further (children per parent). */
    stratifiedWithin?: string;
    /** How rows per person are kept for a table under a parent below the person (absent: every parent row alike). */
    rowsPerPerson?: PersonRows['mode'];
    /** Categorical columns set from another, as `to<-from` (a code's description). */
    derivedCategories?: string[];
    /** Primary-parent columns the rows are conditioned on (and whether the dates keep their offset from the parent's date). */
    conditionedOn?: { columns: string[]; datesFollowParent: boolean };
  }[];
}

const DEFAULT_BATCH_PERSONS = 2_000;

const linkName = (l: LinkSpec): string => `${l.childTable}.${l.childKey}->${l.parentTable}.${l.parentKey}`;

/** A table as fitted: its model and everything needed to attach its rows to their parents. */
interface Fitted {
  plan: TablePlan;
  source: LinkedTableSource;
  model: FittedModel;
  twinColumns: MetadataColumn[];
  dialect: Dialect;
  /** The primary link's children per parent. */
  counts?: ChildCountModel;
  /** Rate classes of persons, for a table made under a parent below the person (a diagnosis under an encounter). */
  perPerson?: PersonRows;
  /** Share of rows with a value, per optional same-person or reference link. */
  filled: Map<LinkSpec, number>;
  /** Children per parent row, per reference link (a parent's popularity) and per optional same-person link (how a person's rows share them). */
  popularity: Map<LinkSpec, ChildCountDistribution>;
  /** Cumulative weights of the reference parents, drawn once per link. */
  weights: Map<LinkSpec, Float64Array>;
  rules: DateRule[];
  /** Date rules against the row an optional same-person key names (a hospital prescription inside its admission), per such link. */
  samePersonRules: Map<LinkSpec, DateRule[]>;
  /** Ancestors along primary links, nearest first. */
  chain: string[];
  keyFaker?: { next(): string | number };
  /** The table's own record rules (end ≥ start, ranges), kept on each batch as it is made, before its children see it. */
  recordRules: RulePlan;
  /** Columns made here, not by the model: the primary key and every foreign key. */
  keyColumns: Set<string>;
  /** Categorical columns set from another (a code's description), as in the real rows. */
  derivedCategories: DerivedCategory[];
  /** The model's output columns in its order (what its unique-row guard reads), known after its first draw. */
  modelColumns?: string[];
  /** The child's rows conditioned on its primary parent's attributes (correlated, from the data; not with a privacy budget). */
  conditional?: ConditionalModel;
  rng: Random;
}

/** A made batch of a table: the full twin rows, their primary parent rows and their persons. */
interface Made {
  table: Table;
  parentRow: Int32Array | null;
  personRow: Int32Array | null;
  /** Rows whose dates were moved to keep the date rules. */
  datesMoved: number;
}

async function* once(table: Table): AsyncGenerator<Table> {
  yield table;
}

/**
 * Generates the twin of a linked dataset: one file per table, each in its source's format.
 *
 * The person table's rows are made in batches of persons; for each batch every table under the
 * person is made top-down — each parent row gets a number of children drawn from the real
 * children-per-parent distribution (published in groups of ≥ k parents, and, from the data,
 * conditioned on the parent attribute that explains it best), the children's own columns come
 * from the table's fitted single-table model, primary keys are unique fakes, each foreign key
 * names its parent's fake key (a diamond's second key is copied along the chain so both paths
 * agree; an optional key to another table of the same person picks one of that person's rows),
 * and dates are moved, row by row, to keep every cross-table date rule the real data keeps.
 * Each batch is written before the next is made, so memory does not grow with the number of
 * persons. Tables outside the person tree (organisations, providers) are made whole first.
 * Deterministic given the seed.
 */
export async function generateLinked(source: LinkedDatasetSource, options: LinkedGenerateOptions, ctx: JobContext = {}): Promise<LinkedGenerateResult> {
  const { generator, seed, epsilon } = options;
  const byName = new Map(source.tables.map((t) => [t.name, t]));
  const plan = planLinked(source.tables.map((t) => t.name), source.primaryKeys, source.links, source.personTable);
  const needsRows = generator.needsRealRows(epsilon);
  for (const input of source.tables) {
    if (needsRows && !input.table) {
      const reason = generator.level === 'correlated' ? t('correlated twins need the real rows of every table') : t('statistical twins with a privacy budget (epsilon) need the real rows of every table');
      throw inputError(reason, { file: input.name });
    }
  }
  const root = createRandom(seed);
  const fitted = new Map<string, Fitted>();
  const planOf = new Map(plan.order.map((p) => [p.name, p]));
  const personRows = plan.personTable !== undefined ? Math.max(1, byName.get(plan.personTable)!.metadata.dataset.rows) : 1;
  const scale = plan.personTable !== undefined && options.persons !== undefined ? options.persons / personRows : 1;
  let step = 0;
  for (const p of plan.order) {
    throwIfAborted(ctx.signal);
    const src = byName.get(p.name)!;
    const keyColumns = new Set<string>([...(p.primaryKey ? [p.primaryKey] : []), ...source.links.filter((l) => l.childTable === p.name).map((l) => l.childKey)]);
    // The model makes every column but the keys, which are made here so that they join.
    const modelMetadata: Metadata = { ...src.metadata, columns: src.metadata.columns.map((c) => (keyColumns.has(c.name) ? { ...c, excluded: true } : c)) };
    const rng = root.fork(`table:${p.name}`);
    const model = await generator.fit({ metadata: modelMetadata, table: needsRows ? src.table : undefined, epsilon }, { signal: ctx.signal, rng: rng.fork('fit') });
    const chain: string[] = [];
    for (let at = p.primary?.parentTable; at !== undefined; at = planOf.get(at)?.primary?.parentTable) chain.push(at);
    const f: Fitted = {
      plan: p, source: src, model, twinColumns: twinColumnsOf(src.metadata), dialect: twinDialectOf(src.metadata),
      filled: new Map(), popularity: new Map(), weights: new Map(), rules: [], samePersonRules: new Map(), chain, rng,
      recordRules: planRules(src.metadata, twinColumnsOf(src.metadata).map(specOfColumn)), keyColumns,
      derivedCategories: needsRows && src.table ? findDerivedCategories(modelMetadata, src.table) : [],
    };
    learnFromData(f, byName, planOf, source.links, plan.personTable, source.fitShare ?? 1);
    const parentSource = p.primary ? byName.get(p.primary.parentTable) : undefined;
    if (needsRows && epsilon === undefined && p.primary && src.table && parentSource?.table) {
      const parentName = p.primary.parentTable;
      const parentKeys = new Set<string>([
        ...(planOf.get(parentName)?.primaryKey ? [planOf.get(parentName)!.primaryKey!] : []),
        ...source.links.filter((l) => l.childTable === parentName).map((l) => l.childKey),
        ...source.links.filter((l) => l.parentTable === parentName).map((l) => l.parentKey),
      ]);
      f.conditional = await fitConditional(generator, modelMetadata, src.table, parentSource.metadata, parentSource.table, rowsOfParentFor(byName, p.primary), parentKeys, rng.fork('conditional'), ctx);
    }
    const published = p.primary ? source.counts?.[linkName(p.primary)] : undefined;
    if (!f.counts && published) f.counts = { strata: [], fallback: published };
    if (!f.counts && p.primary) f.counts = { strata: [], fallback: countsFromMetadata(src.metadata, byName.get(p.primary.parentTable)!.metadata, p.primary) };
    // Room for the keys of about twice the rows the real table has per person (counts are drawn).
    const expected = Math.ceil(2 * Math.max(1, src.metadata.dataset.rows) * (p.inPersonTree ? scale : 1)) + 1000;
    f.keyFaker = keyFakerOf(src.metadata, p.primaryKey, expected, rng.fork('keys'));
    fitted.set(p.name, f);
    ctx.onProgress?.({ stage: t('fitting'), fraction: ++step / plan.order.length });
  }

  const results: LinkedTableResult[] = [];
  // Reference tables: made whole, kept in memory (they are small: organisations, providers, payers).
  const whole = new Map<string, Made>();
  for (const p of plan.order.filter((x) => !x.inPersonTree)) {
    const f = fitted.get(p.name)!;
    let made: Made;
    if (p.primary && whole.has(p.primary.parentTable)) {
      made = await makeChildren(f, whole.get(p.primary.parentTable)!, new Map([[p.primary.parentTable, whole.get(p.primary.parentTable)!]]), whole, f.rng.fork('batch:0'), ctx);
    } else {
      const rows = Math.max(1, f.source.metadata.dataset.rows);
      made = await makeRoot(f, rows, whole, f.rng.fork('batch:0'), ctx);
    }
    whole.set(p.name, made);
    const written = await writeDataset(f.source.outPath, { dialect: f.dialect, columns: f.twinColumns.map(specOfColumn) }, once(made.table), ctx);
    results.push({ name: p.name, outPath: f.source.outPath, rows: written.rows, bytes: written.bytes, sha256: written.sha256, datesMoved: made.datesMoved });
  }

  // The person tree, batch by batch, every table's writer fed through its own channel.
  const tree = plan.order.filter((x) => x.inPersonTree);
  if (tree.length > 0) {
    const person = fitted.get(tree[0].name)!;
    const persons = options.persons ?? Math.max(1, person.source.metadata.dataset.rows);
    const batch = Math.max(1, options.batchPersons ?? DEFAULT_BATCH_PERSONS);
    const channels = new Map(tree.map((p) => [p.name, new Channel<Table>()]));
    const moved = new Map(tree.map((p) => [p.name, 0]));
    const writers = tree.map(async (p) => {
      const f = fitted.get(p.name)!;
      const channel = channels.get(p.name)!;
      try {
        return await writeDataset(f.source.outPath, { dialect: f.dialect, columns: f.twinColumns.map(specOfColumn) }, channel, ctx);
      } catch (e) {
        channel.fail(e);
        throw e;
      }
    });
    const producing = (async () => {
      try {
        for (let start = 0, b = 0; start < persons; start += batch, b++) {
          throwIfAborted(ctx.signal);
          const made = new Map<string, Made>();
          for (const p of tree) {
            const f = fitted.get(p.name)!;
            const rng = f.rng.fork(`batch:${b}`);
            const m = p.primary
              ? await makeChildren(f, made.get(p.primary.parentTable)!, made, whole, rng, ctx)
              : await makeRoot(f, Math.min(batch, persons - start), whole, rng, ctx);
            made.set(p.name, m);
            moved.set(p.name, moved.get(p.name)! + m.datesMoved);
          }
          for (const p of tree) await channels.get(p.name)!.push(made.get(p.name)!.table);
          ctx.onProgress?.({ stage: t('generating'), fraction: Math.min(1, (start + batch) / persons) });
        }
      } finally {
        for (const c of channels.values()) c.close();
      }
    })();
    const [written] = await Promise.all([Promise.all(writers), producing]);
    tree.forEach((p, i) => {
      const f = fitted.get(p.name)!;
      results.push({ name: p.name, outPath: f.source.outPath, rows: written[i].rows, bytes: written[i].bytes, sha256: written[i].sha256, datesMoved: moved.get(p.name)! });
    });
  }

  const order = new Map(source.tables.map((t, i) => [t.name, i]));
  results.sort((a, b) => order.get(a.name)! - order.get(b.name)!);
  return {
    tables: results,
    ...(plan.personTable !== undefined ? { personTable: plan.personTable } : {}),
    dateRules: [...fitted.values()].flatMap((f) => f.rules.map((r) => ({ table: f.plan.name, ...r }))),
    plan: plan.order.map((p) => ({
      table: p.name,
      ...(p.primary ? { primary: linkName(p.primary) } : {}),
      derived: p.derived.map((d) => linkName(d.link)),
      samePerson: p.samePerson.map(linkName),
      reference: p.reference.map(linkName),
      ...(fitted.get(p.name)!.counts?.stratifier ? { stratifiedBy: fitted.get(p.name)!.counts!.stratifier!.column } : {}),
      ...(fitted.get(p.name)!.counts?.within ? { stratifiedWithin: fitted.get(p.name)!.counts!.within!.stratifier.column } : {}),
      ...(fitted.get(p.name)!.perPerson ? { rowsPerPerson: fitted.get(p.name)!.perPerson!.mode } : {}),
      ...(fitted.get(p.name)!.derivedCategories.length ? { derivedCategories: fitted.get(p.name)!.derivedCategories.map((d) => `${d.to}<-${d.from}`) } : {}),
      ...(fitted.get(p.name)!.conditional ? { conditionedOn: conditionedOnOf(fitted.get(p.name)!.conditional!) } : {}),
    })),
  };
}

/** Children per parent when only metadata is at hand: the foreign key's published rows-per-key groups, and parents without children from the rounded counts. */
function countsFromMetadata(child: Metadata, parent: Metadata, link: LinkSpec): ChildCountDistribution {
  const fk = child.columns.find((c) => c.name === link.childKey);
  const parents = Math.max(1, parent.dataset.rows);
  if (fk && fk.type === 'identifier' && 'multiplicity' in fk && fk.multiplicity && fk.multiplicity.groups.length > 0) {
    const withChildren = Math.min(parents, fk.multiplicity.keys);
    return { noneShare: Math.max(0, 1 - withChildren / parents), multiplicity: fk.multiplicity };
  }
  // No published distribution: every parent has about the mean number of rows.
  const mean = Math.max(1, child.dataset.rows / parents);
  return { noneShare: 0, multiplicity: { keys: parents, groups: [{ keys: parents, mean, sd: Math.sqrt(mean) }] } };
}

/** Child counts, fill shares, reference popularity and date rules, from the real rows when given. */
function learnFromData(f: Fitted, byName: Map<string, LinkedTableSource>, planOf: Map<string, TablePlan>, links: readonly LinkSpec[], personTable: string | undefined, fitShare: number): void {
  const real = f.source.table;
  if (!real) return;
  const settings = f.source.metadata.disclosure;
  const p = f.plan;
  const column = (t: Table, name: string): ColumnData | undefined => t.columns.find((c) => c.spec.name === name)?.data;
  const rowsOfParent = (link: LinkSpec): Int32Array => {
    const parent = byName.get(link.parentTable)!.table!;
    const index = new Map<string, number>();
    keyValues(column(parent, link.parentKey)!).forEach((k, i) => { if (k !== null && !index.has(k)) index.set(k, i); });
    return Int32Array.from(keyValues(column(real, link.childKey)!), (k) => (k === null ? -1 : index.get(k) ?? -1));
  };
  if (p.primary) {
    const parentSource = byName.get(p.primary.parentTable)!;
    const parent = parentSource.table;
    if (parent) {
      const rowOf = rowsOfParent(p.primary);
      const counts = new Float64Array(parent.rowCount);
      for (const r of rowOf) if (r >= 0) counts[r]++;
      const attributes = parent.columns
        .filter((c) => c.data.kind !== 'string' && !links.some((l) => l.parentTable === p.primary!.parentTable && l.parentKey === c.spec.name))
        .filter((c) => !(parentSource.metadata.columns.find((m) => m.name === c.spec.name)?.excluded))
        .map((c) => ({ name: c.spec.name, data: c.data }));
      f.counts = fitChildCounts(counts, attributes, settings);
      // Date rules against each ancestor along the primary chain.
      const ancestors: { table: Table; rowOf: Int32Array }[] = [];
      let rowOfChild = rowOf;
      let link: LinkSpec | undefined = p.primary;
      while (link) {
        const anc = byName.get(link.parentTable)!.table;
        if (!anc) break;
        ancestors.push({ table: anc, rowOf: rowOfChild });
        const up: LinkSpec | undefined = planOf.get(link.parentTable)?.primary;
        if (!up) break;
        const ancRowOf = rowsOfParentFor(byName, up);
        rowOfChild = Int32Array.from(rowOfChild, (r) => (r < 0 ? -1 : ancRowOf[r]));
        link = up;
      }
      f.rules = findDateRules(real, ancestors);
      f.perPerson = fitRowsPerPerson(f, byName, planOf, links, personTable, rowOf, parent);
    }
  }
  for (const l of [...p.samePerson, ...p.reference]) {
    const keys = keyValues(column(real, l.childKey)!);
    const filled = keys.filter((k) => k !== null).length;
    f.filled.set(l, real.rowCount ? filled / real.rowCount : 0);
    if (byName.get(l.parentTable)!.table) {
      const rowOf = rowsOfParent(l);
      const counts = new Float64Array(byName.get(l.parentTable)!.table!.rowCount);
      for (const r of rowOf) if (r >= 0) counts[r]++;
      // A reference parent's children among a sample of persons: scaled to all of them.
      if (p.inPersonTree && fitShare < 1) for (let i = 0; i < counts.length; i++) counts[i] = Math.round(counts[i] / fitShare);
      f.popularity.set(l, distributionOf(counts, settings));
      if (p.samePerson.includes(l)) f.samePersonRules.set(l, findDateRules(real, [{ table: byName.get(l.parentTable)!.table!, rowOf }]));
    }
  }
}

function rowsOfParentFor(byName: Map<string, LinkedTableSource>, link: LinkSpec): Int32Array {
  const child = byName.get(link.childTable)!.table!;
  const parent = byName.get(link.parentTable)!.table!;
  const col = (t: Table, n: string): ColumnData => t.columns.find((c) => c.spec.name === n)!.data;
  const index = new Map<string, number>();
  keyValues(col(parent, link.parentKey)).forEach((k, i) => { if (k !== null && !index.has(k)) index.set(k, i); });
  return Int32Array.from(keyValues(col(child, link.childKey)), (k) => (k === null ? -1 : index.get(k) ?? -1));
}

/**
 * Rows per person of a table made under a parent below the person (a medication under an
 * encounter): persons fall into classes by their rate (rows per parent row; quantiles, ≥ 2·k
 * persons each), and each class has its own children-per-parent distribution. A twin person is
 * given a class (with the classes' shares of persons), and each of their parent rows a count
 * from that class — so a person with many rows has them at most of their parent rows and one
 * with few at few, as in real data, where drawing every parent row alike makes rows per person
 * follow from parent rows per person alone.
 */
interface PersonRows {
  /**
   * `class`: each parent row's count from the person's class. `total`: a total drawn per person
   * (conditioned on their parent rows or an attribute), met by the nearest of several class draws.
   * Whichever matches the real rows per person and per parent better (simulated on the real
   * persons' parent rows when fitted) is used.
   */
  mode: 'class' | 'total';
  total: ChildCountModel;
  /** Ascending cut points of the rate between classes (rate ≥ cuts[i]: past class i). */
  cuts: number[];
  /**
   * Ascending cut points of a person's number of parent rows between bins (quantiles, ≥ 5·k
   * persons each): a person's class is drawn with the class shares of their bin, so heavy users
   * with many parent rows stay heavy users.
   */
  parentCuts: number[];
  /** Per parent-rows bin, persons per class (plus one each, cumulative): the weights a twin person's class is drawn with. */
  classWeights: Float64Array[];
  /** Children per parent row, per class. */
  perParent: ChildCountDistribution[];
  /**
   * Children per parent row per class and per stratum of the parent (the strata of the table's
   * own children-per-parent model, the last one its fallback): an encounter's class still
   * matters within a person's class. Undefined where fewer than 2·k parent rows fall in a cell.
   */
  perParentByStratum: (ChildCountDistribution | undefined)[][];
  /** Cells per stratum of the parent's two-level strata (1: one level); a parent row's cell is stratum × this + its second-level stratum. */
  cellsPerStratum: number;
  /** Children per parent row per class and per cell of both strata, where a cell holds ≥ 2·k parent rows of a class. */
  perParentByCell?: (ChildCountDistribution | undefined)[][];
}

/** The name of the attribute "rows of the primary parent table this person has", a stratifier of rows per person. */
const PARENT_ROWS = '(parent rows)';
/** Draws of a person's parent-row counts tried in `total` mode, the one whose sum is nearest their total kept. */
const PERSON_CANDIDATES = 32;

/** Persons per rate class: at least this many times k. */
const RATE_CLASS_FACTOR = 2;
/** Persons per parent-rows bin: at least this many times k; at most this many bins. */
const STRATUM_PERSONS = 5;
const MAX_PARENT_BINS = 4;
const MAX_RATE_CLASSES = 6;

/** Rate classes of a table whose primary parent lies below the person table, from the real rows; undefined when it hangs from the person directly. */
function fitRowsPerPerson(
  f: Fitted, byName: Map<string, LinkedTableSource>, planOf: Map<string, TablePlan>, links: readonly LinkSpec[],
  personTable: string | undefined, rowOfParent: Int32Array, parentTable: Table,
): PersonRows | undefined {
  const primary = f.plan.primary;
  if (!primary || personTable === undefined || primary.parentTable === personTable || f.chain[f.chain.length - 1] !== personTable) return undefined;
  const person = byName.get(personTable)!;
  if (!person.table) return undefined;
  // Each primary-parent row's person, along the chain of primary links.
  let parentPerson: Int32Array | null = null;
  for (let link: LinkSpec | undefined = planOf.get(primary.parentTable)?.primary; link; link = planOf.get(link.parentTable)?.primary) {
    if (!byName.get(link.childTable)!.table || !byName.get(link.parentTable)!.table) return undefined;
    const up = rowsOfParentFor(byName, link);
    const below: Int32Array | null = parentPerson;
    parentPerson = below === null ? up : Int32Array.from(below, (r: number) => (r < 0 ? -1 : up[r]));
  }
  if (!parentPerson) return undefined;
  const n = person.table.rowCount;
  const rows = new Float64Array(n);
  const parentRows = new Float64Array(n);
  for (const r of rowOfParent) if (r >= 0 && parentPerson[r] >= 0) rows[parentPerson[r]]++;
  for (const p of parentPerson) if (p >= 0) parentRows[p]++;
  const settings = f.source.metadata.disclosure;
  const withParents: number[] = [];
  for (let p = 0; p < n; p++) if (parentRows[p] > 0) withParents.push(p);
  const rate = (p: number): number => rows[p] / parentRows[p];
  const rates = withParents.map(rate).sort((x, y) => x - y);
  const parts = Math.min(MAX_RATE_CLASSES, Math.floor(rates.length / (RATE_CLASS_FACTOR * Math.max(1, settings.threshold))));
  if (parts < 2) return undefined;
  const cuts: number[] = [];
  for (let q = 1; q < parts; q++) {
    const c = rates[Math.floor((q * rates.length) / parts)];
    if (c > (cuts.length ? cuts[cuts.length - 1] : rates[0])) cuts.push(c);
  }
  if (cuts.length === 0) return undefined;
  const classOf = (p: number): number => { let i = 0; while (i < cuts.length && rate(p) >= cuts[i]) i++; return i; };
  const counts: number[][] = Array.from({ length: cuts.length + 1 }, () => []);
  const members = new Float64Array(cuts.length + 1);
  for (const p of withParents) members[classOf(p)]++;
  // A class of fewer than 2·k persons (ties at a cut) is no class: one distribution for all.
  if (members.some((m) => m < RATE_CLASS_FACTOR * Math.max(1, settings.threshold))) return undefined;
  const childCount = new Float64Array(parentPerson.length);
  for (const r of rowOfParent) if (r >= 0) childCount[r]++;
  parentPerson.forEach((p, r) => { if (p >= 0) counts[classOf(p)].push(childCount[r]); });
  // Bins of persons by their parent rows, each with its persons' class shares.
  const byParents = withParents.map((p) => parentRows[p]).sort((x, y) => x - y);
  const bins = Math.max(1, Math.min(MAX_PARENT_BINS, Math.floor(byParents.length / (STRATUM_PERSONS * Math.max(1, settings.threshold)))));
  const parentCuts: number[] = [];
  for (let q = 1; q < bins; q++) {
    const c = byParents[Math.floor((q * byParents.length) / bins)];
    if (c > (parentCuts.length ? parentCuts[parentCuts.length - 1] : byParents[0])) parentCuts.push(c);
  }
  const classWeights = Array.from({ length: parentCuts.length + 1 }, () => new Float64Array(members.length).fill(1));
  for (const p of withParents) classWeights[binOf(parentCuts, parentRows[p])][classOf(p)]++;
  for (const w of classWeights) for (let i = 1; i < w.length; i++) w[i] += w[i - 1];
  const attributes = person.table.columns
    .filter((c) => c.data.kind !== 'string' && !links.some((l) => l.parentTable === personTable && l.parentKey === c.spec.name))
    .filter((c) => !(person.metadata.columns.find((m) => m.name === c.spec.name)?.excluded))
    .map((c) => ({ name: c.spec.name, data: c.data }));
  const personData = new Map<string, ColumnData>([[PARENT_ROWS, { kind: 'number', values: parentRows }], ...attributes.map((a) => [a.name, a.data] as [string, ColumnData])]);
  const total = fitChildCounts(rows, [{ name: PARENT_ROWS, data: personData.get(PARENT_ROWS)! }, ...attributes], settings);
  const counts0 = f.counts!;
  const perStratum = cellsPerStratumOf(counts0);
  const parentCell = parentCells(counts0, strataDataOf(counts0, parentTable.columns), parentPerson.length);
  const minCell = RATE_CLASS_FACTOR * Math.max(1, settings.threshold);
  const byClass = (slots: number, slotOf: (r: number) => number): (ChildCountDistribution | undefined)[][] => {
    const cells: number[][][] = Array.from({ length: cuts.length + 1 }, () => Array.from({ length: slots }, () => []));
    parentPerson!.forEach((p, r) => { if (p >= 0) cells[classOf(p)][slotOf(r)].push(childCount[r]); });
    return cells.map((row) => row.map((c) => (c.length >= minCell ? distributionOf(c, settings) : undefined)));
  };
  const perParentByStratum = byClass(counts0.strata.length + 1, (r) => Math.floor(parentCell[r] / perStratum));
  const model: PersonRows = {
    mode: 'class', total, cuts, parentCuts, classWeights, perParent: counts.map((c) => distributionOf(c, settings)), perParentByStratum, cellsPerStratum: perStratum,
    ...(perStratum > 1 ? { perParentByCell: byClass((counts0.strata.length + 1) * perStratum, (r) => parentCell[r]) } : {}),
  };
  // Which way (or neither: every parent row alike) gives the real rows per person and per
  // parent best, simulated on the real persons' parent rows.
  const realPerParent = childCount;
  const score = (mode: 'none' | 'class' | 'total'): number => {
    const rng = f.rng.fork(`rows-per-person:${mode}`);
    const sim = new Int32Array(parentPerson!.length);
    const both = strataDataOf(counts0, parentTable.columns);
    for (let r = 0; r < sim.length; r++) sim[r] = drawChildCount(distributionAt(counts0, both, r), rng);
    if (mode !== 'none') drawPersonRows(sim, parentPerson!, parentCell, n, { ...model, mode }, personData, rng);
    const simPerson = new Float64Array(n);
    parentPerson!.forEach((p, r) => { if (p >= 0) simPerson[p] += sim[r]; });
    // The table's size counts too: KS hardly sees heavy users gone, a researcher's totals do.
    let realRows = 0, simRows = 0;
    for (let r = 0; r < sim.length; r++) { realRows += realPerParent[r]; simRows += sim[r]; }
    const size = realRows > 0 ? 1 - Math.min(1, Math.abs(simRows - realRows) / realRows) : 1;
    return Math.min(1 - ksDistance(rows, simPerson), 1 - ksDistance(realPerParent, Float64Array.from(sim)), size);
  };
  const scores = { none: score('none'), class: score('class'), total: score('total') };
  if (scores.none >= scores.class && scores.none >= scores.total) return undefined;
  model.mode = scores.total >= scores.class ? 'total' : 'class';
  return model;
}

/** Second-level strata of a children-per-parent model, plus one for rows in none (1 without a second level). */
function cellsPerStratumOf(model: ChildCountModel): number {
  return model.within ? (model.within.strata[0]?.length ?? 0) + 1 : 1;
}

/**
 * Each parent row's cell under a children-per-parent model: its stratum (the fallback: the last
 * index) × cellsPerStratumOf + its second-level stratum (none: the last), so that without a
 * second level a cell is the stratum.
 */
function parentCells(model: ChildCountModel, data: StrataData, rows: number): Int32Array {
  const per = cellsPerStratumOf(model);
  return Int32Array.from({ length: rows }, (_, r) => {
    const s = stratumOf(model, data.first, r);
    const t = s >= 0 && model.within ? stratumOf(model.within, data.second, r) : -1;
    return (s >= 0 ? s : model.strata.length) * per + (t >= 0 ? t : per - 1);
  });
}

/** A parent row's children-per-parent distribution given its person's class and its own cell (then its stratum). */
function perParentOf(model: PersonRows, cls: number, cell: number): ChildCountDistribution {
  return model.perParentByCell?.[cls]?.[cell] ?? model.perParentByStratum[cls]?.[Math.floor(cell / model.cellsPerStratum)] ?? model.perParent[cls];
}

/** Two-sample Kolmogorov–Smirnov statistic of two samples of counts. */
function ksDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const x = Float64Array.from(a).sort(), y = Float64Array.from(b).sort();
  return x.length === 0 || y.length === 0 ? 1 : ksStatistic(x, y);
}

/** Sets each person's parent-row counts by the model's mode (see PersonRows). `personData`: the persons' attributes, by name. */
function drawPersonRows(
  perParent: Int32Array, parentPerson: Int32Array, parentCell: Int32Array, persons: number, model: PersonRows, personData: ReadonlyMap<string, ColumnData>, rng: Random,
): void {
  if (model.mode === 'class') { drawByPersonClass(perParent, parentPerson, parentCell, persons, model, rng); return; }
  const t = model.total;
  const stratifierData = t.stratifier ? personData.get(t.stratifier.column) : undefined;
  spreadOverPersons(perParent, parentPerson, parentCell, persons, (p) => { const s = stratumOf(t, stratifierData, p); return s >= 0 ? t.strata[s] : t.fallback; }, model, rng);
}

/**
 * Makes each person's rows add up to a total drawn for them: of several draws of their parent
 * rows' counts from the class of their rate, the one whose sum is nearest the total is kept, and
 * what is left over is spread in proportion to those counts (largest remainders; a parent with
 * none keeps none unless all have none). A person without parent rows gets no rows.
 */
function spreadOverPersons(
  perParent: Int32Array, parentPerson: Int32Array, parentCell: Int32Array, persons: number, strataOf: (p: number) => ChildCountDistribution,
  model: PersonRows, rng: Random,
): void {
  const rowsOf: number[][] = Array.from({ length: persons }, () => []);
  parentPerson.forEach((p, r) => { if (p >= 0) rowsOf[p].push(r); });
  for (let p = 0; p < persons; p++) {
    const own = rowsOf[p];
    const target = drawChildCount(strataOf(p), rng);
    if (own.length === 0) continue;
    let cls = 0;
    while (cls < model.cuts.length && target / own.length >= model.cuts[cls]) cls++;
    const redraw = (r: number): number => drawChildCount(perParentOf(model, cls, parentCell[r]), rng);
    let best: number[] = [];
    let bestSum = -1;
    for (let t = 0; t < PERSON_CANDIDATES && bestSum !== target; t++) {
      const candidate = own.map((r) => redraw(r));
      const sum = candidate.reduce((a, b) => a + b, 0);
      if (bestSum < 0 || Math.abs(sum - target) < Math.abs(bestSum - target)) { best = candidate; bestSum = sum; }
    }
    own.forEach((r, i) => { perParent[r] = best[i]; });
    if (bestSum === target) continue;
    if (bestSum === 0) {
      for (let k = 0; k < target; k++) perParent[own[rng.int(own.length)]]++;
      continue;
    }
    let given = 0;
    const remainders = own.map((r: number) => {
      const exact = (target * perParent[r]) / bestSum;
      const whole = Math.floor(exact);
      perParent[r] = whole;
      given += whole;
      return { r, frac: exact - whole };
    });
    remainders.sort((a, b) => b.frac - a.frac || a.r - b.r);
    for (let k = 0; given < target; k = (k + 1) % remainders.length, given++) perParent[remainders[k].r]++;
  }
}

/** The bin of a value under ascending cut points (value ≥ cuts[i]: past bin i). */
function binOf(cuts: readonly number[], v: number): number {
  let i = 0;
  while (i < cuts.length && v >= cuts[i]) i++;
  return i;
}

/** Each person's class, drawn with the class shares of their parent-rows bin, and each of their parent rows a count from it. */
function drawByPersonClass(perParent: Int32Array, parentPerson: Int32Array, parentCell: Int32Array, persons: number, model: PersonRows, rng: Random): void {
  const parentRows = new Float64Array(persons);
  for (const p of parentPerson) if (p >= 0) parentRows[p]++;
  const classOf = Int32Array.from({ length: persons }, (_, p) => {
    const w = model.classWeights[binOf(model.parentCuts, parentRows[p])];
    const u = rng.next() * w[w.length - 1];
    let c = 0;
    while (c < w.length - 1 && u >= w[c]) c++;
    return c;
  });
  for (let r = 0; r < perParent.length; r++) {
    const p = parentPerson[r];
    if (p >= 0) perParent[r] = drawChildCount(perParentOf(model, classOf[p], parentCell[r]), rng);
  }
}

/** Unique fake primary keys in the column's own shape (or 1, 2, 3… for a whole-number key). */
function keyFakerOf(metadata: Metadata, primaryKey: string | undefined, rows: number, rng: Random): { next(): string | number } | undefined {
  if (primaryKey === undefined) return undefined;
  const column = metadata.columns.find((c) => c.name === primaryKey);
  if (!column) return undefined;
  if (column.type === 'integer' || column.type === 'numeric') {
    let n = 0;
    return { next: () => ++n };
  }
  const unique = column.type === 'identifier' || column.type === 'text' ? { ...column, unique: true } : column;
  const faker: StringFaker = createFaker(unique as MetadataColumn, rows, rng);
  return faker;
}

/** Rows of the model, completed with the key columns (filled by `fill`) in metadata order. */
async function sampleRows(f: Fitted, rows: number, rng: Random, ctx: JobContext): Promise<Table> {
  const parts: Table[] = [];
  if (rows > 0) for await (const t of f.model.sample(rows, { signal: ctx.signal, rng: rng.fork('model') })) parts.push(t);
  return completeRows(f, parts, rows, rng);
}

/** A child batch's rows, each conditioned on its twin parent row (see conditional.ts), completed as {@link sampleRows} completes the model's. */
async function sampleRowsUnder(f: Fitted, parent: Table, parentRow: Int32Array, rng: Random, ctx: JobContext): Promise<Table> {
  const parts = parentRow.length > 0 ? [await sampleConditional(f.conditional!, parent, parentRow, rng.fork('conditional'), ctx)] : [];
  return completeRows(f, parts, parentRow.length, rng);
}

/** The model's column batches in the twin's columns (keys empty, to be set), derived categories and record rules applied. */
function completeRows(f: Fitted, parts: readonly Table[], rows: number, rng: Random): Table {
  if (!f.modelColumns && parts.length > 0) f.modelColumns = parts[0].columns.map((c) => c.spec.name);
  const byName = new Map<string, ColumnData[]>();
  for (const part of parts) for (const c of part.columns) {
    let l = byName.get(c.spec.name);
    if (!l) byName.set(c.spec.name, (l = []));
    l.push(c.data);
  }
  const table: Table = {
    rowCount: rows,
    columns: f.twinColumns.map((c) => ({ spec: specOfColumn(c), data: concat(byName.get(c.name), c, rows) })),
  };
  applyDerivedCategories(table, f.derivedCategories);
  if (!planIsEmpty(f.recordRules)) applyRules(table, f.recordRules, rng.fork('record-rules'));
  return table;
}

/** Joins a column's batches; a column the model did not make (a key) starts empty. */
function concat(parts: ColumnData[] | undefined, column: MetadataColumn, rows: number): ColumnData {
  return !parts || parts.length === 0 ? emptyColumn(column, rows) : concatColumn(parts, rows);
}

function emptyColumn(column: MetadataColumn, rows: number): ColumnData {
  if (column.type === 'integer' || column.type === 'numeric' || column.type === 'date' || column.type === 'datetime') {
    return { kind: 'number', values: new Float64Array(rows).fill(NaN) };
  }
  if (column.type === 'categorical' || column.type === 'boolean') return { kind: 'category', codes: new Int32Array(rows).fill(-1), categories: [] };
  return { kind: 'string', values: new Array<string | null>(rows).fill(null) };
}

/** Writes key values (strings, or numbers for whole-number keys) into a column of a made table. */
function setKeys(table: Table, name: string, values: readonly (string | number | null)[]): void {
  const col = table.columns.find((c) => c.spec.name === name);
  if (!col) return; // a key the person excluded from the twin
  if (col.data.kind === 'number') {
    col.data = { kind: 'number', values: Float64Array.from(values, (v) => (v === null ? NaN : Number(v))) };
  } else if (col.data.kind === 'category') {
    const categories: string[] = [];
    const index = new Map<string, number>();
    const codes = Int32Array.from(values, (v) => {
      if (v === null) return -1;
      const s = String(v);
      let i = index.get(s);
      if (i === undefined) { i = categories.length; categories.push(s); index.set(s, i); }
      return i;
    });
    col.data = { kind: 'category', codes, categories };
  } else {
    col.data = { kind: 'string', values: values.map((v) => (v === null ? null : String(v))) };
  }
}

function keysOf(table: Table, name: string): (string | null)[] {
  const col = table.columns.find((c) => c.spec.name === name);
  return col ? keyValues(col.data) : new Array<string | null>(table.rowCount).fill(null);
}

/** A root table's batch: rows from the model, fresh primary keys, reference keys drawn. */
async function makeRoot(f: Fitted, rows: number, whole: Map<string, Made>, rng: Random, ctx: JobContext): Promise<Made> {
  const table = await sampleRows(f, rows, rng.fork('rows'), ctx);
  if (f.plan.primaryKey && f.keyFaker) setKeys(table, f.plan.primaryKey, Array.from({ length: rows }, () => f.keyFaker!.next()));
  drawReferences(f, table, whole, rng.fork('references'));
  for (const l of f.plan.selfReferences) setKeys(table, l.childKey, new Array(rows).fill(null));
  await redrawUniqueRows(f, table, [], rng.fork('unique-rows'), ctx);
  return { table, parentRow: null, personRow: f.plan.inPersonTree ? Int32Array.from({ length: rows }, (_, i) => i) : null, datesMoved: 0 };
}

/** A child table's batch under its primary parent's batch. */
async function makeChildren(
  f: Fitted, parent: Made, made: Map<string, Made>, whole: Map<string, Made>, rng: Random, ctx: JobContext,
): Promise<Made> {
  const link = f.plan.primary!;
  const counts = f.counts!;
  const countRng = rng.fork('counts');
  const perParent = new Int32Array(parent.table.rowCount);
  let total = 0;
  const both = strataDataOf(counts, parent.table.columns);
  for (let i = 0; i < perParent.length; i++) perParent[i] = drawChildCount(distributionAt(counts, both, i), countRng);
  const personTable = f.chain[f.chain.length - 1];
  const persons = made.get(personTable);
  if (f.perPerson && parent.personRow && persons) {
    const parentRows = new Float64Array(persons.table.rowCount);
    for (const p of parent.personRow) if (p >= 0) parentRows[p]++;
    const personData = new Map<string, ColumnData>([[PARENT_ROWS, { kind: 'number', values: parentRows }], ...persons.table.columns.map((c) => [c.spec.name, c.data] as [string, ColumnData])]);
    drawPersonRows(perParent, parent.personRow, parentCells(counts, both, perParent.length), persons.table.rowCount, f.perPerson, personData, rng.fork('rows-per-person'));
  }
  for (let i = 0; i < perParent.length; i++) total += perParent[i];
  const parentRow = new Int32Array(total);
  for (let i = 0, at = 0; i < perParent.length; i++) for (let k = 0; k < perParent[i]; k++) parentRow[at++] = i;
  const personRow = parent.personRow ? Int32Array.from(parentRow, (r) => parent.personRow![r]) : null;
  const table = f.conditional ? await sampleRowsUnder(f, parent.table, parentRow, rng.fork('rows'), ctx) : await sampleRows(f, total, rng.fork('rows'), ctx);
  if (f.plan.primaryKey && f.keyFaker) setKeys(table, f.plan.primaryKey, Array.from({ length: total }, () => f.keyFaker!.next()));
  const parentKeys = keysOf(parent.table, link.parentKey);
  setKeys(table, link.childKey, Array.from(parentRow, (r) => parentKeys[r]));

  // Diamonds: the ancestor's key, copied along the chain of primary parents.
  for (const d of f.plan.derived) {
    let rows = parentRow;
    let at = parent;
    for (const up of d.chain) {
      const next = made.get(up.parentTable) ?? whole.get(up.parentTable);
      if (!next || !at.parentRow) break;
      const pr = at.parentRow;
      rows = Int32Array.from(rows, (r) => pr[r]);
      at = next;
    }
    const keys = keysOf(at.table, d.link.parentKey);
    setKeys(table, d.link.childKey, Array.from(rows, (r) => keys[r]));
  }
  // Optional keys to another table of the same person: one of that person's rows, when they have one.
  const pickRng = rng.fork('same-person');
  // Date rules against the rows the same-person keys name, kept with the primary chain's.
  const samePersonLogic: DateLogic[] = [];
  for (const l of f.plan.samePerson) {
    const other = made.get(l.parentTable);
    const share = f.filled.get(l) ?? 0.5;
    if (!other || !other.personRow || !personRow) { setKeys(table, l.childKey, new Array(total).fill(null)); continue; }
    const rowsOf = new Map<number, number[]>();
    other.personRow.forEach((p, r) => { let a = rowsOf.get(p); if (!a) rowsOf.set(p, (a = [])); a.push(r); });
    const keys = keysOf(other.table, l.parentKey);
    // Each of the other table's rows takes about as many children as the real rows do (its
    // capacity, drawn from the real children per parent row): picking a person's rows alike
    // spreads a person's children evenly, where real ones gather on a few (drugs started in hospital).
    const pop = f.popularity.get(l);
    const capRng = rng.fork(`same-person-capacity:${l.childKey}`);
    const capacity = pop ? Float64Array.from({ length: other.table.rowCount }, () => drawChildCount(pop, capRng)) : null;
    const used = new Float64Array(other.table.rowCount);
    if (capacity) {
      // A person's children are filled up to their rows' capacity, in the order they come, each
      // naming the row with room nearest its date (where both tables have one).
      const room = new Map<number, number>();
      for (const [p, rows] of rowsOf) room.set(p, rows.reduce((t, r) => t + capacity[r], 0));
      const childDate = dateColumnsOf(table)[0]?.values;
      const otherDate = dateColumnsOf(other.table)[0]?.values;
      const picked = new Int32Array(total).fill(-1);
      personRow.forEach((p, i) => {
        const candidates = rowsOf.get(p);
        const left = room.get(p) ?? 0;
        if (!candidates || left <= 0) return;
        room.set(p, left - 1);
        const near = childDate && otherDate ? nearestWithRoom(candidates, capacity, used, otherDate, childDate[i]) : -1;
        const r = near >= 0 ? near : pickByCapacity(candidates, capacity, used, pickRng);
        used[r]++;
        picked[i] = r;
      });
      setKeys(table, l.childKey, Array.from(picked, (r) => (r < 0 ? null : keys[r])));
      const rules = f.samePersonRules.get(l) ?? [];
      if (rules.length) samePersonLogic.push({ rules, ancestors: [{ table: other.table, rowOf: picked }] });
      continue;
    }
    setKeys(table, l.childKey, Array.from(personRow, (p) => {
      const candidates = rowsOf.get(p);
      if (!candidates || pickRng.next() >= share) return null;
      return keys[candidates[pickRng.int(candidates.length)]];
    }));
  }
  drawReferences(f, table, whole, rng.fork('references'));
  for (const l of f.plan.selfReferences) setKeys(table, l.childKey, new Array(total).fill(null));

  // Cross-table date logic, against the twin's own ancestors.
  const ancestors: { table: Table; rowOf: Int32Array }[] = [];
  let rowOf = parentRow;
  let at: Made | undefined = parent;
  for (const name of f.chain) {
    const m = made.get(name) ?? whole.get(name);
    if (!m || !at) break;
    ancestors.push({ table: m.table, rowOf });
    if (!m.parentRow) break;
    const pr = m.parentRow;
    rowOf = Int32Array.from(rowOf, (r) => pr[r]);
    at = m;
  }
  const logic: DateLogic[] = [...samePersonLogic, { rules: f.rules, ancestors }];
  const datesMoved = keepAllDateRules(table, logic, rng.fork('dates'));
  await redrawUniqueRows(f, table, logic, rng.fork('unique-rows'), ctx);
  return { table, parentRow, personRow, datesMoved };
}

/** Date rules with the rows they are kept against: the primary chain's ancestors, or the rows a same-person key names. */
interface DateLogic { rules: readonly DateRule[]; ancestors: readonly { table: Table; rowOf: Int32Array }[] }

/**
 * Keeps every set of date rules in turn (the last, the primary chain's, wins where they
 * conflict: nothing before birth or after death); returns the moves of all, summed.
 */
function keepAllDateRules(table: Table, logic: readonly DateLogic[], rng: Random): number {
  if (logic.length === 1) return keepDateRules(table, logic[0].rules, logic[0].ancestors, rng);
  let moved = 0;
  logic.forEach((l, i) => { moved += keepDateRules(table, l.rules, l.ancestors, rng.fork(String(i))); });
  return moved;
}

/**
 * The model's unique-row guard on the finished rows (record rules kept, dates moved to keep the
 * cross-table date logic): a row that now equals a unique real row on the modelled columns gets
 * the values of a fresh row of the model that does not (keys and parent stay), and the date logic
 * is kept again; up to 8 rounds, as generateTwin's `redrawFinalUniques`. Returns how many rows were flagged first.
 */
async function redrawUniqueRows(f: Fitted, table: Table, logic: readonly DateLogic[], rng: Random, ctx: JobContext): Promise<number> {
  const guard = f.model.uniqueRows;
  if (!guard || !f.modelColumns || table.rowCount === 0) return 0;
  const names = f.modelColumns;
  const view = (t: Table): Table => ({ rowCount: t.rowCount, columns: names.map((n) => t.columns.find((c) => c.spec.name === n)!) });
  let bad = guard.hits(view(table));
  const flaggedFirst = bad.length;
  for (let round = 0; bad.length > 0 && round < 8; round++) {
    const extra = await sampleRows(f, Math.min(65_536, bad.length * 2 + 16), rng.fork(`draw:${round}`), ctx);
    const flagged = new Set(guard.hits(view(extra)));
    let k = 0;
    for (const r of bad) {
      while (k < extra.rowCount && flagged.has(k)) k++;
      if (k >= extra.rowCount) break;
      copyModelledValues(extra, k++, table, r, f.keyColumns);
    }
    keepAllDateRules(table, logic, rng.fork(`dates:${round}`));
    bad = guard.hits(view(table));
  }
  return flaggedFirst;
}

/** Copies row `i` of `from` over row `j` of `to`, every column but the keys and identifiers (their fakes stay). */
function copyModelledValues(from: Table, i: number, to: Table, j: number, keys: ReadonlySet<string>): void {
  for (let c = 0; c < to.columns.length; c++) {
    const spec = to.columns[c].spec;
    if (keys.has(spec.name) || spec.type === 'identifier') continue;
    const s = from.columns[c].data, d = to.columns[c].data;
    if (s.kind === 'number' && d.kind === 'number') d.values[j] = s.values[i];
    else if (s.kind === 'category' && d.kind === 'category') d.codes[j] = s.codes[i];
    else if (s.kind === 'string' && d.kind === 'string') d.values[j] = s.values[i];
  }
}

/** The candidate row with room left whose date is nearest `at` (−1: none has room, or no dates to compare). */
function nearestWithRoom(candidates: readonly number[], capacity: Float64Array, used: Float64Array, dates: Float64Array, at: number): number {
  if (Number.isNaN(at)) return -1;
  let best = -1, bestGap = Infinity;
  for (const r of candidates) {
    if (capacity[r] - used[r] <= 0 || Number.isNaN(dates[r])) continue;
    const gap = Math.abs(dates[r] - at);
    if (gap < bestGap) { best = r; bestGap = gap; }
  }
  return best;
}

/**
 * One of a person's rows for a child: drawn with the room each has left (capacity − children
 * given), or, once all is taken, with its capacity (uniformly when every capacity is 0).
 */
function pickByCapacity(candidates: readonly number[], capacity: Float64Array, used: Float64Array, rng: Random): number {
  let room = 0, cap = 0;
  for (const r of candidates) { room += Math.max(0, capacity[r] - used[r]); cap += capacity[r]; }
  const weight = room > 0 ? (r: number) => Math.max(0, capacity[r] - used[r]) : cap > 0 ? (r: number) => capacity[r] : () => 1;
  let u = rng.next() * (room > 0 ? room : cap > 0 ? cap : candidates.length);
  for (const r of candidates) { u -= weight(r); if (u < 0) return r; }
  return candidates[candidates.length - 1];
}

/** Reference keys: a row of the whole-made parent table, popular parents more often, missing at the real rate. */
function drawReferences(f: Fitted, table: Table, whole: Map<string, Made>, rng: Random): void {
  for (const l of f.plan.reference) {
    const parent = whole.get(l.parentTable);
    if (!parent) { setKeys(table, l.childKey, new Array(table.rowCount).fill(null)); continue; }
    const keys = keysOf(parent.table, l.parentKey);
    let cum = f.weights.get(l);
    if (!cum) {
      // Each reference parent's weight, drawn once: its own number of children (uniform without data).
      const pop = f.popularity.get(l);
      const wrng = f.rng.fork(`popularity:${linkName(l)}`);
      cum = new Float64Array(keys.length);
      let t = 0;
      for (let i = 0; i < keys.length; i++) { t += pop ? drawChildCount(pop, wrng) : 1; cum[i] = t; }
      f.weights.set(l, cum);
    }
    const s = cum.length ? cum[cum.length - 1] : 0;
    const share = f.filled.get(l) ?? 1;
    setKeys(table, l.childKey, Array.from({ length: table.rowCount }, () => {
      if (s === 0 || rng.next() >= share) return null;
      const u = rng.next() * s;
      let lo = 0, hi = cum.length - 1;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (u < cum[mid]) hi = mid; else lo = mid + 1; }
      return keys[lo];
    }));
  }
}

/** The source's dialect; for Parquet/Arrow only the fields of the columns the twin keeps. */
function twinDialectOf(metadata: Metadata): Dialect {
  const d = metadata.dataset.dialect;
  if (d.kind === 'delimited') return d;
  const keep = new Set(twinColumnsOf(metadata).map((s) => s.name));
  return { ...d, fields: d.fields.filter((x) => keep.has(x.name)) };
}

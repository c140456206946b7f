import type { JobContext } from '../context';
import { inputError } from '../errors';
import { openDataset, type DatasetSource, type ReadOptions } from '../io';
import type { ControlRecord } from '../metadata';
import { profileDataset, resolveDisclosure, toMetadata, columnSpecsOf } from '../profile';
import type { ProfileOptions } from '../profile/types';
import { publishRelationshipSummaries } from '../disclosure/relationships';
import { linkEvidenceControl } from '../disclosure/linkEvidence';
import { TOOL_VERSION } from '../version';
import type { ColumnSpec } from '../schema';
import { discoverRelationships } from './discover';
import { DiamondScan, parentsFirst, readTablesOnce } from './discoverDiamonds';
import { scanKeys, type TableKeys } from './scanKeys';
import { SummaryScan } from './summaryFacts';
import { datasetFilesOf } from './tables';
import { applyLinkDecisions, type LinkDecisions } from '../review/linkDecisions';
import { DATASET_METADATA_FORMAT, type DatasetMetadata, type DatasetTable, type Relationships } from './types';
import { t } from '../l10n';

/** Progress stages named by table: outside the loops, whose `t` is a table. */
const readingKeysStage = (table: string): string => t('reading keys of {0}', table);
const profilingStage = (table: string): string => t('profiling {0}', table);

export type LinkedProfileOptions = Omit<ProfileOptions, 'personKey'> & {
  read?: ReadOptions;
  /** A reviewer's link decisions (confirm, reject, add), applied before diamonds, person keys and summaries. */
  links?: LinkDecisions;
};

/**
 * Profiles a folder of tables or a dataset.json as one dataset (issue 15 items 1–3) and returns
 * its `twin-metadata/2` metadata: (1) each table's key facts (one read) and relationship
 * discovery; (2) each table profiled as today (one read, and one more counting persons where it
 * has a person key), its person key the link to the person table, so every count in it counts
 * persons; (3) the diamonds and the relationship summaries, from one more read, shared, of the
 * tables that need rows, the summaries published under the disclosure layer. `reads`: passes
 * over each table (the file's SHA-256 is computed on another thread from one more read where
 * there are two cores). Nothing is written here.
 * @throws TwinError('input') for unreadable tables, or declared keys naming unknown columns.
 */
export async function profileLinkedDataset(
  path: string, options: LinkedProfileOptions = {}, ctx: JobContext = {},
): Promise<{ metadata: DatasetMetadata; relationships: Relationships; reads: Record<string, number> }> {
  const files = datasetFilesOf(path);
  const disclosure = resolveDisclosure(options.disclosure);
  const sources = new Map<string, DatasetSource>();
  const reads: Record<string, number> = {};
  for (const t of files.tables) {
    reads[t.name] = 0;
    sources.set(t.name, countingReads(await openDataset(t.path, options.read), () => { reads[t.name]++; }));
  }
  const open = async (table: string): Promise<DatasetSource> => sources.get(table)!;
  for (const ref of [...files.declared.primaryKeys, ...files.declared.foreignKeys.flatMap((f) => [f.child, f.parent])]) {
    if (!sources.get(ref.table)!.columnNames.includes(ref.column)) throw inputError(t('declared key {0}.{1}: the table has no column {2}', ref.table, ref.column, JSON.stringify(ref.column)), { file: path });
  }
  const steps = files.tables.length * 2 + 2;
  let step = 0;
  const progress = (stage: string): void => ctx.onProgress?.({ stage, fraction: Math.min(1, step++ / steps) });

  let scans: TableKeys[] = [];
  for (const t of files.tables) {
    progress(readingKeysStage(t.name));
    scans.push(await scanKeys(t.name, sources.get(t.name)!, ctx, options.missingTokens));
  }
  progress(t('finding links'));
  const discovered = discoverRelationships(scans, files.declared);
  const found = options.links ? applyLinkDecisions({ ...discovered, diamonds: [] }, options.links, scans, path) : discovered;
  // From here on only linked columns' values are looked up: the others' are let go (a few MB each at scale).
  scans = keepLinkedColumns(scans, found);
  const keptShare = (table: string, column: string): number => scans.find((s) => s.table === table)?.columns.find((c) => c.name === column)?.counts?.rate ?? 1;
  // Diamonds are found after profiling, in the read the summaries make: nothing before needs them.
  const relationships: Relationships = { ...found, diamonds: [] };

  const tables: DatasetTable[] = [];
  const specs = new Map<string, readonly ColumnSpec[]>();
  for (const t of files.tables) {
    progress(profilingStage(t.name));
    const toPerson = relationships.personTable === undefined || t.name === relationships.personTable
      ? undefined
      : relationships.foreignKeys.find((f) => f.child.table === t.name && f.parent.table === relationships.personTable && f.status !== 'rejected');
    const { read: _read, links: _links, ...profileOptions } = options;
    const keyColumns = [
      ...relationships.primaryKeys.filter((k) => k.table === t.name).map((k) => k.column),
      ...relationships.foreignKeys.filter((f) => f.child.table === t.name && f.status !== 'rejected').map((f) => f.child.column),
    ];
    const profile = await profileDataset(sources.get(t.name)!, { ...profileOptions, keyColumns, ...(toPerson ? { personKey: toPerson.child.column } : {}) }, ctx);
    const metadata = toMetadata(profile, disclosure);
    specs.set(t.name, columnSpecsOf(profile));
    tables.push({ name: t.name, file: t.file, format: t.format, metadata });
  }
  progress(t('finding diamonds and summarising links'));
  // One more read of each table that needs rows, shared by the diamonds and the summaries, parents first
  // (a diamond's paths run through maps its ancestors' rows build).
  const diamondScan = new DiamondScan(found.foreignKeys, found.primaryKeys, options.missingTokens, keptShare);
  const summaryScan = new SummaryScan(scans, relationships, specs, options.missingTokens);
  const visitors = (table: string, columnNames: readonly string[]) => [diamondScan.visitor(table, columnNames), summaryScan.visitor(table, columnNames)];
  await readTablesOnce(parentsFirst([...new Set([...diamondScan.tables, ...summaryScan.tables])], found.foreignKeys), open, visitors, ctx);
  await readTablesOnce(diamondScan.deferred(), open, (table, columnNames) => [diamondScan.visitor(table, columnNames)], ctx);
  relationships.diamonds = diamondScan.result();
  const controls: ControlRecord[] = [linkEvidenceControl()];
  const facts = summaryScan.finish();
  const summaries = publishRelationshipSummaries(facts, disclosure, controls);
  ctx.onProgress?.({ stage: t('done'), fraction: 1 });
  return {
    relationships,
    reads,
    metadata: {
      format: DATASET_METADATA_FORMAT,
      generator: { tool: 'synthetic-twin', version: TOOL_VERSION },
      dataset: { name: files.name },
      disclosure,
      tables,
      relationships,
      summaries,
      controls,
    },
  };
}

/** The key facts with the rows per value kept only for columns on a link (a child or its parent key). */
function keepLinkedColumns(scans: readonly TableKeys[], rel: Omit<Relationships, 'diamonds'>): TableKeys[] {
  const linked = new Set(rel.foreignKeys.filter((f) => f.status !== 'rejected').flatMap((f) => [`${f.child.table}\u0000${f.child.column}`, `${f.parent.table}\u0000${f.parent.column}`]));
  return scans.map((s) => ({ ...s, columns: s.columns.map((c) => (linked.has(`${s.table}\u0000${c.name}`) ? c : { ...c, counts: undefined })) }));
}

/** The source, counting each pass over it (each call of `batches` or `cellBatches`). */
function countingReads(source: DatasetSource, count: () => void): DatasetSource {
  const view = Object.create(source) as DatasetSource;
  view.batches = (ctx) => { count(); return source.batches(ctx); };
  if (source.cellBatches) view.cellBatches = (ctx, tap) => { count(); return source.cellBatches!(ctx, tap); };
  return view;
}

import * as fs from 'node:fs';
import type { JobContext } from '../context';
import { inputError, throwIfAborted } from '../errors';
import { openDataset } from '../io';
import { columnSpecsOf } from '../profile';
import { DATASET_METADATA_FORMAT, type DatasetMetadata } from '../dataset/types';
import { checkDatasetMetadata } from '../dataset/metadataV2';
import { datasetFilesOf, isDatasetPath, type TableFile } from '../dataset/tables';
import { scanKeys } from '../dataset/scanKeys';
import { collectSummaryFacts } from '../dataset/summaryFacts';
import { checkRelationshipSummaries } from './checkRelationships';
import { checkTwin } from './checkTwin';
import { DATASET_EVALUATION_FORMAT } from '../evaluate/multiTable/evaluateDataset';
import { copiesReadAgainstChance, uniqueCopiesByChance } from './uniqueRowChance';
import { isRecipeFileName } from '../paths';
import { DATASET_RECIPE_FORMAT } from '../synth/linked/generateDataset';
import { holdoutOfRecipe } from '../synth/linked/recipeHoldout';
import { SensitiveValues } from './checkValues';
import type { PackFile } from './packFiles';
import { readRealFacts, type RealFacts, type RealFactsOptions } from './realFacts';
import { personColumnsOf } from '../holdout/dataset';
import type { AuditFinding } from './types';
import type { JsonValue } from './walkJson';
import { auditJson, classifyRealData, parseJson, summarise, type AuditOptions, type AuditRun } from './auditPack';
import { t } from '../l10n';

/** The progress stage of one table (outside the loop, whose `t` is a table). */
const readingTableStage = (table: string): string => t('auditing: reading the real table {0}', table);

/** The pack's metadata.json when it describes a linked dataset (twin-metadata/2), else null. */
export function readDatasetMetadata(files: readonly PackFile[]): DatasetMetadata | null {
  const file = files.find((f) => f.name === 'metadata.json');
  if (!file) return null;
  const json = parseJson(fs.readFileSync(file.path, 'utf8')) as { format?: unknown } | undefined;
  if (!json || json.format !== DATASET_METADATA_FORMAT) return null;
  return checkDatasetMetadata(json, file.path);
}

/** The level and method of the pack's dataset recipe (`<dataset>.twin.json`), else null. */
function readDatasetRecipe(files: readonly PackFile[]): { level: string; method: string; holdout?: { share: number; seed: number } } | null {
  for (const file of files.filter((f) => isRecipeFileName(f.name))) {
    const json = parseJson(fs.readFileSync(file.path, 'utf8')) as { format?: unknown; level?: unknown; method?: unknown; holdout?: { share?: unknown; seed?: unknown } } | undefined;
    if (json?.format === DATASET_RECIPE_FORMAT && typeof json.level === 'string' && typeof json.method === 'string') {
      const holdout = holdoutOfRecipe(json);
      return { level: json.level, method: json.method, ...(holdout ? { holdout } : {}) };
    }
  }
  return null;
}

/**
 * Audits the pack of a linked dataset against its real folder (or dataset.json): every table's
 * part of metadata.json (`$.tables[i].metadata`) with that table's real facts, exactly as a
 * single-table metadata.json is audited; the relationship summaries against the real links
 * counted in persons (checkRelationships); every other file's strings and text against each
 * table's sensitive values; and each twin table (`<table>.synthetic.<ext>` or the table's own
 * file name) against its real table.
 */
export async function auditDatasetPack(realPath: string, dir: string, files: PackFile[], d: DatasetMetadata, options: AuditOptions, ctx: JobContext): Promise<AuditRun> {
  if (!isDatasetPath(realPath)) throw inputError(t('this pack describes a dataset of several tables: give the real folder (or its dataset.json), not one file'), { file: realPath });
  const real = datasetFilesOf(realPath);
  const tableFile = (name: string): TableFile => {
    const table = real.tables.find((x) => x.name === name);
    if (!table) throw inputError(t('the pack describes a table {0} that the real dataset does not have', JSON.stringify(name)), { file: realPath });
    return table;
  };
  const findings: AuditFinding[] = [];
  const recipe = readDatasetRecipe(files);
  const personKeys = personColumnsOf(d);
  const perTable: { name: string; facts: RealFacts; sensitive: SensitiveValues }[] = [];
  for (const t of d.tables) {
    throwIfAborted(ctx.signal);
    ctx.onProgress?.({ stage: readingTableStage(t.name) });
    const path = tableFile(t.name).path;
    // A twin fitted without the held-out persons (the recipe's holdout) is read for replayed
    // unique rows against the persons it was fitted on, as one table's pack with a holdout is:
    // it never read a held-out person's rows, so a copy of one is chance (the person-level exact
    // matches compare those with the holdout baseline). Every other check reads every person.
    // Both counts come from one pass over the table.
    const personKey = recipe?.holdout ? personKeys.get(t.name) : undefined;
    const factsOptions: RealFactsOptions = {
      missingTokens: options.missingTokens, read: options.read, ...(await classifyRealData(path, t.metadata, options.missingTokens, options.read, ctx)),
      ...(recipe?.holdout && personKey !== undefined ? { trainingRows: { ...recipe.holdout, personKey } } : {}),
    };
    const facts = await readRealFacts(path, t.metadata, factsOptions, ctx);
    perTable.push({ name: t.name, facts, sensitive: new SensitiveValues(facts) });
  }
  // The real links, counted in persons, for the summaries.
  ctx.onProgress?.({ stage: t('auditing: reading the real links') });
  const sources = new Map<string, Awaited<ReturnType<typeof openDataset>>>();
  for (const t of d.tables) sources.set(t.name, await openDataset(tableFile(t.name).path, options.read));
  const scans = [];
  for (const t of d.tables) scans.push(await scanKeys(t.name, sources.get(t.name)!, ctx, options.missingTokens));
  const specs = new Map(d.tables.map((t) => [t.name, columnSpecsOf(t.metadata)] as const));
  const realLinks = await collectSummaryFacts(scans, d.relationships, specs, async (name) => sources.get(name)!, ctx, options.missingTokens);

  for (const file of files) {
    throwIfAborted(ctx.signal);
    ctx.onProgress?.({ stage: t('auditing {0}', file.name) });
    if (file.kind === 'binary' && !twinTableOf(file.name, d)) continue;
    const twinTable = twinTableOf(file.name, d);
    if (twinTable) {
      const t = perTable.find((x) => x.name === twinTable)!;
      // As for one table: unique real rows are read against twins drawn from this table's metadata alone (the chance rate).
      const meta = d.tables.find((x) => x.name === twinTable)!.metadata;
      const byChance = copiesReadAgainstChance(recipe) ? (rows: number) => uniqueCopiesByChance(meta, rows, t.facts, ctx) : undefined;
      const facts = t.facts.trainingRowCounts ? { ...t.facts, rowCounts: t.facts.trainingRowCounts } : t.facts;
      await checkTwin(await openDataset(file.path, options.read), file.name, facts, options.missingTokens, ctx, findings, byChance);
      continue;
    }
    const text = fs.readFileSync(file.path, 'utf8');
    const json = file.kind === 'json' ? parseJson(text) : undefined;
    if (file.name === 'metadata.json' && json !== undefined) {
      const tables = (json as { tables?: JsonValue[] }).tables ?? [];
      tables.forEach((entry, i) => {
        const t = perTable.find((x) => x.name === (entry as { name?: unknown } | null)?.name);
        const m = (entry as { metadata?: JsonValue } | null)?.metadata;
        if (t && m !== undefined) auditJson(m, `$.tables[${i}].metadata`, file.name, t.facts, t.sensitive, new Set(t.facts.columns.keys()), findings);
      });
      const rest = { ...(json as Record<string, JsonValue>), tables: [] };
      for (const t of perTable) t.sensitive.checkText(JSON.stringify(rest), file.name, findings);
      checkRelationshipSummaries(d, realLinks, d.disclosure.threshold, Math.max(1, d.disclosure.rounding), file.name, findings);
      continue;
    }
    // A dataset's evaluation: each table's report against its own real table (a value common in
    // one table may be rare in another; the report of the first says nothing of the second).
    const perTableReports = (json as { format?: unknown; tables?: unknown } | undefined)?.format === DATASET_EVALUATION_FORMAT
      && Array.isArray((json as { tables?: unknown }).tables) ? (json as { tables: JsonValue[] }).tables : null;
    if (json !== undefined && perTableReports) {
      perTableReports.forEach((entry, i) => {
        const t = perTable.find((x) => x.name === (entry as { name?: unknown } | null)?.name);
        const report = (entry as { report?: JsonValue } | null)?.report;
        for (const u of t && report !== undefined ? [t] : perTable) {
          auditJson(report ?? entry, `$.tables[${i}]${report !== undefined ? '.report' : ''}`, file.name, u.facts, u.sensitive, new Set(u.facts.columns.keys()), findings);
        }
      });
      const rest = { ...(json as Record<string, JsonValue>), tables: [] };
      for (const t of perTable) auditJson(rest, '$', file.name, t.facts, t.sensitive, new Set(t.facts.columns.keys()), findings);
      continue;
    }
    if (json === undefined && file.name.toLowerCase().endsWith('.md')) {
      // A document's "## Table <name>" section is about that table alone; the rest about all.
      const { common, sections } = tableSections(text, d.tables.map((t) => t.name));
      for (const t of perTable) {
        t.sensitive.checkText(common, file.name, findings);
        const own = sections.get(t.name);
        if (own !== undefined) t.sensitive.checkText(own, file.name, findings);
      }
      continue;
    }
    for (const t of perTable) {
      if (json !== undefined) auditJson(json, '$', file.name, t.facts, t.sensitive, new Set(t.facts.columns.keys()), findings);
      else t.sensitive.checkText(text, file.name, findings);
    }
  }
  const first = perTable[0].facts;
  const report = summarise(realPath, dir, files, first, dedupe(findings));
  return {
    report: { ...report, unit: t('persons (the person table {0}; each table through its link to it)', d.relationships.personTable ?? t('(none)')) },
    facts: first,
  };
}

/**
 * A Markdown document split by its `## Table <name>` sections (a heading naming a table of the
 * dataset, Markdown escapes removed), each up to the next heading of the same or a higher level.
 * Every text keeps the document's line numbers: lines outside it are blank.
 */
export function tableSections(text: string, tables: readonly string[]): { common: string; sections: Map<string, string> } {
  const lines = text.split('\n');
  const owner: (string | null)[] = [];
  let current: { name: string; level: number } | null = null;
  for (const line of lines) {
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const level = heading[1].length;
      if (current && level <= current.level) current = null;
      // "## Table <name>" in English packs, "## Tabl <name>" in Welsh ones (media/templates/cy).
      const named = /^Tabl(?:e)?\s+(.+)$/.exec(heading[2]);
      const name = named ? named[1].replace(/\\(.)/g, '$1') : null;
      if (name !== null && tables.includes(name)) current = { name, level };
    }
    owner.push(current?.name ?? null);
  }
  const masked = (who: string | null): string => lines.map((l, i) => (owner[i] === who ? l : '')).join('\n');
  const sections = new Map<string, string>();
  for (const name of new Set(owner.filter((o): o is string => o !== null))) sections.set(name, masked(name));
  return { common: masked(null), sections };
}

/** The table a twin file of the pack is of: `<table>.synthetic.<ext>`, or the table's own file name. */
function twinTableOf(name: string, d: DatasetMetadata): string | undefined {
  return d.tables.find((t) => name === t.file || name.startsWith(`${t.name}.synthetic.`))?.name;
}

/** One finding per file, place and message (tables sharing a column name would repeat it). */
function dedupe(findings: AuditFinding[]): AuditFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.file}\u0000${f.where}\u0000${f.check}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}


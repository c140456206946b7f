import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { JobContext } from '../context';
import { inputError, throwIfAborted } from '../errors';
import { openDataset, type ReadOptions } from '../io';
import type { Metadata } from '../metadata';
import { PACK_FILES, isRecipeFileName } from '../paths';
import { isoDateMs } from '../metadataJson';
import { checkMetadata, checkRecipe, type Recipe } from '../synth/recipe';
import { checkKeyMultiplicities } from './checkRankGroups';
import { checkCategoryDerivation } from './checkDerivation';
import { checkJsonNumber } from './checkNumbers';
import { checkTwin } from './checkTwin';
import { checkTailModels } from './checkTails';
import { copiesReadAgainstChance, uniqueCopiesByChance } from './uniqueRowChance';
import { SensitiveValues } from './checkValues';
import { listPackFiles, type PackFile } from './packFiles';
import { IDENTIFYING_FLAGS, readRealFacts, type RealFacts } from './realFacts';
import { profileFile } from '../profile';
import { AUDIT_CHECKS, AUDIT_CHECK_TITLES, AUDIT_FORMAT, type AuditFinding, type AuditReport } from './types';
import { walkJson, type JsonSite, type JsonValue } from './walkJson';
import { auditDatasetPack, readDatasetMetadata } from './auditDataset';
import { t } from '../l10n';

export interface AuditOptions {
  /** Missing-value spellings of the real data (default: the pack's recipe's, else the defaults). */
  missingTokens?: string[];
  /** Reader overrides for the real data (default: the pack's recipe's). */
  read?: ReadOptions;
  /** Facts already read from the real data (when a caller audits the same pack twice). */
  facts?: RealFacts;
}

/** What the audit read: the report, and the facts (to audit again without re-reading the data). */
export interface AuditRun { report: AuditReport; facts: RealFacts }

/**
 * Audits a release pack against its real data (DESIGN.md "Disclosure control", the auditor):
 * reads the real data once, then every file of the pack — every number and string of each JSON
 * file (and of the report embedded in evaluation.html), every line of each text file, every
 * cell and row of the twin — and reports each figure or value that breaks a rule. k, the
 * rounding base and the person key come from the pack's metadata.json (or its recipe's copy).
 * @throws TwinError('input') when the pack folder or the real data cannot be read, or the pack
 *   has neither metadata.json nor a recipe.
 */
export async function auditPack(realPath: string, packDir: string, options: AuditOptions = {}, ctx: JobContext = {}): Promise<AuditRun> {
  const dir = nodePath.resolve(packDir);
  if (!fs.existsSync(dir)) throw inputError(t('release folder not found'), { file: packDir });
  if (!fs.statSync(dir).isDirectory()) throw inputError(t('is a file, not a release folder'), { file: packDir });
  if (!fs.existsSync(realPath)) throw inputError(t('file not found'), { file: realPath });
  const files = listPackFiles(dir);
  // A pack of a linked dataset (metadata.json twin-metadata/2): each table against its real table.
  const v2 = readDatasetMetadata(files);
  if (v2) return auditDatasetPack(realPath, dir, files, v2, options, ctx);
  const recipe = readPackRecipe(files);
  const metadata = readPackMetadata(files, recipe);
  const twinFile = files.find((f) => f.kind === 'twin');
  const read = options.read ?? recipe?.read ?? undefined;
  const missingTokens = options.missingTokens ?? recipe?.missingTokens ?? undefined;
  const twin = twinFile ? await openDataset(twinFile.path, { encoding: read?.encoding, delimiter: read?.delimiter }) : null;

  ctx.onProgress?.({ stage: t('auditing: reading the real data') });
  // A pack made with a holdout describes the training records only: audit against those (unless
  // it was made from reviewed metadata, which describes, and was controlled against, every record).
  const split = recipe?.holdout && recipe.source.kind === 'data' && recipe.metadataOf !== 'all-records' ? recipe.holdout : null;
  const facts = options.facts ?? (await readRealFacts(realPath, metadata, { missingTokens, read, split, rowColumns: twin?.columnNames, ...(await classifyRealData(realPath, metadata, missingTokens, read, ctx)) }, ctx));
  const sensitive = new SensitiveValues(facts);
  const columns = new Set(facts.columns.keys());
  const findings: AuditFinding[] = [];
  checkTailModels(metadata, facts, files.find((f) => f.name === 'metadata.json')?.name ?? 'recipe', findings);
  checkKeyMultiplicities(metadata, facts, files.find((f) => f.name === 'metadata.json')?.name ?? 'recipe', findings);
  for (const file of files) {
    throwIfAborted(ctx.signal);
    ctx.onProgress?.({ stage: t('auditing {0}', file.name) });
    if (file.kind === 'twin') {
      if (twin) await checkTwin(twin, file.name, facts, missingTokens, ctx, findings, copiesReadAgainstChance(recipe) ? (rows) => uniqueCopiesByChance(metadata, rows, facts, ctx) : undefined, metadata);
      continue;
    }
    if (file.kind === 'binary') continue;
    const text = fs.readFileSync(file.path, 'utf8');
    if (file.kind === 'json') {
      const json = parseJson(text);
      if (json !== undefined) auditJson(json, '$', file.name, facts, sensitive, columns, findings);
      else sensitive.checkText(text, file.name, findings);
    } else if (file.kind === 'html') {
      // The report travels as JSON inside the page; the page's own text is checked as text.
      for (const m of text.matchAll(/<script type="application\/json"[^>]*>([\s\S]*?)<\/script>/g)) {
        const json = parseJson(m[1]);
        if (json !== undefined) auditJson(json, '$report', file.name, facts, sensitive, columns, findings);
      }
      sensitive.checkText(text.replace(/<script[\s\S]*?<\/script>/g, (s) => s.replace(/[^\n]/g, ' ')), file.name, findings);
    } else {
      sensitive.checkText(text, file.name, findings);
    }
  }
  return { report: summarise(realPath, dir, files, facts, findings), facts };
}

export function auditJson(json: JsonValue, rootPath: string, file: string, facts: RealFacts, sensitive: SensitiveValues, columns: ReadonlySet<string>, out: AuditFinding[]): void {
  walkJson(json, columns, {
    number: (x, site) => checkJsonNumber(x, { ...site, path: rootPath + site.path.slice(1) }, file, facts, out),
    string: (s, site, isKey) => {
      if (isKey && isFieldName(s, site)) return;
      const at = { ...site, path: rootPath + site.path.slice(1) };
      sensitive.checkJsonString(s, at, file, out);
      // metadata.json writes a date column's figures as ISO dates: they are judged as the dates they name.
      const ms = !isKey && site.column !== null && isDateColumn(facts, site.column) ? isoDateMs(s) : undefined;
      if (ms !== undefined) checkJsonNumber(ms, at, file, facts, out);
    },
    object: (o, site) => checkCategoryDerivation(o, { ...site, path: rootPath + site.path.slice(1) }, file, json, facts, out),
  });
}

/**
 * A key written in the formats' field style ("other", "bounds", "missingRate") that holds a
 * structure is a field of the format, not a data value, even when a rare category is spelt the
 * same (the `other` field of a column whose real values include "other"). Keys holding a figure
 * are still read: a count keyed by category would be data.
 */
function isDateColumn(facts: RealFacts, column: string): boolean {
  const type = facts.columns.get(column)?.spec.type;
  return type === 'date' || type === 'datetime';
}

function isFieldName(key: string, site: JsonSite): boolean {
  if (!/^[a-z][A-Za-z]*$/.test(key)) return false;
  const value = site.parent?.[key];
  return value !== null && typeof value === 'object';
}

export function summarise(realPath: string, dir: string, files: PackFile[], facts: RealFacts, findings: AuditFinding[]): AuditReport {
  const statusOf = (fs: AuditFinding[]): 'pass' | 'warn' | 'fail' => (fs.some((f) => f.severity === 'fail') ? 'fail' : fs.length > 0 ? 'warn' : 'pass');
  return {
    format: AUDIT_FORMAT,
    real: nodePath.basename(realPath),
    pack: dir,
    threshold: facts.k,
    unit: facts.personKey !== null ? t('persons (distinct values of {0})', facts.personKey) : t('rows (no person key)'),
    status: statusOf(findings),
    files: files.map((f) => {
      const own = findings.filter((x) => x.file === f.name);
      return { file: f.name, status: statusOf(own), findings: own.length };
    }),
    checks: AUDIT_CHECKS.map((check) => {
      const own = findings.filter((x) => x.check === check);
      return { check, title: AUDIT_CHECK_TITLES[check], status: statusOf(own), findings: own.length };
    }),
    findings,
  };
}

/**
 * The auditor's own reading of which columns identify persons (and of the person key), from a
 * fresh profile of the real data: a pack whose metadata failed to flag a name or key column
 * must not pass because of it.
 */
export async function classifyRealData(realPath: string, metadata: Metadata, missingTokens: string[] | undefined, read: ReadOptions | undefined, ctx: JobContext): Promise<{ identifying: string[]; personKey?: string }> {
  ctx.onProgress?.({ stage: t('auditing: classifying the real columns') });
  const { profile } = await profileFile(realPath, { missingTokens, read, personKey: metadata.dataset.personKey, disclosure: metadata.disclosure }, ctx);
  const identifying = profile.columns
    .filter((c) => c.spec.type === 'identifier' || c.flags.some((f) => IDENTIFYING_FLAGS.has(f.kind)))
    .map((c) => c.spec.name);
  const personKey = profile.dataset.personKey?.column;
  return personKey !== undefined ? { identifying, personKey } : { identifying };
}

export function parseJson(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

function readPackRecipe(files: PackFile[]): Recipe | null {
  const file = files.find((f) => isRecipeFileName(f.name));
  if (!file) return null;
  const json = parseJson(fs.readFileSync(file.path, 'utf8'));
  if (json === undefined) throw inputError(t('the recipe is not valid JSON'), { file: file.path });
  // Read for what it publishes, in whatever order: the schema is checked, the values' order is not.
  return checkRecipe(json, file.path, false);
}

/** The pack's metadata.json, else the metadata its recipe embeds. */
function readPackMetadata(files: PackFile[], recipe: Recipe | null): Metadata {
  const file = files.find((f) => f.name === PACK_FILES.metadata);
  if (file) {
    const json = parseJson(fs.readFileSync(file.path, 'utf8'));
    if (json === undefined) throw inputError(t('metadata.json is not valid JSON'), { file: file.path });
    return checkMetadata(json, file.path, 'metadata', false);
  }
  if (recipe) return recipe.metadata;
  throw inputError(t('the folder has neither metadata.json nor a <name>.twin.json recipe: is it a release pack?'), { file: files[0]?.path });
}

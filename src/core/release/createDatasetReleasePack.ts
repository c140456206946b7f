import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { JobContext } from '../context';
import { inputError, throwIfAborted } from '../errors';
import { auditPack, writeAcroResults, type AuditReport } from '../audit';
import { evaluateDataset } from '../evaluate/multiTable';
import { assertWritesNoInput, writeFileAtomic } from '../io';
import type { DatasetMetadata } from '../dataset/types';
import { protectAudit } from '../disclosure/protectAudit';
import { protectDatasetEvaluation, protectDatasetMetadata, protectDatasetRecipe } from '../disclosure/protectDataset';
import { releasedValue, type Released } from '../disclosure/released';
import { checkHoldoutShare, DEFAULT_HOLDOUT_SEED, DEFAULT_HOLDOUT_SHARE, personColumnsOf, type HoldoutSplit } from '../holdout';
import { findGenerator } from '../synth';
import { generateDataset } from '../synth/linked/generateDataset';
import { buildDatasetView } from './datasetView';
import { mergeKeepRegions } from './keepRegions';
import { relationshipDiagramSvg } from './relationshipDiagram';
import {
  builtInTemplate, checkTemplate, DATASET_REQUIRED_FIELDS, defaultTemplatesDir, findWorkspaceTemplatesDir, renderTemplate, REQUIRED_FIELDS, type LoadedTemplate, type TemplateName,
} from './templates';
import { buildDatasetChecklist } from './datasetChecklist';
import { checksView } from './view';
import { checkDatasetMetadata, datasetMetadataToJson } from '../dataset/metadataV2';
import type { SignOff } from '../metadata';
import { packSignOff, reviewedMetadataProblem, signerProblem, type Signer } from '../review';
import { t } from '../l10n';

/** What `twin release <folder|dataset.json|metadata.json>` asks for. */
export interface DatasetReleaseRequest {
  /** The real dataset as the audit reads it: its folder or dataset.json. */
  data: string;
  /** The folder of the real table files (the metadata's file names are relative to it). */
  dataDir: string;
  /** The dataset's disclosure-controlled metadata (`twin-metadata/2`), profiled from the data or a reviewed metadata.json. */
  metadata: DatasetMetadata;
  level: string;
  method?: string;
  seed?: number;
  epsilon?: number;
  /** Persons in the twin; default as many as the person table has. */
  persons?: number;
  /** The pack's folder; default `synthetic/<dataset>-<level>/` inside the data folder. */
  dir?: string;
  custodian?: string;
  contact?: string;
  version?: string;
  now?: Date;
  /**
   * The reviewed metadata.json the metadata was read from (not profiled now): refused unless its
   * sign-off holds, or `allowUnsigned` (as one table's --metadata: core/review).
   */
  metadataFile?: string;
  /** Use reviewed metadata although its sign-off does not hold (the checklist then shows that). */
  allowUnsigned?: boolean;
  /** A person signing the dataset's metadata off now (dated `now`); kept on re-runs while it holds. */
  signOff?: Signer;
  /** Templates folder overriding the built-in ones, file by file; default the nearest `.twin/templates` above the data. */
  templatesDir?: string;
  /**
   * Persons held out before fitting (every row of theirs, in every table; `holdout/dataset.ts`):
   * default {@link DEFAULT_HOLDOUT_SHARE} of them, seed {@link DEFAULT_HOLDOUT_SEED}; share 0 holds out none.
   * A dataset with no person table holds out no one.
   */
  holdoutShare?: { share: number; seed?: number };
}

export interface DatasetReleasePack {
  dir: string;
  /** Every file written (absolute), in order: twin tables, recipe, metadata.json, evaluation.json, relationships.svg, documents, audit results. */
  files: string[];
  audit: { status: AuditReport['status']; findings: number; results: string; checks: AuditReport['checks'] };
}

/**
 * The documents of a dataset pack and where their templates live: under `dataset/` those written
 * for a dataset, the others shared with one table's pack (media/templates, and an override folder
 * laid out the same way).
 */
const DATASET_TEMPLATES: { name: TemplateName; sub: string }[] = [
  { name: 'DATA_CARD.md', sub: 'dataset' },
  { name: 'EULA.md', sub: '' },
  { name: 'RELEASE_CHECKLIST.md', sub: '' },
  { name: 'analysis.py', sub: 'dataset' },
  { name: 'analysis.R', sub: 'dataset' },
];

export const RELATIONSHIP_DIAGRAM_FILE = 'relationships.svg';

/**
 * Makes (or updates in place) the release pack of a linked dataset: every twin table under its
 * source's file name and format, the recipe, one metadata.json, evaluation.json (each table's
 * released evaluation and the link scores), relationships.svg, DATA_CARD.md, EULA.md,
 * RELEASE_CHECKLIST.md (datasetChecklist.ts), analysis.py and analysis.R (loading every table and
 * checking every join), then `twin audit` of the pack against the real tables, written as ACRO's
 * results.json. As for one table, the checklist cites a first audit and the final audit covers
 * the checklist; reviewed metadata must be signed off (or `allowUnsigned`), a signer's sign-off is
 * recorded, and templates are overridden file by file. Everything written passes the
 * disclosure-control layer (`protectDataset*`); text between twin:keep markers is kept.
 * @throws TwinError('input') for a bad level/method/persons/seed, a pack folder that is the data
 *   folder, unsigned reviewed metadata, a bad signer or template, or any reader error.
 */
export async function createDatasetReleasePack(request: DatasetReleaseRequest, ctx: JobContext = {}): Promise<DatasetReleasePack> {
  findGenerator(request.level, request.method, request.epsilon);
  const holdout = datasetHoldout(request);
  const dataDir = nodePath.resolve(request.dataDir);
  const name = request.metadata.dataset.name || nodePath.basename(dataDir);
  const dir = nodePath.resolve(request.dir ?? nodePath.join(dataDir, 'synthetic', `${name}-${request.level}`));
  if (dir === dataDir) throw inputError(t('the pack folder is the data folder; choose another pack folder'), { file: dir });
  const signerIssue = request.signOff !== undefined ? signerProblem(request.signOff) : null;
  if (signerIssue) throw inputError(signerIssue);
  // Reviewed metadata that may not be used is refused before any folder is made.
  if (request.metadataFile !== undefined) {
    const problem = reviewedMetadataProblem(request.metadata, { allowUnsigned: request.allowUnsigned === true });
    if (problem) throw inputError(problem, { file: request.metadataFile });
  }
  const overrideDir = request.templatesDir !== undefined ? nodePath.resolve(request.templatesDir) : findWorkspaceTemplatesDir(dataDir);
  if (request.templatesDir !== undefined && !fs.existsSync(overrideDir!)) throw inputError(t('templates folder not found'), { file: request.templatesDir });
  const templates = loadDatasetTemplates(overrideDir);
  const now = request.now ?? new Date();

  const fixed = ['metadata.json', 'evaluation.json', RELATIONSHIP_DIAGRAM_FILE, ...DATASET_TEMPLATES.map((t) => t.name)];
  await assertWritesNoInput(
    [...request.metadata.tables.map((table) => table.file), ...fixed].map((f) => ({ path: nodePath.join(dir, f), role: t('the pack\'s {0}', f) })),
    request.metadata.tables.map((table) => ({ path: nodePath.join(dataDir, table.file), role: t('the real table {0}', table.name) })),
  );
  try {
    await fs.promises.mkdir(dir, { recursive: true });
  } catch (e) {
    throw inputError(t('cannot create the pack folder ({0})', (e as NodeJS.ErrnoException).code ?? (e as Error).message), { file: dir }, e);
  }

  // Everything written below is a Released value of the disclosure-control layer.
  const metadataPath = nodePath.join(dir, 'metadata.json');
  const metadata = protectDatasetMetadata(packSignOff(request.metadata, request.signOff, now, await previousSignOff(metadataPath)));
  const published = releasedValue(metadata, 'metadata.json');
  await writeFileAtomic(metadataPath, datasetMetadataToJson(published));

  ctx.onProgress?.({ stage: t('generating the twin tables') });
  const needsRows = findGenerator(request.level, request.method, request.epsilon).needsRealRows(request.epsilon);
  const generated = await generateDataset({
    // A working copy: the released value is frozen.
    metadata: JSON.parse(JSON.stringify(published)) as DatasetMetadata,
    ...(needsRows ? { dir: dataDir } : {}),
    level: request.level, method: request.method, seed: request.seed, epsilon: request.epsilon, persons: request.persons, out: dir,
    ...(holdout ? { holdout } : {}),
  }, ctx);
  const recipe = protectDatasetRecipe(generated.recipe, metadata);
  await writeFileAtomic(generated.recipePath, JSON.stringify(releasedValue(recipe, nodePath.basename(generated.recipePath)), null, 2) + '\n');
  throwIfAborted(ctx.signal);

  ctx.onProgress?.({ stage: t('evaluating the twin tables') });
  const evaluation = protectDatasetEvaluation(await evaluateDataset(dataDir, dir, published, ctx, holdout ? { holdout } : {}), metadata);
  const evaluationPath = nodePath.join(dir, 'evaluation.json');
  await writeFileAtomic(evaluationPath, JSON.stringify(releasedValue(evaluation, 'evaluation.json'), null, 2) + '\n');
  const diagramPath = nodePath.join(dir, RELATIONSHIP_DIAGRAM_FILE);
  await writeFileAtomic(diagramPath, relationshipDiagramSvg(published));

  ctx.onProgress?.({ stage: t('writing the documents') });
  const view = buildDatasetView({
    metadata, recipe, evaluation, diagram: RELATIONSHIP_DIAGRAM_FILE, recipeFile: nodePath.basename(generated.recipePath),
    custodian: request.custodian, contact: request.contact, version: request.version, now,
  });
  const checklist = (audit?: Released<AuditReport>) => checksView(buildDatasetChecklist({
    metadata, evaluation, level: request.level, twinFiles: generated.tables.map((t) => nodePath.basename(t.outPath)),
    evaluationFile: fs.existsSync(evaluationPath), custodian: request.custodian, contact: request.contact, audit,
  }));
  const writeDocuments = async (checks: Record<string, unknown>): Promise<string[]> => {
    const documents: string[] = [];
    for (const template of templates) {
      const target = nodePath.join(dir, template.name);
      const text = mergeKeepRegions(renderTemplate(template, { ...view, checks }), await readPrevious(target), template.name.endsWith('.md') ? 'html' : 'hash');
      await writeFileAtomic(target, text);
      documents.push(target);
    }
    return documents;
  };
  await writeDocuments(checklist());

  // The audit reads every file of the pack; the checklist then cites it, and the final audit covers that checklist too.
  ctx.onProgress?.({ stage: t('auditing the pack') });
  const first = await auditPack(request.data, dir, {}, ctx);
  const documents = await writeDocuments(checklist(protectAudit(first.report)));
  const { report } = await auditPack(request.data, dir, {}, ctx);
  const audited: Released<AuditReport> = protectAudit(report);
  const results = await writeAcroResults(dir, audited, now);
  return {
    dir,
    files: [...generated.tables.map((t) => t.outPath), generated.recipePath, metadataPath, evaluationPath, diagramPath, ...documents, results],
    audit: { status: report.status, findings: report.findings.length, results, checks: report.checks },
  };
}

/** The persons to hold out: the request's share (default 20%), none for share 0 or a dataset without a person table. */
function datasetHoldout(request: DatasetReleaseRequest): HoldoutSplit | null {
  const share = request.holdoutShare?.share ?? DEFAULT_HOLDOUT_SHARE;
  if (share === 0 || personColumnsOf(request.metadata).size === 0) return null;
  return { share: checkHoldoutShare(share), seed: request.holdoutShare?.seed ?? DEFAULT_HOLDOUT_SEED };
}

/** The sign-off of the pack's previous metadata.json, if any (a re-run keeps it while it holds). */
async function previousSignOff(path: string): Promise<SignOff | undefined> {
  const text = await readPrevious(path);
  if (text === null) return undefined;
  try {
    return checkDatasetMetadata(JSON.parse(text), path).signOff;
  } catch {
    return undefined; // a hand-broken previous file: no sign-off carried over
  }
}

/**
 * The templates of a dataset pack: each from the override folder when it has the file (a
 * dataset's own documents under its `dataset/`), else the built-in one; each checked as one
 * table's are (it parses and uses every required field), or refused naming the file.
 */
function loadDatasetTemplates(overrideDir: string | null): LoadedTemplate[] {
  const root = defaultTemplatesDir();
  return DATASET_TEMPLATES.map(({ name, sub }) => {
    const override = overrideDir === null ? null : nodePath.join(overrideDir, sub, name);
    const overridden = override !== null && fs.existsSync(override);
    const file = overridden ? override : builtInTemplate(root, sub, name);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    } catch (e) {
      throw inputError(t('cannot read the template ({0})', (e as NodeJS.ErrnoException).code ?? (e as Error).message), { file }, e);
    }
    checkTemplate(name, text, file, sub === '' ? REQUIRED_FIELDS[name] : DATASET_REQUIRED_FIELDS[name as keyof typeof DATASET_REQUIRED_FIELDS]);
    return { name, text, file, overridden };
  });
}

async function readPrevious(path: string): Promise<string | null> {
  try {
    return await fs.promises.readFile(path, 'utf8');
  } catch {
    return null;
  }
}

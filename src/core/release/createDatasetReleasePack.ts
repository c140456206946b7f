import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { JobContext } from '../context';
import { inputError, throwIfAborted } from '../errors';
import { auditPack, writeAcroResults, type AuditReport } from '../audit';
import { evaluateDataset } from '../evaluate/multiTable';
import { assertWritesNoInput, writeFileAtomic } from '../io';
import { datasetMetadataToJson } from '../dataset/metadataV2';
import type { DatasetMetadata } from '../dataset/types';
import { protectAudit } from '../disclosure/protectAudit';
import { protectDatasetEvaluation, protectDatasetMetadata, protectDatasetRecipe } from '../disclosure/protectDataset';
import { releasedValue, type Released } from '../disclosure/released';
import { findGenerator } from '../synth';
import { generateDataset } from '../synth/linked/generateDataset';
import { buildDatasetView } from './datasetView';
import { mergeKeepRegions } from './keepRegions';
import { relationshipDiagramSvg } from './relationshipDiagram';
import { checkTemplate, defaultTemplatesDir, renderTemplate, type LoadedTemplate, type TemplateName } from './templates';

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
}

export interface DatasetReleasePack {
  dir: string;
  /** Every file written (absolute), in order: twin tables, recipe, metadata.json, evaluation.json, relationships.svg, documents, audit results. */
  files: string[];
  audit: { status: AuditReport['status']; findings: number; results: string; checks: AuditReport['checks'] };
}

/** The documents of a dataset pack and where their built-in templates live (media/templates[/dataset]). */
const DATASET_TEMPLATES: { name: TemplateName; sub: string }[] = [
  { name: 'DATA_CARD.md', sub: 'dataset' },
  { name: 'EULA.md', sub: '' },
  { name: 'analysis.py', sub: 'dataset' },
  { name: 'analysis.R', sub: 'dataset' },
];

export const RELATIONSHIP_DIAGRAM_FILE = 'relationships.svg';

/**
 * Makes (or updates in place) the release pack of a linked dataset: every twin table under its
 * source's file name and format, the recipe, one metadata.json, evaluation.json (each table's
 * released evaluation and the link scores), relationships.svg, DATA_CARD.md, EULA.md, analysis.py
 * and analysis.R (loading every table and checking every join), then `twin audit` of the pack
 * against the real tables, written as ACRO's results.json. Everything written passes the
 * disclosure-control layer (`protectDataset*`); text between twin:keep markers is kept.
 * @throws TwinError('input') for a bad level/method/persons/seed, a pack folder that is the data folder, or any reader error.
 */
export async function createDatasetReleasePack(request: DatasetReleaseRequest, ctx: JobContext = {}): Promise<DatasetReleasePack> {
  findGenerator(request.level, request.method, request.epsilon);
  const dataDir = nodePath.resolve(request.dataDir);
  const name = request.metadata.dataset.name || nodePath.basename(dataDir);
  const dir = nodePath.resolve(request.dir ?? nodePath.join(dataDir, 'synthetic', `${name}-${request.level}`));
  if (dir === dataDir) throw inputError('the pack folder is the data folder; choose another pack folder', { file: dir });
  const templates = loadDatasetTemplates();
  const now = request.now ?? new Date();

  const fixed = ['metadata.json', 'evaluation.json', RELATIONSHIP_DIAGRAM_FILE, ...DATASET_TEMPLATES.map((t) => t.name)];
  await assertWritesNoInput(
    [...request.metadata.tables.map((t) => t.file), ...fixed].map((f) => ({ path: nodePath.join(dir, f), role: `the pack's ${f}` })),
    request.metadata.tables.map((t) => ({ path: nodePath.join(dataDir, t.file), role: `the real table ${t.name}` })),
  );
  try {
    await fs.promises.mkdir(dir, { recursive: true });
  } catch (e) {
    throw inputError(`cannot create the pack folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file: dir }, e);
  }

  // Everything written below is a Released value of the disclosure-control layer.
  const metadata = protectDatasetMetadata(request.metadata);
  const published = releasedValue(metadata, 'metadata.json');
  const metadataPath = nodePath.join(dir, 'metadata.json');
  await writeFileAtomic(metadataPath, datasetMetadataToJson(published));

  ctx.onProgress?.({ stage: 'generating the twin tables' });
  const needsRows = findGenerator(request.level, request.method, request.epsilon).needsRealRows(request.epsilon);
  const generated = await generateDataset({
    // A working copy: the released value is frozen.
    metadata: JSON.parse(JSON.stringify(published)) as DatasetMetadata,
    ...(needsRows ? { dir: dataDir } : {}),
    level: request.level, method: request.method, seed: request.seed, epsilon: request.epsilon, persons: request.persons, out: dir,
  }, ctx);
  const recipe = protectDatasetRecipe(generated.recipe, metadata);
  await writeFileAtomic(generated.recipePath, JSON.stringify(releasedValue(recipe, nodePath.basename(generated.recipePath)), null, 2) + '\n');
  throwIfAborted(ctx.signal);

  ctx.onProgress?.({ stage: 'evaluating the twin tables' });
  const evaluation = protectDatasetEvaluation(await evaluateDataset(dataDir, dir, published, ctx), metadata);
  const evaluationPath = nodePath.join(dir, 'evaluation.json');
  await writeFileAtomic(evaluationPath, JSON.stringify(releasedValue(evaluation, 'evaluation.json'), null, 2) + '\n');
  const diagramPath = nodePath.join(dir, RELATIONSHIP_DIAGRAM_FILE);
  await writeFileAtomic(diagramPath, relationshipDiagramSvg(published));

  ctx.onProgress?.({ stage: 'writing the documents' });
  const view = buildDatasetView({
    metadata, recipe, evaluation, diagram: RELATIONSHIP_DIAGRAM_FILE, recipeFile: nodePath.basename(generated.recipePath),
    custodian: request.custodian, contact: request.contact, version: request.version, now,
  });
  const documents: string[] = [];
  for (const template of templates) {
    const target = nodePath.join(dir, template.name);
    const text = mergeKeepRegions(renderTemplate(template, view), await readPrevious(target), template.name.endsWith('.md') ? 'html' : 'hash');
    await writeFileAtomic(target, text);
    documents.push(target);
  }

  ctx.onProgress?.({ stage: 'auditing the pack' });
  const { report } = await auditPack(request.data, dir, {}, ctx);
  const audited: Released<AuditReport> = protectAudit(report);
  const results = await writeAcroResults(dir, audited, now);
  return {
    dir,
    files: [...generated.tables.map((t) => t.outPath), generated.recipePath, metadataPath, evaluationPath, diagramPath, ...documents, results],
    audit: { status: report.status, findings: report.findings.length, results, checks: report.checks },
  };
}

/** The built-in templates of a dataset pack, checked as one table's are (they parse and use every required field). */
function loadDatasetTemplates(): LoadedTemplate[] {
  const root = defaultTemplatesDir();
  return DATASET_TEMPLATES.map(({ name, sub }) => {
    const file = nodePath.join(root, sub, name);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw inputError(`cannot read the template (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file }, e);
    }
    if (sub === '') checkTemplate(name, text, file);
    return { name, text, file, overridden: false };
  });
}

async function readPrevious(path: string): Promise<string | null> {
  try {
    return await fs.promises.readFile(path, 'utf8');
  } catch {
    return null;
  }
}

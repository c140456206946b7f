import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { JobContext } from '../context';
import { inputError, throwIfAborted } from '../errors';
import { auditPack, writeAcroResults, type AuditReport } from '../audit';
import { evaluateFiles } from '../evaluate';
import { assertWritesNoInput, writeFileAtomic, type ReadOptions } from '../io';
import { trackTemp } from '../io/liveTemps';
import { defaultOutputRoot, levelFolder, packLayout } from '../paths';
import type { DisclosureSettings, Metadata } from '../metadata';
import { loadWebviewAssets, renderReleasedEvaluationHtml, type WebviewAssets } from '../report';
import { protectEvaluation } from '../disclosure/protectEvaluation';
import { protectMetadata } from '../disclosure/protectMetadata';
import { protectRecipe } from '../disclosure/protectRecipe';
import { protectAudit } from '../disclosure/protectAudit';
import { releasedValue, type Released } from '../disclosure/released';
import { DEFAULT_ASSOCIATION_ROWS } from '../profile';
import { DEFAULT_HOLDOUT_SHARE, type HoldoutRequest } from '../holdout';
import { findGenerator, generateTwin } from '../synth';
import { mergeKeepRegions } from './keepRegions';
import { defaultTemplatesDir, findWorkspaceTemplatesDir, loadTemplates, renderTemplate, type LoadedTemplate } from './templates';
import { buildReleaseView, type ReleaseViewInput } from './view';
import { metadataFromJson, metadataToJson } from '../metadataJson';
import { packSignOff, readMetadataFile, reviewedMetadataProblem, signerProblem, type Signer } from '../review';
import { t } from '../l10n';

/** What `twin release` asks for. */
export interface ReleaseRequest {
  /** The real data file (CSV/TSV, Parquet, Arrow). */
  data: string;
  level: string;
  method?: string;
  /** Rows of the twin; default the source's row count. */
  rows?: number;
  seed?: number;
  epsilon?: number;
  /** The pack's folder; default `synthetic/<dataset>-<level>/` beside the data file. */
  dir?: string;
  /** Real records not used to make the twin: the privacy baseline and utility test set. */
  holdout?: string;
  /**
   * Without a holdout file: the persons held out of the data before fitting, in memory (default a
   * share of {@link DEFAULT_HOLDOUT_SHARE}; share 0 for none), so privacy is measured against them.
   */
  holdoutShare?: HoldoutRequest;
  /** Outcome column for the utility models. */
  target?: string;
  /** Named in EULA.md and the data card. */
  custodian?: string;
  contact?: string;
  /** Release version in the documents; default `<date>-<first 12 hex digits of the twin's SHA-256>`. */
  version?: string;
  /** Templates folder overriding the built-in ones, file by file; default the nearest `.twin/templates` above the data. */
  templatesDir?: string;
  /**
   * A reviewed metadata.json of the data (core/review): the twin is made from it and the pack
   * honours its decisions (excluded columns absent from the twin and every file, the reviewer's
   * k) and carries it with its sign-off. Refused when its sign-off does not hold, unless `allowUnsigned`.
   */
  metadata?: string;
  /** Use `metadata` although its sign-off does not hold (the checklist then shows that). */
  allowUnsigned?: boolean;
  /** A person signing the metadata off now (dated `now`), recorded in metadata.json; kept on re-runs while it holds (core/review). */
  signOff?: Signer;
  missingTokens?: string[];
  /** The column whose values identify persons (ProfileOptions.personKey); detected when absent. */
  personKey?: string;
  disclosure?: Partial<DisclosureSettings>;
  read?: ReadOptions;
  /** Neutralise formula-like text cells in the twin (see GenerateRequest.spreadsheetSafe). */
  spreadsheetSafe?: boolean;
  /** ProfileOptions.maxCategories when profiling the data. */
  maxCategories?: number;
  /** Rows of each file evaluated at most (seeded sample beyond it). */
  sampleSize?: number;
  /** The dashboard bundle for evaluation.html; default read from the build (`dist/webview`). */
  webviewAssets?: WebviewAssets;
  /** The release date; default now. */
  now?: Date;
}

export interface ReleasePack {
  /** The pack's folder (absolute). */
  dir: string;
  /** Every file written, absolute paths, in a fixed order: twin, recipe, metadata, evaluation, documents, code, audit results. */
  files: string[];
  /** The audit of the pack against the real data (also in the pack as ACRO's results.json). */
  audit: { status: AuditReport['status']; findings: number; results: string; checks: AuditReport['checks'] };
}

/**
 * Makes (or updates in place) a release pack: generates the twin from the data (profile →
 * disclosure-safe metadata → generate, by `generateTwin`), evaluates it against the data
 * (`evaluateFiles`), and fills DATA_CARD.md, EULA.md, RELEASE_CHECKLIST.md, analysis.py and
 * analysis.R from the metadata, the recipe and the evaluation. metadata.json is the metadata the
 * twin came from (the recipe embeds the same). Templates are read and checked before any work
 * starts. Every file is written atomically; text a person edited between twin:keep markers of a
 * document is kept when the pack is made again.
 * @throws TwinError('input') for a missing data file, a bad level/method/rows/seed/epsilon, a
 *   template override that misses a required field (named) or does not parse, an unreadable
 *   holdout, a missing dashboard bundle, or any reader error.
 */
export async function createReleasePack(request: ReleaseRequest, ctx: JobContext = {}): Promise<ReleasePack> {
  const data = nodePath.resolve(request.data);
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(data);
  } catch {
    throw inputError(t('file not found'), { file: request.data });
  }
  if (!stat.isFile()) throw inputError(t('is a folder, not a file'), { file: request.data });
  const signerIssue = request.signOff !== undefined ? signerProblem(request.signOff) : null;
  if (signerIssue) throw inputError(signerIssue);
  // Reviewed metadata that may not be used is refused before any folder is made (generateTwin checks it again).
  if (request.metadata !== undefined) {
    const problem = reviewedMetadataProblem(readMetadataFile(request.metadata), { allowUnsigned: request.allowUnsigned === true });
    if (problem) throw inputError(problem, { file: request.metadata });
  }
  // Level, method, epsilon and holdout are checked before any folder is made.
  findGenerator(request.level, request.method, request.epsilon);
  if (request.holdout !== undefined && !fs.existsSync(request.holdout)) throw inputError(t('holdout file not found'), { file: request.holdout });
  if (request.holdout !== undefined && request.holdoutShare !== undefined) throw inputError(t('give either a holdout file or a holdout share, not both'), { file: request.holdout });

  const overrideDir = request.templatesDir !== undefined ? nodePath.resolve(request.templatesDir) : findWorkspaceTemplatesDir(nodePath.dirname(data));
  if (request.templatesDir !== undefined && !fs.existsSync(overrideDir!)) throw inputError(t('templates folder not found'), { file: request.templatesDir });
  const templates = loadTemplates(overrideDir, defaultTemplatesDir());
  const assets = request.webviewAssets ?? loadWebviewAssets(webviewDir());

  const dir = nodePath.resolve(request.dir ?? levelFolder(defaultOutputRoot(data), data, request.level));
  const layout = packLayout(dir, data);
  const twinPath = layout.twin;
  // Never lose data: no file of the pack may be the data, the holdout or a template it reads.
  const packFiles = [twinPath, layout.recipe, layout.metadata, layout.evaluationJson, layout.evaluationHtml, ...templates.map((t) => nodePath.join(dir, t.name))];
  await assertWritesNoInput(
    packFiles.map((path) => ({ path, role: t('the pack\'s {0}', nodePath.basename(path)) })),
    [{ path: data, role: t('the real data') }, ...(request.holdout !== undefined ? [{ path: request.holdout, role: t('the holdout') }] : []),
      ...templates.filter((template) => template.overridden).map((template) => ({ path: template.file, role: t('the template {0}', template.name) }))],
  );
  // A pack that fails (full disk, Ctrl-C, bad data) leaves nothing: the files and folders this run made are removed.
  const before = await entriesOf(dir);
  let created: string | undefined; // the outermost folder mkdir made (synthetic/ too, when new)
  try {
    created = await fs.promises.mkdir(dir, { recursive: true });
  } catch (e) {
    throw inputError(t('cannot create the pack folder ({0})', (e as NodeJS.ErrnoException).code ?? (e as Error).message), { file: dir }, e);
  }
  const untrackDir = created !== undefined ? trackTemp(created) : () => {};
  try {
    const pack = await writePack();
    untrackDir();
    return pack;
  } catch (e) {
    await removeWhatThisRunMade(created ?? dir, created !== undefined ? null : before);
    untrackDir();
    throw e;
  }

  async function writePack(): Promise<ReleasePack> {
    ctx.onProgress?.({ stage: t('generating the twin') });
    const generated = await generateTwin({
      input: data, level: request.level, method: request.method, rows: request.rows, seed: request.seed, epsilon: request.epsilon,
      out: twinPath, missingTokens: request.missingTokens, personKey: request.personKey, disclosure: request.disclosure, read: request.read,
      metadata: request.metadata, allowUnsigned: request.allowUnsigned,
      spreadsheetSafe: request.spreadsheetSafe, maxCategories: request.maxCategories,
      holdout: request.holdout === undefined ? (request.holdoutShare ?? { share: DEFAULT_HOLDOUT_SHARE }) : undefined,
      // metadata.json is published from the recipe's metadata: it carries the pairwise associations.
      associationRows: DEFAULT_ASSOCIATION_ROWS,
    }, ctx);
    throwIfAborted(ctx.signal);

    // Everything written below is a Released value of the disclosure-control layer (src/core/disclosure).
    const metadataPath = layout.metadata;
    const metadata = protectMetadata(withSignOff(generated.recipe.metadata, request.signOff, request.now ?? new Date(), await readPrevious(metadataPath)));
    await writeReleasedMetadata(metadataPath, metadata);
    const recipe = protectRecipe(generated.recipe, metadata);
    await writeReleasedJson(generated.recipePath, recipe);

    ctx.onProgress?.({ stage: t('evaluating the twin') });
    const full = await evaluateFiles(data, generated.outPath, {
      holdout: request.holdout, holdoutSplit: generated.recipe.holdout, recipeHoldout: false, target: request.target, missingTokens: generated.recipe.missingTokens ?? undefined, sampleSize: request.sampleSize,
      // Columns a reviewer excluded are in the real data only: not evaluated, so no figure of theirs reaches the pack.
      exclude: generated.recipe.metadata.columns.filter((c) => c.excluded).map((c) => c.name),
      // The rules the twin was asked to keep (a reviewer may have dropped some).
      rules: generated.recipe.metadata.rules ?? [],
      // Charts binned on the published edges, so the released copy can show them beside metadata.json's counts.
      histogramEdges: publishedEdges(metadata.value),
    }, ctx);
    throwIfAborted(ctx.signal);
    const evaluation = protectEvaluation(full, metadata);
    const evaluationJson = layout.evaluationJson;
    const evaluationHtml = layout.evaluationHtml;
    await writeReleasedJson(evaluationJson, evaluation);
    await writeFileAtomic(evaluationHtml, renderReleasedEvaluationHtml(evaluation, assets));

    ctx.onProgress?.({ stage: t('writing the documents') });
    const documentsInput: ReleaseDocumentsInput = {
      dir, templates, metadata, recipe, evaluation,
      files: {
        twin: nodePath.basename(generated.outPath), recipe: nodePath.basename(generated.recipePath), source: nodePath.basename(data),
        evaluationJson: fs.existsSync(evaluationJson), evaluationHtml: fs.existsSync(evaluationHtml),
      },
      custodian: request.custodian, contact: request.contact, version: request.version, now: request.now ?? new Date(),
    };
    await writeReleaseDocuments(documentsInput);
    // The audit reads every file of the pack; the checklist then cites it, and the final audit covers that checklist too.
    ctx.onProgress?.({ stage: t('auditing the pack') });
    const auditOptions = { missingTokens: generated.recipe.missingTokens ?? undefined, read: request.read };
    const first = await auditPack(data, dir, auditOptions, ctx);
    const documents = await writeReleaseDocuments({ ...documentsInput, audit: protectAudit(first.report) });
    const { report } = await auditPack(data, dir, { ...auditOptions, facts: first.facts }, ctx);
    const results = await writeAcroResults(dir, protectAudit(report), request.now ?? new Date());
    return {
      dir,
      files: [generated.outPath, generated.recipePath, metadataPath, evaluationJson, evaluationHtml, ...documents, results],
      audit: { status: report.status, findings: report.findings.length, results, checks: report.checks },
    };
  }
}

/** The names in a folder, or null when it does not exist. */
async function entriesOf(dir: string): Promise<Set<string> | null> {
  try {
    return new Set(await fs.promises.readdir(dir));
  } catch {
    return null;
  }
}

/**
 * After a failed pack: removes `dir` when this run created it (`before` null), else the entries
 * this run added to it (files it replaced were replaced atomically and stay whole). Best effort.
 */
async function removeWhatThisRunMade(dir: string, before: Set<string> | null): Promise<void> {
  try {
    if (before === null) {
      await fs.promises.rm(dir, { recursive: true, force: true });
      return;
    }
    for (const entry of await fs.promises.readdir(dir)) {
      if (!before.has(entry)) await fs.promises.rm(nodePath.join(dir, entry), { recursive: true, force: true });
    }
  } catch {
    // the error being reported matters more than this cleanup
  }
}

/** What {@link writeReleaseDocuments} fills the templates from: the view's inputs, the pack's folder and the templates. */
export type ReleaseDocumentsInput = ReleaseViewInput & { dir: string; templates: LoadedTemplate[] };

/**
 * Renders every template into `dir` (atomically), putting back the text a person wrote between
 * twin:keep markers in the existing files. Returns the paths written, in template order.
 * Exposed so the documents can be refreshed from an existing twin and evaluation.
 */
export async function writeReleaseDocuments(input: ReleaseDocumentsInput): Promise<string[]> {
  const view = buildReleaseView(input);
  const written: string[] = [];
  for (const template of input.templates) {
    const target = nodePath.join(input.dir, template.name);
    const rendered = renderTemplate(template, view);
    const style = template.name.endsWith('.md') ? 'html' : 'hash';
    const text = mergeKeepRegions(rendered, await readPrevious(target), style);
    await writeFileAtomic(target, text);
    written.push(target);
  }
  return written;
}

/** Released metadata as metadata.json, in the form a person reads (core/metadataJson). */
async function writeReleasedMetadata(path: string, released: Released<Metadata>): Promise<void> {
  await writeFileAtomic(path, metadataToJson(releasedValue(released, nodePath.basename(path))));
}

/** A released value as a JSON file (evaluation.json, the recipe: two-space indent, final newline). */
async function writeReleasedJson(path: string, released: Released<unknown>): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(releasedValue(released, nodePath.basename(path)), null, 2) + '\n');
}

/** metadata.json's histogram edges per numeric/date column. */
function publishedEdges(metadata: Metadata): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const c of metadata.columns) {
    if ((c.type === 'numeric' || c.type === 'integer' || c.type === 'date' || c.type === 'datetime') && c.histogram?.edges.length >= 2) out[c.name] = [...c.histogram.edges];
  }
  return out;
}

/** The dashboard bundle: beside the bundled code (dist/webview), or dist/webview of the repository when run from source. */
function webviewDir(): string {
  const candidates = [nodePath.join(__dirname, 'webview'), nodePath.join(__dirname, '..', '..', '..', 'dist', 'webview')];
  return candidates.find((d) => fs.existsSync(nodePath.join(d, 'main.js'))) ?? candidates[0];
}

async function readPrevious(path: string): Promise<string | null> {
  try {
    return await fs.promises.readFile(path, 'utf8');
  } catch {
    return null;
  }
}

/** The metadata with its sign-off (core/review's packSignOff), the previous metadata.json's read from its text. */
function withSignOff(metadata: Metadata, signer: Signer | undefined, now: Date, previousText: string | null): Metadata {
  let previous: Metadata | undefined;
  try {
    previous = previousText === null ? undefined : metadataFromJson(JSON.parse(previousText)) as Metadata;
  } catch {
    // a hand-broken previous file: no sign-off carried over
  }
  return packSignOff(metadata, signer, now, previous?.signOff);
}

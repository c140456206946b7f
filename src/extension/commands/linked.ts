/**
 * Linked datasets in the editor (a folder of tables, or a dataset.json): profile, review links,
 * generate, evaluate, release and the built-in linked sample. Each is one core call in the worker
 * (the same ones `twin profile|review|generate|evaluate|release <folder>` make); this module only
 * picks paths, saves metadata.json as a workspace edit and tells the dashboard.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import { datasetMetadataToJson, type DatasetMetadata, isDatasetPath, linkDecisionsOf, readDatasetMetadata, t } from '../../core';
import type { LadderLevel, LinkDecision, LinkedDatasetState } from '../../protocol/messages';
import { JobError } from '../jobs';
import { linkedDatasetState, linkedEvaluationView } from '../linkedView';
import { evaluationPathsFor, metadataPathFor, twinFolderFor } from '../paths';
import { runJob, type RunControl } from '../progress';
import { pickLevel } from './ask';
import { requireTrust, type CommandHost } from './host';
import { askReleaseParties, seedFor } from './pick';
import { saveTextWithEdit } from './saveText';
import { levelWord } from '../tree';

/** Where "Open Linked Sample" writes the built-in linked sample, inside the workspace. */
export const LINKED_SAMPLE_RELATIVE_PATH = nodePath.join('sample', 'hospital-linked');

/** Whether a path is a linked dataset: a folder of tables, or a dataset.json naming them. */
export function isLinkedDataset(path: string): boolean {
  return isDatasetPath(path);
}

/** The folder the tables of a linked dataset are read from. */
function tablesDirOf(path: string): string {
  return fs.statSync(path).isDirectory() ? path : nodePath.dirname(path);
}

/** A dataset's saved metadata.json (twin-metadata/2), or null when there is none or it is unreadable. */
export function readLinkedMetadata(metadataPath: string): DatasetMetadata | null {
  try {
    return readDatasetMetadata(metadataPath);
  } catch {
    return null;
  }
}

export interface LinkedProfileResult { path: string; metadata: DatasetMetadata; metadataPath: string | null }

/**
 * Profiles a linked dataset in the worker (core's profileLinkedDataset, as `twin profile <folder>`),
 * keeping the link decisions its saved metadata.json records, and saves the result where a single
 * table's reviewed metadata goes (`<output folder>/<folder name>.metadata.json`). Undefined when cancelled.
 */
export async function profileLinkedPath(host: CommandHost, path: string, options: RunControl & { show?: boolean } = {}): Promise<LinkedProfileResult | undefined> {
  const { settings, services: s } = host;
  const metadataPath = metadataPathFor(path, settings);
  const saved = readLinkedMetadata(metadataPath);
  const result = await runJob(s, t('Profiling {0}', nodePath.basename(path)), 'profileLinked',
    { path, missingTokens: settings.missingValueTokens, threshold: settings.rareCategoryThreshold, links: saved ? linkDecisionsOf(saved.relationships) : undefined }, [], options);
  if (!result) return undefined;
  const written = await saveMetadata(metadataPath, result.metadata);
  if (written) host.rememberData(metadataPath, path);
  else s.log.info('workspace not trusted: the metadata is shown but not written');
  const m = result.metadata;
  s.log.info(`profiled ${path}: ${m.tables.length} tables, ${m.relationships.foreignKeys.length} links, person table ${m.relationships.personTable ?? '(none)'} in ${result.seconds.toFixed(2)} s`);
  s.refresh();
  s.dashboard().setLinked(path, linkedDatasetState(m, written, null));
  if (options.show !== false) s.dashboard().show('links');
  return { path, metadata: m, metadataPath: written };
}

/**
 * Confirms or rejects one link of a profiled linked dataset with core's reviewDatasetMetadata (as
 * `twin review --confirm-link/--reject-link`); rejecting profiles the tables again. The decision is
 * saved into its metadata.json as a workspace edit. Returns the dataset's new state.
 */
export async function decideLinkOf(host: CommandHost, path: string, link: string, decision: LinkDecision, evaluation: LinkedDatasetState['evaluation']): Promise<LinkedDatasetState> {
  const { settings, services: s } = host;
  if (!vscode.workspace.isTrusted) throw new JobError('input', 'the workspace is not trusted, and a link decision is saved to metadata.json');
  const metadataPath = metadataPathFor(path, settings);
  if (!readLinkedMetadata(metadataPath)) throw new JobError('input', `profile ${nodePath.basename(path)} first (no metadata.json of its tables)`);
  const links = { confirmed: decision === 'confirm' ? [link] : [], rejected: decision === 'reject' ? [link] : [], added: [] };
  const result = await runJob(s, decision === 'confirm' ? t('Confirming {0}', link) : t('Rejecting {0}', link), 'reviewLinks',
    { metadata: metadataPath, data: path, links, missingTokens: settings.missingValueTokens }, []);
  if (!result) throw new JobError('cancelled', 'cancelled');
  await saveMetadata(metadataPath, result.metadata);
  s.log.info(`link ${decision === 'confirm' ? 'confirmed' : 'rejected'}: ${link} (${result.profiled ? 'tables profiled again' : 'metadata only'}) → ${metadataPath}`);
  s.refresh();
  const state = linkedDatasetState(result.metadata, metadataPath, evaluation);
  s.dashboard().setLinked(path, state);
  return state;
}

/** Options of "Generate Synthetic Twin…" on a linked dataset. */
export interface LinkedGenerateOptions extends RunControl {
  level?: LadderLevel;
  /** Persons in the twin (rows of the person table); default as many as the real data. */
  persons?: number;
  seed?: number;
  /** Evaluate the twin against the real tables afterwards (default true). */
  evaluate?: boolean;
  /** Open the dashboard's Linked tables view afterwards (default true). */
  show?: boolean;
}

export interface LinkedGenerateResult { path: string; out: string; recipePath: string; level: LadderLevel; tables: { name: string; rows: number }[] }

/**
 * Generates the twin of a linked dataset into `<output folder>/<name>-<level>/` (one file per table,
 * under its source's name and format, and the recipe): structural and statistical twins from the
 * saved metadata.json alone, correlated twins fitted on the tables. Profiles first when there is no
 * metadata yet; evaluates afterwards unless told not to.
 */
export async function generateLinkedPath(host: CommandHost, path: string, options: LinkedGenerateOptions = {}): Promise<LinkedGenerateResult | undefined> {
  const { settings, prompts, services: s } = host;
  if (!(await requireTrust(t('Generating a twin'), prompts))) return host.stop(t('Generation'), t('the workspace is not trusted, and generating writes files'), true);
  const interactive = options.level === undefined;
  const level = options.level ?? (await pickLevel(prompts, settings.defaultLevel));
  if (!level) return host.stop(t('Generation'), t('no fidelity level was chosen'));
  const seed = options.seed ?? (await seedFor(prompts, settings, interactive));
  if (seed === null) return host.stop(t('Generation'), t('the seed was not given'));
  const metadataPath = await ensureProfiled(host, path, options);
  if (!metadataPath) return host.stop(t('Generation'), t('it was cancelled'));
  const metadata = readLinkedMetadata(metadataPath)!;
  const out = twinFolderFor(path, level, settings);
  const outputs = [...metadata.tables.map((t) => nodePath.join(out, t.file)), nodePath.join(out, `${metadata.dataset.name || 'dataset'}.twin.json`)];
  const result = await runJob(s, t('Generating {0} twin of {1}', levelWord(level), nodePath.basename(path)), 'generateLinked',
    // Structural and statistical twins never read a real record: the metadata alone.
    { metadata: metadataPath, level, seed, persons: options.persons, out, ...(level === 'correlated' ? { data: tablesDirOf(path) } : {}) }, outputs, options);
  if (!result) return host.stop(t('Generation'), t('it was cancelled'));
  s.log.info(`generated the ${level} twin of ${path}: ${result.tables.map((t) => `${t.name} ${t.rows}`).join(', ')} → ${result.out}`);
  s.refresh();
  if (options.evaluate !== false) {
    const evaluated = await evaluateLinkedPaths(host, path, result.out, { ...options, show: options.show });
    if (!evaluated) return host.stop(t('Evaluation'), t('it was cancelled'));
  } else if (options.show !== false) {
    void prompts.info(t('Generated the {0} twin of {1}: {2} tables in {3}.', levelWord(level), nodePath.basename(path), result.tables.length, vscode.workspace.asRelativePath(result.out)));
  }
  return { path, out: result.out, recipePath: result.recipePath, level, tables: result.tables };
}

/**
 * Evaluates a linked twin folder against the real tables (core's evaluateDataset: each table's
 * report and the cross-table metrics per link), writes evaluation.json in the twin folder
 * (trusted workspaces) and shows the result in the Linked tables view.
 */
export async function evaluateLinkedPaths(host: CommandHost, path: string, twin: string, options: RunControl & { show?: boolean } = {}): Promise<LinkedDatasetState['evaluation'] | undefined> {
  const { settings, services: s } = host;
  const metadataPath = metadataPathFor(path, settings);
  const metadata = readLinkedMetadata(metadataPath);
  if (!metadata) throw new JobError('input', `profile ${nodePath.basename(path)} first (no metadata.json of its tables)`);
  const jsonOut = vscode.workspace.isTrusted ? evaluationPathsFor(nodePath.join(twin, 'twin')).json : undefined;
  const result = await runJob(s, t('Evaluating {0}', nodePath.basename(twin)), 'evaluateLinked',
    { real: tablesDirOf(path), twin, metadata: metadataPath, jsonOut }, jsonOut ? [jsonOut] : [], options);
  if (!result) return undefined;
  const view = linkedEvaluationView(result.evaluation, nodePath.basename(twin));
  s.log.info(`evaluated ${twin}: referential integrity ${view.means.referentialIntegrity?.toFixed(3) ?? '—'}, cardinality shape ${view.means.cardinalityShapeSimilarity?.toFixed(3) ?? '—'}`);
  s.refresh();
  s.dashboard().setLinked(path, linkedDatasetState(metadata, metadataPath, view));
  if (options.show !== false) s.dashboard().show('links');
  return view;
}

/** Options of "Create Release Pack…" on a linked dataset. */
export interface LinkedReleaseOptions extends RunControl {
  level?: LadderLevel;
  persons?: number;
  seed?: number;
  custodian?: string;
  contact?: string;
  show?: boolean;
}

export interface LinkedReleaseResult { dir: string; files: string[]; audit: { status: 'pass' | 'warn' | 'fail'; findings: number; results: string } }

/**
 * The release pack of a linked dataset in `<output folder>/<name>-<level>/` (core's
 * createDatasetReleasePack, as `twin release <folder>`), from its saved metadata.json (its link
 * decisions honoured); profiles first when there is none.
 */
export async function releaseLinkedPath(host: CommandHost, path: string, options: LinkedReleaseOptions = {}): Promise<LinkedReleaseResult | undefined> {
  const { settings, prompts, services: s } = host;
  if (!(await requireTrust(t('Creating a release pack'), prompts))) return host.stop(t('Release pack'), t('the workspace is not trusted, and a pack writes files'), true);
  const interactive = options.level === undefined;
  const level = options.level ?? (await pickLevel(prompts, settings.defaultLevel));
  if (!level) return host.stop(t('Release pack'), t('no fidelity level was chosen'));
  const seed = options.seed ?? (await seedFor(prompts, settings, interactive));
  if (seed === null) return host.stop(t('Release pack'), t('the seed was not given'));
  const parties = await askReleaseParties(prompts, options, settings, interactive);
  if (!parties) return host.stop(t('Release pack'), t('the custodian or contact question was closed'));
  const metadataPath = await ensureProfiled(host, path, options);
  if (!metadataPath) return host.stop(t('Release pack'), t('it was cancelled'));
  const dir = twinFolderFor(path, level, settings);
  const pack = await runJob(s, t('Creating the {0} release pack of {1}', levelWord(level), nodePath.basename(path)), 'releaseLinked',
    { data: path, metadata: metadataPath, level, dir, seed, persons: options.persons, ...parties }, [], options);
  if (!pack) return host.stop(t('Release pack'), t('it was cancelled'));
  s.log.info(`release pack of ${path} (${level}) → ${pack.dir}: ${pack.files.length} files; audit ${pack.audit.status} (${pack.audit.findings} findings)`);
  s.refresh();
  if (options.show !== false) {
    const where = vscode.workspace.asRelativePath(pack.dir);
    const audit = pack.audit.status === 'fail' ? t('failed') : pack.audit.status === 'warn' ? t('warnings') : t('passed');
    const text = pack.audit.findings
      ? t('Release pack written to {0}; disclosure audit: {1} ({2} findings).', where, audit, pack.audit.findings)
      : t('Release pack written to {0}; disclosure audit: {1}.', where, audit);
    const openResults = t('Open Audit Results');
    const notice = pack.audit.status === 'fail' ? prompts.warning(text, {}, openResults) : prompts.info(text, openResults);
    host.lastNotice = notice.then(async (choice) => {
      if (choice === openResults) await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(pack.audit.results));
    });
  }
  return pack;
}

/** Options of "Open Linked Sample". */
export interface LinkedSampleCommandOptions extends RunControl {
  /** Folder to write `sample/hospital-linked/` into (default: the first workspace folder). */
  folder?: string;
  /** Persons (rows of patients.csv); default the core's. Given: the sample is written again. */
  persons?: number;
  /** Show the folder in the Explorer (default true). */
  reveal?: boolean;
  /** Profile it afterwards and show its tables and links (the walkthrough's second link). */
  profile?: boolean;
}

/**
 * Writes (once) the built-in linked sample — four related tables of an entirely fictional hospital
 * extract, from the core's fixed seed — into the workspace and shows it in the Explorer.
 */
export async function openLinkedSample(host: CommandHost, options: LinkedSampleCommandOptions): Promise<{ path: string } | undefined> {
  const s = host.services;
  // An untrusted workspace is not written to: the sample goes to the extension's own storage.
  const folder = options.folder
    ?? (vscode.workspace.isTrusted ? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath : undefined)
    ?? s.context.globalStorageUri.fsPath;
  const dir = nodePath.join(folder, LINKED_SAMPLE_RELATIVE_PATH);
  if (!fs.existsSync(nodePath.join(dir, 'patients.csv')) || options.persons !== undefined) {
    const tables = ['patients', 'admissions', 'diagnoses', 'prescriptions'].map((t) => nodePath.join(dir, `${t}.csv`));
    const r = await runJob(s, t('Writing the linked sample dataset'), 'linkedSample', { dir, persons: options.persons }, tables, options);
    if (!r) return undefined;
    s.log.info(`wrote the linked sample: ${r.persons} persons, ${r.bytes} bytes → ${dir}`);
    s.refresh();
  }
  if (options.reveal !== false) await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(dir));
  if (options.profile === true && !(await profileLinkedPath(host, dir, options))) return undefined;
  return { path: dir };
}

/** The dataset's metadata.json, profiling the tables first when there is none; undefined when cancelled. */
async function ensureProfiled(host: CommandHost, path: string, control: RunControl): Promise<string | undefined> {
  const metadataPath = metadataPathFor(path, host.settings);
  if (readLinkedMetadata(metadataPath)) return metadataPath;
  const r = await profileLinkedPath(host, path, { ...control, show: false });
  return r?.metadataPath ?? undefined;
}

/** Saves metadata.json as a workspace edit (trusted workspaces); the path written, or null. */
async function saveMetadata(metadataPath: string, metadata: DatasetMetadata): Promise<string | null> {
  if (!vscode.workspace.isTrusted) return null;
  await saveTextWithEdit(metadataPath, datasetMetadataToJson(metadata));
  return metadataPath;
}

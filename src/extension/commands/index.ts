/**
 * The extension's commands: one module per command over core calls (profile, review, generate,
 * evaluate, release, ladder, sample, openDashboard). TwinCommands is the host they run in: it turns
 * arguments into options, guards each command ("<Action> failed: <reason>" with Show Log;
 * cancellation is silent and leaves no partial outputs), and holds what the commands remember.
 * Each command takes an optional Explorer URI and/or an options object, so the walkthrough and
 * the tests can run it without prompts; with neither it asks with quick picks and input boxes.
 */
import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import { t, type EvaluationReport, type Metadata, type ReviewDecisions, type Signer } from '../../core';
import type { LadderRung, LinkDecision, LinkedDatasetState } from '../../protocol/messages';
import { readSettings, type TwinSettings } from '../config';
import { JobError } from '../jobs';
import { showFailure } from '../log';
import type { RunControl } from '../progress';
import { editorPrompts, type Prompts } from '../prompts';
import { profileDatabaseCommand, type DatabaseProfileOptions, type DatabaseProfileResult } from './database';
import { evaluateCommand, evaluatePaths, exportHtml, type EvaluateCommandOptions, type EvaluateResult } from './evaluate';
import { generateCommand, generatePath, type GenerateCommandOptions, type GenerateResult } from './generate';
import { reasonOf, splitArgs, type CommandHost, type CommandServices } from './host';
import { runLadder } from './ladder';
import { openDashboard, type DashboardCommandOptions } from './openDashboard';
import { profileCommand, profilePath, type ProfileCommandOptions, type ProfileResult } from './profile';
import { releaseCommand, type ReleaseCommandOptions, type ReleaseResult } from './release';
import { reviewDataset, signOffDataset, type ReviewOutcome } from './review';
import { openSample, type SampleCommandOptions } from './sample';
import {
  decideLinkOf, evaluateLinkedPaths, generateLinkedPath, openLinkedSample, profileLinkedPath,
  type LinkedGenerateOptions, type LinkedGenerateResult, type LinkedProfileResult, type LinkedReleaseResult, type LinkedSampleCommandOptions,
} from './linked';

export { LEVEL_EXPLANATIONS, QUICK_PICK_LINE_MAX } from './ask';
export { reasonOf, requireTrust, type CommandServices, type DashboardSink } from './host';
export { RECORDED_HOLDOUT } from './pick';
export { SAMPLE_RELATIVE_PATH } from './sample';
export { LINKED_SAMPLE_RELATIVE_PATH } from './linked';
export { saveTextWithEdit } from './saveText';
export { REVIEW_FIRST } from './unsigned';
export type {
  DashboardCommandOptions, DatabaseProfileOptions, DatabaseProfileResult, EvaluateCommandOptions, EvaluateResult, GenerateCommandOptions, GenerateResult, ProfileCommandOptions, ProfileResult,
  ReleaseCommandOptions, ReleaseResult, SampleCommandOptions, LinkedGenerateOptions, LinkedGenerateResult, LinkedProfileResult, LinkedReleaseResult,
  LinkedSampleCommandOptions,
};

export class TwinCommands implements CommandHost {
  /** Data file behind each reviewed metadata file (so evaluation of a metadata-made twin finds its real data). */
  private readonly _dataOfMetadata = new Map<string, string>();

  /** The last "<Action> failed: <reason>" shown (for tests and the tree's tooltip). */
  lastFailure: string | null = null;

  /** The last "<Action> not started: <why>" said when a flow ended before running (for tests). */
  lastStop: string | null = null;

  /** The dialogs, pickers and notices (the integration tests put a scripted one here). */
  prompts: Prompts = editorPrompts;

  /** What the last notice's action did, once the user picked it (for tests). */
  lastNotice: Promise<unknown> | null = null;

  constructor(readonly services: CommandServices) {}

  get settings(): TwinSettings {
    return readSettings();
  }

  /** Folder of the dashboard bundle (dist/webview). */
  get webviewDir(): string {
    return nodePath.join(this.services.context.extensionPath, 'dist', 'webview');
  }

  // ---------------------------------------------------------------- the commands

  /** Profiles a data file in the worker and saves its disclosure-safe metadata (trusted workspaces). */
  profileDataset(arg?: vscode.Uri | ProfileCommandOptions, more?: ProfileCommandOptions): Promise<ProfileResult | LinkedProfileResult | undefined> {
    const { uri, options } = splitArgs<ProfileCommandOptions>(arg, more);
    return this._guard(t('Profile'), () => profileCommand(this, uri, options));
  }

  /** Profiles a table or query in DuckDB or PostgreSQL where it lives (a password asked for is used for that job only). */
  profileDatabaseTable(options: DatabaseProfileOptions = {}): Promise<DatabaseProfileResult | undefined> {
    return this._guard(t('Profile'), () => profileDatabaseCommand(this, options));
  }

  /** Generates a twin at a level; structural and statistical twins come from the reviewed metadata when there is one. */
  generateTwin(arg?: vscode.Uri | GenerateCommandOptions, more?: GenerateCommandOptions): Promise<GenerateResult | LinkedGenerateResult | undefined> {
    const { uri, options } = splitArgs<GenerateCommandOptions>(arg, more);
    return this._guard(t('Generate'), () => generateCommand(this, uri, options));
  }

  /** Evaluates a twin against its real data; writes evaluation.json and evaluation.html beside the twin (trusted workspaces). */
  evaluateTwin(arg?: vscode.Uri | EvaluateCommandOptions, more?: EvaluateCommandOptions): Promise<EvaluateResult | undefined> {
    const { uri, options } = splitArgs<EvaluateCommandOptions>(arg, more);
    return this._guard(t('Evaluate'), () => evaluateCommand(this, uri, options));
  }

  /**
   * Creates a release pack with the core's createReleasePack in `<output folder>/<name>-<level>/`:
   * twin, recipe, metadata.json, evaluation, DATA_CARD.md, EULA.md, RELEASE_CHECKLIST.md and starter code.
   */
  createReleasePack(arg?: vscode.Uri | ReleaseCommandOptions, more?: ReleaseCommandOptions): Promise<ReleaseResult | LinkedReleaseResult | undefined> {
    const { uri, options } = splitArgs<ReleaseCommandOptions>(arg, more);
    return this._guard(t('Create release pack'), () => releaseCommand(this, uri, options));
  }

  /** Writes (once) and opens the built-in fictional hospital-admissions sample. */
  openSample(arg?: vscode.Uri | SampleCommandOptions, more?: SampleCommandOptions): Promise<{ path: string } | undefined> {
    const { options } = splitArgs<SampleCommandOptions>(arg, more);
    return this._guard(t('Open sample'), () => openSample(this, options));
  }

  /** Writes (once) the built-in linked sample (four related tables, fixed seed) into the workspace and shows it. */
  openLinkedSample(arg?: vscode.Uri | LinkedSampleCommandOptions, more?: LinkedSampleCommandOptions): Promise<{ path: string } | undefined> {
    const { options } = splitArgs<LinkedSampleCommandOptions>(arg, more);
    return this._guard(t('Open linked sample'), () => openLinkedSample(this, options));
  }

  /** Opens the dashboard; with a data file, shows its saved metadata in the Profile view. */
  openDashboard(arg?: vscode.Uri | DashboardCommandOptions): void {
    openDashboard(this, arg);
  }

  // ---------------------------------------------------------------- calls of the dashboard and the ladder (no UI guard)

  profilePath(path: string, options: ProfileCommandOptions = {}): Promise<ProfileResult | undefined> {
    return profilePath(this, path, options);
  }

  generatePath(path: string, options: GenerateCommandOptions = {}): Promise<GenerateResult | undefined> {
    return generatePath(this, path, options);
  }

  evaluatePaths(real: string, synthetic: string, options: EvaluateCommandOptions = {}): Promise<EvaluateResult | undefined> {
    return evaluatePaths(this, real, synthetic, options);
  }

  profileLinkedPath(path: string, options: RunControl & { show?: boolean } = {}): Promise<LinkedProfileResult | undefined> {
    return profileLinkedPath(this, path, options);
  }

  generateLinkedPath(path: string, options: LinkedGenerateOptions = {}): Promise<LinkedGenerateResult | undefined> {
    return generateLinkedPath(this, path, options);
  }

  evaluateLinkedPaths(path: string, twin: string, options: RunControl & { show?: boolean } = {}): Promise<LinkedDatasetState['evaluation'] | undefined> {
    return evaluateLinkedPaths(this, path, twin, options);
  }

  /** Confirms or rejects a link of a linked dataset (core/review); the decision is saved to its metadata.json. */
  decideLink(path: string, link: string, decision: LinkDecision, evaluation: LinkedDatasetState['evaluation']): Promise<LinkedDatasetState> {
    return decideLinkOf(this, path, link, decision, evaluation);
  }

  exportHtml(report: EvaluationReport, out: string): Promise<string> {
    return exportHtml(this, report, out);
  }

  runLadder(path: string, options: { rows?: number; seed?: number } & RunControl, onRung: (rungs: LadderRung[]) => void): Promise<LadderRung[]> {
    return runLadder(this, path, options, onRung);
  }

  /**
   * Applies a change to the review decisions of a profiled dataset (core/review) and saves the
   * metadata as a workspace edit (a diff-able change to `<name>.metadata.json`); a sign-off is
   * kept only while it still holds for the result.
   */
  async review(path: string, change: (d: ReviewDecisions) => void): Promise<ReviewOutcome> {
    const r = await reviewDataset(this.services, this.settings, path, change);
    if (r.metadataPath) {
      this.rememberData(r.metadataPath, path);
      this.services.refresh();
    }
    return r;
  }

  /** Signs the dataset's saved metadata off (one core call, the file on disk; no job, no profile). */
  async signOff(path: string, signer: Signer): Promise<{ metadata: Metadata; metadataPath: string | null }> {
    const r = await signOffDataset(this.settings, path, signer);
    this.services.log.info(`signed off ${r.metadataPath ?? 'the metadata (not saved: the workspace is not trusted)'} by ${signer.name.trim()}`);
    if (r.metadataPath) this.services.refresh();
    return r;
  }

  // ---------------------------------------------------------------- the host's memory and messages

  rememberData(metadataPath: string, dataPath: string): void {
    this._dataOfMetadata.set(nodePath.resolve(metadataPath), dataPath);
  }

  dataOf(metadataPath: string): string | undefined {
    return this._dataOfMetadata.get(nodePath.resolve(metadataPath));
  }

  /**
   * Ends a flow that did not run, saying why: in the log, and as a notice when `notify`
   * (the flow stopped for a reason the user may not expect) or in the status bar when the
   * user closed a question themselves. Returns undefined for `return host.stop(…)`.
   */
  stop(action: string, why: string, notify = false): undefined {
    const text = t('{0} not started: {1}.', action, why);
    this.lastStop = text;
    this.services.log.info(text);
    if (notify) void this.prompts.info(text);
    else this.prompts.status(text);
    return undefined;
  }

  /** Runs a command body, turning failures into "<Action> failed: <reason>" with Show Log. */
  private async _guard<T>(action: string, body: () => Promise<T | undefined>): Promise<T | undefined> {
    try {
      return await body();
    } catch (e) {
      if (e instanceof JobError && e.kind === 'cancelled') return undefined;
      this.lastFailure = t('{0} failed: {1}', action, reasonOf(e));
      showFailure(this.services.log, action, reasonOf(e), e instanceof JobError ? e.detail : e instanceof Error ? e.stack : undefined);
      return undefined;
    }
  }
}

import { randomInt } from 'node:crypto';
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import type { EvaluationReport } from '../core/evaluate/report';
import type { Metadata } from '../core/metadata';
import type { ColumnType } from '../core/schema';
import { LADDER_LEVELS, type DashboardView, type LadderLevel, type LadderRung } from '../protocol/messages';
import { readSettings, type TwinSettings } from './config';
import { JobError } from './jobs';
import { showFailure } from './log';
import {
  datasetName, DATA_GLOB, EXCLUDE_GLOB, evaluationPathsFor, isDataFile, isRecipeFile, isTwinFile, metadataPathFor, recipePathForTwin, twinFolderFor, twinPathFor,
} from './paths';
import { runJob, type JobServices, type RunControl } from './progress';
import { editorPrompts, type Prompts } from './prompts';
import { readJson, readMetadata, readTwin, scanWorkspace } from './workspaceIndex';
import { metadataFromJson, metadataToJson } from '../core/metadataJson';
import { decisionsOf, signOffHolds, withSignOffIfHolds, type ReviewDecisions, type Signer } from '../core/review';
import { reviewDataset, signOffDataset, type ReviewOutcome } from './commands/review';
import { saveTextWithEdit } from './commands/saveText';
import { DEFAULT_HOLDOUT_SHARE } from '../core/holdout';
import { askEpsilon, askRows, askSeed, LEVEL_EXPLANATIONS, pickLevel, pickTarget, QUICK_PICK_LINE_MAX } from './commands/ask';
import { PACK_FILES, packFilesWritten, packLayout } from '../core/paths';

export { saveTextWithEdit };

export { LEVEL_EXPLANATIONS, QUICK_PICK_LINE_MAX };

/** Options of "Profile Dataset" (all optional: without them the command asks). */
export interface ProfileCommandOptions extends RunControl {
  /** The data file. */
  path?: string;
  /** Rare-category threshold k (default: the setting). */
  threshold?: number;
  /** Open the dashboard's Profile view afterwards (default true). */
  show?: boolean;
}

/** Options of "Generate Synthetic Twin…". */
export interface GenerateCommandOptions extends RunControl {
  /** The data file. */
  path?: string;
  level?: LadderLevel;
  rows?: number;
  seed?: number;
  /** Differential-privacy budget; null for none (skips the question). */
  epsilon?: number | null;
  /** Output file (default `<output folder>/<name>-<level>/<name>.synthetic.<ext>`). */
  out?: string;
  /** Proceed without asking when the metadata is not signed off (the warning is still logged). */
  confirmUnsigned?: boolean;
  /** Show a notification with actions afterwards (default true). */
  show?: boolean;
}

/** Options of "Evaluate Twin Against Real Data…". */
export interface EvaluateCommandOptions extends RunControl {
  real?: string;
  synthetic?: string;
  /**
   * Real records not used to make the twin; null for none (not even the persons held out when the
   * twin was made); RECORDED_HOLDOUT for those. Undefined: asked in the command, the recorded ones otherwise.
   */
  holdout?: string | null;
  /** Outcome column for the utility models; null for automatic (skips the question). */
  target?: string | null;
  sampleSize?: number;
  seed?: number;
  /** Open the dashboard's Evaluation view afterwards (default true). */
  show?: boolean;
  /** Put the report in the dashboard's Evaluation view (default true; the ladder keeps its rungs to itself). */
  updateDashboard?: boolean;
}

/** Options of "Create Release Pack…". */
export interface ReleaseCommandOptions extends RunControl {
  /** The real data file. */
  path?: string;
  level?: LadderLevel;
  rows?: number;
  seed?: number;
  /** Differential-privacy budget; null for none. */
  epsilon?: number | null;
  /** Outcome column for the utility models; null for automatic. */
  target?: string | null;
  /** Named in EULA.md and the data card (default: the setting `syntheticTwin.custodian`, else asked). */
  custodian?: string;
  /** Contact for questions and suspected disclosure (default: the setting `syntheticTwin.contact`, else asked). */
  contact?: string;
  /** Real records not used for the twin (privacy baselines); null for none (skips the question). */
  holdout?: string | null;
  /** Proceed without asking when the metadata is not signed off. */
  confirmUnsigned?: boolean;
  /** Show a notification with actions afterwards (default true). */
  show?: boolean;
}

/** Options of "Open Sample Dataset". */
export interface SampleCommandOptions extends RunControl {
  /** Folder to write `sample/hospital-admissions.csv` into (default: the first workspace folder). */
  folder?: string;
  rows?: number;
  /** Open the file in an editor (default true). */
  open?: boolean;
}

/** Options of "Open Dashboard". */
export interface DashboardCommandOptions {
  view?: DashboardView;
  /** A data file whose saved metadata the Profile view should show (no profiling is run). */
  path?: string;
}

export interface ProfileResult { path: string; metadata: Metadata; metadataPath: string | null }
export interface GenerateResult { path: string; outPath: string; recipePath: string; level: LadderLevel; rows: number; fromMetadata: boolean }
export interface EvaluateResult { report: EvaluationReport; jsonPath: string | null; htmlPath: string | null }
export interface ReleaseResult { dir: string; files: string[]; audit: { status: 'pass' | 'warn' | 'fail'; findings: number; results: string } }

/** What the dashboard panel offers the commands (implemented in dashboard.ts). */
export interface DashboardSink {
  show(view?: DashboardView): void;
  setProfile(dataPath: string, metadata: Metadata, metadataPath: string | null, inferredTypes: Record<string, ColumnType>): void;
  setEvaluation(report: EvaluationReport, synthetic: string, real: string): void;
}

/** What the commands share: the worker, status bar, log, dashboard and tree refresh. */
export interface CommandServices extends JobServices {
  context: vscode.ExtensionContext;
  dashboard(): DashboardSink;
  refresh(): void;
}

/** The safe first (default) choice of the warnings about unsigned metadata. */
export const REVIEW_FIRST = 'Review Metadata First';

const UNSIGNED_DETAIL = 'A person should check the metadata the twin is made from (column types, merged categories, left-out columns) and sign it off before a twin is made. "Review Metadata First" opens it in the Profile view.';

/** The holdout choice "the core's default": the persons recorded as held out, or a release pack's default share. */
export const RECORDED_HOLDOUT = 'default-holdout' as const;

/** Whether a twin's recipe records persons held out before it was fitted. */
function recordedHoldoutOf(synthetic: string): boolean {
  const recipe = readJson<{ holdout?: unknown; source?: { kind?: string } }>(recipePathForTwin(synthetic));
  return !!recipe?.holdout && recipe.source?.kind === 'data';
}

/** File types the open dialogs offer. */
const DATA_EXTENSIONS = ['csv', 'tsv', 'txt', 'parquet', 'arrow', 'feather'];

/** The name of the sample written by "Open Sample Dataset". */
export const SAMPLE_RELATIVE_PATH = nodePath.join('sample', 'hospital-admissions.csv');

/**
 * The extension's commands. Each takes an optional Explorer URI and/or an options
 * object, so the walkthrough and the tests can run it without prompts; with neither it
 * asks with quick picks and input boxes. Failures end as "<Action> failed: <reason>" with
 * "Show Log"; cancellation is silent and leaves no partial outputs.
 */
export class TwinCommands {
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

  constructor(private readonly _s: CommandServices) {}

  private get settings(): TwinSettings {
    return readSettings();
  }

  // ---------------------------------------------------------------- profile

  /** Profiles a data file in the worker and saves its disclosure-safe metadata (trusted workspaces). */
  async profileDataset(arg?: vscode.Uri | ProfileCommandOptions, more?: ProfileCommandOptions): Promise<ProfileResult | undefined> {
    const { uri, options } = splitArgs<ProfileCommandOptions>(arg, more);
    return this._guard('Profile', async () => {
      const path = options.path ?? uri?.fsPath ?? (await this._pickDataset('Profile which dataset?'));
      if (!path) return this._stop('Profiling', 'no dataset was chosen');
      return (await this.profilePath(path, options)) ?? this._stop('Profiling', 'it was cancelled');
    });
  }

  /** Profile without the UI guard (used by the dashboard and the ladder). */
  async profilePath(path: string, options: ProfileCommandOptions = {}): Promise<ProfileResult | undefined> {
    const settings = this.settings;
    const metadataPath = metadataPathFor(path, settings);
    const saved = readMetadata(metadataPath);
    // The k of the settings (or the caller's); a k the reviewer decided is in the saved decisions and wins.
    const threshold = options.threshold ?? settings.rareCategoryThreshold;
    const decisions = saved ? decisionsOf(saved) : undefined;
    const result = await runJob(this._s, `Profiling ${nodePath.basename(path)}`, 'profile',
      { path, missingTokens: settings.missingValueTokens, threshold, decisions }, [], options);
    if (!result) return undefined;
    // A sign-off holds for exactly the metadata it signed: kept when profiling again gives the same figures.
    const metadata = withSignOffIfHolds(result.metadata, saved?.signOff);
    let written: string | null = null;
    if (vscode.workspace.isTrusted) {
      await saveTextWithEdit(metadataPath, metadataToJson(metadata));
      written = metadataPath;
      this._dataOfMetadata.set(nodePath.resolve(metadataPath), path);
    } else {
      this._s.log.info('workspace not trusted: the metadata is shown but not written');
    }
    this._s.log.info(`profiled ${path}: ${result.rows} rows, ${metadata.columns.length} columns in ${result.seconds.toFixed(2)} s (${result.megabytesPerSecond.toFixed(0)} MB/s)`);
    this._s.refresh();
    this._s.dashboard().setProfile(path, metadata, written, result.inferredTypes);
    if (options.show !== false) this._s.dashboard().show('profile');
    return { path, metadata, metadataPath: written };
  }

  /**
   * Applies a change to the review decisions of a profiled dataset (core/review) and saves the
   * metadata as a workspace edit (a diff-able change to `<name>.metadata.json`); a sign-off is
   * kept only while it still holds for the result.
   */
  async review(path: string, change: (d: ReviewDecisions) => void): Promise<ReviewOutcome> {
    const r = await reviewDataset(this._s, this.settings, path, change);
    if (r.metadataPath) {
      this._dataOfMetadata.set(nodePath.resolve(r.metadataPath), path);
      this._s.refresh();
    }
    return r;
  }

  /** Signs the dataset's saved metadata off (one core call, the file on disk; no job, no profile). */
  async signOff(path: string, signer: Signer): Promise<{ metadata: Metadata; metadataPath: string | null }> {
    const r = await signOffDataset(this.settings, path, signer);
    this._s.log.info(`signed off ${r.metadataPath ?? 'the metadata (not saved: the workspace is not trusted)'} by ${signer.name.trim()}`);
    if (r.metadataPath) this._s.refresh();
    return r;
  }

  // ---------------------------------------------------------------- generate

  /** Generates a twin at a level; structural and statistical twins come from the reviewed metadata when there is one. */
  async generateTwin(arg?: vscode.Uri | GenerateCommandOptions, more?: GenerateCommandOptions): Promise<GenerateResult | undefined> {
    const { uri, options } = splitArgs<GenerateCommandOptions>(arg, more);
    return this._guard('Generate', async () => {
      if (!(await requireTrust('Generating a twin', this.prompts))) return this._stop('Generation', 'the workspace is not trusted, and generating writes files', true);
      let path = options.path ?? uri?.fsPath ?? (await this._pickDataset('Generate a twin of which dataset?'));
      if (!path) return this._stop('Generation', 'no dataset was chosen');
      if (isRecipeFile(path)) path = readTwin(path)?.sourcePath ?? path;
      return this.generatePath(path, options);
    });
  }

  /** Generate without the UI guard (used by the ladder). */
  async generatePath(path: string, options: GenerateCommandOptions = {}): Promise<GenerateResult | undefined> {
    const settings = this.settings;
    const interactive = options.level === undefined;
    const level = options.level ?? (await pickLevel(this.prompts, settings.defaultLevel));
    if (!level) return this._stop('Generation', 'no fidelity level was chosen');
    const metadataPath = metadataPathFor(path, settings);
    const metadata = readMetadata(metadataPath);
    const rows = options.rows ?? (interactive ? await askRows(this.prompts, metadata?.dataset.rows) : undefined);
    if (rows === null) return this._stop('Generation', 'the number of rows was not given');
    const seed = options.seed ?? (await this._seed(settings, interactive));
    if (seed === null) return this._stop('Generation', 'the seed was not given');
    const epsilon = options.epsilon !== undefined ? options.epsilon ?? undefined : interactive && level !== 'structural' ? await askEpsilon(this.prompts) : undefined;
    if (epsilon === null) return this._stop('Generation', 'the differential-privacy choice was not made');

    // Generate from the reviewed metadata when possible (never reading a real record);
    // correlated twins need a model fitted on the data.
    const fromMetadata = metadata !== null && level !== 'correlated' && !(level === 'statistical' && epsilon !== undefined);
    const signed = metadata !== null && signOffHolds(metadata);
    if (!signed) {
      const why = !metadata ? 'the dataset has not been profiled and reviewed' : metadata.signOff ? 'the metadata was changed after it was signed off' : 'the metadata has not been signed off';
      this._s.log.warn(`generating ${level} twin of ${path} although ${why}`);
      if (!options.confirmUnsigned) {
        // The safe choice comes first: it is the dialog's default (Enter).
        const choice = await this.prompts.warning(`Generate a ${level} twin although ${why}?`,
          { modal: true, detail: UNSIGNED_DETAIL }, REVIEW_FIRST, 'Generate Anyway');
        if (choice === REVIEW_FIRST) {
          await this.profilePath(path);
          return this._stop('Generation', 'the metadata is open for review in the Profile view; sign it off there, then generate again', true);
        }
        if (choice !== 'Generate Anyway') return this._stop('Generation', 'the metadata is not signed off and generating anyway was not chosen', true);
      }
    }
    const out = options.out ?? twinPathFor(path, level, settings);
    const recipePath = recipePathForTwin(out);
    const input = fromMetadata ? metadataPath : path;
    if (fromMetadata) this._dataOfMetadata.set(nodePath.resolve(metadataPath), path);
    const result = await runJob(this._s, `Generating ${level} twin of ${nodePath.basename(path)}`, 'generate',
      // A correlated twin is fitted on the data file, with the reviewed metadata's decisions applied.
      { input, level, rows, seed, epsilon, out, missingTokens: settings.missingValueTokens, threshold: metadata?.disclosure.threshold ?? settings.rareCategoryThreshold,
        metadata: !fromMetadata && metadata ? metadataPath : undefined, allowUnsigned: !signed },
      [out, recipePath], options);
    if (!result) return this._stop('Generation', 'it was cancelled');
    this._s.log.info(`generated ${result.rows} rows (${level}, ${result.method}, seed ${result.seed}) → ${result.outPath}`);
    this._s.refresh();
    if (options.show !== false) {
      const notice = this.prompts.info(`Generated a ${level} twin: ${nodePath.basename(result.outPath)} (${result.rows.toLocaleString('en-GB')} rows).`, 'Open Twin', 'Evaluate')
        .then(async (choice) => {
          if (choice === 'Open Twin') await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(result.outPath));
          // This twin, against the data it was made from (not a pick among the workspace's twins).
          if (choice === 'Evaluate') return this.evaluateTwin({ synthetic: result.outPath, real: path });
          return undefined;
        });
      this.lastNotice = notice;
    }
    return { path, outPath: result.outPath, recipePath: result.recipePath, level, rows: result.rows, fromMetadata };
  }

  // ---------------------------------------------------------------- evaluate

  /** Evaluates a twin against its real data; writes evaluation.json and evaluation.html beside the twin (trusted workspaces). */
  async evaluateTwin(arg?: vscode.Uri | EvaluateCommandOptions, more?: EvaluateCommandOptions): Promise<EvaluateResult | undefined> {
    const { uri, options } = splitArgs<EvaluateCommandOptions>(arg, more);
    return this._guard('Evaluate', async () => {
      let synthetic = options.synthetic;
      let real = options.real;
      if (!synthetic && uri) {
        if (isRecipeFile(uri.fsPath)) synthetic = readTwin(uri.fsPath)?.twinPath;
        else if (isTwinFile(uri.fsPath)) synthetic = uri.fsPath;
        else if (isDataFile(uri.fsPath)) real = real ?? uri.fsPath;
      }
      synthetic ??= await this._pickTwin(real);
      if (!synthetic) return this._stop('Evaluation', 'no twin was chosen');
      real ??= (await this._dataOfTwin(synthetic)) ?? (await this._pickDataset(`Real data to compare ${nodePath.basename(synthetic)} with`));
      if (!real) return this._stop('Evaluation', 'no real data file was chosen');
      let target = options.target;
      if (target === undefined) {
        const picked = await pickTarget(this.prompts, this._columnsOf(synthetic, real));
        if (picked === undefined) return this._stop('Evaluation', 'no target column was chosen');
        target = picked;
      }
      let holdout = options.holdout;
      if (holdout === undefined) {
        const picked = await this._pickHoldout(real, recordedHoldoutOf(synthetic) ? 'recorded' : null);
        if (picked === undefined) return this._stop('Evaluation', 'the holdout question was not answered');
        holdout = picked === RECORDED_HOLDOUT ? undefined : picked;
      }
      const r = await this.evaluatePaths(real, synthetic, { ...options, target, holdout });
      return r ?? this._stop('Evaluation', 'it was cancelled');
    });
  }

  /** Evaluate without the UI guard (used by the dashboard and the ladder). */
  async evaluatePaths(real: string, synthetic: string, options: EvaluateCommandOptions = {}): Promise<EvaluateResult | undefined> {
    const settings = this.settings;
    const paths = evaluationPathsFor(synthetic);
    const write = vscode.workspace.isTrusted;
    const result = await runJob(this._s, `Evaluating ${nodePath.basename(synthetic)}`, 'evaluate', {
      real, synthetic, holdout: options.holdout ?? undefined, recipeHoldout: options.holdout === null ? false : undefined, target: options.target ?? undefined,
      sampleSize: options.sampleSize ?? settings.evaluationSampleSize, seed: options.seed ?? 1,
      missingTokens: settings.missingValueTokens,
      exclude: this._excludedColumns(synthetic, real),
      jsonOut: write ? paths.json : undefined, htmlOut: write ? paths.html : undefined, webviewDir: this.webviewDir,
    }, write ? [paths.json, paths.html] : [], options);
    if (!result) return undefined;
    const f = result.report.fidelity;
    this._s.log.info(`evaluated ${synthetic} against ${real}: fidelity ${f.score.toFixed(3)}`);
    this._s.refresh();
    if (options.updateDashboard !== false) this._s.dashboard().setEvaluation(result.report, synthetic, real);
    if (options.show !== false) this._s.dashboard().show('evaluation');
    return { report: result.report, jsonPath: write ? paths.json : null, htmlPath: write ? paths.html : null };
  }

  /** Writes a report as a standalone evaluation.html. */
  async exportHtml(report: EvaluationReport, out: string): Promise<string> {
    if (!(await requireTrust('Exporting the report'))) throw new JobError('input', 'the workspace is not trusted');
    const r = await runJob(this._s, 'Exporting evaluation.html', 'exportHtml', { report, out, webviewDir: this.webviewDir }, [out]);
    if (!r) throw new JobError('cancelled', 'cancelled');
    return r.path;
  }

  // ---------------------------------------------------------------- release pack

  /**
   * Creates a release pack with the core's createReleasePack in `<output folder>/<name>-<level>/`:
   * twin, recipe, metadata.json, evaluation, DATA_CARD.md, EULA.md, RELEASE_CHECKLIST.md and starter code.
   */
  async createReleasePack(arg?: vscode.Uri | ReleaseCommandOptions, more?: ReleaseCommandOptions): Promise<ReleaseResult | undefined> {
    const { uri, options } = splitArgs<ReleaseCommandOptions>(arg, more);
    return this._guard('Create release pack', async () => {
      if (!(await requireTrust('Creating a release pack', this.prompts))) return this._stop('Release pack', 'the workspace is not trusted, and a pack writes files', true);
      let path = options.path ?? uri?.fsPath;
      if (path && isRecipeFile(path)) path = await this._dataOfTwin(readTwin(path)?.twinPath);
      else if (path && isTwinFile(path)) path = await this._dataOfTwin(path);
      path ??= await this._pickDataset('Create a release pack for which dataset?');
      if (!path) return this._stop('Release pack', 'no dataset was chosen');
      const settings = this.settings;
      const interactive = options.level === undefined;
      const level = options.level ?? (await pickLevel(this.prompts, settings.defaultLevel));
      if (!level) return this._stop('Release pack', 'no fidelity level was chosen');
      const metadata = readMetadata(metadataPathFor(path, settings));
      let target = options.target;
      if (target === undefined && interactive) {
        const picked = await pickTarget(this.prompts, (metadata?.columns ?? []).filter((c) => !c.excluded).map((c) => ({ name: c.name, type: c.type })));
        if (picked === undefined) return this._stop('Release pack', 'no target column was chosen');
        target = picked;
      }
      let holdout = options.holdout;
      if (holdout === undefined && interactive) {
        const picked = await this._pickHoldout(path, 'share');
        if (picked === undefined) return this._stop('Release pack', 'the holdout question was not answered');
        holdout = picked === RECORDED_HOLDOUT ? undefined : picked;
      }
      const seed = options.seed ?? (await this._seed(settings, interactive));
      if (seed === null) return this._stop('Release pack', 'the seed was not given');
      const parties = await this._releaseParties(options, settings, interactive);
      if (!parties) return this._stop('Release pack', 'the custodian and contact were not given');
      // The pack is made from the reviewed metadata (as `twin release --metadata`): it honours every
      // decision and carries the sign-off, which must still hold unless the person chooses otherwise.
      const signed = metadata !== null && signOffHolds(metadata);
      if (!signed) {
        const why = !metadata ? 'the dataset has not been profiled and reviewed' : metadata.signOff ? 'the metadata was changed after it was signed off' : 'the metadata has not been signed off';
        this._s.log.warn(`release pack of ${path} without a sign-off: ${why}`);
        if (!options.confirmUnsigned) {
          // The safe choice comes first: it is the dialog's default (Enter).
          const choice = await this.prompts.warning(`Create the release pack although ${why}?`,
            { modal: true, detail: 'Its metadata.json will carry no sign-off, and the release checklist will show that to the output checker as a failed item.' },
            REVIEW_FIRST, 'Create Without Sign-off');
          if (choice === REVIEW_FIRST) {
            await this.profilePath(path);
            return this._stop('Release pack', 'the metadata is open for review in the Profile view; sign it off there, then create the pack again', true);
          }
          if (choice !== 'Create Without Sign-off') return this._stop('Release pack', 'the metadata is not signed off and creating the pack anyway was not chosen', true);
        }
      }
      const dir = twinFolderFor(path, level, settings);
      // Every file the pack's creation writes, for clean-up on cancel.
      const outputs = packFilesWritten(packLayout(dir, path));
      const result = await runJob(this._s, `Creating the ${level} release pack of ${nodePath.basename(path)}`, 'release', {
        data: path, level, dir, rows: options.rows, seed,
        epsilon: options.epsilon ?? undefined, target: target ?? undefined, holdout: holdout ?? undefined, holdoutShare: holdout === null ? 0 : undefined, custodian: parties.custodian, contact: parties.contact,
        metadata: metadata ? metadataPathFor(path, settings) : undefined, allowUnsigned: !signed,
        missingTokens: settings.missingValueTokens, threshold: settings.rareCategoryThreshold,
        sampleSize: settings.evaluationSampleSize,
      }, outputs, options);
      if (!result) return this._stop('Release pack', 'it was cancelled');
      this._s.log.info(`release pack: ${result.files.length} files in ${result.dir}; disclosure audit ${result.audit.status} (${result.audit.findings} findings, ${result.audit.results})`);
      this._s.refresh();
      if (options.show !== false) {
        const where = vscode.workspace.asRelativePath(result.dir);
        const passed = result.audit.status !== 'fail';
        const text = passed
          ? `Release pack created: ${where} (${result.files.length} files). Disclosure audit passed${result.audit.status === 'warn' ? ` with ${result.audit.findings} warnings` : ''}.`
          : `Release pack created: ${where}, but the disclosure audit FAILED: ${result.audit.findings} findings. Do not release it as it is; the findings are in results.json.`;
        const actions = ['Open Audit Results', 'Open Checklist', 'Reveal in Explorer'];
        this.lastNotice = (passed ? this.prompts.info(text, ...actions) : this.prompts.warning(text, {}, ...actions))
          .then((choice) => {
            if (choice === 'Open Audit Results') return vscode.commands.executeCommand('vscode.open', vscode.Uri.file(result.audit.results));
            if (choice === 'Open Checklist') return vscode.commands.executeCommand('vscode.open', vscode.Uri.file(nodePath.join(result.dir, PACK_FILES.checklist)));
            if (choice === 'Reveal in Explorer') return vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(result.dir));
            return undefined;
          });
      }
      return result;
    });
  }

  /** The data file a twin was made from (through its recipe and the workspace index). */
  private async _dataOfTwin(twinPath: string | undefined): Promise<string | undefined> {
    if (!twinPath) return undefined;
    const direct = this._realOf(twinPath);
    if (direct) return direct;
    const datasets = await scanWorkspace(this.settings);
    return datasets.find((d) => d.twins.some((t) => nodePath.resolve(t.twinPath) === nodePath.resolve(twinPath)))?.path;
  }

  // ---------------------------------------------------------------- ladder

  /**
   * The fidelity ladder: the core's runLadder in the worker — one holdout of persons, every level
   * generated from the rest and evaluated against it. The rungs name their dataset, so the view
   * never shows them for another.
   */
  async runLadder(path: string, options: { rows?: number; seed?: number } & RunControl, onRung: (rungs: LadderRung[]) => void): Promise<LadderRung[]> {
    if (!(await requireTrust('The fidelity ladder'))) throw new JobError('input', 'the workspace is not trusted');
    const settings = this.settings;
    const dataset = nodePath.resolve(path);
    const rungs: LadderRung[] = LADDER_LEVELS.map((level) => ({ level, dataset, status: 'pending', report: null }));
    onRung(rungs.map((r) => ({ ...r })));
    // One job makes every rung (they share one holdout): all run together.
    for (const rung of rungs) rung.status = 'running';
    onRung(rungs.map((r) => ({ ...r })));
    const outPaths = Object.fromEntries(LADDER_LEVELS.map((level) => [level, twinPathFor(path, level, settings)])) as Record<LadderLevel, string>;
    const outputs = LADDER_LEVELS.flatMap((level) => {
      const twin = outPaths[level];
      const e = evaluationPathsFor(twin);
      return [twin, recipePathForTwin(twin), e.json, e.html];
    });
    try {
      const result = await runJob(this._s, `Fidelity ladder of ${nodePath.basename(path)}`, 'ladder', {
        data: path, outPaths, rows: options.rows, seed: options.seed, missingTokens: settings.missingValueTokens,
        threshold: settings.rareCategoryThreshold, sampleSize: settings.evaluationSampleSize, webviewDir: this.webviewDir,
      }, outputs, options);
      if (!result) throw new JobError('cancelled', 'cancelled');
      for (const rung of rungs) {
        const done = result.rungs.find((r) => r.level === rung.level);
        if (done) Object.assign(rung, { status: 'done', report: done.report, madeFrom: done.madeFrom });
      }
      this._s.refresh();
    } catch (err) {
      const cancelled = err instanceof JobError && err.kind === 'cancelled';
      for (const rung of rungs) {
        rung.status = 'failed';
        rung.error = cancelled ? 'Cancelled' : `Fidelity ladder failed: ${reasonOf(err)}`;
      }
      this._s.log.error(rungs[0].error!);
    }
    onRung(rungs.map((r) => ({ ...r })));
    return rungs;
  }

  // ---------------------------------------------------------------- sample

  /** Writes (once) and opens the built-in fictional hospital-admissions sample. */
  async openSample(arg?: vscode.Uri | SampleCommandOptions, more?: SampleCommandOptions): Promise<{ path: string } | undefined> {
    const { options } = splitArgs<SampleCommandOptions>(arg, more);
    return this._guard('Open sample', async () => {
      // An untrusted workspace is not written to: the sample goes to the extension's own storage.
      const folder = options.folder
        ?? (vscode.workspace.isTrusted ? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath : undefined)
        ?? this._s.context.globalStorageUri.fsPath;
      const path = nodePath.join(folder, SAMPLE_RELATIVE_PATH);
      if (!fs.existsSync(path) || options.rows !== undefined) {
        const r = await runJob(this._s, 'Writing the sample dataset', 'sample', { path, rows: options.rows }, [path], options);
        if (!r) return undefined;
        this._s.log.info(`wrote the sample: ${r.rows} rows, ${r.bytes} bytes → ${path}`);
        this._s.refresh();
      }
      if (options.open !== false) await vscode.window.showTextDocument(vscode.Uri.file(path), { preview: false });
      return { path };
    });
  }

  // ---------------------------------------------------------------- dashboard

  /** Opens the dashboard; with a data file, shows its saved metadata in the Profile view. */
  openDashboard(arg?: vscode.Uri | DashboardCommandOptions): void {
    const { uri, options } = splitArgs<DashboardCommandOptions>(arg, undefined);
    // From the tree's metadata item the argument is the node, which names its dataset.
    const nodeData = (arg as { entry?: { path?: unknown } } | undefined)?.entry?.path;
    const path = options.path ?? (typeof nodeData === 'string' ? nodeData : uri && isDataFile(uri.fsPath) ? uri.fsPath : undefined);
    let view = options.view;
    if (path) {
      const metadataPath = metadataPathFor(path, this.settings);
      const metadata = readMetadata(metadataPath);
      if (metadata) {
        this._s.dashboard().setProfile(path, metadata, metadataPath, {});
        view ??= 'profile';
      }
    }
    this._s.dashboard().show(view);
  }

  // ---------------------------------------------------------------- helpers

  /** Folder of the dashboard bundle (dist/webview). */
  get webviewDir(): string {
    return nodePath.join(this._s.context.extensionPath, 'dist', 'webview');
  }

  /**
   * Ends a flow that did not run, saying why: in the log, and as a notice when `notify`
   * (the flow stopped for a reason the user may not expect) or in the status bar when the
   * user closed a question themselves. Returns undefined for `return this._stop(…)`.
   */
  private _stop(action: string, why: string, notify = false): undefined {
    const text = `${action} not started: ${why}.`;
    this.lastStop = text;
    this._s.log.info(text);
    if (notify) void this.prompts.info(text);
    else this.prompts.status(text);
    return undefined;
  }

  /**
   * The holdout: a file path, null for none, RECORDED_HOLDOUT for the core's default (`held`: the
   * persons the twin's recipe records as held out, or the share a release pack holds out), undefined
   * when the question was closed. The default comes first.
   */
  private async _pickHoldout(real: string, held: 'recorded' | 'share' | null): Promise<string | null | typeof RECORDED_HOLDOUT | undefined> {
    const none = { label: 'No holdout', detail: 'Privacy figures are then upper bounds, not measured risks', choice: 'none' as const };
    const file = { label: '$(file) Choose a holdout file…', detail: 'Real records of the same kind NOT used to make the twin', choice: 'file' as const };
    const recorded = held === 'recorded'
      ? { label: 'The persons held out when this twin was made', description: '(default)', detail: 'Recorded in its recipe; privacy is measured against them', choice: 'default' as const }
      : held === 'share'
        ? { label: `Hold out ${Math.round(DEFAULT_HOLDOUT_SHARE * 100)}% of persons`, description: '(default)', detail: 'Held out before fitting; privacy is measured against them', choice: 'default' as const }
        : null;
    const items = recorded ? [recorded, file, none] : [file, none];
    const picked = await this.prompts.quickPick(items, { title: 'Holdout (real records not used for the twin)', placeHolder: 'With a holdout, privacy risks are measured against a baseline' });
    if (!picked) return undefined;
    if (picked.choice === 'default') return RECORDED_HOLDOUT;
    if (picked.choice === 'none') return null;
    const chosen = await this.prompts.openDialog({
      canSelectMany: false, openLabel: 'Use as Holdout', title: 'Holdout file',
      defaultUri: vscode.Uri.file(nodePath.dirname(real)), filters: { Data: DATA_EXTENSIONS },
    });
    return chosen?.[0]?.fsPath;
  }

  /**
   * Custodian and contact for EULA.md and the checklist: from the options, else the settings,
   * else asked (interactive flows). Empty answers leave them unnamed (the checklist says so).
   * Undefined when a question was closed.
   */
  private async _releaseParties(options: ReleaseCommandOptions, settings: TwinSettings, interactive: boolean): Promise<{ custodian?: string; contact?: string } | undefined> {
    let custodian = options.custodian ?? (settings.custodian || undefined);
    let contact = options.contact ?? (settings.contact || undefined);
    if (interactive && custodian === undefined) {
      const text = await this.prompts.inputBox({
        title: 'Data custodian', prompt: 'The organisation responsible for the real data, named in EULA.md and the data card (setting: Synthetic Twin: Custodian).',
        placeHolder: 'e.g. Example NHS Foundation Trust',
      });
      if (text === undefined) return undefined;
      custodian = text.trim() || undefined;
    }
    if (interactive && contact === undefined) {
      const text = await this.prompts.inputBox({
        title: 'Contact', prompt: 'Who to contact with questions or a suspected disclosure, named in EULA.md (setting: Synthetic Twin: Contact).',
        placeHolder: 'e.g. data.access@example.nhs.uk',
      });
      if (text === undefined) return undefined;
      contact = text.trim() || undefined;
    }
    return { custodian, contact };
  }

  /** The real data of a twin: from its recipe (data source), or the data behind its metadata. */
  private _realOf(synthetic: string): string | undefined {
    const twin = readTwin(recipePathForTwin(synthetic));
    if (!twin) return undefined;
    if (!twin.sourcePath.endsWith('.json')) return fs.existsSync(twin.sourcePath) ? twin.sourcePath : undefined;
    const known = this._dataOfMetadata.get(nodePath.resolve(twin.sourcePath));
    return known && fs.existsSync(known) ? known : undefined;
  }

  /** The metadata a twin was made from: its recipe's, else the reviewed metadata of the real file. */
  private _metadataOfTwin(synthetic: string, real: string): Metadata | undefined {
    const recipe = readJson<{ metadata?: unknown }>(recipePathForTwin(synthetic));
    return (recipe?.metadata ? metadataFromJson(recipe.metadata) as Metadata : undefined) ?? readMetadata(metadataPathFor(real, this.settings)) ?? undefined;
  }

  private _columnsOf(synthetic: string, real: string): { name: string; type: string }[] {
    return (this._metadataOfTwin(synthetic, real)?.columns ?? []).filter((c) => !c.excluded).map((c) => ({ name: c.name, type: c.type }));
  }

  /** Columns the review left out of the twin: evaluated without them. */
  private _excludedColumns(synthetic: string, real: string): string[] {
    return (this._metadataOfTwin(synthetic, real)?.columns ?? []).filter((c) => c.excluded).map((c) => c.name);
  }

  private async _seed(settings: TwinSettings, interactive: boolean): Promise<number | undefined | null> {
    switch (settings.seedBehaviour) {
      case 'fixed':
        return undefined;
      case 'random':
        // A fresh seed, recorded in the recipe so the twin can still be reproduced.
        return randomInt(1, 2 ** 31 - 1);
      case 'ask':
        return interactive ? askSeed(this.prompts) : undefined;
      default: {
        const never: never = settings.seedBehaviour;
        return never;
      }
    }
  }

  /** The active editor's data file, or a quick pick of the workspace's datasets, or the open dialog. */
  private async _pickDataset(title: string): Promise<string | undefined> {
    const active = vscode.window.activeTextEditor?.document.uri;
    if (active?.scheme === 'file' && isDataFile(active.fsPath) && !isTwinFile(active.fsPath)) return active.fsPath;
    const uris = (await vscode.workspace.findFiles(DATA_GLOB, EXCLUDE_GLOB, 500)).filter((u) => !isTwinFile(u.fsPath));
    const browse = '$(folder-opened) Browse…';
    const items: vscode.QuickPickItem[] = [
      ...uris.map((u) => ({ label: nodePath.basename(u.fsPath), description: nodePath.dirname(vscode.workspace.asRelativePath(u)), detail: undefined })),
      { label: browse, description: 'Choose a file outside the workspace' },
    ];
    const picked = await this.prompts.quickPick(items, { title, placeHolder: 'Datasets in this workspace', matchOnDescription: true });
    if (!picked) return undefined;
    if (picked.label === browse) {
      const chosen = await this.prompts.openDialog({ canSelectMany: false, filters: { Data: DATA_EXTENSIONS } });
      return chosen?.[0]?.fsPath;
    }
    return uris[items.indexOf(picked)]?.fsPath;
  }

  /** A quick pick of the workspace's twins (of one dataset, when given). */
  private async _pickTwin(real: string | undefined): Promise<string | undefined> {
    const active = vscode.window.activeTextEditor?.document.uri;
    if (!real && active?.scheme === 'file' && isTwinFile(active.fsPath)) return active.fsPath;
    const datasets = await scanWorkspace(this.settings);
    const twins = datasets.filter((d) => !real || nodePath.resolve(d.path) === nodePath.resolve(real)).flatMap((d) => d.twins.map((t) => ({ d, t })));
    if (twins.length === 0) {
      void this.prompts.info('No twins in this workspace yet: generate one first.');
      return undefined;
    }
    const picked = await this.prompts.quickPick(twins.map(({ d, t }) => ({
      label: nodePath.basename(t.twinPath), description: `${t.level} · ${datasetName(d.path)}`, detail: vscode.workspace.asRelativePath(t.twinPath), path: t.twinPath,
    })), { title: 'Evaluate which twin?' });
    return picked?.path;
  }

  /** Runs a command body, turning failures into "<Action> failed: <reason>" with Show Log. */
  private async _guard<T>(action: string, body: () => Promise<T | undefined>): Promise<T | undefined> {
    try {
      return await body();
    } catch (e) {
      if (e instanceof JobError && e.kind === 'cancelled') return undefined;
      this.lastFailure = `${action} failed: ${reasonOf(e)}`;
      showFailure(this._s.log, action, reasonOf(e), e instanceof JobError ? e.detail : e instanceof Error ? e.stack : undefined);
      return undefined;
    }
  }
}

/** The reason part of a failure message: one line, no stack. */
export function reasonOf(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/[\r\n]+/g, ' ').trim();
}

/** Commands get (uri, uris) from the Explorer, (options) from tests and the walkthrough. */
function splitArgs<O>(arg: unknown, more: unknown): { uri?: vscode.Uri; options: O } {
  if (arg instanceof vscode.Uri) return { uri: arg, options: (isPlainObject(more) ? more : {}) as O };
  if (isPlainObject(arg) && typeof (arg as { fsPath?: unknown }).fsPath === 'string' && typeof (arg as { scheme?: unknown }).scheme === 'string') {
    return { uri: vscode.Uri.file((arg as { fsPath: string }).fsPath), options: {} as O };
  }
  if (isPlainObject(arg) && 'uri' in arg && (arg as { uri: unknown }).uri instanceof vscode.Uri) {
    // A node of the Synthetic Twin tree.
    return { uri: (arg as { uri: vscode.Uri }).uri, options: {} as O };
  }
  return { options: (isPlainObject(arg) ? arg : {}) as O };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Writing needs a trusted workspace: asks for trust and says why; true when trusted. */
export async function requireTrust(action: string, prompts: Prompts = editorPrompts): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const choice = await prompts.warning(`${action} writes files, which needs a trusted workspace. Profiling and viewing work without trust.`, {}, 'Manage Workspace Trust');
  if (choice === 'Manage Workspace Trust') await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}

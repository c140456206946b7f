/** Evaluate Twin Against Real Data, and the report's export to a standalone evaluation.html. */
import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import type { EvaluationReport } from '../../core';
import { JobError } from '../jobs';
import { evaluationPathsFor, isDataFile, isRecipeFile, isTwinFile } from '../paths';
import { runJob, type RunControl } from '../progress';
import { readTwin } from '../workspaceIndex';
import { pickTarget } from './ask';
import { requireTrust, type CommandHost } from './host';
import { pickDataset, pickHoldout, pickTwin, RECORDED_HOLDOUT } from './pick';
import { columnsOfTwin, dataOfTwin, excludedColumnsOfTwin, recordedHoldoutOf } from './sources';
import { t } from '../../core';

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

export interface EvaluateResult { report: EvaluationReport; jsonPath: string | null; htmlPath: string | null }

/** The command: the twin and its real data from the options, the Explorer, the recipe or pickers. */
export async function evaluateCommand(host: CommandHost, uri: vscode.Uri | undefined, options: EvaluateCommandOptions): Promise<EvaluateResult | undefined> {
  let synthetic = options.synthetic;
  let real = options.real;
  if (!synthetic && uri) {
    if (isRecipeFile(uri.fsPath)) synthetic = readTwin(uri.fsPath)?.twinPath;
    else if (isTwinFile(uri.fsPath)) synthetic = uri.fsPath;
    else if (isDataFile(uri.fsPath)) real = real ?? uri.fsPath;
  }
  synthetic ??= await pickTwin(host.prompts, host.settings, real);
  if (!synthetic) return host.stop(t('Evaluation'), t('no twin was chosen'));
  real ??= (await dataOfTwin(host, synthetic)) ?? (await pickDataset(host.prompts, t('Real data to compare {0} with', nodePath.basename(synthetic))));
  if (!real) return host.stop(t('Evaluation'), t('no real data file was chosen'));
  let target = options.target;
  if (target === undefined) {
    const picked = await pickTarget(host.prompts, columnsOfTwin(host, synthetic, real));
    if (picked === undefined) return host.stop(t('Evaluation'), t('no target column was chosen'));
    target = picked;
  }
  let holdout = options.holdout;
  if (holdout === undefined) {
    const picked = await pickHoldout(host.prompts, real, recordedHoldoutOf(synthetic) ? 'recorded' : null);
    if (picked === undefined) return host.stop(t('Evaluation'), t('the holdout question was not answered'));
    holdout = picked === RECORDED_HOLDOUT ? undefined : picked;
  }
  const r = await evaluatePaths(host, real, synthetic, { ...options, target, holdout });
  return r ?? host.stop(t('Evaluation'), t('it was cancelled'));
}

/** Evaluates a twin against its real data; writes evaluation.json and evaluation.html beside the twin (trusted workspaces). */
export async function evaluatePaths(host: CommandHost, real: string, synthetic: string, options: EvaluateCommandOptions = {}): Promise<EvaluateResult | undefined> {
  const { settings, services: s } = host;
  const paths = evaluationPathsFor(synthetic);
  const write = vscode.workspace.isTrusted;
  const result = await runJob(s, t('Evaluating {0}', nodePath.basename(synthetic)), 'evaluate', {
    real, synthetic, holdout: options.holdout ?? undefined, recipeHoldout: options.holdout === null ? false : undefined, target: options.target ?? undefined,
    sampleSize: options.sampleSize ?? settings.evaluationSampleSize, seed: options.seed ?? 1,
    missingTokens: settings.missingValueTokens,
    exclude: excludedColumnsOfTwin(host, synthetic, real),
    jsonOut: write ? paths.json : undefined, htmlOut: write ? paths.html : undefined, webviewDir: host.webviewDir,
  }, write ? [paths.json, paths.html] : [], options);
  if (!result) return undefined;
  const f = result.report.fidelity;
  s.log.info(`evaluated ${synthetic} against ${real}: fidelity ${f.score.toFixed(3)}`);
  s.refresh();
  if (options.updateDashboard !== false) s.dashboard().setEvaluation(result.report, synthetic, real);
  if (options.show !== false) s.dashboard().show('evaluation');
  return { report: result.report, jsonPath: write ? paths.json : null, htmlPath: write ? paths.html : null };
}

/** Writes a report as a standalone evaluation.html. */
export async function exportHtml(host: CommandHost, report: EvaluationReport, out: string): Promise<string> {
  if (!(await requireTrust(t('Exporting the report')))) throw new JobError('input', 'the workspace is not trusted');
  const r = await runJob(host.services, t('Exporting evaluation.html'), 'exportHtml', { report, out, webviewDir: host.webviewDir }, [out]);
  if (!r) throw new JobError('cancelled', 'cancelled');
  return r.path;
}

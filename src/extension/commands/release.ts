/**
 * Create Release Pack: the whole `twin release --metadata` in one step, from the dataset's reviewed
 * metadata (its decisions honoured, its sign-off carried) with the core's createReleasePack.
 */
import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import type { LadderLevel } from '../../protocol/messages';
import { PACK_FILES, packFilesWritten, packLayout, t } from '../../core';
import { isRecipeFile, isTwinFile, metadataPathFor, twinFolderFor } from '../paths';
import { runJob, type RunControl } from '../progress';
import { readMetadata, readTwin } from '../workspaceIndex';
import { pickLevel, pickTarget } from './ask';
import { requireTrust, type CommandHost } from './host';
import { askReleaseParties, pickDataset, pickHoldout, RECORDED_HOLDOUT, seedFor } from './pick';
import { profilePath } from './profile';
import { dataOfTwin } from './sources';
import { goOnUnsigned, unsignedReason } from './unsigned';
import { isLinkedDataset, releaseLinkedPath, type LinkedReleaseResult } from './linked';
import { levelWord } from '../tree';

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
  /** A linked dataset only: persons in the twin (default as many as the real data). */
  persons?: number;
}

export interface ReleaseResult { dir: string; files: string[]; audit: { status: 'pass' | 'warn' | 'fail'; findings: number; results: string } }

/** Creates the pack in `<output folder>/<name>-<level>/`, asking what the options leave open. */
export async function releaseCommand(host: CommandHost, uri: vscode.Uri | undefined, options: ReleaseCommandOptions): Promise<ReleaseResult | LinkedReleaseResult | undefined> {
  const { settings, prompts, services: s } = host;
  if (!(await requireTrust(t('Creating a release pack'), prompts))) return host.stop(t('Release pack'), t('the workspace is not trusted, and a pack writes files'), true);
  let path = options.path ?? uri?.fsPath;
  if (path && isRecipeFile(path)) path = await dataOfTwin(host, readTwin(path)?.twinPath);
  else if (path && isTwinFile(path)) path = await dataOfTwin(host, path);
  path ??= await pickDataset(prompts, t('Create a release pack for which dataset?'));
  if (!path) return host.stop(t('Release pack'), t('no dataset was chosen'));
  if (isLinkedDataset(path)) return releaseLinkedPath(host, path, options);
  const data = path;
  const interactive = options.level === undefined;
  const level = options.level ?? (await pickLevel(prompts, settings.defaultLevel));
  if (!level) return host.stop(t('Release pack'), t('no fidelity level was chosen'));
  const metadataPath = metadataPathFor(data, settings);
  const metadata = readMetadata(metadataPath);
  let target = options.target;
  if (target === undefined && interactive) {
    const picked = await pickTarget(prompts, (metadata?.columns ?? []).filter((c) => !c.excluded).map((c) => ({ name: c.name, type: c.type })));
    if (picked === undefined) return host.stop(t('Release pack'), t('no target column was chosen'));
    target = picked;
  }
  let holdout = options.holdout;
  if (holdout === undefined && interactive) {
    const picked = await pickHoldout(prompts, data, 'share');
    if (picked === undefined) return host.stop(t('Release pack'), t('the holdout question was not answered'));
    holdout = picked === RECORDED_HOLDOUT ? undefined : picked;
  }
  const seed = options.seed ?? (await seedFor(prompts, settings, interactive));
  if (seed === null) return host.stop(t('Release pack'), t('the seed was not given'));
  const parties = await askReleaseParties(prompts, options, settings, interactive);
  if (!parties) return host.stop(t('Release pack'), t('the custodian and contact were not given'));
  // The pack is made from the reviewed metadata (as `twin release --metadata`): it honours every
  // decision and carries the sign-off, which must still hold unless the person chooses otherwise.
  const why = unsignedReason(metadata);
  if (why && !(await goOnUnsigned(host, why, options.confirmUnsigned, {
    action: t('Release pack'), what: `creating the release pack of ${data}`, question: (w) => t('Create the release pack although {0}?', w),
    detail: t('Its metadata.json will carry no sign-off, and the release checklist will show that to the output checker as a failed item.'),
    goOn: t('Create Without Sign-off'), goingOn: t('creating the pack anyway'), again: t('create the pack'), review: () => profilePath(host, data),
  }))) return undefined;
  const dir = twinFolderFor(data, level, settings);
  // Every file the pack's creation writes, for clean-up on cancel.
  const outputs = packFilesWritten(packLayout(dir, data));
  const result = await runJob(s, t('Creating the {0} release pack of {1}', levelWord(level), nodePath.basename(data)), 'release', {
    data, level, dir, rows: options.rows, seed,
    epsilon: options.epsilon ?? undefined, target: target ?? undefined, holdout: holdout ?? undefined, holdoutShare: holdout === null ? 0 : undefined, custodian: parties.custodian, contact: parties.contact,
    metadata: metadata ? metadataPath : undefined, allowUnsigned: why !== null,
    missingTokens: settings.missingValueTokens, threshold: settings.rareCategoryThreshold,
    sampleSize: settings.evaluationSampleSize,
  }, outputs, options);
  if (!result) return host.stop(t('Release pack'), t('it was cancelled'));
  s.log.info(`release pack: ${result.files.length} files in ${result.dir}; disclosure audit ${result.audit.status} (${result.audit.findings} findings, ${result.audit.results})`);
  s.refresh();
  if (options.show !== false) notifyPack(host, result);
  return result;
}

/** The notice after a pack: the audit's outcome (a warning when it failed) and where to look. */
function notifyPack(host: CommandHost, result: ReleaseResult): void {
  const where = vscode.workspace.asRelativePath(result.dir);
  const passed = result.audit.status !== 'fail';
  const text = passed
    ? result.audit.status === 'warn'
      ? t('Release pack created: {0} ({1} files). Disclosure audit passed with {2} warnings.', where, result.files.length, result.audit.findings)
      : t('Release pack created: {0} ({1} files). Disclosure audit passed.', where, result.files.length)
    : t('Release pack created: {0}, but the disclosure audit FAILED: {1} findings. Do not release it as it is; the findings are in results.json.', where, result.audit.findings);
  const [openResults, openChecklist, reveal] = [t('Open Audit Results'), t('Open Checklist'), t('Reveal in Explorer')];
  const actions = [openResults, openChecklist, reveal];
  host.lastNotice = (passed ? host.prompts.info(text, ...actions) : host.prompts.warning(text, {}, ...actions))
    .then((choice) => {
      if (choice === openResults) return vscode.commands.executeCommand('vscode.open', vscode.Uri.file(result.audit.results));
      if (choice === openChecklist) return vscode.commands.executeCommand('vscode.open', vscode.Uri.file(nodePath.join(result.dir, PACK_FILES.checklist)));
      if (choice === reveal) return vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(result.dir));
      return undefined;
    });
}

/**
 * Generate Synthetic Twin: structural and statistical twins come from the reviewed metadata (never
 * reading a real record); correlated twins are fitted on the data with the review's decisions applied.
 */
import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import type { LadderLevel } from '../../protocol/messages';
import { isRecipeFile, metadataPathFor, recipePathForTwin, twinPathFor } from '../paths';
import { runJob, type RunControl } from '../progress';
import { readMetadata, readTwin } from '../workspaceIndex';
import { askEpsilon, askRows, pickLevel } from './ask';
import { requireTrust, type CommandHost } from './host';
import { pickDataset, seedFor } from './pick';
import { levelWord } from '../tree';
import { profilePath } from './profile';
import { goOnUnsigned, unsignedReason } from './unsigned';
import { generateLinkedPath, isLinkedDataset, type LinkedGenerateResult } from './linked';
import { t } from '../../core';

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
  /** A linked dataset only: persons in the twin (default as many as the real data). */
  persons?: number;
  /** A linked dataset only: evaluate the twin against the real tables afterwards (default true). */
  evaluate?: boolean;
}

export interface GenerateResult { path: string; outPath: string; recipePath: string; level: LadderLevel; rows: number; fromMetadata: boolean }

const unsignedDetail = (): string => t('A person should check the metadata the twin is made from (column types, merged categories, left-out columns) and sign it off before a twin is made. "Review Metadata First" opens it in the Profile view.');

/** The command: the data file (or a recipe's) from the options, the Explorer or a picker. */
export async function generateCommand(host: CommandHost, uri: vscode.Uri | undefined, options: GenerateCommandOptions): Promise<GenerateResult | LinkedGenerateResult | undefined> {
  if (!(await requireTrust(t('Generating a twin'), host.prompts))) return host.stop(t('Generation'), t('the workspace is not trusted, and generating writes files'), true);
  let path = options.path ?? uri?.fsPath ?? (await pickDataset(host.prompts, t('Generate a twin of which dataset?')));
  if (!path) return host.stop(t('Generation'), t('no dataset was chosen'));
  if (isRecipeFile(path)) path = readTwin(path)?.sourcePath ?? path;
  if (isLinkedDataset(path)) return generateLinkedPath(host, path, options);
  return generatePath(host, path, options);
}

/** Generates a twin of a data file, asking what the options leave open. */
export async function generatePath(host: CommandHost, path: string, options: GenerateCommandOptions = {}): Promise<GenerateResult | undefined> {
  const { settings, prompts, services: s } = host;
  const interactive = options.level === undefined;
  const level = options.level ?? (await pickLevel(prompts, settings.defaultLevel));
  if (!level) return host.stop(t('Generation'), t('no fidelity level was chosen'));
  const metadataPath = metadataPathFor(path, settings);
  const metadata = readMetadata(metadataPath);
  const rows = options.rows ?? (interactive ? await askRows(prompts, metadata?.dataset.rows) : undefined);
  if (rows === null) return host.stop(t('Generation'), t('the number of rows was not given'));
  const seed = options.seed ?? (await seedFor(prompts, settings, interactive));
  if (seed === null) return host.stop(t('Generation'), t('the seed was not given'));
  const epsilon = options.epsilon !== undefined ? options.epsilon ?? undefined : interactive && level !== 'structural' ? await askEpsilon(prompts) : undefined;
  if (epsilon === null) return host.stop(t('Generation'), t('the differential-privacy choice was not made'));

  // From the reviewed metadata when possible (never reading a real record); correlated twins need a model fitted on the data.
  const fromMetadata = metadata !== null && level !== 'correlated' && !(level === 'statistical' && epsilon !== undefined);
  const why = unsignedReason(metadata);
  if (why && !(await goOnUnsigned(host, why, options.confirmUnsigned, {
    action: t('Generation'), what: `generating the ${level} twin of ${path}`, question: (w) => t('Generate a {0} twin although {1}?', levelWord(level), w),
    detail: unsignedDetail(), goOn: t('Generate Anyway'), goingOn: t('generating anyway'), again: t('generate'), review: () => profilePath(host, path),
  }))) return undefined;
  const out = options.out ?? twinPathFor(path, level, settings);
  const recipePath = recipePathForTwin(out);
  const input = fromMetadata ? metadataPath : path;
  if (fromMetadata) host.rememberData(metadataPath, path);
  const result = await runJob(s, t('Generating {0} twin of {1}', levelWord(level), nodePath.basename(path)), 'generate',
    // A correlated twin is fitted on the data file, with the reviewed metadata's decisions applied.
    { input, level, rows, seed, epsilon, out, threads: settings.threads, missingTokens: settings.missingValueTokens, threshold: metadata?.disclosure.threshold ?? settings.rareCategoryThreshold,
      metadata: !fromMetadata && metadata ? metadataPath : undefined, allowUnsigned: why !== null },
    [out, recipePath], options);
  if (!result) return host.stop(t('Generation'), t('it was cancelled'));
  s.log.info(`generated ${result.rows} rows (${level}, ${result.method}, seed ${result.seed}) → ${result.outPath}`);
  s.refresh();
  if (options.show !== false) {
    const [openTwin, evaluate] = [t('Open Twin'), t('Evaluate')];
    host.lastNotice = prompts.info(t('Generated a {0} twin: {1} ({2} rows).', levelWord(level), nodePath.basename(result.outPath), result.rows.toLocaleString('en-GB')), openTwin, evaluate)
      .then(async (choice) => {
        if (choice === openTwin) await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(result.outPath));
        // This twin, against the data it was made from (not a pick among the workspace's twins).
        if (choice === evaluate) return host.evaluateTwin({ synthetic: result.outPath, real: path });
        return undefined;
      });
  }
  return { path, outPath: result.outPath, recipePath: result.recipePath, level, rows: result.rows, fromMetadata };
}

/**
 * The choices of files and parties the commands ask for: a dataset, a twin, a holdout, the
 * custodian and contact, and the seed as the settings say.
 */
import { randomInt } from 'node:crypto';
import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_HOLDOUT_SHARE, t } from '../../core';
import { levelWord } from '../tree';
import type { TwinSettings } from '../config';
import { datasetName, DATA_GLOB, EXCLUDE_GLOB, isDataFile, isTwinFile } from '../paths';
import type { Prompts } from '../prompts';
import { scanWorkspace } from '../workspaceIndex';
import { askSeed } from './ask';

/** The holdout choice "the core's default": the persons recorded as held out, or a release pack's default share. */
export const RECORDED_HOLDOUT = 'default-holdout' as const;

/** File types the open dialogs offer. */
const DATA_EXTENSIONS = ['csv', 'tsv', 'txt', 'parquet', 'arrow', 'feather'];

/** The active editor's data file, or a quick pick of the workspace's datasets, or the open dialog. */
export async function pickDataset(prompts: Prompts, title: string): Promise<string | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file' && isDataFile(active.fsPath) && !isTwinFile(active.fsPath)) return active.fsPath;
  const uris = (await vscode.workspace.findFiles(DATA_GLOB, EXCLUDE_GLOB, 500)).filter((u) => !isTwinFile(u.fsPath));
  const browse = `$(folder-opened) ${t('Browse…')}`;
  const items: vscode.QuickPickItem[] = [
    ...uris.map((u) => ({ label: nodePath.basename(u.fsPath), description: nodePath.dirname(vscode.workspace.asRelativePath(u)), detail: undefined })),
    { label: browse, description: t('Choose a file outside the workspace') },
  ];
  const picked = await prompts.quickPick(items, { title, placeHolder: t('Datasets in this workspace'), matchOnDescription: true });
  if (!picked) return undefined;
  if (picked.label === browse) {
    const chosen = await prompts.openDialog({ canSelectMany: false, filters: { [t('Data')]: DATA_EXTENSIONS } });
    return chosen?.[0]?.fsPath;
  }
  return uris[items.indexOf(picked)]?.fsPath;
}

/** A quick pick of the workspace's twins (of one dataset, when given). */
export async function pickTwin(prompts: Prompts, settings: TwinSettings, real: string | undefined): Promise<string | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  if (!real && active?.scheme === 'file' && isTwinFile(active.fsPath)) return active.fsPath;
  const datasets = await scanWorkspace(settings);
  // A linked twin (a folder) is evaluated when it is generated, not through this picker.
  const twins = datasets.filter((d) => !d.linked && (!real || nodePath.resolve(d.path) === nodePath.resolve(real))).flatMap((d) => d.twins.map((twin) => ({ d, twin })));
  if (twins.length === 0) {
    void prompts.info(t('No twins in this workspace yet: generate one first.'));
    return undefined;
  }
  const picked = await prompts.quickPick(twins.map(({ d, twin }) => ({
    label: nodePath.basename(twin.twinPath), description: `${levelWord(twin.level)} · ${datasetName(d.path)}`, detail: vscode.workspace.asRelativePath(twin.twinPath), path: twin.twinPath,
  })), { title: t('Evaluate which twin?') });
  return picked?.path;
}

/**
 * The holdout: a file path, null for none, RECORDED_HOLDOUT for the core's default (`held`: the
 * persons the twin's recipe records as held out, or the share a release pack holds out), undefined
 * when the question was closed. The default comes first.
 */
export async function pickHoldout(prompts: Prompts, real: string, held: 'recorded' | 'share' | null): Promise<string | null | typeof RECORDED_HOLDOUT | undefined> {
  const none = { label: t('No holdout'), detail: t('Privacy figures are then upper bounds, not measured risks'), choice: 'none' as const };
  const file = { label: `$(file) ${t('Choose a holdout file…')}`, detail: t('Real records of the same kind NOT used to make the twin'), choice: 'file' as const };
  const recorded = held === 'recorded'
    ? { label: t('The persons held out when this twin was made'), description: t('(default)'), detail: t('Recorded in its recipe; privacy is measured against them'), choice: 'default' as const }
    : held === 'share'
      ? { label: t('Hold out {0}% of persons', Math.round(DEFAULT_HOLDOUT_SHARE * 100)), description: t('(default)'), detail: t('Held out before fitting; privacy is measured against them'), choice: 'default' as const }
      : null;
  const items = recorded ? [recorded, file, none] : [file, none];
  const picked = await prompts.quickPick(items, { title: t('Holdout (real records not used for the twin)'), placeHolder: t('With a holdout, privacy risks are measured against a baseline') });
  if (!picked) return undefined;
  if (picked.choice === 'default') return RECORDED_HOLDOUT;
  if (picked.choice === 'none') return null;
  const chosen = await prompts.openDialog({
    canSelectMany: false, openLabel: t('Use as Holdout'), title: t('Holdout file'),
    defaultUri: vscode.Uri.file(nodePath.dirname(real)), filters: { [t('Data')]: DATA_EXTENSIONS },
  });
  return chosen?.[0]?.fsPath;
}

/**
 * Custodian and contact for EULA.md and the checklist: from the options, else the settings,
 * else asked (interactive flows). Empty answers leave them unnamed (the checklist says so).
 * Undefined when a question was closed.
 */
export async function askReleaseParties(
  prompts: Prompts, given: { custodian?: string; contact?: string }, settings: TwinSettings, interactive: boolean,
): Promise<{ custodian?: string; contact?: string } | undefined> {
  let custodian = given.custodian ?? (settings.custodian || undefined);
  let contact = given.contact ?? (settings.contact || undefined);
  if (interactive && custodian === undefined) {
    const text = await prompts.inputBox({
      title: t('Data custodian'), prompt: t('The organisation responsible for the real data, named in EULA.md and the data card (setting: Synthetic Twin: Custodian).'),
      placeHolder: t('e.g. Example NHS Foundation Trust'),
    });
    if (text === undefined) return undefined;
    custodian = text.trim() || undefined;
  }
  if (interactive && contact === undefined) {
    const text = await prompts.inputBox({
      title: t('Contact'), prompt: t('Who to contact with questions or a suspected disclosure, named in EULA.md (setting: Synthetic Twin: Contact).'),
      placeHolder: t('e.g. data.access@example.nhs.uk'),
    });
    if (text === undefined) return undefined;
    contact = text.trim() || undefined;
  }
  return { custodian, contact };
}

/** The seed as the settings say: the core's fixed default (undefined), a fresh one, or asked; null when the question was closed. */
export async function seedFor(prompts: Prompts, settings: TwinSettings, interactive: boolean): Promise<number | undefined | null> {
  switch (settings.seedBehaviour) {
    case 'fixed':
      return undefined;
    case 'random':
      // A fresh seed, recorded in the recipe so the twin can still be reproduced.
      return randomInt(1, 2 ** 31 - 1);
    case 'ask':
      return interactive ? askSeed(prompts) : undefined;
    default: {
      const never: never = settings.seedBehaviour;
      return never;
    }
  }
}

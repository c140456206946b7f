/**
 * The Profile view's review decisions and sign-off, over core/review: the rules live there; this
 * module only reads the saved metadata, asks core, and saves the result as a workspace edit.
 */
import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import {
  applyDecisionsToMetadata, type ColumnType, DECISION_KINDS, decisionsOf, emptyDecisions, type Metadata, metadataToJson, normaliseDecisions,
  readMetadataFile, type ReviewDecisions, signMetadata, type Signer, withSignOffIfHolds, t } from '../../core';
import type { TwinSettings } from '../config';
import { JobError } from '../jobs';
import { metadataPathFor } from '../paths';
import { runJob, type JobServices } from '../progress';
import { readMetadata } from '../workspaceIndex';
import { saveTextWithEdit } from './saveText';

export interface ReviewOutcome {
  metadata: Metadata;
  /** The metadata file written, or null when the workspace is not trusted (shown, not saved). */
  metadataPath: string | null;
  /** Types the profiler inferred (empty when the decision needed no profile). */
  inferredTypes: Record<string, ColumnType>;
}

/**
 * Applies a change to the decisions saved in a dataset's metadata file and saves the result.
 * Exclusions and record rules are applied to the saved metadata alone; a type, identifier mark
 * or threshold re-summarises columns in the worker (from the profile it holds). The saved
 * sign-off is kept only while it holds for the result (core/review's rule).
 */
export async function reviewDataset(s: JobServices, settings: TwinSettings, path: string, change: (d: ReviewDecisions) => void): Promise<ReviewOutcome> {
  const metadataPath = metadataPathFor(path, settings);
  const saved = readMetadata(metadataPath);
  const before = saved ? decisionsOf(saved) : emptyDecisions();
  const after = structuredClone(before);
  change(after);
  const decisions = normaliseDecisions(after);
  const needsProfile = !saved || DECISION_KINDS.some((k) => JSON.stringify(decisions[k.field]) !== JSON.stringify(before[k.field]) && (k.needsData(decisions) || k.needsData(before)));
  let metadata: Metadata;
  let inferredTypes: Record<string, ColumnType> = {};
  if (needsProfile) {
    const result = await runJob(s, t('Reviewing {0}', nodePath.basename(path)), 'review',
      { path, missingTokens: settings.missingValueTokens, threshold: settings.rareCategoryThreshold, decisions, threads: settings.threads }, []);
    if (!result) throw new JobError('cancelled', 'cancelled');
    metadata = result.metadata;
    inferredTypes = result.inferredTypes;
  } else {
    metadata = applyDecisionsToMetadata(saved, decisions, metadataPath);
  }
  metadata = withSignOffIfHolds(metadata, saved?.signOff);
  return { metadata, metadataPath: await save(metadataPath, metadata), inferredTypes };
}

/**
 * Signs a dataset's saved metadata off: one core call (signMetadata) and the file on disk. No
 * job and no profile: a sign-off changes nothing but the sign-off.
 * @throws TwinError('input') when the metadata file is missing or malformed, or the signer lacks a name or role.
 */
export async function signOffDataset(settings: TwinSettings, path: string, signer: Signer): Promise<{ metadata: Metadata; metadataPath: string | null }> {
  const metadataPath = metadataPathFor(path, settings);
  const metadata = signMetadata(readMetadataFile(metadataPath), signer);
  return { metadata, metadataPath: await save(metadataPath, metadata) };
}

async function save(metadataPath: string, metadata: Metadata): Promise<string | null> {
  if (!vscode.workspace.isTrusted) return null;
  await saveTextWithEdit(metadataPath, metadataToJson(metadata));
  return metadataPath;
}

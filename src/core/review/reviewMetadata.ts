import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { JobContext } from '../context';
import { inputError } from '../errors';
import { keyedFingerprint, sameFingerprint } from '../disclosure/fingerprint';
import type { ReadOptions } from '../io';
import type { Metadata } from '../metadata';
import { profileFile } from '../profile/profileFile';
import { checkMetadata } from '../synth/recipe';
import { applyDecisions, applyDecisionsToMetadata, needsDataReason } from './applyDecisions';
import { DECISION_KINDS, decisionsOf, describeDecisions, type ReviewDecisions } from './decisions';
import { signMetadata, withSignOffIfHolds, type Signer } from './signOff';
import { updateDecisions, type ReviewChanges } from './updateDecisions';
import { t } from '../l10n';

/** One review step on a metadata.json file (`twin review`). */
export interface ReviewRequest {
  /** The metadata.json reviewed (read only; never written). */
  metadata: string;
  changes: ReviewChanges;
  /** The data file it describes: needed when a change re-summarises columns (a type, an identifier mark, k). */
  data?: string;
  /** Sign the result off. */
  signer?: Signer;
  /** Missing-value tokens and reader overrides when the data is profiled again (as when the metadata was made). */
  missingTokens?: string[];
  read?: ReadOptions;
  now?: Date;
}

export interface ReviewResult {
  metadata: Metadata;
  /** The decisions in words (all of them, not only this step's). */
  decided: string[];
  /** Whether the data file was profiled again. */
  profiled: boolean;
  /** A sign-off the input carried that no longer holds for the result. */
  withdrawn: Metadata['signOff'] | null;
}

/**
 * Applies a person's changes to the decisions recorded in metadata.json and returns the reviewed
 * metadata: exclusions and rule drops on the metadata alone; changes that re-summarise columns on
 * a fresh profile of the data (which must be the file the metadata describes). The input's
 * sign-off is kept only while it holds; with a signer the result is signed off.
 * @throws TwinError('input') for an unreadable or malformed metadata.json, an unknown column or
 *   type, a change that needs the data when none is given, or data of another version.
 */
export async function reviewMetadata(request: ReviewRequest, ctx: JobContext = {}): Promise<ReviewResult> {
  const file = request.metadata;
  const input = readMetadataFile(file);
  const before = decisionsOf(input);
  const after = updateDecisions(before, request.changes);
  const needsData = DECISION_KINDS.some((k) => k.needsData(after) && JSON.stringify(after[k.field]) !== JSON.stringify(before[k.field]));
  let metadata: Metadata;
  if (needsData) {
    if (request.data === undefined) throw inputError(needsDataReason(changedNeedingData(before, after)), { file });
    metadata = await reprofile(input, after, request, ctx);
  } else {
    metadata = applyDecisionsToMetadata(input, after, file);
  }
  metadata = withSignOffIfHolds(metadata, input.signOff);
  const withdrawn = input.signOff && !metadata.signOff ? input.signOff : null;
  if (request.signer) metadata = signMetadata(metadata, request.signer, request.now ?? new Date());
  return { metadata, decided: describeDecisions(after), profiled: needsData, withdrawn };
}

/** metadata.json as metadata (in memory form). @throws TwinError('input') when it cannot be read or is not metadata. */
export function readMetadataFile(file: string): Metadata {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw inputError(code === 'ENOENT' ? t('file not found') : code === 'EISDIR' ? t('is a folder, not a file') : t('cannot read the file ({0})', code ?? (e as Error).message), { file }, e);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw inputError(t('malformed metadata: not valid JSON ({0})', (e as Error).message), { file }, e);
  }
  return checkMetadata(json, file);
}

async function reprofile(input: Metadata, decisions: ReviewDecisions, request: ReviewRequest, ctx: JobContext): Promise<Metadata> {
  const data = request.data!;
  const { profile } = await profileFile(data, {
    missingTokens: request.missingTokens, personKey: input.dataset.personKey, read: request.read,
    disclosure: { rounding: input.disclosure.rounding, tailQuantile: input.disclosure.tailQuantile, dateResolution: input.disclosure.dateResolution },
  }, ctx);
  if (!sameFingerprint(keyedFingerprint(profile.dataset.fingerprint), input.dataset.fingerprint)) {
    throw inputError(t('was made from another version of {0} (its fingerprint differs); profile the data again', nodePath.basename(data)), { file: request.metadata });
  }
  // The metadata's own settings (k included): a decided k, when there is one, wins over them.
  return applyDecisions(profile, decisions, input.disclosure);
}

function changedNeedingData(before: ReviewDecisions, after: ReviewDecisions): keyof ReviewDecisions {
  const changed = DECISION_KINDS.find((k) => k.needsData(after) && JSON.stringify(after[k.field]) !== JSON.stringify(before[k.field]));
  return changed?.field ?? 'types';
}

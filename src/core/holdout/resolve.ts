import type { JobContext } from '../context';
import type { DatasetSource } from '../io';
import type { DisclosureSettings } from '../metadata';
import { profileDataset, toMetadata } from '../profile';
import { checkHoldoutShare, DEFAULT_HOLDOUT_SEED, DEFAULT_HOLDOUT_SHARE, type HoldoutSplit } from './split';
import { t } from '../l10n';

/** What a caller asks of the holdout: its share (0 = none), seed and person key. */
export interface HoldoutRequest {
  /** Share of persons held out; default {@link DEFAULT_HOLDOUT_SHARE}; 0 holds out nothing. */
  share?: number;
  seed?: number;
  /** The person-key column; default the one the metadata names (declared, or detected by the profiler); null: rows are the persons. */
  personKey?: string | null;
  /** Missing-value spellings and disclosure settings for the profile that finds the person key. */
  missingTokens?: string[];
  disclosure?: Partial<DisclosureSettings>;
}

/** The split a request makes once the person key is known (`found`: the one the profile names, if any); null for share 0. */
export function holdoutSplitOf(request: HoldoutRequest, found: string | undefined): HoldoutSplit | null {
  const share = request.share ?? DEFAULT_HOLDOUT_SHARE;
  if (share === 0) return null;
  checkHoldoutShare(share);
  const personKey = request.personKey === null ? undefined : request.personKey ?? found;
  return { share, seed: request.seed ?? DEFAULT_HOLDOUT_SEED, ...(personKey !== undefined ? { personKey } : {}) };
}

/**
 * The split to make, or null for none (share 0). Without a declared person key, the data is
 * profiled once (cheaply: no associations, small exact limits) and the person key its metadata
 * names is used; rows are the persons when it names none.
 */
export async function resolveHoldoutSplit(source: DatasetSource, request: HoldoutRequest, ctx: JobContext = {}): Promise<HoldoutSplit | null> {
  if ((request.share ?? DEFAULT_HOLDOUT_SHARE) === 0) return null;
  let found: string | undefined;
  if (request.personKey === undefined) {
    ctx.onProgress?.({ stage: t('finding the person key') });
    const profile = await profileDataset(source, {
      missingTokens: request.missingTokens, disclosure: request.disclosure, associationRows: 0, exactRowLimit: 10_000,
    }, ctx);
    found = toMetadata(profile, request.disclosure).dataset.personKey;
  }
  return holdoutSplitOf(request, found);
}

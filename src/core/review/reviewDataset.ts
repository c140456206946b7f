import type { JobContext } from '../context';
import { inputError } from '../errors';
import { sameFingerprint } from '../disclosure/fingerprint';
import type { ReadOptions } from '../io';
import { readDatasetMetadata } from '../synth/linked/datasetInput';
import { profileLinkedDataset } from '../dataset/profileLinked';
import { linkText, type DatasetMetadata } from '../dataset/types';
import { signMetadata, withSignOffIfHolds, type Signer } from './signOff';
import { parseLink, describeLinkDecisions, linkDecisionsOf, sameLinksInUse, updateLinkDecisions, type LinkDecisions } from './linkDecisions';
import { t } from '../l10n';

/** One review step on a dataset's metadata.json (`twin review` on twin-metadata/2). */
export interface DatasetReviewRequest {
  /** The dataset's metadata.json (read only; never written). */
  metadata: string;
  links: LinkDecisions;
  /** The real folder or dataset.json: needed when a link is added or rejected (or a rejection undone). */
  data?: string;
  /** Sign the result off (the whole dataset: every table, link and summary). */
  signer?: Signer;
  missingTokens?: string[];
  read?: ReadOptions;
  now?: Date;
}

export interface DatasetReviewResult {
  metadata: DatasetMetadata;
  /** Every link decision in words (earlier ones included). */
  decided: string[];
  /** Whether the tables were profiled again. */
  profiled: boolean;
  /** A sign-off the input carried that no longer holds for the result. */
  withdrawn: DatasetMetadata['signOff'] | null;
}

/**
 * Applies link decisions to a dataset's metadata.json. Confirming a link in use changes only its
 * status, on the metadata alone. Adding or rejecting a link changes what the diamonds, person keys
 * and summaries rest on, so the tables are profiled again (they must be the tables the metadata was
 * made from: every table's keyed fingerprint is checked) with all decisions, earlier ones included.
 * The input's sign-off is kept only while it holds (as for one table: core/review/signOff); with a
 * signer the result is signed off.
 * @throws TwinError('input') for unreadable or malformed metadata, a decision about a link or
 *   column the dataset does not have, data needed but not given, or tables of another version.
 */
export async function reviewDatasetMetadata(request: DatasetReviewRequest, ctx: JobContext = {}): Promise<DatasetReviewResult> {
  const file = request.metadata;
  const input = readDatasetMetadata(file);
  if (!input) throw inputError(t('link decisions are for the metadata.json of a dataset of several tables (twin-metadata/2)'), { file });
  const before = linkDecisionsOf(input.relationships);
  const after = updateLinkDecisions(before, request.links);
  const decided = describeLinkDecisions(after);
  const reviewed = sameLinksInUse(before, after)
    ? { metadata: confirmLinks(input, request.links.confirmed, file), profiled: false }
    : { metadata: await reprofileDataset(input, after, request, ctx), profiled: true };
  let metadata = withSignOffIfHolds(reviewed.metadata, input.signOff);
  const withdrawn = input.signOff && !metadata.signOff ? input.signOff : null;
  if (request.signer) metadata = signMetadata(metadata, request.signer, request.now ?? new Date());
  return { metadata, decided, profiled: reviewed.profiled, withdrawn };
}

/** The dataset profiled again with these link decisions; its tables must be those the metadata was made from. */
async function reprofileDataset(input: DatasetMetadata, after: LinkDecisions, request: DatasetReviewRequest, ctx: JobContext): Promise<DatasetMetadata> {
  const file = request.metadata;
  if (request.data === undefined) throw inputError(t('adding or rejecting a link changes the diamonds, person keys and summaries: give the real data folder (or its dataset.json)'), { file });
  const { metadata } = await profileLinkedDataset(request.data, {
    links: after, disclosure: input.disclosure, missingTokens: request.missingTokens, read: request.read,
  }, ctx);
  for (const table of input.tables) {
    const now = metadata.tables.find((x) => x.name === table.name);
    if (!now) throw inputError(t('the data has no table {0}, which the metadata describes', JSON.stringify(table.name)), { file });
    if (!sameFingerprint(now.metadata.dataset.fingerprint, table.metadata.dataset.fingerprint)) {
      throw inputError(t('was made from another version of the table {0} (its fingerprint differs); profile the data again', table.name), { file });
    }
  }
  if (metadata.tables.length !== input.tables.length) throw inputError(t('the data has tables the metadata does not describe; profile the data again'), { file });
  return metadata;
}

/** The metadata with found links confirmed (each must be a link it lists and does not reject). */
function confirmLinks(d: DatasetMetadata, confirmed: readonly string[], file: string): DatasetMetadata {
  const tables = d.tables.map((t) => t.name);
  const foreignKeys = d.relationships.foreignKeys.map((f) => ({ ...f }));
  for (const text of confirmed) {
    const link = parseLink(text, tables, file);
    const f = foreignKeys.find((x) => linkText(x) === linkText(link));
    if (!f) throw inputError(t('cannot confirm {0}: the metadata lists no such link (add the link first)', linkText(link)), { file });
    f.status = 'confirmed';
  }
  return { ...d, relationships: { ...d.relationships, foreignKeys } };
}

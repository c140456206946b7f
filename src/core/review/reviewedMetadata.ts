import type { Metadata } from '../metadata';
import { DATASET_METADATA_FORMAT, type DatasetMetadata } from '../dataset/types';
import { describeDecisions, decisionsOf } from './decisions';
import { describeLinkDecisions, linkDecisionsOf } from './linkDecisions';
import { signOffHolds, type SignableMetadata } from './signOff';
import { thresholdProblem } from './threshold';
import { t } from '../l10n';

/**
 * Why reviewed metadata may not be used to make a twin or a release pack, or null: its sign-off
 * must hold (unless the caller chose `allowUnsigned`: the CLI's --allow-unsigned, the editor's
 * "Create Without Sign-off"), and
 * its threshold k may be below the default only as a recorded decision (never overridable). A
 * dataset's metadata.json is one signed whole; each table's k is checked as one table's.
 */
export function reviewedMetadataProblem(metadata: SignableMetadata, options: { allowUnsigned: boolean }): string | null {
  for (const m of tablesOf(metadata)) {
    const k = thresholdProblem(m);
    if (k) return metadata.format === DATASET_METADATA_FORMAT ? t('table {0}: {1}', m.dataset.name, k) : k;
  }
  if (options.allowUnsigned || signOffHolds(metadata)) return null;
  const s = metadata.signOff;
  return s
    ? t('the sign-off by {0} no longer holds: the metadata changed after it was signed; sign it off again, or explicitly allow unsigned metadata', s.name)
    : t('the reviewed metadata is not signed off: sign it off first, or explicitly allow unsigned metadata');
}

/** The sign-off in words for the release checklist: who, when, the note, and what they decided; null without one that holds. */
export function describeSignOff(metadata: SignableMetadata): string | null {
  const s = metadata.signOff;
  if (!s || !signOffHolds(metadata)) return null;
  const decided = metadata.format === DATASET_METADATA_FORMAT
    ? [
      ...describeLinkDecisions(linkDecisionsOf(metadata.relationships)),
      ...metadata.tables.flatMap((table) => describeDecisions(decisionsOf(table.metadata)).map((d) => t('{0}: {1}', table.name, d))),
    ]
    : describeDecisions(decisionsOf(metadata));
  return [
    t('metadata.json signed off by {0} ({1}) on {2}', s.name, s.role, s.date),
    decided.length ? t('decided: {0}', decided.join('; ')) : t('no changes to what the profiler inferred'),
    ...(s.note ? [t('note: “{0}”', s.note)] : []),
  ].join('; ');
}

function tablesOf(metadata: SignableMetadata): Metadata[] {
  return metadata.format === DATASET_METADATA_FORMAT ? (metadata as DatasetMetadata).tables.map((t) => t.metadata) : [metadata];
}

import type { DisclosureSettings, Metadata } from '../metadata';
import type { Profile } from '../profile/types';
import { toMetadata } from '../profile/toMetadata';
import { checkDecisions, DECISION_KINDS, decisionsOf, describeDecisions, normaliseDecisions, type ReviewDecisions } from './decisions';
import { inputError } from '../errors';
import { t } from '../l10n';

/**
 * The disclosure-safe metadata of a profile with a person's decisions applied: changed types
 * and identifier marks re-summarise their columns (only where the profile holds what the new
 * type needs), the threshold k is the person's, excluded columns and dropped rules are marked
 * and recorded as controls. The decisions are written into the metadata (`decisions`) so that a
 * sign-off covers them. No sign-off is carried: a sign-off holds for the metadata it signed
 * (see signOff.ts), and the caller decides whether that is this one.
 * @throws TwinError('input') when a decision names a column the profile lacks or a type a column cannot take.
 */
export function applyDecisions(profile: Profile, decisions: Partial<ReviewDecisions>, settings: Partial<DisclosureSettings> = {}): Metadata {
  const d = normaliseDecisions(decisions);
  checkDecisions(d, profile.columns.map((c) => c.name), profile.dataset.path);
  let decided = profile;
  for (const kind of DECISION_KINDS) if (kind.onProfile) decided = kind.onProfile(decided, d);
  const metadata = toMetadata(decided, { ...settings, ...(d.threshold !== undefined ? { threshold: d.threshold } : {}) });
  return withDecisions(metadata, d);
}

/**
 * Decisions applied to metadata alone, without the data: only kinds that need no new summary
 * (exclusions, dropped rules). The decisions already recorded in the metadata stay; `decisions`
 * are the complete new set.
 * @throws TwinError('input') when a decision needs the data (a type, an identifier mark or the
 *   threshold changed from what the metadata records) or names a column the metadata lacks.
 */
export function applyDecisionsToMetadata(metadata: Metadata, decisions: Partial<ReviewDecisions>, file: string): Metadata {
  const d = normaliseDecisions(decisions);
  checkDecisions(d, metadata.columns.map((c) => c.name), file);
  const before = decisionsOf(metadata);
  for (const kind of DECISION_KINDS) {
    if (!kind.needsData(d) && !kind.needsData(before)) continue;
    if (JSON.stringify(d[kind.field]) !== JSON.stringify(before[kind.field])) {
      throw inputError(needsDataReason(kind.field), { file });
    }
  }
  const { signOff: _withdrawn, decisions: _old, ...rest } = metadata;
  const out = JSON.parse(JSON.stringify(rest)) as Metadata;
  // An exclusion can be undone from metadata alone only when the column's summary is still there, which it is: excluded columns keep theirs in reviewed metadata.
  for (const column of out.columns) {
    if (column.excluded && !d.excluded.includes(column.name)) {
      delete column.excluded;
      out.controls = out.controls.filter((c) => !(c.column === column.name && c.control === 'column-excluded'));
    }
  }
  for (const rule of out.rules ?? []) rule.keep = true;
  return withDecisions(out, d);
}

function withDecisions(metadata: Metadata, d: ReviewDecisions): Metadata {
  for (const kind of DECISION_KINDS) kind.onMetadata?.(metadata, d);
  if (describeDecisions(d).length === 0) return metadata;
  return { ...metadata, decisions: d };
}

/** Why a change of this kind of decision cannot be made from metadata.json alone (it re-summarises columns). */
export function needsDataReason(field: keyof ReviewDecisions): string {
  switch (field) {
    case 'identifiers': return t('changing an identifier mark re-summarises columns from the data: give the data file too');
    case 'threshold': return t('changing the threshold k re-summarises columns from the data: give the data file too');
    default: return t('changing a column\'s type re-summarises columns from the data: give the data file too');
  }
}

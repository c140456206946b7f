import { createHash } from 'node:crypto';
import type { Metadata, SignOff } from '../metadata';
import { DATASET_METADATA_FORMAT, type DatasetMetadata } from '../dataset/types';
import { inputError } from '../errors';
import { withoutExcludedFigures } from '../disclosure/excludedColumns';
import { t } from '../l10n';

/**
 * A sign-off is a person's statement that they reviewed exactly this metadata. It records a
 * digest of what they signed (every field but the sign-off itself and the tool version that wrote
 * the file), so the one rule below holds everywhere — the editor, `twin review`, generation and
 * the release pack: a sign-off holds while the metadata is what was signed, and any later
 * change, by a decision, a re-profile with other figures or a hand edit, withdraws it.
 * The digest is of metadata.json's own content, which is public; it reveals nothing more.
 * A dataset's metadata.json (twin-metadata/2) is signed as one: every table, link and summary.
 */

/** Metadata that can be signed off: one table's, or a linked dataset's. */
export type SignableMetadata = Metadata | DatasetMetadata;

/** Who signs off (the date is the signing day). */
export interface Signer { name: string; role: string; note?: string }

/**
 * SHA-256 (hex) of the metadata's content as signed: canonical JSON, without `signOff` and
 * `generator`, in its released form (an excluded column by name, type and format: its figures are
 * never used or published), so the sign-off of reviewed metadata holds for a release pack's copy.
 * A dataset's digest covers each table's part the same way (without that part's own generator).
 */
export function metadataDigest(metadata: SignableMetadata): string {
  return createHash('sha256').update(canonicalJson(signedContent(metadata))).digest('hex');
}

function signedContent(metadata: SignableMetadata): unknown {
  if (metadata.format === DATASET_METADATA_FORMAT) {
    const { signOff: _s, generator: _g, ...content } = metadata;
    return { ...content, tables: content.tables.map((t) => ({ ...t, metadata: signedContent(t.metadata) })) };
  }
  const { signOff: _s, generator: _g, ...content } = withoutExcludedFigures(metadata);
  return content;
}

/** Whether the metadata carries a sign-off that still holds for it. */
export function signOffHolds(metadata: SignableMetadata): boolean {
  return signOffHoldsFor(metadata, metadata.signOff);
}

/** Whether `signOff` (e.g. an earlier file's) holds for this metadata: it signed exactly this content. */
export function signOffHoldsFor(metadata: SignableMetadata, signOff: SignOff | undefined): boolean {
  return !!signOff && typeof signOff.digest === 'string' && signOff.digest === metadataDigest(metadata);
}

/** The metadata with `signOff` when it holds for it, else without any sign-off. */
export function withSignOffIfHolds<M extends SignableMetadata>(metadata: M, signOff: SignOff | undefined): M {
  const { signOff: _old, ...plain } = metadata;
  return signOffHoldsFor(plain as M, signOff) ? { ...plain, signOff } as M : plain as M;
}

/**
 * The metadata signed off by `signer` on `now`'s date (UTC).
 * @throws TwinError('input') for a missing name or role ({@link signerProblem}).
 */
export function signMetadata<M extends SignableMetadata>(metadata: M, signer: Signer, now: Date = new Date()): M {
  const problem = signerProblem(signer);
  if (problem) throw inputError(problem);
  const { signOff: _old, ...plain } = metadata;
  const note = signer.note?.trim();
  const signOff: SignOff = {
    name: signer.name.trim(), role: signer.role.trim(), date: now.toISOString().slice(0, 10),
    ...(note ? { note } : {}),
    digest: metadataDigest(plain as M),
  };
  return { ...plain, signOff } as M;
}

/** Longest name, role or note kept, in characters. */
const MAX_FIELD = 200;

/** Why a signer cannot sign (a missing name or role, a line break, too long), or null. */
export function signerProblem(signer: Partial<Signer>): string | null {
  for (const field of ['name', 'role'] as const) {
    const v = signer[field];
    if (typeof v !== 'string' || v.trim() === '') return field === 'name' ? t('a sign-off needs the name of the person signing') : t('a sign-off needs the role of the person signing');
  }
  for (const field of ['name', 'role', 'note'] as const) {
    const v = signer[field];
    if (v === undefined) continue;
    if (typeof v !== 'string') return t('the sign-off\'s {0} must be text', fieldWord(field));
    if (/[\r\n]/.test(v) && field !== 'note') return t('the sign-off\'s {0} must be one line', fieldWord(field));
    if (v.trim().length > MAX_FIELD) return t('the sign-off\'s {0} is longer than {1} characters', fieldWord(field), MAX_FIELD);
  }
  return null;
}

/** A signer's field in words (the reasons above name it). */
function fieldWord(field: keyof Signer): string {
  switch (field) {
    case 'name': return t('name');
    case 'role': return t('role');
    default: return t('note');
  }
}

/** JSON with object keys sorted at every level and undefined fields dropped: equal content, equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.keys(value).sort().filter((k) => (value as Record<string, unknown>)[k] !== undefined);
  return `{${entries.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

/**
 * The sign-off a release pack's metadata.json carries: the signer's given now, else the
 * metadata's own (reviewed metadata) or the pack's previous metadata.json's, whichever holds for
 * this metadata, else none. One rule for a table's pack and a dataset's.
 */
export function packSignOff<M extends SignableMetadata>(metadata: M, signer: Signer | undefined, now: Date, previous: SignOff | undefined): M {
  if (signer) return signMetadata(metadata, signer, now);
  if (signOffHolds(metadata)) return metadata;
  return withSignOffIfHolds(metadata, previous);
}

import { linkText, refText, type DatasetMetadata, type LinkOrigin, type LinkStatus } from './types';
import { t } from '../l10n';

const ORIGIN: Record<LinkOrigin, () => string> = { discovered: () => t('discovered'), declared: () => t('declared'), review: () => t('review') };
const STATUS: Record<LinkStatus, () => string> = { proposed: () => t('proposed'), confirmed: () => t('confirmed'), rejected: () => t('rejected') };

/** A link's status (proposed, confirmed, rejected) in the current language; metadata.json keeps the English token. */
export const linkStatusWord = (status: LinkStatus): string => STATUS[status]?.() ?? status;

/** The tables, keys, links and diamonds of a dataset in a few lines, for a person to review (stderr of `twin profile`). */
export function renderRelationships(d: DatasetMetadata): string {
  const r = d.relationships;
  const lines = [t('{0} tables; person table: {1}', d.tables.length, r.personTable ?? t('(none found)'))];
  for (const table of d.tables) {
    const pk = r.primaryKeys.find((k) => k.table === table.name);
    const key = pk ? `  ${pk.origin === 'declared' ? t('key {0} (declared)', pk.column) : t('key {0}', pk.column)}` : '';
    lines.push(`  ${t('{0} ({1}, ~{2} rows)', table.name, table.file, table.metadata.dataset.rows)}${key}`);
  }
  lines.push(t("{0} links (evidence: share of the child's values found in the parent):", r.foreignKeys.length));
  for (const f of r.foreignKeys) {
    const notes = [f.origin === 'discovered' ? t('found {0}, name: {1}', f.evidence.inclusion, f.evidence.name) : ORIGIN[f.origin](), f.optional ? t('optional') : '', f.selfReference ? t('self') : '', f.status !== 'proposed' ? STATUS[f.status]() : ''].filter(Boolean);
    lines.push(`  ${linkText(f)}  (${notes.join(', ')})`);
  }
  if (r.diamonds.length > 0) {
    lines.push(t('{0} diamonds (two paths that agree):', r.diamonds.length));
    for (const m of r.diamonds) lines.push(`  ${refText(m.direct)} = ${m.via.map(refText).join(' → ')} → ${m.ancestor}`);
  }
  return lines.join('\n');
}

import { linkText, refText, type DatasetMetadata } from './types';

/** The tables, keys, links and diamonds of a dataset in a few lines, for a person to review (stderr of `twin profile`). */
export function renderRelationships(d: DatasetMetadata): string {
  const r = d.relationships;
  const lines = [`${d.tables.length} tables; person table: ${r.personTable ?? '(none found)'}`];
  for (const t of d.tables) {
    const pk = r.primaryKeys.find((k) => k.table === t.name);
    lines.push(`  ${t.name} (${t.file}, ~${t.metadata.dataset.rows} rows)${pk ? `  key ${pk.column}${pk.origin === 'declared' ? ' (declared)' : ''}` : ''}`);
  }
  lines.push(`${r.foreignKeys.length} links (evidence: share of the child's values found in the parent):`);
  for (const f of r.foreignKeys) {
    const notes = [f.origin === 'discovered' ? `found ${f.evidence.inclusion}, name: ${f.evidence.name}` : f.origin, f.optional ? 'optional' : '', f.selfReference ? 'self' : '', f.status !== 'proposed' ? f.status : ''].filter(Boolean);
    lines.push(`  ${linkText(f)}  (${notes.join(', ')})`);
  }
  if (r.diamonds.length > 0) {
    lines.push(`${r.diamonds.length} diamonds (two paths that agree):`);
    for (const m of r.diamonds) lines.push(`  ${refText(m.direct)} = ${m.via.map(refText).join(' → ')} → ${m.ancestor}`);
  }
  return lines.join('\n');
}

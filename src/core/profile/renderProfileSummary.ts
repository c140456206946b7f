import type { Profile } from './types';
import { t } from '../l10n';

function pad(s: string, width: number, right = false): string {
  if (s.length > width) s = s.slice(0, width - 1) + '…';
  return right ? s.padStart(width) : s.padEnd(width);
}

/**
 * A compact plain-text table of a profile for stderr: one line per column with its
 * name, type, missing %, distinct count (~ when estimated) and disclosure flags.
 */
export function renderProfileSummary(profile: Profile): string {
  const nameWidth = Math.min(28, Math.max(6, ...profile.columns.map((c) => c.name.length)));
  const lines: string[] = [];
  const d = profile.dataset;
  lines.push(t('{0}: {1} rows × {2} columns ({3} s)', d.name, d.rows.toLocaleString('en-GB'), profile.columns.length, profile.timing.seconds.toFixed(1)));
  lines.push(`${pad(t('column'), nameWidth)}  ${pad(t('type'), 11)}  ${pad(t('missing'), 7, true)}  ${pad(t('distinct'), 9, true)}  ${t('flags')}`);
  for (const c of profile.columns) {
    const missing = `${(c.missingFraction * 100).toFixed(c.missingFraction > 0 && c.missingFraction < 0.001 ? 2 : 1)}%`;
    const distinct = (c.distinct.method === 'exact' ? '' : '~') + c.distinct.count.toLocaleString('en-GB');
    const flags = c.flags.map((f) => f.kind).join(', ');
    lines.push(`${pad(c.name, nameWidth)}  ${pad(c.spec.type, 11)}  ${pad(missing, 7, true)}  ${pad(distinct, 9, true)}  ${flags}`);
  }
  return lines.join('\n');
}

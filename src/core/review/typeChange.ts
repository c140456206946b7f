import { inputError } from '../errors';
import type { ColumnProfile } from '../profile/types';
import type { ColumnType } from '../schema';
import { t } from '../l10n';

/**
 * Why a column of type `from` cannot become `to`, or null when it can. A type is only
 * offered where the profile holds the summary that type needs: any column can be described
 * as categories, text or an identifier; numbers and dates need numeric summaries, and the
 * way the values are written (numbers vs dates, decimals) must fit.
 */
export function typeChangeProblem(from: ColumnType, to: ColumnType, hasNumericSummary: boolean, formatKind: string): string | null {
  if (from === to) return null;
  if (to === 'categorical' || to === 'text' || to === 'identifier') return null;
  if (to === 'boolean') return formatKind === 'boolean' ? null : t('only columns written with two boolean spellings can be boolean');
  if (!hasNumericSummary) return t('the column\'s values are not numbers or dates, so it cannot be {0}', to);
  if ((to === 'date' || to === 'datetime') !== (formatKind === 'date' || formatKind === 'datetime')) {
    return formatKind === 'date' || formatKind === 'datetime'
      ? t('the column is written as dates, so it cannot be {0}', to)
      : t('the column is written as numbers, so it cannot be {0}', to);
  }
  if (to === 'integer' && formatKind === 'number') return t('the column has decimals, so it cannot be integer');
  return null;
}

/**
 * The column profiled as `type`, so the metadata summarises it under that type.
 * @throws TwinError('input') naming the column when it cannot take the type ({@link typeChangeProblem}).
 */
export function retypeColumn(c: ColumnProfile, type: ColumnType): ColumnProfile {
  if (type === c.spec.type) return c;
  const reason = typeChangeProblem(c.spec.type, type, c.numeric !== undefined, c.spec.format.kind);
  if (reason) throw inputError(reason, { column: c.name });
  const format = type === 'categorical' || type === 'text' || type === 'identifier'
    ? (c.spec.format.kind === 'string' ? c.spec.format : { kind: 'string' as const })
    : c.spec.format;
  return { ...c, spec: { ...c.spec, type, format } };
}

import { inputError } from '../errors';
import type { Table } from '../schema';
import { t } from '../l10n';

/**
 * Checks that `other` has exactly the real table's columns (any order) with the same
 * in-memory kind, and at least one row when `requireRows`.
 * @throws inputError naming the file and column: a missing column, an extra column,
 * a column of another type, or an empty table
 */
export function checkSameSchema(real: Table, other: Table, file: string, requireRows: boolean): void {
  const names = new Set(other.columns.map((c) => c.spec.name));
  for (const { spec, data } of real.columns) {
    const o = other.columns.find((c) => c.spec.name === spec.name);
    if (!o) throw inputError(t('column missing: the real data has it, this file does not'), { file, column: spec.name });
    if (o.data.kind !== data.kind) {
      throw inputError(t('column is {0} here but {1} in the real data', o.spec.type, spec.type), { file, column: spec.name });
    }
    names.delete(spec.name);
  }
  for (const extra of names) throw inputError(t('extra column: the real data has no column of this name'), { file, column: extra });
  if (requireRows && other.rowCount === 0) throw inputError(t('the file has no data rows'), { file });
}

import { inputError } from '../../errors';
import type { CategoryColumnData, Table } from '../../schema';
import { modelRoleOf } from './roles';
import { t } from '../../l10n';

export interface TargetChoice {
  target: string;
  source: 'option' | 'default';
  model: 'linear' | 'logistic';
  /** Logistic model: the level coded 1 (the less frequent of the two in the real data). */
  positiveClass?: string;
}

/** Levels that occur (non-missing) in a category column, with counts. */
function levelCounts(data: CategoryColumnData): Map<string, number> {
  const counts = new Float64Array(data.categories.length);
  for (let i = 0; i < data.codes.length; i++) if (data.codes[i] >= 0) counts[data.codes[i]]++;
  const out = new Map<string, number>();
  data.categories.forEach((c, k) => {
    if (counts[k] > 0) out.set(c, (out.get(c) ?? 0) + counts[k]);
  });
  return out;
}

function positiveOf(data: CategoryColumnData): string {
  const levels = [...levelCounts(data).entries()];
  // The rarer level is the "event"; ties go to the later one in sort order.
  levels.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? 1 : -1));
  return levels[0][0];
}

/** Names of outcomes a researcher models (a binary outcome with one of these names is preferred). */
const OUTCOME_NAME = /outcome|label|target|class|status|result|died|death|dead|mortality|readmi|income|stranded|survi|response|event/i;

/**
 * The outcome column for the utility models: the one named in `name`, else, among the columns
 * a model may use (`modelRoleOf`: never an identifier, key, code, date or free text), a
 * two-level categorical/boolean column — one named like an outcome first, else the last —,
 * else the last continuous measurement (numeric, then integer). Null when there is none.
 * @throws inputError when `name` is not a column, or is neither numeric nor two-level categorical
 */
export function chooseTarget(real: Table, name: string | undefined, file?: string): TargetChoice | null {
  if (name !== undefined) {
    const col = real.columns.find((c) => c.spec.name === name);
    if (!col) throw inputError(t('the target column {0} is not a column of the data', JSON.stringify(name)), { file });
    if (col.data.kind === 'number') return { target: name, source: 'option', model: 'linear' };
    if (col.data.kind === 'category') {
      const n = levelCounts(col.data).size;
      if (n === 2) return { target: name, source: 'option', model: 'logistic', positiveClass: positiveOf(col.data) };
      throw inputError(t('the target must be numeric or have exactly two categories; it has {0}', n), { file, column: name });
    }
    throw inputError(t('the target must be numeric or have exactly two categories, not a {0} column', col.spec.type), { file, column: name });
  }
  const usable = real.columns.filter((c) => modelRoleOf(c.spec, c.data).usable);
  const binary = usable.filter((c) => c.data.kind === 'category' && levelCounts(c.data).size === 2);
  const pick = [...binary].reverse().find((c) => OUTCOME_NAME.test(c.spec.name)) ?? binary[binary.length - 1];
  if (pick && pick.data.kind === 'category') return { target: pick.spec.name, source: 'default', model: 'logistic', positiveClass: positiveOf(pick.data) };
  for (const type of ['numeric', 'integer'] as const) {
    const measure = [...usable].reverse().find((c) => c.data.kind === 'number' && c.spec.type === type);
    if (measure) return { target: measure.spec.name, source: 'default', model: 'linear' };
  }
  return null;
}

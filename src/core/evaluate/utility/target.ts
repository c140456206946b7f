import { inputError } from '../../errors';
import type { CategoryColumnData, Table } from '../../schema';

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

/**
 * The outcome column for the utility models: the one named in `name`, else the last
 * categorical/boolean column with exactly two levels in the real data, else the last
 * numeric/integer column. Null when there is none.
 * @throws inputError when `name` is not a column, or is neither numeric nor two-level categorical
 */
export function chooseTarget(real: Table, name: string | undefined, file?: string): TargetChoice | null {
  if (name !== undefined) {
    const col = real.columns.find((c) => c.spec.name === name);
    if (!col) throw inputError(`--target: no column named ${JSON.stringify(name)}`, { file });
    if (col.data.kind === 'number') return { target: name, source: 'option', model: 'linear' };
    if (col.data.kind === 'category') {
      const n = levelCounts(col.data).size;
      if (n === 2) return { target: name, source: 'option', model: 'logistic', positiveClass: positiveOf(col.data) };
      throw inputError(`the target must be numeric or have exactly two categories; it has ${n}`, { file, column: name });
    }
    throw inputError(`the target must be numeric or have exactly two categories, not a ${col.spec.type} column`, { file, column: name });
  }
  for (let k = real.columns.length - 1; k >= 0; k--) {
    const c = real.columns[k];
    if (c.data.kind === 'category' && levelCounts(c.data).size === 2) {
      return { target: c.spec.name, source: 'default', model: 'logistic', positiveClass: positiveOf(c.data) };
    }
  }
  for (let k = real.columns.length - 1; k >= 0; k--) {
    const c = real.columns[k];
    if (c.data.kind === 'number' && (c.spec.type === 'numeric' || c.spec.type === 'integer')) {
      return { target: c.spec.name, source: 'default', model: 'linear' };
    }
  }
  return null;
}

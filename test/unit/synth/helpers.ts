import type { FittedModel, SynthContext } from '../../../src/core/synth/generator';
import type { ColumnData, Table } from '../../../src/core/schema';

/** Collects a model's batches into per-column arrays of plain values (null for missing). */
export async function collect(model: FittedModel, rows: number, ctx: SynthContext): Promise<{ names: string[]; batches: number[]; columns: Map<string, (string | number | null)[]> }> {
  const columns = new Map<string, (string | number | null)[]>();
  const batches: number[] = [];
  let names: string[] = [];
  for await (const t of model.sample(rows, ctx)) {
    batches.push(t.rowCount);
    names = t.columns.map((c) => c.spec.name);
    for (const c of t.columns) {
      const out = columns.get(c.spec.name) ?? [];
      for (let i = 0; i < t.rowCount; i++) out.push(valueAt(c.data, i));
      columns.set(c.spec.name, out);
    }
  }
  return { names, batches, columns };
}

export function valueAt(d: ColumnData, i: number): string | number | null {
  if (d.kind === 'number') return Number.isNaN(d.values[i]) ? null : d.values[i];
  if (d.kind === 'category') return d.codes[i] < 0 ? null : d.categories[d.codes[i]];
  return d.values[i];
}

/** A stable text form of a table, to compare runs exactly. */
export function tableText(t: Table): string {
  const lines: string[] = [];
  for (let i = 0; i < t.rowCount; i++) lines.push(t.columns.map((c) => String(valueAt(c.data, i))).join('\t'));
  return lines.join('\n');
}

export function share<T>(values: T[], pred: (v: T) => boolean): number {
  let k = 0;
  for (const v of values) if (pred(v)) k++;
  return k / values.length;
}

import * as nodePath from 'node:path';
import type { JobContext } from '../../context';
import type { DatasetMetadata } from '../../dataset/types';
import { throwIfAborted } from '../../errors';
import { DEFAULT_MISSING_TOKENS } from '../../format';
import { openDataset } from '../../io';
import type { Metadata } from '../../metadata';
import { createRandom } from '../../random';
import type { ColumnData, Table } from '../../schema';
import { specOfColumn } from '../../synth/columns';
import { prepareColumns } from '../../synth/correlated/prepare';
import { loadTable } from '../../table/loadTable';
import { evaluateFidelity } from '../fidelity/evaluateFidelity';
import { DEFAULT_EVALUATE_SEED, DEFAULT_SAMPLE_SIZE } from '../options';
import { sampleRows } from '../sample';
import { unscoredColumnsOf } from './evaluateDataset';

/**
 * The real table as the best twin the disclosure allows would be: each categorical value that
 * may not be emitted (not published, or held by fewer than k persons) replaced the way the
 * correlated twin must replace it (a published category drawn with the published frequencies,
 * `prepareColumns`), numbers clipped to the coded bounds and rounded to the published step
 * (a value beyond a bound that has a tail model keeps its real value: the twin draws it from
 * that model). Columns the twin fakes whole (identifiers, free text, categories with nothing
 * publishable) are left out, as the evaluation leaves them out. Every row keeps everything else.
 */
export function disclosedTable(metadata: Metadata, real: Table, seed = DEFAULT_EVALUATE_SEED): Table {
  const prepared = prepareColumns(metadata, real, createRandom(seed).fork('disclosure-ceiling'));
  const columns: Table['columns'] = [];
  for (const p of prepared) {
    if (p.kind === 'fake') continue;
    let data: ColumnData;
    if (p.kind === 'category') {
      data = { kind: 'category', codes: p.codes, categories: p.labels };
    } else {
      const values = p.values;
      if (p.tails) {
        const raw = real.columns.find((c) => c.spec.name === p.meta.name)!.data as { values: Float64Array };
        p.tails.beyond.forEach((b, i) => { if (b !== 0) values[i] = raw.values[i]; });
      }
      data = { kind: 'number', values };
    }
    columns.push({ spec: p.spec, data });
  }
  return { rowCount: real.rowCount, columns };
}

/**
 * The disclosure ceiling of a table's quality: the SDMetrics quality (fidelity score) of
 * {@link disclosedTable} against the real table, on the columns the twin's report scores
 * (`exclude`: keys and wholly faked columns, as `evaluateDataset` leaves out), sampled as
 * `evaluateTables` samples. A twin scoring near it has no gap the model could close; below it,
 * the gap is the model's. Holds a real figure (a score on the real rows): stays in the TRE.
 */
export function disclosureCeiling(metadata: Metadata, real: Table, exclude: readonly string[] = [], seed = DEFAULT_EVALUATE_SEED): number | null {
  const disclosed = disclosedTable(metadata, real, seed);
  const skip = new Set(exclude);
  const kept = disclosed.columns.filter((c) => !skip.has(c.spec.name));
  if (kept.length === 0) return null;
  const names = new Set(kept.map((c) => c.spec.name));
  const realView: Table = { rowCount: real.rowCount, columns: real.columns.filter((c) => names.has(c.spec.name)) };
  const twinView: Table = { rowCount: disclosed.rowCount, columns: kept };
  const rng = createRandom(seed);
  // Equal row counts: both samples take the same rows, as a table compared with itself in evaluateTables.
  const r = sampleRows(realView, DEFAULT_SAMPLE_SIZE, rng.fork('sample'));
  const s = sampleRows(twinView, DEFAULT_SAMPLE_SIZE, rng.fork('sample'));
  return evaluateFidelity(r.table, s.table).fidelity.score;
}

/** Each table's disclosure ceiling (see {@link disclosureCeiling}), read from the real folder with the metadata's column specs. */
export async function datasetCeilings(realDir: string, metadata: DatasetMetadata, ctx: JobContext = {}): Promise<{ name: string; ceiling: number | null }[]> {
  const out: { name: string; ceiling: number | null }[] = [];
  for (const t of metadata.tables) {
    throwIfAborted(ctx.signal);
    const source = await openDataset(nodePath.join(realDir, t.file));
    const real = (await loadTable(source, t.metadata.columns.map(specOfColumn), { missingTokens: [...DEFAULT_MISSING_TOKENS], cells: true }, ctx)).table;
    out.push({ name: t.name, ceiling: disclosureCeiling(t.metadata, real, unscoredColumnsOf(metadata, t.name)) });
  }
  return out;
}

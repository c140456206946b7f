import * as nodePath from 'node:path';
import type { JobContext } from '../../context';
import type { DisclosureSettings, Metadata } from '../../metadata';
import { openDataset } from '../../io';
import { profileDataset, toMetadata } from '../../profile';
import type { Table } from '../../schema';
import { loadTable } from '../../table/loadTable';
import { specOfColumn } from '../columns';

/** One table file of a dataset, profiled (and read when asked). */
export interface ReadTable {
  name: string;
  path: string;
  metadata: Metadata;
  table?: Table;
}

/**
 * Profiles each table file into its disclosure-controlled metadata (as `twin profile` does for
 * one file) and, when `withRows`, reads its rows in metadata column order, as a correlated
 * model and the cross-table learning need them. `personKeys` names, per table, the column that
 * leads to the person, so thresholds count persons.
 */
export async function readTables(
  files: readonly { name: string; path: string }[],
  options: { withRows: boolean; personKeys?: Readonly<Record<string, string>>; disclosure?: Partial<DisclosureSettings> },
  ctx: JobContext = {},
): Promise<ReadTable[]> {
  const out: ReadTable[] = [];
  for (const f of files) {
    const opened = await openDataset(f.path);
    const personKey = options.personKeys?.[f.name];
    const profile = await profileDataset(opened, { ...(personKey ? { personKey } : {}), disclosure: options.disclosure, associationRows: 0 }, ctx);
    const metadata = JSON.parse(JSON.stringify(toMetadata(profile, options.disclosure))) as Metadata;
    metadata.dataset.name = metadata.dataset.name || nodePath.basename(f.path);
    const entry: ReadTable = { name: f.name, path: f.path, metadata };
    if (options.withRows) {
      entry.table = (await loadTable(opened, metadata.columns.map(specOfColumn), { missingTokens: profile.missingTokens, cells: true }, ctx)).table;
    }
    out.push(entry);
  }
  return out;
}

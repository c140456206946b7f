/**
 * The code under fuzz: open a file with the streaming reader, profile it, derive the
 * disclosure-safe metadata and load the table with the inferred specs. An input error
 * (TwinError 'input') is the expected outcome for a malformed file; anything else is a crash.
 */
import { openDataset } from '../../src/core/io';
import { profileDataset, toMetadata, columnSpecsOf } from '../../src/core/profile';
import { loadTable } from '../../src/core/table';
import { isTwinError } from '../../src/core/errors';

export type Outcome = { kind: 'ok'; rows: number; columns: number } | { kind: 'input'; message: string } | { kind: 'crash'; message: string; stack: string };

/** Runs the reader + profiler + table loader on one file and classifies the outcome. */
export async function runTarget(path: string): Promise<Outcome> {
  try {
    const source = await openDataset(path);
    const profile = await profileDataset(source, { exactRowLimit: 5000, associationRows: 2000 });
    const metadata = toMetadata(profile);
    JSON.stringify(metadata);
    const { table } = await loadTable(source, columnSpecsOf(profile), {});
    if (table.rowCount !== profile.dataset.rows) throw new Error(`loadTable read ${table.rowCount} rows but the profile counted ${profile.dataset.rows}`);
    return { kind: 'ok', rows: profile.dataset.rows, columns: profile.columns.length };
  } catch (e) {
    if (isTwinError(e) && e.kind === 'input') {
      if (/[\r\n]/.test(e.message)) return { kind: 'crash', message: 'input error message is not one line: ' + e.message, stack: '' };
      return { kind: 'input', message: e.message };
    }
    const err = e as Error;
    return { kind: 'crash', message: String(err?.message ?? e), stack: String(err?.stack ?? '') };
  }
}

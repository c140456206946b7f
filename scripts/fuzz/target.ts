/**
 * The code under fuzz: open a file with the streaming reader, profile it, derive the
 * disclosure-safe metadata and load the table with the inferred specs. The profile is made
 * on both reading paths (byte ranges and strings), which must agree exactly. An input error
 * (TwinError 'input') is the expected outcome for a malformed file; anything else is a crash.
 */
import { openDataset } from '../../src/core/io';
import { profileDataset, toMetadata, columnSpecsOf, type Profile } from '../../src/core/profile';
import { loadTable } from '../../src/core/table';
import { isTwinError } from '../../src/core/errors';

export type Outcome = { kind: 'ok'; rows: number; columns: number } | { kind: 'input'; message: string } | { kind: 'crash'; message: string; stack: string };

/** What a profile run gave, for comparison: the profile without its timing, or the error's message. */
async function settle(run: () => Promise<Profile>): Promise<{ profile: Profile | null; text: string; error: unknown }> {
  try {
    const profile = await run();
    const { timing: _timing, ...rest } = profile;
    return { profile, text: JSON.stringify(rest), error: null };
  } catch (e) {
    return { profile: null, text: `error: ${(e as Error)?.message ?? String(e)}`, error: e };
  }
}

/**
 * Profiles on the byte path (delimited cells) and on the value path (strings per cell): they must
 * agree exactly (the same profile, or both refusing the file). Returns the profile or throws the byte path's error.
 */
async function sameOnBothPaths(bytePath: () => Promise<Profile>, valuePath: () => Promise<Profile>): Promise<Profile> {
  const a = await settle(bytePath);
  const b = await settle(valuePath);
  // Both refusing the file agrees, whatever each names: a file with two faults may be refused
  // for either (the string reader checks a chunk's quoting before its field counts), and a
  // decode error names the exact byte on one path and its chunk on the other.
  const refused = (e: unknown): boolean => isTwinError(e) && e.kind === 'input';
  if (refused(a.error) && refused(b.error)) throw a.error;
  if (a.text !== b.text) throw new Error(`byte and value paths differ: ${a.text.slice(0, 300)} … vs … ${b.text.slice(0, 300)}`);
  if (a.profile === null) throw a.error;
  return a.profile;
}

/** Runs the reader + profiler + table loader on one file and classifies the outcome. */
export async function runTarget(path: string): Promise<Outcome> {
  try {
    const source = await openDataset(path);
    const options = { exactRowLimit: 5000, associationRows: 2000 };
    const profile = await sameOnBothPaths(
      () => profileDataset(source, options),
      () => profileDataset({ ...source, cellBatches: undefined }, options),
    );
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

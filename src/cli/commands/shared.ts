import * as path from 'node:path';
import type { JobContext } from '../../core/context';
import { writeFileAtomic } from '../../core/io';
import { createProgressReporter } from '../progress';
import type { CommandIO } from './index';

/** Options every command accepts. */
export const COMMON_OPTIONS = {
  quiet: { type: 'boolean', short: 'q' },
} as const;

/** A job context wired to the CLI: Ctrl-C cancels, progress goes to stderr. */
export function cliContext(io: CommandIO, quiet: boolean): { ctx: JobContext; done: () => void } {
  const reporter = createProgressReporter(io.stderr as NodeJS.WriteStream, quiet);
  return { ctx: { signal: io.signal, onProgress: reporter.report }, done: reporter.done };
}

/** Writes a JSON result to a file (atomically) or to stdout when no file is named. */
export async function emitJson(io: CommandIO, value: unknown, outPath: string | undefined): Promise<void> {
  const text = JSON.stringify(value, null, 2) + '\n';
  if (outPath === undefined) {
    io.stdout.write(text);
  } else {
    await writeFileAtomic(path.resolve(io.cwd, outPath), text);
  }
}

export function resolvePath(io: CommandIO, p: string): string {
  return path.resolve(io.cwd, p);
}

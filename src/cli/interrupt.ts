/**
 * How the `twin` process answers signals and a closed stdout. Kept free of heavy imports: the
 * executable installs these handlers before it loads the rest of the CLI.
 */
// The one deep import outside the core, on purpose: src/core/index would load the whole core before
// the handlers are installed (fences.test.ts and eslint.config.mjs name this exception).
// eslint-disable-next-line no-restricted-imports
import { removeLiveTempsSync } from '../core/io/liveTemps';

/** The abort reason when stdout's reader has gone (EPIPE): the command ends quietly, cleaning up as on Ctrl-C. */
export const STDOUT_CLOSED = 'stdout closed';

/** The one line a cancelled command prints. */
export const CANCELLED_LINE = 'twin: cancelled; no output was left behind\n';

/**
 * SIGINT and SIGTERM abort the returned signal: the running command stops at its next check
 * and removes what it was writing. A second signal (the person insists while a long step has
 * not reached a check) removes every temp file still open, prints the same line and exits 130.
 * Without a listener on stdout, a write to a closed pipe (`twin audit … | head -3`) would throw
 * EPIPE with a stack trace; instead the command is aborted with STDOUT_CLOSED.
 */
export function installInterruptHandlers(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (!controller.signal.aborted) {
      controller.abort();
      return;
    }
    removeLiveTempsSync();
    // Once main has returned (exitCode set) it has said what happened; the line is not repeated.
    if (process.exitCode === undefined && controller.signal.reason !== STDOUT_CLOSED) process.stderr.write(CANCELLED_LINE);
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') controller.abort(STDOUT_CLOSED);
  });
  return controller.signal;
}

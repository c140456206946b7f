/**
 * The `twin` executable (dist/cli.js). Signal handlers come first: loading the rest of the CLI
 * takes up to a second on a busy machine, and a Ctrl-C in that second must still be answered
 * with one line and nothing left behind. main is required, not imported, so that the bundle
 * evaluates it only after the handlers are in place.
 */
import { installInterruptHandlers } from './interrupt';

const signal = installInterruptHandlers();
// Loaded after the handlers on purpose (an import would be hoisted above them).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { main } = require('./main') as typeof import('./main');
main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, signal, cwd: process.cwd(), env: process.env })
  .then((code) => {
    process.exitCode = code;
  })
  .catch(() => {
    process.exitCode = 1;
  });

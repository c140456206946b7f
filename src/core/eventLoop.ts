// Node-only (setImmediate): kept out of errors.ts, which the webview's bundle loads.
import { throwIfAborted } from './errors';

/**
 * Lets the event loop run (a SIGINT/SIGTERM handler can fire) and then throws the cancellation
 * error if the signal has fired: between long synchronous steps (parsing, then checking a
 * metadata.json of a million categories), so a cancellation is answered after one step, not all.
 */
export async function yieldAndCheck(signal: AbortSignal | undefined): Promise<void> {
  // Two turns: an immediate queued from an I/O callback runs before the loop polls again, and
  // signals arrive in the poll phase; the second immediate runs only after that poll.
  await new Promise<void>((resolve) => setImmediate(resolve));
  await new Promise<void>((resolve) => setImmediate(resolve));
  throwIfAborted(signal);
}

import { availableParallelism } from 'node:os';

/**
 * Threads a profile or a generation runs on: `asked` as given, one when not given, every core of
 * the machine for 0 (`twin --threads`, the editor's `syntheticTwin.threads`). One by default
 * because figures a profile takes from samples depend on where byte ranges begin, so on the thread
 * count: the default must give the metadata every machine gives (an output checker re-running a
 * profile elsewhere gets the same file), and on 2 cores 2 threads were not faster. Small inputs
 * stay on one thread whatever this says (profile/parallel's MIN_RANGE_BYTES, synth/parallel's
 * MIN_PARALLEL_BATCHES).
 */
export function threadsFor(asked: number | undefined, cores: number = availableParallelism()): number {
  if (asked === undefined) return 1;
  if (asked === 0) return Math.max(1, cores);
  return asked;
}

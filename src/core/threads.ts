import { availableParallelism } from 'node:os';

/**
 * Threads a profile or a generation runs on: `asked` as given, or every core of the machine when
 * it is 0 or not given (`twin --threads`, the editor's `syntheticTwin.threads`). Small inputs
 * stay on one thread whatever this says (profile/parallel's MIN_RANGE_BYTES, synth/parallel's
 * MIN_PARALLEL_BATCHES).
 */
export function threadsFor(asked: number | undefined, cores: number = availableParallelism()): number {
  if (asked === undefined || asked === 0) return Math.max(1, cores);
  return asked;
}

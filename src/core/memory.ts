import * as v8 from 'node:v8';
import * as vm from 'node:vm';

let gc: (() => void) | null | undefined;

/**
 * Runs a full garbage collection where the runtime allows it (else does nothing). Long streaming
 * jobs call it every few hundred thousand rows: V8 collects the large per-batch arrays of a
 * generation lazily, letting the resident size climb with the row count although the live heap
 * stays flat; one collection per such stretch (tens of milliseconds) keeps the peak flat.
 */
export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      // Exposes `gc` to contexts created from now on; the flag changes nothing else.
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
}

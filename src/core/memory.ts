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
      // The flag exposes `gc` to contexts created while it is set, process-wide (in VS Code, other
      // extensions' too): set only for the one context that hands the function over.
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    } finally {
      v8.setFlagsFromString('--no-expose-gc');
    }
  }
  gc?.();
}

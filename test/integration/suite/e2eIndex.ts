/** Entry of the end-to-end test's extension-host half (the browser half is in run.mjs). */
import { runMocha } from './mochaRun';

export function run(): Promise<void> {
  return runMocha(['e2e.test.js'], 600_000);
}

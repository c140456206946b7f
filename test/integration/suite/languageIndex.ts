/** Entry of the Welsh pass (run.mjs --welsh): the language checks in a workbench started with --locale cy. */
import { runMocha } from './mochaRun';

export function run(): Promise<void> {
  return runMocha(['language.test.js'], 180_000);
}

/** Entry of the integration suite (extensionTestsPath): the commands on the built-in sample. */
import { runMocha } from './mochaRun';

export function run(): Promise<void> {
  return runMocha(['commands.test.js'], 180_000);
}

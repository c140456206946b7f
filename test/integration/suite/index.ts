/** Entry of the integration suite (extensionTestsPath): the commands on the built-in sample, then the editor flows, then linked datasets, then database tables. */
import { runMocha } from './mochaRun';

export function run(): Promise<void> {
  // TWIN_INTEGRATION_ONLY=flows runs one file (while working on it); CI runs them all.
  const only = process.env.TWIN_INTEGRATION_ONLY;
  return runMocha(only ? [`${only}.test.js`] : ['commands.test.js', 'flows.test.js', 'linked.test.js', 'language.test.js', 'database.test.js'], 180_000);
}

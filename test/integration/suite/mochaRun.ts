import * as path from 'node:path';

/**
 * Runs the given compiled test files with mocha inside the extension host and prints
 * the closing "N passed, N failed" line the runner reads. Rejects when a test failed,
 * so VS Code reports exit code 1.
 */
export function runMocha(files: string[], timeout: number): Promise<void> {
  // mocha 11 is CommonJS; mocha 12 (ESM) gives a namespace with `default`.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require('mocha') as { default?: MochaCtor } & MochaCtor;
  const Mocha: MochaCtor = loaded.default ?? loaded;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout, reporter: 'spec' });
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      console.log(`${runner.stats?.passes ?? 0} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} tests failed`));
      else resolve();
    });
  });
}

type MochaCtor = new (options: Record<string, unknown>) => {
  addFile(file: string): void;
  run(done: (failures: number) => void): { stats?: { passes: number } };
};

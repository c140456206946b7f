import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { importsOf, resolveImport } from './imports';

// The fences between the build targets, checked on the sources (lint checks the same with
// no-restricted-imports; this test keeps them even where lint is not run).
const ROOT = path.resolve(__dirname, '../../..');
const CORE = path.join(ROOT, 'src', 'core');
const FACES = new Set([path.join(CORE, 'index.ts'), path.join(CORE, 'browser.ts')]);
/** Deep imports allowed, with the reason: the CLI executable's signal handlers load before the core. */
const EXCEPTIONS = new Set(['src/cli/interrupt.ts > src/core/io/liveTemps.ts']);

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}
const rel = (f: string) => path.relative(ROOT, f);
const inDir = (f: string, dir: string) => f.startsWith(path.join(ROOT, dir) + path.sep);

describe('architecture: fences between the targets', () => {
  const files = [...sources(path.join(ROOT, 'src')), ...sources(path.join(ROOT, 'webview'))];

  it('outside src/core, the core is imported only through src/core/index (or src/core/browser)', () => {
    const deep: string[] = [];
    for (const f of files.filter((x) => !inDir(x, 'src/core'))) {
      for (const spec of importsOf(fs.readFileSync(f, 'utf8'))) {
        const target = resolveImport(f, spec);
        if (target && target.startsWith(CORE + path.sep) && !FACES.has(target) && !EXCEPTIONS.has(`${rel(f)} > ${rel(target)}`)) deep.push(`${rel(f)} imports ${spec}`);
      }
    }
    assert.deepEqual(deep, []);
  });

  it('the core imports no adapter and no vscode; the CLI and worker no vscode; the webview no Node and only src/core/browser', () => {
    const bad: string[] = [];
    for (const f of files) {
      for (const spec of importsOf(fs.readFileSync(f, 'utf8'))) {
        const target = resolveImport(f, spec) ?? '';
        const into = (dir: string) => target.startsWith(path.join(ROOT, dir) + path.sep);
        if (inDir(f, 'src/core') && (spec === 'vscode' || ['src/extension', 'src/cli', 'src/worker', 'webview'].some(into))) bad.push(`${rel(f)} imports ${spec}`);
        if ((inDir(f, 'src/cli') || inDir(f, 'src/worker')) && (spec === 'vscode' || into('src/extension') || into('webview'))) bad.push(`${rel(f)} imports ${spec}`);
        if (inDir(f, 'webview') && (spec.startsWith('node:') || spec === 'vscode' || into('src/extension') || into('src/worker') || into('src/cli')
          || (into('src/core') && target !== path.join(CORE, 'browser.ts')))) bad.push(`${rel(f)} imports ${spec}`);
      }
    }
    assert.deepEqual(bad, []);
  });

  it('src/core/browser reaches no Node built-in, even through the modules it imports', () => {
    const seen = new Set<string>();
    const nodeUses: string[] = [];
    const visit = (f: string) => {
      if (seen.has(f)) return;
      seen.add(f);
      for (const spec of importsOf(fs.readFileSync(f, 'utf8'), { valuesOnly: true })) {
        if (spec.startsWith('node:')) nodeUses.push(`${rel(f)} imports ${spec}`);
        const target = resolveImport(f, spec);
        if (target) visit(target);
      }
    };
    visit(path.join(CORE, 'browser.ts'));
    assert.ok(seen.size > 3, 'the walk reached the modules browser.ts re-exports');
    assert.deepEqual(nodeUses, []);
  });

  it('reads imports the way the compiler does: type-only ones apart, multi-line lists, re-exports', () => {
    const src = [
      "import type { A } from './a';",
      "import {\n  b,\n  type C,\n} from './b';",
      "export { d } from './d';",
      "export type { E } from './e';",
      "import * as f from 'node:fs';",
      "const g = await import('./g');",
    ].join('\n');
    assert.deepEqual(importsOf(src), ['./a', './b', './d', './e', 'node:fs', './g']);
    assert.deepEqual(importsOf(src, { valuesOnly: true }), ['./b', './d', 'node:fs', './g']);
  });
});

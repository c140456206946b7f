import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The module specifiers a TypeScript source imports or re-exports, in order. With valuesOnly,
 * `import type` / `export type` are left out (the bundler drops them, so they load nothing).
 */
export function importsOf(source: string, options: { valuesOnly?: boolean } = {}): string[] {
  const specs: string[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?([^;'"]*?)\s*from\s*'([^']+)'|^\s*import\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/gm;
  for (const m of source.matchAll(statement)) {
    const spec = m[4] ?? m[5] ?? m[6];
    if (options.valuesOnly && m[2]) continue;
    specs.push(spec);
  }
  return specs;
}

/** The source file a relative specifier names (`x` → x.ts or x/index.ts); null for packages. */
export function resolveImport(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

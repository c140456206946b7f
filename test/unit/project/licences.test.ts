import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
/** Licences compatible with shipping under Apache-2.0. */
const COMPATIBLE = new Set(['Apache-2.0', 'MIT', 'BSD-2-Clause', 'BSD-3-Clause', 'ISC', '0BSD']);

describe('project: licence', () => {
  it('is Apache-2.0, and every runtime dependency (and theirs) has a compatible licence', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.equal(pkg.license, 'Apache-2.0');
    assert.match(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8'), /Apache License\s+Version 2\.0/);
    const seen = new Set<string>();
    const visit = (name: string) => {
      if (seen.has(name)) return;
      seen.add(name);
      const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8'));
      // Older manifests (jstat) name it in a `licenses` array instead of `license`.
      const declared = manifest.license ?? manifest.licenses?.[0];
      const licence = typeof declared === 'string' ? declared : declared?.type;
      assert.ok(COMPATIBLE.has(licence), `${name} is licensed ${licence}`);
      for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep);
    };
    for (const dep of Object.keys(pkg.dependencies)) visit(dep);
    assert.ok(seen.size >= 7);
  });

  it('declares no telemetry or network dependency', () => {
    const lock = fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8');
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    for (const dep of Object.keys(pkg.dependencies)) assert.doesNotMatch(dep, /telemetry|analytics|sentry|applicationinsights/i);
    assert.doesNotMatch(JSON.stringify(pkg.dependencies), /telemetry/i);
    assert.ok(lock.length > 0);
  });
});

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const DIST = path.join(ROOT, 'dist');

/**
 * The Node bundles leave the Welsh catalogue in l10n/ and read it when Welsh is chosen
 * (esbuild.mjs, src/core/l10n/catalogue.ts): loading the extension or an English CLI run never
 * parses it; the webview, which cannot read files, keeps it inlined.
 */
describe('l10n: the Welsh catalogue in the built bundles', () => {
  const welsh = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.cy.json'), 'utf8')) as Record<string, string>;
  // A Welsh sentence of the catalogue that is in no source file as such.
  const sample = welsh['file not found'];

  it('is not inlined into the extension, worker or CLI bundles, and is in the webview\'s', () => {
    assert.equal(sample, 'ni chanfuwyd y ffeil');
    for (const bundle of ['extension.js', 'worker.js', 'main.js', 'profilePart.js', 'twinDraw.js']) {
      assert.ok(!fs.readFileSync(path.join(DIST, bundle), 'utf8').includes(sample), `${bundle} holds the catalogue`);
    }
    assert.ok(fs.readFileSync(path.join(DIST, 'webview', 'main.js'), 'utf8').includes(sample), 'the webview needs it inlined');
  });

  it('is read from l10n/ when the CLI speaks Welsh', () => {
    const run = (lang: string) => spawnSync(process.execPath, [path.join(DIST, 'cli.js'), 'profile', path.join(ROOT, 'no-such-file.csv')], { encoding: 'utf8', env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: lang } });
    const cy = run('cy_GB.UTF-8');
    assert.equal(cy.status, 1);
    assert.equal(cy.stderr.trim(), `twin: ${path.join(ROOT, 'no-such-file.csv')}: ${sample}`);
    assert.equal(run('C.UTF-8').stderr.trim(), `twin: ${path.join(ROOT, 'no-such-file.csv')}: file not found`);
  });
});

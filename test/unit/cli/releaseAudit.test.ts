import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, twin, tempDir, hasStackTrace } from './helpers';

/**
 * `twin release` runs the disclosure audit on its own pack; a script that ships a pack on exit 0
 * must never ship one the audit failed. The failing pack is a realistic one: a TRE's own EULA
 * template that quotes a real patient's NHS number (an identifier the audit always looks for).
 */
describe('twin release: exit status follows the pack\'s audit', function () {
  this.timeout(300_000);
  let dir: string;
  let data: string;
  let realNhsNumber: string;

  before(() => {
    if (!fs.existsSync(CLI)) throw new Error('dist/cli.js missing: run `node esbuild.mjs` first');
    dir = tempDir('release-audit');
    data = path.join(dir, 'adm.csv');
    const r = twin(['sample', '--rows', '400', '--out', data, '-q']);
    assert.equal(r.status, 0, r.stderr);
    realNhsNumber = fs.readFileSync(data, 'utf8').split('\n')[1].split(',')[0];
    assert.match(realNhsNumber, /^\d{3} \d{3} \d{4}$/);
  });

  it('exits 0 on a pack that passes its audit', () => {
    const r = twin(['release', data, '--level', 'statistical', '--dir', path.join(dir, 'clean'), '-q']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).audit.status === 'fail', false);
  });

  it('exits 1 with one line naming the pack when its audit fails, and leaves the pack and its results for the checker', () => {
    const templates = path.join(dir, 'templates');
    fs.mkdirSync(templates);
    fs.writeFileSync(path.join(templates, 'EULA.md'),
      `# Licence for {{dataset.name}} ({{level}}), release {{version}} of {{date}}\nLicensor: {{custodian}}. Questions: {{contact}}.\nExample of a record reference: ${realNhsNumber}.\n`);
    const packDir = path.join(dir, 'leaky');
    const r = twin(['release', data, '--level', 'statistical', '--dir', packDir, '--templates', templates, '-q']);
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /^twin: .*leaky.*fails its disclosure audit \(\d+ findings?, in .*results\.json\)/);
    assert.ok(!hasStackTrace(r.stderr));
    const pack = JSON.parse(r.stdout);
    assert.equal(pack.audit.status, 'fail');
    const results = JSON.parse(fs.readFileSync(pack.audit.results, 'utf8'));
    const eula = Object.entries(results.results).find(([name]) => name.includes('EULA')) as [string, { status: string }] | undefined;
    assert.ok(eula, Object.keys(results.results).join(', '));
    assert.equal(eula[1].status, 'fail');
  });
});

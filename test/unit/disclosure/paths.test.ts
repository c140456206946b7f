import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, twin, tempDir } from '../cli/helpers';

/** Folders inside a TRE can name a project, a cohort or a person: no pack file carries them. */
describe('disclosure: the release pack names no folder of the TRE', () => {
  before(function () {
    if (!fs.existsSync(CLI)) throw new Error('dist/cli.js missing: run `node esbuild.mjs` first');
  });

  it('ships the recipe with the source file\'s name only, not the path where the real data lives', () => {
    const root = tempDir('tre-paths');
    const secretFolder = path.join(root, 'hiv-cohort-smith-2026');
    fs.mkdirSync(secretFolder);
    const data = path.join(secretFolder, 'admissions.csv');
    assert.equal(twin(['sample', '--rows', '300', '--out', data, '-q']).status, 0);
    const pack = path.join(root, 'pack');
    const r = twin(['release', data, '--level', 'statistical', '--dir', pack, '-q']);
    assert.equal(r.status, 0, r.stderr);
    const files = fs.readdirSync(pack, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    assert.ok(files.some((e) => e.name.endsWith('.twin.json')), 'the pack ships a recipe');
    for (const e of files) {
      const text = fs.readFileSync(path.join(e.parentPath, e.name), 'utf8');
      assert.ok(!text.includes('hiv-cohort-smith-2026'), `${e.name} names the folder of the real data`);
    }
    const recipe = JSON.parse(fs.readFileSync(path.join(pack, files.find((e) => e.name.endsWith('.twin.json'))!.name), 'utf8'));
    assert.equal(recipe.source.path, 'admissions.csv');
  });
});

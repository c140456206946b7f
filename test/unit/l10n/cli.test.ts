import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { languageOfEnvironment, languageOfLocale } from '../../../src/core';
import { main } from '../../../src/cli/main';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Runs `twin` in process with the given environment; returns status and both streams. */
async function run(argv: string[], env: Record<string, string | undefined> = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (add: (s: string) => void): Writable => new Writable({ write(chunk, _e, cb) { add(String(chunk)); cb(); } });
  const status = await main(argv, { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), cwd: ROOT, env });
  return { status, stdout, stderr };
}

describe('l10n: the CLI in Welsh and English', () => {
  it('reads the language from --lang, then LC_ALL, LC_MESSAGES and LANG', () => {
    assert.equal(languageOfEnvironment({ LANG: 'cy_GB.UTF-8' }), 'cy');
    assert.equal(languageOfEnvironment({ LC_MESSAGES: 'cy_GB.UTF-8', LANG: 'en_GB.UTF-8' }), 'cy');
    assert.equal(languageOfEnvironment({ LC_ALL: 'en_GB.UTF-8', LANG: 'cy_GB.UTF-8' }), 'en');
    assert.equal(languageOfEnvironment({ LC_ALL: '', LANG: 'cy' }), 'cy');
    assert.equal(languageOfEnvironment({ LANG: 'C.UTF-8' }), 'en');
    assert.equal(languageOfEnvironment({}), 'en');
    assert.equal(languageOfLocale('cy-GB'), 'cy');
    assert.equal(languageOfLocale('cyrl'), undefined);
  });

  it('prints the help in Welsh with --lang cy, and in English again without it', async () => {
    const cy = await run(['--lang', 'cy', '--help']);
    assert.equal(cy.status, 0);
    assert.match(cy.stdout, /^twin \S+ — gefeilliaid synthetig ar gyfer Amgylcheddau Ymchwil Dibynadwy/);
    assert.match(cy.stdout, /\nDefnydd:\n/);
    const en = await run(['--help']);
    assert.match(en.stdout, /synthetic twins for Trusted Research Environments\n\nUsage:\n/);
    assert.doesNotMatch(en.stdout, /Defnydd/);
  });

  it('takes --lang after the command too, and a command help in Welsh from LANG', async () => {
    const after = await run(['profile', '--help', '--lang=cy']);
    assert.match(after.stdout, /^twin profile <data\|ffolder\|dataset\.json\|cronfa ddata> \[opsiynau\]/);
    assert.match(after.stdout, /--max-columns N {5}gwrthod ffeiliau â mwy na N o golofnau/);
    const env = await run(['sample', '--help'], { LANG: 'cy_GB.UTF-8' });
    assert.match(env.stdout, /Yr un hedyn, yr un beitiau\./);
  });

  it('reports an unknown command in Welsh, and refuses a language it does not speak', async () => {
    const unknown = await run(['proffil', '--lang', 'cy']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /^twin: gorchymyn anhysbys 'proffil' \(gorchmynion: profile, /);
    const bad = await run(['--lang', 'fr', '--help']);
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr, 'twin: --lang must be en or cy, got "fr"\n');
  });

  it('answers in Welsh from the built executable when LANG starts with cy', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), '--help'], { encoding: 'utf8', env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'cy_GB.UTF-8' } });
    assert.equal(r.status, 0);
    assert.match(r.stdout, /\nDefnydd:\n/);
  });
});

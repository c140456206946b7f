import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
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

describe('l10n: the CLI summaries and progress in Welsh', function () {
  this.timeout(300_000);
  const CLI = path.join(ROOT, 'dist', 'cli.js');
  /** The built executable, off a terminal: progress comes one stage a line on stderr. */
  const twin = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 300_000, env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8' } });
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-cy-cli-'));
    assert.equal(twin(['sample', '--rows', '800', '--out', path.join(dir, 'adm.csv'), '-q']).status, 0);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('profiles, generates and evaluates with Welsh progress and summaries, and English ones without --lang', () => {
    const data = path.join(dir, 'adm.csv');
    const profile = twin(['profile', data, '--out', path.join(dir, 'm.json'), '--lang', 'cy']);
    assert.equal(profile.status, 0, profile.stderr);
    assert.match(profile.stderr, /^proffilio…$/m);
    assert.match(profile.stderr, /^adm: 800 rhes × 16 colofn \(\d+\.\d e\)$/m);
    assert.match(profile.stderr, /^colofn +math +coll +gwahanol +baneri$/m);
    const generate = twin(['generate', path.join(dir, 'm.json'), '--level', 'statistical', '--out', path.join(dir, 's.csv'), '--lang', 'cy']);
    assert.equal(generate.status, 0, generate.stderr);
    assert.match(generate.stderr, /^samplu…$/m);
    const evaluate = twin(['evaluate', data, path.join(dir, 's.csv'), '--out', path.join(dir, 'e.json'), '--lang', 'cy']);
    assert.equal(evaluate.status, 0, evaluate.stderr);
    assert.match(evaluate.stderr, /^Ffyddlondeb: {4}\d+\.\d% \((da|gweddol|gwael)\)$/m);
    assert.match(evaluate.stderr, /^Defnyddioldeb: {2}\S/m);
    assert.match(evaluate.stderr, /^Preifatrwydd: {3}\S.*(ar y mwyaf|risg Anonymeter uchaf)/m);
    assert.match(evaluate.stderr, /^Ysgrifennwyd: {3}\S*e\.json$/m);
    for (const english of [/^Fidelity:/m, /^profiling…$/m, /rows × /, /^sampling…$/m]) {
      assert.doesNotMatch(profile.stderr + generate.stderr + evaluate.stderr, english);
    }
    const en = twin(['evaluate', data, path.join(dir, 's.csv'), '--out', path.join(dir, 'e-en.json')]);
    assert.match(en.stderr, /^Fidelity: {2}\d+\.\d% \((good|fair|poor)\)$/m);
    assert.match(en.stderr, /^Written: {3}\S*e-en\.json$/m);
    assert.match(twin(['profile', data, '--out', path.join(dir, 'm-en.json')]).stderr, /^adm: 800 rows × 16 columns/m);
  });
});

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { languageOfEnvironment, languageOfLocale, setLanguage } from '../../../src/core';
import { ROOT, runTwin } from './runTwin';


const run = runTwin;

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
    // --lang is unusable, so its own error follows the environment (LANG), else English.
    const badCy = await run(['--lang', 'fr', '--help'], { LANG: 'cy_GB.UTF-8' });
    assert.equal(badCy.status, 2);
    assert.equal(badCy.stderr, 'twin: rhaid i --lang fod yn en neu cy, cafwyd "fr"\n');
    assert.equal((await run(['--help', '--lang'], { LANG: 'cy_GB.UTF-8' })).stderr, 'twin: mae --lang angen iaith: en neu cy\n');
  });

  it('names a command\'s arguments in the usage error as its help does, in each language', async () => {
    const cases: Array<[string[], string, string]> = [
      [['audit', 'a.csv'], 'twin: audit takes <real data> <release folder>; got 1 argument (see twin audit --help)\n',
        'twin: mae audit yn cymryd <data go iawn> <ffolder rhyddhau>; cafwyd un ddadl (gweler twin audit --help)\n'],
      [['check', 'a.csv', 'b.csv'], 'twin: check takes <real>; got 2 arguments (see twin check --help)\n',
        'twin: mae check yn cymryd <data go iawn>; cafwyd 2 dadl (gweler twin check --help)\n'],
      [['evaluate', 'a.csv'], 'twin: evaluate takes <real> <synthetic>; got 1 argument (see twin evaluate --help)\n',
        'twin: mae evaluate yn cymryd <data go iawn> <data synthetig>; cafwyd un ddadl (gweler twin evaluate --help)\n'],
    ];
    for (const [argv, english, welsh] of cases) {
      const en = await run(argv);
      assert.equal(en.status, 2);
      assert.equal(en.stderr, english);
      const cy = await run([...argv, '--lang', 'cy']);
      assert.equal(cy.status, 2);
      assert.equal(cy.stderr, welsh);
    }
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

describe('l10n: the CLI reports bad input in Welsh, one line naming file, row and column', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-l10n-errors-'));
    fs.writeFileSync(path.join(dir, 'ragged.csv'), 'a,b\n1,2\n3\n');
    // Seven distinct categories in column c: over a category limit of 2.
    fs.writeFileSync(path.join(dir, 'cats.csv'), 'id,c\n' + 'abcdefgabcd'.split('').map((c, i) => `${i + 1},${c}`).join('\n') + '\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  // main() chooses the language of the whole process: later suites expect English again.
  afterEach(() => setLanguage('en'));

  const welsh: Array<[string, Record<string, string>]> = [['--lang cy', {}], ['LANG=cy_GB.UTF-8', { LANG: 'cy_GB.UTF-8' }]];
  for (const [how, env] of welsh) {
    const lang = how.startsWith('--lang') ? ['--lang', 'cy'] : [];
    it(`names a missing file in Welsh (${how})`, async () => {
      const missing = path.join(dir, 'missing.csv');
      const r = await run(['profile', missing, '-q', ...lang], env);
      assert.equal(r.status, 1);
      assert.equal(r.stderr, `twin: ${missing}: ni chanfuwyd y ffeil\n`);
    });

    it(`names the file and row of a ragged record in Welsh (${how})`, async () => {
      const file = path.join(dir, 'ragged.csv');
      const r = await run([...lang, 'profile', file, '-q'], env);
      assert.equal(r.status, 1);
      assert.equal(r.stderr, `twin: ${file}, rhes 3: disgwyliwyd 2 maes ond canfuwyd 1\n`);
    });

    it(`names the file and column over the category limit in Welsh (${how})`, async () => {
      const file = path.join(dir, 'cats.csv');
      const r = await run(['profile', file, '--max-categories', '2', '-q', ...lang], env);
      assert.equal(r.status, 1);
      assert.equal(r.stderr, `twin: ${file}, colofn "c": mae ganddi 7 o gategorïau gwahanol, mwy na'r terfyn o 2 (codwch y terfyn ar nifer y categorïau)\n`);
    });

    it(`reports bad flags as Welsh usage errors (${how})`, async () => {
      const file = path.join(dir, 'cats.csv');
      const unknown = await run(['profile', file, '--bogus', ...lang], env);
      assert.equal(unknown.status, 2);
      assert.equal(unknown.stderr, "twin: profile: opsiwn anhysbys '--bogus' (gweler twin profile --help)\n");
      const notWhole = await run(['profile', file, '--threshold', 'abc', ...lang], env);
      assert.equal(notWhole.status, 2);
      assert.equal(notWhole.stderr, 'twin: rhaid i --threshold fod yn rhif cyfan, cafwyd "abc"\n');
      const level = await run(['generate', file, '--level', 'x', ...lang], env);
      assert.equal(level.status, 2);
      assert.equal(level.stderr, 'twin: rhaid i --level fod yn un o structural, statistical, correlated, cafwyd "x"\n');
    });
  }

  it('says the same in English by default', async () => {
    const file = path.join(dir, 'ragged.csv');
    const row = await run(['profile', file, '-q']);
    assert.equal(row.stderr, `twin: ${file}, row 3: expected 2 fields but found 1\n`);
    const flag = await run(['profile', file, '--bogus'], { LANG: 'en_GB.UTF-8' });
    assert.equal(flag.stderr, "twin: profile: unknown option '--bogus' (see twin profile --help)\n");
  });
});

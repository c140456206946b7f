import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkLanguage } from '../../integration/suite/visibleLanguage';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const twin = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 300_000, env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8' } });

describe('l10n: a release pack in Welsh', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-cy-pack-'));
    assert.equal(twin(['sample', '--rows', '1500', '--out', path.join(dir, 'adm.csv'), '-q']).status, 0);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the documents from media/templates/cy with --lang cy, and the disclosure audit passes on it', () => {
    const pack = path.join(dir, 'pack');
    const r = twin(['release', path.join(dir, 'adm.csv'), '--level', 'statistical', '--dir', pack, '--lang', 'cy', '-q']);
    assert.equal(r.status, 0, r.stderr);
    const read = (name: string) => fs.readFileSync(path.join(pack, name), 'utf8');
    assert.match(read('DATA_CARD.md'), /^# Cerdyn data: adm — gefell synthetig lefel statistical\n/);
    assert.match(read('EULA.md'), /^# Trwydded defnyddiwr terfynol: adm/);
    assert.match(read('RELEASE_CHECKLIST.md'), /^# Rhestr wirio rhyddhau: adm/);
    assert.match(read('RELEASE_CHECKLIST.md'), /## Y Pum Diogel \(Five Safes\)/);
    assert.match(read('evaluation.html'), /<html lang="cy">/);
    // The starter code speaks Welsh around the English code (starterCode.test.ts runs it).
    assert.equal(read('analysis.py').includes('DATA = os.environ.get("TWIN_DATA") or os.path.join(HERE, "adm.synthetic.csv")'), true);
    assert.match(read('analysis.py'), /^"""Dadansoddiad cychwynnol ar gyfer gefell synthetig adm/);
    // No English sentence of the catalogue (four words or more, and Welsh that differs) is left in the Welsh data card.
    const welsh = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.cy.json'), 'utf8')) as Record<string, string>;
    const card = read('DATA_CARD.md');
    const english = Object.entries(welsh).filter(([en, cy]) => en !== cy && /^[A-Za-z]/.test(en) && !en.includes('{') && en.split(' ').length >= 4 && card.includes(en)).map(([en]) => en);
    assert.deepEqual(english, []);
    assert.match(card, /Fe'i hadeiladwyd o'r canlynol: y crynodebau unffordd diogel rhag datgelu/);
    assert.match(card, /canraddau 1 a 99/);
    // The checklist's items and evidence are the catalogue's Welsh; no English message of it is left in any line.
    const checklist = read('RELEASE_CHECKLIST.md');
    assert.deepEqual(checkLanguage(checklist.split('\n'), welsh, 'cy').other, []);
    assert.match(checklist, /^- ✅ \*\*Allbynnau wedi'u labelu'n synthetig\*\*: enw'r gefell yw adm\.synthetic\.csv, ac mae DATA_CARD\.md, EULA\.md a'r rhestr wirio hon i gyd yn nodi bod y data'n synthetig$/m);
    assert.match(checklist, /^- ⚠️ \*\*Metadata wedi'i gymeradwyo\*\*: nid oes cymeradwyaeth yn metadata\.json: rhaid i unigolyn ei adolygu a'i gymeradwyo cyn rhyddhau$/m);
    assert.match(checklist, /^- ✅ \*\*Archwiliad: Nid oes unrhyw gyfrif a gyhoeddir yn dibynnu ar lai na k = 10 o unigolion\*\*: ni chanfu twin audit yr un yn \d+ ffeil y pecyn$/m);
    const audit = twin(['audit', path.join(dir, 'adm.csv'), pack, '--lang', 'cy', '-q']);
    assert.equal(audit.status, 0, audit.stdout + audit.stderr);
  });

  it('keeps the English templates without --lang', () => {
    const pack = path.join(dir, 'pack-en');
    const r = twin(['release', path.join(dir, 'adm.csv'), '--level', 'structural', '--dir', pack, '-q']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(fs.readFileSync(path.join(pack, 'DATA_CARD.md'), 'utf8'), /^# Data card: adm — structural synthetic twin\n/);
    assert.match(fs.readFileSync(path.join(pack, 'evaluation.html'), 'utf8'), /<html lang="en">/);
  });
});

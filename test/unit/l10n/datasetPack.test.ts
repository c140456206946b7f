import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkLanguage } from '../../integration/suite/visibleLanguage';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const twin = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 300_000, env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8' } });

/** Issue 18: the linked dataset's release pack in Welsh (media/templates/cy/dataset and the catalogue). */
describe('l10n: a linked dataset\'s release pack in Welsh', function () {
  this.timeout(600_000);
  let dir: string;
  let pack: string;
  const read = (name: string) => fs.readFileSync(path.join(pack, name), 'utf8');
  const welsh = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.cy.json'), 'utf8')) as Record<string, string>;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-cy-dataset-'));
    const data = path.join(dir, 'linked');
    assert.equal(twin(['sample', '--linked', '--persons', '300', '--out', data, '-q']).status, 0);
    pack = path.join(dir, 'pack');
    const r = twin(['release', data, '--level', 'statistical', '--dir', pack, '--lang', 'cy', '--custodian', 'Ymddiriedolaeth Enghreifftiol', '-q']);
    assert.equal(r.status, 0, r.stderr);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the data card from media/templates/cy/dataset, its phrases from the catalogue', () => {
    const card = read('DATA_CARD.md');
    assert.match(card, /^# Cerdyn data: linked — gefell synthetig lefel statistical o set ddata gysylltiedig\n/);
    for (const table of ['admissions', 'diagnoses', 'patients', 'prescriptions']) assert.match(card, new RegExp(`^## Tabl ${table}$`, 'm'));
    // A known link: required, proposed, its evidence in words.
    assert.match(card, /^\| admissions\.patient_id \| patients\.patient_id \| gorfodol \| arfaethedig \| 100% o'r gwerthoedd gwahanol wedi'u canfod, mae'r enwau'n cytuno \(tabl\) \| \d+% \|$/m);
    assert.match(card, /^Ar draws tablau: Mae pob allwedd yn cysylltu ac mae'r diemwntau'n cytuno; mae nifer y plant fesul rhiant yn dilyn y dosraniad a gyhoeddwyd\./m);
    assert.match(card, /^Fe'i hadeiladwyd o'r canlynol: metadata\.json diogel rhag datgelu yn unig \(crynodebau pob tabl a chrynodebau'r perthnasoedd\); ni ddarllenwyd unrhyw gofnod go iawn i'w chynhyrchu\.$/m);
    assert.match(card, /^\| Cyswllt \| heb ei enwi \(rhaid enwi cyswllt cyn rhyddhau\) \|$/m);
    assert.match(read('EULA.md'), /^\| Data \| Gefell synthetig o linked \(4 tabl y ffolder hwn\), lefel statistical \|$/m);
  });

  it('leaves no English message of the catalogue in any document, and the checklist is the dataset\'s, in Welsh', () => {
    // One pass over every line of the three documents (the matcher compiles the whole catalogue each call).
    const seen = checkLanguage(['DATA_CARD.md', 'EULA.md', 'RELEASE_CHECKLIST.md'].flatMap((name) => read(name).split('\n')), welsh, 'cy');
    assert.deepEqual(seen.other.map((en) => `${en} in: ${seen.where[en]}`), []);
    const checklist = read('RELEASE_CHECKLIST.md');
    assert.match(checklist, /^- ✅ \*\*Mae pob allwedd yn cysylltu ar draws tablau\*\*: cywirdeb cyfeirio 1 ar bob un o'r \d+ cysylltiad a werthuswyd; 2 diemwnt wedi'u cadw drwy adeiladwaith$/m);
    assert.match(checklist, /^- (✅|❌) \*\*Dim cyfatebiaethau union y tu hwnt i sylfaen y data a gadwyd yn ôl\*\*: unigolion \(cofnodion cyfan patients\): mae \d+( ar y mwyaf)? o \d+ cofnod unigolyn yn y gefell/m);
    assert.match(checklist, /^- ❌ \*\*Mae'r drwydded yn enwi'r ceidwad a'r cyswllt\*\*: nid oes cyswllt yn EULA\.md: enwch geidwad y data a chyswllt a rhedeg eto$/m);
  });

  it('passes twin audit, which reads its "## Tabl" sections as an English pack\'s "## Table"', () => {
    const audit = twin(['audit', path.join(dir, 'linked'), pack, '--lang', 'cy', '-q']);
    assert.equal(audit.status, 0, audit.stdout + audit.stderr);
  });
});

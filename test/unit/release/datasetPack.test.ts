import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkCommand } from '../../../src/cli/commands/check';
import { releaseCommand } from '../../../src/cli/commands/release';
import { profileLinkedDataset } from '../../../src/core/dataset/profileLinked';
import { createDatasetReleasePack } from '../../../src/core/release';
import { writeLinkedSample } from '../../../src/core/sample';
import { requireOrSkip } from '../skip';
import { fakeIO, pythonWithPandas, rscript, run, tempDir } from './helpers';

const TABLES = ['admissions', 'diagnoses', 'patients', 'prescriptions'];

describe('release: the pack of a linked dataset (built-in linked sample)', function () {
  this.timeout(900_000);
  let dir: string;
  let real: string;
  let pack: string;
  let first: Awaited<ReturnType<typeof createDatasetReleasePack>>;

  before(async () => {
    dir = tempDir('dataset-pack');
    real = path.join(dir, 'hospital');
    await writeLinkedSample(real, { persons: 300 });
    const { metadata } = await profileLinkedDataset(real);
    pack = path.join(dir, 'pack');
    first = await createDatasetReleasePack({ data: real, dataDir: real, metadata, level: 'correlated', dir: pack, custodian: 'Example TRE', contact: 'tre@example.org', now: new Date('2026-12-07T00:00:00Z') });
  });

  it('holds every twin table under its source name, one metadata.json, the evaluation, the diagram, the documents and the audit; the audit passes', () => {
    assert.deepEqual(fs.readdirSync(pack).filter((f) => f !== 'checksums').sort(), [
      'DATA_CARD.md', 'EULA.md', 'RELEASE_CHECKLIST.md', ...TABLES.map((t) => `${t}.csv`), 'analysis.R', 'analysis.py', 'evaluation.json', 'hospital.twin.json', 'metadata.json', 'relationships.svg', 'results.json',
    ].sort());
    // A correlated twin's finished rows (dates moved to keep the cross-table logic) are guarded
    // against replaying unique real rows: before the guard, 49 prescriptions did and the audit failed.
    assert.equal(first.audit.status, 'pass', JSON.stringify(first.audit.checks.filter((c) => c.status !== 'pass')));
    const metadata = JSON.parse(fs.readFileSync(path.join(pack, 'metadata.json'), 'utf8'));
    assert.equal(metadata.format, 'twin-metadata/2');
    assert.deepEqual(metadata.tables.map((t: { name: string }) => t.name).sort(), TABLES);
    const recipe = JSON.parse(fs.readFileSync(path.join(pack, 'hospital.twin.json'), 'utf8'));
    assert.equal(recipe.format, 'twin-dataset-recipe/1');
    assert.ok(recipe.source.tables.every((t: { file: string }) => !t.file.includes('/')), 'the recipe names files, not the TRE\'s folders');
  });

  it('RELEASE_CHECKLIST.md checks every table and the links, cites the audit, and asks for the missing sign-off', () => {
    const list = fs.readFileSync(path.join(pack, 'RELEASE_CHECKLIST.md'), 'utf8');
    const line = (title: string): string => list.split('\n').find((l) => l.includes(`**${title}**`)) ?? '';
    const e = JSON.parse(fs.readFileSync(path.join(pack, 'evaluation.json'), 'utf8'));
    const diamonds = JSON.parse(fs.readFileSync(path.join(pack, 'metadata.json'), 'utf8')).relationships.diamonds.length;
    assert.equal(diamonds, 2);
    assert.equal(line('Every key joins across tables'), `- ✅ **Every key joins across tables**: referential integrity 1 on all ${e.links.links.length} links evaluated; ${diamonds} diamonds kept by construction`);
    assert.match(line('Metadata signed off'), /^- ⚠️ .*metadata\.json has no sign-off: a person must review it and sign it off before release$/);
    // One item per check, the worst of the tables, every table named in its evidence.
    for (const title of ['Rare categories controlled at threshold k = 10', 'No exact matches beyond the holdout baseline', 'Distance to closest record within bounds', 'Identifiers removed or faked']) {
      for (const t of TABLES) assert.ok(line(title).includes(`${t}: `), `${title}: ${t}`);
    }
    assert.match(line('Identifiers removed or faked'), /^- ✅ .*patients: patient_id faked \(a key that joins\)/);
    assert.match(line('Audit: No published value is held by fewer than k = 10 persons'), /^- ✅ .*twin audit found none in the 13 files of the pack$/);
    assert.match(line('Outputs labelled synthetic'), /^- ⚠️ .*4 of 4 twin tables keep their source's file name/);
    assert.match(line('Licence names custodian and contact'), /^- ✅ .*EULA\.md names Example TRE \(contact tre@example\.org\)$/);
  });

  it('evaluation.json is the released copy: every link joins (integrity 1), cardinality shapes kept, boundary adherence left out', () => {
    const e = JSON.parse(fs.readFileSync(path.join(pack, 'evaluation.json'), 'utf8'));
    assert.equal(e.release.status, 'released');
    assert.equal(e.tables.length, 4);
    assert.ok(e.links.links.length >= 3);
    for (const l of e.links.links) {
      assert.equal(l.referentialIntegrity, 1, `${l.childTable}.${l.childKey}`);
      assert.ok(l.cardinalityShapeSimilarity >= 0.8, `${l.childTable}.${l.childKey}: ${l.cardinalityShapeSimilarity}`);
    }
    assert.ok(!JSON.stringify(e).includes('cardinalityBoundaryAdherence'));
  });

  it('DATA_CARD.md shows the diagram as an image, every link with its scores and a section per table', () => {
    const card = fs.readFileSync(path.join(pack, 'DATA_CARD.md'), 'utf8');
    assert.ok(card.includes('![Tables and links of hospital](relationships.svg)'));
    for (const t of TABLES) assert.ok(card.includes(`## Table ${t}\n`), `section of ${t}`);
    assert.match(card, /\| diagnoses\.admission\\?_id → admissions \| 1\.00 \|/);
    assert.match(card, /\| Person table \| patients \|/);
    assert.match(card, /\| Persons in the twin \| 300 \|/);
    const svg = fs.readFileSync(path.join(pack, 'relationships.svg'), 'utf8');
    for (const t of TABLES) assert.ok(svg.includes(`>${t === 'patients' ? 'patients (person)' : t}</text>`));
  });

  it('analysis.py and analysis.R load every table, every key joins, and the same code runs on the real folder', function () {
    const python = pythonWithPandas();
    const r = rscript();
    requireOrSkip(this, python && r, 'python3 with pandas and Rscript are needed');
    const outputs: Record<string, string> = {};
    for (const [name, program, script] of [['py', python!, 'analysis.py'], ['r', r!, 'analysis.R']] as const) {
      const twin = run(program, [script], { cwd: pack });
      assert.equal(twin.status, 0, twin.stderr);
      outputs[name] = twin.stdout;
      const lines = twin.stdout.split('\n').filter((l) => l.includes('keys join'));
      assert.ok(lines.length >= 4, twin.stdout);
      for (const line of lines) {
        const m = /: (\d+) of (\d+) keys join/.exec(line)!;
        assert.equal(m[1], m[2], line);
        assert.ok(Number(m[2]) > 0, line);
      }
      const onReal = run(program, [script], { cwd: pack, env: { TWIN_DATA: real } });
      assert.equal(onReal.status, 0, onReal.stderr);
      assert.match(onReal.stdout, /^patients: 300 rows, 6 columns$/m);
    }
    // Python and R read the tables alike: the same lines.
    assert.equal(outputs.py, outputs.r);
  });

  it('made again, the twin tables are the same bytes and a person\'s text in the data card is kept', async () => {
    const card = path.join(pack, 'DATA_CARD.md');
    fs.writeFileSync(card, fs.readFileSync(card, 'utf8').replace(/<!-- twin:keep:purpose -->\n[\s\S]*?<!-- \/twin:keep:purpose -->/, '<!-- twin:keep:purpose -->\nTeaching the joins.\n<!-- /twin:keep:purpose -->'));
    const { metadata } = await profileLinkedDataset(real);
    const again = await createDatasetReleasePack({ data: real, dataDir: real, metadata, level: 'correlated', dir: pack, now: new Date('2026-12-07T00:00:00Z') });
    const hashes = (p: typeof first) => JSON.parse(fs.readFileSync(p.files.find((f) => f.endsWith('.twin.json'))!, 'utf8')).output.map((o: { sha256: string }) => o.sha256);
    assert.deepEqual(hashes(again), hashes(first));
    assert.ok(fs.readFileSync(card, 'utf8').includes('Teaching the joins.'));
  });

  it('twin release <folder> --level statistical and twin check <folder> through the CLI', async () => {
    const io = fakeIO(dir);
    await releaseCommand([real, '--level', 'statistical', '--dir', path.join(dir, 'stat'), '--quiet'], io);
    const out = JSON.parse(io.out());
    assert.equal(out.audit.status, 'pass');
    assert.ok(fs.existsSync(path.join(dir, 'stat', 'prescriptions.csv')));
    const check = fakeIO(dir);
    await checkCommand([real, '--metadata', path.join(dir, 'stat', 'metadata.json'), '--quiet'], check);
    assert.ok(!/^error/m.test(check.out()), check.out());
    // A table missing from the folder is an error naming it.
    const partial = path.join(dir, 'partial');
    fs.mkdirSync(partial);
    for (const t of TABLES.filter((x) => x !== 'diagnoses')) fs.copyFileSync(path.join(real, `${t}.csv`), path.join(partial, `${t}.csv`));
    const bad = fakeIO(dir);
    await assert.rejects(checkCommand([partial, '--metadata', path.join(dir, 'stat', 'metadata.json'), '--quiet'], bad), /does not match the metadata/);
    assert.match(bad.out(), /error: table: table diagnoses: no file diagnoses\.csv in the folder/);
  });
});

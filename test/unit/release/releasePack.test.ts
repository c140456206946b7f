import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildChecklist, createReleasePack, loadTemplates, writeReleaseDocuments, type ReleasePack } from '../../../src/core/release';
import { evaluateFiles } from '../../../src/core/evaluate';
import { formatDate } from '../../../src/core/format';
import { openDataset } from '../../../src/core/io';
import type { Metadata } from '../../../src/core/metadata';
import { AUDIT_CHECKS } from '../../../src/core/audit';
import { protectEvaluation } from '../../../src/core/disclosure/protectEvaluation';
import { protectMetadata } from '../../../src/core/disclosure/protectMetadata';
import { protectRecipe } from '../../../src/core/disclosure/protectRecipe';
import { writeHospitalAdmissionsSample } from '../../../src/core/sample';
import { checkMetadata, readRecipe } from '../../../src/core/synth';
import { isTwinError } from '../../../src/core/errors';
import { packFilesWritten, packLayout } from '../../../src/core/paths';
import { pythonWithPandas, rscript, run, tempDir } from './helpers';
import { requireOrSkip } from '../skip';

const NOW = new Date('2026-11-23T09:30:00Z');
const FILES = [
  'adm.synthetic.csv', 'adm.twin.json', 'metadata.json', 'evaluation.json', 'evaluation.html',
  'DATA_CARD.md', 'EULA.md', 'RELEASE_CHECKLIST.md', 'analysis.py', 'analysis.R', 'results.json',
];
const DOCS = ['DATA_CARD.md', 'EULA.md', 'RELEASE_CHECKLIST.md', 'analysis.py', 'analysis.R'];

/** Placeholder text that must never be left in a generated file. */
const PLACEHOLDERS = [/\{\{/, /\}\}/, /<%/, /\bTODO\b/, /\bTBD\b/, /\bFIXME\b/, /<[A-Za-z][A-Za-z _.-]*>/, /<…>/, /\blorem\b.*\bipsum\b/i];

/** The line of the checklist for an automatic item, by its title. */
function checklistLine(text: string, title: string): string {
  const line = text.split('\n').find((l) => l.startsWith('- ') && l.includes(`**${title}`));
  assert.ok(line, `checklist has no item "${title}"`);
  return line;
}

/** Mean of an integer column and the earliest value of a datetime column of a CSV, read with the engine. */
async function summaryOf(file: string, numeric: string, datetime: string): Promise<{ rows: number; mean: number; first: string }> {
  const source = await openDataset(file);
  const ni = source.columnNames.indexOf(numeric);
  const di = source.columnNames.indexOf(datetime);
  let rows = 0, sum = 0, n = 0, first = '';
  for await (const batch of source.batches()) {
    for (const r of batch.rows) {
      rows++;
      const v = r[ni];
      if (typeof v === 'string' && v !== '') { sum += Number(v); n++; }
      const d = r[di];
      if (typeof d === 'string' && d !== '' && (first === '' || d < first)) first = d;
    }
  }
  return { rows, mean: sum / n, first: first.slice(0, 10) };
}

describe('release pack on the built-in sample', function () {
  this.timeout(120_000);
  let root: string;
  let data: string;
  let holdout: string;
  let pack: ReleasePack;
  const read = (name: string) => fs.readFileSync(path.join(pack.dir, name), 'utf8');

  before(async () => {
    root = tempDir('pack');
    data = path.join(root, 'data', 'adm.csv');
    holdout = path.join(root, 'data', 'holdout.csv');
    await writeHospitalAdmissionsSample(data, { rows: 3000 });
    await writeHospitalAdmissionsSample(holdout, { rows: 1000, seed: 7 });
    pack = await createReleasePack({
      data, level: 'statistical', holdout, custodian: 'Northshire NHS Trust', contact: 'data.access@northshire.example', now: NOW,
    });
  });

  it('writes every file of the pack into synthetic/<dataset>-<level>/ beside the data', () => {
    assert.equal(pack.dir, path.join(root, 'data', 'synthetic', 'adm-statistical'));
    assert.deepEqual(pack.files, FILES.map((f) => path.join(pack.dir, f)));
    // The files written are the ones the core's path module names, in its order.
    assert.deepEqual(pack.files, packFilesWritten(packLayout(pack.dir, data)));
    for (const f of pack.files) assert.ok(fs.statSync(f).size > 0, f);
    assert.deepEqual(fs.readdirSync(pack.dir).filter((f) => f.endsWith('.tmp') || f.startsWith('.')), []);
  });

  it('audits its own pack: ACRO results.json with one output per file, and the checklist cites each check family', () => {
    const results = JSON.parse(read('results.json'));
    const audited = fs.readdirSync(pack.dir).filter((f) => f !== 'results.json' && fs.statSync(path.join(pack.dir, f)).isFile()).sort();
    assert.deepEqual(Object.keys(results.results), audited);
    for (const out of Object.values(results.results) as any[]) assert.ok(['pass', 'fail', 'review'].includes(out.status));
    assert.ok(['pass', 'warn', 'fail'].includes(pack.audit.status));
    assert.equal(pack.audit.results, path.join(pack.dir, 'results.json'));
    const failing = pack.audit.checks.filter((c) => c.status === 'fail').length;
    const checklist = read('RELEASE_CHECKLIST.md');
    const auditLines = checklist.split('\n').filter((l) => /^- (✅|⚠️|❌) \*\*Audit: /.test(l));
    assert.equal(auditLines.length, AUDIT_CHECKS.length, checklist); // one per check family (tail-replay and tail-model made 10)
    assert.equal(auditLines.filter((l) => l.startsWith('- ❌')).length, failing);
    // The checklist that cites the audit was itself audited.
    assert.ok('RELEASE_CHECKLIST.md' in results.results);
  });

  it('leaves no placeholder text in any document or starter code', () => {
    for (const name of DOCS) {
      const text = read(name);
      for (const p of PLACEHOLDERS) assert.doesNotMatch(text, p, `${name} matches ${p}`);
    }
  });

  it('metadata.json is the metadata the twin was made from, unsigned', async () => {
    // Written in the readable form (ISO dates, an about block); it reads back to the recipe's metadata.
    const metadata = checkMetadata(JSON.parse(read('metadata.json')), 'metadata.json');
    const recipe = await readRecipe(path.join(pack.dir, 'adm.twin.json'));
    assert.deepEqual(metadata, recipe.metadata);
    assert.equal(metadata.signOff, undefined);
    // Published metadata carries the pairwise associations (a plain `twin generate` skips them).
    assert.ok((metadata.associations?.pairs.length ?? 0) > 0, 'associations in metadata.json');
    assert.equal(JSON.parse(read('evaluation.json')).format, 'twin-evaluation/1');
    assert.match(read('evaluation.html'), /^<!doctype html>/i);
  });

  it('fills every field of the data card', async () => {
    const card = read('DATA_CARD.md');
    const recipe = await readRecipe(path.join(pack.dir, 'adm.twin.json'));
    assert.match(card, /^# Data card: adm — statistical synthetic twin$/m);
    assert.match(card, /\*\*This is synthetic data\.\*\*/);
    for (const needle of [
      '| Custodian | Northshire NHS Trust |', '| Contact | data.access@northshire.example |', '| Date | 2026-11-23 |',
      `| Release version | 2026-11-23-${recipe.output.fingerprint.sha256.slice(0, 12)} |`,
      `| Source fingerprint (HMAC-SHA-256 under the TRE's secret key) | ${recipe.metadata.dataset.fingerprint.hmac} |`, '| Tool | synthetic-twin 0.1.0 |', '| Seed | 1 |',
      'Level: **statistical**, method **statistical**, seed 1.', 'Differential privacy: not used',
      'Columns faked (format-valid made-up values): nhs_number, notes.', 'Columns left out: none.',
    ]) {
      assert.ok(card.includes(needle), `data card lacks ${JSON.stringify(needle)}`);
    }
    assert.ok(card.includes('conclusions about the real population or any real person without validating them on the real data'));
    // Schema table: one row per column, six filled cells each.
    const section = card.split('## Schema')[1].split('\n\n')[1].split('\n').slice(2);
    assert.equal(section.length, 16);
    for (const row of section) {
      const cells = row.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
      assert.equal(cells.length, 6, row);
      assert.ok(cells.every((c) => c.length > 0), row);
    }
    assert.ok(card.includes('| age | integer | whole numbers | 0% | modelled | coded bounds'));
    assert.ok(card.includes('| nhs_number | identifier | shape 999 999 9999 | 0% | faked | identifier, 12 characters, unique; values never published |'));
    // Evaluation readings, with the engine's plain-language text.
    const evaluation = JSON.parse(read('evaluation.json'));
    assert.ok(card.includes(`| Fidelity overall | ${evaluation.fidelity.score.toFixed(2)} | ${evaluation.fidelity.reading.band} | ${evaluation.fidelity.reading.text} |`));
    // Limitations name the suppressed subgroups.
    assert.match(card, /Subgroups suppressed in ethnicity: \d+ categories with fewer than 10 records were merged into "Other"/);
    // Escaping did not mangle ordinary names.
    assert.ok(card.includes('length_of_stay'));
  });

  it('fills the EULA with dataset, level, custodian, contact, version and date, and the terms', () => {
    const eula = read('EULA.md');
    for (const needle of ['adm', 'statistical', 'Northshire NHS Trust', 'data.access@northshire.example', '2026-11-23']) assert.ok(eula.includes(needle), needle);
    assert.match(eula, /\| Release version \| 2026-11-23-[0-9a-f]{12} \|/);
    assert.match(eula, /identify, re-identify or contact any person/);
    assert.match(eula, /Link or match the synthetic data with any other data/);
    assert.match(eula, /Share, publish or pass on the synthetic data/);
    assert.match(eula, /Acknowledge the source/);
    assert.match(eula, /Report at once to data\.access@northshire\.example/);
    assert.match(eula, /without validating them on the real data/);
  });

  it('marks the automatic checklist items with their evidence, and leaves the rest for the checker', () => {
    const list = read('RELEASE_CHECKLIST.md');
    assert.match(checklistLine(list, 'Outputs labelled synthetic'), /^- ✅ .*adm\.synthetic\.csv/);
    assert.match(checklistLine(list, 'Identifiers removed or faked'), /^- ✅ .*nhs_number faked; notes faked/);
    assert.match(checklistLine(list, 'Rare categories controlled at threshold k = 10'), /^- ✅ .*every published category has at least 10 records/);
    assert.match(checklistLine(list, 'No exact matches beyond the holdout baseline'), /^- ✅ \*\*No exact matches beyond the holdout baseline\*\*: 0 of (299[89]|300[012]) twin rows \(0%\) are exact copies of a real row; holdout baseline 0% \(0 of 1000 unseen real rows equal a real row\)$/);
    assert.match(checklistLine(list, 'Distance to closest record within bounds'), /^- (✅|⚠️|❌) .*closer to a training row than to a holdout row/);
    assert.match(checklistLine(list, 'Metadata signed off'), /^- ⚠️ .*no sign-off/);
    assert.match(checklistLine(list, 'Evaluation attached'), /^- ✅ /);
    assert.match(checklistLine(list, 'Licence names custodian and contact'), /^- ✅ .*Northshire NHS Trust/);
    for (const heading of ['## 1. Labelling', '## 2. Disclosure', '## 3. Structure', '## 4. Documentation', '### Safe projects', '### Safe people', '### Safe settings', '### Safe data', '### Safe outputs', '## Sign-off']) {
      assert.ok(list.includes(heading), heading);
    }
    assert.ok((list.match(/^- \[ \] /gm) ?? []).length >= 12);
  });

  it('keeps the text a person edited between keep markers when the pack is made again', async () => {
    const card = path.join(pack.dir, 'DATA_CARD.md');
    const py = path.join(pack.dir, 'analysis.py');
    const list = path.join(pack.dir, 'RELEASE_CHECKLIST.md');
    const purpose = 'Made for the Northshire readmissions study (protocol 2026-014) and its analysts.';
    fs.writeFileSync(card, fs.readFileSync(card, 'utf8').replace(/(<!-- twin:keep:purpose -->\n)[\s\S]*?(<!-- \/twin:keep:purpose -->)/, `$1${purpose}\n$2`));
    fs.writeFileSync(py, fs.readFileSync(py, 'utf8').replace(/(# twin:keep:analysis\n)[\s\S]*?( {4}# \/twin:keep:analysis)/, '$1    print(df["sex"].value_counts().sort_index().to_dict())\n$2'));
    fs.writeFileSync(list, fs.readFileSync(list, 'utf8').replace('| Name | |', '| Name | A. Checker |'));
    fs.writeFileSync(card, fs.readFileSync(card, 'utf8').replace('## How it was made', '## How it was made (edited outside a region)'));

    const again = await createReleasePack({
      data, level: 'statistical', holdout, custodian: 'Northshire NHS Trust', contact: 'data.access@northshire.example', now: NOW,
      signOff: { name: 'Dr A. Reviewer', role: 'Data custodian' },
    });
    assert.deepEqual(again.files, pack.files);
    const cardText = fs.readFileSync(card, 'utf8');
    assert.ok(cardText.includes(`<!-- twin:keep:purpose -->\n${purpose}\n<!-- /twin:keep:purpose -->`));
    assert.ok(cardText.includes('## How it was made\n'), 'text outside the regions is regenerated');
    assert.ok(fs.readFileSync(py, 'utf8').includes('    print(df["sex"].value_counts().sort_index().to_dict())\n    # /twin:keep:analysis'));
    const listText = fs.readFileSync(list, 'utf8');
    assert.ok(listText.includes('| Name | A. Checker |'));
    // The sign-off given now is recorded and the item passes.
    assert.match(checklistLine(listText, 'Metadata signed off'), /^- ✅ .*Dr A\. Reviewer \(Data custodian\) on 2026-11-23/);
    assert.equal((JSON.parse(fs.readFileSync(path.join(pack.dir, 'metadata.json'), 'utf8')) as Metadata).signOff?.name, 'Dr A. Reviewer');

    // A third run without --signed-off-by keeps the sign-off: the metadata did not change.
    await createReleasePack({ data, level: 'statistical', holdout, custodian: 'Northshire NHS Trust', contact: 'data.access@northshire.example', now: NOW });
    assert.match(checklistLine(fs.readFileSync(list, 'utf8'), 'Metadata signed off'), /^- ✅ /);
  });

  it('marks exact copies of real rows above the holdout baseline ❌', async () => {
    // A twin with one real row copied in: the engine's own evaluation, then the documents.
    const broken = tempDir('broken');
    const twin = fs.readFileSync(path.join(pack.dir, 'adm.synthetic.csv'), 'utf8').split('\n');
    const real = fs.readFileSync(data, 'utf8').split('\n');
    twin[5] = real[17];
    const brokenTwin = path.join(broken, 'adm.synthetic.csv');
    fs.writeFileSync(brokenTwin, twin.join('\n'));
    const evaluation = await evaluateFiles(data, brokenTwin, { holdout });
    assert.equal(evaluation.privacy.exactMatches.count, 1);
    const recipe = await readRecipe(path.join(pack.dir, 'adm.twin.json'));
    const { signOff: _s, ...unsigned } = recipe.metadata;
    // The documents take only values of the disclosure layer.
    const metadata = protectMetadata(unsigned);
    await writeReleaseDocuments({
      dir: broken, templates: loadTemplates(null), metadata, recipe: protectRecipe(recipe, metadata), evaluation: protectEvaluation(evaluation, metadata), now: NOW,
      files: { twin: 'adm.synthetic.csv', recipe: 'adm.twin.json', source: 'adm.csv', evaluationJson: true, evaluationHtml: true },
      custodian: 'Northshire NHS Trust', contact: 'data.access@northshire.example',
    });
    const list = fs.readFileSync(path.join(broken, 'RELEASE_CHECKLIST.md'), 'utf8');
    assert.match(checklistLine(list, 'No exact matches beyond the holdout baseline'),
      // The released count is rounded up to at least k (10), an upper bound: a copy is never hidden, and no count is a small cell. The twin has the published (perturbed) row count.
      /^- ❌ \*\*No exact matches beyond the holdout baseline\*\*: at most 10 of (299[89]|300[012]) twin rows \(0\.33%\) are exact copies of a real row; holdout baseline 0%/);
    assert.match(checklistLine(list, 'Metadata signed off'), /^- ⚠️ /);
    assert.match(list, /The tool's checks: \d+ passed, \d+ need\nattention, [1-9]\d* failed\./);
  });

  it('fails the identifier and rare-category items on a modelled identifier and a small published cell', async () => {
    const recipe = await readRecipe(path.join(pack.dir, 'adm.twin.json'));
    const evaluation = JSON.parse(read('evaluation.json'));
    recipe.columns = recipe.columns.map((c) => (c.name === 'nhs_number' ? { ...c, action: 'modelled' as const } : c));
    const metadata = structuredClone(recipe.metadata);
    const sex = metadata.columns.find((c) => c.name === 'sex')!;
    if (sex.type === 'categorical') sex.categories[1].count = 5;
    const items = buildChecklist({ metadata, recipe, evaluation, twinFile: 'adm.csv', evaluationFiles: { json: true, html: false } });
    const byId = new Map(items.map((i) => [i.id, i]));
    assert.equal(byId.get('identifiers')!.status, 'fail');
    assert.equal(byId.get('identifiers')!.evidence, 'direct identifiers modelled from real values: nhs_number; fake or exclude them');
    assert.equal(byId.get('rare-categories')!.status, 'fail');
    assert.equal(byId.get('rare-categories')!.evidence, 'published categories with fewer than 10 records in sex');
    assert.equal(byId.get('labelled')!.status, 'fail');
    assert.equal(byId.get('evaluation-attached')!.status, 'fail');
    assert.equal(byId.get('eula-parties')!.mark, '❌');
  });

  it('runs analysis.py with pandas against the twin and, through TWIN_DATA, the real file', async function () {
    const python = pythonWithPandas();
    requireOrSkip(this, python, 'python3 with pandas is not installed (Debian: apt-get install python3-pandas)');
    for (const [file, env] of [[path.join(pack.dir, 'adm.synthetic.csv'), {}], [data, { TWIN_DATA: data }]] as const) {
      const expected = await summaryOf(file, 'age', 'admission_datetime');
      const r = run(python!, ['analysis.py'], { cwd: pack.dir, env });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout.split('\n').slice(0, 4).join('\n'), `rows: ${expected.rows}\ncolumns: 16\nmean age: ${expected.mean.toFixed(4)}\nfirst admission_datetime: ${expected.first}`);
    }
  });

  it('runs analysis.R with base R against the twin and, through TWIN_DATA, the real file', async function () {
    const r = rscript();
    requireOrSkip(this, r, 'Rscript is not installed (Debian: apt-get install r-base-core)');
    for (const [file, env] of [[path.join(pack.dir, 'adm.synthetic.csv'), {}], [data, { TWIN_DATA: data }]] as const) {
      const expected = await summaryOf(file, 'age', 'admission_datetime');
      // Run from another folder: the script finds the twin beside itself.
      const res = run(r!, [path.join(pack.dir, 'analysis.R')], { cwd: root, env });
      assert.equal(res.status, 0, res.stderr);
      assert.equal(res.stdout.trim(), `rows: ${expected.rows}\ncolumns: 16\nmean age: ${expected.mean.toFixed(4)}\nfirst admission_datetime: ${expected.first}`);
    }
  });

  it('reads dates in the starter code with the metadata\'s pattern', () => {
    assert.ok(read('analysis.py').includes('pd.to_datetime(df["admission_datetime"], format="%Y-%m-%d %H:%M")'));
    assert.ok(read('analysis.R').includes('as.POSIXct(df[["admission_datetime"]], format = "%Y-%m-%d %H:%M", tz = "UTC")'));
    assert.ok(read('analysis.py').includes('"ward_code": "category"'));
    assert.ok(read('analysis.R').includes('"age" = "integer"'));
    assert.equal(formatDate(Date.UTC(2024, 3, 1, 7, 5), 'yyyy-MM-dd HH:mm'), '2024-04-01 07:05');
  });
});

describe('release pack: workspace templates', function () {
  this.timeout(120_000);

  it('uses a .twin/templates override found above the data', async () => {
    const root = tempDir('override');
    const templates = path.join(root, '.twin', 'templates');
    fs.mkdirSync(templates, { recursive: true });
    fs.writeFileSync(path.join(templates, 'EULA.md'),
      '# Northshire synthetic data licence\n\n{{dataset.name}} ({{level}}), release {{version}} of {{date}}.\nLicensor: {{custodian}}. Questions: {{contact}}.\nClause 7: no redistribution.\n');
    const data = path.join(root, 'projects', 'p1', 'adm.csv');
    await writeHospitalAdmissionsSample(data, { rows: 400 });
    const pack = await createReleasePack({ data, level: 'structural', custodian: 'Northshire NHS Trust', contact: 'dpo@northshire.example', now: NOW });
    const eula = fs.readFileSync(path.join(pack.dir, 'EULA.md'), 'utf8');
    assert.match(eula, /^# Northshire synthetic data licence\n\nadm \(structural\), release 2026-11-23-[0-9a-f]{12} of 2026-11-23\.\nLicensor: Northshire NHS Trust\. Questions: dpo@northshire\.example\.\nClause 7: no redistribution\.\n$/);
    // Templates the folder does not override come from the defaults.
    assert.match(fs.readFileSync(path.join(pack.dir, 'DATA_CARD.md'), 'utf8'), /^# Data card: adm — structural synthetic twin/);
  });

  it('refuses an override that misses a required field, naming it, before doing any work', async () => {
    const root = tempDir('badoverride');
    const templates = path.join(root, 'mytemplates');
    fs.mkdirSync(templates);
    fs.writeFileSync(path.join(templates, 'DATA_CARD.md'), '# Card for {{dataset.name}}\n{{method}} {{date}} {{#columns}}{{name}}{{/columns}} {{provenance.sourceSha256}} {{provenance.toolVersion}} {{provenance.seed}}\n');
    const data = path.join(root, 'adm.csv');
    await writeHospitalAdmissionsSample(data, { rows: 200 });
    await assert.rejects(createReleasePack({ data, level: 'statistical', templatesDir: templates }),
      (e: unknown) => isTwinError(e) && e.kind === 'input' && e.reason === 'template is missing the required field {{level}}' && e.where.file === path.join(templates, 'DATA_CARD.md'));
    assert.equal(fs.existsSync(path.join(root, 'synthetic')), false);
  });
});

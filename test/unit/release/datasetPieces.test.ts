import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DATASET_METADATA_FORMAT, type DatasetMetadata } from '../../../src/core/dataset/types';
import { protectDatasetEvaluation, protectDatasetMetadata, protectDatasetRecipe } from '../../../src/core/disclosure/protectDataset';
import { releasedValue } from '../../../src/core/disclosure/released';
import { evaluateDataset } from '../../../src/core/evaluate/multiTable';
import { checkRealDataset, relationshipDiagramSvg } from '../../../src/core/release';
import { writeLinkedSample } from '../../../src/core/sample';
import { generateDataset, readTables } from '../../../src/core/synth/linked';
import { tempDir } from './helpers';

const ref = (table: string, column: string) => ({ table, column });
const fk = (child: string, childCol: string, parent: string, parentCol: string, optional = false, selfReference = false) => ({
  child: ref(child, childCol), parent: ref(parent, parentCol), optional, selfReference,
  evidence: { inclusion: 1, name: 'table' as const }, origin: 'declared' as const, status: 'confirmed' as const,
});

/** The built-in linked sample's metadata, keys declared by hand (discovery is tested in test/unit/dataset). */
async function sampleMetadata(dir: string): Promise<DatasetMetadata> {
  const names = ['patients', 'admissions', 'diagnoses', 'prescriptions'];
  const read = await readTables(names.map((n) => ({ name: n, path: path.join(dir, `${n}.csv`) })), {
    withRows: false, personKeys: { admissions: 'patient_id', diagnoses: 'patient_id', prescriptions: 'patient_id' },
  });
  return {
    format: DATASET_METADATA_FORMAT, generator: read[0].metadata.generator, dataset: { name: 'linked' }, disclosure: read[0].metadata.disclosure,
    tables: read.map((t) => ({ name: t.name, file: `${t.name}.csv`, format: 'csv' as const, metadata: t.metadata })),
    relationships: {
      primaryKeys: [['patients', 'patient_id'], ['admissions', 'admission_id'], ['diagnoses', 'diagnosis_id'], ['prescriptions', 'prescription_id']]
        .map(([table, column]) => ({ table, column, origin: 'declared' as const })),
      foreignKeys: [
        fk('admissions', 'patient_id', 'patients', 'patient_id'), fk('diagnoses', 'admission_id', 'admissions', 'admission_id'),
        fk('diagnoses', 'patient_id', 'patients', 'patient_id'), fk('prescriptions', 'patient_id', 'patients', 'patient_id'),
        fk('prescriptions', 'admission_id', 'admissions', 'admission_id', true),
      ],
      diamonds: [], personTable: 'patients',
    },
    summaries: { childrenPerParent: [], eventsPerPerson: [], timeOffsets: [], eventGaps: [] },
    controls: [],
  };
}

describe('release: the pieces of a linked dataset\'s pack', function () {
  this.timeout(600_000);
  let dir: string;
  let metadata: DatasetMetadata;

  before(async () => {
    dir = tempDir('dataset-pieces');
    await writeLinkedSample(path.join(dir, 'real'), { persons: 200 });
    metadata = await sampleMetadata(path.join(dir, 'real'));
  });

  it('relationships.svg: one box per table with its keys, one arrow per link (dashed when optional, a loop for a self-reference), names escaped, nothing to fetch', () => {
    const d: DatasetMetadata = JSON.parse(JSON.stringify(metadata));
    d.tables[1].name = 'admissions<&>';
    d.relationships.foreignKeys = d.relationships.foreignKeys.map((f) => ({
      ...f, child: f.child.table === 'admissions' ? { ...f.child, table: 'admissions<&>' } : f.child, parent: f.parent.table === 'admissions' ? { ...f.parent, table: 'admissions<&>' } : f.parent,
    }));
    d.relationships.primaryKeys[1].table = 'admissions<&>';
    d.relationships.foreignKeys.push(fk('patients', 'patient_id', 'patients', 'patient_id', true, true));
    const svg = relationshipDiagramSvg(d);
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.equal((svg.match(/<g><rect /g) ?? []).length, 4, 'one box per table');
    assert.equal((svg.match(/<line /g) ?? []).length, 5, 'one arrow per link between tables');
    assert.equal((svg.match(/<line [^>]*stroke-dasharray/g) ?? []).length, 1, 'the optional link is dashed');
    assert.equal((svg.match(/<path d="M \d+ \d+ c/g) ?? []).length, 1, 'the self-reference is a loop');
    assert.ok(svg.includes('>admissions&lt;&amp;&gt;</text>'), 'a table name is escaped');
    assert.ok(!svg.includes('admissions<&>'));
    assert.ok(svg.includes('>patients (person)</text>'));
    assert.ok(svg.includes('>FK admission_id (optional)</text>'));
    assert.ok(svg.includes('>PK diagnosis_id</text>'));
    // Renders offline: no script, no link, no external reference besides the SVG namespace.
    assert.ok(!/<script|href=|@import|url\((?!#)/i.test(svg));
    // Parents sit above children: the patients box is on top, diagnoses below admissions.
    const yOf = (name: string) => Number(new RegExp(`<g><rect x="\\d+" y="(\\d+)"[^>]*/>\\n<text[^>]*>${name}`).exec(svg)![1]);
    assert.ok(yOf('patients \\(person\\)') < yOf('admissions&lt;&amp;&gt;'));
    assert.ok(yOf('admissions&lt;&amp;&gt;') < yOf('diagnoses'));
  });

  it('protectDatasetMetadata refuses metadata that is not controlled (another format, a table without controls, links without summaries)', () => {
    assert.throws(() => protectDatasetMetadata({ ...metadata, format: 'twin-metadata/1' } as unknown as DatasetMetadata), /only disclosure-controlled dataset metadata/);
    const noControls: DatasetMetadata = JSON.parse(JSON.stringify(metadata));
    delete (noControls.tables[0].metadata as { controls?: unknown }).controls;
    assert.throws(() => protectDatasetMetadata(noControls), /only disclosure-controlled metadata/);
    const { summaries: _s, ...noSummaries } = metadata;
    assert.throws(() => protectDatasetMetadata(noSummaries as DatasetMetadata), /relationship summaries/);
    assert.ok(protectDatasetMetadata(metadata));
  });

  it('the released evaluation rounds every link score to its step, leaves out boundary adherence and the pairs, and the recipe must be of the released metadata', async () => {
    const out = path.join(dir, 'twin');
    const generated = await generateDataset({ metadata, level: 'statistical', out, seed: 3 });
    const full = await evaluateDataset(path.join(dir, 'real'), out, metadata);
    const released = protectDatasetMetadata(metadata);
    const e = releasedValue(protectDatasetEvaluation(full, released), 'evaluation.json');
    assert.equal(e.tables.length, 4);
    assert.equal(e.links.links.length, 5);
    for (const l of e.links.links) {
      // 200 persons at k = 10: a score step of 0.05 (10 persons); never finer than the tables allow.
      assert.ok(l.step >= 0.05, `${l.childTable}.${l.childKey}: step ${l.step}`);
      for (const x of [l.referentialIntegrity, l.cardinalityShapeSimilarity, l.pairTrends]) {
        if (x === null) continue;
        assert.ok(Math.abs(x / l.step - Math.round(x / l.step)) < 1e-9, `${x} is a multiple of ${l.step}`);
      }
    }
    // The means are those of the released link scores: no finer figure.
    const mean = (xs: (number | null)[]) => { const v = xs.filter((x): x is number => x !== null); return Math.round((v.reduce((a, b) => a + b, 0) / v.length) * 100) / 100; };
    assert.equal(e.links.cardinalityShapeSimilarity, mean(e.links.links.map((l) => l.cardinalityShapeSimilarity)));
    assert.equal(e.links.referentialIntegrity, mean(e.links.links.map((l) => l.referentialIntegrity)));
    const text = JSON.stringify(e);
    assert.ok(!text.includes('cardinalityBoundaryAdherence'), 'boundary adherence (real min and max) left out');
    assert.ok(!/"parentColumn"/.test(text), 'per-pair parent–child scores left out');
    // The unreleased evaluation has them: the rule removes something.
    assert.ok(JSON.stringify(full.links).includes('cardinalityBoundaryAdherence'));
    assert.equal(e.release.status, 'released');

    assert.ok(protectDatasetRecipe(generated.recipe, released));
    const other = JSON.parse(JSON.stringify(generated.recipe));
    other.source.tables[0].fingerprint = { method: 'hmac-sha256', hmac: '0'.repeat(64) };
    assert.throws(() => protectDatasetRecipe(other, released), /not the released metadata/);
    const withFolder = JSON.parse(JSON.stringify(generated.recipe));
    withFolder.output[0].file = '/tre/project/patients.csv';
    assert.throws(() => protectDatasetRecipe(withFolder, released), /files only/);
  });

  it('twin check of a folder: the real tables match; a missing table and a renamed column are errors naming the table', async () => {
    const ok = await checkRealDataset(path.join(dir, 'real'), metadata);
    assert.equal(ok.matches, true, JSON.stringify(ok.tables.map((t) => t.findings.filter((f) => f.severity === 'error'))));
    assert.equal(ok.tables.length, 4);

    const broken = path.join(dir, 'broken');
    fs.cpSync(path.join(dir, 'real'), broken, { recursive: true });
    fs.rmSync(path.join(broken, 'prescriptions.csv'));
    const text = fs.readFileSync(path.join(broken, 'diagnoses.csv'), 'utf8');
    fs.writeFileSync(path.join(broken, 'diagnoses.csv'), text.replace('admission_id', 'admission_ref'));
    const bad = await checkRealDataset(broken, metadata);
    assert.equal(bad.matches, false);
    assert.deepEqual(bad.missing.map((m) => m.table), ['prescriptions']);
    assert.equal(bad.missing[0].finding.kind, 'table');
    const diagnoses = bad.tables.find((t) => t.table === 'diagnoses')!;
    assert.equal(diagnoses.matches, false);
    assert.ok(diagnoses.findings.some((f) => f.severity === 'error' && /admission_id|admission_ref/.test(`${f.column} ${f.message}`)));
    assert.equal(bad.tables.find((t) => t.table === 'patients')!.matches, true);
  });
});

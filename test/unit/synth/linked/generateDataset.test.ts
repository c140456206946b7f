import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DATASET_METADATA_FORMAT, type DatasetMetadata } from '../../../../src/core/dataset/types';
import { evaluateDataset } from '../../../../src/core/evaluate/multiTable';
import { writeLinkedSample } from '../../../../src/core/sample';
import { generateDataset, readTables } from '../../../../src/core/synth/linked';

const ref = (table: string, column: string) => ({ table, column });
const fk = (child: string, childCol: string, parent: string, parentCol: string, optional = false) => ({
  child: ref(child, childCol), parent: ref(parent, parentCol), optional, selfReference: false,
  evidence: { inclusion: 1, name: 'table' as const }, origin: 'declared' as const, status: 'confirmed' as const,
});

describe('synth: a dataset twin from its metadata (folder in, folder out)', function () {
  this.timeout(600_000);
  let dir: string;
  let metadata: DatasetMetadata;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-dataset-'));
    await writeLinkedSample(path.join(dir, 'real'), { persons: 300 });
    const names = ['patients', 'admissions', 'diagnoses', 'prescriptions'];
    const read = await readTables(names.map((n) => ({ name: n, path: path.join(dir, 'real', `${n}.csv`) })), {
      withRows: false, personKeys: { admissions: 'patient_id', diagnoses: 'patient_id', prescriptions: 'patient_id' },
    });
    metadata = {
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
      controls: [],
    };
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('statistical from metadata alone writes every table and a recipe; the same request gives the same bytes', async () => {
    const a = await generateDataset({ metadata, level: 'statistical', out: path.join(dir, 'stat-a'), seed: 5 });
    const b = await generateDataset({ metadata, level: 'statistical', out: path.join(dir, 'stat-b'), seed: 5 });
    assert.deepEqual(fs.readdirSync(path.join(dir, 'stat-a')).sort(), ['admissions.csv', 'diagnoses.csv', 'linked.twin.json', 'patients.csv', 'prescriptions.csv']);
    assert.deepEqual(a.tables.map((t) => t.sha256), b.tables.map((t) => t.sha256));
    const recipe = JSON.parse(fs.readFileSync(a.recipePath, 'utf8'));
    assert.equal(recipe.format, 'twin-dataset-recipe/1');
    assert.equal(recipe.source.kind, 'metadata');
    assert.deepEqual(recipe.output.map((o: { sha256: string }) => o.sha256), a.tables.map((t) => t.sha256));
  });

  it('correlated needs the real folder, and with it every link joins (evaluation: referential integrity 1, cardinality shape ≥ 0.8)', async () => {
    await assert.rejects(generateDataset({ metadata, level: 'correlated', out: path.join(dir, 'x') }), /need the real tables/);
    await generateDataset({ metadata, level: 'correlated', dir: path.join(dir, 'real'), out: path.join(dir, 'corr'), seed: 5 });
    const e = await evaluateDataset(path.join(dir, 'real'), path.join(dir, 'corr'), metadata);
    assert.equal(e.tables.length, 4);
    for (const t of e.tables) assert.ok(t.report.fidelity.score > 0.6, `${t.name}: quality ${t.report.fidelity.score}`);
    assert.equal(e.links.links.length, 5);
    for (const l of e.links.links) {
      assert.equal(l.referentialIntegrity, 1);
      assert.ok(l.cardinalityShapeSimilarity! >= 0.8, `${l.childTable}.${l.childKey}: ${l.cardinalityShapeSimilarity}`);
    }
  });
});

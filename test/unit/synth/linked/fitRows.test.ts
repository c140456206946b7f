import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DATASET_METADATA_FORMAT, type DatasetMetadata } from '../../../../src/core/dataset/types';
import { keyValues } from '../../../../src/core/evaluate/multiTable/keys';
import { writeLinkedSample } from '../../../../src/core/sample';
import type { Table } from '../../../../src/core/schema';
import { defaultFitPersons, FIT_ROWS_PER_TABLE, generateDataset, readFitRows, readTables } from '../../../../src/core/synth/linked';
import { BottomHashes, MIN_FIT_PERSONS } from '../../../../src/core/synth/linked/fitRows';

const ref = (table: string, column: string) => ({ table, column });
const fk = (child: string, childCol: string, parent: string, parentCol: string, optional = false) => ({
  child: ref(child, childCol), parent: ref(parent, parentCol), optional, selfReference: false,
  evidence: { inclusion: 1, name: 'table' as const }, origin: 'declared' as const, status: 'confirmed' as const,
});
const NAMES = ['patients', 'admissions', 'diagnoses', 'prescriptions'];
const PERSONS = 600;

const keysOf = (t: Table, column: string): (string | null)[] => keyValues(t.columns.find((c) => c.spec.name === column)!.data);
/** Rows per person of a table, by its patient_id. */
const rowsPerPerson = (t: Table): Map<string, number> => {
  const m = new Map<string, number>();
  for (const k of keysOf(t, 'patient_id')) if (k !== null) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
};

describe('synth: the correlated linked fit reads a seeded sample of persons (issue 15 item 8)', function () {
  this.timeout(600_000);
  let dir: string;
  let metadata: DatasetMetadata;
  let all: Map<string, Table>;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-fit-rows-'));
    await writeLinkedSample(path.join(dir, 'real'), { persons: PERSONS });
    const read = await readTables(NAMES.map((n) => ({ name: n, path: path.join(dir, 'real', `${n}.csv`) })), {
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
    const whole = await readFitRows(metadata, path.join(dir, 'real'), { seed: 1 });
    assert.equal(whole.share, 1);
    all = whole.tables;
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('below the cap every row is read; the default cap holds about FIT_ROWS_PER_TABLE rows in the largest table under the person', () => {
    assert.equal(all.get('patients')!.rowCount, PERSONS);
    for (const n of NAMES) {
      const lines = fs.readFileSync(path.join(dir, 'real', `${n}.csv`), 'utf8').split('\n').filter((l) => l.length > 0).length;
      assert.equal(all.get(n)!.rowCount, lines - 1, n);
    }
    const perPerson = Math.max(...NAMES.map((n) => metadata.tables.find((t) => t.name === n)!.metadata.dataset.rows / PERSONS));
    assert.equal(defaultFitPersons(metadata), Math.max(MIN_FIT_PERSONS, Math.floor(FIT_ROWS_PER_TABLE / perPerson)));
  });

  it('reads exactly the cap of persons, and every row of each of them in every table, nobody else\'s', async () => {
    const fit = await readFitRows(metadata, path.join(dir, 'real'), { seed: 7, maxPersons: 150 });
    const persons = fit.tables.get('patients')!;
    assert.equal(persons.rowCount, 150);
    assert.equal(fit.share, 150 / PERSONS);
    assert.deepEqual(fit.sample, { maxPersons: 150, seed: 7 });
    const chosen = new Set(keysOf(persons, 'patient_id') as string[]);
    assert.equal(chosen.size, 150);
    for (const n of ['admissions', 'diagnoses', 'prescriptions']) {
      // The same persons in every table: each kept row's person is a chosen one, and each chosen person has all their rows.
      const kept = rowsPerPerson(fit.tables.get(n)!);
      for (const p of kept.keys()) assert.ok(chosen.has(p), `${n}: a row of a person not chosen (${p})`);
      const full = rowsPerPerson(all.get(n)!);
      for (const p of chosen) assert.equal(kept.get(p) ?? 0, full.get(p) ?? 0, `${n}: rows of ${p}`);
    }
    // Diagnoses hang from admissions: every kept diagnosis names a kept admission.
    const admissions = new Set(keysOf(fit.tables.get('admissions')!, 'admission_id'));
    for (const a of keysOf(fit.tables.get('diagnoses')!, 'admission_id')) assert.ok(a !== null && admissions.has(a));
  });

  it('the seed decides which persons: the same seed the same persons, another seed others', async () => {
    const ids = async (seed: number): Promise<string[]> => {
      const fit = await readFitRows(metadata, path.join(dir, 'real'), { seed, maxPersons: 100 });
      return keysOf(fit.tables.get('patients')!, 'patient_id') as string[];
    };
    const a = await ids(3), b = await ids(3), c = await ids(4);
    assert.deepEqual(a, b);
    assert.equal(c.length, 100);
    const overlap = c.filter((x) => a.includes(x)).length;
    assert.ok(overlap < 60, `seeds 3 and 4 chose ${overlap} of the same 100 persons`);
  });

  it('memory holds at most the cap of persons: no table read holds a row of more persons than the cap', async () => {
    for (const cap of [1, 37, 250]) {
      const fit = await readFitRows(metadata, path.join(dir, 'real'), { seed: 11, maxPersons: cap });
      assert.equal(fit.tables.get('patients')!.rowCount, cap);
      for (const n of ['admissions', 'diagnoses', 'prescriptions']) assert.ok(rowsPerPerson(fit.tables.get(n)!).size <= cap, `${n} at cap ${cap}`);
    }
    // The person choice itself: a heap of the cap's smallest hashes, whatever was offered.
    const heap = new BottomHashes(100);
    const offered: number[] = [];
    for (let i = 0; i < 20_000; i++) { const h = ((i * 2654435761) % 1_000_003) / 1_000_003; offered.push(h); heap.offer(h); }
    assert.equal(heap.size, 100);
    assert.equal(heap.max, offered.sort((x, y) => x - y)[99]);
  });

  it('a correlated twin fitted on a sample: the same seed gives the same bytes, the recipe records the cap', async () => {
    const make = (out: string, seed: number) => generateDataset({ metadata, level: 'correlated', dir: path.join(dir, 'real'), out: path.join(dir, out), seed, persons: 200, fitPersons: 120 });
    const a = await make('a', 5), b = await make('b', 5), c = await make('c', 6);
    assert.deepEqual(a.tables.map((t) => t.sha256), b.tables.map((t) => t.sha256));
    assert.notDeepEqual(a.tables.map((t) => t.sha256), c.tables.map((t) => t.sha256));
    assert.deepEqual(a.recipe.fitSample, { maxPersons: 120, seed: 5 });
    assert.equal(a.tables.find((t) => t.name === 'patients')!.rows, 200);
    const statistical = await generateDataset({ metadata, level: 'statistical', out: path.join(dir, 's') });
    assert.equal(statistical.recipe.fitSample, null);
  });
});

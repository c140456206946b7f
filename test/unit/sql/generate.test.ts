import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { openDataset } from '../../../src/core/io';
import { loadTable } from '../../../src/core/table/loadTable';
import { profileFile } from '../../../src/core/profile';
import { generateTwin } from '../../../src/core/synth/generateTwin';
import { databaseSource, parseSqlSource } from '../../../src/core/sql';
import { pearson } from '../../../src/core/math';
import { csvToDuckdb, writeAdmissionsCsv, writeEpisodesCsv } from './databases';

describe('twin generate from a DuckDB table, at every level', function () {
  let dir: string;
  let db: string;
  before(async () => {
    dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'twin-sqlgen-'));
    const csv = nodePath.join(dir, 'admissions.csv');
    db = nodePath.join(dir, 'extract.duckdb');
    await csvToDuckdb(csv, db, 'admissions', writeAdmissionsCsv(csv, 2000));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const level of ['structural', 'statistical', 'correlated'] as const) {
    it(`${level}: a CSV twin with the table's columns and types, the same bytes for a seed`, async () => {
      const spec = parseSqlSource(`duckdb:${db}`, { table: 'admissions' });
      const out = nodePath.join(dir, `${level}.synthetic.csv`);
      const made = await generateTwin({ input: `duckdb:${db}#admissions`, external: databaseSource(spec), level, rows: 1500, seed: 7, out });
      assert.equal(made.recipe.source.path, `duckdb:${db}#admissions`);
      assert.equal(made.recipe.rows, 1500);
      const { profile } = await profileFile(out);
      assert.equal(profile.dataset.rows, 1500);
      assert.deepEqual(profile.columns.map((c) => c.name), ['record_id', 'age', 'weight_kg', 'admitted', 'discharged_at', 'ward', 'smoker', 'notes']);
      assert.deepEqual(profile.columns.slice(2, 5).map((c) => c.spec.type), ['numeric', 'date', 'datetime']);
      const again = nodePath.join(dir, `${level}.again.csv`);
      await generateTwin({ input: `duckdb:${db}#admissions`, external: databaseSource(spec), level, rows: 1500, seed: 7, out: again });
      assert.ok(fs.readFileSync(again).equals(fs.readFileSync(out)), 'the same seed gives the same bytes');
    });
  }

  it('correlated: fitted on the engine\'s sample, the twin keeps a correlation no record rule implies (statistical does not)', async () => {
    // age and a score falling with it: their ranges do not overlap, so no order or derived rule ties them.
    const spec = parseSqlSource(`duckdb:${db}`, { query: 'SELECT age, 200 - age + record_id % 7 AS score FROM admissions' });
    const correlationOf = async (level: 'statistical' | 'correlated'): Promise<number> => {
      const out = nodePath.join(dir, `assoc-${level}.synthetic.csv`);
      const made = await generateTwin({ input: `duckdb:${db}#query`, external: databaseSource(spec), level, rows: 2000, seed: 3, out });
      assert.ok(!(made.recipe.metadata.rules ?? []).some((r) => r.kind === 'order' || r.kind === 'derived'), 'no rule ties the values of the two');
      return pearsonOf(out, 0, 1);
    };
    const correlated = await correlationOf('correlated');
    const statistical = await correlationOf('statistical');
    assert.ok(correlated < -0.9, `correlated twin: r = ${correlated}`);
    assert.ok(Math.abs(statistical) < 0.2, `statistical twin: r = ${statistical}`);
  });

  it('statistical: the admitted ≤ discharged_at rule the engine found ties the two dates, as from the file', async () => {
    const spec = parseSqlSource(`duckdb:${db}`, { table: 'admissions' });
    const out = nodePath.join(dir, 'rule-statistical.synthetic.csv');
    const made = await generateTwin({ input: `duckdb:${db}#admissions`, external: databaseSource(spec), level: 'statistical', rows: 2000, seed: 3, out });
    assert.ok((made.recipe.metadata.rules ?? []).some((r) => r.kind === 'order' && r.columns.join() === 'admitted,discharged_at'));
    assert.ok(await pearsonOf(out, 3, 4) > 0.9);
  });

  it('a table whose rows belong to persons: twins at every level, persons replaced by fakes', async () => {
    const csv = nodePath.join(dir, 'episodes.csv');
    await csvToDuckdb(csv, db, 'episodes', writeEpisodesCsv(csv, 2000));
    const real = new Set(fs.readFileSync(csv, 'utf8').split('\n').slice(1).map((l) => l.split(',')[0]));
    const spec = parseSqlSource(`duckdb:${db}`, { table: 'episodes' });
    for (const level of ['structural', 'statistical', 'correlated'] as const) {
      const out = nodePath.join(dir, `episodes-${level}.synthetic.csv`);
      const made = await generateTwin({ input: `duckdb:${db}#episodes`, external: databaseSource(spec), level, rows: 1000, seed: 2, personKey: 'patient_id', out });
      assert.deepEqual(made.recipe.source.path, `duckdb:${db}#episodes`);
      const { profile } = await profileFile(out);
      assert.equal(profile.dataset.rows, 1000);
      assert.deepEqual(profile.columns.map((c) => c.name), ['patient_id', 'encounter_id', 'unit', 'systolic', 'seen_on', 'visits']);
      const ids = fs.readFileSync(out, 'utf8').split('\n').slice(1, -1).map((l) => l.split(',')[0]);
      assert.equal(ids.filter((id) => real.has(id)).length, 0, `${level}: no real person key in the twin`);
    }
  });
});

/** Pearson's r of two number or date columns of a twin, over the rows where both are present. */
async function pearsonOf(out: string, x: number, y: number): Promise<number> {
  const { profile } = await profileFile(out);
  const { table } = await loadTable(await openDataset(out), profile.columns.map((c) => c.spec));
  const values = (c: number): Float64Array => {
    const data = table.columns[c].data;
    assert.equal(data.kind, 'number');
    return (data as { values: Float64Array }).values;
  };
  const a: number[] = [];
  const b: number[] = [];
  const xs = values(x);
  const ys = values(y);
  for (let i = 0; i < table.rowCount; i++) {
    if (Number.isNaN(xs[i]) || Number.isNaN(ys[i])) continue;
    a.push(xs[i]);
    b.push(ys[i]);
  }
  return pearson(a, b);
}

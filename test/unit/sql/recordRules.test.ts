import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { openDataset } from '../../../src/core/io';
import { profileFile, toMetadata, type Profile } from '../../../src/core/profile';
import { countViolations } from '../../../src/core/recordRules';
import { writeHospitalAdmissionsSample } from '../../../src/core/sample';
import { connectSql, databaseSource, parseSqlSource, profileSqlRelation, profileSqlSource, type SqlConnection, type SqlSourceSpec } from '../../../src/core/sql';
import { generateTwin } from '../../../src/core/synth/generateTwin';
import { loadTable } from '../../../src/core/table/loadTable';
import { requireOrSkip } from '../skip';
import { PG_PASSWORD, csvToDuckdb, duckdbToPostgres, postgresAvailable, startPostgres, type TestPostgres } from './databases';
import { assertSameMetadata, assertSameProfile } from './sameAnswers';

const ENCOUNTERS = nodePath.resolve(__dirname, '../../../../shared/data/synthea/encounters.csv');
const withPassword = { credentials: { env: { PGPASSWORD: PG_PASSWORD } } };

/** The rows of a DuckDB query as the file DuckDB writes (its own text of each value): the file the engine's profile must equal. */
async function exportCsv(db: string, sql: string, out: string): Promise<string> {
  const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const con = await instance.connect();
  await con.run(`COPY (${sql}) TO '${out}' (HEADER, DELIMITER ',')`);
  con.closeSync();
  instance.closeSync();
  return out;
}

/** Rule kinds and reasons, as a short description for assertions. */
const reasons = (p: Profile): string[] => (toMetadata(p).rules ?? []).map((r) => `${r.kind}: ${r.reason}`);

/** Every published rule of `profile` holds on every row of the twin `out`. */
async function assertTwinKeepsRules(profile: Profile, out: string): Promise<number> {
  const meta = toMetadata(profile);
  const specs = profile.columns.map((c) => c.spec);
  const { table } = await loadTable(await openDataset(out), specs);
  let checked = 0;
  for (const rule of (meta.rules ?? [])) {
    const count = countViolations(rule, table);
    assert.ok(count, `${rule.reason}: readable in the twin`);
    assert.equal(count.violations, 0, `${rule.reason}: ${count.violations} of ${count.applicable} twin rows break it`);
    checked++;
  }
  return checked;
}

describe('record rules found by the engine in SQL (DuckDB and PostgreSQL against the file profiler)', function () {
  let dir: string;
  let db: string;
  let hospitalCsv: string;
  const hospital = (): SqlSourceSpec => parseSqlSource(`duckdb:${db}`, { table: 'hospital' });
  before(async () => {
    dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'twin-sqlrules-'));
    db = nodePath.join(dir, 'extract.duckdb');
    const sample = nodePath.join(dir, 'sample.csv');
    await writeHospitalAdmissionsSample(sample, { rows: 3000, seed: 11 });
    await csvToDuckdb(sample, db, 'hospital');
    // BMI to one decimal place (DuckDB detects a double, which PostgreSQL writes without a trailing ".0").
    const instance = await DuckDBInstance.create(db);
    const con = await instance.connect();
    await con.run('ALTER TABLE hospital ALTER bmi TYPE DECIMAL(4,1)');
    con.closeSync();
    instance.closeSync();
    hospitalCsv = await exportCsv(db, 'SELECT * FROM hospital', nodePath.join(dir, 'hospital.csv'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the built-in hospital sample in DuckDB: every rule kind, the file\'s rules and metadata.json', async () => {
    const { profile: file } = await profileFile(hospitalCsv);
    const sql = await profileSqlSource(hospital());
    assertSameProfile(file, sql);
    assertSameMetadata(file, sql);
    assert.deepEqual(reasons(sql), [
      'missing-together: discharge_datetime, length_of_stay, outcome are missing on exactly the same records',
      'missing-when: readmitted_30d is present exactly when outcome is one of "Discharged home", "Transferred"',
      'order: admission_datetime ≤ discharge_datetime in every record where both are present',
      'derived: length_of_stay = calendar days from admission_datetime to discharge_datetime in every record, and is present exactly when both are',
      'range: age is never negative',
      'range: length_of_stay is never negative',
      'range: systolic_bp is never negative',
      'range: bmi is never negative',
    ]);
    const order = (sql.rules ?? []).find((r) => r.rule.kind === 'order');
    assert.equal(order?.rows, (file.rules ?? []).find((r) => r.rule.kind === 'order')?.rows, 'the rows an order rests on, counted by the engine');
    assert.ok(sql.notes.some((n) => /record rules .* verified by the engine on all 3000 rows/.test(n)));
  });

  it('one broken row breaks a rule, counted by the engine (the row kept out of the sample the candidates are pruned on)', async () => {
    const broken = nodePath.join(dir, 'broken.duckdb');
    fs.copyFileSync(db, broken);
    const instance = await DuckDBInstance.create(broken);
    const con = await instance.connect();
    const id = String((await con.runAndReadAll('SELECT max(nhs_number) FROM hospital WHERE discharge_datetime IS NOT NULL')).getRows()[0][0]);
    await con.run(`UPDATE hospital SET discharge_datetime = admission_datetime - INTERVAL 1 DAY, length_of_stay = -1 WHERE nhs_number = '${id}'`);
    con.closeSync();
    instance.closeSync();
    const csv = await exportCsv(broken, 'SELECT * FROM hospital', nodePath.join(dir, 'broken.csv'));
    const { profile: file } = await profileFile(csv);
    const spec = parseSqlSource(`duckdb:${broken}`, { table: 'hospital' });
    const real = await connectSql(spec);
    // The engine's sample without the broken row: only the engine's counts can find it.
    const spy: SqlConnection = {
      dialect: real.dialect,
      query: async (sql, ctx, bound) => {
        const rows = await real.query(sql, ctx, bound);
        return /ORDER BY s\."twin__row_key"/.test(sql) ? rows.filter((r) => r[0] !== id) : rows;
      },
      describe: (from) => real.describe(from),
      close: () => real.close(),
    };
    let sql: Profile;
    try {
      sql = await profileSqlRelation(spy, spec);
    } finally {
      await spy.close();
    }
    assert.deepEqual(reasons(sql), reasons(file));
    const kinds = (sql.rules ?? []).map((r) => r.rule.kind);
    assert.ok(!kinds.includes('order'), 'the order is broken on one row');
    assert.ok(kinds.includes('derived'), 'length_of_stay is still the calendar days between the two');
    assert.ok(!reasons(sql).includes('range: length_of_stay is never negative'));
  });

  it('a query source: the rules of the rows it returns', async () => {
    const query = 'SELECT admission_datetime, discharge_datetime, length_of_stay, outcome, readmitted_30d, age FROM hospital WHERE age >= 40';
    const csv = await exportCsv(db, query, nodePath.join(dir, 'older.csv'));
    const { profile: file } = await profileFile(csv);
    const sql = await profileSqlSource(parseSqlSource(`duckdb:${db}`, { query }));
    assertSameProfile(file, sql);
    assertSameMetadata(file, sql);
    assert.ok((sql.rules ?? []).length >= 5, reasons(sql).join('\n'));
  });

  it('Synthea encounters: the file\'s rules, gap quantiles within tolerance (each profiler samples 5,000 of 7,584 rows)', async function () {
    requireOrSkip(this, fs.existsSync(ENCOUNTERS), '../shared/data/synthea is not present');
    const enc = nodePath.join(dir, 'encounters.duckdb');
    await csvToDuckdb(ENCOUNTERS, enc, 'encounters');
    const csv = await exportCsv(enc, 'SELECT * FROM encounters', nodePath.join(dir, 'encounters.csv'));
    const { profile: file } = await profileFile(csv);
    const sql = await profileSqlSource(parseSqlSource(`duckdb:${enc}`, { table: 'encounters' }));
    assertSameMetadata(file, sql);
    const kinds = (sql.rules ?? []).map((r) => r.rule.kind);
    assert.deepEqual(kinds, (file.rules ?? []).map((r) => r.rule.kind));
    assert.ok(kinds.includes('order') && kinds.includes('missing-together') && kinds.includes('range'), kinds.join());
  });

  for (const level of ['structural', 'statistical', 'correlated'] as const) {
    it(`twin generate (${level}) from the DuckDB table: the twin keeps every rule the engine found`, async () => {
      const out = nodePath.join(dir, `hospital-${level}.synthetic.csv`);
      const made = await generateTwin({ input: `duckdb:${db}#hospital`, external: databaseSource(hospital()), level, rows: 2000, seed: 5, out });
      assert.equal((made.recipe.metadata.rules ?? []).length, 8, 'the rules travel in the metadata the twin came from');
      const sql = await profileSqlSource(hospital());
      assert.equal(await assertTwinKeepsRules(sql, out), 8);
    });
  }

  describe('in PostgreSQL', function () {
    let server: TestPostgres | undefined;
    before(async function () {
      requireOrSkip(this, postgresAvailable(), 'PostgreSQL is not installed (apt install postgresql)');
      server = startPostgres();
      const client = await server.client();
      try {
        await duckdbToPostgres(db, 'hospital', client);
      } finally {
        await client.end();
      }
    });
    after(() => server?.stop());

    it('the hospital sample: the file\'s rules and metadata.json', async () => {
      const { profile: file } = await profileFile(hospitalCsv);
      const sql = await profileSqlSource(parseSqlSource(server!.url, { table: 'hospital' }), withPassword);
      assertSameProfile(file, sql);
      assertSameMetadata(file, sql);
      assert.equal((sql.rules ?? []).length, 8);
    });

    it('a query source, and the rules counted over persons for a declared key', async () => {
      const query = 'SELECT nhs_number, admission_datetime, discharge_datetime, length_of_stay, outcome FROM hospital WHERE age < 60';
      const csv = await exportCsv(db, query, nodePath.join(dir, 'younger.csv'));
      const options = { personKey: 'nhs_number' };
      const { profile: file } = await profileFile(csv, options);
      const sql = await profileSqlSource(parseSqlSource(server!.url, { query }), { ...options, ...withPassword });
      assertSameMetadata(file, sql);
      assert.deepEqual((sql.rules ?? []).map((r) => [r.rule.kind, r.persons]), (file.rules ?? []).map((r) => [r.rule.kind, r.persons]));
    });

    for (const level of ['structural', 'statistical', 'correlated'] as const) {
      it(`twin generate (${level}) from the PostgreSQL table keeps every rule`, async () => {
        const spec = parseSqlSource(server!.url, { table: 'hospital' });
        const out = nodePath.join(dir, `pg-${level}.synthetic.csv`);
        await generateTwin({ input: server!.url, external: databaseSource(spec, withPassword.credentials), level, rows: 1500, seed: 9, out });
        const sql = await profileSqlSource(spec, withPassword);
        assert.equal(await assertTwinKeepsRules(sql, out), 8);
      });
    }
  });
});

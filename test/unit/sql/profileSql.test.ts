import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { profileFile } from '../../../src/core/profile';
import { connectSql, profileSqlRelation, profileSqlSource, parseSqlSource, sqlSourceLabel, type SqlConnection } from '../../../src/core/sql';
import { keyedDigest } from '../../../src/core/disclosure/secret';
import { TwinError } from '../../../src/core/errors';
import { requireOrSkip } from '../skip';
import { csvToDuckdb, writeAdmissionsCsv, writeEpisodesCsv } from './databases';
import { assertSamePersons } from './samePersons';
import { assertSameMetadata, assertSameProfile } from './sameAnswers';

const AE = nodePath.resolve(__dirname, '../../../../shared/data/nhsr/ae_attendances.csv');

describe('profiling a DuckDB table (engine SQL against the file profiler)', function () {
  let dir: string;
  let csv: string;
  let db: string;
  before(async () => {
    dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'twin-duckdb-'));
    csv = nodePath.join(dir, 'admissions.csv');
    db = nodePath.join(dir, 'extract.duckdb');
    const types = writeAdmissionsCsv(csv, 3000);
    await csvToDuckdb(csv, db, 'admissions', types);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gives the file\'s profile: types, counts, frequencies, moments, quantiles, histograms, lengths, associations', async () => {
    const { profile: file } = await profileFile(csv);
    const sql = await profileSqlSource(parseSqlSource(`duckdb:${db}`, { table: 'admissions' }));
    assertSameProfile(file, sql);
    assert.deepEqual(sql.columns.map((c) => c.spec.type), ['integer', 'integer', 'numeric', 'date', 'datetime', 'categorical', 'boolean', 'categorical']);
    assert.ok(sql.columns[1].missing > 0 && sql.columns[7].missing > 0, 'the fixture has missing ages and notes');
  });

  it('never writes the record-key salt (a digest of the TRE secret) into a statement: it is a bound parameter', async () => {
    const spec = parseSqlSource(`duckdb:${db}`, { table: 'admissions' });
    const real = await connectSql(spec);
    const statements: string[] = [];
    const params: (string | null)[] = [];
    const spy: SqlConnection = {
      dialect: real.dialect,
      query: (sql, ctx, bound) => { statements.push(sql); params.push(...(bound ?? [])); return real.query(sql, ctx, bound); },
      describe: (from) => real.describe(from),
      close: () => real.close(),
    };
    try {
      await profileSqlRelation(spy, spec);
    } finally {
      await spy.close();
    }
    const digest = keyedDigest('twin sql record keys').slice(0, 32);
    assert.ok(params.some((p) => p?.startsWith(digest)), 'the salt is bound to the scan and the sample');
    assert.ok(statements.length > 3);
    for (const sql of statements) assert.ok(!sql.includes(digest.slice(0, 12)), `a statement holds the salt: ${sql.slice(0, 120)}`);
  });

  it('gives the file\'s metadata.json (the same cell keys: every figure; its own: within a rounding step)', async () => {
    const { profile: file } = await profileFile(csv);
    const sql = await profileSqlSource(parseSqlSource(`duckdb:${db}`, { table: 'admissions' }));
    assertSameMetadata(file, sql);
  });

  it('past the distinct limit: exact engine counts against the file\'s sketches, within their tolerance', async () => {
    const options = { distinctLimit: 300, exactRowLimit: 1000 };
    const { profile: file } = await profileFile(csv, options);
    const sql = await profileSqlSource(parseSqlSource(`duckdb:${db}`, { table: 'admissions' }), options);
    assertSameProfile(file, sql);
    const id = sql.columns[0];
    assert.deepEqual(id.distinct, { count: 3000, method: 'exact' }, 'the engine counts distinct values exactly');
    assert.equal(id.frequencies.complete, false);
    assert.equal(sql.columns[2].numeric?.method, 'exact', 'engine quantiles are exact where the file samples');
  });

  it('a query source is profiled as the file of the rows it returns', async () => {
    const subset = nodePath.join(dir, 'cardiology.csv');
    const instance = await DuckDBInstance.create(db);
    const con = await instance.connect();
    await con.run(`COPY (SELECT record_id, age, weight_kg, admitted, ward FROM admissions WHERE ward IN ('Cardiology', 'Renal') ORDER BY record_id) TO '${subset}' (HEADER, DELIMITER ',')`);
    con.closeSync();
    instance.closeSync();
    const { profile: file } = await profileFile(subset);
    const spec = parseSqlSource(`duckdb:${db}`, { query: "SELECT record_id, age, weight_kg, admitted, ward FROM admissions WHERE ward IN ('Cardiology', 'Renal');" });
    const sql = await profileSqlSource(spec);
    assertSameProfile(file, sql);
    assertSameMetadata(file, sql);
    assert.equal(sql.dataset.name, 'query');
    assert.equal(sqlSourceLabel(spec), `duckdb:${db}#(query)`);
  });

  it('a real extract (NHS-R A&E attendances) gives the file\'s answers', async function () {
    requireOrSkip(this, fs.existsSync(AE), '../shared/data/nhsr is not present');
    const aeDb = nodePath.join(dir, 'ae.duckdb');
    await csvToDuckdb(AE, aeDb, 'ae_attendances');
    const { profile: file } = await profileFile(AE);
    const sql = await profileSqlSource(parseSqlSource(`duckdb:${aeDb}`, { table: 'ae_attendances' }));
    assertSameProfile(file, sql);
    assertSameMetadata(file, sql);
  });

  it('refuses a missing table, an empty result and an unknown person key with one clear line each', async () => {
    await assert.rejects(profileSqlSource(parseSqlSource(`duckdb:${db}`, { table: 'nope' })), (e: unknown) => e instanceof TwinError && /DuckDB: .*nope/.test(e.message) && !e.message.includes('\n'));
    await assert.rejects(profileSqlSource(parseSqlSource(`duckdb:${db}`, { query: 'SELECT * FROM admissions WHERE false' })), /no data rows/);
    await assert.rejects(profileSqlSource(parseSqlSource(`duckdb:${db}`, { table: 'admissions' }), { personKey: 'nope' }), /the person key "nope" is not a column/);
    assert.throws(() => parseSqlSource(`duckdb:${db}`, {}), /needs a table or a query/);
    assert.throws(() => parseSqlSource(`duckdb:${db}`, { table: 'a', query: 'SELECT 1' }), /not both/);
  });

  it('a table whose rows belong to persons: the engine counts persons per figure, and metadata.json is the file\'s', async () => {
    const episodes = nodePath.join(dir, 'episodes.csv');
    const types = writeEpisodesCsv(episodes, 3000);
    await csvToDuckdb(episodes, db, 'episodes', types);
    // encounter_id is a repeated key (rows per encounter are published in groups of k persons).
    const options = { keyColumns: ['encounter_id'] };
    const { profile: file } = await profileFile(episodes, options);
    const sql = await profileSqlSource(parseSqlSource(`duckdb:${db}`, { table: 'episodes' }), options);
    assert.deepEqual(sql.dataset.personKey, { column: 'patient_id', how: 'detected' });
    assertSamePersons(file, sql);
    assertSameProfile(file, sql);
    assertSameMetadata(file, sql);
    const declared = await profileSqlSource(parseSqlSource(`duckdb:${db}`, { table: 'episodes' }), { ...options, personKey: 'patient_id' });
    assert.deepEqual(declared.dataset.personKey, { column: 'patient_id', how: 'declared' });
    assertSamePersons((await profileFile(episodes, { ...options, personKey: 'patient_id' })).profile, declared);
  });
});

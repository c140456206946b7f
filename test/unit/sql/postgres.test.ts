import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { profileFile, toMetadata } from '../../../src/core/profile';
import { metadataToJson } from '../../../src/core/metadataJson';
import { askingOnce, databaseSource, parseSqlSource, profileSqlSource, writeTwinTable } from '../../../src/core/sql';
import { TwinError } from '../../../src/core/errors';
import { generateTwin } from '../../../src/core/synth/generateTwin';
import { requireOrSkip } from '../skip';
import { PG_PASSWORD, csvRows, csvToDuckdb, duckdbToPostgres, postgresAvailable, startPostgres, writeAdmissionsCsv, writeEpisodesCsv, type TestPostgres } from './databases';
import { assertSamePersons } from './samePersons';
import { assertSameMetadata, assertSameProfile } from './sameAnswers';

const AE = nodePath.resolve(__dirname, '../../../../shared/data/nhsr/ae_attendances.csv');

describe('profiling a PostgreSQL table (a real server from Debian\'s packages)', function () {
  let server: TestPostgres | undefined;
  let dir: string;
  let csv: string;
  let episodes: string;
  const withPassword = { credentials: { env: { PGPASSWORD: PG_PASSWORD } } };

  before(async function () {
    requireOrSkip(this, postgresAvailable(), 'PostgreSQL is not installed (apt install postgresql)');
    dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'twin-pgdata-'));
    csv = nodePath.join(dir, 'admissions.csv');
    const types = writeAdmissionsCsv(csv, 3000);
    const db = nodePath.join(dir, 'extract.duckdb');
    await csvToDuckdb(csv, db, 'admissions', types);
    episodes = nodePath.join(dir, 'episodes.csv');
    await csvToDuckdb(episodes, db, 'episodes', writeEpisodesCsv(episodes, 3000));
    server = startPostgres();
    const client = await server.client();
    try {
      await duckdbToPostgres(db, 'admissions', client);
      await duckdbToPostgres(db, 'episodes', client);
      if (fs.existsSync(AE)) {
        const aeDb = nodePath.join(dir, 'ae.duckdb');
        await csvToDuckdb(AE, aeDb, 'ae_attendances');
        await duckdbToPostgres(aeDb, 'ae_attendances', client);
      }
    } finally {
      await client.end();
    }
  });
  after(() => {
    server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives the file\'s profile and metadata.json (socket directory as the host)', async () => {
    const { profile: file } = await profileFile(csv);
    const sql = await profileSqlSource(parseSqlSource(server!.url, { table: 'public.admissions' }), withPassword);
    assertSameProfile(file, sql);
    assertSameMetadata(file, sql);
    assert.equal(sql.dataset.name, 'admissions');
  });

  it('over a loopback port too, and a query source as the file of its rows', async () => {
    const { profile: whole } = await profileFile(csv);
    const port = /:(\d+)\//.exec(server!.url)![1];
    const sql = await profileSqlSource(parseSqlSource(`postgresql://twin@127.0.0.1:${port}/postgres`, { query: 'SELECT * FROM admissions' }), withPassword);
    assertSameProfile(whole, sql);
    // A subset by query against the same subset as a file.
    const subset = nodePath.join(dir, 'older.csv');
    const lines = fs.readFileSync(csv, 'utf8').trimEnd().split('\n');
    fs.writeFileSync(subset, [lines[0], ...lines.slice(1).filter((l) => Number(l.split(',')[1] || '0') >= 60)].join('\n') + '\n');
    const { profile: file } = await profileFile(subset);
    const query = await profileSqlSource(parseSqlSource(server!.url, { query: 'SELECT * FROM admissions WHERE age >= 60 ORDER BY record_id' }), withPassword);
    assertSameProfile(file, query);
  });

  it('a real extract (NHS-R A&E attendances) gives the file\'s answers', async function () {
    requireOrSkip(this, fs.existsSync(AE), '../shared/data/nhsr is not present');
    const { profile: file } = await profileFile(AE);
    const sql = await profileSqlSource(parseSqlSource(server!.url, { table: 'ae_attendances' }), withPassword);
    assertSameProfile(file, sql);
    assertSameMetadata(file, sql);
  });

  it('a table whose rows belong to persons: the server counts persons per figure, and metadata.json is the file\'s', async () => {
    const options = { keyColumns: ['encounter_id'], personKey: 'patient_id' };
    const { profile: file } = await profileFile(episodes, options);
    const sql = await profileSqlSource(parseSqlSource(server!.url, { table: 'episodes' }), { ...options, ...withPassword });
    assert.deepEqual(sql.dataset.personKey, { column: 'patient_id', how: 'declared' });
    assertSamePersons(file, sql);
    assertSameProfile(file, sql);
    assertSameMetadata(file, sql);
  });

  it('takes the password from PGPASSWORD or a prompt, and writes it nowhere', async () => {
    const prompts: string[] = [];
    const spec = parseSqlSource(server!.url, { table: 'admissions' });
    const asked = await profileSqlSource(spec, { credentials: { env: {}, askPassword: async (p) => { prompts.push(p); return PG_PASSWORD; } } });
    assert.equal(prompts.length, 1);
    assert.ok(!prompts[0].includes(PG_PASSWORD) && prompts[0].startsWith('Password for postgresql://twin@'));
    const written = JSON.stringify(asked) + metadataToJson(toMetadata(asked)) + asked.notes.join('\n');
    assert.ok(!written.includes(PG_PASSWORD), 'the password is in no output');
    await assert.rejects(profileSqlSource(spec, { credentials: { env: {} } }), /server asks for a password: set PGPASSWORD/);
    await assert.rejects(profileSqlSource(spec, { credentials: { env: { PGPASSWORD: 'wrong' } } }), (e: Error) => /cannot connect to PostgreSQL/.test(e.message) && !e.message.includes('wrong'));
    const inUrl = server!.url.replace('twin@', `twin:${PG_PASSWORD}@`);
    await assert.rejects(profileSqlSource(parseSqlSource(inUrl, { table: 'admissions' })), (e: Error) => /holds a password/.test(e.message) && !e.message.includes(PG_PASSWORD));
  });

  it('generates a correlated twin from the table, fitted on the sample the server draws, asking the password once', async () => {
    const prompts: string[] = [];
    const external = databaseSource(parseSqlSource(server!.url, { table: 'admissions' }), { env: {}, askPassword: async (p) => { prompts.push(p); return PG_PASSWORD; } });
    const out = nodePath.join(dir, 'admissions.synthetic.csv');
    const made = await generateTwin({ input: external.label, external, level: 'correlated', rows: 800, seed: 5, out });
    assert.equal(prompts.length, 1, 'one prompt for the whole job');
    const { profile } = await profileFile(out);
    assert.equal(profile.dataset.rows, 800);
    assert.deepEqual(profile.columns.map((c) => c.spec.type), ['integer', 'integer', 'numeric', 'date', 'datetime', 'categorical', 'boolean', 'categorical']);
    assert.ok(!fs.readFileSync(made.recipePath, 'utf8').includes(PG_PASSWORD), 'the recipe holds no password');
  });

  it('writes the twin into a new table in one transaction (the source\'s column types; an existing table refused), asking the password once', async () => {
    const prompts: string[] = [];
    const credentials = askingOnce({ env: {}, askPassword: async (p) => { prompts.push(p); return PG_PASSWORD; } });
    const spec = parseSqlSource(server!.url, { table: 'admissions' });
    const out = nodePath.join(dir, 'admissions.totable.csv');
    await generateTwin({ input: 'admissions', external: databaseSource(spec, credentials), level: 'correlated', rows: 700, seed: 9, out });
    assert.equal(await writeTwinTable(spec, 'public.admissions_twin', out, credentials), 700);
    assert.equal(prompts.length, 1, 'one prompt for generating and writing');
    const client = await server!.client();
    try {
      const typeOf = async (table: string): Promise<string[]> => (await client.query({ text: 'SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 ORDER BY attnum', values: [table], rowMode: 'array' })).rows.map((r) => String(r[0]));
      assert.deepEqual(await typeOf('admissions_twin'), await typeOf('admissions'));
      const written = (await client.query({ text: 'SELECT record_id::text, age::text, weight_kg::text, admitted::text, discharged_at::text, ward, smoker::text, notes FROM admissions_twin', rowMode: 'array' })).rows as (string | null)[][];
      const key = (r: (string | null)[]): string => JSON.stringify(r.map((v, i) => (i === 6 && v !== null ? v[0] : v)));
      assert.deepEqual(written.map(key).sort(), csvRows(out).map(key).sort());
      const count = async (): Promise<string> => String((await client.query('SELECT count(*) AS n FROM admissions')).rows[0].n);
      const before = await count();
      await assert.rejects(writeTwinTable(spec, 'admissions_twin', out, withPassword.credentials), (e: unknown) => e instanceof TwinError && /already exists/.test(e.message));
      await assert.rejects(writeTwinTable(spec, 'public.admissions', out, withPassword.credentials), /source table/);
      // A value the server refuses in the last statement: nothing of the earlier statements stays.
      const bad = nodePath.join(dir, 'bad.totable.csv');
      const lines = fs.readFileSync(out, 'utf8').trimEnd().split('\n');
      const many = [lines[0], ...Array.from({ length: 9000 }, (_, i) => lines[1 + (i % (lines.length - 1))])];
      const cells = many[8990].split(',');
      cells[1] = 'not a number';
      many[8990] = cells.join(',');
      fs.writeFileSync(bad, many.join('\n') + '\n');
      await assert.rejects(writeTwinTable(spec, 'half_written', bad, withPassword.credentials), /PostgreSQL: invalid input syntax/);
      assert.equal((await client.query("SELECT to_regclass('public.half_written') AS t")).rows[0].t, null, 'no table left behind');
      assert.equal(await count(), before, 'the source table is as it was');
    } finally {
      await client.end();
    }
  });
});

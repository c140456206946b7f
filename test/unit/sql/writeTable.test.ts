import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { generateTwin } from '../../../src/core/synth/generateTwin';
import { databaseSource, parseSqlSource, writeTwinTable } from '../../../src/core/sql';
import { TwinError } from '../../../src/core/errors';
import { csvRows, csvToDuckdb, writeAdmissionsCsv } from './databases';

async function duck<T>(file: string, run: (con: import('@duckdb/node-api').DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(file);
  const con = await instance.connect();
  try {
    return await run(con);
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}

const typesOf = (file: string, table: string): Promise<string[]> => duck(file, async (con) => (await con.runAndReadAll(`DESCRIBE "${table}"`)).getRows().map((r) => String(r[1])));

describe('twin generate … --to-table: the twin in a new table of the same DuckDB database', function () {
  let dir: string;
  let db: string;
  let twinCsv: string;
  before(async () => {
    dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'twin-totable-'));
    const csv = nodePath.join(dir, 'admissions.csv');
    db = nodePath.join(dir, 'extract.duckdb');
    await csvToDuckdb(csv, db, 'admissions', writeAdmissionsCsv(csv, 1200));
    const spec = parseSqlSource(`duckdb:${db}`, { table: 'admissions' });
    twinCsv = nodePath.join(dir, 'admissions.synthetic.csv');
    await generateTwin({ input: `duckdb:${db}#admissions`, external: databaseSource(spec), level: 'correlated', rows: 900, seed: 4, out: twinCsv });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates the table with the source\'s column types and the twin\'s rows, value for value', async () => {
    const spec = parseSqlSource(`duckdb:${db}`, { table: 'admissions' });
    assert.equal(await writeTwinTable(spec, 'admissions_twin', twinCsv), 900);
    assert.deepEqual(await typesOf(db, 'admissions_twin'), await typesOf(db, 'admissions'));
    const written = await duck(db, async (con) => (await con.runAndReadAll(
      'SELECT record_id::VARCHAR, age::VARCHAR, weight_kg::VARCHAR, admitted::VARCHAR, discharged_at::VARCHAR, ward, smoker::VARCHAR, notes FROM admissions_twin',
    )).getRows() as (string | null)[][]);
    const key = (r: (string | null)[]): string => JSON.stringify(r);
    assert.deepEqual(written.map(key).sort(), csvRows(twinCsv).map(key).sort());
    assert.ok(written.some((r) => r[1] === null), 'missing ages are NULL');
  });

  it('from a query source too, into schema.table', async () => {
    const spec = parseSqlSource(`duckdb:${db}`, { query: 'SELECT ward, age FROM admissions' });
    const out = nodePath.join(dir, 'query.synthetic.csv');
    await generateTwin({ input: `duckdb:${db}#(query)`, external: databaseSource(spec), level: 'statistical', rows: 50, seed: 1, out });
    assert.equal(await writeTwinTable(spec, 'main.wards_twin', out), 50);
    assert.deepEqual(await typesOf(db, 'wards_twin'), ['VARCHAR', 'BIGINT']);
  });

  it('refuses an existing table and the source table, and leaves the real table as it was', async () => {
    const spec = parseSqlSource(`duckdb:${db}`, { table: 'admissions' });
    const before = await duck(db, async (con) => (await con.runAndReadAll('SELECT count(*), sum(hash(admissions)) FROM admissions')).getRows()[0].map(String));
    await assert.rejects(writeTwinTable(spec, 'admissions', twinCsv), (e: unknown) => e instanceof TwinError && e.kind === 'usage' && /source table/.test(e.message));
    await assert.rejects(writeTwinTable(spec, 'MAIN.Admissions', twinCsv), /source table/);
    await csvToDuckdb(twinCsv, db, 'taken');
    await assert.rejects(writeTwinTable(spec, 'taken', twinCsv), (e: unknown) => e instanceof TwinError && e.kind === 'input' && /already exists/.test(e.message));
    await assert.rejects(writeTwinTable(spec, 'a.b.c', twinCsv), /a name or schema.name/);
    const after = await duck(db, async (con) => (await con.runAndReadAll('SELECT count(*), sum(hash(admissions)) FROM admissions')).getRows()[0].map(String));
    assert.deepEqual(after, before);
  });

  it('one transaction: a row the engine refuses part-way leaves no table behind', async () => {
    const spec = parseSqlSource(`duckdb:${db}`, { table: 'admissions' });
    const bad = nodePath.join(dir, 'bad.synthetic.csv');
    const lines = fs.readFileSync(twinCsv, 'utf8').trimEnd().split('\n');
    // Far into the file, so rows were inserted before it fails.
    const many = [lines[0], ...Array.from({ length: 5000 }, (_, i) => lines[1 + (i % (lines.length - 1))])];
    const cells = many[4500].split(',');
    cells[1] = 'not a number';
    many[4500] = cells.join(',');
    fs.writeFileSync(bad, many.join('\n') + '\n');
    await assert.rejects(writeTwinTable(spec, 'half_written', bad), /DuckDB: .*(Conversion|not a number)/);
    const tables = await duck(db, async (con) => (await con.runAndReadAll('SELECT table_name FROM information_schema.tables')).getRows().map((r) => String(r[0])));
    assert.ok(!tables.includes('half_written'), `tables: ${tables.join(', ')}`);
  });
});

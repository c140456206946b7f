import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { checkMetadata } from '../../../src/core/synth/recipe';
import { hasStackTrace, tempDir, twin } from '../cli/helpers';
import { csvToDuckdb, writeAdmissionsCsv } from './databases';

describe('twin profile duckdb:FILE --table / --query (the built CLI)', function () {
  let dir: string;
  before(async () => {
    dir = tempDir('cli-duckdb');
    const csv = nodePath.join(dir, 'admissions.csv');
    await csvToDuckdb(csv, nodePath.join(dir, 'extract.duckdb'), 'admissions', writeAdmissionsCsv(csv, 500));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the same metadata.json as for the file, from a table and from a query', () => {
    const fromFile = twin(['profile', 'admissions.csv', '-q'], { cwd: dir });
    const fromTable = twin(['profile', 'duckdb:extract.duckdb', '--table', 'admissions', '--out', 'table.json', '-q'], { cwd: dir });
    assert.equal(fromTable.status, 0, fromTable.stderr);
    const file = checkMetadata(JSON.parse(fromFile.stdout), 'file');
    const table = checkMetadata(JSON.parse(fs.readFileSync(nodePath.join(dir, 'table.json'), 'utf8')), 'table');
    assert.deepEqual(table.columns.map((c) => [c.name, c.type]), file.columns.map((c) => [c.name, c.type]));
    assert.equal(table.dataset.name, 'admissions');
    const fromQuery = twin(['profile', 'duckdb:extract.duckdb', '--query', 'SELECT ward, age FROM admissions', '-q'], { cwd: dir });
    assert.equal(fromQuery.status, 0, fromQuery.stderr);
    assert.deepEqual(JSON.parse(fromQuery.stdout).columns.map((c: { name: string }) => c.name), ['ward', 'age']);
  });

  it('exits 2 without --table or --query, 1 on a missing table; one line, no stack trace', () => {
    const none = twin(['profile', 'duckdb:extract.duckdb'], { cwd: dir });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /needs a table or a query/);
    const missing = twin(['profile', 'duckdb:extract.duckdb', '--table', 'nope', '-q'], { cwd: dir });
    assert.equal(missing.status, 1);
    assert.equal(missing.stderr.trim().split('\n').length, 1, missing.stderr);
    assert.ok(!hasStackTrace(missing.stderr));
    const stray = twin(['profile', 'admissions.csv', '--table', 'x'], { cwd: dir });
    assert.equal(stray.status, 2);
  });

  it('generate --to-table writes the twin into a new table and refuses an existing one (exit 1, one line)', () => {
    const made = twin(['generate', 'duckdb:extract.duckdb', '--table', 'admissions', '--level', 'statistical', '--rows', '120', '--to-table', 'admissions_twin', '-q'], { cwd: dir });
    assert.equal(made.status, 0, made.stderr);
    const out = JSON.parse(made.stdout) as { table: string; rows: number; out: string };
    assert.equal(out.table, 'admissions_twin');
    assert.equal(out.rows, 120);
    const profiled = twin(['profile', 'duckdb:extract.duckdb', '--table', 'admissions_twin', '-q'], { cwd: dir });
    assert.equal(profiled.status, 0, profiled.stderr);
    assert.equal(JSON.parse(profiled.stdout).columns.length, 8);
    const again = twin(['generate', 'duckdb:extract.duckdb', '--table', 'admissions', '--level', 'structural', '--rows', '10', '--out', 'again.csv', '--to-table', 'admissions_twin', '-q'], { cwd: dir });
    assert.equal(again.status, 1);
    assert.match(again.stderr, /already exists/);
    assert.equal(again.stderr.trim().split('\n').length, 1, again.stderr);
    assert.ok(!fs.existsSync(nodePath.join(dir, 'again.csv')), 'refused before a twin was made');
    const onFile = twin(['generate', 'admissions.csv', '--level', 'structural', '--to-table', 'x'], { cwd: dir });
    assert.equal(onFile.status, 2);
  });
});

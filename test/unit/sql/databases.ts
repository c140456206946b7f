/**
 * Test databases: a DuckDB file made from a CSV, and a throwaway PostgreSQL server
 * (scripts/pg/cluster.sh) holding the same table, so each engine's profile can be compared
 * with the file's.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';

const CLUSTER = nodePath.resolve(__dirname, '../../../scripts/pg/cluster.sh');
export const PG_PASSWORD = 'twin-test-pw-7f3a';

/** Loads a CSV into a new DuckDB file as `table`, with the column types given (DuckDB type names) or detected. */
export async function csvToDuckdb(csv: string, file: string, table: string, types?: Record<string, string>): Promise<void> {
  const instance = await DuckDBInstance.create(file);
  const con = await instance.connect();
  const columns = types ? `, columns = {${Object.entries(types).map(([n, t]) => `'${n}': '${t}'`).join(', ')}}` : '';
  await con.run(`CREATE TABLE "${table}" AS SELECT * FROM read_csv('${csv}', header = true${columns})`);
  con.closeSync();
  instance.closeSync();
}

/** DuckDB's type names to PostgreSQL's. */
function pgType(duck: string): string {
  if (duck === 'BIGINT' || duck === 'INTEGER' || duck === 'SMALLINT') return duck.toLowerCase();
  if (duck === 'DOUBLE' || duck === 'FLOAT') return 'double precision';
  if (duck.startsWith('DECIMAL')) return duck.replace('DECIMAL', 'numeric');
  if (duck === 'DATE') return 'date';
  if (duck === 'TIMESTAMP') return 'timestamp';
  if (duck === 'BOOLEAN') return 'boolean';
  return 'text';
}

/** Copies a DuckDB table into PostgreSQL with the matching column types (values travel as text). */
export async function duckdbToPostgres(file: string, table: string, client: pg.Client): Promise<void> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const con = await instance.connect();
  const described = (await con.runAndReadAll(`DESCRIBE "${table}"`)).getRows().map((r) => ({ name: String(r[0]), type: String(r[1]) }));
  const rows = (await con.runAndReadAll(`SELECT ${described.map((c) => `CAST("${c.name}" AS VARCHAR)`).join(', ')} FROM "${table}"`)).getRows() as (string | null)[][];
  con.closeSync();
  instance.closeSync();
  await client.query(`DROP TABLE IF EXISTS "${table}"`);
  await client.query(`CREATE TABLE "${table}" (${described.map((c) => `"${c.name}" ${pgType(c.type)}`).join(', ')})`);
  const width = described.length;
  const batch = Math.floor(30000 / width);
  for (let i = 0; i < rows.length; i += batch) {
    const part = rows.slice(i, i + batch);
    const values = part.map((_, r) => `(${described.map((c, j) => `$${r * width + j + 1}::${pgType(c.type)}`).join(', ')})`).join(', ');
    await client.query(`INSERT INTO "${table}" VALUES ${values}`, part.flat());
  }
}

export interface TestPostgres {
  /** postgresql://twin@%2F…:PORT/postgres (socket directory as the host), no password. */
  url: string;
  client(): Promise<pg.Client>;
  stop(): void;
}

/** Whether this machine can run a PostgreSQL server (Debian's postgresql package). */
export function postgresAvailable(): boolean {
  try {
    return fs.readdirSync('/usr/lib/postgresql').some((v) => fs.existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));
  } catch {
    return false;
  }
}

/** Starts a throwaway server on a socket in a temp folder (and loopback), user twin with PG_PASSWORD. */
export function startPostgres(): TestPostgres {
  const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'twin-pg-'));
  fs.chmodSync(dir, 0o755);
  const port = 20000 + (process.pid % 20000);
  execFileSync('bash', [CLUSTER, 'start', dir, String(port), PG_PASSWORD], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = `postgresql://twin@${encodeURIComponent(dir)}:${port}/postgres`;
  return {
    url,
    client: async () => {
      const c = new pg.Client({ host: dir, port, user: 'twin', database: 'postgres', password: PG_PASSWORD });
      await c.connect();
      return c;
    },
    stop: () => {
      try {
        execFileSync('bash', [CLUSTER, 'stop', dir], { stdio: 'ignore' });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** A deterministic admissions-like CSV: integers, decimals, dates, timestamps, categories (some rare), booleans, text, missing cells. */
export function writeAdmissionsCsv(file: string, rows: number): Record<string, string> {
  let s = 12345;
  const rand = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const wards = ['Cardiology', 'Oncology', 'Maternity', 'Surgery', 'Renal', 'Neurology', 'Burns'];
  const weights = [0.3, 0.2, 0.2, 0.15, 0.1, 0.04, 0.01];
  const words = ['patient', 'stable', 'reviewed', 'discharged', 'home', 'follow up', 'pain', 'improving', 'bloods', 'taken'];
  const lines = ['record_id,age,weight_kg,admitted,discharged_at,ward,smoker,notes'];
  const day = 86_400_000;
  for (let i = 1; i <= rows; i++) {
    const age = rand() < 0.03 ? '' : String(Math.floor(18 + rand() * 70));
    const weight = (45 + rand() * 60).toFixed(1);
    const admitted = new Date(Date.UTC(2021, 0, 1) + Math.floor(rand() * 700) * day);
    const discharged = new Date(admitted.getTime() + Math.floor(rand() * 20 * day) + Math.floor(rand() * 86_400) * 1000);
    let u = rand();
    let w = 0;
    while (w < wards.length - 1 && u >= weights[w]) u -= weights[w++];
    const smoker = rand() < 0.25 ? 'true' : 'false';
    const n = 3 + Math.floor(rand() * 5);
    const note = rand() < 0.1 ? '' : Array.from({ length: n }, () => words[Math.floor(rand() * words.length)]).join(' ');
    lines.push([i, age, weight, admitted.toISOString().slice(0, 10), discharged.toISOString().slice(0, 19).replace('T', ' '), wards[w], smoker, note].join(','));
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return { record_id: 'BIGINT', age: 'BIGINT', weight_kg: 'DECIMAL(5,1)', admitted: 'DATE', discharged_at: 'TIMESTAMP', ward: 'VARCHAR', smoker: 'BOOLEAN', notes: 'VARCHAR' };
}

/**
 * A deterministic table whose rows belong to persons: several episodes per patient (`patient_id`,
 * repeating), a category with rare and person-rare values, a measurement, a date, a number few
 * persons hold at each end, and a repeated encounter key.
 */
export function writeEpisodesCsv(file: string, rows: number): Record<string, string> {
  let s = 777;
  const rand = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const units = ['Acute', 'Elderly', 'Paediatric', 'Stroke', 'Rehab', 'Hospice'];
  const weights = [0.45, 0.25, 0.15, 0.1, 0.04, 0.01];
  const lines = ['patient_id,encounter_id,unit,systolic,seen_on,visits'];
  const day = 86_400_000;
  let i = 0;
  let patient = 0;
  let encounter = 0;
  while (i < rows) {
    patient++;
    // One patient's rows: a few to many episodes, most in one unit (so a unit can be rare in persons, not rows).
    const episodes = 1 + Math.floor(rand() * rand() * 25);
    let u = rand();
    let w = 0;
    while (w < units.length - 1 && u >= weights[w]) u -= weights[w++];
    const visits = String(Math.floor(rand() * 8) + (patient % 97 === 0 ? 50 : 0));
    for (let e = 0; e < episodes && i < rows; e++, i++) {
      if (e % 5 !== 1) encounter++;
      const unit = rand() < 0.85 ? units[w] : units[Math.floor(rand() * 4)];
      const systolic = rand() < 0.05 ? '' : String(Math.round(95 + rand() * 70));
      const seen = new Date(Date.UTC(2022, 0, 1) + Math.floor(rand() * 500) * day).toISOString().slice(0, 10);
      lines.push([`P${String(100000 + patient * 7)}`, `E${String(500000 + encounter * 3)}`, unit, systolic, seen, visits].join(','));
    }
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return { patient_id: 'VARCHAR', encounter_id: 'VARCHAR', unit: 'VARCHAR', systolic: 'BIGINT', seen_on: 'DATE', visits: 'BIGINT' };
}

/** Rows of a CSV twin (no quoted cells) as text, an empty cell as null (as written into a table). */
export function csvRows(file: string): (string | null)[][] {
  return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(',').map((v) => (v === '' ? null : v)));
}

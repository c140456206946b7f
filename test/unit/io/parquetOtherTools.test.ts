import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { openDataset } from '../../../src/core/io';
import { generateTwin } from '../../../src/core/synth/generateTwin';
import { TwinError } from '../../../src/core/errors';

/** Every codec in common use, as DuckDB names them (Polars and Spark default to ZSTD or Snappy). */
const CODECS = ['zstd', 'snappy', 'gzip', 'brotli', 'lz4_raw', 'uncompressed'];

/** One column of each declared type other tools write; 200 rows. */
const FIXTURE = `SELECT i AS id, (i * 1.25)::DECIMAL(10,2) AS price, (i * 123456.789)::DECIMAL(18,3) AS amount,
  (i * 3.14159)::DECIMAL(38,10) AS wide_decimal, (i * 0.5)::DECIMAL(4,1) AS small_decimal,
  DATE '2020-01-01' + i::INTEGER AS day, TIMESTAMP '2021-03-04 05:06:07' + INTERVAL (i) MINUTE AS ts,
  TIMESTAMPTZ '2021-03-04 05:06:07+00' + INTERVAL (i) HOUR AS ts_zoned,
  TIMESTAMP_MS '2021-01-01 00:00:00' + INTERVAL (i) SECOND AS ts_ms, TIMESTAMP_NS '2021-01-01 00:00:00' + INTERVAL (i) SECOND AS ts_ns,
  ['red', 'green', 'blue'][1 + i % 3] AS colour, 'text ' || i AS note, ['a', 'b'][1 + i % 2]::ENUM('a', 'b') AS grade,
  i % 2 = 0 AS flag, (i % 7)::TINYINT AS tiny, (i % 300)::SMALLINT AS small, i::INTEGER AS int32, i::BIGINT * 1000000000 AS big,
  (i % 200)::UTINYINT AS utiny, i::USMALLINT AS usmall, i::UINTEGER AS uint32, i::UBIGINT AS ubig,
  (i / 7)::FLOAT AS real32, i / 3.0 AS real64
  FROM range(200) t(i)`;

async function schemaOf(con: DuckDBConnection, file: string): Promise<string[]> {
  const r = await con.runAndReadAll(`DESCRIBE SELECT * FROM '${file}'`);
  return r.getRowObjects().map((o) => `${String(o.column_name)} ${String(o.column_type)}`);
}

describe('Parquet as other tools write it (DuckDB fixtures)', function () {
  this.timeout(300_000);
  let dir: string;
  let instance: DuckDBInstance;
  let con: DuckDBConnection;

  before(async () => {
    dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'twin-parquet-'));
    instance = await DuckDBInstance.create(':memory:');
    con = await instance.connect();
    for (const codec of CODECS) await con.run(`COPY (${FIXTURE}) TO '${nodePath.join(dir, `${codec}.parquet`)}' (FORMAT parquet, COMPRESSION ${codec})`);
    await con.run(`COPY (SELECT i AS id, [i, i + 1] AS readings FROM range(20) t(i)) TO '${nodePath.join(dir, 'list.parquet')}' (FORMAT parquet)`);
    await con.run(`COPY (SELECT i AS id, {'x': i, 'y': 'a'} AS point FROM range(20) t(i)) TO '${nodePath.join(dir, 'struct.parquet')}' (FORMAT parquet)`);
    await con.run(`COPY (SELECT i AS id, MAP {'k': i} AS tags FROM range(20) t(i)) TO '${nodePath.join(dir, 'map.parquet')}' (FORMAT parquet)`);
  });

  after(() => {
    con?.closeSync();
    instance?.closeSync();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const codec of CODECS) {
    it(`${codec}: a twin's schema is the source's, as DuckDB describes it`, async () => {
      const source = nodePath.join(dir, `${codec}.parquet`);
      const out = nodePath.join(dir, `${codec}.twin.parquet`);
      await generateTwin({ input: source, level: 'correlated', out });
      const expected = await schemaOf(con, source);
      assert.ok(expected.includes('price DECIMAL(10,2)') && expected.includes('ts_zoned TIMESTAMP WITH TIME ZONE') && expected.includes('tiny TINYINT'), expected.join(', '));
      assert.deepEqual(await schemaOf(con, out), expected);
      const r = await con.runAndReadAll(`SELECT count(*)::INTEGER AS n, min(price)::DOUBLE AS lo, median(price)::DOUBLE AS mid, (sum(price * 100 - floor(price * 100)) = 0) AS cents,
        count(DISTINCT colour)::INTEGER AS colours, min(day)::VARCHAR AS first_day FROM '${out}'`);
      const [row] = r.getRowObjectsJson() as { n: number; lo: number; mid: number; cents: boolean; colours: number; first_day: string }[];
      assert.equal(row.n, 200);
      // Decimals come back as decimals of their scale, never negative, the bulk within the real range
      // (a tail model may reach past it), not as text or floats.
      assert.ok(row.lo >= 0 && row.mid <= 248.75, `${row.lo}, median ${row.mid}`);
      assert.equal(row.cents, true);
      assert.equal(row.colours, 3);
      assert.match(row.first_day, /^2020-\d\d-\d\d$/);
    });
  }

  for (const [file, column, what] of [['list', 'readings', 'a list'], ['struct', 'point', 'a struct'], ['map', 'tags', 'a map']] as const) {
    it(`refuses ${what} column in one line naming it`, async () => {
      const path = nodePath.join(dir, `${file}.parquet`);
      await assert.rejects(openDataset(path), (e: unknown) => e instanceof TwinError && e.kind === 'input'
        && e.message === `${path}, column "${column}": is ${what}; nested Parquet columns are not supported (flatten or drop it first)`);
    });
  }
});

// `node duckdbSummarize.mjs FILE.csv`: DuckDB's SUMMARIZE of a CSV on one thread (`SET threads=1`),
// read with read_csv (types sniffed as DuckDB does by default), for the bench's side-by-side figures.
// Prints one JSON line: {rows, columns} of the summary, so the bench can check it ran.
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
const threads = process.argv[3] ?? '1';
const instance = await DuckDBInstance.create(':memory:', { threads });
const connection = await instance.connect();
await connection.run(`SET threads=${Number(threads)}`);
const quoted = `'${file.replaceAll("'", "''")}'`;
const reader = await connection.runAndReadAll(`SUMMARIZE SELECT * FROM read_csv(${quoted})`);
const summary = reader.getRowObjectsJS();
const count = summary.length > 0 ? Number(summary[0].count) : 0;
process.stdout.write(JSON.stringify({ rows: count, columns: summary.length }) + '\n');

import { inputError } from '../../errors';
import { t } from '../../l10n';
import type { EngineKind, SqlColumn, SqlConnection, SqlDialect, SqlValue } from '../types';

const quote = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;
const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** DuckDB's SQL. */
export const duckdbDialect: SqlDialect = {
  engine: 'duckdb',
  quote,
  literal,
  double: (v) => `CAST(${literal(String(v))} AS DOUBLE)`,
  text: (expr) => `CAST(${expr} AS VARCHAR)`,
  number: (expr, kind) => (kind === 'date' || kind === 'datetime' ? `CAST(epoch_ms(CAST(${expr} AS TIMESTAMP)) AS DOUBLE)` : `CAST(${expr} AS DOUBLE)`),
  parseNumber: (expr) => `TRY_CAST(trim(${expr}) AS DOUBLE)`,
  length: (expr) => `length(${expr})`,
  left: (expr, n) => `left(${expr}, ${n})`,
  textParameter: 'CAST($1 AS VARCHAR)',
  rowKey: (texts, salt) => `CAST(('0x' || substr(md5(concat_ws(chr(31), ${salt}, ${texts.join(', ')})), 1, 8)) AS BIGINT)`,
};

/** DuckDB's type names (DESCRIBE) to the kinds the profiler tells apart. */
export function duckdbKind(type: string): EngineKind {
  const t = type.toUpperCase();
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/.test(t)) return 'integer';
  if (/^(FLOAT|REAL|DOUBLE|DECIMAL)/.test(t)) return 'number';
  if (t === 'DATE') return 'date';
  if (t.startsWith('TIMESTAMP')) return 'datetime';
  if (t === 'BOOLEAN') return 'boolean';
  return 'text';
}

/**
 * Opens a DuckDB database file, read-only unless `write`. The native binding (@duckdb/node-api) is
 * imported here, on first use, so nothing else needs it installed.
 */
export async function connectDuckdb(file: string, write = false): Promise<SqlConnection> {
  let api: typeof import('@duckdb/node-api');
  try {
    api = await import('@duckdb/node-api');
  } catch (e) {
    throw inputError(t('DuckDB sources need the DuckDB binding: install the @duckdb/node-api package beside twin'), { file }, e);
  }
  let instance: import('@duckdb/node-api').DuckDBInstance;
  try {
    instance = await api.DuckDBInstance.create(file, { access_mode: write ? 'READ_WRITE' : 'READ_ONLY' });
  } catch (e) {
    throw inputError(t('cannot open the DuckDB database: {0}', oneLine(e)), { file }, e);
  }
  const con = await instance.connect();
  const run = async (sql: string, params?: readonly (string | null)[]): Promise<import('@duckdb/node-api').DuckDBResultReader> => {
    try {
      return await (params && params.length > 0 ? con.runAndReadAll(sql, [...params]) : con.runAndReadAll(sql));
    } catch (e) {
      throw inputError(t('DuckDB: {0}', oneLine(e)), { file }, e);
    }
  };
  return {
    dialect: duckdbDialect,
    async query(sql, _ctx, params) {
      return (await run(sql, params)).getRowsJS() as SqlValue[][];
    },
    async insertCsv(into, columns, csv) {
      // All text, no sniffing: the twin's own CSV, each value cast to the table's type on insert.
      const names = columns.map(quote).join(', ');
      const types = columns.map((c) => `${literal(c)}: 'VARCHAR'`).join(', ');
      const r = await run(`INSERT INTO ${into} (${names}) SELECT ${names} FROM read_csv(${literal(csv)}, header = true, delim = ',', quote = '"', escape = '"', auto_detect = false, columns = {${types}})`);
      return Number(r.getRows()[0]?.[0] ?? 0);
    },
    async describe(from) {
      const r = await run(`SELECT * FROM ${from} AS s LIMIT 0`);
      const types = r.columnTypes().map((t) => t.toString());
      return r.columnNames().map((name, i): SqlColumn => ({ name, kind: duckdbKind(types[i]), engineType: types[i] }));
    },
    async close() {
      con.closeSync();
      instance.closeSync();
    },
  };
}

function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

import { inputError } from '../../errors';
import { t } from '../../l10n';
import type { EngineKind, SqlColumn, SqlConnection, SqlCredentials, SqlDialect, SqlValue } from '../types';

const quote = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;
const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** PostgreSQL's SQL. */
export const postgresDialect: SqlDialect = {
  engine: 'postgresql',
  quote,
  literal,
  double: (v) => `CAST(${literal(String(v))} AS double precision)`,
  text: (expr) => `CAST(${expr} AS text)`,
  number: (expr, kind) => (kind === 'date'
    ? `CAST(extract(epoch FROM CAST(${expr} AS timestamp)) * 1000 AS double precision)`
    : kind === 'datetime' ? `CAST(extract(epoch FROM ${expr}) * 1000 AS double precision)` : `CAST(${expr} AS double precision)`),
  parseNumber: (expr) => `CASE WHEN trim(${expr}) ~ '^[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?$' THEN CAST(trim(${expr}) AS double precision) END`,
  length: (expr) => `char_length(${expr})`,
  left: (expr, n) => `left(${expr}, ${n})`,
  textParameter: 'CAST($1 AS text)',
  rowKey: (texts, salt) => `CAST(CAST(('x' || substr(md5(concat_ws(chr(31), ${salt}, ${texts.join(', ')})), 1, 8)) AS bit(32)) AS bigint)`,
};

/** PostgreSQL type OIDs (pg_type) to the kinds the profiler tells apart. */
export function postgresKind(oid: number): EngineKind {
  switch (oid) {
    case 20: case 21: case 23: return 'integer';
    case 700: case 701: case 1700: return 'number';
    case 1082: return 'date';
    case 1114: case 1184: return 'datetime';
    case 16: return 'boolean';
    default: return 'text';
  }
}

/** The connection string as it may be shown and recorded: any password removed. */
export function withoutPassword(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:@/]*):[^@/]*@/, '$1@');
}

/**
 * Connects with the `pg` client, imported here on first use. The password, when the server asks
 * for one, comes from PGPASSWORD or `askPassword`, and is handed to the client only: it is never
 * part of the location, a message, the metadata or the recipe.
 */
export async function connectPostgres(url: string, credentials: SqlCredentials = {}): Promise<SqlConnection> {
  const where = { file: withoutPassword(url) };
  if (withoutPassword(url) !== url) throw inputError(t('the connection string holds a password: set PGPASSWORD or answer the prompt instead (a password in a command line is kept in the shell history)'), where);
  const pg = (await import('pg')).default;
  const env = credentials.env ?? process.env;
  // Everything arrives as text: numbers are read with Number() where needed.
  const types = { getTypeParser: (): ((v: string) => unknown) => (v: string) => v };
  const client = new pg.Client({ connectionString: url, types });
  // Set after construction: the parsed connection string would replace a password given with it
  // (and pg would fall back to the process's PGPASSWORD instead of `env`).
  (client as unknown as { password: () => Promise<string> }).password = async () => {
    const fromEnv = env.PGPASSWORD;
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
    const asked = credentials.askPassword ? await credentials.askPassword(t('Password for {0}', where.file)) : undefined;
    if (asked === undefined) throw inputError(t('the server asks for a password: set PGPASSWORD, or run where twin can prompt for it'), where);
    return asked;
  };
  try {
    await client.connect();
    await client.query("SET TimeZone = 'UTC'");
  } catch (e) {
    await client.end().catch(() => undefined);
    if (e instanceof Error && e.name === 'TwinError') throw e;
    throw inputError(t('cannot connect to PostgreSQL: {0}', oneLine(e)), where, e);
  }
  const run = async (sql: string, params?: readonly (string | null)[]): Promise<import('pg').QueryResult> => {
    try {
      return await client.query({ text: sql, rowMode: 'array', ...(params && params.length > 0 ? { values: [...params] } : {}) });
    } catch (e) {
      throw inputError(t('PostgreSQL: {0}', oneLine(e)), where, e);
    }
  };
  return {
    dialect: postgresDialect,
    async query(sql, _ctx, params) {
      return (await run(sql, params)).rows as SqlValue[][];
    },
    async describe(from) {
      const r = await run(`SELECT * FROM ${from} AS s LIMIT 0`);
      return r.fields.map((f): SqlColumn => ({ name: f.name, kind: postgresKind(f.dataTypeID), engineType: `oid ${f.dataTypeID}` }));
    },
    async close() {
      await client.end();
    },
  };
}

function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

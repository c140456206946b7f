import * as nodePath from 'node:path';
import { usageError } from '../errors';
import { t } from '../l10n';
import { connectDuckdb } from './dialects/duckdb';
import { connectPostgres, withoutPassword } from './dialects/postgres';
import type { SqlConnection, SqlCredentials, SqlDialect, SqlRelation, SqlSourceSpec } from './types';

/** Whether a command-line source names a database (`duckdb:FILE`, `postgresql://…`, `postgres://…`) rather than a file. */
export function isSqlSource(source: string): boolean {
  return /^duckdb:/i.test(source) || /^postgres(ql)?:\/\//i.test(source);
}

/**
 * The database source named on a command line, with its table (`--table`) or query (`--query`);
 * a DuckDB file is resolved against `cwd`.
 * @throws TwinError('usage') when neither or both of table and query are given.
 */
export function parseSqlSource(source: string, relation: { table?: string; query?: string }, cwd = process.cwd()): SqlSourceSpec {
  if ((relation.table === undefined) === (relation.query === undefined)) {
    throw usageError(t('a database source needs a table or a query to read (one of them, not both): {0}', describeLocation(source)));
  }
  if (relation.query !== undefined && relation.query.trim() === '') throw usageError(t('the query is empty'));
  const rel: SqlRelation = relation.table !== undefined ? { table: relation.table } : { query: relation.query! };
  if (/^duckdb:/i.test(source)) {
    const file = source.slice('duckdb:'.length);
    if (file === '') throw usageError(t('duckdb: needs a database file, e.g. duckdb:extract.duckdb'));
    return { engine: 'duckdb', location: nodePath.resolve(cwd, file), relation: rel };
  }
  return { engine: 'postgresql', location: source, relation: rel };
}

function describeLocation(source: string): string {
  return /^postgres/i.test(source) ? withoutPassword(source) : source;
}

/** The source as shown and recorded (no password): `duckdb:/data/x.duckdb#admissions`, `postgresql://u@h:5432/db#(query)`. */
export function sqlSourceLabel(spec: SqlSourceSpec): string {
  const where = spec.engine === 'duckdb' ? `duckdb:${spec.location}` : withoutPassword(spec.location);
  return `${where}#${'table' in spec.relation ? spec.relation.table : '(query)'}`;
}

/** A name for the relation: the table's (without schema), or `query`. */
export function sqlSourceName(spec: SqlSourceSpec): string {
  if (!('table' in spec.relation)) return 'query';
  const parts = spec.relation.table.split('.');
  return parts[parts.length - 1];
}

/** The relation as it goes in a FROM clause: a quoted (schema-qualified) table name, or the query in brackets. */
export function fromClause(spec: SqlSourceSpec, dialect: SqlDialect): string {
  if ('query' in spec.relation) return `(${spec.relation.query.trim().replace(/;\s*$/, '')})`;
  return spec.relation.table.split('.').map((p) => dialect.quote(p)).join('.');
}

/**
 * Opens the source's engine (its client library is loaded now, not before). A DuckDB file is
 * opened read-only unless `write` (only to add a twin's new table).
 */
export function connectSql(spec: SqlSourceSpec, credentials: SqlCredentials = {}, options: { write?: boolean } = {}): Promise<SqlConnection> {
  return spec.engine === 'duckdb' ? connectDuckdb(spec.location, options.write === true) : connectPostgres(spec.location, credentials);
}

/** Credentials that ask for a password at most once (the answer kept in memory for one command's connections). */
export function askingOnce(credentials: SqlCredentials = {}): SqlCredentials {
  let password: string | undefined;
  return {
    env: credentials.env,
    askPassword: credentials.askPassword && (async (prompt) => (password ??= await credentials.askPassword!(prompt))),
  };
}

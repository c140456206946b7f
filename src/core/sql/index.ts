/** Profiling where the data lives: a table or query in DuckDB or PostgreSQL, through one dialect layer. */
export type { SqlSourceSpec, SqlRelation, SqlDialect, SqlConnection, SqlColumn, SqlCredentials, EngineKind } from './types';
export { askingOnce, isSqlSource, parseSqlSource, sqlSourceLabel, sqlSourceName, connectSql, fromClause } from './source';
export { profileSqlSource, profileSqlRelation, type SqlProfileOptions } from './profileSql';
export { duckdbDialect } from './dialects/duckdb';
export { postgresDialect } from './dialects/postgres';
export { databaseSource } from './externalSource';
export { checkNewTable, writeTwinTable } from './writeTable';

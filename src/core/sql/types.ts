import type { JobContext } from '../context';

/** How an engine stores a column, as far as profiling cares. */
export type EngineKind = 'integer' | 'number' | 'date' | 'datetime' | 'boolean' | 'text';

export interface SqlColumn {
  name: string;
  kind: EngineKind;
  /** The engine's own name of the type (for messages). */
  engineType: string;
}

/** A table, or the rows a query returns. */
export type SqlRelation = { table: string } | { query: string };

/** Where the rows live: `duckdb:FILE` or `postgresql://USER@HOST:PORT/DB`, and which relation. */
export interface SqlSourceSpec {
  engine: 'duckdb' | 'postgresql';
  /** The database file (DuckDB) or the connection string without any password (PostgreSQL). */
  location: string;
  relation: SqlRelation;
}

/**
 * The SQL one engine speaks: every statement the database profiler sends is built from these
 * pieces (plus ANSI SQL: count, sum, min, max, avg, stddev_samp, CASE, GROUP BY, ORDER BY …
 * LIMIT, row_number() OVER (ORDER BY …)). A further engine is a further object of this shape (docs/architecture.md).
 */
export interface SqlDialect {
  readonly engine: SqlSourceSpec['engine'];
  /** A quoted identifier. */
  quote(identifier: string): string;
  /** A quoted string literal. */
  literal(text: string): string;
  /** A double-precision literal that reads back as exactly `v`. */
  double(v: number): string;
  /** The value of `expr` as text, as the engine writes it (its CSV form). */
  text(expr: string): string;
  /** A number column as a double; a date or timestamp as milliseconds since 1970-01-01 UTC (a double). */
  number(expr: string, kind: EngineKind): string;
  /** The text `expr` read as a plain number (digits, a point, an exponent) as a double; NULL when it is not one. */
  parseNumber(expr: string): string;
  /** Characters in the text `expr`. */
  length(expr: string): string;
  /** The first `n` characters of the text `expr`. */
  left(expr: string, n: number): string;
  /**
   * A whole number in [0, 2^32) from a row's values (`texts`, each the text of one column, NULL
   * for missing) and a salt: the first 32 bits of MD5(salt, the values joined by U+001F). Summed
   * exactly (a sum of integers, then mod 2^32), it gives the cell keys; ordered, a seeded sample.
   * `salt` is an SQL expression: the first bound parameter for the secret's digest, so the digest
   * is never part of a statement's text (which a server may log).
   */
  rowKey(texts: readonly string[], salt: string): string;
  /** The first bound parameter read as text (`$1`, cast: the engine cannot infer its type inside concat_ws). */
  readonly textParameter: string;
}

/** Values a query returns: text, numbers (counts may arrive as bigint or text), lists, null. */
export type SqlValue = string | number | bigint | boolean | null | SqlValue[] | Date;

/** An open connection to one engine. */
export interface SqlConnection {
  readonly dialect: SqlDialect;
  /** Runs a statement; `params` are bound to its placeholders, never spliced into its text. */
  query(sql: string, ctx?: JobContext, params?: readonly (string | null)[]): Promise<SqlValue[][]>;
  /**
   * Inserts a CSV file's rows (header, comma, double quotes; an empty cell NULL) into the existing
   * table `into` (quoted) by column name, each value cast to its column's type, inside the open
   * transaction; returns the rows inserted. Only for an engine that reads the file itself (DuckDB,
   * embedded): without it, rows are sent as bound parameters.
   */
  insertCsv?(into: string, columns: readonly string[], file: string): Promise<number>;
  /** The columns of a relation (its SQL in a FROM clause), without reading its rows. */
  describe(from: string): Promise<SqlColumn[]>;
  close(): Promise<void>;
}

/** How to get a password the server asks for: never stored, never logged. */
export interface SqlCredentials {
  /** Asked only when the server wants a password and PGPASSWORD is not set; undefined = none given. */
  askPassword?: (prompt: string) => Promise<string | undefined>;
  /** Environment to read PGPASSWORD from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

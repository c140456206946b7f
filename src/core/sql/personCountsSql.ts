import type { JobContext } from '../context';
import { throwIfAborted } from '../errors';
import { PersonCounter } from '../disclosure/personCounts';
import type { ColumnProfile, PersonProfile } from '../profile/types';
import type { SqlConnection } from './types';

/** How the database profiler writes a column in SQL (its text, and whether it is missing). */
export interface SqlColumnExpressions {
  /** The relation in a FROM clause, as `s` rows are read from. */
  from: string;
  text(c: number): string;
  missing(c: number): string;
}

/**
 * The person pass in the engine (core/disclosure/personCounts, "The person is the unit"): for each
 * counted column the engine returns its distinct (value, person) pairs, at most k persons per value,
 * and the file profiler's own PersonCounter reads them. Every figure it keeps is capped at k (persons
 * per category, the rare categories' persons, persons in a range of values, the k-th person from
 * each end), so k persons per value give the counts all of them would. A person is the first 32 bits
 * of a keyed MD5 of the trimmed key (the salt a bound parameter): the key itself never leaves the
 * engine, and collisions only merge persons, so counts err low as the file's 32-bit hashes do.
 */
export async function countPersonsInEngine(
  conn: SqlConnection, sql: SqlColumnExpressions, columns: readonly ColumnProfile[], keyColumn: number, k: number, salt: string, ctx: JobContext = {},
): Promise<(PersonProfile | undefined)[]> {
  const d = conn.dialect;
  const counter = new PersonCounter(columns, keyColumn, k);
  const person = d.rowKey([`trim(${sql.text(keyColumn)})`], d.textParameter);
  for (let c = 0; c < columns.length; c++) {
    if (!counter.counts(c)) continue;
    throwIfAborted(ctx.signal);
    const pairs = `SELECT DISTINCT ${sql.text(c)} AS v, ${person} AS p FROM ${sql.from} AS s WHERE NOT ${sql.missing(keyColumn)} AND NOT ${sql.missing(c)}`;
    const capped = `SELECT v, p FROM (SELECT v, p, row_number() OVER (PARTITION BY v ORDER BY p) AS n FROM (${pairs}) AS q) AS r WHERE n <= ${k} ORDER BY v, p`;
    for (const [v, p] of await conn.query(capped, ctx, [salt])) {
      if (v !== null) counter.offer(c, Number(p), String(v));
    }
  }
  return counter.result().columns;
}

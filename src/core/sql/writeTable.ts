import type { JobContext } from '../context';
import { inputError, throwIfAborted, usageError } from '../errors';
import { t } from '../l10n';
import { openDataset } from '../io/openDataset';
import { connectSql, fromClause, sqlSourceLabel } from './source';
import type { SqlConnection, SqlCredentials, SqlSourceSpec } from './types';

/** Values bound per INSERT statement (PostgreSQL allows 65,535 parameters in one). */
const VALUES_PER_STATEMENT = 30000;

/**
 * Writes a twin (the CSV generateTwin wrote) into a new table of the source's database, in one
 * transaction: the table is created with the source relation's column types (`CREATE TABLE … AS
 * SELECT … LIMIT 0`, which reads no rows) and filled with the twin's rows, bound as parameters,
 * an empty cell as NULL. An existing table is refused (so the source table is never written to),
 * and a failure part-way leaves no table behind.
 * @returns the rows written.
 */
export async function writeTwinTable(spec: SqlSourceSpec, table: string, twinCsv: string, credentials: SqlCredentials = {}, ctx: JobContext = {}): Promise<number> {
  const target = targetOf(spec, table);
  const conn = await connectSql(spec, credentials, { write: true });
  try {
    const d = conn.dialect;
    const into = fromClause(target, d);
    await refuseExisting(conn, target, table);
    const twin = await openDataset(twinCsv);
    const names = twin.columnNames;
    const width = names.length;
    const perStatement = Math.max(1, Math.floor(VALUES_PER_STATEMENT / Math.max(1, width)));
    const columns = names.map((n) => d.quote(n)).join(', ');
    ctx.onProgress?.({ stage: t('writing the twin table'), fraction: 0 });
    await conn.query('BEGIN');
    let rows = 0;
    try {
      await conn.query(`CREATE TABLE ${into} AS SELECT ${columns} FROM ${fromClause(spec, d)} AS s LIMIT 0`);
      if (conn.insertCsv) {
        rows = await conn.insertCsv(into, names, twinCsv);
        await conn.query('COMMIT');
        return rows;
      }
      let pending: (string | null)[] = [];
      const flush = async (): Promise<void> => {
        const n = pending.length / width;
        if (n === 0) return;
        const tuples = Array.from({ length: n }, (_, r) => `(${names.map((_, c) => `$${r * width + c + 1}`).join(', ')})`);
        await conn.query(`INSERT INTO ${into} (${columns}) VALUES ${tuples.join(', ')}`, ctx, pending);
        pending = [];
      };
      for await (const batch of twin.batches(ctx)) {
        throwIfAborted(ctx.signal);
        for (const row of batch.rows) {
          for (let c = 0; c < width; c++) {
            const v = row[c];
            pending.push(v === null || v === undefined || v === '' ? null : String(v));
          }
          rows++;
          if (pending.length >= perStatement * width) await flush();
        }
        if (twin.sizeBytes > 0) ctx.onProgress?.({ stage: t('writing the twin table'), fraction: Math.min(1, batch.bytesRead / twin.sizeBytes) });
      }
      await flush();
      throwIfAborted(ctx.signal);
      await conn.query('COMMIT');
    } catch (e) {
      await conn.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
    return rows;
  } finally {
    await conn.close();
  }
}

/**
 * Refuses, before a twin is made, a table name `writeTwinTable` would refuse: the source table, a
 * malformed name or an existing table (checked again when writing).
 */
export async function checkNewTable(spec: SqlSourceSpec, table: string, credentials: SqlCredentials = {}): Promise<void> {
  const target = targetOf(spec, table);
  const conn = await connectSql(spec, credentials);
  try {
    await refuseExisting(conn, target, table);
  } finally {
    await conn.close();
  }
}

function targetOf(spec: SqlSourceSpec, table: string): SqlSourceSpec {
  const target: SqlSourceSpec = { ...spec, relation: { table: checkTableName(table) } };
  if ('table' in spec.relation && sameTable(spec.relation.table, table)) throw usageError(t("the twin's table is the source table {0}: the twin is written to a new table, never over the real data", JSON.stringify(spec.relation.table)));
  return target;
}

async function refuseExisting(conn: SqlConnection, target: SqlSourceSpec, table: string): Promise<void> {
  if (await exists(conn, fromClause(target, conn.dialect))) {
    throw inputError(t('the table {0} already exists: the twin is written to a new table only (drop it or choose another name)', JSON.stringify(table)), { file: sqlSourceLabel(target) });
  }
}

/** A table name as `--to-table` takes it: `name` or `schema.name`, each part non-empty. */
function checkTableName(table: string): string {
  const parts = table.split('.');
  if (parts.length > 2 || parts.some((p) => p.trim() === '')) throw usageError(t("the twin's table needs a name or schema.name, got {0}", JSON.stringify(table)));
  return table;
}

/** Whether two table names name the same table (case aside; an unqualified name in the default schema). */
function sameTable(a: string, b: string): boolean {
  const norm = (t: string): string => t.toLowerCase().replace(/^(public|main)\./, '');
  return norm(a) === norm(b);
}

async function exists(conn: SqlConnection, from: string): Promise<boolean> {
  try {
    await conn.describe(from);
    return true;
  } catch {
    return false;
  }
}

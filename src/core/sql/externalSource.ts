import type { JobContext } from '../context';
import type { RawValue } from '../format';
import { DEFAULT_CSV_DIALECT } from '../io/writeDataset';
import type { DatasetSource } from '../io/types';
import type { Metadata, NumberMetadataColumn } from '../metadata';
import type { ExternalSource } from '../synth/generateTwin';
import { drawSample, profileSqlRelation } from './profileSql';
import { askingOnce, connectSql, fromClause, sqlSourceLabel, sqlSourceName } from './source';
import type { SqlConnection, SqlCredentials, SqlSourceSpec } from './types';
import { t } from '../l10n';

/** Rows held in memory as a DatasetSource (batches of 65,536), for the loaders that read one. */
function rowsSource(label: string, name: string, columnNames: string[], rows: RawValue[][]): DatasetSource {
  return {
    path: label,
    name,
    format: 'delimited',
    dialect: { ...DEFAULT_CSV_DIALECT },
    columnNames,
    sizeBytes: 0,
    async *batches() {
      for (let i = 0; i < rows.length; i += 65_536) yield { rows: rows.slice(i, i + 65_536), firstRow: i + 2, bytesRead: 0 };
    },
  };
}

/**
 * A database table or query as a twin's source (`generateTwin({ external })`): profiled by the
 * engine, sampled by the engine for the methods that fit on rows, and read for the rows beyond each
 * tailed column's bounds. A password asked for is kept in memory for this one job only.
 */
export function databaseSource(spec: SqlSourceSpec, credentials: SqlCredentials = {}): ExternalSource {
  const once = askingOnce(credentials);
  const label = sqlSourceLabel(spec);
  const withConnection = async <T>(run: (conn: SqlConnection) => Promise<T>): Promise<T> => {
    const conn = await connectSql(spec, once);
    try {
      return await run(conn);
    } finally {
      await conn.close();
    }
  };
  return {
    label,
    profile: (options, ctx) => withConnection((conn) => profileSqlRelation(conn, spec, options, ctx)),
    sample: (size, ctx: JobContext) => withConnection(async (conn) => {
      const cols = await conn.describe(fromClause(spec, conn.dialect));
      const [[count]] = await conn.query(`SELECT count(*) FROM ${fromClause(spec, conn.dialect)} AS s`);
      ctx.onProgress?.({ stage: t('sampling rows in the database') });
      const rows = await drawSample(conn, spec, cols, Number(count), size, 1);
      return rowsSource(label, sqlSourceName(spec), cols.map((c) => c.name), rows);
    }),
    extremes: (metadata: Metadata) => withConnection(async (conn) => {
      const d = conn.dialect;
      const from = fromClause(spec, d);
      const cols = await conn.describe(from);
      const names = cols.map((c) => c.name);
      const rows: RawValue[][] = [];
      for (const column of metadata.columns) {
        if ((column.type !== 'numeric' && column.type !== 'integer') || column.excluded) continue;
        const { tails, bounds } = column as NumberMetadataColumn;
        const at = names.indexOf(column.name);
        if (tails === undefined || at < 0 || (cols[at].kind !== 'integer' && cols[at].kind !== 'number')) continue;
        const ref = `s.${d.quote(column.name)}`;
        const x = d.number(ref, cols[at].kind);
        for (const [v] of await conn.query(`SELECT ${d.text(ref)} FROM ${from} AS s WHERE ${x} < ${d.double(bounds.lower)} OR ${x} > ${d.double(bounds.upper)}`)) {
          const row: RawValue[] = new Array<RawValue>(names.length).fill(null);
          row[at] = v === null ? null : String(v);
          rows.push(row);
        }
      }
      return rowsSource(label, sqlSourceName(spec), names, rows);
    }),
  };
}

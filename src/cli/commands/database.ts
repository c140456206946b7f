import { isSqlSource, parseSqlSource, type SqlCredentials, type SqlSourceSpec, t } from '../../core';
import { stringOption, type ParsedArgs } from '../args';
import type { CommandIO } from './index';

/** Options naming the relation of a database source. */
export const DATABASE_OPTIONS = {
  table: { type: 'string' },
  query: { type: 'string' },
} as const;

/** Help lines for a database source (profile, generate). */
export const databaseHelp = (): string => t(`  A database source instead of a file: duckdb:FILE or postgresql://USER@HOST:PORT/DB
  (HOST may be a socket directory, as libpq allows) with
  --table NAME        the table (schema.table allowed) to profile
  --query "SELECT …"  or the rows a query returns
                      The engine computes the statistics; a PostgreSQL password comes from
                      PGPASSWORD or a prompt and is never stored.
`);

/** The database source a command names, or undefined for a file. */
export function databaseSourceOf(io: CommandIO, data: string, args: ParsedArgs): SqlSourceSpec | undefined {
  if (!isSqlSource(data)) return undefined;
  return parseSqlSource(data, { table: stringOption(args, 'table'), query: stringOption(args, 'query') }, io.cwd);
}

/** Asks for a password on the terminal without echoing it; nothing when there is no terminal. */
export function terminalCredentials(io: CommandIO): SqlCredentials {
  return {
    askPassword: async (prompt) => {
      const stdin = process.stdin;
      if (!stdin.isTTY) return undefined;
      io.stderr.write(`${prompt}: `);
      return new Promise<string | undefined>((resolve) => {
        let typed = '';
        stdin.setRawMode(true);
        stdin.resume();
        stdin.setEncoding('utf8');
        const done = (value: string | undefined): void => {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          io.stderr.write('\n');
          resolve(value);
        };
        const onData = (chunk: string): void => {
          for (const ch of chunk) {
            if (ch === '\r' || ch === '\n') return done(typed);
            if (ch === '\u0003' || ch === '\u0004') return done(undefined);
            if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
            else typed += ch;
          }
        };
        stdin.on('data', onData);
      });
    },
  };
}

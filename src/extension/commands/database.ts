/**
 * Profile Database Table…: a table or query in DuckDB or PostgreSQL profiled where it lives, by the
 * engine, in the worker (core/sql). The connection comes from the `syntheticTwin.databases`
 * setting or is entered (a DuckDB file, or a PostgreSQL connection string without password); a
 * PostgreSQL password is asked for in a password box and handed to that one job only: it is not
 * saved in settings or SecretStorage, and is in no metadata, log or output-channel line.
 */
import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import { decisionsOf, type Metadata, metadataToJson, parseSqlSource, sqlSourceLabel, sqlSourceName, type SqlSourceSpec, withSignOffIfHolds, t } from '../../core';
import type { SavedDatabase } from '../config';
import { metadataPathFor } from '../paths';
import { runJob, type RunControl } from '../progress';
import { readMetadata } from '../workspaceIndex';
import type { CommandHost } from './host';
import { saveTextWithEdit } from './saveText';

/** Options of "Profile Database Table…" (all optional: without them the command asks). */
export interface DatabaseProfileOptions extends RunControl {
  engine?: 'duckdb' | 'postgresql';
  /** The DuckDB file, or a PostgreSQL connection string without a password. */
  location?: string;
  table?: string;
  query?: string;
  /** Tests only: the PostgreSQL password the prompt would ask for ('' for none). */
  password?: string;
  /** Open the dashboard's Profile view afterwards (default true). */
  show?: boolean;
}

export interface DatabaseProfileResult { source: string; metadata: Metadata; metadataPath: string | null }

// Functions: read in the display language, chosen at activation (after the modules load).
const anotherDuckdb = (): string => `$(database) ${t('Another DuckDB file…')}`;
const anotherPostgres = (): string => `$(server) ${t('Another PostgreSQL connection…')}`;
const action = (): string => t('Profiling');
/** Examples in the input boxes: values to type, the same in every language. */
const EXAMPLE_URL = 'postgresql://analyst@db.tre.local:5432/extracts';
const EXAMPLE_TABLE = 'admissions';

/** The command: the connection and relation from the options, the settings or prompts, then the job. */
export async function profileDatabaseCommand(host: CommandHost, options: DatabaseProfileOptions): Promise<DatabaseProfileResult | undefined> {
  const connection = await chooseConnection(host, options);
  if (!connection) return host.stop(action(), t('no database was chosen'));
  const relation = connection.table !== undefined || connection.query !== undefined ? connection : await askRelation(host);
  if (!relation) return host.stop(action(), t('no table or query was given'));
  const spec = parseSqlSource(connection.engine === 'duckdb' ? `duckdb:${connection.location}` : connection.location, { table: relation.table, query: relation.query });
  let password = options.password;
  if (spec.engine === 'postgresql' && password === undefined) {
    password = await host.prompts.inputBox({
      title: t('Password for {0}', sqlSourceLabel(spec).replace(/#.*$/, '')),
      prompt: t('Used for this profile only and not saved anywhere. Leave empty when the server asks for none (or PGPASSWORD is set).'),
      password: true,
      ignoreFocusOut: true,
    });
    if (password === undefined) return host.stop(action(), t('the password prompt was closed'));
  }
  return (await profileDatabase(host, spec, password, options)) ?? host.stop(action(), t('it was cancelled'));
}

/** Where a database table's metadata is kept: `<root>/<table>.metadata.json`, root as for a file beside the DuckDB file or in the first workspace folder. */
function heldPathOf(spec: SqlSourceSpec): string | undefined {
  const dir = spec.engine === 'duckdb' ? nodePath.dirname(spec.location) : vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return dir === undefined ? undefined : nodePath.join(dir, sqlSourceName(spec));
}

/** Profiles the relation in the worker and saves its metadata (trusted workspaces); undefined when cancelled. */
async function profileDatabase(host: CommandHost, spec: SqlSourceSpec, password: string | undefined, options: DatabaseProfileOptions): Promise<DatabaseProfileResult | undefined> {
  const { settings, services: s } = host;
  const label = sqlSourceLabel(spec);
  const held = heldPathOf(spec) ?? nodePath.resolve(sqlSourceName(spec));
  const metadataPath = vscode.workspace.workspaceFolders?.length || spec.engine === 'duckdb' ? metadataPathFor(held, settings) : null;
  const saved = metadataPath ? readMetadata(metadataPath) : undefined;
  const threshold = settings.rareCategoryThreshold;
  const result = await runJob(s, t('Profiling {0}', label), 'profileDatabase', {
    source: spec, password, heldAs: held, missingTokens: settings.missingValueTokens, threshold, decisions: saved ? decisionsOf(saved) : undefined,
  }, [], options);
  if (!result) return undefined;
  const metadata = withSignOffIfHolds(result.metadata, saved?.signOff);
  let written: string | null = null;
  if (metadataPath && vscode.workspace.isTrusted) {
    await saveTextWithEdit(metadataPath, metadataToJson(metadata));
    written = metadataPath;
  } else {
    s.log.info('the metadata is shown but not written (no workspace folder, or the workspace is not trusted)');
  }
  s.log.info(`profiled ${label} in the database: ${result.rows} rows, ${metadata.columns.length} columns in ${result.seconds.toFixed(2)} s`);
  s.refresh();
  s.dashboard().setProfile(held, metadata, written, result.inferredTypes);
  if (options.show !== false) s.dashboard().show('profile');
  return { source: label, metadata, metadataPath: written };
}

/** The connection from the options, or picked among the saved ones and "another DuckDB file / PostgreSQL connection". */
async function chooseConnection(host: CommandHost, options: DatabaseProfileOptions): Promise<SavedDatabase | undefined> {
  if (options.engine && options.location) return { name: '', engine: options.engine, location: options.location, table: options.table, query: options.query };
  const saved = host.settings.databases;
  const items: (vscode.QuickPickItem & { saved?: SavedDatabase })[] = [
    ...saved.map((d) => ({ label: d.name, description: `${d.engine === 'duckdb' ? 'DuckDB' : 'PostgreSQL'}: ${d.location}${d.table ? ` #${d.table}` : d.query ? ` ${t('(query)')}` : ''}`, saved: d })),
    { label: anotherDuckdb(), description: t('a .duckdb file, opened read-only') },
    { label: anotherPostgres(), description: t('postgresql://USER@HOST:PORT/DB, without the password') },
  ];
  const picked = await host.prompts.quickPick(items, { title: t('Profile a database table'), placeHolder: t('A saved connection (setting syntheticTwin.databases) or another') });
  if (!picked) return undefined;
  if (picked.saved) return picked.saved;
  if (picked.label === anotherDuckdb()) {
    const files = await host.prompts.openDialog({ title: t('DuckDB database file'), canSelectMany: false, filters: { DuckDB: ['duckdb', 'db', 'ddb'], [t('All files')]: ['*'] } });
    return files?.[0] ? { name: '', engine: 'duckdb', location: files[0].fsPath } : undefined;
  }
  const url = await host.prompts.inputBox({
    title: t('PostgreSQL connection'),
    prompt: t('postgresql://USER@HOST:PORT/DB (HOST may be a socket directory). No password here: it is asked for next and never saved.'),
    placeHolder: EXAMPLE_URL,
    ignoreFocusOut: true,
    validateInput: connectionProblem,
  });
  if (url === undefined) return undefined;
  const problem = connectionProblem(url);
  if (problem) throw new Error(problem);
  return { name: '', engine: 'postgresql', location: url.trim() };
}

/** Why a typed connection string cannot be used, or undefined. */
function connectionProblem(url: string): string | undefined {
  const u = url.trim();
  if (!/^postgres(ql)?:\/\//i.test(u)) return t('a connection string starts with postgresql://');
  if (/^postgres(?:ql)?:\/\/[^:@/]*:[^@/]*@/i.test(u)) return t('leave the password out: it is asked for next and never saved');
  return undefined;
}

/** The table (schema.table allowed) or a SELECT/WITH query. */
async function askRelation(host: CommandHost): Promise<{ table?: string; query?: string } | undefined> {
  const typed = await host.prompts.inputBox({
    title: t('Table or query'),
    prompt: t('A table (or schema.table), or a query starting with SELECT or WITH'),
    placeHolder: EXAMPLE_TABLE,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? t('name a table or write a query') : undefined),
  });
  if (typed === undefined || typed.trim() === '') return undefined;
  const text = typed.trim();
  return /^(select|with)\b/i.test(text) ? { query: text } : { table: text };
}

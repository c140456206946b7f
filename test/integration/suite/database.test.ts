/**
 * "Profile Database Table…" in a real VS Code extension host (code-server): a DuckDB file made by
 * the test, profiled through the pickers (and from the syntheticTwin.databases setting), the result
 * shown in the dashboard like a file's; DuckDB's native binding loaded only by the first database
 * job; a PostgreSQL password asked for in a password box and found in no setting, log or message.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TwinExtensionApi } from '../../../src/extension/extension';
import { editorPrompts, type Prompts } from '../../../src/extension/prompts';

const EXTENSION_ID = 'synthetic-twin.synthetic-twin';

interface Asked { kind: string; title: string; password?: boolean; choices: string[] }

/** Answers the questions in order from a script and records them (an unscripted one is answered with undefined). */
class Scripted implements Prompts {
  readonly asked: Asked[] = [];
  constructor(private readonly _answers: (string | vscode.Uri | undefined)[]) {}
  private _next(q: Asked): string | vscode.Uri | undefined {
    this.asked.push(q);
    return this._answers.shift();
  }
  async warning(message: string, _o: unknown, ...choices: string[]): Promise<string | undefined> { return this._next({ kind: 'warning', title: message, choices }) as string | undefined; }
  async info(message: string, ...choices: string[]): Promise<string | undefined> {
    this.asked.push({ kind: 'info', title: message, choices });
    return undefined;
  }
  async quickPick<T extends vscode.QuickPickItem>(items: T[], options: vscode.QuickPickOptions): Promise<T | undefined> {
    const label = this._next({ kind: 'quickPick', title: options.title ?? '', choices: items.map((i) => i.label) });
    return items.find((i) => i.label === label || (typeof label === 'string' && i.label.includes(label)));
  }
  async inputBox(options: vscode.InputBoxOptions): Promise<string | undefined> {
    return this._next({ kind: 'inputBox', title: options.title ?? '', password: options.password === true, choices: [] }) as string | undefined;
  }
  async openDialog(options: vscode.OpenDialogOptions): Promise<vscode.Uri[] | undefined> {
    const uri = this._next({ kind: 'openDialog', title: options.title ?? '', choices: [] });
    return uri instanceof vscode.Uri ? [uri] : undefined;
  }
  status(message: string): void {
    this.asked.push({ kind: 'status', title: message, choices: [] });
  }
}

let api: TwinExtensionApi;
let folder: string;
let csv: string;
let duckdbFile: string;

async function withPrompts<T>(answers: (string | vscode.Uri | undefined)[], body: () => Promise<T>): Promise<{ result: T; asked: Asked[] }> {
  const prompts = new Scripted(answers);
  api.commands.prompts = prompts;
  try {
    return { result: await body(), asked: prompts.asked };
  } finally {
    api.commands.prompts = editorPrompts;
  }
}

/** Whether DuckDB's native library is mapped into this process (the extension host and its worker threads). */
function duckdbLoaded(): boolean {
  return /duckdb[^\n]*\.node/.test(fs.readFileSync('/proc/self/maps', 'utf8'));
}

function* walkFiles(dir: string): Generator<string> {
  let entries: fs.Dirent[] = [];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walkFiles(p);
    else yield p;
  }
}

describe('Profile Database Table… (issue 17)', () => {
  before(async () => {
    const ext = vscode.extensions.getExtension<TwinExtensionApi>(EXTENSION_ID)!;
    api = await ext.activate();
    const workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
    folder = path.join(workspace, 'database');
    const written = await api.commands.openSample({ folder, rows: 1500, open: false });
    assert.ok(written, api.commands.lastFailure ?? 'no sample');
    csv = written.path;
    duckdbFile = path.join(folder, 'extract.duckdb');
    // Made in a child process, so that this process maps DuckDB's library only when the extension loads it.
    const script = `const { DuckDBInstance } = require(${JSON.stringify(require.resolve('@duckdb/node-api', { paths: [ext.extensionPath] }))});
(async () => { const i = await DuckDBInstance.create(${JSON.stringify(duckdbFile)}); const c = await i.connect();
await c.run(${JSON.stringify(`CREATE TABLE admissions AS SELECT * FROM read_csv('${csv}', header = true, all_varchar = true)`)}); c.closeSync(); i.closeSync(); })()
.catch((e) => { console.error(e); process.exit(1); });`;
    execFileSync(process.execPath, ['-e', script], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: 'pipe' });
  });

  after(async () => {
    await vscode.workspace.getConfiguration('syntheticTwin').update('databases', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('profiles a DuckDB table chosen in the pickers, in the worker, and shows it in the dashboard like a file\'s', async () => {
    assert.equal(duckdbLoaded(), false, 'DuckDB\'s binding is not loaded before a database is profiled');
    const { result, asked } = await withPrompts(['Another DuckDB file', vscode.Uri.file(duckdbFile), 'admissions'], () =>
      api.commands.profileDatabaseTable({ show: true }));
    assert.ok(result, api.commands.lastFailure ?? `not profiled; asked: ${JSON.stringify(asked)}`);
    assert.deepEqual(asked.filter((q) => q.kind !== 'status').map((q) => q.kind), ['quickPick', 'openDialog', 'inputBox'], 'no password box for DuckDB');
    assert.equal(result.source, `duckdb:${duckdbFile}#admissions`);
    assert.ok(duckdbLoaded(), 'the first database job loads DuckDB\'s binding');
    assert.ok(api.dashboard.panel, 'the dashboard is open');
    assert.equal(api.dashboard.state.profile?.dataset.rows, 1500, 'the Profile view shows the table\'s metadata');
    assert.deepEqual(api.dashboard.state.profile?.columns.map((c) => c.name), result.metadata.columns.map((c) => c.name));
    // The same columns and types as the file's profile (the table holds the file's text).
    const file = await api.commands.profilePath(csv, { show: false });
    assert.ok(file, api.commands.lastFailure ?? 'file not profiled');
    assert.deepEqual(result.metadata.columns.map((c) => [c.name, c.type]), file.metadata.columns.map((c) => [c.name, c.type]));
    assert.equal(result.metadata.dataset.rows, file.metadata.dataset.rows);
    assert.ok(result.metadataPath && fs.existsSync(result.metadataPath), 'metadata.json written');
    assert.equal(path.basename(result.metadataPath), 'admissions.metadata.json');
  });

  it('offers the connections of the syntheticTwin.databases setting (a table given: no further question)', async () => {
    await vscode.workspace.getConfiguration('syntheticTwin').update('databases', [
      { name: 'Extract', engine: 'duckdb', location: duckdbFile, table: 'admissions' },
      { name: 'Leaky', engine: 'postgresql', location: 'postgresql://u:pw@localhost/db' },
    ], vscode.ConfigurationTarget.Workspace);
    const { result, asked } = await withPrompts(['Extract'], () => api.commands.profileDatabaseTable({ show: false }));
    assert.ok(result, api.commands.lastFailure ?? 'not profiled');
    const choices = asked[0].choices;
    assert.ok(choices.includes('Extract'), choices.join(' | '));
    assert.ok(!choices.includes('Leaky'), 'a saved connection string holding a password is not offered');
    assert.equal(result.metadata.dataset.rows, 1500);
  });

  it('PostgreSQL: asks the password in a password box and keeps it nowhere (settings, log, messages)', async () => {
    const secret = 'pw-in-no-log-7d1e';
    const leaky = await withPrompts(['Another PostgreSQL connection', `postgresql://twin:${secret}@127.0.0.1:1/postgres`], () => api.commands.profileDatabaseTable({ show: false }));
    assert.equal(leaky.result, undefined);
    assert.match(api.commands.lastFailure ?? '', /leave the password out/);
    assert.ok(!(api.commands.lastFailure ?? '').includes(secret));
    // Port 1 refuses the connection: the job fails after the password was asked for.
    const { result, asked } = await withPrompts(['Another PostgreSQL connection', 'postgresql://twin@127.0.0.1:1/postgres', 'admissions', secret], () =>
      api.commands.profileDatabaseTable({ show: false }));
    assert.equal(result, undefined);
    const box = asked.find((q) => q.kind === 'inputBox' && q.title.startsWith('Password for'));
    assert.ok(box, `a password box; asked: ${JSON.stringify(asked)}`);
    assert.equal(box.password, true, 'the box hides what is typed');
    assert.ok(!box.title.includes(secret));
    assert.match(api.commands.lastFailure ?? '', /cannot connect to PostgreSQL/);
    assert.ok(!(api.commands.lastFailure ?? '').includes(secret), 'not in the failure message');
    await new Promise((res) => setTimeout(res, 1500));
    const logs = [...walkFiles(path.dirname(api.logDir))].filter((f) => f.endsWith('Synthetic Twin.log'));
    assert.ok(logs.length > 0, 'the log file exists');
    const text = logs.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    assert.ok(text.includes('postgresql://twin@127.0.0.1:1/postgres#admissions'), 'the attempt is logged');
    assert.ok(!text.includes(secret), 'the password is not in the log');
    const settings = JSON.stringify(vscode.workspace.getConfiguration('syntheticTwin'));
    assert.ok(!settings.includes(secret), 'nor in the settings');
    for (const f of walkFiles(folder)) if (!f.endsWith('.duckdb')) assert.ok(!fs.readFileSync(f, 'utf8').includes(secret), `nor in ${f}`);
  });
});

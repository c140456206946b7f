/**
 * Linked datasets in the editor (issue 15 item 7), run for real in a VS Code extension host on the
 * built-in linked sample: it is written into the workspace from the fixed seed, a folder is profiled
 * as the Explorer's context menu runs it (the URI of the folder), the dashboard holds its diagram,
 * a link rejected through the dashboard's request is saved rejected in metadata.json (and kept when
 * the folder is profiled again), and a twin of the folder is generated, evaluated across tables and
 * released — through the same core calls as `twin profile|review|generate|release <folder>`.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TwinExtensionApi } from '../../../src/extension/extension';
import { writeLinkedSample } from '../../../src/core/sample/linkedSample';

const EXTENSION_ID = 'synthetic-twin.synthetic-twin';
const TABLES = ['admissions', 'diagnoses', 'patients', 'prescriptions'];
const REJECTED = 'prescriptions.admission_id->admissions.admission_id';
const CONFIRMED = 'admissions.patient_id->patients.patient_id';

interface Link { child: { table: string; column: string }; parent: { table: string; column: string }; status: string; origin: string }
interface DatasetJson { format: string; tables: { name: string; file: string }[]; relationships: { foreignKeys: Link[]; personTable?: string } }

let api: TwinExtensionApi;
let workspace: string;
let folder: string;
let metadataPath: string;

const linkId = (f: Link): string => `${f.child.table}.${f.child.column}->${f.parent.table}.${f.parent.column}`;
const readJson = <T>(p: string): T => JSON.parse(fs.readFileSync(p, 'utf8')) as T;
const sha = (p: string): string => createHash('sha256').update(fs.readFileSync(p)).digest('hex');

/** Sends a request to the dashboard as its webview does (the Reject button posts `decideLink`), and waits for it to be handled. */
async function dashboardRequest(method: string, params: unknown): Promise<void> {
  await (api.dashboard as unknown as { _handle(m: unknown): Promise<void> })._handle({ type: 'request', id: 80_000 + Math.floor(Math.random() * 1000), method, params });
}

describe('Linked datasets in a VS Code extension host', () => {
  before(async () => {
    api = await vscode.extensions.getExtension<TwinExtensionApi>(EXTENSION_ID)!.activate();
    workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
  });

  it('contributes the linked sample command, its walkthrough step, and folder entries on the Explorer menu', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { walkthroughs: { steps: { id: string; completionEvents: string[] }[] }[]; menus: Record<string, { command: string; when: string }[]> };
    };
    const step = pkg.contributes.walkthroughs[0].steps.find((s) => s.id === 'linked');
    assert.deepEqual(step?.completionEvents, ['onCommand:syntheticTwin.openLinkedSample']);
    for (const command of ['syntheticTwin.profileDataset', 'syntheticTwin.generateTwin', 'syntheticTwin.createReleasePack']) {
      assert.match(pkg.contributes.menus['explorer/context'].find((m) => m.command === command)!.when, /explorerResourceIsFolder/, command);
    }
  });

  it('writes the built-in linked sample into the workspace from the fixed seed', async () => {
    const r = await vscode.commands.executeCommand<{ path: string }>('syntheticTwin.openLinkedSample', { persons: 300, reveal: false });
    assert.ok(r, api.commands.lastFailure ?? 'no result');
    folder = r.path;
    assert.equal(folder, path.join(workspace, 'sample', 'hospital-linked'));
    assert.deepEqual(fs.readdirSync(folder).sort(), TABLES.map((t) => `${t}.csv`));
    // The core's default seed: the same bytes as the core writes.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-linked-'));
    await writeLinkedSample(tmp, { persons: 300 });
    for (const t of TABLES) assert.equal(sha(path.join(folder, `${t}.csv`)), sha(path.join(tmp, `${t}.csv`)), t);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('profiles the folder from the Explorer: one metadata.json for all its tables, where a single file\'s goes', async () => {
    // The Explorer's context menu passes the folder's URI (and the selection).
    const r = await vscode.commands.executeCommand<{ metadataPath: string }>('syntheticTwin.profileDataset', vscode.Uri.file(folder), [vscode.Uri.file(folder)]);
    assert.ok(r, api.commands.lastFailure ?? 'no result');
    metadataPath = path.join(workspace, 'synthetic', 'sample', 'hospital-linked.metadata.json');
    assert.equal(r.metadataPath, metadataPath);
    const m = readJson<DatasetJson>(metadataPath);
    assert.equal(m.format, 'twin-metadata/2');
    assert.deepEqual(m.tables.map((t) => t.name), TABLES);
    assert.equal(m.relationships.personTable, 'patients');
    assert.equal(m.relationships.foreignKeys.length, 5);
    assert.ok(m.relationships.foreignKeys.every((f) => f.status === 'proposed'));
    // The dashboard shows the Linked tables view with the diagram (the release pack's relationships.svg).
    const st = api.dashboard.state;
    assert.equal(st.view, 'links');
    assert.equal(st.linked?.name, 'hospital-linked');
    assert.equal(st.linked?.metadataPath, metadataPath);
    assert.match(st.linked!.diagramSvg, /^<svg /);
    assert.equal((st.linked!.diagramSvg.match(/<line /g) ?? []).length, 5);
    assert.ok(api.dashboard.panel?.visible, 'the dashboard is open');
  });

  it('rejects a link through the dashboard: saved as rejected in metadata.json, no longer drawn', async () => {
    await dashboardRequest('decideLink', { link: REJECTED, decision: 'reject' });
    const m = readJson<DatasetJson>(metadataPath);
    const byId = new Map(m.relationships.foreignKeys.map((f) => [linkId(f), f]));
    assert.equal(byId.get(REJECTED)?.status, 'rejected');
    assert.equal(byId.get(REJECTED)?.origin, 'discovered');
    assert.equal([...byId.values()].filter((f) => f.status === 'proposed').length, 4);
    // Saved through the editor (a workspace edit), not left dirty.
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === metadataPath);
    assert.equal(doc?.isDirty ?? false, false);
    const st = api.dashboard.state.linked!;
    assert.equal(st.metadata.relationships.foreignKeys.find((f) => linkId(f) === REJECTED)?.status, 'rejected');
    assert.equal((st.diagramSvg.match(/<line /g) ?? []).length, 4);
    // A link the dataset does not have is refused in one line, nothing written.
    const before = fs.readFileSync(metadataPath, 'utf8');
    await dashboardRequest('decideLink', { link: 'patients.sex->admissions.admission_id', decision: 'reject' });
    assert.equal(fs.readFileSync(metadataPath, 'utf8'), before);
  });

  it('confirms a link, and profiling the folder again keeps both decisions', async () => {
    await dashboardRequest('decideLink', { link: CONFIRMED, decision: 'confirm' });
    const r = await api.commands.profileLinkedPath(folder, { show: false });
    assert.ok(r);
    const byId = new Map(readJson<DatasetJson>(metadataPath).relationships.foreignKeys.map((f) => [linkId(f), f]));
    assert.equal(byId.get(REJECTED)?.status, 'rejected');
    assert.equal(byId.get(CONFIRMED)?.status, 'confirmed');
  });

  it('generates a correlated twin of the folder and shows the cross-table evaluation', async () => {
    const r = await vscode.commands.executeCommand<{ out: string; tables: { name: string; rows: number }[] }>('syntheticTwin.generateTwin', { path: folder, level: 'correlated', seed: 1, show: false });
    assert.ok(r, api.commands.lastFailure ?? 'no result');
    const out = path.join(workspace, 'synthetic', 'sample', 'hospital-linked-correlated');
    assert.equal(r.out, out);
    for (const t of TABLES) assert.ok(fs.existsSync(path.join(out, `${t}.csv`)), t);
    assert.ok(fs.existsSync(path.join(out, 'hospital-linked.twin.json')));
    assert.equal(r.tables.find((t) => t.name === 'patients')?.rows, 300);
    const evaluation = readJson<{ format: string; links: { links: unknown[] } }>(path.join(out, 'evaluation.json'));
    assert.equal(evaluation.format, 'twin-dataset-evaluation/1');
    const view = api.dashboard.state.linked!.evaluation!;
    assert.equal(view.twin, 'hospital-linked-correlated');
    // The rejected link is followed by nothing: four links scored, each joining exactly.
    assert.deepEqual(view.links.map((l) => l.link).sort(), ['admissions.patient_id->patients.patient_id', 'diagnoses.admission_id->admissions.admission_id', 'diagnoses.patient_id->patients.patient_id', 'prescriptions.patient_id->patients.patient_id']);
    for (const l of view.links) {
      assert.equal(l.referentialIntegrity, 1, l.link);
      assert.ok(l.cardinalityShapeSimilarity !== null && l.cardinalityShapeSimilarity > 0.5, `${l.link}: ${l.cardinalityShapeSimilarity}`);
    }
    assert.deepEqual(view.tables.map((t) => t.name), TABLES);
    assert.ok(view.tables.every((t) => t.quality !== null && t.quality > 0.3));
    // Reopening the dashboard on the folder shows its tables and keeps the twin's evaluation.
    await vscode.commands.executeCommand('syntheticTwin.openDashboard', { path: folder });
    assert.equal(api.dashboard.state.view, 'links');
    assert.equal(api.dashboard.state.linked?.evaluation?.twin, 'hospital-linked-correlated');
    // The Synthetic Twin view lists the folder once (not its tables, not the twin's), with its twin.
    api.tree.refresh();
    await new Promise((r) => setTimeout(r, 400));
    const datasets = await api.tree.datasets();
    assert.ok(!datasets.some((d) => d.path.startsWith(out + path.sep) || d.path.startsWith(folder + path.sep)));
    const entry = datasets.find((d) => d.path === folder);
    assert.deepEqual(entry?.linked, { tables: 4 });
    assert.equal(entry?.metadataPath, metadataPath);
    assert.deepEqual(entry?.twins.map((t) => [t.level, t.twinPath, t.evaluated, t.linked?.tables]), [['correlated', out, true, 4]]);
    const item = api.tree.getTreeItem({ kind: 'dataset', uri: vscode.Uri.file(folder), entry: entry! });
    assert.equal(item.command?.command, 'syntheticTwin.openDashboard');
    assert.equal(item.description, 'profiled · evaluated');
  });

  it('creates the release pack of the folder, with the relationship diagram and the audit', async () => {
    const r = await vscode.commands.executeCommand<{ dir: string; files: string[]; audit: { status: string; results: string } }>('syntheticTwin.createReleasePack',
      { path: folder, level: 'structural', custodian: 'Example Trust', contact: 'data@example.org', show: false });
    assert.ok(r, api.commands.lastFailure ?? 'no result');
    assert.equal(r.dir, path.join(workspace, 'synthetic', 'sample', 'hospital-linked-structural'));
    for (const f of ['metadata.json', 'evaluation.json', 'relationships.svg', 'DATA_CARD.md', 'EULA.md', 'analysis.py', 'analysis.R', 'results.json']) {
      assert.ok(fs.existsSync(path.join(r.dir, f)), f);
    }
    assert.ok(['pass', 'warn', 'fail'].includes(r.audit.status));
    // The pack follows the review: the rejected link is drawn by no arrow and is listed as rejected.
    const packed = readJson<DatasetJson>(path.join(r.dir, 'metadata.json'));
    assert.equal(packed.relationships.foreignKeys.find((f) => linkId(f) === REJECTED)?.status, 'rejected');
    assert.equal((fs.readFileSync(path.join(r.dir, 'relationships.svg'), 'utf8').match(/<line /g) ?? []).length, 4);
    assert.match(fs.readFileSync(path.join(r.dir, 'EULA.md'), 'utf8'), /Example Trust/);
  });
});

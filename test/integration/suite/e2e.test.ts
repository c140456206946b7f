/**
 * The extension-host half of the end-to-end test: prepares a dataset with a hostile
 * column name, profiles it, generates and evaluates a twin, then waits while the browser
 * half (run.mjs) opens the dashboard from the command palette, takes the screenshots and
 * checks that the column name renders as text; then profiles a folder of linked tables and
 * waits while the browser half sees its diagram and rejects a link with its button. The halves meet through files in TWIN_E2E_DIR.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TwinExtensionApi } from '../../../src/extension/extension';

const HOSTILE = '<img src=x onerror=alert(1)>';

describe('Dashboard end to end (browser-driven)', () => {
  it('shows the profile and evaluation views, with a hostile column name as text', async () => {
    const dir = process.env.TWIN_E2E_DIR;
    assert.ok(dir, 'TWIN_E2E_DIR is set by run.mjs');
    fs.mkdirSync(dir, { recursive: true });
    const api = await vscode.extensions.getExtension<TwinExtensionApi>('synthetic-twin.synthetic-twin')!.activate();
    const workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;

    // A small, deterministic dataset: a hostile column name among ordinary ones.
    const data = path.join(workspace, 'clinic.csv');
    const groups = ['A', 'B', 'C', 'D'];
    const lines = [`id,age,${HOSTILE},group,score`];
    for (let i = 1; i <= 600; i++) {
      const age = 18 + ((i * 37) % 70);
      const g = groups[(i * 7) % 4];
      lines.push(`${i},${age},${(i * 13) % 5},${g},${(age * 0.8 + ((i * 17) % 23)).toFixed(1)}`);
    }
    fs.writeFileSync(data, lines.join('\n') + '\n');

    const generated = await api.commands.generatePath(data, { level: 'correlated', rows: 600, epsilon: null, confirmUnsigned: true, show: false });
    assert.ok(generated, api.commands.lastFailure ?? 'generation failed');
    const evaluated = await api.commands.evaluatePaths(data, generated.outPath, { target: 'score', show: false });
    assert.ok(evaluated, 'evaluation failed');
    const profiled = await api.commands.profilePath(data, { show: false });
    assert.ok(profiled);
    assert.ok(profiled.metadata.columns.some((c) => c.name === HOSTILE));

    fs.writeFileSync(path.join(dir, 'ready'), 'ready');
    const go = path.join(dir, 'go');
    const deadline = Date.now() + 480_000;
    while (!fs.existsSync(go) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    assert.ok(fs.existsSync(go), 'the browser half finished');
    const result = JSON.parse(fs.readFileSync(go, 'utf8')) as { text: boolean; injected: number; alerts: string[]; evaluationShown: boolean; checkboxNames: (string | null)[] };
    assert.equal(result.text, true, 'the hostile column name is shown as text');
    assert.equal(result.injected, 0, 'no <img> element was injected');
    assert.deepEqual(result.alerts, []);
    assert.equal(result.evaluationShown, true);
    // Two checkboxes a column (identifier, leave out), each named with its column for a screen reader.
    const columnBoxes = result.checkboxNames.filter((n) => n?.startsWith('Identifier: ') || n?.startsWith('Exclude '));
    assert.equal(columnBoxes.length, 2 * profiled.metadata.columns.length);
    // And one a record rule, named with the rule.
    for (const rule of profiled.metadata.rules ?? []) assert.ok(result.checkboxNames.includes(`Keep rule: ${rule.reason}`), `keep checkbox of "${rule.reason}"`);
    assert.equal(result.checkboxNames.length, columnBoxes.length + (profiled.metadata.rules ?? []).length, 'every checkbox has a name');
    for (const c of profiled.metadata.columns) {
      assert.ok(result.checkboxNames.includes(`Identifier: ${c.name}`), `identifier checkbox of ${c.name}`);
      assert.ok(result.checkboxNames.includes(`Exclude ${c.name} from the twin`), `exclude checkbox of ${c.name}`);
    }

    // Linked tables: a folder of the linked sample, profiled; the browser half sees its diagram
    // in the dashboard and rejects a link with the link's Reject button.
    const written = await api.commands.openLinkedSample({ folder: path.join(workspace, 'e2e-linked'), persons: 300, reveal: false });
    assert.ok(written, api.commands.lastFailure ?? 'the linked sample was not written');
    const folder = path.join(workspace, 'clinic-linked');
    fs.renameSync(written.path, folder);
    const linked = await api.commands.profileLinkedPath(folder, { show: true });
    assert.ok(linked?.metadataPath, 'the folder was profiled');
    fs.writeFileSync(path.join(dir, 'ready-linked'), 'ready');
    const goLinked = path.join(dir, 'go-linked');
    const until = Date.now() + 480_000;
    while (!fs.existsSync(goLinked) && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
    assert.ok(fs.existsSync(goLinked), 'the browser half finished the linked tables');
    const seen = JSON.parse(fs.readFileSync(goLinked, 'utf8')) as { diagramWidth: number; alt: string; links: number; buttons: (string | null)[]; restored: boolean };
    assert.ok(seen.diagramWidth > 100, `the diagram image loaded (${seen.diagramWidth} px wide)`);
    assert.match(seen.alt, /^Diagram of the 4 tables of clinic-linked/);
    assert.equal(seen.links, 5, 'one row per link in the table of links');
    // Two buttons a link, each named with the link for a screen reader.
    assert.equal(seen.buttons.filter((n) => /^(Confirm|Reject|Restore) link \S+ → \S+$/.test(n ?? '')).length, 10);
    assert.equal(seen.restored, true, 'the rejected link offers Restore');
    const saved = JSON.parse(fs.readFileSync(linked.metadataPath, 'utf8')) as { relationships: { foreignKeys: { child: { table: string; column: string }; status: string }[] } };
    const statuses = saved.relationships.foreignKeys.map((f) => `${f.child.table}.${f.child.column}:${f.status}`);
    assert.ok(statuses.includes('prescriptions.admission_id:rejected'), statuses.join(', '));
    assert.equal(statuses.filter((x) => x.endsWith(':rejected')).length, 1);

  });
});

/**
 * Issue 18: the extension speaks the editor's display language. run.mjs runs this file in the
 * English workbench and again in a workbench started with `--locale cy` (TWIN_EXPECT_LANGUAGE=cy):
 * the language the extension chose, the Explorer view's words, a stopped flow's notice and the
 * dashboard page (its title and `lang`) must all come from that language.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TwinExtensionApi } from '../../../src/extension/extension';

const expected = process.env.TWIN_EXPECT_LANGUAGE === 'cy' ? 'cy' : 'en';
const WORDS = {
  en: { notProfiled: 'not profiled', stopped: /^Generation not started: /, title: 'Synthetic Twin', tabs: ['Profile', 'Evaluation', 'Fidelity ladder'] },
  cy: { notProfiled: 'heb broffil', stopped: /^Cynhyrchu heb ddechrau: /, title: 'Gefell Synthetig', tabs: ['Proffil', 'Gwerthusiad', 'Ysgol ffyddlondeb'] },
}[expected];

describe(`language: the visible strings are ${expected === 'cy' ? 'Welsh' : 'English'}`, () => {
  let api: TwinExtensionApi;
  let workspace: string;
  before(async () => {
    api = await vscode.extensions.getExtension<TwinExtensionApi>('synthetic-twin.synthetic-twin')!.activate();
    workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
  });

  it(`chose ${expected} from the display language`, () => {
    console.log(`    display language: env.language ${vscode.env.language}; VSCODE_NLS_CONFIG ${process.env.VSCODE_NLS_CONFIG ?? '(none)'}`);
    assert.equal(api.language, expected);
  });

  it('shows an unprofiled dataset in the Explorer view in that language', async () => {
    const file = path.join(workspace, 'language-check', 'visits.csv');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'id,age\n1,30\n2,40\n');
    api.tree.refresh();
    await new Promise((r) => setTimeout(r, 600));
    const entry = (await api.tree.datasets()).find((d) => d.path === file);
    assert.ok(entry, 'the dataset is listed');
    const item = api.tree.getTreeItem({ kind: 'dataset', uri: vscode.Uri.file(file), entry });
    assert.equal(item.description, WORDS.notProfiled);
  });

  it('says why a flow stopped in that language', async () => {
    // No level given and the level question closed (the scripted prompts answer nothing).
    const original = api.commands.prompts;
    api.commands.prompts = { ...original, quickPick: async () => undefined };
    try {
      await vscode.commands.executeCommand('syntheticTwin.generateTwin', { path: path.join(workspace, 'language-check', 'visits.csv') });
    } finally {
      api.commands.prompts = original;
    }
    assert.match(api.commands.lastStop ?? '', WORDS.stopped);
  });

  it('draws the dashboard page in that language', async () => {
    await vscode.commands.executeCommand('syntheticTwin.openDashboard');
    const panel = api.dashboard.panel;
    assert.ok(panel, 'the dashboard is open');
    assert.equal(panel.title, WORDS.title);
    assert.match(panel.webview.html, new RegExp(`<html lang="${expected}">`));
    assert.match(panel.webview.html, new RegExp(`<title>${WORDS.title}</title>`));
    // With a browser driving the page (run.mjs's Welsh pass), what the webview shows.
    const dir = process.env.TWIN_E2E_DIR;
    if (process.env.TWIN_LANGUAGE_DRIVER && dir) {
      fs.writeFileSync(path.join(dir, 'ready-language'), '');
      const go = path.join(dir, 'go-language');
      const end = Date.now() + 120_000;
      while (!fs.existsSync(go) && Date.now() < end) await new Promise((r) => setTimeout(r, 250));
      const seen = JSON.parse(fs.readFileSync(go, 'utf8')) as { lang: string; tabs: string[]; text: string };
      console.log(`    webview: lang ${seen.lang}; tabs ${seen.tabs.join(' | ')}`);
      assert.equal(seen.lang, expected);
      for (const tab of WORDS.tabs) assert.ok(seen.tabs.includes(tab), `tab "${tab}" in ${JSON.stringify(seen.tabs)}`);
    }
  });
});

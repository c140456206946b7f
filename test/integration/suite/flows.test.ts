/**
 * The editor flows of issue 13 item 6, run in a real VS Code extension host (code-server)
 * with the commands' questions answered by a scripted `Prompts` that records every question:
 * the generation notice's "Evaluate" evaluates the twin just made, no flow stops without
 * saying why, warnings put the safe choice first (the dialog's default) in plain words,
 * custodian and contact reach the release pack from the settings or a prompt, and a
 * holdout file chosen in the editor reaches the evaluation.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TwinExtensionApi } from '../../../src/extension/extension';
import { editorPrompts, type Prompts } from '../../../src/extension/prompts';
import { QUICK_PICK_LINE_MAX, REVIEW_FIRST } from '../../../src/extension/commands';
import { TREE_DESCRIPTION_MAX } from '../../../src/extension/tree';

const EXTENSION_ID = 'synthetic-twin.synthetic-twin';

/** One question the flow asked, as the user would see it. */
interface Asked { kind: 'warning' | 'info' | 'quickPick' | 'inputBox' | 'openDialog' | 'status'; text: string; detail?: string; modal?: boolean; choices: string[]; items?: vscode.QuickPickItem[]; placeHolder?: string }

/** What a scripted answer returns: a choice's title or label, a typed text, a file, or undefined (Escape). */
type Answer = string | vscode.Uri | undefined;

/**
 * Answers the flow's questions in order from a script; a question with no scripted answer
 * is recorded and answered with undefined (as if closed), so an unexpected question fails
 * the test's assertion on `asked`, never hangs it.
 */
class ScriptedPrompts implements Prompts {
  readonly asked: Asked[] = [];
  constructor(private readonly _script: ((q: Asked) => Answer)[] = []) {}

  private _answer(q: Asked): Answer {
    this.asked.push(q);
    if (q.kind === 'status') return undefined;
    const next = this._script.shift();
    return next ? next(q) : undefined;
  }

  async warning(message: string, options: { modal?: boolean; detail?: string }, ...choices: string[]): Promise<string | undefined> {
    return this._answer({ kind: 'warning', text: message, detail: options.detail, modal: options.modal, choices }) as string | undefined;
  }

  async info(message: string, ...choices: string[]): Promise<string | undefined> {
    // Plain notices (no buttons) need no answer from the script.
    if (choices.length === 0) {
      this.asked.push({ kind: 'info', text: message, choices });
      return undefined;
    }
    return this._answer({ kind: 'info', text: message, choices }) as string | undefined;
  }

  async quickPick<T extends vscode.QuickPickItem>(items: T[], options: vscode.QuickPickOptions): Promise<T | undefined> {
    const label = this._answer({ kind: 'quickPick', text: options.title ?? '', choices: items.map((i) => i.label), items, placeHolder: options.placeHolder });
    return items.find((i) => i.label === label);
  }

  async inputBox(options: vscode.InputBoxOptions): Promise<string | undefined> {
    return this._answer({ kind: 'inputBox', text: options.title ?? '', detail: options.prompt, choices: [] }) as string | undefined;
  }

  async openDialog(options: vscode.OpenDialogOptions): Promise<vscode.Uri[] | undefined> {
    const uri = this._answer({ kind: 'openDialog', text: options.title ?? '', choices: [] });
    return uri instanceof vscode.Uri ? [uri] : undefined;
  }

  status(message: string): void {
    this._answer({ kind: 'status', text: message, choices: [] });
  }
}

const pick = (label: string) => (q: Asked): Answer => {
  const found = q.choices.find((c) => c === label || c.includes(label));
  assert.ok(found, `"${q.text}" offers ${JSON.stringify(label)} (offered: ${q.choices.join(' | ')})`);
  return found;
};
const type = (text: string) => (): Answer => text;
const close = () => (): Answer => undefined;

/** Words that are the tool's internals, not plain language for the person at the dialog. */
const INTERNAL = /DESIGN\b|signOff|confirmUnsigned|twin-metadata\/|fromMetadata|\bk-anon|--[a-z]/;

let api: TwinExtensionApi;
let folder: string;
let real: string;
let holdout: string;

function readJson<T>(p: string): T {
  return JSON.parse(fs.readFileSync(p, 'utf8')) as T;
}

async function withPrompts<T>(script: ((q: Asked) => Answer)[], body: (p: ScriptedPrompts) => Promise<T>): Promise<{ result: T; asked: Asked[] }> {
  const prompts = new ScriptedPrompts(script);
  api.commands.prompts = prompts;
  api.commands.lastStop = null;
  api.commands.lastNotice = null;
  try {
    return { result: await body(prompts), asked: prompts.asked };
  } finally {
    api.commands.prompts = editorPrompts;
  }
}

describe('Editor flows (issue 13, item 6)', () => {
  before(async () => {
    api = await vscode.extensions.getExtension<TwinExtensionApi>(EXTENSION_ID)!.activate();
    const workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
    folder = path.join(workspace, 'flows');
    // The sample split into the data the twins are made from and a holdout of unseen records.
    const written = await api.commands.openSample({ folder, rows: 2000, open: false });
    assert.ok(written, api.commands.lastFailure ?? 'no sample');
    const lines = fs.readFileSync(written.path, 'utf8').split('\n').filter((l) => l !== '');
    real = path.join(folder, 'admissions.csv');
    holdout = path.join(folder, 'holdout', 'admissions-holdout.csv');
    fs.mkdirSync(path.dirname(holdout), { recursive: true });
    fs.writeFileSync(real, lines.slice(0, 1501).join('\n') + '\n');
    fs.writeFileSync(holdout, [lines[0], ...lines.slice(1501)].join('\n') + '\n');
    fs.rmSync(written.path);
    const profiled = await api.commands.profilePath(real, { show: false });
    assert.ok(profiled?.metadataPath, api.commands.lastFailure ?? 'not profiled');
  });

  after(async () => {
    await vscode.workspace.getConfiguration('syntheticTwin').update('custodian', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('syntheticTwin').update('contact', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('the "Evaluate" button on the generation notice evaluates the twin just made', async () => {
    // Another twin of the same data exists and is the active editor: it must not be the one evaluated.
    const other = await api.commands.generatePath(real, { level: 'statistical', rows: 300, epsilon: null, confirmUnsigned: true, show: false });
    assert.ok(other, api.commands.lastFailure ?? 'no statistical twin');
    await vscode.window.showTextDocument(vscode.Uri.file(other.outPath));

    const { result, asked } = await withPrompts([pick('Evaluate'), pick('readmitted_30d'), pick('No holdout')], async () => {
      const made = await vscode.commands.executeCommand<{ outPath: string }>('syntheticTwin.generateTwin', {
        path: real, level: 'structural', rows: 400, epsilon: null, confirmUnsigned: true,
      });
      assert.ok(made, api.commands.lastFailure ?? 'no structural twin');
      const evaluated = (await api.commands.lastNotice) as { report: { inputs: { synthetic: { file: string; rows: number }; real: { file: string } } }; jsonPath: string } | undefined;
      return { made, evaluated };
    });
    assert.deepEqual(asked.map((q) => `${q.kind}: ${q.text}`), [
      `info: Generated a structural twin: admissions.synthetic.csv (400 rows).`,
      'quickPick: Target column for the utility models',
      'quickPick: Holdout (real records not used for the twin)',
    ], 'no question about which twin to evaluate');
    assert.ok(result.evaluated, api.commands.lastFailure ?? api.commands.lastStop ?? 'the button evaluated nothing');
    assert.equal(result.evaluated.report.inputs.synthetic.rows, 400, 'the structural twin just made (400 rows), not the statistical one (300)');
    assert.equal(result.evaluated.report.inputs.real.file, 'admissions.csv');
    assert.equal(result.evaluated.jsonPath, path.join(path.dirname(result.made.outPath), 'evaluation.json'));
  });

  it('generation never stops silently: every question closed says why the twin was not made', async () => {
    // Interactive generation asks level → rows → differential privacy; close each in turn.
    const cases: { script: ((q: Asked) => Answer)[]; why: RegExp }[] = [
      { script: [close()], why: /no fidelity level was chosen/ },
      { script: [pick('statistical'), close()], why: /number of rows was not given/ },
      { script: [pick('statistical'), type(''), close()], why: /differential-privacy choice was not made/ },
    ];
    for (const c of cases) {
      const { result, asked } = await withPrompts(c.script, () => api.commands.generateTwin({ path: real }));
      assert.equal(result, undefined);
      assert.match(api.commands.lastStop ?? '', /^Generation not started: /);
      assert.match(api.commands.lastStop ?? '', c.why);
      assert.equal(asked[asked.length - 1].kind, 'status', 'the reason is shown in the status bar');
      assert.equal(asked[asked.length - 1].text, api.commands.lastStop);
    }
    // Profiling, with no data file in the active editor: the dataset picker closed.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const profile = await withPrompts([close()], () => api.commands.profileDataset());
    assert.equal(profile.result, undefined);
    assert.deepEqual(profile.asked.map((q) => q.kind), ['quickPick', 'status']);
    assert.equal(api.commands.lastStop, 'Profiling not started: no dataset was chosen.');
  });

  it('the unsigned-metadata warning defaults to reviewing first, in plain words, and says why when nothing is made', async () => {
    const twin = path.join(folder, 'unsigned', 'admissions.synthetic.csv');
    // Enter on the dialog takes the first choice: review, not generate.
    const review = await withPrompts([(q) => q.choices[0]], () => api.commands.generateTwin({ path: real, level: 'statistical', rows: 200, epsilon: null, out: twin }));
    assert.equal(review.result, undefined);
    const warning = review.asked.find((q) => q.kind === 'warning')!;
    assert.ok(warning.modal);
    assert.equal(warning.choices[0], REVIEW_FIRST, 'the safe choice is the default');
    assert.deepEqual(warning.choices, [REVIEW_FIRST, 'Generate Anyway']);
    assert.doesNotMatch(`${warning.text} ${warning.detail}`, INTERNAL);
    assert.ok(!fs.existsSync(twin), 'no twin was written');
    assert.equal(api.dashboard.state.view, 'profile', 'the metadata is open for review');
    assert.match(api.commands.lastStop ?? '', /^Generation not started: the metadata is open for review in the Profile view; sign it off there/);
    assert.ok(review.asked.some((q) => q.kind === 'info' && q.text === api.commands.lastStop), 'a notice says so');

    // Closing the dialog (Escape) makes nothing either, and says so.
    const closed = await withPrompts([close()], () => api.commands.generateTwin({ path: real, level: 'statistical', rows: 200, epsilon: null, out: twin }));
    assert.equal(closed.result, undefined);
    assert.ok(!fs.existsSync(twin));
    assert.match(api.commands.lastStop ?? '', /not signed off and generating anyway was not chosen/);
    assert.ok(closed.asked.some((q) => q.kind === 'info' && q.text === api.commands.lastStop));

    // The release pack's warning too: the safe choice first, plain words.
    const pack = await withPrompts([close()], () => api.commands.createReleasePack({ path: real, level: 'structural', rows: 200, target: null, epsilon: null, holdout: null, custodian: 'X', contact: 'Y' }));
    assert.equal(pack.result, undefined);
    const packWarning = pack.asked.find((q) => q.kind === 'warning')!;
    assert.deepEqual(packWarning.choices, [REVIEW_FIRST, 'Create Without Sign-off']);
    assert.doesNotMatch(`${packWarning.text} ${packWarning.detail}`, INTERNAL);
    assert.match(api.commands.lastStop ?? '', /^Release pack not started: /);
  });

  it('custodian and contact from the settings reach EULA.md and pass the checklist item', async () => {
    const config = vscode.workspace.getConfiguration('syntheticTwin');
    await config.update('custodian', 'Example NHS Foundation Trust', vscode.ConfigurationTarget.Workspace);
    await config.update('contact', 'data.access@example.nhs.uk', vscode.ConfigurationTarget.Workspace);
    const { result, asked } = await withPrompts([], () => api.commands.createReleasePack({
      path: real, level: 'structural', rows: 300, target: null, epsilon: null, holdout: null, confirmUnsigned: true, show: false,
    }));
    assert.ok(result, api.commands.lastFailure ?? api.commands.lastStop ?? 'no pack');
    assert.deepEqual(asked.filter((q) => q.kind !== 'status'), [], 'nothing was asked: the settings name both');
    const eula = fs.readFileSync(path.join(result.dir, 'EULA.md'), 'utf8');
    assert.match(eula, /Example NHS Foundation Trust/);
    assert.match(eula, /data\.access@example\.nhs\.uk/);
    const checklist = fs.readFileSync(path.join(result.dir, 'RELEASE_CHECKLIST.md'), 'utf8');
    assert.match(checklist, /EULA\.md names Example NHS Foundation Trust \(contact data\.access@example\.nhs\.uk\)/);
    assert.doesNotMatch(checklist, /EULA\.md has no custodian/);
  });

  it('asks for custodian, contact and a holdout file when the settings name none, and uses them in the pack', async () => {
    const config = vscode.workspace.getConfiguration('syntheticTwin');
    await config.update('custodian', undefined, vscode.ConfigurationTarget.Workspace);
    await config.update('contact', undefined, vscode.ConfigurationTarget.Workspace);
    const { result, asked } = await withPrompts([
      pick('structural'), pick('Automatic'), pick('Choose a holdout file'), () => vscode.Uri.file(holdout),
      type('Research Data Office'), type('rdo@example.org'), pick('Create Without Sign-off'),
    ], () => api.commands.createReleasePack({ path: real, rows: 300, epsilon: null, show: false }));
    assert.ok(result, api.commands.lastFailure ?? api.commands.lastStop ?? 'no pack');
    assert.deepEqual(asked.filter((q) => q.kind === 'inputBox').map((q) => q.text), ['Data custodian', 'Contact']);
    const eula = fs.readFileSync(path.join(result.dir, 'EULA.md'), 'utf8');
    assert.match(eula, /Research Data Office/);
    assert.match(eula, /rdo@example\.org/);
    const evaluation = readJson<{ inputs: { holdout: { file: string; rows: number } | null } }>(path.join(result.dir, 'evaluation.json'));
    assert.deepEqual(evaluation.inputs.holdout, { file: 'admissions-holdout.csv', rows: 500 }, 'the chosen holdout was evaluated against');
  });

  it('a holdout file chosen when evaluating reaches the evaluation', async () => {
    const twin = await api.commands.generatePath(real, { level: 'correlated', rows: 500, epsilon: null, confirmUnsigned: true, show: false });
    assert.ok(twin, api.commands.lastFailure ?? 'no correlated twin');
    const { result, asked } = await withPrompts([pick('readmitted_30d'), pick('Choose a holdout file'), () => vscode.Uri.file(holdout)],
      () => api.commands.evaluateTwin({ synthetic: twin.outPath, real, show: false }));
    assert.ok(result, api.commands.lastFailure ?? api.commands.lastStop ?? 'not evaluated');
    assert.deepEqual(asked.map((q) => q.kind), ['quickPick', 'quickPick', 'openDialog']);
    assert.deepEqual(result.report.inputs.holdout, { file: 'admissions-holdout.csv', rows: 500 });
    assert.equal(result.report.sample.holdout, 500);
    // Closing the file dialog does not evaluate without one silently.
    const closed = await withPrompts([pick('readmitted_30d'), pick('Choose a holdout file'), close()],
      () => api.commands.evaluateTwin({ synthetic: twin.outPath, real, show: false }));
    assert.equal(closed.result, undefined);
    assert.match(api.commands.lastStop ?? '', /^Evaluation not started: the holdout question was not answered/);
  });

  it('quick picks and the Synthetic Twin view fit their text without cutting it off', async () => {
    // Every picker of the interactive release flow (level, target, holdout) and of generation (ε).
    const release = await withPrompts([pick('statistical'), pick('Automatic'), close()], () => api.commands.createReleasePack({ path: real }));
    const generate = await withPrompts([pick('correlated'), type(''), close()], () => api.commands.generateTwin({ path: real }));
    const pickers = [...release.asked, ...generate.asked].filter((q) => q.kind === 'quickPick');
    assert.equal(pickers.length, 5);
    for (const q of pickers) {
      assert.ok((q.placeHolder ?? '').length <= QUICK_PICK_LINE_MAX, `placeholder of "${q.text}": ${q.placeHolder}`);
      for (const item of q.items ?? []) {
        // The target picker lists column names: those are the data's own, not ours to shorten.
        if (q.text !== 'Target column for the utility models' || item.label.includes('Automatic')) {
          const line = `${item.label.replace(/\$\([a-z-]+\) /, '')} ${item.description ?? ''}`.trim();
          assert.ok(line.length <= QUICK_PICK_LINE_MAX, `"${q.text}": ${line} (${line.length} characters)`);
        }
        assert.ok((item.detail ?? '').length <= QUICK_PICK_LINE_MAX, `"${q.text}": ${item.detail} (${item.detail?.length} characters)`);
      }
    }
    api.tree.refresh();
    await new Promise((r) => setTimeout(r, 400));
    const entry = (await api.tree.datasets()).find((d) => d.path === real);
    assert.ok(entry, 'the dataset is listed');
    const root = { kind: 'dataset' as const, uri: vscode.Uri.file(real), entry };
    const items = [api.tree.getTreeItem(root), ...(await api.tree.getChildren(root)).map((n) => api.tree.getTreeItem(n))];
    assert.ok(items.length >= 4, 'metadata and twins are listed');
    for (const item of items) {
      const description = String(item.description ?? '');
      assert.ok(description.length <= TREE_DESCRIPTION_MAX, `${String(item.label)}: "${description}" (${description.length} characters)`);
      assert.ok(String(item.tooltip ?? '').length > description.length, `${String(item.label)}: the tooltip has the whole status`);
    }
  });

  it('a record rule dropped in the review stays dropped when the data is profiled again', async () => {
    const metadataPath = path.join(path.dirname(folder), 'synthetic', path.basename(folder), 'admissions.metadata.json');
    const key = 'order:admission_datetime,discharge_datetime';
    const keepOf = (): boolean | undefined => readJson<{ rules?: { kind: string; columns?: string[]; keep: boolean }[] }>(metadataPath).rules
      ?.find((r) => r.kind === 'order' && r.columns?.join(',') === 'admission_datetime,discharge_datetime')?.keep;
    assert.equal(keepOf(), true, 'the profiler published admission ≤ discharge, kept');
    await api.commands.review(real, (d) => { d.droppedRules = [key]; });
    assert.equal(keepOf(), false);
    await api.commands.profilePath(real, { show: false });
    assert.equal(keepOf(), false, 'the decision survives profiling again');
    await api.commands.review(real, (d) => { d.droppedRules = []; });
    assert.equal(keepOf(), true);
    await assert.rejects(api.commands.review(real, (d) => { d.droppedRules = ['order:no,such'] }), /no record rule "order:no,such"/);
  });

  it('a release pack holds out persons by default, and evaluating its twin offers that holdout first', async () => {
    const pack = await withPrompts([], () => api.commands.createReleasePack({
      path: real, level: 'correlated', rows: 300, target: null, epsilon: null, custodian: 'X', contact: 'Y', confirmUnsigned: true, show: false,
    }));
    assert.ok(pack.result, api.commands.lastFailure ?? api.commands.lastStop ?? 'no pack');
    const twin = pack.result.files.find((f) => f.endsWith('.synthetic.csv'))!;
    const { result, asked } = await withPrompts([pick('readmitted_30d'), (q) => q.choices[0]], () => api.commands.evaluateTwin({ synthetic: twin, real, show: false }));
    assert.ok(result, api.commands.lastFailure ?? api.commands.lastStop ?? 'not evaluated');
    assert.deepEqual(asked[1].choices.map((c) => c.replace(/\$\([a-z-]+\) /, '')), ['The persons held out when this twin was made', 'Choose a holdout file…', 'No holdout']);
    const held = result.report.sample.holdout ?? 0;
    assert.ok(held > 200 && held < 400, `about 20% of the 1,500 records held out (${held})`);
  });
});

/**
 * The extension's commands, run for real inside a VS Code extension host (code-server)
 * on the built-in sample: every contributed command is registered, activation is quick,
 * profile → review → sign-off → generate each level → evaluate write the files they
 * should, failures read "<Action> failed: <reason>", and cancellation leaves no partial file.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { TwinExtensionApi } from '../../../src/extension/extension';
import { HOSPITAL_SAMPLE_COLUMNS } from '../../../src/core/sample/hospitalAdmissions';
import { LEVEL_EXPLANATIONS } from '../../../src/extension/commands';

const EXTENSION_ID = 'synthetic-twin.synthetic-twin';
const LEVELS = ['structural', 'statistical', 'correlated'] as const;

interface Recipe {
  format: string; level: string; rows: number; source: { kind: string };
  output: { rows: number; pathFromRecipe: string };
  metadata: { signOff?: { name: string }; columns: { name: string; excluded?: boolean }[] };
}

let api: TwinExtensionApi;
let workspace: string;
let samplePath: string;

function readJson<T>(p: string): T {
  return JSON.parse(fs.readFileSync(p, 'utf8')) as T;
}

function headerOf(p: string): string[] {
  const fd = fs.openSync(p, 'r');
  const buf = Buffer.alloc(4096);
  const n = fs.readSync(fd, buf, 0, buf.length, 0);
  fs.closeSync(fd);
  return buf.subarray(0, n).toString('utf8').split('\n')[0].split(',');
}

function lineCount(p: string): number {
  const text = fs.readFileSync(p, 'utf8');
  return text.split('\n').filter((l) => l !== '').length;
}

/** Records the kinds of worker jobs started until `stop()` (the sign-off must start none). */
function spyJobs(): { kinds: string[]; stop(): void } {
  const worker = api.worker as unknown as { run: (...args: unknown[]) => unknown };
  const original = worker.run;
  const kinds: string[] = [];
  worker.run = function (this: unknown, ...args: unknown[]) {
    kinds.push(String(args[0]));
    return original.apply(this, args);
  };
  return { kinds, stop: () => { worker.run = original; } };
}

/** Sends a request to the dashboard as its webview does (the Sign off button posts `signOff`), and waits for it to be handled. */
async function dashboardRequest(method: string, params: unknown): Promise<void> {
  await (api.dashboard as unknown as { _handle(m: unknown): Promise<void> })._handle({ type: 'request', id: 90_000 + Math.floor(Math.random() * 1000), method, params });
}

function tempFilesIn(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')) : [];
}

describe('Synthetic Twin in a VS Code extension host', () => {
  before(async () => {
    const ext = vscode.extensions.getExtension<TwinExtensionApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is loaded`);
    api = await ext.activate();
    workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
    console.log(`    VS Code ${vscode.version} (${vscode.env.appName}); activation took ${api.activationMs.toFixed(1)} ms`);
  });

  it('registers every command contributed in package.json', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed = (ext.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.ok(contributed.length >= 6);
    assert.deepEqual(contributed.filter((c) => !registered.has(c)), []);
  });

  // The activation time is reported, not asserted: timings belong in `npm run bench`, not in tests
  // (an identical bundle measured 77–88 ms in one checkout and 210–217 ms in a clean clone on the same machine:
  // load on the shared cores, see `npm run bench -- --only activation`).
  it('activates only on its own events, without "*" activation (and reports loading the bundle + activate)', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.ok(!(ext.packageJSON.activationEvents as string[]).includes('*'));
    // VS Code counts code loading plus the activate call: time loading a fresh copy of the bundle.
    const main = path.join(ext.extensionPath, 'dist', 'extension.js');
    const copy = path.join(ext.extensionPath, 'out', `extension-load-${process.pid}.js`);
    fs.mkdirSync(path.dirname(copy), { recursive: true });
    fs.copyFileSync(main, copy);
    const t0 = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(copy);
    const loadMs = performance.now() - t0;
    fs.rmSync(copy);
    const total = loadMs + api.activationMs;
    console.log(`    activation: loading dist/extension.js ${loadMs.toFixed(1)} ms + activate() ${api.activationMs.toFixed(1)} ms = ${total.toFixed(1)} ms`);
    assert.ok(Number.isFinite(total) && total > 0, `activation took ${total} ms`);
  });

  it('opens the built-in sample: writes it into the workspace once', async () => {
    const r = await vscode.commands.executeCommand<{ path: string }>('syntheticTwin.openSample', { rows: 3000, open: true });
    assert.ok(r, api.commands.lastFailure ?? 'no result');
    samplePath = r.path;
    assert.equal(samplePath, path.join(workspace, 'sample', 'hospital-admissions.csv'));
    assert.deepEqual(headerOf(samplePath), [...HOSPITAL_SAMPLE_COLUMNS]);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, samplePath);
    // Opening it again does not rewrite it.
    const before = fs.statSync(samplePath).mtimeMs;
    await vscode.commands.executeCommand('syntheticTwin.openSample', { open: false });
    assert.equal(fs.statSync(samplePath).mtimeMs, before);
  });

  it('profiles the sample and saves disclosure-safe metadata', async () => {
    let sawBusy = false;
    const r = await vscode.commands.executeCommand<{ metadataPath: string }>('syntheticTwin.profileDataset', {
      path: samplePath, show: false, onProgress: () => { sawBusy ||= api.busy.running.length > 0; },
    });
    assert.ok(r, api.commands.lastFailure ?? 'no result');
    assert.equal(r.metadataPath, path.join(workspace, 'synthetic', 'sample', 'hospital-admissions.metadata.json'));
    const m = readJson<{ format: string; dataset: { rows: number }; columns: Record<string, unknown>[]; disclosure: { threshold: number } }>(r.metadataPath);
    assert.equal(m.format, 'twin-metadata/1');
    assert.equal(m.dataset.rows, 3000);
    assert.equal(m.disclosure.threshold, 10);
    assert.deepEqual(m.columns.map((c) => c.name), [...HOSPITAL_SAMPLE_COLUMNS]);
    // Disclosure-safe: no minima or maxima, identifiers described by format only.
    for (const c of m.columns) {
      assert.ok(!('min' in c) && !('max' in c), `column ${String(c.name)} publishes no min/max`);
    }
    const nhs = m.columns.find((c) => c.name === 'nhs_number')!;
    assert.equal(nhs.type, 'identifier');
    const published = fs.readFileSync(r.metadataPath, 'utf8');
    const someNumbers = fs.readFileSync(samplePath, 'utf8').split('\n').slice(1, 200).map((l) => l.split(',')[0]).filter((v) => v);
    assert.equal(someNumbers.length, 199);
    assert.deepEqual(someNumbers.filter((v) => published.includes(v)), [], 'no NHS number value in the metadata');
    assert.ok(sawBusy, 'the status bar showed the running job');
    assert.equal(api.busy.running.length, 0, 'the status bar entry is gone afterwards');
    // The dashboard holds the profile for the Profile view.
    assert.equal(api.dashboard.state.dataset, 'hospital-admissions.csv');
  });

  it('saves review decisions into the metadata as an edit and withdraws a sign-off when they change', async () => {
    const metadataPath = path.join(workspace, 'synthetic', 'sample', 'hospital-admissions.metadata.json');
    await api.commands.review(samplePath, (d) => { d.excluded.push('notes'); });
    let m = readJson<{ columns: { name: string; excluded?: boolean }[]; controls: { column?: string; control: string }[]; signOff?: unknown }>(metadataPath);
    assert.equal(m.columns.find((c) => c.name === 'notes')?.excluded, true);
    assert.ok(m.controls.some((c) => c.column === 'notes' && c.control === 'column-excluded'));
    // The change went through the editor: the document is open, saved and not dirty.
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === metadataPath);
    assert.ok(doc && !doc.isDirty);

    // The Sign off button's request: one core call and the file on disk, no worker job (no re-profile).
    const before = fs.readFileSync(metadataPath, 'utf8');
    const jobs = spyJobs();
    try {
      await dashboardRequest('signOff', { name: 'A. Checker', role: 'Output checker', note: 'integration test' });
    } finally {
      jobs.stop();
    }
    assert.deepEqual(jobs.kinds, [], 'a sign-off starts no worker job');
    m = readJson(metadataPath);
    const signOff = m.signOff as { name: string; role: string; date: string; note: string; digest: string };
    assert.deepEqual({ ...signOff, digest: undefined }, { name: 'A. Checker', role: 'Output checker', date: new Date().toISOString().slice(0, 10), note: 'integration test', digest: undefined });
    assert.match(signOff.digest, /^[0-9a-f]{64}$/);
    // Nothing but the sign-off changed in the file.
    const { signOff: _s, ...rest } = m as unknown as Record<string, unknown>;
    const { signOff: _none, ...previous } = JSON.parse(before) as Record<string, unknown>;
    assert.deepEqual(rest, previous);
    assert.equal(api.dashboard.state.profile?.signOff?.name, 'A. Checker', 'the Profile view shows it');

    await api.commands.review(samplePath, (d) => { d.threshold = 20; });
    m = readJson(metadataPath);
    assert.equal(m.signOff, undefined, 'changing the threshold withdraws the sign-off');
    assert.equal((m as unknown as { disclosure: { threshold: number } }).disclosure.threshold, 20);

    // Back to the default k: the metadata is what was signed, but the withdrawn sign-off stays withdrawn; sign again.
    await api.commands.review(samplePath, (d) => { delete d.threshold; });
    m = readJson(metadataPath);
    assert.equal(m.signOff, undefined);
    await api.commands.signOff(samplePath, { name: 'A. Checker', role: 'Output checker' });
    m = readJson(metadataPath);
    assert.equal((m.signOff as { name: string }).name, 'A. Checker');
  });

  it('refuses an impossible type change with "<Action> failed: <reason>"', async () => {
    await assert.rejects(api.commands.review(samplePath, (d) => { d.types.sex = 'date'; }), /cannot be date/);
  });

  for (const level of LEVELS) {
    it(`generates a ${level} twin with its recipe`, async () => {
      const r = await vscode.commands.executeCommand<{ outPath: string; recipePath: string; fromMetadata: boolean }>('syntheticTwin.generateTwin', {
        path: samplePath, level, rows: 800, epsilon: null, show: false,
      });
      assert.ok(r, api.commands.lastFailure ?? 'no result');
      assert.equal(r.outPath, path.join(workspace, 'synthetic', 'sample', `hospital-admissions-${level}`, 'hospital-admissions.synthetic.csv'));
      assert.equal(r.recipePath, path.join(path.dirname(r.outPath), 'hospital-admissions.twin.json'));
      const recipe = readJson<Recipe>(r.recipePath);
      assert.equal(recipe.format, 'twin-recipe/1');
      assert.equal(recipe.level, level);
      assert.equal(recipe.rows, 800);
      assert.equal(recipe.output.rows, 800);
      assert.equal(lineCount(r.outPath), 801);
      // Structural and statistical twins come from the signed-off metadata (never a real record);
      // the recipe embeds that metadata, sign-off and exclusions included.
      // Every level applies the review: the excluded notes column is left out of correlated twins too.
      assert.equal(recipe.metadata.signOff?.name, 'A. Checker');
      assert.deepEqual(headerOf(r.outPath), [...HOSPITAL_SAMPLE_COLUMNS].filter((c) => c !== 'notes'));
      assert.equal(recipe.source.kind, level === 'correlated' ? 'data' : 'metadata');
      assert.deepEqual(tempFilesIn(path.dirname(r.outPath)), []);
    });
  }

  it('evaluates a twin: evaluation.json, evaluation.html and the dashboard', async () => {
    const synthetic = path.join(workspace, 'synthetic', 'sample', 'hospital-admissions-correlated', 'hospital-admissions.synthetic.csv');
    const r = await vscode.commands.executeCommand<{ jsonPath: string; htmlPath: string }>('syntheticTwin.evaluateTwin', {
      real: samplePath, synthetic, target: 'readmitted_30d', holdout: null, show: false,
    });
    assert.ok(r, api.commands.lastFailure ?? 'no result');
    const report = readJson<{ format: string; fidelity: { score: number }; inputs: { real: { rows: number }; synthetic: { rows: number } } }>(r.jsonPath);
    assert.equal(report.format, 'twin-evaluation/1');
    assert.equal(report.inputs.real.rows, 3000);
    assert.equal(report.inputs.synthetic.rows, 800);
    assert.ok(report.fidelity.score > 0 && report.fidelity.score <= 1);
    const html = fs.readFileSync(r.htmlPath, 'utf8');
    assert.match(html, /Content-Security-Policy/);
    assert.doesNotMatch(html, /<script[^>]+src=/);
    assert.equal(api.dashboard.state.evaluation?.format, 'twin-evaluation/1');
  });

  it('opens the dashboard with a strict CSP; the webview asks for its state and gets it', async () => {
    await vscode.commands.executeCommand('syntheticTwin.openDashboard', { view: 'profile' });
    const panel = api.dashboard.panel;
    assert.ok(panel, 'the panel is open');
    assert.match(panel.webview.html, /script-src 'nonce-[A-Za-z0-9+/=]+'/);
    assert.doesNotMatch(panel.webview.html, /unsafe-inline|unsafe-eval/);
    assert.equal(api.dashboard.state.view, 'profile');
    const deadline = Date.now() + 20_000;
    while (!api.dashboard.posted.includes('init') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(api.dashboard.posted.includes('init'), 'the webview said ready and got init');
  });

  it('lists the dataset, its metadata and twins in the Synthetic Twin view', async () => {
    api.tree.refresh();
    await new Promise((r) => setTimeout(r, 400));
    const datasets = await api.tree.datasets();
    const sample = datasets.find((d) => d.path === samplePath);
    assert.ok(sample, 'the sample is listed');
    assert.ok(sample.metadataPath);
    assert.equal(sample.signOff?.name, 'A. Checker');
    assert.deepEqual(sample.twins.map((t) => t.level), [...LEVELS]);
    assert.ok(sample.twins.find((t) => t.level === 'correlated')?.evaluated);
    const items = (await api.tree.getChildren({ kind: 'dataset', uri: vscode.Uri.file(samplePath), entry: sample })).map((n) => api.tree.getTreeItem(n));
    assert.equal(items.length, 4);
    // Short enough for a narrow sidebar; every step is in the tooltip.
    const item = api.tree.getTreeItem({ kind: 'dataset', uri: vscode.Uri.file(samplePath), entry: sample });
    assert.equal(item.description, 'signed off · evaluated');
    assert.match(String(item.tooltip), /profiled · signed off · generated · evaluated/);
  });

  it('creates a release pack with the core\'s createReleasePack', async () => {
    const r = await vscode.commands.executeCommand<{ dir: string; files: string[]; audit: { status: string; findings: number; results: string } }>('syntheticTwin.createReleasePack', {
      path: samplePath, level: 'statistical', rows: 500, target: 'readmitted_30d', epsilon: null, confirmUnsigned: true, show: false,
    });
    assert.ok(r, api.commands.lastFailure ?? 'no result');
    assert.equal(r.dir, path.join(workspace, 'synthetic', 'sample', 'hospital-admissions-statistical'));
    const names = r.files.map((f) => path.basename(f));
    for (const f of ['hospital-admissions.synthetic.csv', 'hospital-admissions.twin.json', 'metadata.json', 'evaluation.json', 'evaluation.html', 'DATA_CARD.md', 'EULA.md', 'RELEASE_CHECKLIST.md']) {
      assert.ok(names.includes(f), `${f} is in the pack`);
      assert.ok(fs.existsSync(path.join(r.dir, f)), `${f} was written`);
    }
    assert.equal(lineCount(path.join(r.dir, 'hospital-admissions.synthetic.csv')), 501);
    // The pack is made from the reviewed, signed-off metadata: the excluded notes column is absent
    // from the twin and has no figures in the pack; the checklist names the sign-off and the decision.
    assert.deepEqual(headerOf(path.join(r.dir, 'hospital-admissions.synthetic.csv')), [...HOSPITAL_SAMPLE_COLUMNS].filter((c) => c !== 'notes'));
    const released = readJson<{ signOff?: { name: string }; columns: Record<string, unknown>[] }>(path.join(r.dir, 'metadata.json'));
    assert.equal(released.signOff?.name, 'A. Checker');
    assert.deepEqual(Object.keys(released.columns.find((c) => c.name === 'notes')!).sort(), ['disclosure', 'excluded', 'format', 'name', 'type']);
    const checklist = fs.readFileSync(path.join(r.dir, 'RELEASE_CHECKLIST.md'), 'utf8');
    assert.match(checklist, /- ✅ \*\*Metadata signed off\*\*: metadata\.json signed off by A\. Checker \(Output checker\) on \d{4}-\d\d-\d\d; decided: excluded from the twin and the pack: notes/);
    // The pack was audited: its outcome comes back to the editor, and ACRO's results.json is in the pack.
    assert.ok(['pass', 'warn', 'fail'].includes(r.audit.status), JSON.stringify(r.audit));
    assert.equal(r.audit.results, path.join(r.dir, 'results.json'));
    assert.equal(Object.keys(readJson<{ results: object }>(r.audit.results).results).length, names.length - 1);
    assert.match(fs.readFileSync(path.join(r.dir, 'RELEASE_CHECKLIST.md'), 'utf8'), /hospital-admissions/);
    assert.equal(readJson<{ format: string }>(path.join(r.dir, 'metadata.json')).format, 'twin-metadata/1');
    api.tree.refresh();
    await new Promise((res) => setTimeout(res, 400));
    const sample = (await api.tree.datasets()).find((d) => d.path === samplePath)!;
    assert.ok(sample.twins.find((t) => t.level === 'statistical')?.released, 'the view shows the twin as released');
  });

  it('runs the fidelity ladder: every level generated and evaluated', async () => {
    // Evaluation compares the twin's columns with all of the real data's: undo the exclusion first.
    await api.commands.review(samplePath, (d) => { d.excluded = []; });
    const seen: string[] = [];
    const rungs = await api.commands.runLadder(samplePath, { rows: 600 }, (r) => seen.push(r.map((x) => x.status[0]).join('')));
    assert.deepEqual(rungs.map((r) => [r.level, r.status, r.error]), LEVELS.map((l) => [l, 'done', undefined]));
    for (const r of rungs) assert.ok(r.report && r.report.fidelity.score > 0 && r.report.fidelity.score <= 1);
    // One holdout of persons behind every rung, and the rungs name their dataset.
    for (const r of rungs) {
      assert.equal(r.dataset, path.resolve(samplePath));
      assert.equal(r.report?.privacy.baseline, 'holdout');
      assert.deepEqual(r.report?.inputs.holdout?.split, rungs[0].report?.inputs.holdout?.split);
    }
    assert.equal(seen[0], 'ppp');
    assert.equal(seen[seen.length - 1], 'ddd');
  });

  it('explains every level in the level picker (the input checks are unit-tested in test/unit/review)', () => {
    assert.deepEqual(Object.keys(LEVEL_EXPLANATIONS), [...LEVELS]);
  });

  it('reports a failure as "<Action> failed: <reason>"', async () => {
    const r = await vscode.commands.executeCommand('syntheticTwin.generateTwin', { path: path.join(workspace, 'missing.csv'), level: 'statistical', epsilon: null, confirmUnsigned: true, show: false });
    assert.equal(r, undefined);
    assert.match(api.commands.lastFailure ?? '', /^Generate failed: .*missing\.csv.*not found/);
  });

  it('keeps data values out of the log, even a value the twin\'s reader could not read', async () => {
    const bad = path.join(workspace, 'synthetic', 'bad', 'bad.synthetic.csv');
    fs.mkdirSync(path.dirname(bad), { recursive: true });
    const lines = fs.readFileSync(samplePath, 'utf8').split('\n').slice(0, 60);
    // A twin whose age column holds a word: the evaluation reads it as missing and counts it (a
    // column is never refused), without quoting it anywhere in the log.
    lines[5] = lines[5].replace(/^([^,]*),(\d+),/, '$1,SECRET-VALUE-42,');
    fs.writeFileSync(bad, lines.join('\n') + '\n');
    const r = await vscode.commands.executeCommand<{ report: unknown } | undefined>('syntheticTwin.evaluateTwin', { real: samplePath, synthetic: bad, target: null, holdout: null, show: false });
    assert.ok(r?.report, api.commands.lastFailure ?? 'not evaluated');
    await new Promise((res) => setTimeout(res, 1500));
    const logs = [...walkFiles(path.dirname(api.logDir))].filter((f) => f.endsWith('Synthetic Twin.log'));
    assert.ok(logs.length > 0, 'the log file exists');
    const text = logs.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    assert.ok(text.includes('bad.synthetic.csv'), 'the evaluation is logged');
    assert.ok(!JSON.stringify(r.report).includes('SECRET-VALUE-42'), 'the value is not in the report');
    assert.ok(!text.includes('SECRET-VALUE-42'), 'the value is not in the log');
    for (const v of fs.readFileSync(samplePath, 'utf8').split('\n').slice(1, 50).map((l) => l.split(',')[0])) assert.ok(!text.includes(v), 'no NHS number in the log');
  });

  it('cancelling a generation stops it and leaves no partial file', async () => {
    const cts = new vscode.CancellationTokenSource();
    const out = path.join(workspace, 'synthetic', 'cancel-test', 'big.synthetic.csv');
    const started = Date.now();
    let cancelledAt = 0;
    let sawTemp = false;
    const stagesSeen: string[] = [];
    const r = await vscode.commands.executeCommand('syntheticTwin.generateTwin', {
      path: samplePath, level: 'statistical', rows: 5_000_000, epsilon: null, out, show: false, confirmUnsigned: true, token: cts.token,
      onProgress: (stage: string) => {
        stagesSeen.push(stage);
        // Cancel once rows are being written (a temporary file exists beside the output).
        sawTemp ||= tempFilesIn(path.dirname(out)).length > 0;
        if (!cancelledAt && sawTemp && Date.now() - started > 500) {
          cancelledAt = Date.now();
          cts.cancel();
        }
      },
    });
    const stopMs = Date.now() - cancelledAt;
    assert.ok(cancelledAt > 0 && sawTemp, `the job was cancelled while writing (stages: ${stagesSeen.join(',')}; ${api.commands.lastFailure})`);
    assert.equal(r, undefined, 'a cancelled command returns nothing');
    assert.ok(!fs.existsSync(out), 'no twin file');
    assert.ok(!fs.existsSync(path.join(path.dirname(out), 'big.twin.json')), 'no recipe');
    assert.deepEqual(tempFilesIn(path.dirname(out)), [], 'no temporary files');
    assert.ok(stopMs < 2000, `stopped promptly (${stopMs} ms after cancel)`);
    console.log(`    cancelled a 5,000,000-row generation ${cancelledAt - started} ms in, while writing; stopped ${stopMs} ms after cancel`);
    // The worker is still usable afterwards.
    assert.deepEqual(await api.worker.run('ping', {}), { ok: true });
  });

  it('keeps the extension host responsive while profiling a large CSV in the worker', async function () {
    const megabytes = Number(process.env.TWIN_LARGE_MB ?? 100);
    const rows = Math.round((megabytes * 1e6) / 158);
    const folder = path.join(workspace, 'large');
    const written = await api.commands.openSample({ folder, rows, open: false });
    assert.ok(written);
    const big = path.join(folder, 'large.csv');
    fs.renameSync(written.path, big);
    const size = fs.statSync(big).size;
    // The same measurement with nothing running: on a shared 2-core machine the OS alone
    // delays timers, and that floor belongs in the report beside the figure under load.
    const idle = monitorEventLoopDelay({ resolution: 10 });
    idle.enable();
    await new Promise((res) => setTimeout(res, 3000));
    idle.disable();
    // Measured twice at most: on this shared machine (load average ~8 on 2 cores during the
    // runs) a stretch can come from the OS or VS Code itself (GC, its own timers); both
    // attempts are printed, and the second must pass when the first did not.
    let m = await measureWhileProfiling(big, rows, size, idle.max / 1e6);
    if (m.maxBusy >= 100 || m.utilization >= 0.25) m = await measureWhileProfiling(big, rows, size, idle.max / 1e6);
    fs.rmSync(folder, { recursive: true, force: true });
    assert.ok(m.maxBusy < 100, `the loop ran code for ${m.maxBusy} ms at a stretch: ${m.line}`);
    assert.ok(m.utilization < 0.25, `the loop was busy ${(m.utilization * 100).toFixed(0)}% of the time: ${m.line}`);
  });
});

/**
 * Profiles `big` through the extension's own command path (worker, progress notification,
 * status bar, metadata saved as an edit) while measuring the extension host's event loop:
 * timer delay (monitorEventLoopDelay, which includes time the OS ran other processes), loop
 * utilisation, and the longest stretch the loop spent running code between two 5 ms ticks.
 */
async function measureWhileProfiling(big: string, rows: number, size: number, idleMaxMs: number): Promise<{ maxBusy: number; utilization: number; line: string }> {
  // TWIN_PROFILE_HOST=1 saves a CPU profile of the extension host during the measurement
  // (test-output/exthost.cpuprofile), to see what holds its loop.
  const profiler = process.env.TWIN_PROFILE_HOST ? await startHostProfile() : null;
  const h = monitorEventLoopDelay({ resolution: 10 });
  const elu0 = performance.eventLoopUtilization();
  h.enable();
  const t0 = Date.now();
  const gaps: string[] = [];
  let last = Date.now();
  let stageNow = 'start';
  let lastElu = performance.eventLoopUtilization();
  let maxBusy = 0;
  const tick = setInterval(() => {
    const now = Date.now();
    const e = performance.eventLoopUtilization(lastElu);
    lastElu = performance.eventLoopUtilization();
    maxBusy = Math.max(maxBusy, e.active);
    if (now - last > 40) gaps.push(`${now - last} ms at ${((now - t0) / 1000).toFixed(1)} s (${stageNow.trim()}, busy ${e.active.toFixed(0)} ms)`);
    last = now;
  }, 5);
  const r = await api.commands.profilePath(big, { show: false, onProgress: (st, f) => { stageNow = `${st} ${f === undefined ? '' : Math.round(f * 100) + '%'}`; } });
  clearInterval(tick);
  const elu = performance.eventLoopUtilization(elu0);
  h.disable();
  if (profiler) fs.writeFileSync(path.join(process.env.TWIN_TEST_OUTPUT ?? os.tmpdir(), 'exthost.cpuprofile'), JSON.stringify(await profiler.stop()));
  const seconds = (Date.now() - t0) / 1000;
  assert.ok(r);
  const line = `event loop during profiling of ${(size / 1e6).toFixed(0)} MB (${rows} rows) in ${seconds.toFixed(1)} s: `
    + `max delay ${(h.max / 1e6).toFixed(1)} ms, p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms, mean ${(h.mean / 1e6).toFixed(1)} ms, `
    + `loop utilisation ${(elu.utilization * 100).toFixed(1)}%, longest busy stretch ${maxBusy.toFixed(1)} ms; `
    + `idle baseline max delay ${idleMaxMs.toFixed(1)} ms; host heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores; `
    + `gaps > 40 ms: ${gaps.length ? gaps.join(', ') : 'none'}`;
  console.log(`    ${line}`);
  if (process.env.TWIN_TEST_OUTPUT) fs.appendFileSync(path.join(process.env.TWIN_TEST_OUTPUT, `vscode-event-loop-${Math.round(size / 1e6)}MB.txt`), line + '\n');
  return { maxBusy, utilization: elu.utilization, line };
}

/** Starts the V8 sampling profiler on this thread (the extension host's); stop() returns the profile. */
async function startHostProfile(): Promise<{ stop(): Promise<unknown> }> {
  const inspector = await import('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params: object = {}): Promise<unknown> =>
    new Promise((resolve, reject) => session.post(method, params, (err, r) => (err ? reject(err) : resolve(r))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 5000 });
  await post('Profiler.start');
  return {
    async stop() {
      const r = (await post('Profiler.stop')) as { profile: unknown };
      session.disconnect();
      return r.profile;
    },
  };
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

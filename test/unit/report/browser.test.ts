/**
 * End-to-end: evaluation.html built from the real dashboard bundle, opened from
 * disk in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core).
 * Checks that scores and SVG charts render, that hostile column names stay text
 * and run nothing, that nothing is fetched and the CSP is never violated, and
 * saves light and dark screenshots to test-output/.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadWebviewAssets, renderEvaluationHtml, renderWebviewHtml } from '../../../src/core/report';
import type { DashboardState, LadderRung } from '../../../src/protocol/messages';
import { buildWebviewBundle } from './bundle';
import { makeMetadata, makeReport, SCRIPT_COLUMN, XSS_COLUMN } from './fixture';
import { requireOrSkip } from '../skip';

const CHROMIUM = '/usr/bin/chromium';
const OUTPUT = path.resolve(__dirname, '../../../test-output');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Runs before the page's own scripts (and outside its CSP): reports every violation to the console. */
async function reportViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
}

interface Watch { dialogs: string[]; requests: string[]; errors: string[]; violations: string[] }

function watchPage(page: Page): Watch {
  const watch: Watch = { dialogs: [], requests: [], errors: [], violations: [] };
  page.on('dialog', (d) => { watch.dialogs.push(d.message()); void d.dismiss(); });
  page.on('request', (r) => watch.requests.push(r.url()));
  page.on('pageerror', (e) => watch.errors.push(e.message));
  page.on('console', (m) => {
    const text = m.text();
    if (text.startsWith('CSP violation') || /Content Security Policy/i.test(text)) watch.violations.push(text);
    else if (m.type() === 'error') watch.errors.push(text);
  });
  return watch;
}

async function openReport(browser: Browser, file: string): Promise<{ page: Page; watch: Watch }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const watch = watchPage(page);
  await reportViolations(page);
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('.score-card');
  return { page, watch };
}

describe('evaluation.html in headless Chromium', function () {
  this.timeout(60000);
  let browser: Browser | undefined;
  let file = '';
  const report = makeReport();

  before(async function () {
    requireOrSkip(this, fs.existsSync(CHROMIUM), `${CHROMIUM} not found (apt-get install chromium)`);
    const html = renderEvaluationHtml(report, loadWebviewAssets(await buildWebviewBundle()));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-report-'));
    file = path.join(dir, 'evaluation.html');
    fs.writeFileSync(file, html);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  });

  after(async () => {
    await browser?.close();
  });

  it('renders the scores, readings and SVG charts', async () => {
    const { page, watch } = await openReport(browser as Browser, file);
    const fidelity = `${(report.fidelity.score * 100).toFixed(1)}%`;
    const firstCard = page.locator('.score-card').first();
    assert.equal(await firstCard.locator('.score-title').textContent(), 'Fidelity');
    assert.equal(await firstCard.locator('.score-value').textContent(), fidelity);
    assert.equal(await firstCard.locator('.reading').textContent(), report.fidelity.reading.text);
    assert.equal(await page.locator('.page-title').textContent(), 'adult.synthetic.csv');

    const numeric = report.columns.filter((c) => c.kind === 'numeric').length;
    const categorical = report.columns.length - numeric;
    assert.equal(await page.locator('.column-card').count(), report.columns.length);
    // Per-column histograms plus the DCR and NNDR distributions.
    assert.equal(await page.locator('svg.histogram-pair').count(), numeric + 2);
    assert.equal(await page.locator('svg.bar-pair').count(), categorical);
    assert.equal(await page.locator('svg.heatmap').count(), 3);
    assert.equal(await page.locator('svg.interval-chart').count(), 1);
    const n = report.associations.columns.length;
    assert.equal(await page.locator('svg.heatmap').first().locator('rect.cell').count(), n * n);
    assert.ok((await page.locator('svg.histogram-pair').first().locator('.series-a rect').count()) > 5, 'histogram bars drawn');
    const ratio = `${Math.round((report.utility?.prediction.ratio ?? 0) * 100)}%`;
    assert.ok(((await page.locator('#utility').textContent()) ?? '').includes(ratio));
    assert.equal(await page.locator('.band').count() > 20, true);
    assert.deepEqual(watch.errors, []);
    await page.close();
  });

  it('shows hostile column names as text and runs no injected script', async () => {
    const { page, watch } = await openReport(browser as Browser, file);
    const names = await page.locator('.column-name').allTextContents();
    assert.ok(names.includes(XSS_COLUMN), 'XSS column name shown literally');
    assert.ok(names.includes(SCRIPT_COLUMN), '</script> column name shown literally');
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.locator('img[src="x"]').count(), 0);
    assert.equal(await page.locator('#app b').count(), 0, 'category "<b>bold</b>" is not markup');
    // The category label inside the SVG is text too.
    const labels = await page.locator('svg.bar-pair text.cat-label').allTextContents();
    assert.ok(labels.includes('<b>bold</b>'));
    await page.waitForTimeout(200);
    assert.deepEqual(watch.dialogs, []);
    assert.equal(await page.evaluate(() => document.scripts.length), 2);
    await page.close();
  });

  it('loads nothing beyond the file and never violates its CSP', async () => {
    const { page, watch } = await openReport(browser as Browser, file);
    // Exercise the interactive parts, which build more DOM.
    await page.fill('vscode-textfield.filter input', 'age');
    assert.equal(await page.locator('.column-card').count(), 1);
    await page.fill('vscode-textfield.filter input', '');
    await page.getByRole('combobox', { name: 'Order of the columns' }).click();
    await page.getByRole('option', { name: 'Lowest score first' }).click();
    // The drop-down hands its choice to the view once the element has finished its own update, so the order is awaited.
    await page.waitForFunction(() => document.querySelector('.column-card .column-name')?.textContent === 'hours-per-week', undefined, { timeout: 10_000 }).catch(() => undefined);
    assert.equal(await page.locator('.column-card .column-name').first().textContent(), 'hours-per-week');
    await page.waitForTimeout(200);
    assert.deepEqual(watch.requests.filter((u) => !u.startsWith('file:')), []);
    assert.deepEqual(watch.violations, []);
    assert.deepEqual(watch.errors, []);

    // Control: the listener does see a violation, and the policy does block inline script.
    const ran = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.body.appendChild(s);
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    await page.waitForTimeout(200);
    assert.equal(ran, false);
    assert.ok(watch.violations.length > 0, 'violation listener works');
    await page.close();
  });

  it('saves light and dark screenshots', async () => {
    fs.mkdirSync(OUTPUT, { recursive: true });
    for (const scheme of ['light', 'dark'] as const) {
      const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 900 } });
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('svg.heatmap');
      const shot = path.join(OUTPUT, `evaluation-${scheme}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(bg, scheme === 'light' ? 'rgb(255, 255, 255)' : 'rgb(30, 30, 30)');
      assert.ok(fs.statSync(shot).size > 20000);
      await page.close();
    }
    // High contrast: forced colours (Windows high-contrast themes) with the system palette.
    const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 900 } });
    await page.emulateMedia({ colorScheme: 'dark', forcedColors: 'active' });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('svg.heatmap');
    await page.screenshot({ path: path.join(OUTPUT, 'evaluation-high-contrast.png'), fullPage: false });
    await page.close();
  });
});

/**
 * The same bundle in the VS Code host: the page is renderWebviewHtml's shell (nonce CSP,
 * external script and stylesheet), and a stand-in for `acquireVsCodeApi` plays the
 * extension host's side of the protocol (ready → init, request → progress/response,
 * getState/setState).
 */
describe('dashboard webview with a VS Code host', function () {
  this.timeout(60000);
  let browser: Browser | undefined;
  let file = '';
  const init: DashboardState = {
    view: 'profile', dataset: 'adult.csv', profile: makeMetadata(), metadataPath: 'adult.metadata.json', evaluation: makeReport(),
    ladder: null, linked: null, loading: false, error: null, progress: null,
  };

  interface HostConfig { init: DashboardState | null; saved: unknown }

  // Plain JavaScript source (not a transpiled function, whose helpers would not exist in the page).
  const FAKE_HOST = `function (cfg) {
    const posted = [];
    let saved = cfg.saved;
    window.__posted = posted;
    window.__saved = function () { return saved; };
    function reply(m) { setTimeout(function () { window.dispatchEvent(new MessageEvent('message', { data: m })); }, 0); }
    window.acquireVsCodeApi = function () {
      return {
        postMessage: function (msg) {
          posted.push(msg);
          if (msg.type === 'ready' && cfg.init) reply({ type: 'init', state: cfg.init });
          if (msg.type === 'request' && msg.method === 'updateColumn' && cfg.init && cfg.init.profile) {
            const meta = structuredClone(cfg.init.profile);
            const col = meta.columns.find(function (c) { return c.name === msg.params.column; });
            if (col) col.excluded = msg.params.excluded === true;
            reply({ type: 'progress', id: msg.id, message: 'Saving to adult.twin.json', fraction: 0.5 });
            reply({ type: 'response', id: msg.id, ok: true, result: meta });
          }
          if (msg.type === 'request' && msg.method === 'setThreshold') {
            reply({ type: 'response', id: msg.id, ok: false, error: 'Apply threshold failed: the recipe is read-only' });
          }
        },
        getState: function () { return saved; },
        setState: function (s) { saved = s; },
      };
    };
  }`;

  async function openWebview(config: HostConfig): Promise<{ page: Page; watch: Watch }> {
    const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 900 } });
    const watch = watchPage(page);
    await reportViolations(page);
    await page.addInitScript({ content: `(${FAKE_HOST})(${JSON.stringify(config)});` });
    await page.goto(pathToFileURL(file).href);
    return { page, watch };
  }

  before(async function () {
    requireOrSkip(this, fs.existsSync(CHROMIUM), `${CHROMIUM} not found (apt-get install chromium)`);
    const dir = await buildWebviewBundle();
    file = path.join(dir, 'webview.html');
    fs.writeFileSync(file, renderWebviewHtml({
      cspSource: 'file:', nonce: 'dGVzdC1ub25jZS0xMjM0NTY=',
      scriptUri: pathToFileURL(path.join(dir, 'main.js')).href, styleUri: pathToFileURL(path.join(dir, 'main.css')).href,
    }));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  });

  after(async () => {
    await browser?.close();
  });

  it('starts with ready, renders the Profile view from init, and saves decisions by request', async () => {
    const { page, watch } = await openWebview({ init, saved: undefined });
    await page.waitForSelector('.profile-view');
    const posted = (): Promise<{ type: string; id?: number; method?: string; params?: unknown; view?: string }[]> => page.evaluate(() => (window as unknown as { __posted: [] }).__posted);
    assert.deepEqual((await posted())[0], { type: 'ready' });
    assert.deepEqual(await page.locator('[role=tab]').allTextContents(), ['Profile', 'Evaluation', 'Fidelity ladder']);
    assert.equal(await page.locator('.column-card').count(), 4);
    assert.ok((await page.locator('.column-name').allTextContents()).includes(XSS_COLUMN));
    assert.equal(await page.locator('img').count(), 0);
    assert.ok(((await page.locator('.column-card.flagged').first().textContent()) ?? '').includes('1 category has fewer than 10 records'));
    fs.mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: path.join(OUTPUT, 'profile-light.png'), fullPage: true });

    // A decision: exclude "age" → updateColumn request → the host's updated metadata is shown.
    // Each checkbox is named with its column for a screen reader.
    assert.equal(await page.getByRole('checkbox', { name: 'Identifier: age', exact: true }).count(), 1);
    // (from the keyboard: the box's own label covers the input, as in VS Code)
    await page.getByRole('checkbox', { name: 'Exclude age from the twin', exact: true }).focus();
    await page.keyboard.press('Space');
    await page.waitForSelector('.column-card.excluded');
    const req = (await posted()).find((m) => m.type === 'request');
    assert.deepEqual({ ...req, id: undefined }, { type: 'request', id: undefined, method: 'updateColumn', params: { column: 'age', kind: 'exclude', excluded: true } });
    // A failed request shows the host's one-line message.
    await page.getByRole('button', { name: 'Apply threshold' }).click();
    assert.equal(await page.locator('.banner-error').textContent(), 'Apply threshold failed: the recipe is read-only');

    // Switching tabs tells the host and draws the evaluation.
    await page.getByRole('tab', { name: 'Evaluation' }).click();
    await page.waitForSelector('.evaluation-view svg.heatmap');
    assert.deepEqual((await posted()).at(-1), { type: 'showView', view: 'evaluation' });
    const saved = await page.evaluate(() => (window as unknown as { __saved: () => { state: DashboardState } }).__saved());
    assert.equal(saved.state.view, 'evaluation');
    assert.equal(saved.state.profile?.columns[0]?.excluded, true);

    // A notification from the host: the ladder arrives.
    const rungs: LadderRung[] = (['structural', 'statistical', 'correlated'] as const).map((level) => ({ level, status: 'done', report: makeReport() }));
    await page.evaluate((ladder) => window.dispatchEvent(new MessageEvent('message', { data: { type: 'didChangeLadder', ladder } })), rungs);
    await page.getByRole('tab', { name: 'Fidelity ladder' }).click();
    await page.waitForSelector('.ladder-view');
    // Fidelity, utility, distance to the closest real record and attack risk.
    assert.equal(await page.locator('.ladder-view svg.value-bars').count(), 4);

    assert.deepEqual(watch.requests.filter((u) => !u.startsWith('file:')), []);
    assert.deepEqual(watch.violations, []);
    assert.deepEqual(watch.errors, []);
    await page.close();
  });

  it('restores its saved state before the host answers', async () => {
    const state: DashboardState = { ...init, view: 'evaluation' };
    const { page, watch } = await openWebview({ init: null, saved: { state, ui: { filter: 'sex', sort: 'report', scroll: {} } } });
    await page.waitForSelector('.evaluation-view');
    assert.equal(await page.locator('[role=tab][aria-selected=true]').textContent(), 'Evaluation');
    assert.equal(await page.inputValue('vscode-textfield.filter input'), 'sex');
    assert.deepEqual(await page.locator('.column-card .column-name').allTextContents(), ['sex']);
    assert.deepEqual(watch.violations, []);
    assert.deepEqual(watch.errors, []);
    await page.close();
  });
});

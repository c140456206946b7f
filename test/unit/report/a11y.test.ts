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
const OUTPUT = path.join(ROOT, 'test-output');
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
        if (theme.startsWith('hc-') && (view === 'evaluation' || view === 'profile')) {
          // The README's high-contrast screenshots (docs/images/dashboard-*-hc-*.png are copies).
          fs.mkdirSync(OUTPUT, { recursive: true });
          await page.screenshot({ path: path.join(OUTPUT, `dashboard-${view}-${theme}.png`) });
        }
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

  // ---- keyboard-only walks -------------------------------------------------------------------

  /** What has the keyboard focus: the element in the page (a component, not its shadow insides). */
  // Each stop is named `tag|name` for the messages, and told apart by a number given on first sight.
  const focused = (page: Page): Promise<string> => page.evaluate(() => {
    const a = document.activeElement as (HTMLElement & { __stop?: number }) | null;
    if (!a || a === document.body) return '';
    const w = window as unknown as { __stops?: number };
    a.__stop ??= (w.__stops = (w.__stops ?? 0) + 1);
    const name = (a.tagName === 'VSCODE-CHECKBOX' ? a.querySelector('.visually-hidden')?.textContent : null) ?? a.getAttribute('aria-label') ?? ((a as unknown as { label?: string }).label || null) ?? a.getAttribute('data-view') ?? (a.textContent ?? '').trim().slice(0, 60);
    return `${a.tagName.toLowerCase()}|${name}|${a.__stop}`;
  });
  const named = (stop: string): string => stop.split('|').slice(0, 2).join('|');

  /** Every control of the page a keyboard user must reach (the tab strip is one stop: its selected tab). */
  const controls = (page: Page): Promise<string[]> => page.evaluate(() => {
    const sel = 'vscode-button:not([disabled]), vscode-checkbox, vscode-textfield, vscode-single-select, vscode-tab-header[aria-selected="true"], summary, a[href], button, input, select';
    const w = window as unknown as { __stops?: number };
    return Array.from(document.querySelectorAll<HTMLElement & { __stop?: number }>(sel))
      .filter((e) => e.getClientRects().length > 0 && !e.closest('details:not([open]) > :not(summary)'))
      .map((a) => {
        a.__stop ??= (w.__stops = (w.__stops ?? 0) + 1);
        const name = (a.tagName === 'VSCODE-CHECKBOX' ? a.querySelector('.visually-hidden')?.textContent : null) ?? a.getAttribute('aria-label') ?? ((a as unknown as { label?: string }).label || null) ?? a.getAttribute('data-view') ?? (a.textContent ?? '').trim().slice(0, 60);
        return `${a.tagName.toLowerCase()}|${name}|${a.__stop}`;
      });
  });

  /** A focus indicator shows: the focused element's surroundings look different once it loses focus. */
  async function focusVisible(page: Page): Promise<boolean> {
    const box = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement;
      a.scrollIntoView({ block: 'center' });
      const r = a.getBoundingClientRect();
      return { x: Math.max(0, r.x - 4), y: Math.max(0, r.y - 4), width: r.width + 8, height: r.height + 8 };
    });
    const on = await page.screenshot({ clip: box });
    await page.evaluate(() => (document.activeElement as HTMLElement).blur());
    const off = await page.screenshot({ clip: box });
    return !on.equals(off);
  }

  /**
   * Tabs through the whole page, returning the focus stops in order; on the first stop of each
   * kind (tag) in a forward walk, checks that its focus indicator shows (and then goes on from it).
   */
  async function walk(page: Page, key: 'Tab' | 'Shift+Tab', limit: number, invisible: string[] = []): Promise<string[]> {
    const stops: string[] = [];
    const kinds = new Set<string>();
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press(key);
      const f = await focused(page);
      if (!f || stops.includes(f)) break;
      stops.push(f);
      const kind = f.split('|')[0] as string;
      if (key === 'Tab' && !kinds.has(kind)) {
        kinds.add(kind);
        if (!(await focusVisible(page))) invisible.push(f);
        // Back onto it, so the walk goes on from here.
        await page.keyboard.press('Shift+Tab');
        await page.keyboard.press('Tab');
      }
    }
    return stops;
  }

  for (const view of VIEWS) {
    it(`${view} view: Tab and Shift+Tab reach every control, each with a visible focus indicator`, async () => {
      const { page, errors } = await openView(view, 'light');
      const expected = await controls(page);
      assert.ok(expected.length >= 3, `${view}: ${expected.join(', ')}`);
      const invisible: string[] = [];
      const forward = await walk(page, 'Tab', expected.length + 20, invisible);
      assert.deepEqual(expected.filter((c) => !forward.includes(c)), [], 'every control is reached with Tab');
      // Shift+Tab from the last stop goes back through the same stops in reverse.
      await page.evaluate((n) => {
        const all = Array.from(document.querySelectorAll<HTMLElement & { __stop?: number }>('*'));
        all.find((e) => e.__stop === n)?.focus();
      }, Number(forward.at(-1)?.split('|').at(-1)));
      const back = await walk(page, 'Shift+Tab', forward.length + 5);
      assert.deepEqual(back, forward.slice(0, -1).reverse());
      assert.deepEqual(invisible, [], 'a visible focus indicator on the first control of each kind');
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  const requests = (page: Page): Promise<{ method: string; params: unknown }[]> =>
    page.evaluate(() => (window as unknown as { __posted: { type: string; method: string; params: unknown }[] }).__posted.filter((m) => m.type === 'request').map((m) => ({ method: m.method, params: m.params })));

  async function tabTo(page: Page, stop: string, limit = 200): Promise<void> {
    for (let i = 0; i < limit; i++) {
      if (named(await focused(page)) === stop) return;
      await page.keyboard.press('Tab');
    }
    assert.fail(`${stop} not reached with Tab`);
  }

  it('the keyboard alone switches views, filters, decides, signs off and opens a chart\'s figures', async () => {
    const { page, errors } = await openView('profile', 'light');
    // Tabs: arrow keys move along the headers, Enter or Space selects.
    await tabTo(page, 'vscode-tab-header|profile');
    await page.keyboard.press('ArrowRight');
    assert.equal(named(await focused(page)), 'vscode-tab-header|evaluation');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.evaluation-view');
    assert.equal(named(await focused(page)), 'vscode-tab-header|evaluation', 'the focus stays on the chosen tab');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press(' ');
    await page.waitForSelector('.profile-view');

    // Filter by typing; Space ticks a checkbox; the drop-down opens and chooses with arrow keys and Enter.
    await tabTo(page, 'vscode-textfield|Filter columns by name');
    await page.keyboard.type('age');
    await page.waitForFunction(() => document.querySelectorAll('.column-card').length === 1);
    await tabTo(page, 'vscode-single-select|Type of age');
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.banner-progress') === null);
    await tabTo(page, 'vscode-checkbox|Exclude age from the twin');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => (window as unknown as { __posted: { method?: string }[] }).__posted.filter((m) => m.method === 'updateColumn').length === 2);
    const decided = (await requests(page)).filter((r) => r.method === 'updateColumn').map((r) => r.params);
    assert.deepEqual(decided, [{ column: 'age', kind: 'setType', type: 'categorical' }, { column: 'age', kind: 'exclude', excluded: true }]);

    // Enter on a button; Enter in the sign-off form submits it, with a message while a field is empty.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator('body').focus();
    await tabTo(page, 'vscode-button|Apply threshold');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (window as unknown as { __posted: { method?: string }[] }).__posted.some((m) => m.method === 'setThreshold'));
    await tabTo(page, 'vscode-textfield|Your name');
    await page.keyboard.type('A. Checker');
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('.form-message').textContent(), 'Enter your role to sign off.');
    await page.keyboard.press('Tab');
    await page.keyboard.type('output checker');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (window as unknown as { __posted: { method?: string }[] }).__posted.some((m) => m.method === 'signOff'));
    assert.deepEqual((await requests(page)).find((r) => r.method === 'signOff')?.params, { name: 'A. Checker', role: 'output checker' });

    // A chart's figures open with Enter on their summary and are a table of the drawn values.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator('body').focus();
    await tabTo(page, 'summary|Figures: age: distribution');
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('.column-card details.chart-data[open] table tbody tr').count(), 7);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('the keyboard alone runs the ladder and rejects a link', async () => {
    const ladder = await openView('ladder', 'light');
    await tabTo(ladder.page, 'vscode-button|Run the ladder again');
    await ladder.page.keyboard.press('Enter');
    await ladder.page.waitForFunction(() => (window as unknown as { __posted: { method?: string }[] }).__posted.some((m) => m.method === 'runLadder'));
    await ladder.page.close();

    const links = await openView('links', 'light');
    const reject = 'vscode-button|Reject link diagnoses.patient_id → patients.patient_id';
    await tabTo(links.page, reject);
    await links.page.keyboard.press('Space');
    await links.page.waitForFunction(() => (window as unknown as { __posted: { method?: string }[] }).__posted.some((m) => m.method === 'decideLink'));
    assert.deepEqual((await requests(links.page)).map((r) => r.params), [{ link: 'diagnoses.patient_id->patients.patient_id', decision: 'reject' }]);
    assert.deepEqual(links.errors, []);
    await links.page.close();
  });
});

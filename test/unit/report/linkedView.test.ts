/**
 * The dashboard's Linked tables view (issue 15 item 7), on the built-in linked sample profiled,
 * twinned and evaluated by the core: the pure pieces (the view's state and evaluation summary, the
 * link rows) in Node, and the real webview bundle in headless Chromium with a stand-in VS Code host
 * — the diagram shows, every link is listed with named Confirm/Reject buttons (mouse and keyboard),
 * a decision is a `decideLink` request, hostile names stay text, and the CSP holds.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { evaluateDataset, generateDataset, linkText, profileLinkedDataset, renderWebviewHtml, writeLinkedSample, type DatasetEvaluation, type DatasetMetadata } from '../../../src/core';
import { linkedDatasetState, linkedEvaluationView } from '../../../src/extension/linkedView';
import { emptyDashboardState, type DashboardState, type LinkedDatasetState } from '../../../src/protocol/messages';
import { linkRowsOf } from '../../../webview/views/linkRows';
import { buildWebviewBundle } from './bundle';
import { requireOrSkip } from '../skip';

const CHROMIUM = '/usr/bin/chromium';
const OUTPUT = path.resolve(__dirname, '../../../test-output');
const HOSTILE = '<img src=x onerror=alert(1)>';
const SAMPLE_LINKS = [
  'admissions.patient_id->patients.patient_id',
  'diagnoses.admission_id->admissions.admission_id',
  'diagnoses.patient_id->patients.patient_id',
  'prescriptions.patient_id->patients.patient_id',
  'prescriptions.admission_id->admissions.admission_id',
];

describe('Linked tables view (dashboard)', function () {
  this.timeout(180000);
  let tmp = '';
  let metadata: DatasetMetadata;
  let evaluation: DatasetEvaluation;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-links-view-'));
    const real = path.join(tmp, 'hospital-linked');
    await writeLinkedSample(real, { persons: 200 });
    metadata = (await profileLinkedDataset(real)).metadata;
    // A structural twin: from the metadata alone, keys that join exactly.
    const twin = path.join(tmp, 'twin');
    await generateDataset({ metadata, level: 'structural', out: twin, seed: 3 });
    evaluation = await evaluateDataset(real, twin, metadata);
  });

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('summarises the cross-table evaluation per link (named as metadata.json names links) and per table', () => {
    const view = linkedEvaluationView(evaluation, 'hospital-linked-structural');
    assert.equal(view.twin, 'hospital-linked-structural');
    assert.deepEqual(view.links.map((l) => l.link).sort(), [...SAMPLE_LINKS].sort());
    assert.deepEqual(metadata.relationships.foreignKeys.map(linkText).sort(), [...SAMPLE_LINKS].sort());
    for (const l of view.links) {
      const e = evaluation.links.links.find((x) => `${x.childTable}.${x.childKey}->${x.parentTable}.${x.parentKey}` === l.link)!;
      assert.equal(l.referentialIntegrity, e.referentialIntegrity);
      assert.equal(l.cardinalityShapeSimilarity, e.cardinalityShapeSimilarity);
      assert.equal(l.cardinalityBoundaryAdherence, e.cardinalityBoundaryAdherence);
      // Keys of a structural twin are fakes that join exactly.
      assert.equal(l.referentialIntegrity, 1, l.link);
    }
    assert.equal(view.means.referentialIntegrity, evaluation.links.referentialIntegrity);
    assert.equal(view.means.cardinalityShapeSimilarity, evaluation.links.cardinalityShapeSimilarity);
    assert.deepEqual(view.tables.map((t) => t.name), ['admissions', 'diagnoses', 'patients', 'prescriptions']);
    const patients = view.tables.find((t) => t.name === 'patients')!;
    assert.equal(patients.realRows, 200);
    assert.equal(patients.twinRows, 200);
    assert.equal(patients.quality, evaluation.tables.find((t) => t.name === 'patients')!.report.fidelity.score);
  });

  it('lists every link with its evidence, kind, status and scores', () => {
    const rows = linkRowsOf(metadata, linkedEvaluationView(evaluation, 'twin'));
    assert.deepEqual(rows.map((r) => r.id).sort(), [...SAMPLE_LINKS].sort());
    const byId = new Map(rows.map((r) => [r.id, r]));
    assert.equal(byId.get('admissions.patient_id->patients.patient_id')!.label, 'admissions.patient_id → patients.patient_id');
    assert.equal(byId.get('admissions.patient_id->patients.patient_id')!.evidence, '100% of values found in the parent; the column names the parent table');
    assert.deepEqual(byId.get('prescriptions.admission_id->admissions.admission_id')!.kind, ['optional', 'diamond']);
    assert.deepEqual(byId.get('diagnoses.patient_id->patients.patient_id')!.kind, ['diamond']);
    assert.deepEqual(byId.get('admissions.patient_id->patients.patient_id')!.kind, []);
    for (const r of rows) {
      assert.equal(r.status, 'proposed');
      assert.equal(r.scores?.referentialIntegrity, 1);
    }
    // Without an evaluation there are no scores; a rejected link keeps its row.
    const rejected = structuredClone(metadata);
    rejected.relationships.foreignKeys[0].status = 'rejected';
    const plain = linkRowsOf(rejected, null);
    assert.equal(plain.length, 5);
    assert.equal(plain[0].status, 'rejected');
    assert.ok(plain.every((r) => r.scores === null));
  });

  it('makes the diagram with the release pack\'s renderer, without rejected links', () => {
    const state = linkedDatasetState(metadata, '/ws/synthetic/hospital-linked.metadata.json', null);
    assert.equal(state.name, 'hospital-linked');
    assert.match(state.diagramSvg, /^<svg /);
    assert.equal((state.diagramSvg.match(/<line /g) ?? []).length, 5);
    const rejected = structuredClone(metadata);
    rejected.relationships.foreignKeys.find((f) => linkText(f) === SAMPLE_LINKS[2])!.status = 'rejected';
    assert.equal((linkedDatasetState(rejected, null, null).diagramSvg.match(/<line /g) ?? []).length, 4);
  });

  describe('in headless Chromium with a VS Code host', () => {
    let browser: Browser | undefined;
    let file = '';

    // The host's side of the protocol: init with the state; a decideLink request is answered with
    // the dataset where that link has the decided status (as the extension host does after saving).
    const FAKE_HOST = `function (cfg) {
      const posted = [];
      window.__posted = posted;
      function reply(m) { setTimeout(function () { window.dispatchEvent(new MessageEvent('message', { data: m })); }, 0); }
      window.acquireVsCodeApi = function () {
        return {
          postMessage: function (msg) {
            posted.push(msg);
            if (msg.type === 'ready') reply({ type: 'init', state: cfg.init });
            if (msg.type === 'request' && msg.method === 'decideLink') {
              const linked = structuredClone(cfg.init.linked);
              for (const f of linked.metadata.relationships.foreignKeys) {
                const id = f.child.table + '.' + f.child.column + '->' + f.parent.table + '.' + f.parent.column;
                if (id === msg.params.link) f.status = msg.params.decision === 'reject' ? 'rejected' : 'confirmed';
              }
              reply({ type: 'response', id: msg.id, ok: true, result: linked });
            }
          },
          getState: function () { return undefined; },
          setState: function () {},
        };
      };
    }`;

    async function open(linked: LinkedDatasetState): Promise<{ page: Page; violations: string[]; errors: string[]; dialogs: string[] }> {
      const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 900 } });
      const violations: string[] = [];
      const errors: string[] = [];
      const dialogs: string[] = [];
      page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (/Content Security Policy|CSP violation/i.test(m.text())) violations.push(m.text());
        else if (m.type() === 'error') errors.push(m.text());
      });
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
      });
      const init: DashboardState = { ...emptyDashboardState('links'), linked };
      await page.addInitScript({ content: `(${FAKE_HOST})(${JSON.stringify({ init })});` });
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('.links-view');
      return { page, violations, errors, dialogs };
    }

    const posted = (page: Page): Promise<{ type: string; method?: string; params?: unknown }[]> => page.evaluate(() => (window as unknown as { __posted: [] }).__posted);

    before(async function () {
      requireOrSkip(this, fs.existsSync(CHROMIUM), `${CHROMIUM} not found (apt-get install chromium)`);
      const dir = await buildWebviewBundle();
      file = path.join(dir, 'webview-links.html');
      fs.writeFileSync(file, renderWebviewHtml({
        cspSource: 'file:', nonce: 'dGVzdC1ub25jZS0xMjM0NTY=',
        scriptUri: pathToFileURL(path.join(dir, 'main.js')).href, styleUri: pathToFileURL(path.join(dir, 'main.css')).href,
      }));
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'], headless: true });
    });

    after(async () => {
      await browser?.close();
    });

    it('shows the diagram and the table of links, and a reject (click or keyboard) is a decideLink request', async () => {
      const state = linkedDatasetState(metadata, '/ws/synthetic/hospital-linked.metadata.json', linkedEvaluationView(evaluation, 'hospital-linked-structural'));
      const { page, violations, errors } = await open(state);
      assert.ok((await page.locator('[role=tab]').allTextContents()).includes('Linked tables'));
      // The diagram: an image that loaded (the CSP allows data: images), with a text alternative.
      const img = page.locator('.relationship-diagram img');
      await page.waitForFunction(() => ((document.querySelector('.relationship-diagram img') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0);
      assert.ok(await img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 100));
      assert.match((await img.getAttribute('alt')) ?? '', /^Diagram of the 4 tables of hospital-linked \(admissions, diagnoses, patients, prescriptions\) and 5 links/);
      // Its text equivalent: one row per link, with Confirm and Reject buttons named by the link.
      const rows = page.locator('.links-view vscode-table').first().locator('vscode-table-body vscode-table-row');
      assert.equal(await rows.count(), 5);
      for (const id of SAMPLE_LINKS) {
        const label = id.replace('->', ' → ');
        assert.equal(await page.getByRole('button', { name: `Confirm link ${label}`, exact: true }).count(), 1, label);
        assert.equal(await page.getByRole('button', { name: `Reject link ${label}`, exact: true }).count(), 1, label);
      }
      // The cross-table evaluation: three score cards and a row per table.
      assert.equal(await page.locator('#links-evaluation .score-card').count(), 3);
      assert.equal(await page.locator('#links-evaluation .score-card .score-value').first().textContent(), '100.0%');
      assert.equal(await page.locator('#links-evaluation vscode-table-body vscode-table-row').count(), 4);
      fs.mkdirSync(OUTPUT, { recursive: true });
      await page.screenshot({ path: path.join(OUTPUT, 'linked-tables-view.png'), fullPage: true });

      // Reject with the mouse: the request names the link; the answer shows it rejected, with Restore.
      await page.getByRole('button', { name: 'Reject link diagnoses.patient_id → patients.patient_id', exact: true }).click();
      await page.getByRole('button', { name: 'Restore link diagnoses.patient_id → patients.patient_id', exact: true }).waitFor();
      const req = (await posted(page)).filter((m) => m.type === 'request');
      assert.deepEqual(req.map((m) => [m.method, m.params]), [['decideLink', { link: 'diagnoses.patient_id->patients.patient_id', decision: 'reject' }]]);
      assert.equal(await page.getByRole('button', { name: 'Reject link diagnoses.patient_id → patients.patient_id', exact: true }).isDisabled(), true);
      assert.match((await page.locator('#links-diagram .section-intro').textContent()) ?? '', /1 rejected, not drawn/);

      // Confirm with the keyboard: focus the button, press Enter.
      await page.getByRole('button', { name: 'Confirm link admissions.patient_id → patients.patient_id', exact: true }).focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => (document.querySelector('vscode-button[data-action=confirm][data-link="admissions.patient_id->patients.patient_id"]') as HTMLElement & { disabled: boolean } | null)?.disabled === true);
      const last = (await posted(page)).filter((m) => m.type === 'request').at(-1);
      assert.deepEqual(last?.params, { link: 'admissions.patient_id->patients.patient_id', decision: 'confirm' });
      assert.deepEqual(violations, []);
      assert.deepEqual(errors, []);
      await page.close();
    });

    it('keeps hostile table names as text in the table, the diagram and its alternative', async () => {
      const hostile = JSON.parse(JSON.stringify(metadata).replaceAll('"patients"', JSON.stringify(HOSTILE))) as DatasetMetadata;
      hostile.dataset.name = HOSTILE;
      const { page, violations, errors, dialogs } = await open(linkedDatasetState(hostile, null, null));
      await page.waitForFunction(() => ((document.querySelector('.relationship-diagram img') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0);
      assert.equal(await page.locator('h1.page-title').textContent(), HOSTILE);
      assert.ok(((await page.locator('.links-view').textContent()) ?? '').includes(`admissions.patient_id → ${HOSTILE}.patient_id`));
      assert.equal(await page.locator('img[src="x"], img[onerror]').count(), 0);
      assert.ok(((await page.locator('.relationship-diagram img').getAttribute('alt')) ?? '').includes(HOSTILE));
      assert.deepEqual(dialogs, []);
      assert.deepEqual(violations, []);
      assert.deepEqual(errors, []);
      await page.close();
    });
  });
});

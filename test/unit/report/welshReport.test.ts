/**
 * Issue 18: evaluation.html written in Welsh shows no English catalogue sentence — its labels come
 * from the catalogue, and the sentences the report stores in English (readings, notes) are shown
 * through it (src/core/l10n/stored.ts). Opened from disk in headless Chromium.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { readingFor } from '../../../src/core/evaluate/readings';
import type { Band, Reading } from '../../../src/core/evaluate/report';
import { setLanguage } from '../../../src/core/l10n';
import { english } from '../../../src/core/l10n/stored';
import { loadWebviewAssets, renderEvaluationHtml } from '../../../src/core/report';
import { checkLanguage } from '../../integration/suite/visibleLanguage';
import { buildWebviewBundle } from './bundle';
import { makeReport } from './fixture';
import { requireOrSkip } from '../skip';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const welsh = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../l10n/bundle.l10n.cy.json'), 'utf8')) as Record<string, string>;

/** The fixture's readings replaced by sentences the core makes (the fixture's own are free text). */
const REAL: Record<Band, string> = {
  good: readingFor('KSComplement', 0.95, { column: 'age' }).text,
  fair: readingFor('exactMatches', 0.02, { baseline: 0.001 }).text,
  poor: readingFor('linkability', 0.5).text,
};

function withStoredSentences(value: unknown): void {
  if (Array.isArray(value)) { value.forEach(withStoredSentences); return; }
  if (!value || typeof value !== 'object') return;
  const o = value as Record<string, unknown>;
  if (typeof o.band === 'string' && typeof o.text === 'string') (o as unknown as Reading).text = REAL[o.band as Band];
  if (Array.isArray(o.notes)) o.notes = [english('No holdout was given: TSTR/TRTR use a seeded 70/30 split of the real rows; the twin was made from all real rows, so its TSTR score is optimistic.')];
  for (const v of Object.values(o)) withStoredSentences(v);
}

describe('evaluation.html in Welsh (headless Chromium)', function () {
  this.timeout(120000);
  let browser: Browser | undefined;
  let file = '';
  /** Category values of the fixture's data ("yes", "no"): data, not text of the page. */
  let data = new Set<string>();

  before(async function () {
    requireOrSkip(this, fs.existsSync(CHROMIUM), `${CHROMIUM} not found (apt-get install chromium)`);
    const report = makeReport();
    withStoredSentences(report);
    data = new Set(report.columns.flatMap((c) => (c.kind === 'categorical' ? c.categories : [])));
    const assets = loadWebviewAssets(await buildWebviewBundle());
    setLanguage('cy');
    try {
      file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'twin-report-cy-')), 'evaluation.html');
      fs.writeFileSync(file, renderEvaluationHtml(report, assets));
    } finally {
      setLanguage('en');
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  });

  after(async () => {
    await browser?.close();
  });

  it('shows its labels and its stored readings and notes in Welsh, and no English catalogue message', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('.score-card');
    const lines = (await page.evaluate(() => document.body.innerText)).split('\n').map((l) => l.trim()).filter((l) => l && !data.has(l));
    const seen = checkLanguage(lines, welsh, 'cy');
    assert.deepEqual(seen.other.map((m) => `${m} in ${seen.where[m]}`), []);
    assert.ok(seen.expected.length > 60, `${seen.expected.length} Welsh messages`);
    // Each stored sentence is drawn in its Welsh form, none as stored.
    for (const en of [...Object.values(REAL), 'No holdout was given']) assert.ok(!lines.some((l) => l.includes(en)), `English shown: ${en}`);
    assert.ok(lines.some((l) => l.includes('Mae dosbarthiad “age” yn y gefell yn cyfateb yn agos i\'r data go iawn (sgôr 0.95 o 1).')));
    assert.ok(lines.some((l) => l.includes('Ni roddwyd data wedi\'u cadw\'n ôl')));
    await page.close();
  });
});

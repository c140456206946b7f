/**
 * Attacks on a release pack's evaluation and documents (issue 12, class 1): a small fictional
 * admissions file with a 4-record region, single extreme weights and a 4-record outcome is put
 * through the real `twin release`; every file of the pack is then searched for what must not
 * leave the TRE.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { protectEvaluation } from '../../../src/core/disclosure/protectEvaluation';
import { protectMetadata } from '../../../src/core/disclosure/protectMetadata';
import { isReleased } from '../../../src/core/disclosure/released';
import { evaluateFiles, type EvaluationReport } from '../../../src/core/evaluate';
import type { Metadata } from '../../../src/core/metadata';
import { buildReleaseView } from '../../../src/core/release';
import { renderReleasedEvaluationHtml } from '../../../src/core/report';
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';
import { tempDir, twin } from '../cli/helpers';

const K = 10;
const RARE_REGION = 'Isle of Skye';
const RARE_OUTCOME = 'hospice';
const LIGHTEST = 31.7;
const HEAVIEST = 187.3;
const OLDEST = 113;

/** 300 fictional admissions; seeded, so the file is the same on every run. */
function admissions(): { csv: string; weights: number[]; ages: number[] } {
  let s = 12345;
  const next = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const rows = ['age,weight_kg,sex,region,outcome'];
  const weights: number[] = [];
  const ages: number[] = [];
  for (let i = 0; i < 300; i++) {
    const age = i === 7 ? OLDEST : 20 + Math.floor(next() * 60);
    const weight = i === 11 ? LIGHTEST : i === 23 ? HEAVIEST : Math.round((55 + next() * 45) * 10) / 10;
    const sex = next() < 0.5 ? 'F' : 'M';
    const region = i % 75 === 3 ? RARE_REGION : ['North', 'South', 'East'][Math.floor(next() * 3)];
    const outcome = i % 75 === 5 ? RARE_OUTCOME : 'home';
    rows.push(`${age},${weight.toFixed(1)},${sex},${region},${outcome}`);
    weights.push(weight);
    ages.push(age);
  }
  return { csv: rows.join('\n') + '\n', weights, ages };
}

function meanSd(xs: number[]): { mean: number; sd: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
  return { mean, sd };
}

/** Every number in a JSON value, with its path. */
function numbersOf(value: unknown, at = '$', out: { path: string; value: number }[] = []): { path: string; value: number }[] {
  if (typeof value === 'number') out.push({ path: at, value });
  else if (Array.isArray(value)) value.forEach((v, i) => numbersOf(v, `${at}[${i}]`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) numbersOf(v, `${at}.${k}`, out);
  return out;
}

/** The report that evaluation.html carries (its JSON island). */
function reportInHtml(html: string): EvaluationReport {
  const m = /<script type="application\/json" id="twin-report">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(m, 'evaluation.html carries its report');
  return JSON.parse(m[1]) as EvaluationReport;
}

describe('the released evaluation and documents (attacks on a release pack)', function () {
  this.timeout(300_000);
  let dir: string;
  let data: string;
  let pack: string;
  let fixture: ReturnType<typeof admissions>;
  const files = () => fs.readdirSync(pack).filter((f) => !f.includes('.synthetic.') && fs.statSync(path.join(pack, f)).isFile()).map((f) => ({ name: f, text: fs.readFileSync(path.join(pack, f), 'utf8') }));
  const evaluation = () => JSON.parse(fs.readFileSync(path.join(pack, 'evaluation.json'), 'utf8')) as EvaluationReport;

  before(() => {
    dir = tempDir('released');
    fixture = admissions();
    data = path.join(dir, 'admissions.csv');
    fs.writeFileSync(data, fixture.csv);
    pack = path.join(dir, 'pack');
    const r = twin(['release', data, '--level', 'correlated', '--target', 'outcome', '--dir', pack, '--custodian', 'Fictional Trust', '--contact', 'data@fictional.example', '-q']);
    assert.equal(r.status, 0, r.stderr);
  });

  // The outcome's 4-record level "hospice" is the utility model's positive class in the full evaluation.
  it('names no suppressed category anywhere in the pack (charts, model terms, the utility model\'s positive class, documents)', () => {
    for (const f of files()) {
      assert.ok(!f.text.includes(RARE_REGION), `${f.name} names the 4-record region "${RARE_REGION}"`);
      assert.ok(!f.text.includes(RARE_OUTCOME), `${f.name} names the 4-record outcome "${RARE_OUTCOME}"`);
    }
  });

  it('documents read the released figures whole: no "undefined" or "NaN" where a figure was left out', () => {
    for (const f of files().filter((x) => x.name.endsWith('.md'))) assert.ok(!/\bundefined\b|\bNaN\b/.test(f.text), `${f.name} prints a left-out figure`);
  });

  it('publishes no exact real extreme: not in evaluation.json, evaluation.html or any document', () => {
    const report = evaluation();
    for (const n of [...numbersOf(report), ...numbersOf(reportInHtml(fs.readFileSync(path.join(pack, 'evaluation.html'), 'utf8')))]) {
      assert.ok(Math.abs(n.value - LIGHTEST) > 1e-9 && Math.abs(n.value - HEAVIEST) > 1e-9, `${n.path} = ${n.value} is a single person's exact weight`);
      if (/(min|max|edges)/i.test(n.path) && !/privacy|synthetic/.test(n.path)) assert.notEqual(n.value, OLDEST, `${n.path} is the oldest person's exact age`);
    }
    for (const f of files().filter((x) => x.name.endsWith('.md') || x.name.startsWith('analysis'))) {
      assert.ok(!/\b187\.3\b|\b31\.7\b/.test(f.text), `${f.name} prints a single person's exact weight`);
    }
  });

  it('publishes no score defined by the exact real range (range coverage, boundary adherence) that would give it back beside the twin', () => {
    const report = evaluation();
    for (const c of report.fidelity.coverage.columns) {
      assert.notEqual(c.coverage.metric, 'RangeCoverage', `${c.column}: range coverage is published`);
      assert.notEqual(c.adherence.metric, 'BoundaryAdherence', `${c.column}: boundary adherence is published`);
    }
    for (const c of report.columns) if (c.kind === 'numeric') assert.equal(c.stats.real, null, `${c.column}: real min/max/mean in the chart statistics`);
  });

  it('publishes no real count below k (chart bins, categories, distance histograms)', () => {
    const report = evaluation();
    for (const c of report.columns) {
      c.real.counts.forEach((n, i) => assert.ok(n === 0 ? false : n >= K, `${c.column} bin ${i}: real count ${n} < ${K}`));
    }
    for (const [name, h] of [['dcr', report.privacy.dcr.histogram], ['nndr', report.privacy.nndr.histogram]] as const) {
      // Twin and holdout rows near real persons: none, or at least k (the random baseline is about no one).
      for (const s of h.series.filter((x) => x.label !== 'random')) s.counts.forEach((n, i) => assert.ok(n === 0 || n >= K, `${name} ${s.label} bin ${i}: ${n} < ${K}`));
    }
  });

  it('publishes no real mean, sd or correlation beyond metadata.json\'s figures (the 16-digit mean)', () => {
    const report = evaluation();
    const w = meanSd(fixture.weights);
    const a = meanSd(fixture.ages);
    const n = fixture.ages.length;
    const r = fixture.ages.reduce((acc, x, i) => acc + (x - a.mean) * (fixture.weights[i] - w.mean), 0) / ((n - 1) * a.sd * w.sd);
    const exact = [w.mean, w.sd, a.mean, a.sd, r];
    // A figure metadata.json publishes may be repeated (one figure, one value); nothing finer.
    const published = new Set(numbersOf(JSON.parse(fs.readFileSync(path.join(pack, 'metadata.json'), 'utf8'))).map((x) => x.value));
    for (const n of numbersOf(report)) {
      if (published.has(n.value)) continue;
      for (const x of exact) assert.ok(Math.abs(n.value - x) > 1e-6, `${n.path} = ${n.value} is an exact real statistic`);
      // No figure of the real side carries more than 6 significant digits.
      if (/\.real\b|\.real\./.test(n.path) && !Number.isInteger(n.value)) {
        assert.ok(Number(n.value.toPrecision(6)) === n.value, `${n.path} = ${n.value} at full precision`);
      }
    }
  });

  it('rounds scores so that none can be inverted to a count below k (step 0.05 for 300 records at k = 10)', () => {
    const report = evaluation();
    for (const c of report.fidelity.columnShapes.columns) {
      assert.ok(Math.abs(c.score / 0.05 - Math.round(c.score / 0.05)) < 1e-9, `${c.column}: ${c.metric} ${c.score} finer than 0.05`);
    }
    for (const c of report.fidelity.missingValues.columns) assert.ok(Math.abs(c.score / 0.05 - Math.round(c.score / 0.05)) < 1e-9);
  });

  it('labels the pack\'s evaluation as released, with the controls applied, in the JSON and the HTML', () => {
    const report = evaluation();
    assert.equal(report.release?.status, 'released');
    assert.ok(report.release?.status === 'released' && report.release.controls.some((c) => c.control === 'range-coverage-withheld'));
    const html = fs.readFileSync(path.join(pack, 'evaluation.html'), 'utf8');
    assert.match(html, /<title>Released synthetic twin evaluation/);
    assert.equal(reportInHtml(html).release?.status, 'released');
  });

  it('evaluation.html draws the released report (fields left out included) with a visible "Released" label; the full one says "Not for release"', async function () {
    const CHROMIUM = '/usr/bin/chromium';
    if (!fs.existsSync(CHROMIUM)) {
      if (process.env.CI === 'true') assert.fail(`${CHROMIUM} is needed under CI`);
      this.skip();
    }
    const full = path.join(dir, 'label-full.html');
    assert.equal(twin(['evaluate', data, path.join(pack, 'admissions.synthetic.csv'), '--out', path.join(dir, 'label-full.json'), '--html', full, '-q']).status, 0);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'], headless: true });
    try {
      for (const [file, label] of [[path.join(pack, 'evaluation.html'), /^Released evaluation: disclosure-controlled/], [full, /^Not for release: the full evaluation/]] as const) {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
        await page.goto(pathToFileURL(file).href);
        await page.waitForSelector('.score-card');
        assert.match((await page.locator('.release-label').textContent()) ?? '', label);
        assert.ok(await page.locator('.release-label').isVisible());
        assert.ok((await page.locator('.column-card').count()) >= 4, 'column cards drawn');
        assert.deepEqual(errors, [], `${path.basename(file)}: page errors`);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });

  it('`twin evaluate` keeps the full evaluation, labelled not for release', () => {
    const out = path.join(dir, 'full.json');
    const html = path.join(dir, 'full.html');
    // --holdout-share 0: against every real record (by default the pack recipe's held-out persons would be
    // set apart, and the lightest person may be among them).
    const r = twin(['evaluate', data, path.join(pack, 'admissions.synthetic.csv'), '--out', out, '--html', html, '-q', '--holdout-share', '0']);
    assert.equal(r.status, 0, r.stderr);
    const full = JSON.parse(fs.readFileSync(out, 'utf8')) as EvaluationReport;
    assert.equal(full.release?.status, 'not-for-release');
    const weight = full.columns.find((c) => c.column === 'weight_kg');
    assert.ok(weight && weight.kind === 'numeric' && weight.stats.real?.min === LIGHTEST, 'the full report keeps the exact minimum');
    const page = fs.readFileSync(html, 'utf8');
    assert.match(page, /<title>Not for release/);
    assert.equal(reportInHtml(page).release?.status, 'not-for-release');
  });
});

describe('the released evaluation in process (the layer itself)', function () {
  this.timeout(300_000);

  it('withholds a utility model whose positive class is a suppressed category, and every coefficient that names one', async () => {
    const dir = tempDir('released-utility');
    const data = path.join(dir, 'admissions.csv');
    fs.writeFileSync(data, admissions().csv);
    const metaPath = path.join(dir, 'metadata.json');
    const r = twin(['profile', data, '--out', metaPath, '-q']);
    assert.equal(r.status, 0, r.stderr);
    const metadata = protectMetadata(JSON.parse(fs.readFileSync(metaPath, 'utf8')) as Metadata);
    // The real data against a copy of itself: every real level, the rare outcome as the positive class.
    const copy = path.join(dir, 'copy.csv');
    fs.copyFileSync(data, copy);
    const full = await evaluateFiles(data, copy, { target: 'outcome' });
    assert.equal(full.utility?.positiveClass, RARE_OUTCOME, 'the full report models the rare outcome (the attack needs it)');
    const released = protectEvaluation(full, metadata);
    assert.equal(released.value.utility, null);
    const text = JSON.stringify(released.value);
    assert.ok(!text.includes(RARE_OUTCOME) && !text.includes(RARE_REGION), 'no suppressed category in the released report');

    const bySex = protectEvaluation(await evaluateFiles(data, copy, { target: 'sex' }), metadata);
    assert.ok(bySex.value.utility, 'a model of a published outcome is kept');
    const published = new Set(['(intercept)', 'age', 'weight_kg', 'sex=M', 'sex=F', 'region=North', 'region=South', 'region=East']);
    const terms = bySex.value.utility.coefficients.map((c) => c.term);
    assert.deepEqual(terms.filter((t) => !published.has(t)), [], 'every coefficient names a published column or category');
    assert.ok(terms.some((t) => t.startsWith('region=')), 'published regions keep their coefficients');
    for (const c of bySex.value.utility.coefficients) assert.equal(Number(c.real.estimate.toPrecision(2)), c.real.estimate, `${c.term}: 2 significant figures`);
  });

  it('only the layer makes released values: look-alikes are refused by the document and HTML writers', () => {
    const fake = { value: {}, controls: [] };
    assert.equal(isReleased(fake), false);
    assert.throws(() => renderReleasedEvaluationHtml(fake as never, { script: '', style: '' }), /did not pass the disclosure-control layer/);
    assert.throws(() => buildReleaseView({ metadata: fake, recipe: fake, evaluation: fake, files: {}, now: new Date() } as never), /did not pass the disclosure-control layer/);
  });

  it('only src/core/disclosure/protect*.ts import mintReleased', () => {
    const root = path.resolve(__dirname, '..', '..', '..', 'src');
    const offenders: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.tsx?$/.test(e.name) && /\bmintReleased\b/.test(fs.readFileSync(p, 'utf8'))) {
          const rel = path.relative(root, p).split(path.sep).join('/');
          if (!/^core\/disclosure\/(protect[^/]*|released)\.ts$/.test(rel)) offenders.push(rel);
        }
      }
    };
    walk(root);
    assert.deepEqual(offenders, []);
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { twin, tempDir, sharedData } from './helpers';
import { requireOrSkip } from '../skip';
import { networkUrls } from '../report/urls';

/** Acceptance checks of the issues, run through the real CLI on the shared public datasets. */
describe('twin CLI on real data', function () {
  const adult = sharedData('adult', 'adult.csv');
  const ae = sharedData('ae', 'hospital_ae_data.csv');
  const stranded = sharedData('nhsr', 'stranded_data.csv');
  const dir = tempDir('accept');
  const metadataOf = (file: string) => {
    const out = path.join(dir, path.basename(file) + '.metadata.json');
    const r = twin(['profile', file, '--out', out, '--quiet']);
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(fs.readFileSync(out, 'utf8'));
  };
  const column = (m: any, name: string) => m.columns.find((c: any) => c.name === name);

  it('profiles UCI Adult: 15 columns, 32,561 rows, 6 numeric + 9 categorical, "?" missing, rare native-country', function () {
    requireOrSkip(this, adult, '../shared/data/adult is not present');
    const m = metadataOf(adult!);
    assert.equal(m.format, 'twin-metadata/1');
    // Published counts are perturbed by the cell-key method (±2).
    assert.ok(Math.abs(m.dataset.rows - 32561) <= 2, String(m.dataset.rows));
    assert.equal(m.columns.length, 15);
    const numeric = m.columns.filter((c: any) => c.type === 'numeric' || c.type === 'integer');
    const categorical = m.columns.filter((c: any) => c.type === 'categorical' || c.type === 'boolean');
    assert.equal(numeric.length, 6, numeric.map((c: any) => c.name).join());
    assert.equal(categorical.length, 9, categorical.map((c: any) => c.name).join());
    // 1,836 of 32,561 workclass values are "?" (UCI's own count).
    assert.ok(Math.abs(column(m, 'workclass').missing - 1836 / 32561) < 5 / 32561, String(column(m, 'workclass').missing));
    const nc = column(m, 'native-country');
    assert.ok(nc.disclosure.some((f: any) => f.kind === 'rare-categories'), JSON.stringify(nc.disclosure));
    // Holand-Netherlands occurs once: it must not be published.
    assert.ok(!JSON.stringify(m).includes('Holand-Netherlands'));
    // No exact min/max: age's coded bounds are the 1st/99th percentiles. 1.2% of people are 17 (the minimum),
    // so the 1st percentile is 17 too; the 99th is 74, well below the maximum of 90.
    assert.deepEqual(column(m, 'age').bounds, { lower: 17, upper: 74 });
    assert.equal(column(m, 'age').min, undefined);
    assert.equal(column(m, 'age').max, undefined);
    assert.equal(m.dataset.dialect.delimiter, ',');
    assert.equal(m.dataset.dialect.spaceAfterDelimiter, true);
  });

  it('flags the A&E identifier as an NHS-number-like ID and the postcode as a postcode', function () {
    requireOrSkip(this, ae, '../shared/data/ae is not present');
    const m = metadataOf(ae!);
    assert.ok(Math.abs(m.dataset.rows - 10000) <= 2, String(m.dataset.rows));
    const id = column(m, 'Health Service ID');
    assert.equal(id.type, 'identifier');
    assert.ok(id.disclosure.some((f: any) => f.kind === 'nhs-number'), JSON.stringify(id.disclosure));
    const pc = column(m, 'Postcode');
    assert.ok(pc.disclosure.some((f: any) => f.kind === 'postcode'), JSON.stringify(pc.disclosure));
    assert.equal(column(m, 'Arrival Time').type, 'datetime');
    // Identifiers are described by format only.
    assert.ok(!JSON.stringify(m).includes('744-256-9522'));
  });

  it('reads stranded_data admit_date as a dd/MM/yyyy date', function () {
    requireOrSkip(this, stranded, '../shared/data/nhsr is not present');
    const m = metadataOf(stranded!);
    const d = column(m, 'admit_date');
    assert.equal(d.type, 'date');
    assert.equal(d.format.pattern, 'dd/MM/yyyy');
  });

  for (const level of ['structural', 'statistical', 'correlated']) {
    it(`generates a ${level} twin of each dataset that re-profiles to the same schema, byte-identical for a seed`, function () {
      for (const file of [adult, ae, stranded]) {
        if (!file) continue;
        const source = metadataOf(file);
        const input = level === 'correlated' ? file : path.join(dir, path.basename(file) + '.metadata.json');
        const out1 = path.join(dir, `${level}-${path.basename(file)}`);
        const out2 = path.join(dir, `${level}-again-${path.basename(file)}`);
        const before = fs.statSync(file).mtimeMs;
        let r = twin(['generate', input, '--level', level, '--rows', '3000', '--seed', '7', '--out', out1, '--quiet']);
        assert.equal(r.status, 0, r.stderr);
        r = twin(['generate', input, '--level', level, '--rows', '3000', '--seed', '7', '--out', out2, '--quiet']);
        assert.equal(r.status, 0, r.stderr);
        const sha = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');
        assert.equal(sha(out1), sha(out2), 'same seed, same bytes');
        assert.equal(fs.statSync(file).mtimeMs, before, 'source untouched');
        assert.equal(fs.readFileSync(out1, 'utf8').split(/\r?\n/)[0], fs.readFileSync(file, 'utf8').split(/\r?\n/)[0], 'same header line');
        const twinMeta = metadataOf(out1);
        assert.ok(Math.abs(twinMeta.dataset.rows - 3000) <= 2, String(twinMeta.dataset.rows)); // perturbed count of the twin's 3000 rows
        assert.deepEqual(twinMeta.columns.map((c: any) => c.name), source.columns.map((c: any) => c.name));
        for (const c of source.columns) {
          const t = column(twinMeta, c.name);
          // Structural twins draw uniformly, so a sparse code column may look free-text; types of modelled columns must match.
          assert.equal(t.type, c.type, `${path.basename(file)} ${level}: column ${c.name} type ${t.type} vs ${c.type}`);
          if (c.format.kind === 'date' || c.format.kind === 'datetime') assert.equal(t.format.pattern, c.format.pattern, c.name);
        }
        assert.deepEqual(twinMeta.dataset.dialect, source.dataset.dialect);
      }
    });
  }

  it('evaluates a correlated twin of adult against adult with the holdout, writing JSON and HTML', function () {
    const holdout = sharedData('adult', 'adult-test.csv');
    requireOrSkip(this, adult && holdout, '../shared/data/adult is not present');
    const syn = path.join(dir, 'adult.synthetic.csv');
    let r = twin(['generate', adult!, '--level', 'correlated', '--seed', '3', '--out', syn, '--quiet']);
    assert.equal(r.status, 0, r.stderr);
    const out = path.join(dir, 'evaluation.json');
    const html = path.join(dir, 'evaluation.html');
    r = twin(['evaluate', adult!, syn, '--holdout', holdout!, '--out', out, '--html', html, '--quiet']);
    assert.equal(r.status, 0, r.stderr);
    const e = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.equal(e.format, 'twin-evaluation/1');
    assert.ok(e.fidelity.columnShapes.score >= 0.95, `column shapes ${e.fidelity.columnShapes.score}`);
    assert.ok(e.fidelity.columnPairTrends.score >= 0.9, `pair trends ${e.fidelity.columnPairTrends.score}`);
    assert.ok(e.privacy.exactMatches.rate <= 0.0014 + 0.001, `exact-match rate ${e.privacy.exactMatches.rate}`);
    // Its wall time is measured by `npm run bench` (evaluate), not asserted here.
    const page = fs.readFileSync(html, 'utf8');
    assert.match(page, /Content-Security-Policy/);
    assert.deepEqual(networkUrls(page), []);
  });
});

describe('twin generate from reviewed metadata', function () {
  const stranded = sharedData('nhsr', 'stranded_data.csv');
  it('makes a correlated twin without the columns a person excluded, and refuses metadata of other data', function () {
    requireOrSkip(this, stranded, '../shared/data/nhsr is not present');
    const dir = tempDir('reviewed');
    const meta = path.join(dir, 'metadata.json');
    assert.equal(twin(['profile', stranded!, '--out', meta, '--quiet']).status, 0);
    const m = JSON.parse(fs.readFileSync(meta, 'utf8'));
    m.columns.find((c: any) => c.name === 'frailty_index').excluded = true;
    fs.writeFileSync(meta, JSON.stringify(m));
    const out = path.join(dir, 'twin.csv');
    let r = twin(['generate', stranded!, '--metadata', meta, '--allow-unsigned', '--level', 'correlated', '--rows', '200', '--out', out, '--quiet']);
    assert.equal(r.status, 0, r.stderr);
    const header = fs.readFileSync(out, 'utf8').split('\n')[0];
    assert.ok(!header.includes('frailty_index'), header);
    assert.ok(header.includes('admit_date'), header);
    // Metadata of another file is refused, naming the metadata file (even when unsigned metadata is allowed).
    const other = path.join(dir, 'other.csv');
    fs.writeFileSync(other, fs.readFileSync(stranded!, 'utf8').replace('Not Stranded', 'Stranded'));
    r = twin(['generate', other, '--metadata', meta, '--allow-unsigned', '--level', 'correlated', '--out', path.join(dir, 'x.csv'), '--quiet']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /metadata\.json: was made from another version of other\.csv/);
    assert.ok(!fs.existsSync(path.join(dir, 'x.csv')));
  });
});

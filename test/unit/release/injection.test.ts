import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { releaseCommand } from '../../../src/cli/commands/release';
import { createReleasePack } from '../../../src/core/release';
import { isTwinError } from '../../../src/core/errors';
import { writeHospitalAdmissionsSample } from '../../../src/core/sample';
import { fakeIO, pythonWithPandas, rscript, run, tempDir } from './helpers';
import { requireOrSkip } from '../skip';

const NOW = new Date('2026-11-23T09:30:00Z');

/** Column names and categories crafted to break Markdown, HTML, templates, tables, spreadsheets and code. */
const HOSTILE_COLUMNS = ['id', 'evil|col', '[click](http://evil.example)', '<script>alert(1)</script>', '{{level}}', 'grp'];
const HOSTILE_CATEGORIES = ['=HYPERLINK("http://x")', '<img src=x onerror=alert(1)>', '**bold**|pipe', '{{custodian}}'];

function csvField(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

describe('release pack: hostile column names and categories', function () {
  this.timeout(120_000);
  let dir: string;
  let card: string;

  before(async () => {
    dir = tempDir('inject');
    const lines = [HOSTILE_COLUMNS.map(csvField).join(',')];
    for (let i = 0; i < 200; i++) {
      lines.push([String(i + 1), (i % 17 + 0.5).toFixed(1), i % 2 ? 'A' : 'B', i % 3 ? 'x' : 'y', String(i % 7), HOSTILE_CATEGORIES[i % 4]].map(csvField).join(','));
    }
    fs.writeFileSync(path.join(dir, 'hostile.csv'), lines.join('\n') + '\n');
    const pack = await createReleasePack({ data: path.join(dir, 'hostile.csv'), level: 'statistical', custodian: 'Trust', contact: 'c@example.org', now: NOW });
    card = fs.readFileSync(path.join(pack.dir, 'DATA_CARD.md'), 'utf8');
  });

  it('neutralises them in the data card', () => {
    assert.doesNotMatch(card, /<script|<img/);
    assert.doesNotMatch(card, /(?<!\\)\]\(http/);
    assert.doesNotMatch(card, /https?:\/\//);
    assert.doesNotMatch(card, /\{\{/);
    assert.ok(card.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(card.includes('\\[click\\](http\\://evil.example)'));
    assert.ok(card.includes('evil\\|col'));
    // Mid-cell, a formula character is harmless; at the start of a cell it is quoted (see the escaper's tests).
    // (Their order follows the frequencies of the training records, which the default holdout changes.)
    const grp = card.split('\n').find((l) => l.startsWith('| grp |')) ?? '';
    assert.ok(grp.includes('4 published categories: '), grp);
    for (const c of ['=HYPERLINK("http\\://x")', '&lt;img src=x onerror=alert(1)&gt;', '\\*\\*bold\\*\\*\\|pipe', '\\{\\{custodian\\}\\}']) assert.ok(grp.includes(c), `${c} in ${grp}`);
    assert.ok(card.includes('\\*\\*bold\\*\\*\\|pipe'));
    assert.ok(card.includes('\\{\\{custodian\\}\\}'));
  });

  it('keeps the schema table one row per column with six cells', () => {
    const rows = card.split('## Schema')[1].split('\n\n')[1].split('\n').slice(2);
    assert.equal(rows.length, HOSTILE_COLUMNS.length);
    for (const row of rows) assert.equal(row.split(/(?<!\\)\|/).length - 2, 6, row);
  });

  it('writes starter code that still reads the file with those names', async function () {
    const python = pythonWithPandas();
    const r = rscript();
    requireOrSkip(this, python || r, 'neither python3 with pandas nor Rscript is installed');
    const packDir = path.join(dir, 'synthetic', 'hostile-statistical');
    if (python) {
      const res = run(python, ['analysis.py'], { cwd: packDir });
      assert.equal(res.status, 0, res.stderr);
      assert.match(res.stdout, /^rows: 1[5-7]\d\ncolumns: 6\nmean id: \d+\.\d{4}\n$/); // 80% of 200 (holdout), perturbed (cell key, ±2)
    }
    if (r) {
      const res = run(r, ['analysis.R'], { cwd: packDir });
      assert.equal(res.status, 0, res.stderr);
      assert.match(res.stdout, /^rows: 1[5-7]\d\ncolumns: 6\nmean id: \d+\.\d{4}\n$/);
    }
  });
});

describe('twin release (command)', function () {
  this.timeout(120_000);

  it('prints the pack\'s folder and files as JSON', async () => {
    const dir = tempDir('cmd');
    await writeHospitalAdmissionsSample(path.join(dir, 'adm.csv'), { rows: 300 });
    const io = fakeIO(dir);
    await releaseCommand(['adm.csv', '--level', 'structural', '--dir', 'out', '--seed', '3', '--custodian', 'Trust', '--contact', 'c@example.org', '--quiet'], io);
    const result = JSON.parse(io.out()) as { dir: string; files: string[] };
    assert.equal(result.dir, path.join(dir, 'out'));
    assert.deepEqual(result.files.map((f) => path.basename(f)), [
      'adm.synthetic.csv', 'adm.twin.json', 'metadata.json', 'evaluation.json', 'evaluation.html',
      'DATA_CARD.md', 'EULA.md', 'RELEASE_CHECKLIST.md', 'analysis.py', 'analysis.R', 'results.json',
    ]);
    assert.ok(result.files.every((f) => fs.existsSync(f)));
    assert.match(fs.readFileSync(path.join(dir, 'out', 'DATA_CARD.md'), 'utf8'), /Level: \*\*structural\*\*, method \*\*structural\*\*, seed 3\./);
  });

  it('marks a pack without custodian or contact ❌ on that item', async () => {
    const dir = tempDir('noparty');
    await writeHospitalAdmissionsSample(path.join(dir, 'adm.csv'), { rows: 300 });
    await releaseCommand(['adm.csv', '--level', 'structural', '--quiet'], fakeIO(dir));
    const list = fs.readFileSync(path.join(dir, 'synthetic', 'adm-structural', 'RELEASE_CHECKLIST.md'), 'utf8');
    assert.match(list, /^- ❌ \*\*Licence names custodian and contact\*\*: EULA\.md has no custodian or contact/m);
  });

  it('prints its help, and refuses a missing or unknown level', async () => {
    const io = fakeIO('/');
    await releaseCommand(['--help'], io);
    assert.match(io.out(), /^twin release <data> --level/);
    await assert.rejects(releaseCommand(['x.csv'], fakeIO('/')), (e: unknown) => isTwinError(e) && e.kind === 'usage');
    await assert.rejects(releaseCommand(['x.csv', '--level', 'perfect'], fakeIO('/')), (e: unknown) => isTwinError(e) && e.kind === 'usage');
    await assert.rejects(releaseCommand(['missing.csv', '--level', 'structural'], fakeIO(tempDir('nofile'))), (e: unknown) => isTwinError(e) && e.kind === 'input' && /file not found/.test(e.message));
  });
});

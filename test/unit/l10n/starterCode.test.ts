import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { profileLinkedDataset } from '../../../src/core/dataset/profileLinked';
import { setLanguage } from '../../../src/core/l10n';
import { createDatasetReleasePack, createReleasePack } from '../../../src/core/release';
import { writeHospitalAdmissionsSample, writeLinkedSample } from '../../../src/core/sample';
import { requireOrSkip } from '../skip';
import { pythonWithPandas, rscript, run, tempDir } from '../release/helpers';

/**
 * Issue 18: the starter code of a Welsh pack (media/templates/cy) speaks Welsh in its comments and
 * printed lines, while its code is the English code: a researcher's first line on the twin must
 * work on the real data, whichever language the pack was made in.
 */
const NOW = new Date('2026-12-08T00:00:00Z');

/** Starts a Python docstring line (a one-line docstring or the first line of the module's). */
const DOCSTRING = /^\s*"""/;

/**
 * The lines that run: comments, docstrings and blank lines left out. A module docstring spans
 * lines up to its closing quotes.
 */
function codeLines(text: string, language: 'py' | 'r'): string[] {
  const out: string[] = [];
  let inDocstring = false;
  for (const line of text.split('\n')) {
    if (inDocstring) {
      if (line.includes('"""')) inDocstring = false;
      continue;
    }
    if (line.trim() === '' || /^\s*#/.test(line)) continue;
    if (language === 'py' && DOCSTRING.test(line)) {
      inDocstring = (line.match(/"""/g) ?? []).length === 1;
      continue;
    }
    out.push(line);
  }
  return out;
}

/** A line's string literals, in order ("…" only: the templates print with double quotes). */
const literals = (line: string): string[] => [...line.matchAll(/"(?:\\.|[^"\\])*"/g)].map((m) => m[0]);

/**
 * Checks that two starter scripts are the same code: line for line equal, except that a printed
 * line (print/cat) or a value shown in one (listed in `shown`) may differ in its literals' words.
 */
function assertSameCode(english: string, welsh: string, language: 'py' | 'r', shown: string[] = []): void {
  const en = codeLines(english, language);
  const cy = codeLines(welsh, language);
  assert.equal(cy.length, en.length, 'the same number of code lines');
  let translated = 0;
  for (let i = 0; i < en.length; i++) {
    if (en[i] === cy[i]) continue;
    const skeleton = (l: string) => l.replace(/"(?:\\.|[^"\\])*"/g, '""');
    assert.equal(skeleton(cy[i]), skeleton(en[i]), `code differs beyond its text:\n${en[i]}\n${cy[i]}`);
    const printed = /^\s*(print|cat)\(/.test(en[i]);
    const differing = literals(en[i]).filter((lit, j) => lit !== literals(cy[i])[j]);
    assert.ok(printed || differing.every((lit) => shown.includes(lit)), `a literal that is not printed text differs:\n${en[i]}\n${cy[i]}`);
    // Template fields (column and table names) are never translated.
    assert.ok(differing.every((lit) => !lit.includes('{{')), `a field differs:\n${en[i]}\n${cy[i]}`);
    translated++;
  }
  assert.ok(translated >= 2, `only ${translated} printed lines are in Welsh`);
  // The keep regions carry a person's code between packs in either language.
  for (const marker of ['# twin:keep:analysis', '# /twin:keep:analysis']) {
    const has = (t: string) => t.split('\n').some((l) => l.trim() === marker);
    assert.ok(has(english) && has(welsh), marker);
  }
  // Every comment was translated: none of the English comment lines is left in the Welsh.
  const comments = (t: string) => t.split('\n').filter((l) => /^\s*#\s*[A-Z][a-z]+ /.test(l)).map((l) => l.trim());
  const englishComments = new Set(comments(english));
  assert.deepEqual(comments(welsh).filter((l) => englishComments.has(l)), []);
}

const TEMPLATES = path.resolve(__dirname, '..', '..', '..', 'media', 'templates');

describe('l10n: Welsh starter code', function () {
  this.timeout(600_000);
  afterEach(() => setLanguage('en'));

  for (const sub of ['', 'dataset']) {
    for (const [name, language] of [['analysis.py', 'py'], ['analysis.R', 'r']] as const) {
      it(`media/templates/cy/${sub ? `${sub}/` : ''}${name} is the English template's code with Welsh comments and printed words`, () => {
        const read = (...p: string[]) => fs.readFileSync(path.join(TEMPLATES, ...p), 'utf8');
        assertSameCode(read(sub, name), read('cy', sub, name), language, ['"none"']);
      });
    }
  }

  describe('one table', () => {
    let root: string;
    let data: string;
    let en: string;
    let cy: string;

    before(async () => {
      root = tempDir('cy-starter');
      data = path.join(root, 'adm.csv');
      await writeHospitalAdmissionsSample(data, { rows: 1200 });
      en = (await createReleasePack({ data, level: 'structural', dir: path.join(root, 'en'), now: NOW })).dir;
      setLanguage('cy');
      try {
        cy = (await createReleasePack({ data, level: 'structural', dir: path.join(root, 'cy'), now: NOW })).dir;
      } finally {
        setLanguage('en');
      }
    });

    const read = (dir: string, name: string) => fs.readFileSync(path.join(dir, name), 'utf8');

    it('renders the same code in both packs, the English starter code unchanged by the Welsh one', () => {
      assertSameCode(read(en, 'analysis.py'), read(cy, 'analysis.py'), 'py');
      assertSameCode(read(en, 'analysis.R'), read(cy, 'analysis.R'), 'r');
      assert.match(read(cy, 'analysis.py'), /^"""Dadansoddiad cychwynnol ar gyfer gefell synthetig adm \(lefel structural\)\./);
      assert.match(read(en, 'analysis.py'), /^"""Starter analysis for the synthetic twin of adm \(structural level\)\./);
      // The English template is the one every English pack has always had.
      assert.equal(read(en, 'analysis.py').includes('print("rows: " + str(len(df)))'), true);
    });

    // The printed words of the English summary and their Welsh.
    const WELSH = (s: string) => s.replace(/^rows: /m, 'rhesi: ').replace(/^columns: /m, 'colofnau: ').replace(/^mean /m, 'cymedr ').replace(/^first /m, 'cynharaf ');

    for (const [script, find] of [['analysis.py', pythonWithPandas], ['analysis.R', rscript]] as const) {
      it(`runs the Welsh ${script} on the twin and on the real file: Welsh words, the English figures`, function () {
        const program = find();
        requireOrSkip(this, program, `${script === 'analysis.py' ? 'python3 with pandas' : 'Rscript'} is not installed (Debian: python3-pandas, r-base-core)`);
        // A plain locale: the Welsh script must not depend on a Welsh one.
        const env = { LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
        // Each pack's own twin (the same seed made the same twin), then the real file.
        for (const target of [{}, { TWIN_DATA: data }] as Record<string, string>[]) {
          const english = run(program!, [path.join(en, script)], { cwd: root, env: { ...env, ...target } });
          const welsh = run(program!, [path.join(cy, script)], { cwd: root, env: { ...env, ...target } });
          assert.equal(english.status, 0, english.stderr);
          assert.equal(welsh.status, 0, welsh.stderr);
          assert.match(english.stdout, /^rows: \d+\ncolumns: 16\nmean age: \d+\.\d{4}\nfirst admission_datetime: \d{4}-\d\d-\d\d\n$/);
          assert.equal(welsh.stdout, WELSH(english.stdout));
        }
      });
    }
  });

  describe('a linked dataset', () => {
    let real: string;
    let pack: string;

    before(async () => {
      const dir = tempDir('cy-dataset-starter');
      real = path.join(dir, 'hospital');
      await writeLinkedSample(real, { persons: 200 });
      const { metadata } = await profileLinkedDataset(real);
      setLanguage('cy');
      let made: Awaited<ReturnType<typeof createDatasetReleasePack>>;
      try {
        made = await createDatasetReleasePack({ data: real, dataDir: real, metadata, level: 'structural', dir: path.join(dir, 'pack'), now: NOW });
      } finally {
        setLanguage('en');
      }
      pack = made.dir;
      // The Welsh starter code holds nothing the disclosure audit objects to.
      assert.equal(made.audit.status, 'pass', JSON.stringify(made.audit.checks.filter((c) => c.status !== 'pass')));
    });

    it('runs the Welsh analysis.py and analysis.R on the twin and the real tables: every key joins, the same Welsh lines from both', function () {
      const python = pythonWithPandas();
      const r = rscript();
      requireOrSkip(this, python && r, 'python3 with pandas and Rscript are needed (Debian: python3-pandas, r-base-core)');
      const env = { LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
      for (const target of [{}, { TWIN_DATA: real }] as Record<string, string>[]) {
        const py = run(python!, ['analysis.py'], { cwd: pack, env: { ...env, ...target } });
        const rr = run(r!, ['analysis.R'], { cwd: pack, env: { ...env, ...target } });
        assert.equal(py.status, 0, py.stderr);
        assert.equal(rr.status, 0, rr.stderr);
        assert.equal(py.stdout, rr.stdout);
        assert.match(py.stdout, /^patients: \d+ rhes, 6 colofn$/m);
        const joins = py.stdout.split('\n').filter((l) => l.includes(' allwedd yn uno'));
        assert.ok(joins.length >= 4, py.stdout);
        for (const line of joins) {
          const m = /: (\d+) o (\d+) allwedd yn uno$/.exec(line);
          assert.ok(m && m[1] === m[2] && Number(m[2]) > 0, line);
        }
        assert.match(py.stdout, / digwyddiad fesul unigolyn sydd ag o leiaf un; bwlch canolrifol (\d+\.\d|dim) diwrnod$/m);
        assert.doesNotMatch(py.stdout, /\b(rows|columns|keys join|events per person|days)\b/);
      }
    });
  });
});

/**
 * Issue 7 item 1: every case of the bad-input corpus through the real CLI (child processes with
 * timeouts): profile, and where that succeeds generate (statistical, correlated) and evaluate
 * against itself. Each command either gives a correct result (values asserted) or exits 1 with
 * one line naming the file (and row/column where it applies) — never a stack trace or a hang.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { CORPUS, HOSTILE_NAMES, HOSTILE_VALUES } from './corpus';
import { hasStackTrace, parseCsv, runLimited, tempDir, twinAsync, type CliResult } from './helpers';

interface CaseRun {
  file: string;
  profile: CliResult;
  statistical?: CliResult;
  correlated?: CliResult;
  evaluate?: CliResult;
}

/** Cases whose size is the point: generate fewer rows. */
const BIG = new Set(['1,000,000 distinct categories in one column', '1,000 columns']);
/** Memory must stay bounded whatever the number of distinct values: profile within a 256 MB heap. */
const BOUNDED_HEAP = new Set(['1,000,000 distinct categories in one column', '1,000,000 distinct categories, not unique (over the category limit)']);

describe('hardening: bad-input corpus through the CLI', function () {
  this.timeout(600_000);
  const dir = tempDir('corpus');
  const runs = new Map<string, CaseRun>();

  before(async function () {
    await runLimited(3, CORPUS.map((c) => async () => {
      const file = c.write(dir);
      const big = BIG.has(c.name);
      const profile = await twinAsync(['profile', file, '-q', '--out', `${file}.meta.json`, '--full', `${file}.full.json`],
        { timeoutMs: 120_000, nodeArgs: BOUNDED_HEAP.has(c.name) ? ['--max-old-space-size=256'] : [] });
      const run: CaseRun = { file, profile };
      if (profile.status === 0) {
        const rows = big ? ['--rows', '300'] : [];
        run.statistical = await twinAsync(['generate', file, '--level', 'statistical', '-q', '--out', `${file}.stat.csv`, ...rows]);
        run.correlated = await twinAsync(['generate', file, '--level', 'correlated', '-q', '--out', `${file}.corr.csv`, ...rows]);
        run.evaluate = await twinAsync(['evaluate', file, file, '-q', '--out', `${file}.eval.json`, '--html', `${file}.eval.html`, '--sample-size', '2000']);
      }
      runs.set(c.name, run);
    }));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const get = (name: string): CaseRun => {
    const r = runs.get(name);
    assert.ok(r, `case ${name} did not run`);
    return r;
  };
  const meta = (r: CaseRun): { associations?: { pairs: unknown[] }; dataset: { rows: number; dialect: { encoding?: string } }; columns: { name: string; type: string; missing: number; format: { kind: string; decimals?: number } }[] } =>
    JSON.parse(fs.readFileSync(`${r.file}.meta.json`, 'utf8'));
  const full = (r: CaseRun): { columns: { name: string; frequencies: { values: { value: string; count: number }[] } }[] } =>
    JSON.parse(fs.readFileSync(`${r.file}.full.json`, 'utf8'));
  const csv = (p: string): string[][] => parseCsv(fs.readFileSync(p, 'utf8'));
  /** Exit 1 with one line "twin: <file>[, row N][, column "c"]: reason". */
  const assertInputError = (r: CliResult, file: string, reason: RegExp, row?: number): void => {
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, `one line expected: ${r.stderr}`);
    assert.ok(lines[0].startsWith(`twin: ${file}`), lines[0]);
    if (row !== undefined) assert.ok(lines[0].includes(`row ${row}`), lines[0]);
    assert.match(lines[0], reason);
    assert.doesNotMatch(lines[0], /internal error/);
  };
  const assertAllOk = (r: CaseRun): void => {
    for (const k of ['profile', 'statistical', 'correlated', 'evaluate'] as const) {
      const c = r[k];
      assert.ok(c, `${k} did not run`);
      assert.equal(c.status, 0, `${k}: ${c.stderr}`);
    }
  };

  it('no command crashes, hangs or prints a stack trace on any case', () => {
    for (const [name, r] of runs) {
      for (const k of ['profile', 'statistical', 'correlated', 'evaluate'] as const) {
        const c = r[k];
        if (!c) continue;
        assert.equal(c.signal, null, `${name} ${k} was killed (hang) after ${c.ms} ms`);
        assert.ok(c.status === 0 || c.status === 1, `${name} ${k}: status ${c.status}`);
        assert.ok(!hasStackTrace(c.stderr), `${name} ${k}: stack trace: ${c.stderr}`);
        assert.doesNotMatch(c.stderr, /internal error/, `${name} ${k}`);
        if (c.status === 1) assert.equal(c.stderr.trimEnd().split('\n').length, 1, `${name} ${k}: ${c.stderr}`);
      }
    }
    assert.equal(runs.size, CORPUS.length);
  });

  it('empty file → exit 1 "empty file"', () => {
    const r = get('empty file');
    assertInputError(r.profile, r.file, /empty file/);
  });

  it('header only → exit 1 "no data rows"', () => {
    const r = get('header only');
    assertInputError(r.profile, r.file, /no data rows/);
  });

  it('one row → profiled (1 row) and twins of one row', () => {
    const r = get('one row');
    assertAllOk(r);
    // The published row count is perturbed by the cell-key method (a positive count stays ≥ 1, moves ≤ 2),
    // then rounded to 5 like every count (a positive count never to 0): one row is published as 5.
    const rows = meta(r).dataset.rows;
    assert.equal(rows, 5);
    assert.deepEqual(csv(`${r.file}.stat.csv`)[0], ['age', 'sex']);
    assert.equal(csv(`${r.file}.stat.csv`).length, rows + 1);
  });

  it('1,000 columns → 1,000 columns profiled and generated', () => {
    const r = get('1,000 columns');
    assertAllOk(r);
    assert.equal(meta(r).columns.length, 1000);
    // 499,500 pairs would be kept otherwise: past 200 columns they are skipped, so metadata.json stays small.
    assert.deepEqual(meta(r).associations?.pairs ?? [], []);
    assert.ok(fs.statSync(`${r.file}.meta.json`).size < 5_000_000, String(fs.statSync(`${r.file}.meta.json`).size));
    const twin = csv(`${r.file}.corr.csv`);
    assert.equal(twin[0].length, 1000);
    assert.equal(twin[0][999], 'c999');
    assert.ok(Math.abs(twin.length - 301) <= 2, String(twin.length)); // the published (perturbed) 300 rows
  });

  it('2,001 columns → exit 1 naming the limit and how to raise it', () => {
    const r = get('2,001 columns (over the default limit)');
    assertInputError(r.profile, r.file, /has 2,001 columns, more than the limit of 2,000 \(raise the column limit\)/);
  });

  it('1,000,000 distinct categories → profiled within a 256 MB heap, twin generated', () => {
    const r = get('1,000,000 distinct categories in one column');
    assertAllOk(r);
    const m = meta(r);
    assert.ok(Math.abs(m.dataset.rows - 1_000_000) <= 2, String(m.dataset.rows)); // perturbed (cell key)
    assert.equal(m.columns[0].name, 'code');
    // every value distinct: a key, described by format only (never a million categories in the metadata)
    assert.equal(m.columns[0].type, 'identifier');
    assert.ok(fs.statSync(`${r.file}.meta.json`).size < 1_000_000);
  });

  it('1,000,000 distinct categories that repeat → exit 1 naming the column and the category limit, in bounded memory', () => {
    const r = get('1,000,000 distinct categories, not unique (over the category limit)');
    assertInputError(r.profile, r.file, /column "code": has about 1,0\d\d,\d{3} distinct categories, more than the limit of 250,000 \(raise the category limit\)/);
  });

    it('all-missing column → missing 1, and the twin leaves it empty', () => {
    const r = get('all-missing column');
    assertAllOk(r);
    const col = meta(r).columns.find((c) => c.name === 'empty');
    assert.equal(col?.missing, 1);
    const twin = csv(`${r.file}.stat.csv`);
    assert.ok(twin.slice(1).every((row) => row[1] === ''));
  });

  it('constant column → kept constant in both twins', () => {
    const r = get('constant column');
    assertAllOk(r);
    for (const f of ['stat', 'corr']) {
      const twin = csv(`${r.file}.${f}.csv`);
      assert.ok(Math.abs(twin.length - 21) <= 2, String(twin.length)); // the published (perturbed) 20 rows
      assert.ok(twin.slice(1).every((row) => row[1] === '7'), f);
    }
  });

  it('ragged rows → exit 1 naming file and row 3', () => {
    const r = get('ragged rows');
    assertInputError(r.profile, r.file, /expected 3 fields but found 2/, 3);
  });

  it('unterminated quote → exit 1 naming file and row 3', () => {
    const r = get('unterminated quote');
    assertInputError(r.profile, r.file, /unterminated quoted field/, 3);
  });

  it('mixed CRLF/LF line endings → read as 5 records, no stray CR in any value', () => {
    const r = get('mixed line endings');
    assertAllOk(r);
    assert.ok(Math.abs(meta(r).dataset.rows - 5) <= 2); // perturbed (cell key)
    const values = full(r).columns[1].frequencies.values.map((v) => v.value).sort();
    assert.deepEqual(values, ['w', 'x', 'y', 'z']);
  });

  it('NUL bytes → exit 1 "contains NUL bytes"', () => {
    const r = get('NUL bytes');
    assertInputError(r.profile, r.file, /NUL bytes/);
  });

  it('invalid UTF-8 → read deliberately as Windows-1252 (recorded), values intact', () => {
    const r = get('invalid UTF-8');
    assertAllOk(r);
    assert.equal(meta(r).dataset.dialect.encoding, 'windows-1252');
    const values = full(r).columns[0].frequencies.values.map((v) => v.value).sort();
    assert.deepEqual(values, ['ab\u00ff\u00fe\u00c3', 'xy', 'zz']);
  });

  it('UTF-16LE without BOM → detected, names and values decoded', () => {
    const r = get('UTF-16LE without BOM');
    assertAllOk(r);
    const m = meta(r);
    assert.equal(m.dataset.dialect.encoding, 'utf-16le');
    assert.deepEqual(m.columns.map((c) => c.name), ['name', 'n']);
    // the twin is written back in the source's encoding
    const twin = fs.readFileSync(`${r.file}.stat.csv`).toString('utf16le');
    assert.ok(twin.startsWith('name,n\n'), JSON.stringify(twin.slice(0, 20)));
  });

  it('-0 among decimals → a 2-dp numeric column', () => {
    const r = get('-0 among decimals');
    assertAllOk(r);
    const v = meta(r).columns[1];
    assert.equal(v.type, 'numeric');
    assert.equal(v.format.decimals, 2);
    assert.ok(csv(`${r.file}.corr.csv`).slice(1).every((row) => /^-?\d+\.\d\d$/.test(row[1])));
  });

  it('1e309, NaN, Infinity → kept as exact text (categorical), never turned into numbers', () => {
    const r = get('1e309, NaN, Infinity among numbers');
    assertAllOk(r);
    assert.equal(meta(r).columns[1].type, 'categorical');
    const values = full(r).columns[1].frequencies.values.map((v) => v.value).sort();
    assert.deepEqual(values, ['-2.25', '1.5', '1e309', '3', 'Infinity', 'NaN']);
  });

  it('31/02/2020 is not a date: the column is not typed date', () => {
    const r = get('date 31/02/2020 among dd/mm/yyyy dates');
    assertAllOk(r);
    assert.notEqual(meta(r).columns[1].type, 'date');
  });

  it('0000-00-00 is not a date: the column is not typed date', () => {
    const r = get('date 0000-00-00 among ISO dates');
    assertAllOk(r);
    assert.notEqual(meta(r).columns[1].type, 'date');
  });

  it('duplicate column names → exit 1 naming both positions', () => {
    const r = get('duplicate column names');
    assertInputError(r.profile, r.file, /duplicate column name \(columns 1 and 3 are both called "a"\)/, 1);
  });

  it('empty column name → named by position (column_2), header still recognised', () => {
    const r = get('empty column name');
    assertAllOk(r);
    const m = meta(r);
    assert.deepEqual(m.columns.map((c) => c.name), ['a', 'column_2', 'c']);
    assert.ok(Math.abs(m.dataset.rows - 10) <= 2); // perturbed (cell key)
    assert.deepEqual(csv(`${r.file}.stat.csv`)[0], ['a', 'column_2', 'c']);
  });

  it('hostile names and values round-trip exactly through the twin CSVs', () => {
    const r = get('hostile names and values');
    assertAllOk(r);
    const m = meta(r);
    assert.deepEqual(m.columns.map((c) => c.name), ['id', ...HOSTILE_NAMES, 'hostile']);
    for (const f of ['stat', 'corr']) {
      const twin = csv(`${r.file}.${f}.csv`);
      assert.deepEqual(twin[0], ['id', ...HOSTILE_NAMES, 'hostile'], f);
      for (const row of twin.slice(1)) {
        assert.equal(row.length, HOSTILE_NAMES.length + 2, `${f}: ${JSON.stringify(row)}`);
        for (const v of row.slice(1)) assert.ok(v === '' || HOSTILE_VALUES.includes(v), `${f}: unexpected ${JSON.stringify(v)}`);
      }
    }
  });

  it('hostile names and values appear in evaluation.html only as escaped text', () => {
    const r = get('hostile names and values');
    const html = fs.readFileSync(`${r.file}.eval.html`, 'utf8');
    const json = /<script type="application\/json" id="twin-report">([\s\S]*?)<\/script>/.exec(html);
    assert.ok(json, 'embedded report JSON');
    assert.ok(!json[1].includes('<'), 'embedded JSON must escape <');
    assert.ok(!html.includes('<script>alert'), 'no live script from the data');
    assert.ok(!html.includes('<img src=x'), 'no live img from the data');
    assert.ok(!html.includes('<b>bold</b>'), 'no live markup from a column name');
    const report = JSON.parse(json[1]) as unknown;
    assert.ok(JSON.stringify(report).includes('<b>bold</b>'), 'the name survives as text in the data');
  });
});

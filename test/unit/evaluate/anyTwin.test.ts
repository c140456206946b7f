import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { evaluateFiles } from '../../../src/core/evaluate/evaluateFiles';
import type { EvaluationReport } from '../../../src/core/evaluate/report';
import { matchTwinColumns } from '../../../src/core/evaluate/twinColumns';
import { createRandom } from '../../../src/core/random';
import type { ColumnSpec } from '../../../src/core/schema';
import { generateTwin } from '../../../src/core/synth';
import { requireOrSkip } from '../skip';

const spec = (name: string): ColumnSpec => ({ name, type: 'categorical', format: { kind: 'string' } });

/** The first of `candidates` for which `probe` succeeds (the pyenv shim may lack pandas; Debian's is in /usr/bin). */
function program(candidates: string[], probe: string[]): string | null {
  for (const c of candidates) if (spawnSync(c, probe, { encoding: 'utf8', timeout: 60_000 }).status === 0) return c;
  return null;
}

function runOrFail(cmd: string, args: string[], cwd: string): void {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `${cmd} failed: ${r.stderr}`);
}

/** The fidelity figures that must not change when the same twin is written by another tool. */
function figures(r: EvaluationReport): Record<string, number | null> {
  const out: Record<string, number | null> = {
    score: r.fidelity.score,
    shapes: r.fidelity.columnShapes.score,
    pairs: r.fidelity.columnPairTrends.score,
    pMSE: r.fidelity.pMSE.value,
  };
  for (const c of r.fidelity.columnShapes.columns) out[`shape ${c.column}`] = c.score;
  for (const p of r.fidelity.columnPairTrends.pairs) out[`pair ${p.columns.join('|')}`] = p.score;
  return out;
}

function assertSameFigures(actual: EvaluationReport, expected: EvaluationReport, label: string): void {
  const a = figures(actual);
  const e = figures(expected);
  assert.deepEqual(Object.keys(a).sort(), Object.keys(e).sort(), `${label}: the same columns and pairs are scored`);
  for (const k of Object.keys(e)) {
    if (e[k] === null) assert.equal(a[k], null, `${label}: ${k}`);
    else assert.ok(a[k] !== null && Math.abs(a[k]! - e[k]!) <= 1e-9, `${label}: ${k} is ${a[k]}, the twin's own file gives ${e[k]}`);
  }
}

describe('evaluate any twin: columns matched by name', () => {
  it('matches R\'s make.names spellings and reports missing, extra and reordered columns', () => {
    const m = matchTwinColumns([spec('education-num'), spec('1st visit'), spec('age'), spec('gone')], ['age', 'X1st.visit', 'education.num', 'Unnamed: 0']);
    assert.deepEqual(m.renamed, [{ column: 'education-num', fileColumn: 'education.num' }, { column: '1st visit', fileColumn: 'X1st.visit' }]);
    assert.deepEqual(m.missing, ['gone']);
    assert.deepEqual(m.extra, ['Unnamed: 0']);
    assert.equal(m.reordered, true);
    assert.equal(m.fileColumnOf.get('age'), 'age');
  });

  it('matches no column when two file columns share a loose spelling', () => {
    const m = matchTwinColumns([spec('a-b')], ['a.b', 'A_B']);
    assert.deepEqual(m.missing, ['a-b']);
    assert.deepEqual(m.extra, ['a.b', 'A_B']);
  });
});

/** A real file with an integer column with missing values, a 0/1 column with missing values, dates, datetimes and categories. */
function realCsv(n: number, seed: number): string {
  const rng = createRandom(seed);
  const lines = ['id,age,treated,group,visit,seen_at,score'];
  for (let i = 0; i < n; i++) {
    const age = rng.next() < 0.1 ? '' : String(Math.round(45 + 12 * rng.normal()));
    const treated = rng.next() < 0.1 ? '' : rng.next() < 0.4 ? '1' : '0';
    const g = rng.next();
    const group = g < 0.5 ? 'North' : g < 0.8 ? 'South' : 'East';
    const day = 1 + rng.int(28);
    const month = 1 + rng.int(12);
    const visit = `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/2021`;
    const seen = `2021-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')} ${String(rng.int(24)).padStart(2, '0')}:${String(rng.int(60)).padStart(2, '0')}:00`;
    const score = (50 + 10 * rng.normal()).toFixed(1);
    lines.push([`P${100000 + i}`, age, treated, group, visit, seen, score].join(','));
  }
  return lines.join('\n') + '\n';
}

describe('evaluate any twin: values harmonised to the real formats', function () {
  let dir = '';
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-anytwin-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a twin rewritten with other renderings, delimiter, quoting and column order scores as the twin itself', async () => {
    const real = path.join(dir, 'real.csv');
    fs.writeFileSync(real, realCsv(400, 11));
    const twin = path.join(dir, 'twin.csv');
    fs.writeFileSync(twin, realCsv(300, 12));
    const own = await evaluateFiles(real, twin, { seed: 3 });

    // The same twin as another tool might write it: ';' delimiter, every field quoted, columns
    // reordered, an extra index column, 0/1 and whole numbers as floats, NaN for missing, True/False,
    // ISO dates, padded categories.
    const rows = fs.readFileSync(twin, 'utf8').trimEnd().split('\n').map((l) => l.split(','));
    const header = rows[0];
    const at = (name: string) => header.indexOf(name);
    const order = ['score', 'group', 'seen_at', 'visit', 'treated', 'age', 'id'];
    const out = [['', ...order].map((h) => `"${h}"`).join(';')];
    let k = 0;
    for (const r of rows.slice(1)) {
      const cell = (name: string): string => {
        const v = r[at(name)];
        switch (name) {
          case 'age': return v === '' ? 'NaN' : `${v}.0`;
          case 'treated': return v === '' ? 'nan' : k % 2 ? (v === '1' ? 'True' : 'False') : `${v}.0`;
          case 'group': return ` ${v} `;
          case 'visit': { const [d, m, y] = v.split('/'); return `${y}-${m}-${d}`; }
          case 'seen_at': return v.replace(' ', 'T') + 'Z';
          default: return v;
        }
      };
      out.push([String(k), ...order.map(cell)].map((c) => `"${c}"`).join(';'));
      k++;
    }
    const other = path.join(dir, 'other.csv');
    fs.writeFileSync(other, out.join('\r\n') + '\r\n');
    const report = await evaluateFiles(real, other, { seed: 3 });
    assertSameFigures(report, own, 'rewritten twin');
    const t = report.twinFile!;
    assert.deepEqual(t.extraColumns, ['column_1']); // the reader names an unnamed header cell
    assert.deepEqual(t.missingColumns, []);
    assert.equal(t.reordered, true);
    const byColumn = new Map(t.columns.map((c) => [c.column, c]));
    const missingAges = rows.slice(1).filter((r) => r[at('age')] === '').length;
    // 41.0 already reads as an integer; NaN is another spelling of missing.
    assert.ok(missingAges > 0);
    assert.deepEqual(byColumn.get('age')?.ways, [{ way: 'missing-spelling', count: missingAges }]);
    assert.equal(byColumn.get('treated')?.harmonised, 300);
    assert.equal(byColumn.get('group')?.ways[0].way, 'surrounding-spaces');
    assert.deepEqual(byColumn.get('visit')?.ways, [{ way: 'date-rendering', count: 300 }]);
    assert.deepEqual(byColumn.get('seen_at')?.ways, [{ way: 'date-rendering', count: 300 }]);
    for (const c of t.columns) assert.equal(c.unreadable, 0, c.column);
    assert.ok(report.notes.some((n) => /Synthetic column "visit": 300 values harmonised/.test(n)));
  });

  it('counts what cannot be harmonised per column, scores the rest, and reports a missing column', async () => {
    const real = path.join(dir, 'real2.csv');
    fs.writeFileSync(real, realCsv(300, 21));
    const lines = realCsv(200, 22).trimEnd().split('\n');
    // Three ages that are no integer, one date that is no date; the score column dropped.
    const edited = lines.map((l, i) => {
      const c = l.split(',');
      if (i >= 1 && i <= 3) c[1] = ['forty', '4 1', '12 years'][i - 1];
      if (i === 5) c[4] = '31/02/2021';
      return c.slice(0, 6).join(',');
    });
    const syn = path.join(dir, 'syn2.csv');
    fs.writeFileSync(syn, edited.join('\n') + '\n');
    const report = await evaluateFiles(real, syn, { seed: 1 });
    const t = report.twinFile!;
    assert.deepEqual(t.missingColumns, ['score']);
    assert.equal(t.columns.find((c) => c.column === 'age')?.unreadable, 3);
    assert.equal(t.columns.find((c) => c.column === 'visit')?.unreadable, 1);
    const age = report.fidelity.columnShapes.columns.find((c) => c.column === 'age');
    assert.ok(age && age.score !== null && age.score > 0.7, `age still scored: ${age?.score}`);
    assert.equal(report.fidelity.columnShapes.columns.some((c) => c.column === 'score'), false);
    assert.ok(report.notes.some((n) => /lacks a column of the real data, left out of every score: "score"/.test(n)));
    assert.ok(report.notes.some((n) => /Synthetic column "age": 3 values that match no reading of its type were read as missing/.test(n)));
  });

  it('a 0/1 column with missing values that pandas wrote as 0.0/1.0 scores as the twin itself', async function () {
    const python = program(['python3', '/usr/bin/python3'], ['-c', 'import pandas']);
    requireOrSkip(this, python, 'python3 with pandas is not installed');
    const real = path.join(dir, 'real3.csv');
    fs.writeFileSync(real, realCsv(500, 31));
    const twin = path.join(dir, 'real3.twin.csv');
    await generateTwin({ input: real, level: 'statistical', seed: 4, out: twin });
    const own = await evaluateFiles(real, twin, { seed: 2 });
    const written = path.join(dir, 'pandas3.csv');
    runOrFail(python!, ['-c', `import pandas as pd; pd.read_csv(${JSON.stringify(twin)}).to_csv(${JSON.stringify(written)}, index=False)`], dir);
    assert.match(fs.readFileSync(written, 'utf8'), /,1\.0,|,0\.0,/, 'pandas wrote the 0/1 column as floats');
    const report = await evaluateFiles(real, written, { seed: 2 });
    assertSameFigures(report, own, 'pandas');
    assert.ok(report.twinFile!.columns.some((c) => c.column === 'treated' && c.ways.some((w) => w.way === 'true-false-spelling' || w.way === 'whole-number-as-decimal')));
  });
});

describe('evaluate any twin: UCI Adult written by pandas and by R', function () {
  this.timeout(300_000);
  const adult = path.resolve(__dirname, '../../../../shared/data/adult/adult.csv');
  let dir = '';
  let twin = '';
  let own: EvaluationReport;
  before(async function () {
    requireOrSkip(this, fs.existsSync(adult), '../shared/data/adult is not present');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-anytwin-adult-'));
    twin = path.join(dir, 'adult.twin.csv');
    await generateTwin({ input: adult, level: 'correlated', seed: 8, out: twin });
    own = await evaluateFiles(adult, twin);
  });
  after(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

  it('pandas read_csv/to_csv (as is, and with ? as NaN, trimmed, index written): the same fidelity figures to 1e-9', async function () {
    const python = program(['python3', '/usr/bin/python3'], ['-c', 'import pandas']);
    requireOrSkip(this, python, 'python3 with pandas is not installed');
    const plain = path.join(dir, 'pandas.csv');
    const trimmed = path.join(dir, 'pandas-trimmed.csv');
    runOrFail(python!, ['-c', [
      'import pandas as pd, sys',
      `pd.read_csv(${JSON.stringify(twin)}).to_csv(${JSON.stringify(plain)}, index=False)`,
      `d = pd.read_csv(${JSON.stringify(twin)}, skipinitialspace=True, na_values=["?"])`,
      'd = d[list(reversed(d.columns))]',
      `d.to_csv(${JSON.stringify(trimmed)})`,
    ].join('\n')], dir);
    const a = await evaluateFiles(adult, plain);
    assertSameFigures(a, own, 'pandas as is');
    assert.ok(a.twinFile!.columns.some((c) => c.column === 'workclass' && c.ways[0].way === 'surrounding-spaces'));
    const b = await evaluateFiles(adult, trimmed);
    assertSameFigures(b, own, 'pandas trimmed, reversed, with index');
    assert.equal(b.twinFile!.reordered, true);
    assert.equal(b.twinFile!.extraColumns.length, 1);
  });

  it('R read.csv/write.csv (names made syntactic, every string quoted): the same fidelity figures to 1e-9', async function () {
    const r = program(['Rscript', '/usr/bin/Rscript'], ['--version']);
    requireOrSkip(this, r, 'Rscript is not installed');
    const written = path.join(dir, 'r.csv');
    runOrFail(r!, ['-e', `d <- read.csv(${JSON.stringify(twin)}); write.csv(d, ${JSON.stringify(written)}, row.names = FALSE)`], dir);
    assert.match(fs.readFileSync(written, 'utf8').split('\n')[0], /"education\.num"/);
    const report = await evaluateFiles(adult, written);
    assertSameFigures(report, own, 'R');
    assert.ok(report.twinFile!.renamedColumns.some((c) => c.column === 'education-num' && c.fileColumn === 'education.num'));
  });
});

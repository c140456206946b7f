import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir, twin } from '../cli/helpers';

/** A small table: `rows` records of the given columns, each value drawn from a fixed cycle. */
function table(columns: string[], rows: number, delimiter: string): string {
  const lines = [columns.join(delimiter)];
  for (let i = 0; i < rows; i++) lines.push(columns.map((c, j) => (c === 'age' ? String(20 + ((i * 7 + j) % 60)) : ['North', 'South', 'East', 'West'][(i + j) % 4])).join(delimiter));
  return lines.join('\n') + '\n';
}

const hashes = (dir: string): Record<string, string> =>
  Object.fromEntries(fs.readdirSync(dir).filter((f) => fs.statSync(path.join(dir, f)).isFile()).map((f) => [f, createHash('sha256').update(fs.readFileSync(path.join(dir, f))).digest('hex')]));

/**
 * `adm.csv` and `adm.tsv` in one folder (one stem, two formats, different columns): each gets its
 * own twin, recipe and release pack, so an output checker auditing a pack never gets another file's.
 */
describe('outputs of same-stem files of different formats', function () {
  this.timeout(300_000);
  let dir: string;
  const csv = () => path.join(dir, 'adm.csv');
  const tsv = () => path.join(dir, 'adm.tsv');
  before(() => {
    dir = tempDir('same-stem');
    fs.writeFileSync(csv(), table(['age', 'ward'], 400, ','));
    fs.writeFileSync(tsv(), table(['age', 'ward', 'site'], 300, '\t'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('twins beside the data keep apart: adm.twin.json and adm.tsv.twin.json, each naming its own source', () => {
    for (const data of [csv(), tsv()]) assert.equal(twin(['generate', data, '--level', 'structural', '-q'], { cwd: dir }).status, 0);
    const names = fs.readdirSync(dir).sort();
    assert.deepEqual(names, ['adm.csv', 'adm.synthetic.csv', 'adm.synthetic.tsv', 'adm.tsv', 'adm.tsv.twin.json', 'adm.twin.json']);
    assert.equal(path.basename(JSON.parse(fs.readFileSync(path.join(dir, 'adm.twin.json'), 'utf8')).source.path), 'adm.csv');
    assert.equal(path.basename(JSON.parse(fs.readFileSync(path.join(dir, 'adm.tsv.twin.json'), 'utf8')).source.path), 'adm.tsv');
  });

  it('release packs keep apart: the second release leaves the first pack byte for byte, and each pack is its own file\'s', () => {
    const r1 = twin(['release', csv(), '--level', 'statistical', '--rows', '200', '-q'], { cwd: dir });
    assert.equal(r1.status, 0, r1.stderr);
    const csvPack = path.join(dir, 'synthetic', 'adm-statistical');
    const before = hashes(csvPack);
    const r2 = twin(['release', tsv(), '--level', 'statistical', '--rows', '200', '-q'], { cwd: dir });
    assert.equal(r2.status, 0, r2.stderr);
    const tsvPack = path.join(dir, 'synthetic', 'adm.tsv-statistical');
    assert.deepEqual(fs.readdirSync(path.join(dir, 'synthetic')).sort(), ['adm-statistical', 'adm.tsv-statistical']);
    assert.deepEqual(hashes(csvPack), before, 'the CSV\'s pack is untouched by the TSV\'s release');
    for (const [pack, source, recipe, columns] of [[csvPack, 'adm.csv', 'adm.twin.json', ['age', 'ward']], [tsvPack, 'adm.tsv', 'adm.tsv.twin.json', ['age', 'ward', 'site']]] as const) {
      assert.equal(JSON.parse(fs.readFileSync(path.join(pack, recipe), 'utf8')).source.path, source);
      assert.deepEqual(JSON.parse(fs.readFileSync(path.join(pack, 'metadata.json'), 'utf8')).columns.map((c: { name: string }) => c.name), columns);
      const audit = twin(['audit', path.join(dir, source), pack, '-q'], { cwd: dir });
      assert.equal(audit.status, 0, audit.stderr);
    }
  });
});

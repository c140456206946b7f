import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, twin, tempDir, hasStackTrace } from './helpers';

/**
 * Attack tests for "never lose data" (issue 12, class 11): no command writes to any of its own
 * inputs, compared as files (same name, `..` parts, a symlink, a hard link), and a recipe's
 * output path cannot reach outside its folder or replace a file that is not its twin. Each case
 * runs the real CLI and checks exit 1, a one-line error, and that no byte of any file changed.
 */
describe('attack: commands never write over their own inputs (class 11)', function () {
  this.timeout(120_000);
  let dir: string;
  let data: string;
  let original: Buffer;

  /** Every file in the folder with its bytes, to show that nothing was written. */
  const snapshot = (d: string): Map<string, string> => new Map(fs.readdirSync(d).filter((f) => fs.lstatSync(path.join(d, f)).isFile() || fs.lstatSync(path.join(d, f)).isSymbolicLink())
    .map((f) => [f, fs.lstatSync(path.join(d, f)).isSymbolicLink() ? `-> ${fs.readlinkSync(path.join(d, f))}` : fs.readFileSync(path.join(d, f)).toString('base64')]));

  const refused = (args: string[], cwd: string, pattern: RegExp = /refusing to write over|name the same file/): void => {
    const before = snapshot(cwd);
    const r = twin([...args, '-q'], { cwd });
    assert.equal(r.status, 1, `${args.join(' ')} → exit ${r.status}: ${r.stderr}`);
    assert.match(r.stderr, pattern, args.join(' '));
    assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
    assert.ok(!hasStackTrace(r.stderr));
    assert.deepEqual(snapshot(cwd), before, `${args.join(' ')} wrote or changed a file`);
  };

  before(() => {
    if (!fs.existsSync(CLI)) throw new Error('dist/cli.js missing: run `node esbuild.mjs` first');
    dir = tempDir('dataloss');
    data = path.join(dir, 'data.csv');
    const r = twin(['sample', '--rows', '300', '--out', data, '-q']);
    assert.equal(r.status, 0, r.stderr);
    original = fs.readFileSync(data);
    fs.symlinkSync('data.csv', path.join(dir, 'alias.csv'));
    fs.linkSync(data, path.join(dir, 'hardlink.csv'));
    fs.mkdirSync(path.join(dir, 'sub'));
  });

  afterEach(() => {
    assert.ok(fs.readFileSync(data).equals(original), 'the real data changed');
  });

  it('profile: --out or --full over the data, by name, `..`, symlink or hard link; --out and --full the same file', () => {
    for (const target of ['data.csv', 'sub/../data.csv', 'alias.csv', 'hardlink.csv']) {
      refused(['profile', 'data.csv', '--out', target], dir);
      refused(['profile', 'data.csv', '--full', target], dir);
    }
    refused(['profile', 'data.csv', '--out', 'm.json', '--full', 'sub/../m.json'], dir);
  });

  it('evaluate: --out or --html over the real data, the twin or the holdout', () => {
    fs.copyFileSync(data, path.join(dir, 'twin.csv'));
    fs.copyFileSync(data, path.join(dir, 'holdout.csv'));
    try {
      for (const target of ['data.csv', 'alias.csv', 'hardlink.csv', 'twin.csv', 'holdout.csv']) {
        refused(['evaluate', 'data.csv', 'twin.csv', '--holdout', 'holdout.csv', '--out', target], dir);
        refused(['evaluate', 'data.csv', 'twin.csv', '--holdout', 'holdout.csv', '--html', target], dir);
      }
      refused(['evaluate', 'data.csv', 'twin.csv', '--out', 'e.json', '--html', 'e.json'], dir);
    } finally {
      fs.rmSync(path.join(dir, 'twin.csv'));
      fs.rmSync(path.join(dir, 'holdout.csv'));
    }
  });

  it('generate: --out over the source (hard link included) or over the metadata.json it is made from', () => {
    refused(['generate', 'data.csv', '--level', 'statistical', '--out', 'hardlink.csv'], dir);
    refused(['generate', 'data.csv', '--level', 'statistical', '--out', 'alias.csv'], dir);
    const meta = path.join(dir, 'sub', 'metadata.json');
    assert.equal(twin(['profile', data, '--out', meta, '-q']).status, 0);
    try {
      refused(['generate', 'sub/metadata.json', '--level', 'structural', '--out', 'sub/metadata.json'], dir);
      refused(['generate', 'data.csv', '--metadata', 'sub/metadata.json', '--level', 'statistical', '--out', 'sub/metadata.json'], dir);
    } finally {
      fs.rmSync(meta);
    }
  });
});

describe('attack: a release pack never replaces the data it is made from (class 11)', function () {
  this.timeout(120_000);

  it('refuses a pack folder where a pack file would replace the holdout or the data', () => {
    const dir = tempDir('dataloss-release');
    const data = path.join(dir, 'data.csv');
    assert.equal(twin(['sample', '--rows', '300', '--out', data, '-q']).status, 0);
    const pack = path.join(dir, 'pack');
    fs.mkdirSync(pack);
    // A holdout kept (oddly named) in the folder chosen for the pack: evaluation.html would replace it.
    const holdout = path.join(pack, 'evaluation.html');
    fs.copyFileSync(data, holdout);
    const kept = fs.readFileSync(holdout);
    let r = twin(['release', data, '--level', 'statistical', '--dir', pack, '--holdout', holdout, '-q']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /refusing to write over the holdout/);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.ok(fs.readFileSync(holdout).equals(kept));
    assert.deepEqual(fs.readdirSync(pack), ['evaluation.html'], 'nothing else written');
    // The data itself as the pack's metadata.json (a data file named so, by a hard link).
    const odd = path.join(dir, 'odd');
    fs.mkdirSync(odd);
    fs.linkSync(data, path.join(odd, 'metadata.json'));
    const original = fs.readFileSync(data);
    r = twin(['release', data, '--level', 'statistical', '--dir', odd, '-q']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /refusing to write over the real data/);
    assert.ok(fs.readFileSync(data).equals(original));
  });
});

describe('attack: a recipe writes only its own twin, inside its own folder (class 11)', function () {
  this.timeout(120_000);
  let root: string;
  let pack: string;
  let recipePath: string;

  const tamper = (edit: (recipe: { output: { pathFromRecipe: string } }) => void): string => {
    const recipe = JSON.parse(fs.readFileSync(recipePath, 'utf8'));
    edit(recipe);
    const p = path.join(pack, 'tampered.twin.json');
    fs.writeFileSync(p, JSON.stringify(recipe));
    return p;
  };

  const refusedRecipe = (recipe: string, victim: string, pattern: RegExp): void => {
    const before = fs.readFileSync(victim);
    const r = twin(['generate', '--recipe', recipe, '-q'], { cwd: pack });
    assert.equal(r.status, 1, `exit ${r.status}: ${r.stderr}`);
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.ok(fs.readFileSync(victim).equals(before), `${victim} was overwritten`);
  };

  before(() => {
    root = tempDir('recipe-confine');
    pack = path.join(root, 'pack');
    fs.mkdirSync(pack);
    const data = path.join(pack, 'data.csv');
    assert.equal(twin(['sample', '--rows', '200', '--out', data, '-q']).status, 0);
    const r = twin(['generate', data, '--level', 'statistical', '--out', path.join(pack, 'data.synthetic.csv'), '-q']);
    assert.equal(r.status, 0, r.stderr);
    recipePath = path.join(pack, 'data.twin.json');
    fs.writeFileSync(path.join(root, 'victim.csv'), 'precious,data\n1,2\n');
    fs.writeFileSync(path.join(pack, 'notes.csv'), 'a researcher\'s own file\n');
  });

  it('reproduces its own twin in place (the twin it made may be replaced)', () => {
    const twinPath = path.join(pack, 'data.synthetic.csv');
    const before = fs.readFileSync(twinPath);
    const r = twin(['generate', '--recipe', recipePath, '-q'], { cwd: pack });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(fs.readFileSync(twinPath).equals(before));
  });

  it('refuses an output path with `..`, an absolute path, or a path through a link out of its folder', () => {
    const victim = path.join(root, 'victim.csv');
    refusedRecipe(tamper((r) => { r.output.pathFromRecipe = '../victim.csv'; }), victim, /leaves the recipe's folder/);
    refusedRecipe(tamper((r) => { r.output.pathFromRecipe = 'sub/../../victim.csv'; }), victim, /leaves the recipe's folder/);
    refusedRecipe(tamper((r) => { r.output.pathFromRecipe = victim; }), victim, /absolute/);
    fs.symlinkSync(root, path.join(pack, 'out'));
    try {
      refusedRecipe(tamper((r) => { r.output.pathFromRecipe = 'out/victim.csv'; }), victim, /through a link/);
    } finally {
      fs.unlinkSync(path.join(pack, 'out'));
    }
  });

  it('refuses to overwrite a file in its folder that is not its twin, and its own source', () => {
    refusedRecipe(tamper((r) => { r.output.pathFromRecipe = 'notes.csv'; }), path.join(pack, 'notes.csv'), /not the twin this recipe made/);
    refusedRecipe(tamper((r) => { r.output.pathFromRecipe = 'data.csv'; }), path.join(pack, 'data.csv'), /not the twin this recipe made|refusing to write over/);
  });

  it('refuses a recipe made from a metadata.json that has changed since', () => {
    const metaDir = path.join(root, 'meta');
    fs.mkdirSync(metaDir);
    const meta = path.join(metaDir, 'metadata.json');
    assert.equal(twin(['profile', path.join(pack, 'data.csv'), '--out', meta, '-q']).status, 0);
    const g = twin(['generate', meta, '--level', 'statistical', '--out', path.join(metaDir, 'm.synthetic.csv'), '-q']);
    assert.equal(g.status, 0, g.stderr);
    const recipe = path.join(metaDir, 'm.twin.json');
    assert.equal(twin(['generate', '--recipe', recipe, '-q']).status, 0, 'unchanged metadata reproduces');
    // The person reviews the metadata: drops a category's row from one column's list.
    const m = JSON.parse(fs.readFileSync(meta, 'utf8'));
    const col = m.columns.find((c: { type: string; categories?: unknown[] }) => c.type === 'categorical' && (c.categories?.length ?? 0) > 1);
    col.categories.pop();
    fs.writeFileSync(meta, JSON.stringify(m, null, 2));
    const twinPath = path.join(metaDir, 'm.synthetic.csv');
    const before = fs.readFileSync(twinPath);
    const r = twin(['generate', '--recipe', recipe, '-q']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /metadata\.json this recipe was made from has changed/);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.ok(fs.readFileSync(twinPath).equals(before));
  });
});

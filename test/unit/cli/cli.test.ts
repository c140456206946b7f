import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, ROOT, twin, tempDir, hasStackTrace } from './helpers';
import { TOOL_VERSION } from '../../../src/core/version';

describe('twin CLI: usage and errors', () => {
  before(function () {
    if (!fs.existsSync(CLI)) throw new Error('dist/cli.js missing: run `node esbuild.mjs` first (npm test does)');
  });

  it('keeps the tool version in step with package.json', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.equal(TOOL_VERSION, pkg.version);
    assert.equal(pkg.bin.twin, './dist/cli.js');
  });

  it('prints help for the tool and every command, exit 0', () => {
    for (const args of [['--help'], ['profile', '--help'], ['generate', '--help'], ['evaluate', '--help'], ['sample', '--help']]) {
      const r = twin(args);
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stdout, /twin/);
      assert.match(r.stdout, /--/);
    }
  });

  it('exits 2 with a one-line reason on usage errors', () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /unknown command 'frobnicate'/],
      [['profile'], /profile takes <data>/],
      [['profile', 'a.csv', '--bogus'], /unknown option '--bogus'/],
      [['generate', 'a.csv'], /needs --level/],
      [['generate', 'a.csv', '--level', 'perfect'], /--level must be one of/],
      [['generate', 'a.csv', '--level', 'statistical', '--rows', '0'], /--rows must be a whole number ≥ 1/],
      [['generate', 'a.csv', '--level', 'statistical', '--epsilon', '-1'], /--epsilon must be a number greater than 0/],
      // An unknown method is a command-line mistake, answered before the data is read (issue 16).
      [['generate', 'a.csv', '--level', 'correlated', '--method', 'magic'], /^twin: unknown method "magic" for level correlated; choose one of: copula, cart, privbayes$/m],
      [['release', 'a.csv', '--level', 'statistical', '--method', 'cart'], /unknown method "cart" for level statistical \(cart is a correlated method\)/],
      [['evaluate', 'a.csv'], /evaluate takes <real> <synthetic>/],
    ];
    for (const [args, pattern] of cases) {
      const r = twin(args);
      assert.equal(r.status, 2, `${args.join(' ')} → ${r.status}: ${r.stderr}`);
      assert.match(r.stderr, pattern);
      assert.equal(r.stderr.trim().split('\n').length, 1, `one line for ${args.join(' ')}: ${r.stderr}`);
    }
  });

  it('exits 1 naming the file for bad input, never a stack trace', () => {
    const dir = tempDir('cli-bad');
    const empty = path.join(dir, 'empty.csv');
    fs.writeFileSync(empty, '');
    const headerOnly = path.join(dir, 'header.csv');
    fs.writeFileSync(headerOnly, 'a,b,c\n');
    const ragged = path.join(dir, 'ragged.csv');
    fs.writeFileSync(ragged, 'a,b,c\n1,2,3\n4,5\n6,7,8\n');
    const binary = path.join(dir, 'binary.csv');
    fs.writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 1, 2, 3, 0, 0, 0, 0]));
    const missing = path.join(dir, 'nope.csv');
    const cases: [string, RegExp][] = [
      [empty, /empty/i],
      [headerOnly, /no data rows|header only|no rows/i],
      [ragged, /row 3/],
      [binary, /not a (delimited )?text file|binary/i],
      [missing, /not found|does not exist|no such file/i],
    ];
    for (const [file, pattern] of cases) {
      const r = twin(['profile', file, '--quiet']);
      assert.equal(r.status, 1, `${path.basename(file)} → ${r.status}: ${r.stderr}`);
      assert.ok(r.stderr.includes(path.basename(file)), `names the file: ${r.stderr}`);
      assert.match(r.stderr, pattern);
      assert.ok(!hasStackTrace(r.stderr), r.stderr);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
    // An encoding the data cannot be read in: UTF-16 forced onto UTF-8 text with odd length.
    const utf8 = path.join(dir, 'utf8.csv');
    fs.writeFileSync(utf8, 'name,age\nAnn,3\n');
    const r = twin(['profile', utf8, '--encoding', 'klingon']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--encoding must be one of/);
  });
});

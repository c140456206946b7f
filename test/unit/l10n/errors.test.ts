import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isTwinError } from '../../../src/core/errors';
import { setLanguage } from '../../../src/core/l10n';
import { signerProblem, typeChangeProblem, validateRows } from '../../../src/core/review';
import { checkRecipe } from '../../../src/core/synth/recipe';
import { runTwin } from './runTwin';


const run = runTwin;

/** The reason of the TwinError `f` throws. */
function reasonOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(isTwinError(e), String(e));
    return e.reason;
  }
  assert.fail('no error was thrown');
}

/**
 * Issue 18: the reasons the engine gives when a recipe, a review or a release is refused are
 * Welsh under `setLanguage('cy')` / `twin --lang cy` / LANG=cy…, one line each and naming the
 * file, and English again without them.
 */
describe('l10n: error reasons of generation, review and release in Welsh', function () {
  this.timeout(300_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-l10n-errors-'));
  const data = path.join(dir, 'adm.csv');
  const metadata = path.join(dir, 'adm.metadata.json');
  const reviewed = path.join(dir, 'reviewed.json');

  /** A failed run: exit `status`, one line on stderr matching `pattern`, naming `file`. */
  const refused = (r: { status: number; stderr: string }, status: number, pattern: RegExp, file: string): void => {
    assert.equal(r.status, status, r.stderr);
    assert.match(r.stderr, pattern);
    assert.ok(r.stderr.includes(path.basename(file)), r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  };

  before(async () => {
    assert.equal((await run(['sample', '--rows', '400', '--seed', '5', '--out', data, '--quiet'])).status, 0);
    assert.equal((await run(['profile', data, '--out', metadata, '--quiet'])).status, 0);
    assert.equal((await run(['review', metadata, '--exclude', 'notes', '--out', reviewed, '--quiet'])).status, 0);
  });

  afterEach(() => setLanguage('en'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses a recipe of another format, and a missing one, in Welsh', async () => {
    const bad = path.join(dir, 'bad.twin.json');
    fs.writeFileSync(bad, JSON.stringify({ format: 'twin-recipe/9' }));
    refused(await run(['--lang', 'cy', 'generate', '--recipe', bad]), 1,
      /nid yw'n rysáit y gall yr offeryn hwn ei darllen: fformat "twin-recipe\/9" \(disgwyliwyd twin-recipe\/1\)/, bad);
    const missing = path.join(dir, 'missing.twin.json');
    refused(await run(['generate', '--recipe', missing], { LANG: 'cy_GB.UTF-8' }), 1, /: ni chanfuwyd ffeil y rysáit$/m, missing);
    const en = await run(['generate', '--recipe', bad]);
    assert.match(en.stderr, /not a recipe this tool can read: format "twin-recipe\/9" \(expected twin-recipe\/1\)/);
  });

  it('refuses a review that needs the data, and a review file that is not JSON, in Welsh', async () => {
    const out = path.join(dir, 'x.json');
    refused(await run(['--lang', 'cy', 'review', metadata, '--type', 'age=categorical', '--out', out]), 1,
      /mae newid math colofn yn ail-grynhoi colofnau o'r data: rhowch y ffeil ddata hefyd/, metadata);
    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, '{ "format": ');
    refused(await run(['--lang', 'cy', 'review', broken, '--exclude', 'notes', '--out', out]), 1, /metadata gwallus: nid yw'n JSON dilys \(/, broken);
    assert.equal(fs.existsSync(out), false);
  });

  it('refuses to release from reviewed metadata that is not signed off, in Welsh', async () => {
    const pack = path.join(dir, 'pack');
    refused(await run(['--lang', 'cy', 'release', data, '--level', 'structural', '--metadata', reviewed, '--dir', pack, '--quiet']), 1,
      /nid yw'r metadata adolygedig wedi'i gymeradwyo: cymeradwywch ef yn gyntaf, neu caniatewch fetadata heb ei lofnodi yn benodol/, reviewed);
    assert.equal(fs.existsSync(path.join(pack, 'metadata.json')), false);
    const en = await run(['release', data, '--level', 'structural', '--metadata', reviewed, '--dir', pack, '--quiet']);
    assert.match(en.stderr, /the reviewed metadata is not signed off: sign it off first, or explicitly allow unsigned metadata/);
  });

  it('gives the reviewer\'s reasons and the editor\'s input checks in Welsh, with their values filled in', () => {
    setLanguage('cy');
    assert.equal(reasonOf(() => checkRecipe([], 'r.twin.json')), 'rysáit wallus: disgwyliwyd gwrthrych JSON');
    assert.equal(signerProblem({ role: 'Data custodian' }), 'mae angen enw\'r sawl sy\'n llofnodi ar gymeradwyaeth');
    assert.equal(signerProblem({ name: 'A', role: 'R', note: 'x'.repeat(201) }), 'mae\'r nodyn yn y gymeradwyaeth yn hwy na 200 nod');
    assert.equal(typeChangeProblem('categorical', 'date', false, 'string'), 'nid rhifau na dyddiadau yw gwerthoedd y golofn, felly ni all fod yn date');
    assert.equal(validateRows('many'), 'Rhowch nifer cyfan o resi, e.e. 10000.');
    setLanguage('en');
    assert.equal(signerProblem({ role: 'Data custodian' }), 'a sign-off needs the name of the person signing');
    assert.equal(validateRows('many'), 'Enter a whole number of rows, e.g. 10000.');
  });
});

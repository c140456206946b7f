import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir, twin } from '../cli/helpers';

/**
 * A release pack's recipe names its source by file name only (not its folder in the TRE); evaluating
 * the pack's twin against that data file, wherever the pack is, still finds the persons held out
 * before fitting (same name, same content).
 */
describe('release pack: evaluating its twin uses the holdout its recipe records', function () {
  this.timeout(180_000);
  it('against the same data file, from a pack in another folder; not against an edited copy', () => {
    const dir = tempDir('pack-holdout');
    try {
      const data = path.join(dir, 'adm.csv');
      assert.equal(twin(['sample', '--rows', '1500', '--out', data, '-q']).status, 0);
      const pack = path.join(dir, 'out', 'adm-statistical');
      fs.mkdirSync(path.dirname(pack));
      const r = twin(['release', data, '--level', 'statistical', '--rows', '300', '--dir', pack, '-q'], { cwd: path.join(dir, 'out') });
      assert.equal(r.status, 0, r.stderr);
      const recipe = JSON.parse(fs.readFileSync(path.join(pack, 'adm.twin.json'), 'utf8'));
      assert.equal(recipe.source.path, 'adm.csv', 'the shipped recipe names the file only');
      assert.ok(recipe.holdout, 'the pack held persons out');

      const evaluation = (real: string): { holdout: number | null } => {
        const out = path.join(dir, `${path.basename(real)}.eval.json`);
        const e = twin(['evaluate', real, path.join(pack, 'adm.synthetic.csv'), '--out', out, '-q'], { cwd: path.join(dir, 'out') });
        assert.equal(e.status, 0, e.stderr);
        return JSON.parse(fs.readFileSync(out, 'utf8')).sample;
      };
      const held = evaluation(data).holdout ?? 0;
      assert.ok(held > 200 && held < 400, `about 20% of 1,500 records held out (${held})`);

      // Another file of the same name (changed content) is not the pack's source: no recorded holdout.
      const other = path.join(dir, 'copy', 'adm.csv');
      fs.mkdirSync(path.dirname(other));
      fs.writeFileSync(other, fs.readFileSync(data, 'utf8').replace(/\n[^\n]*\n$/, '\n'));
      assert.equal(evaluation(other).holdout ?? null, null);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

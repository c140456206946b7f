/**
 * Figures that rest on fewer than k: a table smaller than k (its bounds), a value repeated on
 * many rows of few persons (a point mass), and a handful of exact copies (the count of them).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { apparentRange } from '../../../src/core/disclosure/coarsen';
import { protectEvaluation } from '../../../src/core/disclosure/protectEvaluation';
import { protectMetadata } from '../../../src/core/disclosure/protectMetadata';
import { evaluateFiles } from '../../../src/core/evaluate';
import type { Metadata } from '../../../src/core/metadata';
import { tempDir, twin } from '../cli/helpers';

function profile(file: string, ...args: string[]): any {
  const r = twin(['profile', file, '-q', ...args]);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe('disclosure: figures that would rest on fewer than k', () => {
  it('a table of 8 rows gets round bounds beyond every value, whose cells (as written) hold no one', () => {
    const dir = tempDir('tiny');
    const amounts = [0, 0, 12.5, 340.25, 5806963.42, 18180271.04, 2075, 1.99];
    const file = path.join(dir, 'payers.csv');
    fs.writeFileSync(file, ['amount', ...amounts.map((a) => a.toFixed(2))].join('\n') + '\n');
    const c = profile(file).columns.find((x: any) => x.name === 'amount');
    assert.ok(c.bounds.lower <= Math.min(...amounts) && c.bounds.upper >= Math.max(...amounts), JSON.stringify(c.bounds));
    for (const b of [c.bounds.lower, c.bounds.upper]) {
      const [lo, hi] = apparentRange(b);
      assert.equal(amounts.filter((a) => a >= lo && a < hi).length, 0, `${b} reads as ${lo}–${hi}, which holds a real value`);
    }
    assert.deepEqual(c.quantiles.values, []);
  });

  it('publishes no point mass that many rows but fewer than k persons hold', () => {
    const dir = tempDir('mass');
    const rows = ['patient,dose'];
    // 3 patients take exactly 37.5 on 12 visits each; 60 patients take assorted doses once each, 15 take 20.
    for (let p = 0; p < 3; p++) for (let v = 0; v < 12; v++) rows.push(`P${p},37.5`);
    for (let p = 3; p < 63; p++) rows.push(`P${p},${(10 + (p * 7.3) % 50).toFixed(1)}`);
    for (let p = 63; p < 78; p++) rows.push(`P${p},20.0`);
    const file = path.join(dir, 'doses.csv');
    fs.writeFileSync(file, rows.join('\n') + '\n');
    const c = profile(file, '--person-key', 'patient').columns.find((x: any) => x.name === 'dose');
    const masses = (c.pointMasses ?? []).map((m: any) => m.value);
    assert.ok(!masses.includes(37.5), `37.5 (3 persons) published as a point mass: ${JSON.stringify(c.pointMasses)}`);
    assert.ok(masses.includes(20), `20 (15 persons) is a point mass: ${JSON.stringify(c.pointMasses)}`);
  });

  it('publishes a count of 1–9 exact copies as 10, an upper bound, never as a small cell', async () => {
    const dir = tempDir('copies');
    const rows = ['age,weight_kg,sex'];
    for (let i = 0; i < 200; i++) rows.push(`${20 + (i % 60)},${(50 + (i * 0.37) % 40).toFixed(1)},${i % 2 ? 'F' : 'M'}`);
    const data = path.join(dir, 'real.csv');
    fs.writeFileSync(data, rows.join('\n') + '\n');
    // A twin that copies three real rows and moves every other row's weight off the real values.
    const copies = rows.slice(1).map((r, i) => (i < 3 ? r : r.replace(/,([\d.]+),/, (_, w) => `,${(Number(w) + 0.05).toFixed(2)},`)));
    const twinFile = path.join(dir, 'twin.csv');
    fs.writeFileSync(twinFile, [rows[0], ...copies].join('\n') + '\n');
    const metaPath = path.join(dir, 'metadata.json');
    assert.equal(twin(['profile', data, '--out', metaPath, '-q']).status, 0);
    const full = await evaluateFiles(data, twinFile, {});
    assert.equal(full.privacy.exactMatches.count, 3, 'the full report counts the three copies');
    const released = protectEvaluation(full, protectMetadata(JSON.parse(fs.readFileSync(metaPath, 'utf8')) as Metadata));
    assert.equal(released.value.privacy.exactMatches.count, 10);
  });
});

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { evaluateCommand } from '../../../src/cli/commands/evaluate';
import { releaseCommand } from '../../../src/cli/commands/release';
import { profileLinkedDataset } from '../../../src/core/dataset/profileLinked';
import { isHeldOut } from '../../../src/core/holdout';
import { createDatasetReleasePack } from '../../../src/core/release';
import { writeLinkedSample } from '../../../src/core/sample';
import { generateDataset } from '../../../src/core/synth/linked/generateDataset';
import { fakeIO, tempDir } from './helpers';

/** The sample's patients whose key the split holds out. */
function heldOutPatients(folder: string, split: { share: number; seed: number }): number {
  const ids = fs.readFileSync(path.join(folder, 'patients.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
  return ids.filter((id) => isHeldOut(split, id)).length;
}

const line = (list: string, title: string): string => list.split('\n').find((l) => l.includes(`**${title}**`)) ?? '';

describe('release: a linked dataset holds out persons (every row of theirs, in every table)', function () {
  this.timeout(900_000);

  it('fits the correlated twin on the training persons only', async () => {
    // 80 patients: the held-out ones (seed 5, share 0.3) have 8 visits each, the others 1.
    const dir = tempDir('dataset-holdout-fit');
    const real = path.join(dir, 'real');
    fs.mkdirSync(real);
    const split = { share: 0.3, seed: 5 };
    const patients = ['patient_id,sex,birth_date'];
    const visits = ['visit_id,patient_id,visit_date,ward'];
    let v = 0;
    let held = 0;
    for (let i = 0; i < 80; i++) {
      const id = `P${String(i).padStart(7, '0')}`;
      patients.push(`${id},${i % 2 ? 'F' : 'M'},19${50 + (i % 40)}-0${1 + (i % 9)}-15`);
      const n = isHeldOut(split, id) ? 8 : 1;
      if (n === 8) held++;
      for (let k = 0; k < n; k++) visits.push(`V${String(v++).padStart(7, '0')},${id},2015-0${1 + (k % 9)}-1${k % 10},W${(i + k) % 3}`);
    }
    assert.ok(held >= 15 && held <= 35, `${held} held out`);
    fs.writeFileSync(path.join(real, 'patients.csv'), patients.join('\n') + '\n');
    fs.writeFileSync(path.join(real, 'visits.csv'), visits.join('\n') + '\n');
    const { metadata } = await profileLinkedDataset(real);
    const visitsIn = (folder: string) => fs.readFileSync(path.join(folder, 'visits.csv'), 'utf8').trim().split('\n').length - 1;
    await generateDataset({ metadata, dir: real, level: 'correlated', out: path.join(dir, 'fitted-on-training'), holdout: split });
    await generateDataset({ metadata, dir: real, level: 'correlated', out: path.join(dir, 'fitted-on-all') });
    // Fitted on the training persons (one visit each), 80 twin persons have about 80 visits; fitted on everyone, several times more.
    const training = visitsIn(path.join(dir, 'fitted-on-training'));
    const all = visitsIn(path.join(dir, 'fitted-on-all'));
    assert.ok(training <= 100, `fitted on the training persons: ${training} visits`);
    assert.ok(all >= 160, `fitted on everyone: ${all} visits`);
    const recipe = JSON.parse(fs.readFileSync(path.join(dir, 'fitted-on-training', 'real.twin.json'), 'utf8'));
    assert.deepEqual(recipe.holdout, split);
  });

  describe('the pack of the built-in linked sample (300 persons)', () => {
    let dir: string;
    let real: string;
    let pack: string;
    let audit: string;

    before(async () => {
      dir = tempDir('dataset-holdout-pack');
      real = path.join(dir, 'hospital');
      await writeLinkedSample(real, { persons: 300 });
      const { metadata } = await profileLinkedDataset(real);
      pack = path.join(dir, 'pack');
      audit = (await createDatasetReleasePack({ data: real, dataDir: real, metadata, level: 'correlated', dir: pack, now: new Date('2026-12-07T00:00:00Z') })).audit.status;
    });

    it('holds out 20% of persons by default and reports person-level privacy against them, rounded; the audit passes', () => {
      assert.equal(audit, 'pass');
      const e = JSON.parse(fs.readFileSync(path.join(pack, 'evaluation.json'), 'utf8'));
      assert.deepEqual(e.holdout, { share: 0.2, seed: 1 });
      const p = e.personPrivacy;
      assert.equal(p.personTable, 'patients');
      assert.deepEqual(p.columns.slice(0, 5), ['sex', 'birth_date', 'death_date', 'ethnicity', 'postcode_district']);
      assert.ok(p.columns.includes('diagnoses: most frequent icd10_code') && p.columns.includes('admissions: rows'));
      // 300 persons: about 60 held out; counts rounded to 5; the twin has as many persons as the source.
      assert.equal(p.persons.synthetic, 300);
      assert.equal(p.persons.holdout % 5, 0);
      assert.equal(p.persons.real % 5, 0);
      const held = heldOutPatients(real, { share: 0.2, seed: 1 });
      assert.ok(Math.abs(p.persons.holdout - held) <= 2.5 && Math.abs(p.persons.real - (300 - held)) <= 2.5, `${JSON.stringify(p.persons)} for ${held} held out`);
      assert.equal(p.privacy.baseline, 'holdout');
      assert.equal(p.privacy.exactMatches.count, 0);
      assert.equal(p.privacy.exactMatches.holdoutCount, 0);
      assert.ok(p.privacy.dcr.overfittingProtection, 'overfitting measured against the held-out persons');
      assert.ok(p.privacy.anonymeter.linkability && !p.privacy.anonymeter.linkability.upperBound, 'attack risks are measured, not upper bounds');
      // Each table's own report is split by its person column too.
      for (const t of e.tables) assert.equal(t.report.privacy.baseline, 'holdout', t.name);
      const recipe = JSON.parse(fs.readFileSync(path.join(pack, 'hospital.twin.json'), 'utf8'));
      assert.deepEqual(recipe.holdout, { share: 0.2, seed: 1 });
    });

    it('RELEASE_CHECKLIST.md checks exact matches and DCR of persons\' whole records against the holdout', () => {
      const list = fs.readFileSync(path.join(pack, 'RELEASE_CHECKLIST.md'), 'utf8');
      const exact = line(list, 'No exact matches beyond the holdout baseline');
      assert.match(exact, /^- ✅ \*\*No exact matches beyond the holdout baseline\*\*: persons \(whole records of patients\): 0 of 300 twin persons' records \(0%\) are exact copies of a real person's record; holdout baseline 0% \(0 of \d+ unseen real persons' records equal a real person's record\); /);
      assert.match(line(list, 'Distance to closest record within bounds'), /persons \(whole records of patients\): \d+% of twin persons' records are closer to a training person's record than to a holdout person's record/);
    });

    it('twin evaluate --metadata uses the persons the twin\'s recipe held out (--holdout-share 0: none)', async () => {
      const out = path.join(dir, 'evaluation-again.json');
      await evaluateCommand([real, pack, '--metadata', path.join(pack, 'metadata.json'), '--out', out, '--quiet'], fakeIO(dir));
      const e = JSON.parse(fs.readFileSync(out, 'utf8'));
      const held = heldOutPatients(real, { share: 0.2, seed: 1 });
      assert.deepEqual(e.holdout, { share: 0.2, seed: 1 });
      assert.deepEqual(e.personPrivacy.persons, { real: 300 - held, synthetic: 300, holdout: held });
      await evaluateCommand([real, pack, '--metadata', path.join(pack, 'metadata.json'), '--out', out, '--holdout-share', '0', '--quiet'], fakeIO(dir));
      const none = JSON.parse(fs.readFileSync(out, 'utf8'));
      assert.equal(none.holdout, undefined);
      assert.deepEqual(none.personPrivacy.persons, { real: 300, synthetic: 300, holdout: null });
    });

    it('--holdout-share 0 holds out no one: the baselines are then 0 and the attack figures upper bounds', async () => {
      const io = fakeIO(dir);
      await releaseCommand([real, '--level', 'structural', '--dir', path.join(dir, 'none'), '--holdout-share', '0', '--quiet'], io);
      const e = JSON.parse(fs.readFileSync(path.join(dir, 'none', 'evaluation.json'), 'utf8'));
      assert.equal(e.holdout, undefined);
      assert.equal(e.personPrivacy.persons.holdout, null);
      assert.equal(e.personPrivacy.privacy.baseline, 'none');
      const list = fs.readFileSync(path.join(dir, 'none', 'RELEASE_CHECKLIST.md'), 'utf8');
      assert.match(line(list, 'No exact matches beyond the holdout baseline'), /persons \(whole records of patients\): 0 of 300 twin persons' records \(0%\) are exact copies of a real person's record; no holdout was given, so the baseline is 0/);
    });

    it('--holdout-share and --holdout-seed choose the split', async () => {
      const io = fakeIO(dir);
      await releaseCommand([real, '--level', 'structural', '--dir', path.join(dir, 'third'), '--holdout-share', '0.3', '--holdout-seed', '7', '--quiet'], io);
      const e = JSON.parse(fs.readFileSync(path.join(dir, 'third', 'evaluation.json'), 'utf8'));
      assert.deepEqual(e.holdout, { share: 0.3, seed: 7 });
      const held = heldOutPatients(real, { share: 0.3, seed: 7 });
      assert.ok(held > 60 && held < 120, `${held}`);
      assert.ok(Math.abs(e.personPrivacy.persons.holdout - held) <= 2.5, `${e.personPrivacy.persons.holdout} published for ${held}`);
      await assert.rejects(releaseCommand([real, '--level', 'structural', '--dir', path.join(dir, 'bad'), '--holdout-share', '1', '--quiet'], fakeIO(dir)), /--holdout-share must be a number from 0 up to/);
    });
  });
});

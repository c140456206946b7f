import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { auditPack } from '../../../src/core/audit';
import { readRealFacts } from '../../../src/core/audit/realFacts';
import { profileLinkedDataset } from '../../../src/core/dataset/profileLinked';
import { datasetMetadataToJson } from '../../../src/core/dataset/metadataV2';
import { generateDataset } from '../../../src/core/synth/linked/generateDataset';
import { writeHospital } from '../dataset/hospital';

/** The fs module object itself (the readers' imports see what is set on it). */
const fsModule = createRequire(__filename)('node:fs') as typeof fs;
const temp = (label: string): string => fs.mkdtempSync(path.join(os.tmpdir(), `twin-${label}-`));

/** How many times each file under `dir` is streamed from disk (a full pass: the readers' streams and the byte path) while `run` runs. */
async function passesOver<T>(dir: string, run: () => Promise<T>): Promise<{ result: T; passes: Map<string, number> }> {
  const passes = new Map<string, number>();
  const note = (p: unknown) => {
    if (typeof p === 'string' && p.startsWith(dir)) passes.set(path.basename(p), (passes.get(path.basename(p)) ?? 0) + 1);
  };
  const stream = fsModule.createReadStream;
  const openSync = fsModule.openSync;
  (fsModule as { createReadStream: unknown }).createReadStream = (p: fs.PathLike, ...rest: unknown[]) => { note(p); return (stream as (...a: unknown[]) => unknown)(p, ...rest); };
  (fsModule as { openSync: unknown }).openSync = (p: fs.PathLike, ...rest: unknown[]) => { note(p); return (openSync as (...a: unknown[]) => unknown)(p, ...rest); };
  try {
    return { result: await run(), passes };
  } finally {
    fsModule.createReadStream = stream;
    fsModule.openSync = openSync;
  }
}

/**
 * `twin audit` of a linked pack whose twin was fitted without held-out persons: each real table's
 * replayed-row counts for the training persons come from the same pass as its other figures.
 */
describe('twin audit: a linked pack with a holdout reads each real table once for its facts', function () {
  this.timeout(300_000);
  let real: string;
  let pack: string;
  let packWithout: string;
  const split = { share: 0.3, seed: 5 };

  before(async () => {
    real = temp('audit-holdout-real');
    writeHospital(real);
    const { metadata } = await profileLinkedDataset(real);
    pack = temp('audit-holdout-pack');
    await generateDataset({ metadata, dir: real, level: 'statistical', out: pack, holdout: split });
    fs.writeFileSync(path.join(pack, 'metadata.json'), datasetMetadataToJson(metadata));
    // The same pack, its recipe without the holdout: the reads every audit makes.
    packWithout = temp('audit-holdout-none');
    for (const f of fs.readdirSync(pack)) fs.copyFileSync(path.join(pack, f), path.join(packWithout, f));
    const recipeName = fs.readdirSync(pack).find((f) => f.endsWith('.twin.json'))!;
    const recipe = JSON.parse(fs.readFileSync(path.join(pack, recipeName), 'utf8'));
    assert.deepEqual(recipe.holdout, split);
    delete recipe.holdout;
    fs.writeFileSync(path.join(packWithout, recipeName), JSON.stringify(recipe, null, 2));
  });
  after(() => { for (const d of [real, pack, packWithout]) fs.rmSync(d, { recursive: true, force: true }); });

  it('the training counts read in the same pass equal those of a separate pass over the training rows', async () => {
    const { metadata } = await profileLinkedDataset(real);
    for (const table of metadata.tables) {
      const file = path.join(real, fs.readdirSync(real).find((f) => f.startsWith(`${table.name}.`))!);
      const personKey = 'patient_id';
      if (!table.metadata.columns.some((c) => c.name === personKey)) continue;
      const both = await readRealFacts(file, table.metadata, { trainingRows: { ...split, personKey } });
      const training = await readRealFacts(file, table.metadata, { split: { ...split, personKey } });
      assert.deepEqual(both.trainingRowCounts, training.rowCounts, table.name);
      assert.deepEqual(both.rowCounts, (await readRealFacts(file, table.metadata)).rowCounts, `${table.name}: every row still counted`);
      assert.ok(training.rowCounts.size > 0 && [...training.rowCounts.values()].reduce((a, b) => a + b, 0) < both.rows, `${table.name}: some rows are held out`);
    }
  });

  it('reads no real table more often than an audit of the same pack without a holdout, and finds the same', async () => {
    const withHoldout = await passesOver(real, () => auditPack(real, pack));
    const without = await passesOver(real, () => auditPack(real, packWithout));
    assert.deepEqual([...withHoldout.passes].sort(), [...without.passes].sort());
    assert.deepEqual([...withHoldout.passes.keys()].sort(), ['admissions.csv', 'diagnoses.tsv', 'patients.csv']);
    assert.equal(withHoldout.result.report.status, 'pass', JSON.stringify(withHoldout.result.report.findings.slice(0, 3)));
  });
});

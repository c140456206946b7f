import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openAtomicFile, removeStaleTempFiles } from '../../../src/core/io/atomic';
import {
  datasetNameOf, defaultOutputRoot, outputNameOf, evaluationPathsFor, isRecipeFileName, isTempOrBackupName, isTwinFileName, levelFolder,
  packFilesWritten, packLayout, recipePathFor, reviewedMetadataPath, tempFileWriter, tempPathFor, twinPathBeside, twinPathIn,
  workspaceOutputRoot,
} from '../../../src/core/paths';

describe('output paths (src/core/paths)', () => {
  const data = path.join('/tre', 'project', 'adm.csv');

  it('lays out a release pack: twin, recipe, metadata, evaluation, documents, audit results', () => {
    const dir = levelFolder(defaultOutputRoot(data), data, 'statistical');
    assert.equal(dir, path.join('/tre', 'project', 'synthetic', 'adm-statistical'));
    const layout = packLayout(dir, data);
    assert.deepEqual(packFilesWritten(layout).map((f) => path.relative(dir, f)), [
      'adm.synthetic.csv', 'adm.twin.json', 'metadata.json', 'evaluation.json', 'evaluation.html',
      'DATA_CARD.md', 'EULA.md', 'RELEASE_CHECKLIST.md', 'analysis.py', 'analysis.R', 'results.json',
    ]);
    assert.equal(layout.checksums, path.join(dir, 'checksums'));
  });

  it('keeps the outputs of same-named datasets in different folders of a workspace apart', () => {
    const ws = path.join('/tre', 'ws');
    const a = path.join(ws, 'site-a', 'admissions.csv');
    const b = path.join(ws, 'site-b', 'admissions.csv');
    const rootA = workspaceOutputRoot(a, ws, 'synthetic');
    const rootB = workspaceOutputRoot(b, ws, 'synthetic');
    assert.equal(rootA, path.join(ws, 'synthetic', 'site-a'));
    assert.equal(rootB, path.join(ws, 'synthetic', 'site-b'));
    assert.notEqual(reviewedMetadataPath(rootA, a), reviewedMetadataPath(rootB, b));
    assert.notEqual(levelFolder(rootA, a, 'correlated'), levelFolder(rootB, b, 'correlated'));
    // Data at the workspace's top level keeps the layout `<ws>/synthetic/<name>-<level>/`.
    assert.equal(levelFolder(workspaceOutputRoot(path.join(ws, 'adm.csv'), ws, 'synthetic'), path.join(ws, 'adm.csv'), 'structural'), path.join(ws, 'synthetic', 'adm-structural'));
    // No output folder, or data outside the workspace: beside the data.
    assert.equal(workspaceOutputRoot(a, ws, ''), path.join(ws, 'site-a'));
    assert.equal(workspaceOutputRoot('/elsewhere/x.csv', ws, 'synthetic'), path.join('/elsewhere'));
    assert.equal(workspaceOutputRoot('/elsewhere/x.csv', undefined, 'synthetic'), path.join('/elsewhere'));
  });

  it('names twins, recipes, reviewed metadata and evaluations', () => {
    assert.equal(twinPathBeside(data, '.csv'), path.join('/tre', 'project', 'adm.synthetic.csv'));
    assert.equal(twinPathBeside('/d/x.parquet', 'parquet'), path.join('/d', 'x.synthetic.parquet'));
    assert.equal(twinPathIn('/out', '/d/noext'), path.join('/out', 'noext.synthetic.csv'));
    assert.equal(recipePathFor('/o/adm.synthetic.tsv'), path.join('/o', 'adm.tsv.twin.json'));
    assert.equal(recipePathFor('/o/adm.synthetic.csv'), path.join('/o', 'adm.twin.json'));
    assert.equal(recipePathFor('/o/custom.csv'), path.join('/o', 'custom.twin.json'));
    assert.equal(reviewedMetadataPath('/out', data), path.join('/out', 'adm.metadata.json'));
    assert.deepEqual(evaluationPathsFor('/o/adm.synthetic.csv'), { json: path.join('/o', 'evaluation.json'), html: path.join('/o', 'evaluation.html') });
    assert.equal(datasetNameOf('/d/data.synthetic.csv'), 'data.synthetic');
    assert.equal(datasetNameOf('/d/.hidden'), '.hidden');
    assert.ok(isTwinFileName('/o/adm.synthetic.csv'));
    assert.ok(!isTwinFileName('/o/adm.csv'));
    assert.ok(!isTwinFileName('/o.synthetic/adm.csv'), 'only the file name counts');
    assert.ok(isRecipeFileName('/o/ADM.TWIN.JSON'));
    assert.ok(!isRecipeFileName('/o/twin.json.bak'));
  });

  it('names the outputs of a CSV after its name without .csv, of any other file after its whole name', () => {
    assert.equal(outputNameOf('/d/admissions.csv'), 'admissions');
    assert.equal(outputNameOf('/d/ADMISSIONS.CSV'), 'ADMISSIONS');
    assert.equal(outputNameOf('/d/admissions.parquet'), 'admissions.parquet');
    assert.equal(outputNameOf('/d/admissions.tsv'), 'admissions.tsv');
    assert.equal(outputNameOf('/d/extract.v2.csv'), 'extract.v2.csv', 'a CSV whose name has an extension of its own');
    assert.equal(outputNameOf('/d/hospital'), 'hospital', 'a folder of linked tables keeps its name');
    const root = path.join('/tre', 'synthetic');
    assert.equal(levelFolder(root, '/d/admissions.parquet', 'correlated'), path.join(root, 'admissions.parquet-correlated'));
    assert.equal(reviewedMetadataPath(root, '/d/admissions.feather'), path.join(root, 'admissions.feather.metadata.json'));
  });

  it('never gives two data files of one folder the same metadata, level folder, pack file or recipe', () => {
    // Every pair of names a folder could hold, among same stems of different formats and names
    // that mimic another's output name (a.parquet.csv against a.parquet, a-structural.csv …).
    const names = ['a.csv', 'a.CSV', 'a.tsv', 'a.txt', 'a.parquet', 'a.arrow', 'a.feather', 'a.parquet.csv', 'a.csv.csv', 'a.synthetic.csv',
      'a-structural.csv', 'a-structural.parquet', 'a.metadata.csv', 'a.twin.csv', '.a.csv', 'a.', 'a..csv', 'a.dat', 'a.dat.csv'];
    const root = path.join('/tre', 'synthetic');
    const seen = new Map<string, string>();
    const claim = (output: string, name: string) => {
      const key = process.platform === 'win32' || process.platform === 'darwin' ? output.toLowerCase() : output;
      const other = seen.get(key);
      assert.ok(other === undefined || other === name, `${name} and ${other} would share ${output}`);
      seen.set(key, name);
    };
    for (const name of names) {
      // a.csv and a.CSV are one file on a case-insensitive disk; on Linux the pair is left out.
      if (name === 'a.CSV') continue;
      const data = path.join('/tre', name);
      claim(reviewedMetadataPath(root, data), name);
      for (const level of ['structural', 'statistical', 'correlated']) {
        const layout = packLayout(levelFolder(root, data, level), data);
        for (const file of packFilesWritten(layout)) claim(file, name);
      }
      const beside = twinPathBeside(data, path.extname(data) || '.csv');
      claim(beside, name);
      claim(recipePathFor(beside), name);
    }
  });

  it('names temp files by writer and recognises only its own naming', () => {
    const target = path.join('/o', 'metadata.json');
    const tmp = tempPathFor(target, 4242, 'a1b2c3');
    assert.equal(tmp, path.join('/o', '.metadata.json.4242-a1b2c3.tmp'));
    assert.deepEqual(tempFileWriter(path.basename(tmp), target), { pid: 4242 });
    assert.equal(tempFileWriter('.metadata.json.tmp', target), null);
    assert.equal(tempFileWriter('.evaluation.json.4242-a1.tmp', target), null, 'another target\'s temp file');
    assert.ok(isTempOrBackupName('.x.1-2.tmp') && isTempOrBackupName('notes~') && !isTempOrBackupName('EULA.md'));
  });

  it('is the naming the atomic writer uses, so a stale temp file of a dead writer is found and removed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-paths-'));
    try {
      const target = path.join(dir, 'out.csv');
      const file = await openAtomicFile(target);
      assert.deepEqual(tempFileWriter(path.basename(file.tempPath), target), { pid: process.pid });
      await file.abort();
      // A pid far above any live process: its writer is gone.
      const stale = tempPathFor(target, 2 ** 22 + 17, 'dead');
      fs.writeFileSync(stale, 'partial');
      assert.deepEqual(await removeStaleTempFiles(target), [path.basename(stale)]);
      assert.ok(!fs.existsSync(stale));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

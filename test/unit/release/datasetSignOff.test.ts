import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { releaseCommand } from '../../../src/cli/commands/release';
import { reviewCommand } from '../../../src/cli/commands/review';
import { datasetMetadataToJson } from '../../../src/core/dataset/metadataV2';
import { profileLinkedDataset } from '../../../src/core/dataset/profileLinked';
import { defaultTemplatesDir } from '../../../src/core/release/templates';
import { writeLinkedSample } from '../../../src/core/sample';
import { fakeIO, tempDir } from './helpers';

describe('release: a dataset pack from reviewed metadata — sign-off, --allow-unsigned, template overrides', function () {
  this.timeout(900_000);
  let dir: string;
  let real: string;
  let unsigned: string;
  let signed: string;

  before(async () => {
    dir = tempDir('dataset-signoff');
    real = path.join(dir, 'hospital');
    await writeLinkedSample(real, { persons: 300 });
    unsigned = path.join(dir, 'metadata.json');
    fs.writeFileSync(unsigned, datasetMetadataToJson((await profileLinkedDataset(real)).metadata));
    signed = path.join(dir, 'signed.json');
    await reviewCommand([unsigned, '--sign-off', '--name', 'Dr A. Reviewer', '--role', 'Output checker', '--out', signed, '--quiet'], fakeIO(dir));
  });

  const release = (args: string[]) => releaseCommand([...args, '--level', 'correlated', '--data', real, '--custodian', 'Example TRE', '--contact', 'tre@example.org', '--quiet'], fakeIO(dir));

  it('refuses unsigned or changed reviewed metadata in one line before making any folder, unless --allow-unsigned', async () => {
    const out = path.join(dir, 'refused');
    await assert.rejects(release([unsigned, '--dir', out]), /metadata\.json: the reviewed metadata is not signed off: sign it off first, or explicitly allow unsigned metadata/);
    const changed = path.join(dir, 'changed.json');
    const json = JSON.parse(fs.readFileSync(signed, 'utf8'));
    json.tables[0].metadata.dataset.rows += 5;
    fs.writeFileSync(changed, JSON.stringify(json));
    await assert.rejects(release([changed, '--dir', out]), /changed\.json: the sign-off by Dr A\. Reviewer no longer holds/);
    assert.equal(fs.existsSync(out), false, 'no folder made');
  });

  it('refuses a template override that misses a required field, naming the file', async () => {
    const templates = path.join(dir, 'bad-templates');
    fs.mkdirSync(path.join(templates, 'dataset'), { recursive: true });
    fs.writeFileSync(path.join(templates, 'dataset', 'DATA_CARD.md'), '# {{dataset.name}} at {{level}}\n');
    await assert.rejects(release([signed, '--dir', path.join(dir, 'refused2'), '--templates', templates]), /bad-templates\/dataset\/DATA_CARD\.md: template is missing the required field \{\{method\}\}/);
    // The shared licence keeps one table's required fields.
    fs.rmSync(path.join(templates, 'dataset'), { recursive: true });
    fs.writeFileSync(path.join(templates, 'EULA.md'), '{{dataset.name}} {{level}} {{version}} {{date}} {{contact}}\n');
    await assert.rejects(release([signed, '--dir', path.join(dir, 'refused2'), '--templates', templates]), /bad-templates\/EULA\.md: template is missing the required field \{\{custodian\}\}/);
  });

  it('a signed dataset makes a pack whose metadata.json carries the sign-off and whose checklist cites it; overrides are used', async () => {
    const templates = path.join(dir, 'templates');
    fs.mkdirSync(path.join(templates, 'dataset'), { recursive: true });
    const card = fs.readFileSync(path.join(defaultTemplatesDir(), 'dataset', 'DATA_CARD.md'), 'utf8');
    fs.writeFileSync(path.join(templates, 'dataset', 'DATA_CARD.md'), `${card}\nReleased under the Example TRE's data access policy.\n`);
    fs.writeFileSync(path.join(templates, 'RELEASE_CHECKLIST.md'), `${fs.readFileSync(path.join(defaultTemplatesDir(), 'RELEASE_CHECKLIST.md'), 'utf8')}\n- [ ] Example TRE's second checker has seen the pack.\n`);
    const pack = path.join(dir, 'pack');
    await release([signed, '--dir', pack, '--templates', templates]);
    const metadata = JSON.parse(fs.readFileSync(path.join(pack, 'metadata.json'), 'utf8'));
    assert.equal(metadata.signOff.name, 'Dr A. Reviewer');
    assert.equal(metadata.signOff.digest, JSON.parse(fs.readFileSync(signed, 'utf8')).signOff.digest);
    const list = fs.readFileSync(path.join(pack, 'RELEASE_CHECKLIST.md'), 'utf8');
    assert.match(list, /^- ✅ \*\*Metadata signed off\*\*: metadata\.json signed off by Dr A\. Reviewer \(Output checker\) on \d{4}-\d\d-\d\d; no changes to what the profiler inferred$/m);
    assert.ok(list.includes("- [ ] Example TRE's second checker has seen the pack."));
    assert.ok(fs.readFileSync(path.join(pack, 'DATA_CARD.md'), 'utf8').includes("Released under the Example TRE's data access policy."));

    // --allow-unsigned makes the pack from unsigned metadata; the checklist then asks for the sign-off.
    const io = fakeIO(dir);
    await releaseCommand([unsigned, '--level', 'structural', '--data', real, '--dir', path.join(dir, 'unsigned-pack'), '--allow-unsigned', '--quiet'], io);
    assert.equal(JSON.parse(io.out()).audit.status, 'pass');
    assert.match(fs.readFileSync(path.join(dir, 'unsigned-pack', 'RELEASE_CHECKLIST.md'), 'utf8'), /^- ⚠️ \*\*Metadata signed off\*\*: metadata\.json has no sign-off/m);
  });
});

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openDataset } from '../../../src/core/io';
import { profileFile } from '../../../src/core/profile';
import { loadTable } from '../../../src/core/table';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Byte-order marks inside a file at a record start (issue 16 item 5): removed, counted, noted. */
describe('odd inputs: a byte-order mark inside a file', () => {
  let dir = '';
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-straybom-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Two extracts concatenated: the second (with its BOM, without its header) starts mid-file; and a file saved twice (two BOMs). */
  const write = (name: string, parts: (string | Buffer)[]): string => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, Buffer.concat(parts.map((x) => (typeof x === 'string' ? Buffer.from(x, 'utf8') : x))));
    return p;
  };
  const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => `${from + i},${20 + ((from + i) % 50)},${i % 2 ? 'a' : 'b'}\n`).join('');

  it('is removed from a record start by both readers, the integer column stays integer, and the profile notes it', async () => {
    const file = write('joined.csv', [BOM, 'id,age,group\n', rows(1, 30), BOM, rows(31, 30), BOM, BOM, rows(61, 30)]);
    const source = await openDataset(file);
    assert.deepEqual(source.columnNames, ['id', 'age', 'group']);
    const { profile } = await profileFile(file, {});
    const id = profile.columns.find((c) => c.spec.name === 'id')!;
    assert.equal(id.spec.type, 'integer', 'the id column is not made categorical by a \\uFEFF31');
    assert.ok(profile.notes.some((n) => /^2 byte-order marks inside the file .* removed/.test(n)), profile.notes.join('\n'));
    const specs = profile.columns.map((c) => c.spec);
    for (const cells of [false, true]) {
      const { table, sampleNote } = await loadTable(await openDataset(file), specs, { cells, strict: true });
      const ids = table.columns[0].data;
      assert.equal(ids.kind, 'number');
      if (ids.kind === 'number') assert.deepEqual(Array.from(ids.values), Array.from({ length: 90 }, (_, i) => i + 1), `cells ${cells}`);
      assert.doesNotMatch(sampleNote, /did not match/);
    }
  });

  it('is removed from a header saved with two byte-order marks', async () => {
    const file = write('twice.csv', [BOM, BOM, 'id,age,group\n', rows(1, 20)]);
    const source = await openDataset(file);
    assert.deepEqual(source.columnNames, ['id', 'age', 'group']);
    const { profile } = await profileFile(file, {});
    assert.ok(profile.notes.some((n) => /^1 byte-order mark inside the file/.test(n)), profile.notes.join('\n'));
  });

  it('a file with only its leading byte-order mark gets no note', async () => {
    const file = write('plain.csv', [BOM, 'id,age,group\n', rows(1, 20)]);
    const { profile } = await profileFile(file, {});
    assert.ok(!profile.notes.some((n) => /byte-order/.test(n)));
  });
});

/**
 * The profiler reads delimited text as byte ranges (cellBatches) and everything else as values
 * (batches). Both must give the same profile: the byte path is an optimisation, never a change
 * of answer. Checked on every CSV of ../shared/data, the built-in sample and encoded fixtures.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import iconv from 'iconv-lite';
import { fingerprintFile, openDataset, type DatasetSource } from '../../../src/core/io';
import { profileDataset, type Profile } from '../../../src/core/profile';
import { writeHospitalAdmissionsSample } from '../../../src/core/sample/hospitalAdmissions';
import { DATA, tempDir } from './helpers';

/** The source without its byte path: the profiler then takes the value path. */
function valuesOnly(source: DatasetSource): DatasetSource {
  return { ...source, cellBatches: undefined };
}

/**
 * A profile without its timing (the one field that differs run to run) and its cell keys (record keys
 * hash each path's own form of a record: the row's bytes, or its cells' text).
 */
function comparable(p: Profile): Omit<Profile, 'timing' | 'cellKeys'> {
  const { timing: _timing, cellKeys: _cellKeys, ...rest } = p;
  return rest;
}

async function assertSameProfile(file: string, options: Parameters<typeof profileDataset>[1] = {}): Promise<Profile> {
  const source = await openDataset(file);
  assert.ok(source.cellBatches, `${file} takes the byte path`);
  const fromBytes = await profileDataset(source, options);
  const fromValues = await profileDataset(valuesOnly(source), options);
  assert.deepEqual(comparable(fromBytes), comparable(fromValues), path.basename(file));
  return fromBytes;
}

describe('profile: byte path and value path agree', function () {
  this.timeout(120_000);
  const dir = tempDir();
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const shared = fs.existsSync(DATA)
    ? fs.readdirSync(DATA).flatMap((d) => {
      const sub = path.join(DATA, d);
      return fs.statSync(sub).isDirectory() ? fs.readdirSync(sub).filter((f) => f.endsWith('.csv')).map((f) => path.join(sub, f)) : [];
    })
    : [];
  for (const file of shared) {
    it(`same profile: ${path.relative(DATA, file)}`, async () => {
      await assertSameProfile(file);
    });
  }

  it('same profile: the built-in sample (20,000 rows), also with small limits that force reservoirs and HyperLogLog', async () => {
    const file = path.join(dir, 'hospital_admissions.csv');
    await writeHospitalAdmissionsSample(file);
    await assertSameProfile(file);
    const small = await assertSameProfile(file, { exactRowLimit: 1000, distinctLimit: 500, associationRows: 800 });
    assert.ok(small.columns.some((c) => c.distinct.method === 'hyperloglog'), 'some column past the distinct limit');
    assert.ok(small.columns.some((c) => c.numeric && c.numeric.method !== 'exact'), 'some column sampled');
  });

  it('same profile: Windows-1252, UTF-16LE and Latin-1 text with non-ASCII categories, spaces and missing tokens', async () => {
    const rows = ['name;city;score;when'];
    const cities = ['Málaga', 'Zürich', 'Łódź', '“Quoted” Town', ' NA ', 'N/A', ''];
    for (let i = 0; i < 600; i++) rows.push(`Zoë ${i % 13};${cities[i % cities.length]};${(i % 17) * 1.5};0${1 + (i % 9)}/02/2021`);
    const text = rows.join('\r\n') + '\r\n';
    const files = [
      ['cp1252.csv', iconv.encode(text.replace('Łódź', 'Lodz'), 'windows-1252')],
      ['utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
      ['utf8bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])],
    ] as const;
    for (const [name, bytes] of files) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, bytes);
      const profile = await assertSameProfile(file);
      const city = profile.columns.find((c) => c.name === 'city');
      assert.ok(city, name);
      // ' NA ' and 'N/A' and '' are missing: 3 of every 7 rows.
      assert.equal(city.missing, [...Array(600).keys()].filter((i) => i % 7 >= 4).length, name);
      assert.equal(city.frequencies.values.find((f) => f.value === 'Málaga')?.count, [...Array(600).keys()].filter((i) => i % 7 === 0).length, name);
      // Lengths are in characters, not bytes: 'Málaga' counts 6.
      assert.equal(city.length.max, '“Quoted” Town'.length, name);
    }
  });

  it('the fingerprint is the same from a hashing thread and from the pass`s own reads, and equals the file`s', async () => {
    const file = path.join(dir, 'bom.csv');
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a,b\n' + 'x,1\n'.repeat(100_000))]));
    const source = await openDataset(file);
    const want = await fingerprintFile(file);
    const onThread = await profileDataset(source, { fingerprintOnThread: true });
    const inPass = await profileDataset(source, { fingerprintOnThread: false });
    assert.deepEqual(onThread.dataset.fingerprint, want);
    assert.deepEqual(inPass.dataset.fingerprint, want);
  });
});

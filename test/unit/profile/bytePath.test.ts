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
import { createRandom } from '../../../src/core/random';

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

  it('the person pass gives the same persons from bytes and from values: padded and quoted keys, non-ASCII, missing tokens, numbers in every spelling a number column holds', async () => {
    const rng = createRandom(9);
    // Spellings the byte reading of plain numbers must read as Number() does, and ones it must leave to the text reading.
    const spellings = ['-0', '0', '-12.250', '1e3', '1,234.5', '0.1', '123456789012345', '1234567890123456', '9007199254740993', '.', '3.14159265358979'];
    const keys = ['P1', ' P1', 'P2 ', '"P,3"', 'Pé', 'P 5', 'NA', '', 'P6', 'P7', 'P8', 'P9'];
    const rows = ['patient_id,ward,lab,when,code,visit'];
    for (let r = 0; r < 3000; r++) {
      const lab = rng.next() < 0.2 ? spellings[rng.int(spellings.length)] : (rng.normal() * 30).toFixed(rng.int(7));
      const ward = rng.next() < 0.05 ? ' NA ' : ['Málaga', 'W1', 'W2', '"W,3"', `W${rng.int(40)}`][rng.int(5)];
      const when = `${String(1 + rng.int(28)).padStart(2, '0')}/0${1 + rng.int(9)}/20${10 + rng.int(10)}`;
      // A code repeated across rows (a key of another table) and a visit number unique to each row.
      rows.push([keys[rng.int(keys.length)], ward, lab.includes(',') ? `"${lab}"` : lab, when, `K${10_000_000 + r - (r % 50 === 1 ? 1 : 0)}`, `V${r}`].join(','));
    }
    const file = path.join(dir, 'persons.csv');
    fs.writeFileSync(file, rows.join('\n') + '\n');
    const options = { personKey: 'patient_id', disclosure: { threshold: 3 } };
    const fromBytes = await assertSameProfile(file, options);
    const fromValues = await profileDataset(valuesOnly(await openDataset(file)), options);
    const lab = fromBytes.columns.find((c) => c.name === 'lab');
    assert.equal(lab?.spec.type, 'numeric');
    assert.ok(fromBytes.columns.some((c) => c.persons?.categories.some((x) => x.value === 'Málaga')));
    for (let c = 0; c < fromBytes.columns.length; c++) {
      const a = fromBytes.columns[c].persons;
      const b = fromValues.columns[c].persons;
      assert.deepEqual(a, b, fromBytes.columns[c].name);
      // The non-enumerable parts: persons in a range of values, and each repeated key's persons.
      if (a?.personsIn) {
        for (const [lo, hi] of [[-1e9, 1e9], [0, 0.6], [-0.5, 0.5], [5, 5.01], [-20, 20], [1e14, 1e16]]) assert.equal(a.personsIn(lo, hi), b?.personsIn?.(lo, hi), `${fromBytes.columns[c].name} [${lo}, ${hi})`);
      }
      if (a?.keyPersons) assert.deepEqual([...a.keyPersons], [...(b?.keyPersons ?? [])], fromBytes.columns[c].name);
    }
    assert.ok(fromBytes.columns.some((c) => c.persons?.keyPersons && c.persons.keyPersons.size > 2000), 'a repeated key column counted');
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

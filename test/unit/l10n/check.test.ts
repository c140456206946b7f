import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Papa from 'papaparse';
import { setLanguage } from '../../../src/core/l10n';
import { profileFile, toMetadata } from '../../../src/core/profile';
import { checkRealData, checkRealDataset, formatFinding } from '../../../src/core/release';
import { writeHospitalAdmissionsSample, writeLinkedSample } from '../../../src/core/sample';
import { profileLinkedDataset } from '../../../src/core/dataset/profileLinked';
import { tempDir } from '../release/helpers';

/** `twin check` tells a Welsh reader how the real data differs from the twin's schema, in Welsh. */
describe('l10n: twin check findings in Welsh', function () {
  this.timeout(120_000);
  afterEach(() => setLanguage('en'));
  let dir: string;
  let file: string;
  let metadata: unknown;

  before(async () => {
    dir = tempDir('cy-check');
    const real = path.join(dir, 'adm.csv');
    await writeHospitalAdmissionsSample(real, { rows: 1500 });
    metadata = toMetadata((await profileFile(real)).profile);
    const rows = Papa.parse<string[]>(fs.readFileSync(real, 'utf8'), { skipEmptyLines: true }).data;
    const col = (name: string) => rows[0].indexOf(name);
    // A renamed column, an unknown category, two values of another type, a column moved.
    rows[0][col('age')] = 'age_years';
    rows[3][col('admission_method')] = 'Teleport';
    for (const i of [4, 9]) rows[i][col('systolic_bp')] = 'high';
    const [sex, ethnicity] = [col('sex'), col('ethnicity')];
    for (const row of rows) [row[sex], row[ethnicity]] = [row[ethnicity], row[sex]];
    file = path.join(dir, 'variant.csv');
    fs.writeFileSync(file, Papa.unparse(rows, { newline: '\n' }) + '\n');
  });

  const findings = async (): Promise<string[]> => (await checkRealData(file, structuredClone(metadata) as never)).findings.map(formatFinding);

  it('says in English what it always said', async () => {
    const lines = await findings();
    for (const line of [
      'error: column "age": column: renamed: the real file has "age_years" in its place (column 2)',
      'error: column "admission_method": domain: 1 category not in the metadata (1 value, first at row 4)',
      'error: column "sex": order: moved: position 4 in the real file, 3 in the metadata',
    ]) assert.ok(lines.includes(line), `${line}\n${lines.join('\n')}`);
    assert.ok(lines.some((l) => /^error: column "systolic_bp": type: 2 of \d+ values are not integer values \(first at row 5\)$/.test(l)), lines.join('\n'));
  });

  it('says it in Welsh under --lang cy: the severity and kind stay tokens, the column and the sentence are Welsh', async () => {
    setLanguage('cy');
    const lines = await findings();
    for (const line of [
      'error: colofn "age": column: wedi\'i hailenwi: mae "age_years" yn ei lle yn y ffeil go iawn (colofn 2)',
      'error: colofn "admission_method": domain: 1 categori nad yw yn y metadata (1 gwerth, y cyntaf yn rhes 4)',
      'error: colofn "sex": order: wedi symud: safle 4 yn y ffeil go iawn, 3 yn y metadata',
    ]) assert.ok(lines.includes(line), `${line}\n${lines.join('\n')}`);
    assert.ok(lines.some((l) => /^error: colofn "systolic_bp": type: nid yw 2 o \d+ gwerth yn werthoedd integer \(y cyntaf yn rhes 5\)$/.test(l)), lines.join('\n'));
    // The merged rare categories of ethnicity, an expected difference.
    assert.ok(lines.some((l) => /^info: colofn "ethnicity": domain: \d+ categori nad ydynt yn y rhestr a gyhoeddwyd \(\d+ gwerth\): yn gyson â'r categorïau prin a gyfunwyd yn "Other"$/.test(l)), lines.join('\n'));
    assert.deepEqual(lines.filter((l) => /\b(the real file|not in the metadata|values are not|first at row)\b/.test(l)), []);
  });

  it('names a table missing from a linked dataset\'s folder in Welsh', async () => {
    const real = path.join(dir, 'hospital');
    await writeLinkedSample(real, { persons: 60 });
    const { metadata: dataset } = await profileLinkedDataset(real);
    fs.rmSync(path.join(real, 'diagnoses.csv'));
    setLanguage('cy');
    const result = await checkRealDataset(real, dataset);
    assert.deepEqual(result.missing.map((m) => formatFinding(m.finding)), ['error: table: tabl diagnoses: nid oes ffeil diagnoses.csv yn y ffolder']);
  });
});

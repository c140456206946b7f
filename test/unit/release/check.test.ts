import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Papa from 'papaparse';
import { checkCommand } from '../../../src/cli/commands/check';
import { checkRealData, formatFinding } from '../../../src/core/release';
import { isTwinError } from '../../../src/core/errors';
import { profileFile, toMetadata } from '../../../src/core/profile';
import { writeHospitalAdmissionsSample } from '../../../src/core/sample';
import { fakeIO, tempDir } from './helpers';

describe('twin check: real data against the twin\'s metadata', function () {
  this.timeout(60_000);
  let dir: string;
  let real: string;
  let metadataPath: string;
  let rows: string[][];

  /** Writes a variant of the real file, changed by `edit`, and returns its path. */
  function variant(name: string, edit: (rows: string[][]) => void): string {
    const copy = rows.map((r) => [...r]);
    edit(copy);
    const file = path.join(dir, name);
    fs.writeFileSync(file, Papa.unparse(copy, { newline: '\n' }) + '\n');
    return file;
  }
  const col = (name: string) => rows[0].indexOf(name);

  /** Runs the command as the CLI would; returns stdout and the error it ended with (exit 1), if any. */
  async function check(file: string): Promise<{ lines: string[]; error: unknown }> {
    const io = fakeIO(dir);
    let error: unknown = null;
    try {
      await checkCommand([file, '--metadata', metadataPath, '--quiet'], io);
    } catch (e) {
      error = e;
    }
    return { lines: io.out().split('\n').filter(Boolean), error };
  }

  before(async () => {
    dir = tempDir('check');
    real = path.join(dir, 'adm.csv');
    await writeHospitalAdmissionsSample(real, { rows: 3000 });
    const { profile } = await profileFile(real);
    metadataPath = path.join(dir, 'metadata.json');
    fs.writeFileSync(metadataPath, JSON.stringify(toMetadata(profile), null, 2));
    rows = (Papa.parse<string[]>(fs.readFileSync(real, 'utf8'), { skipEmptyLines: true }).data);
  });

  it('passes the real file against its own metadata (exit 0, info lines only)', async () => {
    const { lines, error } = await check(real);
    assert.equal(error, null);
    assert.ok(lines.every((l) => l.startsWith('info: ')), lines.join('\n'));
    // The merged rare categories of the real file are expected, not errors.
    assert.ok(lines.some((l) => /^info: column "ethnicity": domain: \d+ categories not in the published list .* merged into "Other"$/.test(l)), lines.join('\n'));
  });

  it('fails on a renamed column, naming it', async () => {
    const file = variant('renamed.csv', (r) => { r[0][col('age')] = 'age_years'; });
    const { lines, error } = await check(file);
    assert.ok(isTwinError(error) && error.kind === 'input' && error.message.includes('renamed.csv'));
    assert.ok(lines.includes('error: column "age": column: renamed: the real file has "age_years" in its place (column 2)'), lines.join('\n'));
  });

  it('fails on a changed type, naming the column and the first row', async () => {
    const file = variant('type.csv', (r) => { for (const i of [4, 9, 99]) r[i][col('systolic_bp')] = 'high'; });
    const { lines, error } = await check(file);
    assert.ok(isTwinError(error));
    const line = lines.find((l) => l.startsWith('error: column "systolic_bp": type:'));
    assert.ok(line, lines.join('\n'));
    assert.match(line, /^error: column "systolic_bp": type: 3 of \d+ values are not integer values \(first at row 5\)$/);
  });

  it('fails on a category outside the domain of a column with no merged group', async () => {
    const file = variant('domain.csv', (r) => { r[3][col('admission_method')] = 'Teleport'; });
    const { lines, error } = await check(file);
    assert.ok(isTwinError(error));
    assert.ok(lines.includes('error: column "admission_method": domain: 1 category not in the metadata (1 value, first at row 4)'), lines.join('\n'));
  });

  it('fails on an unlisted category too common to be one of the merged rare ones', async () => {
    const file = variant('common.csv', (r) => { for (let i = 1; i <= 40; i++) r[i][col('ethnicity')] = 'Not recorded (new code)'; });
    const { lines } = await check(file);
    assert.ok(lines.some((l) => /^error: column "ethnicity": domain: 1 category not in the metadata occurs in at least 10 records, so it is not one of the rare categories/.test(l)), lines.join('\n'));
  });

  it('fails on another date pattern, another number of decimals, and reordered columns', async () => {
    const file = variant('format.csv', (r) => {
      const a = col('admission_datetime');
      const b = col('bmi');
      r[2][a] = r[2][a].replace(/^(\d{4})-(\d{2})-(\d{2})/, '$3/$2/$1');
      for (const row of r.slice(1)) if (row[b] !== '') row[b] = Number(row[b]).toFixed(2);
      for (const row of r) [row[col('sex')], row[col('ethnicity')]] = [row[col('ethnicity')], row[col('sex')]];
    });
    const result = await checkRealData(file, JSON.parse(fs.readFileSync(metadataPath, 'utf8')));
    const lines = result.findings.map(formatFinding);
    assert.equal(result.matches, false);
    assert.ok(lines.includes('error: column "admission_datetime": format: 1 of 3000 values are not datetime values in the pattern yyyy-MM-dd HH:mm (first at row 3)'), lines.join('\n'));
    assert.ok(lines.some((l) => /^error: column "bmi": format: \d+ values are not written with 1 decimal place \(first at row \d+\)$/.test(l)), lines.join('\n'));
    assert.ok(lines.includes('error: column "sex": order: moved: position 4 in the real file, 3 in the metadata'), lines.join('\n'));
    assert.ok(lines.includes('error: column "ethnicity": order: moved: position 3 in the real file, 4 in the metadata'), lines.join('\n'));
  });

  it('reports missing and extra columns', async () => {
    const file = variant('columns.csv', (r) => {
      const w = col('ward_code');
      for (const row of r) row.splice(w, 1);
      r[0].push('bed');
      for (const row of r.slice(1)) row.push('1');
    });
    const { lines } = await check(file);
    assert.ok(lines.includes('error: column "bed": column: extra column: not in the metadata'), lines.join('\n'));
    // ward_code's position now holds notes, which the metadata has: so not a rename.
    assert.ok(lines.includes('error: column "ward_code": column: missing from the real file'), lines.join('\n'));
  });

  it('prints its help and needs --metadata', async () => {
    const io = fakeIO(dir);
    await checkCommand(['--help'], io);
    assert.match(io.out(), /^twin check <real> --metadata metadata\.json/);
    await assert.rejects(checkCommand([real], fakeIO(dir)), (e: unknown) => isTwinError(e) && e.kind === 'usage');
  });
});

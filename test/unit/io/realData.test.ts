import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fingerprintFile, openDataset, writeDataset } from '../../../src/core/io';
import type { DelimitedDialect } from '../../../src/core/schema';
import { asTextTables, readAll, tempDir, textSpecs } from './helpers';
import { requireOrSkip } from '../skip';

const DATA = path.resolve(__dirname, '../../../../shared/data');
const dir = tempDir('real');

function need(this: Mocha.Context, file: string): string {
  const p = path.join(DATA, file);
  requireOrSkip(this, fs.existsSync(p), `../shared/data/${file} is not present`);
  return p;
}

describe('io: real datasets', () => {
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('UCI Adult: 32,561 rows × 15, ", " separators stripped, ? as missing', async function () {
    const src = await openDataset(need.call(this, 'adult/adult.csv'));
    const d = src.dialect as DelimitedDialect;
    assert.equal(d.delimiter, ',');
    assert.equal(d.spaceAfterDelimiter, true);
    assert.equal(d.headerSpaceAfterDelimiter, false);
    assert.equal(d.missingToken, '?');
    assert.equal(src.columnNames.length, 15);
    assert.equal(src.columnNames[14], 'income');
    const { rows } = await readAll(src);
    assert.equal(rows.length, 32561);
    assert.deepEqual(rows[0], ['39', 'State-gov', '77516', 'Bachelors', '13', 'Never-married', 'Adm-clerical', 'Not-in-family', 'White', 'Male', '2174', '0', '40', 'United-States', '<=50K']);
    assert.ok(rows.every((r) => r.every((v) => typeof v === 'string' && !v.startsWith(' '))));
  });

  it('NHS-R stranded data: strings and header quoted, numbers bare', async function () {
    const src = await openDataset(need.call(this, 'nhsr/stranded_data.csv'));
    const d = src.dialect as DelimitedDialect;
    assert.equal(d.quoting, 'nonnumeric');
    assert.equal(d.headerQuoted, true);
    assert.deepEqual(d.quotedColumns, ['stranded.label', 'admit_date', 'frailty_index']);
    assert.equal(d.missingToken, 'NA');
    const { rows } = await readAll(src);
    assert.equal(rows.length, 768);
    assert.deepEqual(rows[0], ['Not Stranded', '50', '0', '0', '0', '0', '1', '29/12/2020', 'No index item']);
  });

  for (const file of ['adult/adult.csv', 'nhsr/stranded_data.csv', 'nhsr/ae_attendances.csv', 'nhsr/synthetic_news_data.csv',
    'nhsr/LOS_model.csv', 'ae/hospital_ae_data.csv', 'synthea/encounters.csv', 'synthea/patients.csv', 'synthea/devices.csv']) {
    it(`round trip of ${file} is byte-identical`, async function () {
      const p = need.call(this, file);
      const src = await openDataset(p);
      const specs = textSpecs(src);
      const out = path.join(dir, path.basename(file));
      await writeDataset(out, { dialect: src.dialect, columns: specs }, asTextTables(src, specs));
      const [a, b] = await Promise.all([fingerprintFile(p), fingerprintFile(out)]);
      assert.deepEqual(b, a);
    });
  }
});

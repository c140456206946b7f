import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * A fictional ward register (66 rows) and a hand-made release pack of it that follows every
 * rule: the clean pack. Tests copy it and plant one leak each.
 *   North Wing: 30 aged 40, 3 with age missing      South Wing: 20 aged 50, 6 aged 21–26 (each unique)
 *   Ward Zeta: 3 aged 60–62 (a rare category)         Ward Omega: 4 aged 70, 71, 72, 99 (99: the maximum, held once)
 */
export function writeRealData(dir: string): string {
  const rows: string[] = ['id,ward,age'];
  let n = 0;
  const add = (ward: string, age: string) => rows.push(`P${String(++n).padStart(4, '0')},${ward},${age}`);
  for (let i = 0; i < 30; i++) add('North Wing', '40');
  for (let i = 0; i < 3; i++) add('North Wing', '');
  for (let i = 0; i < 20; i++) add('South Wing', '50');
  for (let i = 21; i <= 26; i++) add('South Wing', String(i));
  for (const a of ['60', '61', '62']) add('Ward Zeta', a);
  for (const a of ['70', '71', '72', '99']) add('Ward Omega', a);
  const file = path.join(dir, 'wards.csv');
  fs.writeFileSync(file, rows.join('\n') + '\n');
  return file;
}

export const REAL_ROWS = 66;

export function cleanMetadata(): any {
  return {
    format: 'twin-metadata/1',
    generator: { tool: 'synthetic-twin', version: 'test' },
    dataset: {
      name: 'wards', rows: 65,
      dialect: { kind: 'delimited', delimiter: ',', quote: '"', quoting: 'minimal', spaceAfterDelimiter: false, header: true, lineEnding: '\n', encoding: 'utf-8', bom: false, finalNewline: true },
    },
    disclosure: { threshold: 10, rounding: 5, tailQuantile: 0.01, dateResolution: 'month' },
    columns: [
      { name: 'id', type: 'identifier', format: { kind: 'string', shape: 'A9999' }, missing: 0, disclosure: [{ kind: 'unique-key', reason: 'every value is distinct', action: 'replaced by format-valid fakes' }], length: { quantiles: { p: [0, 1], values: [5, 5] } }, unique: true },
      { name: 'ward', type: 'categorical', format: { kind: 'string' }, missing: 0, disclosure: [], categories: [{ value: 'North Wing', count: 35 }], other: { categories: 3, count: 35, label: 'Other' } },
      { name: 'age', type: 'integer', format: { kind: 'integer', thousands: false }, missing: 0, disclosure: [], bounds: { lower: 40, upper: 50 }, quantiles: { p: [0, 0.5, 1], values: [40, 40, 50] }, histogram: { edges: [40, 45, 50], counts: [30, 20] } },
    ],
    controls: [{ column: 'ward', control: 'rare-category-merge', detail: 'three wards merged into Other' }],
  };
}

function cleanTwin(): string {
  const rows = ['id,ward,age'];
  for (let i = 1; i <= 60; i++) rows.push(`F${String(i).padStart(4, '0')},${i % 2 ? 'North Wing' : 'South Wing'},${i % 3 ? '40' : '50'}`);
  return rows.join('\n') + '\n';
}

/** Writes the clean pack into `dir`; `plant` may change any file's text before it is written. */
export function writePack(dir: string, plant: (files: Record<string, string>) => void = () => {}): string {
  fs.mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = {
    'metadata.json': JSON.stringify(cleanMetadata(), null, 2),
    'wards.synthetic.csv': cleanTwin(),
    'evaluation.json': JSON.stringify({ format: 'twin-evaluation/1', columns: [{ column: 'ward', categories: ['North Wing'], real: { counts: [35] }, synthetic: { counts: [30] } }, { column: 'age', edges: [40, 45, 50], real: { counts: [30, 20] } }] }, null, 2),
    'DATA_CARD.md': '# wards: synthetic twin\n\nThe twin has about 65 rows. Most patients are on North Wing; three small wards are merged into Other.\n',
    'analysis.py': 'import pandas as pd\ndf = pd.read_csv("wards.synthetic.csv")\nprint(df["age"].describe())\n',
  };
  plant(files);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

export function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `twin-audit-${label}-`));
}

export function sha256Of(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

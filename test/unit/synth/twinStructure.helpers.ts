import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openDataset } from '../../../src/core/io';
import type { Metadata } from '../../../src/core/metadata';
import { writeHospitalAdmissionsSample } from '../../../src/core/sample';
import { generateTwin } from '../../../src/core/synth';
import { loadTable } from '../../../src/core/table/loadTable';

/**
 * Twins of the issue-13 datasets at every level and method, each made once per test run, and the
 * real and twin values as written (strings, null for missing), for the record-structure tests
 * (codes, repeated keys, fakes).
 */

export const DATA = path.resolve(__dirname, '../../../../shared/data');

export const LEVEL_METHODS: readonly { level: string; method: string; epsilon?: number }[] = [
  { level: 'structural', method: 'structural' },
  { level: 'statistical', method: 'statistical' },
  { level: 'correlated', method: 'copula' },
  { level: 'correlated', method: 'cart' },
  { level: 'correlated', method: 'privbayes', epsilon: 1 },
];

export interface Twin { level: string; method: string; metadata: Metadata; values: Map<string, (string | null)[]> }

export interface Dataset { name: string; file: string; real: Map<string, (string | null)[]>; twins: Twin[] }

const cache = new Map<string, Promise<Dataset>>();
let sampleFile: Promise<string> | null = null;

/** The built-in demo sample, written once to a temporary folder. */
export function builtInSample(): Promise<string> {
  sampleFile ??= (async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'twin-structure-')), 'hospital_admissions.csv');
    await writeHospitalAdmissionsSample(file);
    return file;
  })();
  return sampleFile;
}

/** Every value of every column as written (strings; null for missing). */
export async function readStrings(file: string): Promise<Map<string, (string | null)[]>> {
  const source = await openDataset(file);
  const specs = source.columnNames.map((name) => ({ name, type: 'identifier' as const, format: { kind: 'string' as const } }));
  const { table } = await loadTable(source, specs);
  const out = new Map<string, (string | null)[]>();
  for (const c of table.columns) out.set(c.spec.name, c.data.kind === 'string' ? c.data.values : []);
  return out;
}

/** A dataset (path under ../shared/data, or 'sample') with its twins at every level and method (made once). */
export function datasetWithTwins(name: string): Promise<Dataset> {
  let p = cache.get(name);
  if (!p) {
    p = (async () => {
      const file = name === 'sample' ? await builtInSample() : path.join(DATA, name);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-structure-'));
      const twins: Twin[] = [];
      for (const { level, method, epsilon } of LEVEL_METHODS) {
        const out = path.join(dir, `${level}-${method}${path.extname(file)}`);
        const { recipe } = await generateTwin({ input: file, level, method, epsilon, out, seed: 7 });
        twins.push({ level, method, metadata: recipe.metadata, values: await readStrings(out) });
      }
      return { name, file, real: await readStrings(file), twins };
    })();
    cache.set(name, p);
  }
  return p;
}

export const DATASETS = ['sample', 'synthea/encounters.csv', 'nhsr/stranded_data.csv', 'ae/hospital_ae_data.csv'];

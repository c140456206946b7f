// `npm run demo`: the main job on the built-in sample, through the real `twin` CLI:
// write the fictional hospital-admissions extract, profile it, generate a twin at
// each fidelity level, and evaluate the correlated twin (JSON + offline HTML report).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'dist', 'cli.js');
const dir = join(root, 'sample');
mkdirSync(dir, { recursive: true });
const data = join(dir, 'hospital_admissions.csv');

function twin(...args) {
  console.error(`\n$ twin ${args.map((a) => (a.startsWith(root) ? a.slice(root.length + 1) : a)).join(' ')}`);
  const r = spawnSync(process.execPath, [cli, ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

twin('sample', '--out', data, '--quiet');
twin('profile', data, '--out', join(dir, 'metadata.json'));
for (const level of ['structural', 'statistical', 'correlated']) {
  twin('generate', level === 'correlated' ? data : join(dir, 'metadata.json'), '--level', level, '--seed', '1', '--out', join(dir, `hospital_admissions.${level}.synthetic.csv`), '--quiet');
}
twin('evaluate', data, join(dir, 'hospital_admissions.correlated.synthetic.csv'), '--out', join(dir, 'evaluation.json'), '--html', join(dir, 'evaluation.html'), '--quiet');
console.error(`\nDone. Open ${join('sample', 'evaluation.html')} in a browser (it works offline), or read sample/metadata.json.`);

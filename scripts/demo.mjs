// `npm run demo`: the main job on the built-in sample, through the real `twin` CLI:
// write the fictional hospital-admissions extract, profile it, then run the fidelity
// ladder: 20% of persons are held out (in memory), a twin is generated at each level
// from the rest, and each is evaluated against the same held-out records, so the
// privacy figures are measured risks, not upper bounds (JSON + offline HTML reports).
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
  // The ladder's JSON summary is for programs; the demo shows its table on stderr.
  const r = spawnSync(process.execPath, [cli, ...args], { stdio: ['ignore', args[0] === 'ladder' ? 'ignore' : 'inherit', 'inherit'] });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

twin('sample', '--out', data, '--quiet');
twin('profile', data, '--out', join(dir, 'metadata.json'));
twin('ladder', data, '--dir', join(dir, 'synthetic'), '--seed', '1');
twin('evaluate', data, join(dir, 'synthetic', 'hospital_admissions-correlated', 'hospital_admissions.synthetic.csv'),
  '--out', join(dir, 'evaluation.json'), '--html', join(dir, 'evaluation.html'));
console.error(`\nDone. Open ${join('sample', 'evaluation.html')} (the correlated twin, measured against the held-out records) in a browser — it works offline —,`);
console.error(`the other levels in sample/synthetic/hospital_admissions-<level>/evaluation.html, or read sample/metadata.json.`);

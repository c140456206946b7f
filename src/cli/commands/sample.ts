import { usageError, writeHospitalAdmissionsSample, writeLinkedSample, t } from '../../core';
import { parseCommandArgs, requirePositionals, stringOption, integerOption } from '../args';
import { COMMON_OPTIONS, cliContext, resolvePath } from './shared';
import type { CommandIO } from './index';

const help = (): string => t(`twin sample [--rows N] [--seed S] [--out FILE]
twin sample --linked [--persons N] [--seed S] [--out FOLDER]

Writes the built-in, entirely fictional hospital-admissions extract (NHS-number-like
IDs from the never-issued 999 range, ages, admissions, ICD-10 codes, free-text notes)
for demos and workshops. With --linked, writes the fictional linked extract instead:
patients.csv, admissions.csv, diagnoses.csv and prescriptions.csv in one folder (fake
keys that join, about 30 events per person). Same seed, same bytes.

Options:
  --rows N      rows to write (default 20000)
  --seed S      random seed (default: the built-in sample's seed)
  --out FILE    output file (default hospital_admissions.csv; with --linked a folder, default linked_sample)
  --linked      write the linked sample (four tables)
  --persons N   with --linked: persons to write (default 2000)
  -q, --quiet   no progress on stderr
  -h, --help    show this help
`);

export async function sampleCommand(argv: string[], io: CommandIO): Promise<void> {
  const args = parseCommandArgs('sample', argv, { ...COMMON_OPTIONS, rows: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, linked: { type: 'boolean' }, persons: { type: 'string' } });
  if (args.values.help) {
    io.stdout.write(help());
    return;
  }
  requirePositionals('sample', args, []);
  if (args.values.linked === true && stringOption(args, 'rows') !== undefined) throw usageError(t('--rows is for the single-table sample; with --linked give --persons'));
  if (args.values.linked !== true && stringOption(args, 'persons') !== undefined) throw usageError(t('--persons needs --linked'));
  if (args.values.linked === true) {
    const dir = resolvePath(io, stringOption(args, 'out') ?? 'linked_sample');
    const { ctx, done } = cliContext(io, args.values.quiet === true);
    try {
      const result = await writeLinkedSample(dir, { persons: integerOption(args, 'persons', 1), seed: integerOption(args, 'seed', 0) }, ctx);
      done();
      io.stdout.write(JSON.stringify({ out: dir, persons: result.persons, rows: result.rows, bytes: result.bytes }, null, 2) + '\n');
    } finally {
      done();
    }
    return;
  }
  const out = resolvePath(io, stringOption(args, 'out') ?? 'hospital_admissions.csv');
  const { ctx, done } = cliContext(io, args.values.quiet === true);
  try {
    const result = await writeHospitalAdmissionsSample(out, { rows: integerOption(args, 'rows', 1), seed: integerOption(args, 'seed', 0) }, ctx);
    done();
    io.stdout.write(JSON.stringify({ out, rows: result.rows, bytes: result.bytes }, null, 2) + '\n');
  } finally {
    done();
  }
}

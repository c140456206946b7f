import { parseCommandArgs, requirePositionals, stringOption, integerOption } from '../args';
import { writeHospitalAdmissionsSample } from '../../core/sample';
import { COMMON_OPTIONS, cliContext, resolvePath } from './shared';
import type { CommandIO } from './index';

const HELP = `twin sample [--rows N] [--seed S] [--out FILE]

Writes the built-in, entirely fictional hospital-admissions extract (NHS-number-like
IDs from the never-issued 999 range, ages, admissions, ICD-10 codes, free-text notes)
for demos and workshops. Same seed, same bytes.

Options:
  --rows N      rows to write (default 20000)
  --seed S      random seed (default: the built-in sample's seed)
  --out FILE    output file (default hospital_admissions.csv)
  -q, --quiet   no progress on stderr
  -h, --help    show this help
`;

export async function sampleCommand(argv: string[], io: CommandIO): Promise<void> {
  const args = parseCommandArgs('sample', argv, { ...COMMON_OPTIONS, rows: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } });
  if (args.values.help) {
    io.stdout.write(HELP);
    return;
  }
  requirePositionals('sample', args, []);
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

import { parseCommandArgs, requirePositionals, stringOption, integerOption, listOption } from '../args';
import { profileFile, toMetadata, renderProfileSummary } from '../../core/profile';
import type { TextEncodingName } from '../../core/schema';
import { usageError } from '../../core/errors';
import { COMMON_OPTIONS, cliContext, emitJson, resolvePath } from './shared';
import type { CommandIO } from './index';

const HELP = `twin profile <data> [options]

Profiles a CSV/TSV/delimited text, Parquet or Arrow/Feather file: types and formats,
missingness, distributions, pairwise associations and disclosure risks. Writes the
disclosure-safe metadata.json (format twin-metadata/1) to --out, or to stdout.

Options:
  --out FILE          write metadata.json here (default: stdout)
  --full FILE         also write the FULL profile (may hold disclosive detail: exact
                      min/max, rare categories) to this file; never part of a release
  --threshold K       rare-category / small-cell threshold k (default 10)
  --rounding R        round published counts to a multiple of R (default 5)
  --date-resolution month|day   finest date resolution published (default month)
  --missing LIST      comma-separated missing-value tokens (default: "",NA,N/A,NULL,.,?)
  --encoding ENC      force the text encoding: utf-8, utf-16le, utf-16be, windows-1252, latin1
  --delimiter D       force the delimiter (',', 'tab', ';', '|')
  --no-summary        do not print the summary table on stderr
  -q, --quiet         no progress or summary on stderr
  -h, --help          show this help
`;

const ENCODINGS: TextEncodingName[] = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252', 'latin1'];

export async function profileCommand(argv: string[], io: CommandIO): Promise<void> {
  const args = parseCommandArgs('profile', argv, {
    ...COMMON_OPTIONS,
    out: { type: 'string' },
    full: { type: 'string' },
    threshold: { type: 'string' },
    rounding: { type: 'string' },
    'date-resolution': { type: 'string' },
    missing: { type: 'string' },
    encoding: { type: 'string' },
    delimiter: { type: 'string' },
    'no-summary': { type: 'boolean' },
  });
  if (args.values.help) {
    io.stdout.write(HELP);
    return;
  }
  const [data] = requirePositionals('profile', args, ['data']);
  const quiet = args.values.quiet === true;
  const read = readOptions(args);
  const disclosure = disclosureOptions(args);
  const { ctx, done } = cliContext(io, quiet);
  try {
    const { profile } = await profileFile(resolvePath(io, data), { missingTokens: listOption(args, 'missing'), disclosure, read }, ctx);
    const metadata = toMetadata(profile, disclosure);
    done();
    if (!quiet && args.values['no-summary'] !== true) io.stderr.write(renderProfileSummary(profile) + '\n');
    const full = stringOption(args, 'full');
    if (full !== undefined) await emitJson(io, profile, full);
    await emitJson(io, metadata, stringOption(args, 'out'));
  } finally {
    done();
  }
}

/** Reader overrides shared by every command that reads a data file. */
export function readOptions(args: Parameters<typeof stringOption>[0]): { encoding?: TextEncodingName; delimiter?: string } {
  const encoding = stringOption(args, 'encoding')?.toLowerCase();
  if (encoding !== undefined && !ENCODINGS.includes(encoding as TextEncodingName)) {
    throw usageError(`--encoding must be one of ${ENCODINGS.join(', ')}, got ${JSON.stringify(encoding)}`);
  }
  let delimiter = stringOption(args, 'delimiter');
  if (delimiter === 'tab' || delimiter === '\\t') delimiter = '\t';
  if (delimiter !== undefined && delimiter.length !== 1) throw usageError(`--delimiter must be one character or 'tab', got ${JSON.stringify(delimiter)}`);
  return { encoding: encoding as TextEncodingName | undefined, delimiter };
}

/** Disclosure-control overrides shared by profile, generate and release. */
export function disclosureOptions(args: Parameters<typeof stringOption>[0]): { threshold?: number; rounding?: number; dateResolution?: 'month' | 'day' } {
  const threshold = integerOption(args, 'threshold', 1);
  const rounding = integerOption(args, 'rounding', 1);
  const res = stringOption(args, 'date-resolution');
  if (res !== undefined && res !== 'month' && res !== 'day') throw usageError(`--date-resolution must be month or day, got ${JSON.stringify(res)}`);
  const out: { threshold?: number; rounding?: number; dateResolution?: 'month' | 'day' } = {};
  if (threshold !== undefined) out.threshold = threshold;
  if (rounding !== undefined) out.rounding = rounding;
  if (res !== undefined) out.dateResolution = res;
  return out;
}

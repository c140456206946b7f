import { parseCommandArgs, requirePositionals, stringOption, integerOption, listOption } from '../args';
import { assertWritesNoInput, metadataToJson, profileFile, renderProfileSummary, toMetadata } from '../../core';
import { COMMON_OPTIONS, DISCLOSURE_OPTIONS, READ_LIMITS_HELP, PERSON_KEY_HELP, READ_OPTIONS, cliContext, disclosureOptions, emitJson, emitText, readOptions, resolvePath } from './shared';
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
  --max-categories N  refuse a column with more distinct categories than N (default 250000)
${PERSON_KEY_HELP}${READ_LIMITS_HELP}  --no-summary        do not print the summary table on stderr
  -q, --quiet         no progress or summary on stderr
  -h, --help          show this help
`;


export async function profileCommand(argv: string[], io: CommandIO): Promise<void> {
  const args = parseCommandArgs('profile', argv, {
    ...COMMON_OPTIONS,
    out: { type: 'string' },
    'max-categories': { type: 'string' },
    full: { type: 'string' },
    ...DISCLOSURE_OPTIONS,
    ...READ_OPTIONS,
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
  const dataPath = resolvePath(io, data);
  const out = stringOption(args, 'out');
  const full = stringOption(args, 'full');
  // Checked before reading: a path that is the data file (by any name) is refused, nothing written.
  await assertWritesNoInput(
    [...(full !== undefined ? [{ path: resolvePath(io, full), role: '--full' }] : []), ...(out !== undefined ? [{ path: resolvePath(io, out), role: '--out' }] : [])],
    [{ path: dataPath, role: 'the data file' }],
  );
  const { ctx, done } = cliContext(io, quiet);
  try {
    const { profile } = await profileFile(dataPath, { missingTokens: listOption(args, 'missing'), personKey: stringOption(args, 'person-key'), disclosure, read, maxCategories: integerOption(args, 'max-categories', 1) }, ctx);
    const metadata = toMetadata(profile, disclosure);
    done();
    if (!quiet && args.values['no-summary'] !== true) io.stderr.write(renderProfileSummary(profile) + '\n');
    if (full !== undefined) await emitJson(io, profile, full);
    await emitText(io, metadataToJson(metadata), out);
  } finally {
    done();
  }
}


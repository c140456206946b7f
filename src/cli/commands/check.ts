import { parseCommandArgs, requirePositionals, stringOption, listOption } from '../args';
import { checkRealDataFile, checkRealDataset, formatFinding, inputError, readDatasetMetadata, usageError, t } from '../../core';
import { COMMON_OPTIONS, readLimitsHelp, READ_OPTIONS, cliContext, readOptions, resolvePath } from './shared';
import type { CommandIO } from './index';

const help = (): string => t(`twin check <real> --metadata metadata.json [options]
twin check <real folder> --metadata <dataset metadata.json> [options]

Checks whether real data matches the schema a twin was made with, so that code
written against the twin will run on it: columns (missing, extra, renamed,
reordered), types, formats (date patterns, decimal places), category domains and
values outside the coded bounds. Prints one finding per line, naming the column:

  error: ...  the code may break or mislead: exit status 1
  info:  ...  expected differences (values beyond the 1st/99th-percentile bounds,
              categories that the metadata merged as rare, a changed row count)

For a linked dataset (metadata.json of format twin-metadata/2), every table is looked
for in the folder under its file name and checked against its part of the metadata;
each line names the table.

Exit status 0 when the data match (info lines only), 1 when there is an error.

Options:
  --metadata FILE     metadata.json the twin was made from (required)
  --json              print the findings as JSON instead of lines
  --missing LIST      comma-separated missing-value tokens (default: "",NA,N/A,NULL,.,?)
  --encoding ENC      force the text encoding of the real file
  --delimiter D       force the delimiter of the real file
{0}  -q, --quiet         no progress on stderr
  -h, --help          show this help
`, readLimitsHelp());

/** The one line for a mismatch; the errors themselves are listed on stdout. */
function mismatch(errors: number): string {
  return errors === 1 ? t('does not match the metadata: 1 error (listed on stdout)') : t('does not match the metadata: {0} errors (listed on stdout)', errors);
}

/** `twin check`: does the real data match the twin's schema? */
export async function checkCommand(argv: string[], io: CommandIO): Promise<void> {
  const args = parseCommandArgs('check', argv, {
    ...COMMON_OPTIONS,
    metadata: { type: 'string' },
    json: { type: 'boolean' },
    ...READ_OPTIONS,
  });
  if (args.values.help) {
    io.stdout.write(help());
    return;
  }
  const [real] = requirePositionals('check', args, [t('real')]);
  const metadata = stringOption(args, 'metadata');
  if (metadata === undefined) throw usageError(t('check needs --metadata metadata.json (see twin check --help)'));
  const { ctx, done } = cliContext(io, args.values.quiet === true);
  const dataset = readDatasetMetadata(resolvePath(io, metadata));
  if (dataset) {
    try {
      const result = await checkRealDataset(resolvePath(io, real), dataset, { missingTokens: listOption(args, 'missing'), read: readOptions(args) }, ctx);
      done();
      if (args.values.json === true) io.stdout.write(JSON.stringify(result, null, 2) + '\n');
      else {
        for (const m of result.missing) io.stdout.write(formatFinding(m.finding) + '\n');
        for (const t of result.tables) for (const f of t.findings) io.stdout.write(`${t.table}: ${formatFinding(f)}\n`);
      }
      if (!result.matches) {
        const errors = result.missing.length + result.tables.reduce((n, t) => n + t.findings.filter((f) => f.severity === 'error').length, 0);
        throw inputError(mismatch(errors), { file: result.dir });
      }
      if (args.values.quiet !== true) io.stderr.write(t('{0} matches the metadata ({1} tables)', result.dir, result.tables.length) + '\n');
    } finally {
      done();
    }
    return;
  }
  try {
    const result = await checkRealDataFile(resolvePath(io, real), resolvePath(io, metadata), { missingTokens: listOption(args, 'missing'), read: readOptions(args) }, ctx);
    done();
    if (args.values.json === true) io.stdout.write(JSON.stringify(result, null, 2) + '\n');
    else for (const f of result.findings) io.stdout.write(formatFinding(f) + '\n');
    if (!result.matches) {
      const errors = result.findings.filter((f) => f.severity === 'error').length;
      throw inputError(mismatch(errors), { file: result.file });
    }
    if (args.values.quiet !== true) io.stderr.write(t('{0} matches the metadata ({1} rows)', result.file, result.rows) + '\n');
  } finally {
    done();
  }
}

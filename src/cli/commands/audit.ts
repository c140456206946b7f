import { parseCommandArgs, requirePositionals, stringOption, listOption } from '../args';
import { assertNotSource, auditPack, formatAuditFinding, inputError, listPackFiles, protectAudit, writeAcroResults, t } from '../../core';
import { COMMON_OPTIONS, readLimitsHelp, READ_OPTIONS, cliContext, emitJson, readOptions, resolvePath } from './shared';
import type { CommandIO } from './index';

const help = (): string => t(`twin audit <real data> <release folder> [options]

Re-reads the real data and every file of a release pack (metadata.json, the twin,
evaluation.json and .html, the documents, the starter code, the recipe) and reports,
per file and per figure, anything that breaks a disclosure rule (DESIGN.md):

  small-cell     a published count below the threshold k (zeros: a warning)
  rare-number    a published value (bound, quantile, bin edge) held by fewer than k persons
  exact-extreme  a real minimum or maximum held by fewer than k persons
  rare-value     a real category or text value held by fewer than k persons, in any file
  identifier     a real identifier or name value, in any file (the twin included)
  derivable      the exact row count, an exact missing count, or suppressed categories'
                 total recoverable from the published counts
  fingerprint    the source's raw SHA-256 or exact byte size
  unique-row     a twin row equal to a real row that is unique in the real data
  tail-replay    a twin value beyond the published bounds equal to a real value held
                 there by fewer than k persons (a replayed extreme)
  tail-model     a published tail model resting on fewer than k persons beyond its
                 bound, or a tail value held by fewer than k persons

k, the rounding base and the person key (persons = its distinct values, else rows) come
from the pack's metadata.json. Findings name the file and position, never the value.
Prints one line per finding on stdout and writes results.json (ACRO's format, which the
SACRO viewer opens) and checksums/ into the release folder.

Exit status 0 when nothing fails (warnings allowed), 1 when a finding fails.

Options:
  --out FILE          write the audit as JSON (format twin-audit/1) to FILE
  --no-results        do not write results.json and checksums/ into the release folder
  --missing LIST      comma-separated missing-value tokens of the real data
  --encoding ENC      force the text encoding of the real data
  --delimiter D       force the delimiter of the real data
{0}  -q, --quiet         no progress or summary on stderr
  -h, --help          show this help
`, readLimitsHelp());

/** \`twin audit\`: every released figure of a pack against the real data. */
/** The audit's verdict in words (the report keeps the English token). */
const STATUS_WORDS: Record<'pass' | 'warn' | 'fail', () => string> = { pass: () => t('pass'), warn: () => t('warn'), fail: () => t('fail') };

export async function auditCommand(argv: string[], io: CommandIO): Promise<void> {
  const args = parseCommandArgs('audit', argv, {
    ...COMMON_OPTIONS,
    out: { type: 'string' },
    'no-results': { type: 'boolean' },
    ...READ_OPTIONS,
  });
  if (args.values.help) {
    io.stdout.write(help());
    return;
  }
  const [real, folder] = requirePositionals('audit', args, [t('real data'), t('release folder')]);
  const realPath = resolvePath(io, real);
  const out = stringOption(args, 'out');
  if (out !== undefined) {
    await assertNotSource(resolvePath(io, out), realPath);
    for (const f of listPackFilesSafe(resolvePath(io, folder))) await assertNotSource(resolvePath(io, out), f);
  }
  const read = readOptions(args);
  const { ctx, done } = cliContext(io, args.values.quiet === true);
  try {
    const { report } = await auditPack(realPath, resolvePath(io, folder), {
      missingTokens: listOption(args, 'missing'),
      read: read.encoding !== undefined || read.delimiter !== undefined ? read : undefined,
    }, ctx);
    done();
    for (const f of report.findings) io.stdout.write(formatAuditFinding(f) + '\n');
    if (args.values['no-results'] !== true) await writeAcroResults(report.pack, protectAudit(report));
    if (out !== undefined) await emitJson(io, report, out);
    const fails = report.findings.filter((f) => f.severity === 'fail').length;
    const warns = report.findings.length - fails;
    if (args.values.quiet !== true) {
      io.stderr.write(t('audit of {0}: {1}; {2} failing and {3} warning findings in {4} of {5} files (k = {6}, counting {7})',
        report.pack, STATUS_WORDS[report.status](), fails, warns, report.files.filter((f) => f.findings > 0).length, report.files.length, report.threshold, report.unit) + '\n');
    }
    if (report.status === 'fail') throw inputError(fails === 1 ? t('fails the disclosure audit: 1 finding (listed on stdout)') : t('fails the disclosure audit: {0} findings (listed on stdout)', fails), { file: report.pack });
  } finally {
    done();
  }
}

function listPackFilesSafe(dir: string): string[] {
  try {
    return listPackFiles(dir).map((f) => f.path);
  } catch {
    return [];
  }
}

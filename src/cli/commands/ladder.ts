import * as path from 'node:path';
import { parseCommandArgs, requirePositionals, stringOption, integerOption, listOption } from '../args';
import { headlineLines, type LadderResult, loadWebviewAssets, runLadder, t } from '../../core';
import { COMMON_OPTIONS, DISCLOSURE_OPTIONS, HOLDOUT_OPTIONS, personKeyHelp, readLimitsHelp, READ_OPTIONS, cliContext, disclosureOptions, holdoutHelp, holdoutRequest, labelled, readOptions, resolvePath } from './shared';
import type { CommandIO } from './index';

const help = (): string => t(`twin ladder <data> [options]

The fidelity ladder: holds out a share of persons (in memory; nothing is written),
generates a structural, a statistical and a correlated twin from the remaining
records, and evaluates each against the same held-out records. Writes each level's
twin, recipe, evaluation.json and evaluation.html in <dir>/<dataset>-<level>/,
prints a JSON summary on stdout and the figures side by side on stderr.

Options:
  --dir DIR           folder of the rungs (default synthetic/ beside the data)
  --rows N            rows in each twin (default: as many as the training records)
  --seed S            generator seed of every level (default 1)
{0}  --target COL        outcome column for the utility analysis
  --sample-size N     evaluate on a seeded random sample of at most N rows per table (default 50000)
  --missing LIST      comma-separated missing-value tokens
  --threshold K       rare-category threshold k (default 10)
  --encoding ENC      force the source's text encoding
  --delimiter D       force the source's delimiter
{1}{2}  -q, --quiet         no progress or table on stderr
  -h, --help          show this help
`, holdoutHelp(t('default 0.2; must be above 0')), personKeyHelp(), readLimitsHelp());

/** `twin ladder`: the three fidelity levels of one dataset side by side. */
export async function ladderCommand(argv: string[], io: CommandIO): Promise<void> {
  const args = parseCommandArgs('ladder', argv, {
    ...COMMON_OPTIONS,
    dir: { type: 'string' },
    rows: { type: 'string' },
    seed: { type: 'string' },
    target: { type: 'string' },
    'sample-size': { type: 'string' },
    ...HOLDOUT_OPTIONS,
    ...DISCLOSURE_OPTIONS,
    ...READ_OPTIONS,
  });
  if (args.values.help) {
    io.stdout.write(help());
    return;
  }
  const [data] = requirePositionals('ladder', args, ['data']);
  const dir = stringOption(args, 'dir');
  const read = readOptions(args);
  const quiet = args.values.quiet === true;
  const { ctx, done } = cliContext(io, quiet);
  try {
    const result = await runLadder({
      data: resolvePath(io, data),
      dir: dir === undefined ? undefined : resolvePath(io, dir),
      rows: integerOption(args, 'rows', 1),
      seed: integerOption(args, 'seed', 0),
      holdout: holdoutRequest(args, undefined),
      target: stringOption(args, 'target'),
      sampleSize: integerOption(args, 'sample-size', 100),
      missingTokens: listOption(args, 'missing'),
      disclosure: disclosureOptions(args),
      read: read.encoding !== undefined || read.delimiter !== undefined ? read : undefined,
      webviewAssets: loadWebviewAssets(path.join(__dirname, 'webview')),
    }, ctx);
    done();
    io.stdout.write(JSON.stringify(summaryOf(result), null, 2) + '\n');
    if (!quiet) io.stderr.write(ladderTable(result));
  } finally {
    done();
  }
}

/** The JSON on stdout: per level the files written and the headline figures (the reports are in the files). */
function summaryOf(result: LadderResult): unknown {
  return {
    dataset: result.dataset.name,
    holdout: result.holdout,
    rungs: result.rungs.map((r) => ({
      level: r.level, method: r.method, madeFrom: r.madeFrom, twin: r.twin, recipe: r.recipe,
      evaluation: r.evaluationJson, html: r.evaluationHtml,
      trainingRows: r.evaluation.inputs.real.rows, holdoutRows: r.headline.holdoutRows,
      headline: r.headline,
    })),
  };
}

/** The rungs in words, one block per level, for a person at a terminal. */
function ladderTable(result: LadderResult): string {
  const lines = ['', t('Fidelity ladder of {0}, every level measured against the same {1} held-out real records:', result.dataset.name, result.rungs[0]?.headline.holdoutRows ?? 0)];
  for (const r of result.rungs) {
    const h = headlineLines(r.headline);
    lines.push('', r.madeFrom === 'metadata' ? t('{0} ({1}, from the metadata alone)', r.level, r.method) : t('{0} ({1}, from the real records)', r.level, r.method),
      `  ${labelled(t('Fidelity:'), h.fidelity)}`, `  ${labelled(t('Utility:'), h.utility)}`, `  ${labelled(t('Privacy:'), h.privacy)}`, `  ${labelled(t('Written:'), path.dirname(r.twin))}`);
  }
  return lines.join('\n') + '\n';
}

import * as path from 'node:path';
import { parseCommandArgs, requirePositionals, stringOption, integerOption, listOption } from '../args';
import {
  assertWritesNoInput, datasetRecipeHoldout, DEFAULT_HOLDOUT_SEED, evaluateDataset, evaluateFiles, type EvaluationReport, bandWord, headlineLines, headlineOf,
  loadWebviewAssets, readDatasetMetadata, renderEvaluationHtml, usageError, writeFileAtomic, t } from '../../core';
import { COMMON_OPTIONS, HOLDOUT_OPTIONS, cliContext, emitJson, holdoutHelp, holdoutRequest, labelled, resolvePath } from './shared';
import type { CommandIO } from './index';

const help = (): string => t(`twin evaluate <real> <synthetic> [options]
twin evaluate <real folder> <twin folder> --metadata <dataset metadata.json> [--out FILE]

Compares a synthetic twin with the real data: fidelity (SDMetrics column shapes and
pair trends, pMSE), utility (same model on both, train-on-synthetic/test-on-real) and
privacy (exact matches, distance to closest record, Anonymeter attacks). Writes
evaluation.json (format twin-evaluation/1) to --out or stdout, and a self-contained
offline report with --html, then a summary of the headline figures on stderr.

Privacy risks need real records the twin never saw: a --holdout file, or the records
the twin's recipe held out (twin generate --holdout-share), split again in memory.
Without either, attack figures are upper bounds, not measured risks.

For a linked dataset (two folders and its metadata.json, format twin-metadata/2), each
table gets the report above and every link SDMetrics' multi-table metrics
(ReferentialIntegrity, CardinalityShapeSimilarity, CardinalityBoundaryAdherence,
parent–child column pair trends); the JSON (twin-dataset-evaluation/1) is not for release.

Options:
  --metadata FILE     linked dataset: its metadata.json (tables, keys, links)
  --holdout FILE      real records NOT used to make the twin (privacy baseline, TSTR test set)
{0}  --person-key COL    with --holdout-share: the column whose values identify persons
  --target COL        column to predict for the utility analysis (default: a binary or last numeric column)
  --out FILE          write evaluation.json here (default: stdout)
  --html FILE         write the report as one self-contained HTML file
  --sample-size N     evaluate on a seeded random sample of at most N rows per table (default 50000)
  --seed S            seed for sampling and attacks (default 1)
  --exclude LIST      comma-separated real columns left out (e.g. excluded from the twin by review)
  --missing LIST      comma-separated missing-value tokens
  -q, --quiet         no progress on stderr
  -h, --help          show this help
`, holdoutHelp(t('default: the split in the twin\'s recipe, if it has one; 0 = none')));

export async function evaluateCommand(argv: string[], io: CommandIO): Promise<void> {
  const args = parseCommandArgs('evaluate', argv, {
    ...COMMON_OPTIONS,
    holdout: { type: 'string' },
    target: { type: 'string' },
    out: { type: 'string' },
    html: { type: 'string' },
    'sample-size': { type: 'string' },
    seed: { type: 'string' },
    exclude: { type: 'string' },
    missing: { type: 'string' },
    ...HOLDOUT_OPTIONS,
    'person-key': { type: 'string' },
    metadata: { type: 'string' },
  });
  if (args.values.help) {
    io.stdout.write(help());
    return;
  }
  const [real, synthetic] = requirePositionals('evaluate', args, [t('real'), t('synthetic')]);
  const metadataPath = stringOption(args, 'metadata');
  if (metadataPath !== undefined) {
    const dataset = readDatasetMetadata(resolvePath(io, metadataPath));
    if (!dataset) throw usageError(t('--metadata must be the metadata.json of a linked dataset (format twin-metadata/2, several tables)'));
    const out = stringOption(args, 'out');
    if (stringOption(args, 'person-key') !== undefined) throw usageError(t("--person-key is for one table: a linked dataset's persons are its person table's"));
    // Persons held out: as asked, else as the twin's recipe records (share 0: none).
    const asked = holdoutRequest(args, undefined);
    const holdout = asked ? (asked.share > 0 ? { share: asked.share, seed: asked.seed ?? DEFAULT_HOLDOUT_SEED } : null) : datasetRecipeHoldout(resolvePath(io, synthetic), dataset);
    const { ctx, done } = cliContext(io, args.values.quiet === true);
    try {
      const e = await evaluateDataset(resolvePath(io, real), resolvePath(io, synthetic), dataset, ctx, holdout ? { holdout } : {});
      done();
      const text = JSON.stringify(e, null, 2) + '\n';
      if (out !== undefined) await writeFileAtomic(resolvePath(io, out), text);
      else io.stdout.write(text);
      const f = (x: number | null): string => (x === null ? '–' : x.toFixed(3));
      io.stderr.write(e.tables.map((table) => t('{0}: quality {1}', table.name, f(table.report.fidelity.score))).join('\n') + '\n'
        + t('links: referential integrity {0}, cardinality shape {1}, boundary {2}, parent–child pair trends {3}',
          f(e.links.referentialIntegrity), f(e.links.cardinalityShapeSimilarity), f(e.links.cardinalityBoundaryAdherence), f(e.links.pairTrends)) + '\n'
        + (e.personPrivacy ? personPrivacyLine(e.personPrivacy) : ''));
    } finally {
      done();
    }
    return;
  }
  const holdout = stringOption(args, 'holdout');
  const html = stringOption(args, 'html');
  const out = stringOption(args, 'out');
  const inputs = [{ path: resolvePath(io, real), role: t('the real data') }, { path: resolvePath(io, synthetic), role: t('the synthetic data') },
    ...(holdout !== undefined ? [{ path: resolvePath(io, holdout), role: t('the holdout') }] : [])];
  // Checked before reading: a report path that is one of the datasets (by any name) is refused, nothing written.
  await assertWritesNoInput(
    [...(html !== undefined ? [{ path: resolvePath(io, html), role: '--html' }] : []), ...(out !== undefined ? [{ path: resolvePath(io, out), role: '--out' }] : [])],
    inputs,
  );
  const { ctx, done } = cliContext(io, args.values.quiet === true);
  try {
    const report = await evaluateFiles(
      inputs[0].path,
      inputs[1].path,
      {
        holdout: holdout === undefined ? undefined : inputs[2].path,
        target: stringOption(args, 'target'),
        sampleSize: integerOption(args, 'sample-size', 100),
        seed: integerOption(args, 'seed', 0),
        missingTokens: listOption(args, 'missing'),
        exclude: listOption(args, 'exclude'),
        holdoutShare: holdoutRequest(args, undefined),
      },
      ctx,
    );
    done();
    const written: string[] = [];
    if (html !== undefined) {
      const assets = loadWebviewAssets(path.join(__dirname, 'webview'));
      await writeFileAtomic(resolvePath(io, html), renderEvaluationHtml(report, assets));
      written.push(resolvePath(io, html));
    }
    await emitJson(io, report, out);
    if (out !== undefined) written.unshift(resolvePath(io, out));
    if (args.values.quiet !== true) io.stderr.write(evaluationSummary(report, written));
  } finally {
    done();
  }
}

/** The closing summary on stderr: the headline figures in words and the files written. */
function evaluationSummary(report: EvaluationReport, written: string[]): string {
  const lines = headlineLines(headlineOf(report));
  return [
    '',
    labelled(t('Fidelity:'), lines.fidelity),
    labelled(t('Utility:'), lines.utility),
    labelled(t('Privacy:'), lines.privacy),
    ...twinFileLines(report),
    labelled(t('Written:'), written.length ? written.join(', ') : t('evaluation.json to stdout')),
    '',
  ].join('\n');
}

/** One line on what reading the synthetic file took, when it was not read as written (details in the report's notes). */
function twinFileLines(report: EvaluationReport): string[] {
  const twin = report.twinFile;
  if (!twin) return [];
  const parts: string[] = [];
  const harmonised = twin.columns.filter((c) => c.harmonised > 0).length;
  const unreadable = twin.columns.reduce((sum, c) => sum + c.unreadable, 0);
  if (harmonised) parts.push(harmonised === 1 ? t('values harmonised in 1 column') : t('values harmonised in {0} columns', harmonised));
  if (unreadable) parts.push(unreadable === 1 ? t('1 unreadable value read as missing') : t('{0} unreadable values read as missing', unreadable.toLocaleString('en-GB')));
  const renamed = twin.renamedColumns.length;
  const missing = twin.missingColumns.length;
  const extra = twin.extraColumns.length;
  if (renamed) parts.push(renamed === 1 ? t('1 column name matched by spelling') : t('{0} column names matched by spelling', renamed));
  if (missing) parts.push(missing === 1 ? t('1 real column missing (not scored)') : t('{0} real columns missing (not scored)', missing));
  if (extra) parts.push(extra === 1 ? t('1 extra column ignored') : t('{0} extra columns ignored', extra));
  return parts.length ? [t('Twin file: {0} (see notes)', parts.join('; '))] : [];
}

/** One stderr line of the person-level privacy headline. */
function personPrivacyLine(p: NonNullable<Awaited<ReturnType<typeof evaluateDataset>>['personPrivacy']>): string {
  const em = p.privacy.exactMatches;
  const o = p.privacy.dcr.overfittingProtection;
  const persons = p.persons.holdout !== null
    ? t('persons ({0} twin, {1} real, {2} held out)', p.persons.synthetic, p.persons.real, p.persons.holdout)
    : t('persons ({0} twin, {1} real, no holdout)', p.persons.synthetic, p.persons.real);
  const copies = em.holdoutCount !== undefined ? t('{0} exact copies (holdout {1})', em.count, em.holdoutCount) : t('{0} exact copies', em.count);
  return `${persons}: ${copies}, `
    + (o ? t('{0}% closer to a training person than to a held-out one', Math.round(o.closerToTraining * 100)) + ', ' : '')
    + t('privacy {0}', bandWord(p.privacy.reading.band)) + '\n';
}

import { parseCommandArgs, requirePositionals, stringOption, integerOption, positiveNumberOption, listOption } from '../args';
import * as nodePath from 'node:path';
import { createDatasetReleasePack, createReleasePack, inputError, readDatasetMetadata, type Signer, usageError, t } from '../../core';
import { datasetInputOf } from './datasetInput';
import { COMMON_OPTIONS, readLimitsHelp, personKeyHelp, DISCLOSURE_OPTIONS, HOLDOUT_OPTIONS, READ_OPTIONS, cliContext, disclosureOptions, holdoutHelp, holdoutRequest, methodOption, readOptions, resolvePath } from './shared';
import type { CommandIO } from './index';

const LEVELS = ['structural', 'statistical', 'correlated'];

const help = (): string => t(`twin release <data> --level structural|statistical|correlated [options]
twin release <folder|dataset.json|dataset metadata.json> --level L [--persons N] [--dir DIR]

Profiles the data, generates a twin, evaluates it and scaffolds the release pack in
synthetic/<dataset>-<level>/ beside the data (or --dir): <name>.synthetic.<ext>,
<name>.twin.json, metadata.json, evaluation.json, evaluation.html, DATA_CARD.md,
EULA.md, RELEASE_CHECKLIST.md, analysis.py and analysis.R. Prints the pack's folder
and file list as JSON on stdout.

A linked dataset (a folder of tables or a dataset.json, profiled as twin profile does; or
its metadata.json, format twin-metadata/2, with the real tables in --data, default the
metadata's folder) gives a pack of every twin table under
its source's file name, the recipe, metadata.json, evaluation.json (each table and every
link), relationships.svg, DATA_CARD.md, EULA.md, RELEASE_CHECKLIST.md (every table and
the links), analysis.py and analysis.R (loading every table and checking every join), and
the audit's results.json. A dataset's metadata.json is reviewed metadata: refused unless
its sign-off (twin review --sign-off) holds, or --allow-unsigned. Its own templates
(DATA_CARD.md, analysis.py, analysis.R) are overridden from dataset/ in the templates folder.

Running it again updates the pack in place: text between <!-- twin:keep:NAME -->
and <!-- /twin:keep:NAME --> markers (# twin:keep:NAME in the code) is kept.
Templates come from media/templates, overridden file by file by the nearest
.twin/templates folder above the data (or --templates); an override must use
every required field ({{dataset.name}}, {{level}}, …) or it is refused.

Options:
  --level L           fidelity level (required)
  --method NAME       method within the level (see twin generate --help)
  --rows N            rows in the twin (default: as many as the records it is made from,
                      the source less the held-out persons)
  --seed S            random seed (default 1)
  --epsilon E         differential privacy budget (E > 0)
  --dir DIR           the pack's folder (default synthetic/<dataset>-<level>/ beside the data)
  --data FOLDER       linked dataset: the folder of the real tables
  --persons N         linked dataset: persons in the twin (default: as many as the source)
  --holdout FILE      real records NOT used for the twin (exact-match and DCR baselines)
{0}  --target COL        outcome column for the utility analysis
  --custodian NAME    data custodian named in EULA.md and DATA_CARD.md
  --contact EMAIL     contact for questions and suspected disclosure
  --version V         release version (default <date>-<twin SHA-256 prefix>)
  --templates DIR     templates folder overriding the built-in ones
  --metadata FILE     make the pack from this reviewed metadata.json of the data (twin review):
                      every decision is honoured (excluded columns are absent from the twin
                      and every file of the pack; the reviewer's threshold k), and the pack
                      carries it with its sign-off; refused unless the sign-off still holds
  --allow-unsigned    use --metadata although it is not signed off, or was changed after it
                      was signed (the checklist then shows the missing sign-off)
  --signed-off-by NAME  record a person's sign-off of the metadata (with --role)
  --role ROLE         role of the person signing off
  --threshold K       rare-category threshold k (default 10)
  --rounding R        round published counts to a multiple of R (default 5)
  --date-resolution month|day   finest date resolution published (default month)
  --missing LIST      comma-separated missing-value tokens
  --encoding ENC      force the source's text encoding
  --delimiter D       force the source's delimiter
  --spreadsheet-safe  prefix ' to text cells starting with = + - @ (formula injection), CSV only
  --max-categories N  refuse a column with more distinct categories than N (default 250000)
{1}{2}  -q, --quiet         no progress on stderr
  -h, --help          show this help
`, holdoutHelp(t('default 0.2 unless --holdout is given; 0 = none, and then attack figures are upper bounds')), personKeyHelp(), readLimitsHelp());

/** `twin release`: the whole pack in one step (DESIGN.md, the release pack). */
export async function releaseCommand(argv: string[], io: CommandIO): Promise<void> {
  const args = parseCommandArgs('release', argv, {
    ...COMMON_OPTIONS,
    level: { type: 'string' },
    method: { type: 'string' },
    rows: { type: 'string' },
    seed: { type: 'string' },
    epsilon: { type: 'string' },
    dir: { type: 'string' },
    holdout: { type: 'string' },
    target: { type: 'string' },
    custodian: { type: 'string' },
    contact: { type: 'string' },
    version: { type: 'string' },
    templates: { type: 'string' },
    'signed-off-by': { type: 'string' },
    metadata: { type: 'string' },
    'allow-unsigned': { type: 'boolean' },
    role: { type: 'string' },
    'spreadsheet-safe': { type: 'boolean' },
    'max-categories': { type: 'string' },
    data: { type: 'string' },
    persons: { type: 'string' },
    ...HOLDOUT_OPTIONS,
    ...DISCLOSURE_OPTIONS,
    ...READ_OPTIONS,
  });
  if (args.values.help) {
    io.stdout.write(help());
    return;
  }
  const [data] = requirePositionals('release', args, ['data']);
  const level = stringOption(args, 'level');
  if (level === undefined) throw usageError(t('release needs --level structural|statistical|correlated (see twin release --help)'));
  if (!LEVELS.includes(level)) throw usageError(t('--level must be one of {0}, got {1}', LEVELS.join(', '), JSON.stringify(level)));
  const signer = stringOption(args, 'signed-off-by');
  const role = stringOption(args, 'role');
  if ((signer === undefined) !== (role === undefined)) throw usageError(t('--signed-off-by and --role go together'));
  const optionalPath = (name: string) => {
    const p = stringOption(args, name);
    return p === undefined ? undefined : resolvePath(io, p);
  };
  const disclosure = disclosureOptions(args);
  const read = readOptions(args);
  const now = new Date();
  const signOff: Signer | undefined = signer !== undefined && role !== undefined ? { name: signer, role } : undefined;
  const input = resolvePath(io, data);
  // A metadata.json of several tables reads its real tables from --data, else from its own folder.
  const dataFolder = optionalPath('data') ?? (readDatasetMetadata(input) ? nodePath.dirname(input) : undefined);
  const { ctx: profileCtx, done: profiled } = cliContext(io, args.values.quiet === true);
  let dataset;
  try {
    dataset = await datasetInputOf(input, dataFolder, {
      missingTokens: listOption(args, 'missing'), disclosure, read: read.encoding !== undefined || read.delimiter !== undefined ? read : undefined,
      maxCategories: integerOption(args, 'max-categories', 1),
    }, profileCtx);
  } finally {
    profiled();
  }
  if (dataset) {
    for (const option of ['rows', 'holdout', 'target', 'person-key', 'metadata']) {
      if (option === 'metadata' && args.values.metadata !== undefined) throw usageError(t("--metadata is for one table: give a dataset's reviewed metadata.json as the input (twin release <metadata.json> --data <folder>)"));
      if (args.values[option as keyof typeof args.values] !== undefined) throw usageError(t('--{0} is not available for a linked dataset yet', option));
    }
    const held = holdoutRequest(args, undefined);
    const { ctx, done } = cliContext(io, args.values.quiet === true);
    try {
      const pack = await createDatasetReleasePack({
        ...(held ? { holdoutShare: { share: held.share, ...(held.seed !== undefined ? { seed: held.seed } : {}) } } : {}),
        data: dataset.data!, dataDir: dataset.dataDir!, metadata: dataset.metadata, level,
        method: stringOption(args, 'method'), seed: integerOption(args, 'seed', 0), epsilon: positiveNumberOption(args, 'epsilon'),
        persons: integerOption(args, 'persons', 1), dir: optionalPath('dir'),
        custodian: stringOption(args, 'custodian'), contact: stringOption(args, 'contact'), version: stringOption(args, 'version'), now,
        // A dataset's metadata.json given as the input is reviewed metadata: it must be signed off (or --allow-unsigned).
        ...(readDatasetMetadata(input) ? { metadataFile: input } : {}),
        allowUnsigned: args.values['allow-unsigned'] === true, signOff, templatesDir: optionalPath('templates'),
      }, ctx);
      done();
      io.stdout.write(JSON.stringify(pack, null, 2) + '\n');
      refuseFailedAudit(pack);
    } finally {
      done();
    }
    return;
  }
  if (stringOption(args, 'data') !== undefined || stringOption(args, 'persons') !== undefined) throw usageError(t('--data and --persons are for a linked dataset'));
  const { ctx, done } = cliContext(io, args.values.quiet === true);
  try {
    const pack = await createReleasePack({
      data: resolvePath(io, data),
      level,
      method: methodOption(args, level),
      rows: integerOption(args, 'rows', 1),
      seed: integerOption(args, 'seed', 0),
      epsilon: positiveNumberOption(args, 'epsilon'),
      dir: optionalPath('dir'),
      holdout: optionalPath('holdout'),
      holdoutShare: holdoutRequest(args, undefined),
      target: stringOption(args, 'target'),
      custodian: stringOption(args, 'custodian'),
      contact: stringOption(args, 'contact'),
      version: stringOption(args, 'version'),
      spreadsheetSafe: args.values['spreadsheet-safe'] === true,
      maxCategories: integerOption(args, 'max-categories', 1),
      templatesDir: optionalPath('templates'),
      signOff,
      metadata: optionalPath('metadata'),
      allowUnsigned: args.values['allow-unsigned'] === true,
      missingTokens: listOption(args, 'missing'),
      personKey: stringOption(args, 'person-key'),
      disclosure,
      read: read.encoding !== undefined || read.delimiter !== undefined ? read : undefined,
      now,
    }, ctx);
    done();
    io.stdout.write(JSON.stringify(pack, null, 2) + '\n');
    refuseFailedAudit(pack);
  } finally {
    done();
  }
}

/** A script that releases on exit 0 must not ship a pack its own audit failed: exit 1, one line. */
function refuseFailedAudit(pack: { dir: string; audit: { status: string; findings: number; results: string } }): void {
  if (pack.audit.status !== 'fail') return;
  const n = pack.audit.findings;
  throw inputError(n === 1
    ? t('the pack fails its disclosure audit (1 finding, in {0}); do not release it until an output checker has cleared them', pack.audit.results)
    : t('the pack fails its disclosure audit ({0} findings, in {1}); do not release it until an output checker has cleared them', n, pack.audit.results), { file: pack.dir });
}

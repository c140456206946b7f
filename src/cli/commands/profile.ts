import { parseCommandArgs, requirePositionals, stringOption, integerOption, listOption } from '../args';
import {
  assertWritesNoInput, datasetFilesOf, datasetMetadataToJson, isDatasetPath, type LinkedProfileOptions, metadataToJson, profileFile,
  profileLinkedDataset, profileSqlSource, renderProfileSummary, renderRelationships, threadsFor, toMetadata, usageError, t } from '../../core';
import { COMMON_OPTIONS, DISCLOSURE_OPTIONS, LINK_OPTIONS, readLimitsHelp, personKeyHelp, READ_OPTIONS, cliContext, disclosureOptions, emitJson, emitText, linkDecisionsOfArgs, readOptions, resolvePath } from './shared';
import type { CommandIO } from './index';
import { databaseHelp, DATABASE_OPTIONS, databaseSourceOf, terminalCredentials } from './database';

const help = (): string => t(`twin profile <data|folder|dataset.json|database> [options]

Profiles a CSV/TSV/delimited text, Parquet or Arrow/Feather file: types and formats,
missingness, distributions, pairwise associations and disclosure risks. Writes the
disclosure-safe metadata.json (format twin-metadata/1) to --out, or to stdout.

A folder (its CSV/TSV/Parquet/Arrow files) or a dataset.json (naming the tables and,
optionally, declared keys) is profiled as one dataset of linked tables: each table as
above, plus primary keys, links between tables (with evidence), diamonds, the person
table and relationship summaries counted in persons; written as twin-metadata/2.
{0}
Links are reviewed here (each flag repeatable, or comma-separated):
  --link C.COL=P.COL          add a link the data did not show (confirmed)
  --confirm-link C.COL=P.COL  confirm a found link
  --reject-link C.COL=P.COL   reject a found link: kept as rejected, used by nothing

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
  --threads N         worker threads reading byte ranges of a UTF-8 delimited file, merged
                      into the one-thread profile (default 1, the profile every machine gives; 0: every core)
{1}{2}  --no-summary        do not print the summary table on stderr
  -q, --quiet         no progress or summary on stderr
  -h, --help          show this help
`, databaseHelp(), personKeyHelp(), readLimitsHelp());


export async function profileCommand(argv: string[], io: CommandIO): Promise<void> {
  const args = parseCommandArgs('profile', argv, {
    ...COMMON_OPTIONS,
    out: { type: 'string' },
    'max-categories': { type: 'string' },
    threads: { type: 'string' },
    full: { type: 'string' },
    ...DISCLOSURE_OPTIONS,
    ...READ_OPTIONS,
    'no-summary': { type: 'boolean' },
    ...LINK_OPTIONS,
    ...DATABASE_OPTIONS,
  });
  if (args.values.help) {
    io.stdout.write(help());
    return;
  }
  const [data] = requirePositionals('profile', args, ['data']);
  const quiet = args.values.quiet === true;
  const read = readOptions(args);
  const disclosure = disclosureOptions(args);
  const database = databaseSourceOf(io, data, args);
  if (database === undefined && (args.values.table !== undefined || args.values.query !== undefined)) throw usageError(t('--table and --query are for a database source (duckdb:FILE or postgresql://…)'));
  const dataPath = database?.engine === 'duckdb' ? database.location : resolvePath(io, data);
  const out = stringOption(args, 'out');
  const full = stringOption(args, 'full');
  // Checked before reading: a path that is the data file (by any name) is refused, nothing written.
  await assertWritesNoInput(
    [...(full !== undefined ? [{ path: resolvePath(io, full), role: '--full' }] : []), ...(out !== undefined ? [{ path: resolvePath(io, out), role: '--out' }] : [])],
    database?.engine === 'postgresql' ? [] : [{ path: dataPath, role: database ? t('the database file') : t('the data file') }],
  );
  if (database !== undefined) {
    const { ctx, done } = cliContext(io, quiet);
    try {
      const profile = await profileSqlSource(database, { missingTokens: listOption(args, 'missing'), personKey: stringOption(args, 'person-key'), disclosure, maxCategories: integerOption(args, 'max-categories', 1), credentials: terminalCredentials(io) }, ctx);
      done();
      if (!quiet && args.values['no-summary'] !== true) io.stderr.write(renderProfileSummary(profile) + '\n');
      if (full !== undefined) await emitJson(io, profile, full);
      await emitText(io, metadataToJson(toMetadata(profile, disclosure)), out);
    } finally {
      done();
    }
    return;
  }
  const links = linkDecisionsOfArgs(args);
  const anyLink = links.added.length + links.confirmed.length + links.rejected.length > 0;
  if (isDatasetPath(dataPath)) {
    await profileLinked(io, dataPath, out, full, { links, quiet, summary: !quiet && args.values['no-summary'] !== true, missingTokens: listOption(args, 'missing'), disclosure, read, maxCategories: integerOption(args, 'max-categories', 1), personKey: stringOption(args, 'person-key') });
    return;
  }
  if (anyLink) throw usageError(t('--link, --confirm-link and --reject-link are for a dataset of several tables (a folder or dataset.json)'));
  const { ctx, done } = cliContext(io, quiet);
  try {
    const { profile } = await profileFile(dataPath, { missingTokens: listOption(args, 'missing'), personKey: stringOption(args, 'person-key'), disclosure, read, maxCategories: integerOption(args, 'max-categories', 1), threads: threadsFor(integerOption(args, 'threads', 0)) }, ctx);
    const metadata = toMetadata(profile, disclosure);
    done();
    if (!quiet && args.values['no-summary'] !== true) io.stderr.write(renderProfileSummary(profile) + '\n');
    if (full !== undefined) await emitJson(io, profile, full);
    await emitText(io, metadataToJson(metadata), out);
  } finally {
    done();
  }
}


/** A folder or dataset.json: one twin-metadata/2 file for all its tables. */
async function profileLinked(
  io: CommandIO, dataPath: string, out: string | undefined, full: string | undefined,
  o: { quiet: boolean; summary: boolean; personKey?: string } & LinkedProfileOptions,
): Promise<void> {
  if (full !== undefined) throw usageError(t('--full is for one table; profile the table on its own for its full profile'));
  if (o.personKey !== undefined) throw usageError(t('--person-key is for one table; in a dataset the person table is found (or named in dataset.json as personTable)'));
  const files = datasetFilesOf(dataPath);
  if (out !== undefined) await assertWritesNoInput([{ path: resolvePath(io, out), role: '--out' }], files.tables.map((table) => ({ path: table.path, role: t('table {0}', table.name) })));
  const { ctx, done } = cliContext(io, o.quiet);
  try {
    const { quiet: _q, summary, personKey: _p, ...options } = o;
    const { metadata } = await profileLinkedDataset(dataPath, options, ctx);
    done();
    if (summary) io.stderr.write(renderRelationships(metadata) + '\n');
    await emitText(io, datasetMetadataToJson(metadata), out);
  } finally {
    done();
  }
}

import { parseCommandArgs, requirePositionals, stringOption, integerOption, listOption, type ParsedArgs } from '../args';
import {
  assertWritesNoInput, COLUMN_TYPES, type ColumnType, datasetMetadataToJson, type LinkDecisions, metadataToJson, readDatasetMetadata,
  type ReadOptions, type ReviewChanges, reviewDatasetMetadata, reviewMetadata, type Signer, usageError, writeFileAtomic, t } from '../../core';
import { COMMON_OPTIONS, LINK_OPTIONS, READ_OPTIONS, readLimitsHelp, cliContext, linkDecisionsOfArgs, readOptions, resolvePath } from './shared';
import type { CommandIO } from './index';

const help = (): string => t(`twin review <metadata.json> --out reviewed.json [options]

Records a person's review decisions in metadata.json and, with --sign-off, their
sign-off, writing the result to --out (never over its input). Decisions already
in the file are kept; each option below adds one. A sign-off holds only for the
metadata it signed: any later change withdraws it, and twin generate/release
--metadata refuse metadata whose sign-off does not hold (unless --allow-unsigned).

Exclusions and record rules are decided on the metadata alone; a type change, an
identifier mark or a new threshold re-summarises columns, so it needs --data (the
file the metadata describes, checked by its fingerprint).

A dataset's metadata.json (twin-metadata/2, from twin profile <folder>) takes link
decisions (each repeatable, or comma-separated; C and P are child and parent tables):
  --confirm-link C.COL=P.COL  confirm a found link (on the metadata alone)
  --reject-link C.COL=P.COL   reject a link: listed as rejected, used by nothing
  --link C.COL=P.COL          add a link the data did not show
Adding or rejecting a link profiles the tables again: give the real folder (or
dataset.json) with --data. --sign-off signs the whole dataset's metadata.json (every
table, link and summary); twin release <metadata.json> refuses it unsigned.

Options:
  --out FILE          the reviewed metadata.json (required; not the input)
  --exclude COL       leave the column out of the twin and the release pack (repeatable)
  --include COL       undo an exclusion (repeatable)
  --type COL=TYPE     summarise the column as TYPE: {0} (repeatable)
  --identifier COL    mark the column as an identifier: format only, faked in twins (repeatable)
  --not-identifier COL  undo an identifier mark (repeatable)
  --threshold K       threshold k (≥ 2); below the default 10 only as a recorded decision
  --drop-rule KEY     a record rule twins no longer keep, e.g. order:admission,discharge (repeatable)
  --keep-rule KEY     keep a dropped record rule again (repeatable)
  --data FILE         the data file, for changes that re-summarise columns
  --sign-off          sign the reviewed metadata off (with --name and --role)
  --name N            name of the person signing off
  --role R            their role, e.g. "Output checker"
  --note T            a note recorded with the sign-off
  --missing LIST      missing-value tokens used when the data is profiled again
  --encoding ENC      force the data's text encoding
  --delimiter D       force the data's delimiter
{1}  -q, --quiet         no progress on stderr
  -h, --help          show this help

Prints the output path, the decisions in words and the sign-off as JSON on stdout.
`, COLUMN_TYPES.join(', '), readLimitsHelp());

/** `twin review`: review decisions and sign-off on metadata.json (core/review). */
export async function reviewCommand(argv: string[], io: CommandIO): Promise<void> {
  const many = { type: 'string', multiple: true } as const;
  const args = parseCommandArgs('review', argv, {
    ...COMMON_OPTIONS,
    out: { type: 'string' },
    exclude: many, include: many, type: many, identifier: many, 'not-identifier': many, 'drop-rule': many, 'keep-rule': many,
    threshold: { type: 'string' },
    data: { type: 'string' },
    'sign-off': { type: 'boolean' },
    name: { type: 'string' },
    role: { type: 'string' },
    note: { type: 'string' },
    ...LINK_OPTIONS,
    ...READ_OPTIONS,
  });
  if (args.values.help) {
    io.stdout.write(help());
    return;
  }
  const [input] = requirePositionals('review', args, ['metadata.json']);
  const out = stringOption(args, 'out');
  if (out === undefined) throw usageError(t('review needs --out reviewed.json (it never writes over its input)'));
  const signOff = args.values['sign-off'] === true;
  const name = stringOption(args, 'name');
  const role = stringOption(args, 'role');
  const note = stringOption(args, 'note');
  if (signOff && (name === undefined || role === undefined)) throw usageError(t('--sign-off needs --name and --role'));
  if (!signOff && (name !== undefined || role !== undefined || note !== undefined)) throw usageError(t('--name, --role and --note go with --sign-off'));
  const inputPath = resolvePath(io, input);
  const outPath = resolvePath(io, out);
  const data = stringOption(args, 'data');
  const dataPath = data === undefined ? undefined : resolvePath(io, data);
  await assertWritesNoInput([{ path: outPath, role: '--out' }], [
    { path: inputPath, role: t('the metadata.json reviewed') }, ...(dataPath ? [{ path: dataPath, role: t('the data file') }] : []),
  ]);
  const read = readOptions(args);
  const links = linkDecisionsOfArgs(args);
  const dataset = readDatasetMetadata(inputPath);
  if (dataset) {
    const signer = signOff ? { name: name!, role: role!, ...(note !== undefined ? { note } : {}) } : undefined;
    await reviewDataset(io, args, { inputPath, outPath, dataPath, links, signer, read: read.encoding !== undefined || read.delimiter !== undefined ? read : undefined });
    return;
  }
  if (links.added.length + links.confirmed.length + links.rejected.length > 0) throw usageError(t('--link, --confirm-link and --reject-link are for the metadata.json of a dataset of several tables (twin profile <folder>)'));
  const { ctx, done } = cliContext(io, args.values.quiet === true);
  try {
    const result = await reviewMetadata({
      metadata: inputPath, data: dataPath, changes: changesOf(args),
      signer: signOff ? { name: name!, role: role!, ...(note !== undefined ? { note } : {}) } : undefined,
      missingTokens: listOption(args, 'missing'),
      read: read.encoding !== undefined || read.delimiter !== undefined ? read : undefined,
    }, ctx);
    await writeFileAtomic(outPath, metadataToJson(result.metadata));
    done();
    if (result.withdrawn && !signOff) io.stderr.write(t('the sign-off by {0} no longer holds: the metadata changed; sign it off again (--sign-off)', result.withdrawn.name) + '\n');
    const s = result.metadata.signOff;
    io.stdout.write(JSON.stringify({ out: outPath, decisions: result.decided, signOff: s ? { name: s.name, role: s.role, date: s.date, ...(s.note ? { note: s.note } : {}) } : null }, null, 2) + '\n');
  } finally {
    done();
  }
}

/** Link decisions on a dataset's metadata.json (core/review/reviewDataset). */
async function reviewDataset(
  io: CommandIO, args: ParsedArgs,
  o: { inputPath: string; outPath: string; dataPath?: string; links: LinkDecisions; signer?: Signer; read?: ReadOptions },
): Promise<void> {
  const columnFlags = ['exclude', 'include', 'type', 'identifier', 'not-identifier', 'drop-rule', 'keep-rule', 'threshold'].filter((f) => args.values[f] !== undefined);
  if (columnFlags.length > 0) throw usageError(t("--{0} is not yet supported on a dataset's metadata.json: review the table on its own (twin profile <table>), or decide about links here", columnFlags[0]));
  const { ctx, done } = cliContext(io, args.values.quiet === true);
  try {
    const result = await reviewDatasetMetadata({ metadata: o.inputPath, data: o.dataPath, links: o.links, signer: o.signer, missingTokens: listOption(args, 'missing'), read: o.read }, ctx);
    await writeFileAtomic(o.outPath, datasetMetadataToJson(result.metadata));
    done();
    if (result.withdrawn && !o.signer) io.stderr.write(t('the sign-off by {0} no longer holds: the metadata changed; sign it off again (--sign-off)', result.withdrawn.name) + '\n');
    const s = result.metadata.signOff;
    io.stdout.write(JSON.stringify({
      out: o.outPath, decisions: result.decided, profiled: result.profiled,
      signOff: s ? { name: s.name, role: s.role, date: s.date, ...(s.note ? { note: s.note } : {}) } : null,
    }, null, 2) + '\n');
  } finally {
    done();
  }
}

function changesOf(args: ParsedArgs): ReviewChanges {
  const list = (name: string): string[] => {
    const v = args.values[name];
    return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  };
  const types: Record<string, ColumnType> = {};
  for (const given of list('type')) {
    const at = given.lastIndexOf('=');
    if (at <= 0) throw usageError(t('--type takes COL=TYPE, got {0}', JSON.stringify(given)));
    const type = given.slice(at + 1).trim();
    if (!(COLUMN_TYPES as readonly string[]).includes(type)) throw usageError(t('--type {0}: TYPE must be one of {1}', JSON.stringify(given), COLUMN_TYPES.join(', ')));
    types[given.slice(0, at)] = type as ColumnType;
  }
  const threshold = integerOption(args, 'threshold', 2);
  return {
    exclude: list('exclude'), include: list('include'), types, identifiers: list('identifier'), notIdentifiers: list('not-identifier'),
    dropRules: list('drop-rule'), keepRules: list('keep-rule'), ...(threshold !== undefined ? { threshold } : {}),
  };
}

import { parseCommandArgs, requirePositionals, stringOption, integerOption, positiveNumberOption, listOption } from '../args';
import { askingOnce, checkNewTable, databaseSource, generateDataset, generateTwin, reproduceRecipe, sqlSourceName, twinFileName, usageError, writeTwinTable, t } from '../../core';
import { datasetInputOf } from './datasetInput';
import { COMMON_OPTIONS, DISCLOSURE_OPTIONS, HOLDOUT_OPTIONS, readLimitsHelp, personKeyHelp, READ_OPTIONS, cliContext, disclosureOptions, holdoutHelp, holdoutRequest, methodOption, readOptions, resolvePath } from './shared';
import type { CommandIO } from './index';
import { databaseHelp, DATABASE_OPTIONS, databaseSourceOf, terminalCredentials } from './database';

const LEVELS = ['structural', 'statistical', 'correlated'] as const;
type Level = (typeof LEVELS)[number];

const help = (): string => t(`twin generate <data|metadata.json|database> --level structural|statistical|correlated [options]
twin generate --recipe <name.twin.json>
twin generate <folder|dataset.json|dataset metadata.json> --level L --out <folder> [--persons N]

{0}  From a database the twin is a CSV (<table>.synthetic.csv here unless --out);
  correlated methods fit on a seeded sample of up to 200,000 rows the engine draws.
  --to-table NAME     also write the twin into a new table NAME of the same database
                      (the source's column types; one transaction; an existing table is refused)

Generates a synthetic twin in the source's format and dialect, named
<name>.synthetic.<ext> beside the input unless --out is given, and writes the
recipe <name>.twin.json beside it. The same recipe (or seed) gives the same bytes.

A linked dataset (a folder of tables or a dataset.json, profiled as twin profile does, or
its metadata.json, format twin-metadata/2) gives a folder of twin tables, one per source
table under its own file name and format, with keys that join (see README, Linked
datasets). From a metadata.json, correlated twins need the real tables: --data FOLDER.

Levels:
  structural    schema, types, formats and valid value domains; no real distributions
                (from metadata.json alone)
  statistical   each column's distribution independently, missingness rates
                (from metadata.json alone)
  correlated    relationships between columns from a fitted model (needs the real data)

Options:
  --level L           fidelity level (required unless --recipe)
  --method NAME       correlated: copula (default) or cart; with --epsilon: privbayes
  --rows N            rows to generate (default: as many as the source)
  --seed S            random seed (default 1); the same seed gives the same bytes
  --threads N         threads drawing the twin's batches (default 1); the same bytes at any N
  --epsilon E         differential privacy budget (E > 0): statistical → noisy marginals,
                      correlated → PrivBayes
  --out FILE          output file (default <name>.synthetic.<ext> beside the input)
  --metadata FILE     with a data file: make the twin from this reviewed metadata.json of it
                      (excluded columns, changed types, k) instead of a fresh profile; refused
                      unless its sign-off still holds (twin review --sign-off)
  --allow-unsigned    use --metadata although it is not signed off, or was changed after it was signed
  --recipe FILE       regenerate exactly from a recipe (<name>.twin.json)
  --data FOLDER       linked dataset: the folder of the real tables (needed for correlated)
  --persons N         linked dataset: persons in the twin (default: as many as the source)
  --fit-persons N     linked dataset, correlated: fit on the rows of at most N persons, chosen by
                      a seeded hash of the person key (default: about 200000 rows in the largest
                      table under the person)
{1}  --threshold K       rare-category threshold k when profiling a data file (default 10)
  --missing LIST      comma-separated missing-value tokens
  --encoding ENC      force the source's text encoding
  --delimiter D       force the source's delimiter
  --spreadsheet-safe  prefix ' to text cells starting with = + - @ (formula injection), CSV only
  --max-categories N  refuse a column with more distinct categories than N (default 250000)
{2}{3}  -q, --quiet         no progress on stderr
  -h, --help          show this help
`, databaseHelp(), holdoutHelp(t('default none; the split is recorded in the recipe and twin evaluate uses it')), personKeyHelp(), readLimitsHelp());

export async function generateCommand(argv: string[], io: CommandIO): Promise<void> {
  const args = parseCommandArgs('generate', argv, {
    ...COMMON_OPTIONS,
    level: { type: 'string' },
    method: { type: 'string' },
    rows: { type: 'string' },
    seed: { type: 'string' },
    threads: { type: 'string' },
    epsilon: { type: 'string' },
    out: { type: 'string' },
    recipe: { type: 'string' },
    metadata: { type: 'string' },
    'allow-unsigned': { type: 'boolean' },
    'spreadsheet-safe': { type: 'boolean' },
    'max-categories': { type: 'string' },
    data: { type: 'string' },
    persons: { type: 'string' },
    'fit-persons': { type: 'string' },
    'to-table': { type: 'string' },
    ...HOLDOUT_OPTIONS,
    ...DISCLOSURE_OPTIONS,
    ...READ_OPTIONS,
    ...DATABASE_OPTIONS,
  });
  if (args.values.help) {
    io.stdout.write(help());
    return;
  }
  const quiet = args.values.quiet === true;
  const recipe = stringOption(args, 'recipe');
  const { ctx, done } = cliContext(io, quiet);
  try {
    if (recipe !== undefined) {
      if (args.positionals.length > 0 || args.values.level !== undefined) throw usageError(t('generate --recipe takes no data file or --level: the recipe holds them'));
      const result = await reproduceRecipe(resolvePath(io, recipe), { ...ctx, out: optionalPath(io, stringOption(args, 'out')), threads: integerOption(args, 'threads', 1) });
      done();
      io.stdout.write(JSON.stringify({ out: result.outPath, recipe: result.recipePath, rows: result.recipe.rows }, null, 2) + '\n');
      return;
    }
    const [input] = requirePositionals('generate', args, ['data|metadata.json']);
    const level = stringOption(args, 'level');
    if (level === undefined) throw usageError(t('generate needs --level structural|statistical|correlated (see twin generate --help)'));
    if (!LEVELS.includes(level as Level)) throw usageError(t('--level must be one of {0}, got {1}', LEVELS.join(', '), JSON.stringify(level)));
    const rows = integerOption(args, 'rows', 1);
    const seed = integerOption(args, 'seed', 0);
    const epsilon = positiveNumberOption(args, 'epsilon');
    const data = stringOption(args, 'data');
    const database = databaseSourceOf(io, input, args);
    if (database === undefined && (args.values.table !== undefined || args.values.query !== undefined)) throw usageError(t('--table and --query are for a database source (duckdb:FILE or postgresql://…)'));
    const toTable = stringOption(args, 'to-table');
    if (database === undefined && toTable !== undefined) throw usageError(t('--to-table is for a database source (duckdb:FILE or postgresql://…)'));
    if (database !== undefined) {
      // One prompt for the whole command: reading the source and writing the twin's table.
      const credentials = askingOnce(terminalCredentials(io));
      const external = databaseSource(database, credentials);
      if (toTable !== undefined) await checkNewTable(database, toTable, credentials);
      const result = await generateTwin({
        input: external.label, external, level: level as Level, method: methodOption(args, level), rows, seed, epsilon, threads: integerOption(args, 'threads', 1),
        out: resolvePath(io, stringOption(args, 'out') ?? twinFileName(sqlSourceName(database), '.csv')),
        missingTokens: listOption(args, 'missing'), personKey: stringOption(args, 'person-key'), disclosure: disclosureOptions(args),
        spreadsheetSafe: args.values['spreadsheet-safe'] === true, maxCategories: integerOption(args, 'max-categories', 1),
      }, ctx);
      if (toTable !== undefined) await writeTwinTable(database, toTable, result.outPath, credentials, ctx);
      done();
      io.stdout.write(JSON.stringify({ out: result.outPath, recipe: result.recipePath, ...(toTable !== undefined ? { table: toTable } : {}), rows: result.recipe.rows, level: result.recipe.level, method: result.recipe.method, seed: result.recipe.seed }, null, 2) + '\n');
      return;
    }
    const dataset = await datasetInputOf(resolvePath(io, input), data !== undefined ? resolvePath(io, data) : undefined, {
      missingTokens: listOption(args, 'missing'), disclosure: disclosureOptions(args), read: readOptions(args), maxCategories: integerOption(args, 'max-categories', 1),
    }, ctx);
    if (dataset) {
      const out = stringOption(args, 'out');
      if (out === undefined) throw usageError(t('a linked dataset needs --out <folder> for its twin tables'));
      if (rows !== undefined) throw usageError(t('a linked dataset is sized in persons: give --persons, not --rows'));
      const result = await generateDataset({
        metadata: dataset.metadata, level, method: stringOption(args, 'method'), seed, epsilon, persons: integerOption(args, 'persons', 1),
        fitPersons: integerOption(args, 'fit-persons', 1),
        out: resolvePath(io, out), ...(dataset.dataDir !== undefined ? { dir: dataset.dataDir } : {}),
      }, ctx);
      done();
      io.stdout.write(JSON.stringify({
        out: result.out, recipe: result.recipePath, level, persons: result.tables.find((t) => t.name === result.personTable)?.rows ?? null,
        tables: Object.fromEntries(result.tables.map((t) => [t.name, t.rows])),
      }, null, 2) + '\n');
      return;
    }
    if (stringOption(args, 'data') !== undefined || stringOption(args, 'persons') !== undefined || stringOption(args, 'fit-persons') !== undefined) throw usageError(t("--data, --persons and --fit-persons are for a linked dataset's metadata.json"));
    const result = await generateTwin(
      {
        input: resolvePath(io, input),
        level: level as Level,
        method: methodOption(args, level),
        rows,
        seed,
        epsilon,
        out: optionalPath(io, stringOption(args, 'out')),
        missingTokens: listOption(args, 'missing'),
        personKey: stringOption(args, 'person-key'),
        disclosure: disclosureOptions(args),
        read: readOptions(args),
        metadata: optionalPath(io, stringOption(args, 'metadata')),
        allowUnsigned: args.values['allow-unsigned'] === true,
        spreadsheetSafe: args.values['spreadsheet-safe'] === true,
        maxCategories: integerOption(args, 'max-categories', 1),
        holdout: holdoutRequest(args, undefined),
        threads: integerOption(args, 'threads', 1),
      },
      ctx,
    );
    done();
    io.stdout.write(JSON.stringify({ out: result.outPath, recipe: result.recipePath, rows: result.recipe.rows, level: result.recipe.level, method: result.recipe.method, seed: result.recipe.seed }, null, 2) + '\n');
  } finally {
    done();
  }
}

function optionalPath(io: CommandIO, p: string | undefined): string | undefined {
  return p === undefined ? undefined : resolvePath(io, p);
}

import { DEFAULT_MISSING_TOKENS } from '../format';
import { promises as fsPromises } from 'node:fs';
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { JobContext } from '../context';
import { inputError, isTwinError, throwIfAborted } from '../errors';
import { yieldAndCheck } from '../eventLoop';
import { assertWritesNoInput, fingerprintFile, openDataset, writeDataset, writeFileAtomic, type DatasetSource, type NamedPath, type ReadOptions } from '../io';
import type { DisclosureSettings, KeyedFingerprint, Metadata, SourceFingerprint } from '../metadata';
import { reviewedMetadataProblem } from '../review/reviewedMetadata';
import { keyedFingerprint, sameFingerprint } from '../disclosure/fingerprint';
import { resolveHoldoutSplit, splitSource, type HoldoutRequest, type HoldoutSplit } from '../holdout';
import { profileDataset, toMetadata, type Profile, type ProfileOptions } from '../profile';
import { createRandom } from '../random';
import type { Dialect, Table } from '../schema';
import { loadTable } from '../table/loadTable';
import { recipePathFor, twinFileName, twinPathBeside } from '../paths';
import { specOfColumn, twinSpecsOf } from './columns';
import type { FidelityLevel, FittedModel, Generator } from './generator';
import {
  checkMetadata, DEFAULT_SEED, readRecipe, RECIPE_FORMAT, serializeRecipe, toolIdentity, type Recipe,
} from './recipe';
import { findGenerator } from './registry';
import { rareExtremesOfSplit } from './rareExtremes';
import { t } from '../l10n';
import { batchesInOrder, twinBatchesOf, type TwinExtremes } from './twinBatches';
import { DEFAULT_GENERATE_THREADS, drawInParallel, MIN_PARALLEL_BATCHES } from './parallel/drawParallel';

/** What `twin generate` asks for (DESIGN.md command-line contract). */
/**
 * A source that is not a file (a database table or query, core/sql): its profile, and for methods
 * that fit on real rows a seeded sample of its rows and the rows beyond each tailed column's
 * bounds, drawn where the data lives. Neither is written anywhere.
 */
export interface ExternalSource {
  /** How the source is named in messages and the recipe (no password). */
  label: string;
  profile(options: ProfileOptions, ctx: JobContext): Promise<Profile>;
  /** At most `rows` rows, a seeded sample drawn by the source. */
  sample(rows: number, ctx: JobContext): Promise<DatasetSource>;
  /** The rows holding a value beyond a tailed column's published bounds (for the rare-extreme guard). */
  extremes(metadata: Metadata, ctx: JobContext): Promise<DatasetSource>;
}

/** Rows a correlated twin of an external source is fitted on (a seeded sample drawn by the source). */
export const EXTERNAL_FIT_ROWS = 200_000;

export interface GenerateRequest {
  /** A data file (CSV/TSV, Parquet, Arrow) or a metadata.json; with `external`, the source's label. */
  input: string;
  /** A source that is not a file (a database table or query); `input` is then its label. */
  external?: ExternalSource;
  level: FidelityLevel | string;
  /** Method within the level; default: the level's first (structural, statistical, copula). */
  method?: string;
  /** Rows to generate; default the source's row count (metadata.dataset.rows). */
  rows?: number;
  /** Default {@link DEFAULT_SEED} (1), recorded in the recipe. */
  seed?: number;
  /** Differential-privacy budget (> 0), for methods that support it. */
  epsilon?: number;
  /** Output file; default `<name>.synthetic.<ext>` beside the input. */
  out?: string;
  /** Missing-value spellings when reading a data file. */
  missingTokens?: string[];
  /** The column whose values identify persons when profiling a data file (ProfileOptions.personKey); detected when absent. */
  personKey?: string;
  /** Disclosure settings for profiling a data file. */
  disclosure?: Partial<DisclosureSettings>;
  /** Overrides for reading a data file (encoding, delimiter, header); recorded in the recipe. */
  read?: ReadOptions;
  /**
   * Neutralise text cells that a spreadsheet would run as a formula (starting with = + - @, tab
   * or CR) by prefixing `'` (OWASP CSV injection); numbers are left alone. Delimited output only;
   * recorded in the recipe.
   */
  spreadsheetSafe?: boolean;
  /** ProfileOptions.maxCategories when profiling a data file (default 250,000). */
  maxCategories?: number;
  /**
   * ProfileOptions.associationRows when profiling a data file: rows for the pairwise
   * associations that the metadata embedded in the recipe then carries. Default 0 (none): no
   * generator uses them and they cost about as much as the rest of the profile; a caller that
   * publishes that metadata (a release pack's metadata.json) asks for them.
   */
  associationRows?: number;
  /**
   * A reviewed metadata.json of this data file (the person's decisions: excluded columns,
   * changed types, sign-off). With a data file as input, the twin is made from it instead of
   * a fresh profile; it must carry the data file's fingerprint.
   */
  metadata?: string;
  /**
   * Use `metadata` although its sign-off does not hold (none, or the metadata changed since it
   * was signed). Without it such metadata is refused. A k below the default without a recorded
   * decision is refused either way (core/review).
   */
  allowUnsigned?: boolean;
  /**
   * Real persons to hold out before fitting (data input only): the profile and the model see only
   * the training records, filtered in memory as the file is read. Recorded in the recipe, so the
   * evaluation can measure privacy against exactly the records the twin never saw.
   */
  holdout?: HoldoutRequest;
  /**
   * Threads drawing the twin's batches (default {@link DEFAULT_GENERATE_THREADS}); the twin's bytes
   * are the same at any count, and the recipe does not record it.
   */
  threads?: number;
  /**
   * @internal Rows per batch when smaller than the model's (tests: a twin of many batches from few
   * rows). Changes the twin's bytes and is not recorded in the recipe: not for users.
   */
  batchRows?: number;
}

export interface GenerateResult {
  outPath: string;
  recipePath: string;
  recipe: Recipe;
}

/**
 * Generates a synthetic twin and its recipe. From a metadata.json: structural or statistical
 * only (never a real record read). From a data file: profiles it, makes the disclosure-safe
 * metadata (toMetadata), and for methods that need real rows (correlated; statistical with
 * epsilon) loads the table and fits on it. Writes `<name>.synthetic.<ext>` in the source's
 * dialect, streamed batch by batch and atomically, then `<name>.twin.json` beside it.
 * Everything that can be checked is checked before anything is written.
 * @throws TwinError('input') for a bad request (unknown level/method, rows < 1, epsilon ≤ 0,
 *   output equal to the source, correlated from metadata, metadata of another format version)
 *   or unreadable input.
 */
export async function generateTwin(request: GenerateRequest, ctx: JobContext = {}): Promise<GenerateResult> {
  const generator = findGenerator(request.level, request.method, request.epsilon);
  const seed = checkSeed(request.seed);
  const epsilon = checkEpsilon(request.epsilon, generator);
  if (request.rows !== undefined) checkRows(request.rows);
  const input = request.input;
  const kind: InputKind = request.external ? { kind: 'data' } : await detectInputKind(input, ctx);
  const needsRows = generator.needsRealRows(epsilon);

  let metadata: Metadata;
  let table: Table | undefined;
  let inputFingerprint: KeyedFingerprint | SourceFingerprint;
  let missingTokens: string[] | null = null;
  let outPath: string;
  let split: HoldoutSplit | null = null;
  let extremesSource: { training: DatasetSource; whole: DatasetSource } | undefined;
  if (kind.kind === 'metadata' && request.holdout) {
    throw inputError(t('a holdout needs the real data: metadata.json was already made from every record'), { file: input });
  }
  if (request.external) {
    if (request.holdout || request.metadata !== undefined) throw inputError(t('a holdout and reviewed metadata are not yet taken with a database source'), { file: input });
    const profile = await request.external.profile({
      missingTokens: request.missingTokens, personKey: request.personKey, disclosure: request.disclosure, maxCategories: request.maxCategories,
      associationRows: request.associationRows ?? 0,
    }, ctx);
    missingTokens = profile.missingTokens;
    metadata = JSON.parse(JSON.stringify(toMetadata(profile, request.disclosure))) as Metadata;
    inputFingerprint = keyedFingerprint(profile.dataset.fingerprint);
    outPath = request.out ?? twinPathBeside(nodePath.resolve(profile.dataset.name), '.csv');
    await checkOutput(outPath, []);
    if (needsRows) {
      const sample = await request.external.sample(EXTERNAL_FIT_ROWS, ctx);
      table = (await loadTable(sample, metadata.columns.map(specOfColumn), { missingTokens }, ctx)).table;
      const beyond = await request.external.extremes(metadata, ctx);
      extremesSource = { training: beyond, whole: beyond };
    }
  } else if (kind.kind === 'metadata') {
    if (needsRows) {
      throw inputError(
        generator.level === 'correlated'
          ? t('correlated twins need the real data; metadata.json holds only one-way summaries')
          : t('statistical twins with a privacy budget (epsilon) need the real data: the counts in metadata.json were published by disclosure control, not by a differentially private mechanism'),
        { file: input },
      );
    }
    metadata = kind.metadata;
    outPath = request.out ?? defaultOutPathForMetadata(input, metadata);
    await checkOutput(outPath, [{ path: input, role: t('the metadata.json generated from') }]);
    // metadata.json is public: its own size and SHA-256 disclose nothing, and stay checkable outside the TRE.
    inputFingerprint = await fingerprintFile(input);
  } else {
    const opened = await openDataset(input, request.read);
    checkCorrelatedWidth(generator, opened);
    outPath = request.out ?? defaultOutPathForData(input, opened.format);
    await checkOutput(outPath, [
      { path: input, role: t('the source data file') },
      ...(request.metadata !== undefined ? [{ path: request.metadata, role: t('the reviewed metadata.json') }] : []),
    ]);
    const reviewed = request.metadata !== undefined ? await reviewedMetadataFor(request.metadata, input, request, ctx) : null;
    if (request.holdout) {
      split = await resolveHoldoutSplit(opened, {
        ...request.holdout,
        personKey: request.holdout.personKey !== undefined ? request.holdout.personKey : request.personKey ?? reviewed?.dataset.personKey,
        missingTokens: request.missingTokens, disclosure: request.disclosure,
      }, ctx);
    }
    // The twin sees only the training records; the held-out ones stay in the file, unread by the model.
    const source = split ? splitSource(opened, split).training : opened;
    extremesSource = { training: source, whole: opened };
    if (reviewed) {
      metadata = reviewed;
      missingTokens = [...(request.missingTokens ?? DEFAULT_MISSING_TOKENS)];
      inputFingerprint = metadata.dataset.fingerprint;
    } else {
      const profile = await profileDataset(source, {
        missingTokens: request.missingTokens, personKey: request.personKey, disclosure: request.disclosure, maxCategories: request.maxCategories,
        associationRows: request.associationRows ?? 0,
      }, ctx);
      missingTokens = profile.missingTokens;
      // Through JSON once, so the model sees exactly the metadata the recipe embeds.
      metadata = JSON.parse(JSON.stringify(toMetadata(profile, request.disclosure))) as Metadata;
      inputFingerprint = keyedFingerprint(profile.dataset.fingerprint);
    }
    if (needsRows) {
      throwIfAborted(ctx.signal);
      table = (await loadTable(source, metadata.columns.map(specOfColumn), { missingTokens, cells: true }, ctx)).table;
    }
  }
  const rows = request.rows ?? metadata.dataset.rows;
  if (request.rows === undefined && rows < 1) throw inputError(t('the dataset has no rows; give the number of rows to generate'), { file: input });
  checkRows(rows);

  const recipePath = recipePathFor(outPath);
  const spreadsheetSafe = request.spreadsheetSafe === true;
  // Inside the TRE the real extremes are known: the twin's tails step around them.
  const extremes = extremesSource ? await rareExtremesOfSplit(extremesSource.training, extremesSource.whole, metadata, missingTokens, ctx) : undefined;
  const { model, output } = await fitAndWrite(generator, metadata, table, epsilon, rows, seed, outPath, ctx, spreadsheetSafe, extremes, { threads: checkThreads(request.threads), batchRows: request.batchRows });
  const description = model.describe();
  const { columns, ...modelRest } = description;
  const recipeDir = nodePath.dirname(nodePath.resolve(recipePath));
  const recipe: Recipe = {
    format: RECIPE_FORMAT,
    tool: toolIdentity(),
    created: new Date().toISOString(),
    source: {
      path: input,
      pathFromRecipe: request.external ? input : toPortable(nodePath.relative(recipeDir, nodePath.resolve(input))),
      kind: kind.kind,
      fingerprint: inputFingerprint,
      dataFingerprint: metadata.dataset.fingerprint,
    },
    output: { pathFromRecipe: toPortable(nodePath.relative(recipeDir, nodePath.resolve(outPath))), rows: output.rows, fingerprint: output.fingerprint },
    level: generator.level,
    method: generator.method,
    seed,
    epsilon: epsilon ?? null,
    rows,
    missingTokens,
    read: kind.kind === 'data' && request.read ? { ...request.read } : null,
    ...(spreadsheetSafe ? { spreadsheetSafe } : {}),
    ...(split ? { holdout: split } : {}),
    ...(split && kind.kind === 'data' && request.metadata !== undefined ? { metadataOf: 'all-records' as const } : {}),
    disclosure: metadata.disclosure,
    columns,
    model: modelRest,
    metadata,
  };
  await writeFileAtomic(recipePath, serializeRecipe(recipe));
  return { outPath, recipePath, recipe };
}

/** Cancellation and progress, and optionally where to write the reproduced twin. */
export interface ReproduceContext extends JobContext {
  /** Output file instead of the one the recipe records. */
  out?: string;
  /** Threads drawing the twin (GenerateRequest.threads): the same bytes at any count. */
  threads?: number;
}

export interface ReproduceResult extends GenerateResult {
  /** Whether the new twin's size and SHA-256 equal those the recipe recorded. */
  identical: boolean;
}

/**
 * Makes the twin a recipe describes again (`twin generate --recipe`), byte for byte.
 * Structural and statistical twins come from the metadata embedded in the recipe; methods
 * that need real rows re-read the source, after checking that its size and SHA-256 still match.
 * The twin is written where the recipe says (relative to the recipe) unless `ctx.out` is given.
 * @throws TwinError('input') for a malformed recipe, a missing or changed source, or an output equal to the source.
 */
export async function reproduceRecipe(recipePath: string, ctx: ReproduceContext = {}): Promise<ReproduceResult> {
  const recipe = await readRecipe(recipePath);
  const generator = findGenerator(recipe.level, recipe.method);
  const epsilon = recipe.epsilon ?? undefined;
  const recipeDir = nodePath.dirname(nodePath.resolve(recipePath));
  // A path the user names is theirs to choose; the recipe's own path is confined to its folder
  // and may only replace the twin this recipe made (a recipe can come from anywhere, e.g. a pack).
  const outPath = ctx.out ?? await confinedOutputOf(recipe, recipeDir, recipePath);
  if (ctx.out === undefined) await refuseForeignFile(outPath, recipe);
  const inputs: NamedPath[] = [{ path: recipePath, role: t('the recipe') }];
  const metadata = recipe.metadata;
  let table: Table | undefined;
  let extremes: Awaited<ReturnType<typeof rareExtremesOfSplit>> | undefined;
  if (generator.needsRealRows(epsilon)) {
    const sourcePath = await locateSource(recipe, recipeDir);
    inputs.push({ path: sourcePath, role: t('the source data file') });
    await assertWritesNoInput([{ path: outPath, role: t('the twin') }], inputs);
    const now = keyedFingerprint(await fingerprintFile(sourcePath));
    if (!('hmac' in recipe.source.fingerprint) || !sameFingerprint(now, recipe.source.fingerprint)) {
      throw inputError(t('the source changed since the recipe was made (its keyed fingerprint differs; or the recipe was made under another TRE secret key)'), { file: sourcePath });
    }
    const opened = await openDataset(sourcePath, recipe.read ?? undefined);
    checkCorrelatedWidth(generator, opened);
    const source = recipe.holdout ? splitSource(opened, recipe.holdout).training : opened;
    const loaded = await loadTable(source, metadata.columns.map(specOfColumn), { missingTokens: recipe.missingTokens ?? undefined, cells: true }, ctx);
    table = loaded.table;
    extremes = await rareExtremesOfSplit(source, opened, metadata, recipe.missingTokens, ctx);
  } else {
    const sourcePath = await locateSource(recipe, recipeDir).catch(() => null);
    if (sourcePath) inputs.push({ path: sourcePath, role: recipe.source.kind === 'metadata' ? t('the metadata.json the recipe was made from') : t('the source data file') });
    await assertWritesNoInput([{ path: outPath, role: t('the twin') }], inputs);
    // The recipe embeds the metadata as it was; once the person has changed their metadata.json
    // (a reviewed decision), a twin from the old copy would not be the one they now expect.
    // The fingerprint of metadata.json is a hash of public content, so recording it discloses nothing.
    if (sourcePath && recipe.source.kind === 'metadata') {
      const now = await fingerprintFile(sourcePath);
      const then = recipe.source.fingerprint;
      if (!('sha256' in then) || now.bytes !== then.bytes || now.sha256 !== then.sha256) {
        throw inputError(t('the metadata.json this recipe was made from has changed since; generate a new twin from that metadata.json'), { file: sourcePath });
      }
    }
    // Only the very source (same keyed fingerprint) tells which real extremes the twin stepped around.
    const same = sourcePath && recipe.source.kind === 'data' && 'hmac' in recipe.source.fingerprint
      && sameFingerprint(keyedFingerprint(await fingerprintFile(sourcePath)), recipe.source.fingerprint);
    if (sourcePath && same) {
      const opened = await openDataset(sourcePath, recipe.read ?? undefined);
      extremes = await rareExtremesOfSplit(recipe.holdout ? splitSource(opened, recipe.holdout).training : opened, opened, metadata, recipe.missingTokens, ctx);
    }
  }
  const { output } = await fitAndWrite(generator, metadata, table, epsilon, recipe.rows, recipe.seed, outPath, ctx, recipe.spreadsheetSafe === true, extremes, { threads: checkThreads(ctx.threads) });
  const identical = output.fingerprint.bytes === recipe.output.fingerprint.bytes && output.fingerprint.sha256 === recipe.output.fingerprint.sha256;
  return { outPath, recipePath, recipe, identical };
}

/**
 * The twin's path as the recipe records it, resolved in the recipe's folder; refused when it is
 * absolute, climbs out with `..`, or leads out through a symlinked folder.
 */
async function confinedOutputOf(recipe: Recipe, recipeDir: string, recipePath: string): Promise<string> {
  const rel = recipe.output.pathFromRecipe;
  const parts = rel.split(/[\\/]/);
  const shown = JSON.stringify(rel);
  const refuse = (reason: string): never => {
    throw inputError(reason, { file: recipePath });
  };
  if (rel.trim() === '' || nodePath.isAbsolute(rel) || nodePath.win32.isAbsolute(rel) || /^[A-Za-z]:/.test(rel)) {
    refuse(t('the recipe\'s output path {0} is absolute or empty; a recipe writes only inside its own folder (choose another output path)', shown));
  }
  if (parts.includes('..')) refuse(t('the recipe\'s output path {0} leaves the recipe\'s folder; a recipe writes only inside its own folder (choose another output path)', shown));
  const outPath = nodePath.resolve(recipeDir, rel);
  if (outPath === recipeDir) refuse(t('the recipe\'s output path {0} names the folder itself; a recipe writes only inside its own folder (choose another output path)', shown));
  const realDir = await fs.promises.realpath(recipeDir).catch(() => recipeDir);
  const realParent = await fs.promises.realpath(nodePath.dirname(outPath)).catch(() => null);
  if (realParent !== null && realParent !== realDir && !realParent.startsWith(realDir + nodePath.sep)) {
    refuse(t('the recipe\'s output path {0} leads out of the recipe\'s folder through a link; a recipe writes only inside its own folder (choose another output path)', shown));
  }
  return outPath;
}

/** Refuses to replace an existing file other than the twin this recipe made (same size and SHA-256). */
async function refuseForeignFile(outPath: string, recipe: Recipe): Promise<void> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.lstat(outPath);
  } catch {
    return; // nothing there to lose
  }
  const recorded = recipe.output.fingerprint;
  const ours = stat.isFile() && stat.size === recorded.bytes && (await fingerprintFile(outPath)).sha256 === recorded.sha256;
  if (!ours) {
    throw inputError(t('refusing to overwrite a file that is not the twin this recipe made (its size or SHA-256 differs); move it away or choose another output path'), { file: outPath });
  }
}

/** Fits with `rng.fork('fit')`, draws the twin's batches (twinBatches.ts), writes atomically and fingerprints the result as it is written. */
async function fitAndWrite(
  generator: Generator, metadata: Metadata, table: Table | undefined, epsilon: number | undefined,
  rows: number, seed: number, outPath: string, ctx: JobContext, spreadsheetSafe = false,
  extremes?: TwinExtremes, drawing: { threads: number; batchRows?: number } = { threads: DEFAULT_GENERATE_THREADS },
): Promise<{ model: FittedModel; output: { rows: number; fingerprint: SourceFingerprint } }> {
  const rng = createRandom(seed);
  const forward = { signal: ctx.signal, onProgress: ctx.onProgress };
  ctx.onProgress?.({ stage: t('fitting'), fraction: 0 });
  const model = await generator.fit({ metadata, table, epsilon }, { ...forward, rng: rng.fork('fit') });
  throwIfAborted(ctx.signal);
  ctx.onProgress?.({ stage: t('sampling'), fraction: 0 });
  const target = { dialect: twinDialectOf(metadata), columns: twinSpecsOf(metadata), spreadsheetSafe };
  const { threads, batchRows } = drawing;
  const twin = twinBatchesOf(model, metadata, rows, seed, extremes, batchRows);
  // Large twins are drawn on worker threads, batch by batch; the bytes are the same either way.
  const parallel = Math.min(threads, twin.count) >= 2 && twin.count >= MIN_PARALLEL_BATCHES;
  const batches = parallel
    ? drawInParallel({
      kind: 'twin-draw-batches', level: generator.level, method: generator.method, epsilon, metadata, table, seed, rows, extremes, batchRows,
      delimited: target.dialect.kind === 'delimited' ? { dialect: target.dialect, columns: target.columns, spreadsheetSafe } : undefined,
    }, twin.count, threads, ctx)
    : batchesInOrder(twin, ctx);
  const written = await writeDataset(outPath, target, batches, ctx);
  // Hashed as it was written: the same size and SHA-256 as reading the file back.
  const fingerprint: SourceFingerprint = { bytes: written.bytes, sha256: written.sha256 };
  return { model, output: { rows: written.rows, fingerprint } };
}

/** The source's dialect; for Parquet/Arrow only the fields of the columns the twin keeps. */
function twinDialectOf(metadata: Metadata): Dialect {
  const d = metadata.dataset.dialect;
  if (d.kind === 'delimited') return d;
  const keep = new Set(twinSpecsOf(metadata).map((s) => s.name));
  return { ...d, fields: d.fields.filter((f) => keep.has(f.name)) };
}

type InputKind = { kind: 'data' } | { kind: 'metadata'; metadata: Metadata };

/**
 * Tells a metadata.json from a data file by content: a file whose first non-blank byte is `{`
 * (or named *.json) is read as JSON and must be `twin-metadata/1`.
 */
/** A reviewed metadata.json, checked to describe exactly this data file (same size and SHA-256). */
async function reviewedMetadataFor(metadataPath: string, dataPath: string, request: GenerateRequest, ctx: JobContext): Promise<Metadata> {
  const kind = await detectInputKind(metadataPath, ctx);
  if (kind.kind !== 'metadata') throw inputError(t('not a metadata.json (format twin-metadata/1)'), { file: metadataPath });
  const problem = reviewedMetadataProblem(kind.metadata, { allowUnsigned: request.allowUnsigned === true });
  if (problem) throw inputError(problem, { file: metadataPath });
  const k = request.disclosure?.threshold;
  if (k !== undefined && k !== kind.metadata.disclosure.threshold) {
    throw inputError(t('the reviewed metadata sets threshold k = {0}; a threshold of {1} was also asked for: review the metadata again to change it', kind.metadata.disclosure.threshold, k), { file: metadataPath });
  }
  const actual = keyedFingerprint(await fingerprintFile(dataPath));
  if (!sameFingerprint(actual, kind.metadata.dataset.fingerprint)) {
    throw inputError(t('was made from another version of {0} (its fingerprint differs); profile the data again', nodePath.basename(dataPath)), { file: metadataPath });
  }
  return kind.metadata;
}

async function detectInputKind(path: string, ctx: JobContext = {}): Promise<InputKind> {
  let head: Buffer;
  try {
    const handle = await fs.promises.open(path, 'r');
    try {
      head = Buffer.alloc(256);
      const { bytesRead } = await handle.read(head, 0, 256, 0);
      head = head.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw inputError(code === 'ENOENT' ? t('file not found') : code === 'EISDIR' ? t('is a folder, not a file') : t('cannot read the file ({0})', code ?? (e as Error).message), { file: path }, e);
  }
  const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  const looksJson = text.startsWith('{') || nodePath.extname(path).toLowerCase() === '.json';
  if (!looksJson) return { kind: 'data' };
  let json: unknown;
  try {
    const content = await fs.promises.readFile(path, 'utf8');
    throwIfAborted(ctx.signal);
    json = JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch (e) {
    if (isTwinError(e)) throw e;
    throw inputError(t('malformed metadata: not valid JSON ({0})', (e as Error).message), { file: path }, e);
  }
  // Parsing and checking a metadata.json of a million categories take about a second each.
  await yieldAndCheck(ctx.signal);
  const metadata = checkMetadata(json, path);
  await yieldAndCheck(ctx.signal);
  return { kind: 'metadata', metadata };
}

function defaultOutPathForData(input: string, format: 'delimited' | 'parquet' | 'arrow'): string {
  return twinPathBeside(input, nodePath.extname(input) || (format === 'delimited' ? '.csv' : format));
}

/** Beside the metadata file: the dataset's name and an extension for its dialect (csv, tsv, parquet, arrow). */
function defaultOutPathForMetadata(input: string, metadata: Metadata): string {
  const d = metadata.dataset.dialect;
  const ext = d.kind === 'delimited' ? (d.delimiter === '\t' ? 'tsv' : 'csv') : d.kind;
  const name = nodePath.basename(metadata.dataset.name) || 'dataset';
  return nodePath.join(nodePath.dirname(input), twinFileName(name, ext));
}

/**
 * Refuses before anything is written when the twin or its recipe would land on an input (the
 * source, a reviewed metadata.json — by real path or inode). The recipe is never the twin: it is
 * named `<name>.twin.json` from the twin's whole name (paths.recipePathFor).
 */
async function checkOutput(outPath: string, inputs: readonly NamedPath[]): Promise<void> {
  await assertWritesNoInput([{ path: outPath, role: t('the twin') }, { path: recipePathFor(outPath), role: t('its recipe') }], inputs);
  // The user chose this folder by naming the output; create it rather than fail at the write.
  try {
    await fsPromises.mkdir(nodePath.dirname(outPath), { recursive: true });
  } catch (e) {
    throw inputError(t('cannot create the output folder ({0})', (e as NodeJS.ErrnoException).code ?? 'error'), { file: nodePath.dirname(outPath) });
  }
}

async function locateSource(recipe: Recipe, recipeDir: string): Promise<string> {
  // A shipped recipe (release pack) names its source by file name alone: the pack sits in a folder
  // beside the data or two below it (synthetic/<dataset>-<level>/), so its parents are tried too.
  const name = nodePath.basename(recipe.source.pathFromRecipe);
  const parents = [1, 2, 3].map((up) => nodePath.resolve(recipeDir, ...Array(up).fill('..'), name));
  const candidates = [nodePath.resolve(recipeDir, recipe.source.pathFromRecipe), recipe.source.path, ...(name === recipe.source.pathFromRecipe ? parents : [])];
  for (const p of candidates) {
    try {
      if ((await fs.promises.stat(p)).isFile()) return p;
    } catch {
      // try the next candidate
    }
  }
  throw inputError(t('the source named in the recipe was not found (looked beside the recipe and at the recorded path)'), { file: recipe.source.path });
}

/**
 * Most columns the correlated level models. Up to here the copula's blocks keep time and memory
 * near-linear in the width (2,000 columns in seconds); past it even one pass of per-column work
 * at every stage adds up to minutes, so a wider file is refused before anything is read.
 */
export const MAX_CORRELATED_COLUMNS = 10_000;

function checkCorrelatedWidth(generator: Generator, source: DatasetSource): void {
  const width = source.columnNames.length;
  if (generator.level !== 'correlated' || width <= MAX_CORRELATED_COLUMNS) return;
  throw inputError(t('has {0} columns; the correlated level models at most {1} (generate at the statistical level, or from a file of fewer columns)', width.toLocaleString('en-GB'), MAX_CORRELATED_COLUMNS.toLocaleString('en-GB')), { file: source.path });
}

function checkRows(rows: number): void {
  if (!(Number.isSafeInteger(rows) && rows > 0)) throw inputError(t('rows must be a positive whole number, got {0}', rows));
}

function checkThreads(threads: number | undefined): number {
  if (threads === undefined) return DEFAULT_GENERATE_THREADS;
  if (!(Number.isSafeInteger(threads) && threads >= 1)) throw inputError(t('threads must be a whole number of at least 1, got {0}', threads));
  return threads;
}

function checkSeed(seed: number | undefined): number {
  if (seed === undefined) return DEFAULT_SEED;
  if (!Number.isSafeInteger(seed)) throw inputError(t('seed must be a whole number, got {0}', seed));
  return seed;
}

function checkEpsilon(epsilon: number | undefined, generator: Generator): number | undefined {
  if (epsilon === undefined) return undefined;
  if (!(Number.isFinite(epsilon) && epsilon > 0)) throw inputError(t('epsilon must be a positive number, got {0}', epsilon));
  if (!generator.supportsEpsilon) {
    throw inputError(t('method {0} does not support a privacy budget (epsilon); use statistical, or a correlated method that supports it', generator.method));
  }
  return epsilon;
}

/** Recipes store forward slashes so they read the same on Windows and POSIX. */
function toPortable(p: string): string {
  return p.split(nodePath.sep).join('/');
}

import { ruleProblem } from '../recordRules';
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { inputError } from '../errors';
import type { HoldoutSplit } from '../holdout/split';
import { fingerprintFile, type ReadOptions } from '../io';
import { keyedFingerprint, sameFingerprint } from '../disclosure/fingerprint';
import { METADATA_FORMAT, type DisclosureSettings, type KeyedFingerprint, type Metadata, type SourceFingerprint } from '../metadata';
import { metadataFromJson } from '../metadataJson';
import { checkMetadataValues, validateMetadataJson } from '../metadataSchema';
import { recipePathFor } from '../paths';
import { TOOL_NAME, TOOL_VERSION } from '../version';
import { FIDELITY_LEVELS, type ColumnDecision, type FidelityLevel, type ModelDescription } from './generator';
import { t } from '../l10n';

/**
 * The recipe `<name>.twin.json` (format `twin-recipe/1`): everything needed to audit how a
 * twin was made and to make it again byte for byte (`twin generate --recipe`). It embeds the
 * disclosure-safe metadata the twin came from, so structural and statistical twins can be
 * regenerated from the recipe alone; correlated (and DP) twins re-read the source and check
 * its fingerprint first.
 */
export const RECIPE_FORMAT = 'twin-recipe/1';

/** The fixed default seed, so that a run without --seed is reproducible. */
export const DEFAULT_SEED = 1;

export interface Recipe {
  format: typeof RECIPE_FORMAT;
  tool: { name: string; version: string };
  /** When the twin was made (ISO 8601); not used to reproduce it. */
  created: string;
  source: {
    /** The input as the user gave it (a data file or a metadata.json). */
    path: string;
    /** The same file relative to the recipe's folder, used first when reproducing. */
    pathFromRecipe: string;
    kind: 'data' | 'metadata';
    /**
     * The input file's fingerprint: keyed (HMAC under the TRE secret, no raw size or hash) for a data
     * file; plain size and SHA-256 for a metadata.json, which is public and checked outside the TRE too.
     */
    fingerprint: KeyedFingerprint | SourceFingerprint;
    /** Keyed fingerprint of the original data file, as recorded in the metadata. */
    dataFingerprint: KeyedFingerprint;
  };
  output: {
    /** The twin, relative to the recipe's folder. */
    pathFromRecipe: string;
    rows: number;
    /** Size and SHA-256 of the twin as written: a reproduction must match it. */
    fingerprint: SourceFingerprint;
  };
  level: FidelityLevel;
  method: string;
  seed: number;
  epsilon: number | null;
  rows: number;
  /** Missing-value spellings used to read the source (data input only). */
  missingTokens: string[] | null;
  /** Reader overrides used for the data file (encoding, delimiter, header), or null. */
  read: ReadOptions | null;
  /** Present (true) when formula-like text cells were neutralised for spreadsheets. */
  spreadsheetSafe?: boolean;
  /**
   * Present when real persons were held out before fitting (data input only): the split, made again
   * in memory by `twin evaluate` and by a reproduction, so the twin never saw the held-out records.
   */
  holdout?: HoldoutSplit;
  /**
   * 'all-records' when the embedded metadata describes the whole data file although persons were
   * held out (a reviewed metadata.json, `--metadata`): its figures were controlled against every
   * record, so the auditor checks them against every record, not the training ones.
   */
  metadataOf?: 'all-records';
  disclosure: DisclosureSettings;
  /** One decision per metadata column, in order. */
  columns: ColumnDecision[];
  /** The model's own description, without its column list (that is `columns`). */
  model: Omit<ModelDescription, 'columns'>;
  /** The metadata the twin came from (disclosure-safe). */
  metadata: Metadata;
}

/**
 * Reads and checks a recipe file.
 * @throws TwinError('input') when the file is missing, not JSON, not a `twin-recipe/1`, or incomplete.
 */
export async function readRecipe(path: string): Promise<Recipe> {
  let text: string;
  try {
    text = await fs.promises.readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw inputError(code === 'ENOENT' ? t('recipe file not found') : t('cannot read the recipe ({0})', code ?? (e as Error).message), { file: path }, e);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw inputError(t('malformed recipe: not valid JSON ({0})', (e as Error).message), { file: path }, e);
  }
  return checkRecipe(json, path);
}

/**
 * Checks a parsed recipe's shape.
 * @throws TwinError('input') naming the first missing or wrong field.
 */
export function checkRecipe(json: unknown, file: string, checkValues = true): Recipe {
  const r = json as Partial<Recipe> | null;
  if (!r || typeof r !== 'object' || Array.isArray(r)) throw inputError(t('malformed recipe: expected a JSON object'), { file });
  if (r.format !== RECIPE_FORMAT) {
    throw inputError(t('not a recipe this tool can read: format {0} (expected {1})', JSON.stringify(r.format ?? null), RECIPE_FORMAT), { file });
  }
  const bad = (field: string): never => { throw inputError(t('malformed recipe: missing or invalid {0}', field), { file }); };
  if (!(FIDELITY_LEVELS as readonly string[]).includes(r.level as string)) bad('level');
  if (typeof r.method !== 'string') bad('method');
  if (!Number.isSafeInteger(r.seed)) bad('seed');
  if (!(Number.isSafeInteger(r.rows) && (r.rows as number) > 0)) bad('rows');
  if (!(r.epsilon === null || (typeof r.epsilon === 'number' && r.epsilon > 0))) bad('epsilon');
  if (!r.source || typeof r.source.path !== 'string' || !(r.source.kind === 'metadata' ? isFingerprint(r.source.fingerprint) : isKeyedFingerprint(r.source.fingerprint))) bad('source');
  if (!r.output || typeof r.output.pathFromRecipe !== 'string' || !isFingerprint(r.output.fingerprint)) bad('output');
  if (r.holdout !== undefined && !isHoldoutSplit(r.holdout)) bad('holdout');
  return { ...r, metadata: checkMetadata(r.metadata, file, t('recipe metadata'), checkValues) } as Recipe;
}

/**
 * Checks that parsed JSON is metadata this tool can generate from (`twin-metadata/1`), in the
 * readable form metadata.json is written in or the older all-numbers form; returns it in memory form.
 * Validated against docs/metadata.schema.json; with `checkValues` (default) also bounds in order,
 * quantiles and histograms ascending, no duplicate category — what generation relies on. The
 * auditor reads a pack without them: it must find a leak in a pack however disordered.
 * @throws TwinError('input') for another format version or a malformed file.
 */
export function checkMetadata(json: unknown, file: string, what = t('metadata'), checkValues = true): Metadata {
  const m = metadataFromJson(json) as Partial<Metadata> | null;
  if (!m || typeof m !== 'object' || Array.isArray(m)) throw inputError(t('malformed {0}: expected a JSON object', what), { file });
  if (m.format !== METADATA_FORMAT) {
    const f = (m as { format?: unknown }).format;
    if (typeof f === 'string' && f.startsWith('twin-metadata/')) {
      throw inputError(t('metadata format {0} is not supported: this version of the tool reads {1}', f, METADATA_FORMAT), { file });
    }
    if (f === RECIPE_FORMAT) throw inputError(t('this is a twin recipe, not metadata: generate from it as a recipe'), { file });
    throw inputError(t('not a metadata file: format {0} (expected {1})', JSON.stringify(f ?? null), METADATA_FORMAT), { file });
  }
  const bad = (field: string): never => { throw inputError(t('malformed {0}: missing or invalid {1}', what, field), { file }); };
  // Edited rules must be well formed (their own messages say more than the schema's); metadata
  // written before record rules existed has none.
  if (m.rules !== undefined) {
    if (!Array.isArray(m.rules)) bad('rules');
    m.rules!.forEach((rule, i) => {
      const problem = ruleProblem(rule);
      if (problem) bad(`rules[${i}] (${problem})`);
    });
  }
  // The schema (docs/metadata.schema.json) on the file as written, then what it cannot say on the memory form.
  validateMetadataJson(json, file, what);
  if (checkValues) checkMetadataValues(m as Metadata, file, what);
  return m as Metadata;
}


/** The tool identity written into recipes. */
export function toolIdentity(): { name: string; version: string } {
  return { name: TOOL_NAME, version: TOOL_VERSION };
}

/** A recipe as written: two-space JSON with a final newline. */
export function serializeRecipe(recipe: Recipe): string {
  return JSON.stringify(recipe, null, 2) + '\n';
}

function isFingerprint(f: unknown): f is SourceFingerprint {
  const x = f as SourceFingerprint | undefined;
  return !!x && Number.isSafeInteger(x.bytes) && typeof x.sha256 === 'string';
}

function isKeyedFingerprint(f: unknown): f is KeyedFingerprint {
  const o = f as KeyedFingerprint | null;
  return !!o && typeof o === 'object' && o.method === 'hmac-sha256' && typeof o.hmac === 'string' && /^[0-9a-f]{64}$/.test(o.hmac);
}

function isHoldoutSplit(h: unknown): h is HoldoutSplit {
  const x = h as Partial<HoldoutSplit> | null;
  return !!x && typeof x === 'object' && typeof x.share === 'number' && x.share > 0 && x.share < 1 && Number.isSafeInteger(x.seed)
    && (x.personKey === undefined || typeof x.personKey === 'string');
}

/**
 * The holdout split recorded in the recipe beside a twin (`<name>.twin.json`), when that recipe was
 * made from `realPath` (same resolved path, or the same file beside the recipe); null otherwise or
 * when there is no readable recipe. Lets `twin evaluate` measure privacy against exactly the records
 * the twin never saw, without being told the split again.
 */
export async function recipeHoldoutFor(syntheticPath: string, realPath: string): Promise<HoldoutSplit | null> {
  let recipe: Recipe;
  try {
    recipe = await readRecipe(recipePathFor(syntheticPath));
  } catch {
    return null;
  }
  if (!recipe.holdout || recipe.source.kind !== 'data') return null;
  const real = nodePath.resolve(realPath);
  const recipeDir = nodePath.dirname(nodePath.resolve(recipePathFor(syntheticPath)));
  const named = [nodePath.resolve(recipe.source.path), nodePath.resolve(recipeDir, recipe.source.pathFromRecipe)];
  if (named.includes(real)) return recipe.holdout;
  // A release pack's recipe names its source by file name only (not its folder in the TRE): the
  // same name and the same content (the keyed fingerprint of the data) is the same file.
  if (recipe.source.path !== nodePath.basename(recipe.source.path) || nodePath.basename(real) !== recipe.source.path) return null;
  if (!fs.existsSync(real)) return null;
  const actual = keyedFingerprint(await fingerprintFile(real));
  return sameFingerprint(actual, recipe.source.dataFingerprint) ? recipe.holdout : null;
}

import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import { DATASET_RECIPE_FORMAT, type Metadata, metadataFromJson, PACK_FILES, readDatasetMetadata, type SignOff, signOffHolds } from '../core';
import type { LadderLevel } from '../protocol/messages';
import type { TwinSettings } from './config';
import { DATA_GLOB, EXCLUDE_GLOB, evaluationPathsFor, isTwinFile, metadataPathFor, RECIPE_GLOB, twinFolderFor } from './paths';

/** A twin found in the workspace, from its recipe. */
export interface TwinEntry {
  recipePath: string;
  twinPath: string;
  level: LadderLevel;
  method: string;
  rows: number;
  /** evaluation.json beside the twin. */
  evaluated: boolean;
  /** Release documents (DATA_CARD.md or RELEASE_CHECKLIST.md) beside the twin. */
  released: boolean;
  /** The data file or metadata file the twin was made from (a linked twin: the folder of the real tables). */
  sourcePath: string;
  /** A linked dataset's twin: `twinPath` is its folder, `rows` the rows of all its tables. */
  linked?: { tables: number };
}

/** A dataset found in the workspace and what has been done with it. */
export interface DatasetEntry {
  path: string;
  /** Its reviewed metadata file, when profiled. */
  metadataPath: string | null;
  signOff: SignOff | null;
  twins: TwinEntry[];
  /** A folder of linked tables profiled as one dataset (`path` is the folder); its tables are not listed on their own. */
  linked?: { tables: number };
}

/** Status words for a dataset, most advanced last: profiled, signed off, generated, evaluated, released. */
export function statusOf(d: DatasetEntry): string[] {
  const s: string[] = [];
  if (d.metadataPath) s.push('profiled');
  if (d.signOff) s.push('signed off');
  if (d.twins.length) s.push('generated');
  if (d.twins.some((t) => t.evaluated)) s.push('evaluated');
  if (d.twins.some((t) => t.released)) s.push('released');
  return s;
}

/**
 * Finds the workspace's datasets, their reviewed metadata and the twins made from them
 * (by reading each `*.twin.json` recipe's source and output). Reads only small JSON files.
 */
export async function scanWorkspace(settings: TwinSettings, limit = 500): Promise<DatasetEntry[]> {
  const [dataUris, recipeUris] = await Promise.all([
    vscode.workspace.findFiles(DATA_GLOB, EXCLUDE_GLOB, limit),
    vscode.workspace.findFiles(RECIPE_GLOB, EXCLUDE_GLOB, limit),
  ]);
  const datasets = new Map<string, DatasetEntry>();
  const byMetadata = new Map<string, DatasetEntry>();
  // A linked twin's tables keep their sources' names (no .synthetic marker): its folder holds a dataset recipe.
  // Each recipe is read once: a twin's (twin-recipe/1) or a linked twin's (twin-dataset-recipe/1).
  const recipes = recipeUris.map((u) => ({ path: u.fsPath, json: readJson<RecipeJson>(u.fsPath) }));
  const linkedTwins = recipes.map((r) => linkedTwinOf(r.path, r.json)).filter((t): t is TwinEntry => t !== null);
  const linkedTwinDirs = new Set(linkedTwins.map((t) => nodePath.resolve(t.twinPath)));
  // A folder profiled as one dataset of linked tables is listed once, as the folder.
  const linkedDirs = new Map<string, DatasetEntry>();
  for (const dir of new Set(dataUris.map((u) => nodePath.dirname(nodePath.resolve(u.fsPath))))) {
    if (linkedTwinDirs.has(dir)) continue;
    const metadataPath = metadataPathFor(dir, settings);
    const linked = readLinkedMetadataQuietly(metadataPath);
    if (linked) linkedDirs.set(dir, { path: dir, metadataPath, signOff: null, twins: [], linked: { tables: linked.tables.length } });
  }
  for (const [dir, entry] of linkedDirs) datasets.set(dir, entry);
  for (const t of linkedTwins) {
    for (const [dir, entry] of linkedDirs) if (nodePath.resolve(twinFolderFor(dir, t.level, settings)) === nodePath.resolve(t.twinPath)) entry.twins.push({ ...t, sourcePath: dir });
  }
  for (const uri of dataUris.sort((a, b) => a.fsPath.localeCompare(b.fsPath))) {
    const dir = nodePath.dirname(nodePath.resolve(uri.fsPath));
    if (isTwinFile(uri.fsPath) || linkedTwinDirs.has(dir) || linkedDirs.has(dir)) continue;
    const metadataPath = metadataPathFor(uri.fsPath, settings);
    const meta = readMetadata(metadataPath);
    // Signed off only while the sign-off holds for the file as it is now (core/review).
    const entry: DatasetEntry = { path: uri.fsPath, metadataPath: meta ? metadataPath : null, signOff: meta?.signOff && signOffHolds(meta) ? meta.signOff : null, twins: [] };
    datasets.set(nodePath.resolve(uri.fsPath), entry);
    byMetadata.set(nodePath.resolve(metadataPath), entry);
  }
  for (const recipe of recipes) {
    const twin = twinOf(recipe.path, recipe.json);
    if (!twin) continue;
    const key = nodePath.resolve(twin.sourcePath);
    const owner = datasets.get(key) ?? byMetadata.get(key) ?? packOwner(twin, datasets.values(), settings);
    owner?.twins.push(twin);
  }
  for (const d of datasets.values()) d.twins.sort((a, b) => levelOrder(a.level) - levelOrder(b.level));
  return [...datasets.values()];
}

/**
 * The dataset of a release pack's twin: a pack's recipe names its source by file name only (not
 * its folder in the TRE), so it belongs to the dataset of that name whose twin folder holds it.
 */
function packOwner(twin: TwinEntry, datasets: Iterable<DatasetEntry>, settings: TwinSettings): DatasetEntry | undefined {
  if (fs.existsSync(twin.sourcePath)) return undefined;
  const name = nodePath.basename(twin.sourcePath);
  const folder = nodePath.dirname(nodePath.resolve(twin.recipePath));
  for (const d of datasets) {
    if (nodePath.basename(d.path) === name && nodePath.resolve(twinFolderFor(d.path, twin.level, settings)) === folder) return d;
  }
  return undefined;
}

/** The fields of a recipe (of a twin or a linked twin) the index reads. */
interface RecipeJson {
  format?: string; level?: LadderLevel; method?: string; rows?: number;
  source?: { path?: string; pathFromRecipe?: string }; output?: { pathFromRecipe?: string } | { rows?: number }[];
}

/** Reads a recipe's summary; null when it is not a readable recipe. */
export function readTwin(recipePath: string): TwinEntry | null {
  return twinOf(recipePath, readJson<RecipeJson>(recipePath));
}

function twinOf(recipePath: string, r: RecipeJson | null): TwinEntry | null {
  if (!r || Array.isArray(r.output) || r.format !== 'twin-recipe/1' || !r.output?.pathFromRecipe || !r.source) return null;
  const dir = nodePath.dirname(recipePath);
  const twinPath = nodePath.resolve(dir, r.output.pathFromRecipe);
  const sourcePath = r.source.pathFromRecipe ? nodePath.resolve(dir, r.source.pathFromRecipe) : nodePath.resolve(r.source.path ?? '');
  return {
    recipePath,
    twinPath,
    level: r.level ?? 'structural',
    method: r.method ?? '',
    rows: r.rows ?? 0,
    evaluated: fs.existsSync(evaluationPathsFor(twinPath).json),
    released: fs.existsSync(nodePath.join(dir, PACK_FILES.checklist)) || fs.existsSync(nodePath.join(dir, PACK_FILES.dataCard)),
    sourcePath,
  };
}

/** A linked twin's summary from its recipe (`twin-dataset-recipe/1`); null for anything else. */
function linkedTwinOf(recipePath: string, r: RecipeJson | null): TwinEntry | null {
  if (!r || r.format !== DATASET_RECIPE_FORMAT || !Array.isArray(r.output)) return null;
  const dir = nodePath.dirname(recipePath);
  return {
    recipePath, twinPath: dir, level: r.level ?? 'structural', method: r.method ?? '', rows: r.output.reduce((n, o) => n + (o.rows ?? 0), 0),
    evaluated: fs.existsSync(nodePath.join(dir, PACK_FILES.evaluationJson)), released: fs.existsSync(nodePath.join(dir, PACK_FILES.dataCard)),
    sourcePath: '', linked: { tables: r.output.length },
  };
}

/** A linked dataset's metadata.json (several tables), or null when missing, malformed or of one table. */
function readLinkedMetadataQuietly(path: string): { tables: unknown[] } | null {
  if (!fs.existsSync(path)) return null;
  try {
    return readDatasetMetadata(path);
  } catch {
    return null;
  }
}

/** Reads a metadata.json (readable or older form) into its in-memory form; null when missing or malformed. */
export function readMetadata(path: string): Metadata | null {
  const json = readJson<unknown>(path);
  return json === null ? null : (metadataFromJson(json) as Metadata);
}

/** Parses a JSON file; null when missing or malformed. */
export function readJson<T>(path: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(path, 'utf8').replace(/^\uFEFF/, '')) as T;
  } catch {
    return null;
  }
}

function levelOrder(level: LadderLevel): number {
  return level === 'structural' ? 0 : level === 'statistical' ? 1 : 2;
}

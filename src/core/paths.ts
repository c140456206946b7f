import * as nodePath from 'node:path';

/**
 * The one place that names every file a command writes: twins, recipes, reviewed metadata,
 * evaluations, each file of a release pack, the audit's results and the atomic writers'
 * temporary files. Core, the CLI and the extension all ask this module; none spells a name itself.
 */

/** The marker in every twin's file name (`<name>.synthetic.<ext>`): it says the data are synthetic. */
export const TWIN_MARKER = '.synthetic';
/** A twin's recipe: `<name>.twin.json` beside the twin. */
export const RECIPE_SUFFIX = '.twin.json';
/** A dataset's reviewed metadata outside a pack: `<name>.metadata.json`. */
export const REVIEWED_METADATA_SUFFIX = '.metadata.json';
/** The folder beside the data that holds each level's outputs when no other is chosen. */
export const DEFAULT_OUTPUT_FOLDER = 'synthetic';

/** Files of a release pack (and of a twin's folder) with fixed names. */
export const PACK_FILES = {
  metadata: 'metadata.json',
  evaluationJson: 'evaluation.json',
  evaluationHtml: 'evaluation.html',
  dataCard: 'DATA_CARD.md',
  eula: 'EULA.md',
  checklist: 'RELEASE_CHECKLIST.md',
  analysisPy: 'analysis.py',
  analysisR: 'analysis.R',
  /** The audit's findings in ACRO's format (the SACRO viewer opens this name). */
  auditResults: 'results.json',
} as const;

/** ACRO's folder of per-file SHA-256 checksums beside the audit's results. */
export const CHECKSUMS_DIR = 'checksums';

/** The pack's documents and starter code: one template each, named as the output file. */
export const PACK_DOCUMENTS = [PACK_FILES.dataCard, PACK_FILES.eula, PACK_FILES.checklist, PACK_FILES.analysisPy, PACK_FILES.analysisR] as const;

/** File name without its last extension (`data.synthetic.csv` → `data.synthetic`). */
export function datasetNameOf(path: string): string {
  const base = nodePath.basename(path);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/**
 * The name a data file's outputs are named after — its reviewed metadata, its level folders, the
 * recipe of a twin beside it: a CSV's name without `.csv` (`admissions.csv` → `admissions`), any
 * other file's whole name (`admissions.parquet`, `admissions.tsv`, `extract.v2.csv`). So no two
 * files of one folder share an output, whatever their names: a name with an extension is a file's
 * own, and one without is a CSV's (`a.csv` and `a.CSV` excepted, one file on a case-insensitive
 * disk). A source without an extension (a folder of linked tables, a database table) keeps its
 * name, as the CSV of that name does.
 */
export function outputNameOf(dataPath: string): string {
  const base = nodePath.basename(dataPath);
  const ext = nodePath.extname(base);
  const stem = base.slice(0, base.length - ext.length);
  return ext.toLowerCase() === '.csv' && nodePath.extname(stem) === '' ? stem : base;
}

/** The twin's file name for a dataset name and an extension (with or without its dot). */
export function twinFileName(name: string, ext: string): string {
  return `${name}${TWIN_MARKER}${ext.startsWith('.') ? ext : `.${ext}`}`;
}

/** True for a twin's file name (`<name>.synthetic.<ext>`, or the marker at the end). */
export function isTwinFileName(path: string): boolean {
  return /\.synthetic(\.|$)/.test(nodePath.basename(path));
}

/** True for a recipe's file name (`*.twin.json`, any case). */
export function isRecipeFileName(path: string): boolean {
  return path.toLowerCase().endsWith(RECIPE_SUFFIX);
}

/** The default twin of a data file: `<name>.synthetic.<ext>` beside it, keeping its extension. */
export function twinPathBeside(input: string, ext: string): string {
  const name = nodePath.basename(input, nodePath.extname(input));
  return nodePath.join(nodePath.dirname(input), twinFileName(name, ext));
}

/**
 * The recipe beside a twin: `<name>.twin.json`, named as the outputs of the data file the twin
 * stands for (its name without `.synthetic`; outputNameOf), so `a.synthetic.csv` → `a.twin.json`
 * and `a.synthetic.parquet` → `a.parquet.twin.json` never overwrite each other.
 */
export function recipePathFor(twinPath: string): string {
  const base = nodePath.basename(twinPath);
  const ext = nodePath.extname(base);
  let stem = base.slice(0, base.length - ext.length);
  if (stem.endsWith(TWIN_MARKER)) stem = stem.slice(0, -TWIN_MARKER.length);
  return nodePath.join(nodePath.dirname(twinPath), `${outputNameOf(stem + ext)}${RECIPE_SUFFIX}`);
}

/** A dataset's reviewed metadata in an output root: `<root>/<name>.metadata.json` (outputNameOf). */
export function reviewedMetadataPath(root: string, dataPath: string): string {
  return nodePath.join(root, `${outputNameOf(dataPath)}${REVIEWED_METADATA_SUFFIX}`);
}

/**
 * The output root of a data file in a workspace: `<workspace>/<outputFolder>/<the data's folder
 * relative to the workspace>/`, so that two datasets of the same name in different folders never
 * share a metadata file or a level folder; the data's own folder when no output folder is set or
 * the data lies outside the workspace.
 */
export function workspaceOutputRoot(dataPath: string, workspaceFolder: string | undefined, outputFolder: string): string {
  const dataDir = nodePath.dirname(nodePath.resolve(dataPath));
  if (!outputFolder || workspaceFolder === undefined) return dataDir;
  const relative = nodePath.relative(nodePath.resolve(workspaceFolder), dataDir);
  if (relative.startsWith('..') || nodePath.isAbsolute(relative)) return dataDir;
  return nodePath.join(nodePath.resolve(workspaceFolder), outputFolder, relative);
}

/** The default output root of a data file: `synthetic/` beside it. */
export function defaultOutputRoot(dataPath: string): string {
  return nodePath.join(nodePath.dirname(dataPath), DEFAULT_OUTPUT_FOLDER);
}

/** The folder of one level's twin, evaluation and release pack: `<root>/<name>-<level>/` (outputNameOf). */
export function levelFolder(root: string, dataPath: string, level: string): string {
  return nodePath.join(root, `${outputNameOf(dataPath)}-${level}`);
}

/** The twin in a level's folder: `<folder>/<name>.synthetic.<ext>` (the data's extension, else .csv). */
export function twinPathIn(folder: string, dataPath: string): string {
  return nodePath.join(folder, twinFileName(datasetNameOf(dataPath), nodePath.extname(dataPath) || '.csv'));
}

/** evaluation.json and evaluation.html beside a twin. */
export function evaluationPathsFor(twinPath: string): { json: string; html: string } {
  const dir = nodePath.dirname(twinPath);
  return { json: nodePath.join(dir, PACK_FILES.evaluationJson), html: nodePath.join(dir, PACK_FILES.evaluationHtml) };
}

/** Every file a release pack of `dataPath` holds in `dir`, by role. */
export interface PackLayout {
  dir: string;
  twin: string;
  recipe: string;
  metadata: string;
  evaluationJson: string;
  evaluationHtml: string;
  /** The documents and starter code, by file name. */
  documents: Record<(typeof PACK_DOCUMENTS)[number], string>;
  /** Written by the audit. */
  auditResults: string;
  checksums: string;
}

export function packLayout(dir: string, dataPath: string): PackLayout {
  const twin = twinPathIn(dir, dataPath);
  const at = (name: string) => nodePath.join(dir, name);
  return {
    dir,
    twin,
    recipe: recipePathFor(twin),
    metadata: at(PACK_FILES.metadata),
    evaluationJson: at(PACK_FILES.evaluationJson),
    evaluationHtml: at(PACK_FILES.evaluationHtml),
    documents: Object.fromEntries(PACK_DOCUMENTS.map((d) => [d, at(d)])) as PackLayout['documents'],
    auditResults: at(PACK_FILES.auditResults),
    checksums: at(CHECKSUMS_DIR),
  };
}

/** The files a pack's creation and audit write (not the checksums folder), in a fixed order. */
export function packFilesWritten(layout: PackLayout): string[] {
  return [layout.twin, layout.recipe, layout.metadata, layout.evaluationJson, layout.evaluationHtml, ...Object.values(layout.documents), layout.auditResults];
}

/**
 * The atomic writers' temporary file for `path`: `.<name>.<pid>-<tag>.tmp` in the same folder
 * (hidden; same folder, so the final rename is atomic), tagged with the writing process.
 */
export function tempPathFor(path: string, pid: number, tag: string): string {
  return nodePath.join(nodePath.dirname(path), `.${nodePath.basename(path)}.${pid}-${tag}.tmp`);
}

/** The writing process of a temporary file name of `path` (see tempPathFor), else null. */
export function tempFileWriter(entry: string, path: string): { pid: number } | null {
  const prefix = `.${nodePath.basename(path)}.`;
  if (!entry.startsWith(prefix) || !entry.endsWith('.tmp')) return null;
  const m = /^(\d+)-[0-9a-z]+$/.exec(entry.slice(prefix.length, -'.tmp'.length));
  return m ? { pid: Number(m[1]) } : null;
}

/** True for any temporary or backup file name a pack listing must skip. */
export function isTempOrBackupName(name: string): boolean {
  return name.startsWith('.') || /\.tmp$|~$/.test(name);
}

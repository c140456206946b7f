import * as nodePath from 'node:path';
import {
  checkDataFolder, datasetFilesOf, type DatasetMetadata, isDatasetPath, type JobContext, type LinkedProfileOptions, profileLinkedDataset,
  readDatasetMetadata,
} from '../../core';

/** A linked dataset named on the command line: its metadata, and where its real tables are (when known). */
export interface DatasetInput {
  metadata: DatasetMetadata;
  /** The real dataset as the audit reads it (a folder or dataset.json), when the tables are at hand. */
  data?: string;
  /** The folder of the real table files. */
  dataDir?: string;
}

/**
 * The input as a linked dataset, or null for anything else (a data file, one table's metadata):
 * a folder or dataset.json is profiled (`twin profile <folder>` with the same options); a
 * metadata.json of several tables is read, its real tables in `dataFolder` when given.
 */
export async function datasetInputOf(input: string, dataFolder: string | undefined, options: LinkedProfileOptions, ctx: JobContext): Promise<DatasetInput | null> {
  const metadata = readDatasetMetadata(input);
  if (metadata) {
    if (dataFolder === undefined) return { metadata };
    const dir = checkDataFolder(dataFolder, metadata);
    return { metadata, data: dir, dataDir: dir };
  }
  if (!isDatasetPath(input)) return null;
  const files = datasetFilesOf(input);
  const profiled = await profileLinkedDataset(input, options, ctx);
  return { metadata: profiled.metadata, data: nodePath.resolve(input), dataDir: files.dir };
}

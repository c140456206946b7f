import type { JobContext } from '../context';
import { openDataset } from '../io';
import type { DatasetSource, ReadOptions } from '../io';
import { profileDataset } from './profileDataset';
import type { Profile, ProfileOptions } from './types';

/**
 * Opens a data file (delimited text, Parquet or Arrow) and profiles it.
 * @throws TwinError('input') when the file cannot be read.
 */
export async function profileFile(path: string, options: ProfileOptions & { read?: ReadOptions } = {}, ctx: JobContext = {}): Promise<{ source: DatasetSource; profile: Profile }> {
  const source = await openDataset(path, options.read);
  const profile = await profileDataset(source, options, ctx);
  return { source, profile };
}

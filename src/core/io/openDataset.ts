import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { inputError } from '../errors';
import { t } from '../l10n';
import { datasetNameOf } from '../paths';
import { openDelimited } from './readDelimited';
import { DEFAULT_MAX_COLUMNS, type DatasetSource, type ReadOptions } from './types';


/** Which reader a file needs: by magic bytes first (PAR1, ARROW1, IPC stream marker), then extension. */
async function formatOf(path: string, size: number): Promise<DatasetSource['format']> {
  const head = Buffer.alloc(Math.min(8, size));
  if (head.length > 0) {
    const fd = await fs.promises.open(path, 'r');
    try {
      await fd.read(head, 0, head.length, 0);
    } finally {
      await fd.close();
    }
  }
  const ext = nodePath.extname(path).toLowerCase();
  if (head.length >= 4 && head.toString('latin1', 0, 4) === 'PAR1') return 'parquet';
  if (head.length >= 6 && head.toString('latin1', 0, 6) === 'ARROW1') return 'arrow';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xffffffff && ['.arrow', '.arrows', '.ipc', '.feather'].includes(ext)) return 'arrow';
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  if (['.arrow', '.arrows', '.ipc', '.feather'].includes(ext)) return 'arrow';
  return 'delimited';
}

/**
 * Opens a dataset for streaming: delimited text (CSV/TSV/…; dialect and encoding sniffed,
 * overridable with `options`), Parquet or Arrow IPC/Feather (recognised by magic bytes or
 * extension). Nothing but the first bytes is read here; `batches()` streams the rows.
 * @throws inputError when the file is missing, a directory, unreadable, empty, binary or undecodable,
 *   has more columns than `options.maxColumns` (default 2,000), or two columns with one name.
 * @example const src = await openDataset('adult.csv'); src.columnNames.length // => 15
 */
export async function openDataset(path: string, options: ReadOptions = {}): Promise<DatasetSource> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw inputError(t('file not found'), { file: path });
    if (code === 'EACCES' || code === 'EPERM') throw inputError(t('cannot read the file (permission denied)'), { file: path });
    throw inputError(t('cannot read the file ({0})', code ?? (e as Error).message), { file: path });
  }
  if (stat.isDirectory()) throw inputError(t('is a directory, not a data file'), { file: path });
  if (!stat.isFile()) throw inputError(t('is not a regular file'), { file: path });
  try {
    await fs.promises.access(path, fs.constants.R_OK);
  } catch {
    throw inputError(t('cannot read the file (permission denied)'), { file: path });
  }
  if (stat.size === 0) throw inputError(t('empty file'), { file: path });
  const name = datasetNameOf(path);
  const format = await formatOf(path, stat.size);
  // The Parquet and Arrow readers (and their libraries) are loaded only for such a file.
  const source = format === 'parquet' ? await (await import('./readParquet')).openParquet(path, name, stat.size)
    : format === 'arrow' ? await (await import('./readArrow')).openArrow(path, name, stat.size)
    : await openDelimited(path, name, stat.size, options);
  const maxColumns = options.maxColumns ?? DEFAULT_MAX_COLUMNS;
  if (source.columnNames.length > maxColumns) {
    throw inputError(t('has {0} columns, more than the limit of {1} (raise the column limit)', source.columnNames.length.toLocaleString('en-GB'), maxColumns.toLocaleString('en-GB')), { file: path });
  }
  // Columns are found by name everywhere downstream (metadata, recipes, evaluation), so two
  // columns with one name would silently be confused: refuse, naming both positions.
  const seen = new Map<string, number>();
  for (let j = 0; j < source.columnNames.length; j++) {
    const n = source.columnNames[j];
    const before = seen.get(n);
    if (before !== undefined) throw inputError(t('duplicate column name (columns {0} and {1} are both called {2}); rename one', before + 1, j + 1, JSON.stringify(n)), source.format === 'delimited' ? { file: path, row: 1 } : { file: path });
    seen.set(n, j);
  }
  return source;
}

// Writes a wide benchmark CSV: `columns` number columns × `rows` rows, in groups of 10 columns
// that share one factor (r ≈ 0.8 within a group, independent across groups), deterministic from
// the seed, written atomically. Reused when already there.
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A seeded standard-normal stream (Box–Muller over xorshift32); the bench never uses Math.random. */
function normals(seed) {
  let s = (seed >>> 0) || 1;
  const u = () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return (s + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

export async function ensureWideCsv(dir, columns, rows, seed = 1) {
  const path = join(dir, `wide_${columns}x${rows}.csv`);
  if (existsSync(path)) return path;
  await mkdir(dir, { recursive: true });
  const z = normals(seed);
  const lines = [Array.from({ length: columns }, (_, j) => `c${j}`).join(',')];
  for (let r = 0; r < rows; r++) {
    const cells = new Array(columns);
    let factor = 0;
    for (let j = 0; j < columns; j++) {
      if (j % 10 === 0) factor = z();
      cells[j] = (0.9 * factor + 0.45 * z()).toFixed(3);
    }
    lines.push(cells.join(','));
  }
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, lines.join('\n') + '\n');
  await rename(tmp, path);
  return path;
}

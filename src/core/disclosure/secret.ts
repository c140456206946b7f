import { createHmac, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { inputError } from '../errors';
import { t } from '../l10n';

/** Environment variable naming the secret key file (tests, or a TRE that keeps keys elsewhere). */
export const SECRET_FILE_ENV = 'TWIN_SECRET_FILE';

/**
 * Where the TRE's secret key lives by default: the user's config folder (`%APPDATA%` on Windows,
 * `~/Library/Application Support` on macOS, `$XDG_CONFIG_HOME` or `~/.config` elsewhere), under
 * `synthetic-twin/secret.key`. It never leaves the TRE: nothing released contains it.
 */
export function defaultSecretPath(): string {
  const home = os.homedir();
  const base = process.platform === 'win32'
    ? process.env.APPDATA ?? nodePath.join(home, 'AppData', 'Roaming')
    : process.platform === 'darwin'
      ? nodePath.join(home, 'Library', 'Application Support')
      : process.env.XDG_CONFIG_HOME ?? nodePath.join(home, '.config');
  return nodePath.join(base, 'synthetic-twin', 'secret.key');
}

const cache = new Map<string, Buffer>();

/**
 * The TRE's secret (32 random bytes), created on first use with mode 0600 (exclusive create, so two
 * processes starting together agree on one key). Keys every fingerprint and every record key that
 * disclosure control derives from real data: without it nobody can test a guess against a
 * released figure. `TWIN_SECRET_FILE` overrides the path.
 * @throws TwinError('input') when the key file cannot be read or created.
 */
export function treSecret(): Buffer {
  const file = process.env[SECRET_FILE_ENV] || defaultSecretPath();
  const known = cache.get(file);
  if (known) return known;
  let key: Buffer;
  try {
    key = fs.readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw inputError(t('cannot read the secret key ({0})', String((e as NodeJS.ErrnoException).code)), { file }, e);
    try {
      fs.mkdirSync(nodePath.dirname(file), { recursive: true, mode: 0o700 });
      fs.writeFileSync(file, randomBytes(32), { flag: 'wx', mode: 0o600 });
    } catch (w) {
      if ((w as NodeJS.ErrnoException).code !== 'EEXIST') throw inputError(t('cannot create the secret key ({0})', String((w as NodeJS.ErrnoException).code)), { file }, w);
    }
    key = fs.readFileSync(file);
  }
  if (key.length < 16) throw inputError(t('the secret key file holds fewer than 16 bytes'), { file });
  cache.set(file, key);
  return key;
}

/** HMAC-SHA-256 of `message` under the TRE secret, hex. */
export function keyedDigest(message: string): string {
  return createHmac('sha256', treSecret()).update(message).digest('hex');
}

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Embedded mode only: the secret is generated once and kept beside the database, readable by the
 * owner alone, so restarts keep sessions and keyed hashes valid. Production passes SSPR_SECRET.
 */
export const loadOrCreateSecret = (path: string): { secret: string; created: boolean } => {
  if (existsSync(path)) return { secret: readFileSync(path, 'utf8').trim(), created: false };
  mkdirSync(dirname(path), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return { secret, created: true };
};

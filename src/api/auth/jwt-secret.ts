import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AUTH_LIMITS } from './limits.js';

/**
 * The key that signs API tokens: `DECNET_JWT_SECRET` when set, else 32 random bytes kept in
 * `<home>/keys/api-jwt.key` (created once, mode 0600), so tokens survive a restart.
 */
export function loadJwtSecret(file: string, fromEnv: string | undefined): Uint8Array {
  if (fromEnv !== undefined && fromEnv !== '') {
    if (Buffer.byteLength(fromEnv) < AUTH_LIMITS.minSecretBytes) {
      throw new Error(
        `DECNET_JWT_SECRET is too short: use at least ${AUTH_LIMITS.minSecretBytes} characters`,
      );
    }
    return new Uint8Array(Buffer.from(fromEnv));
  }
  try {
    const key = readFileSync(file);
    if (key.length >= AUTH_LIMITS.minSecretBytes) return new Uint8Array(key);
    throw new Error(
      `${file} holds ${key.length} bytes, fewer than ${AUTH_LIMITS.minSecretBytes}: delete it to make a new one`,
    );
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(AUTH_LIMITS.minSecretBytes);
  try {
    // `wx`: if another process created it first, use theirs.
    writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
    return new Uint8Array(key);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return new Uint8Array(readFileSync(file));
    throw err;
  }
}

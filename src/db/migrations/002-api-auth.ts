import type { Migration } from './migration.js';

/**
 * Revoked API tokens (logout), by token id, until they would have expired anyway; the expiry index lets
 * the API purge them cheaply. Users already exist since 001.
 */
export const apiAuth: Migration = {
  version: 2,
  name: 'api-auth',
  sqlite: [
    `CREATE TABLE revoked_tokens (
      jti TEXT PRIMARY KEY,
      user_uuid TEXT NOT NULL,
      expires_at TEXT NOT NULL
    )`,
    'CREATE INDEX revoked_tokens_expires_at ON revoked_tokens (expires_at)',
  ],
  postgres: [
    `CREATE TABLE revoked_tokens (
      jti TEXT PRIMARY KEY,
      user_uuid TEXT NOT NULL,
      expires_at TIMESTAMPTZ NOT NULL
    )`,
    'CREATE INDEX revoked_tokens_expires_at ON revoked_tokens (expires_at)',
  ],
};

import type { Migration } from './migration.js';

/**
 * A batch's `credential.captured` events kept compactly beside its other events: each credential's key
 * and its attempts in the batch, the relay building the rest of each event from the credential's row
 * when it publishes. Written whole, they were the outbox's bulk: about 370 bytes for each credential a
 * batch touched, 26 MB of a 189 MB database after importing 200k reference lines, rewritten by the
 * commit and again by the checkpoint.
 */
export const outboxCredentialEvents: Migration = {
  version: 5,
  name: 'outbox-credential-events',
  sqlite: ['ALTER TABLE outbox ADD COLUMN credential_events TEXT'],
  postgres: ['ALTER TABLE outbox ADD COLUMN credential_events json'],
};

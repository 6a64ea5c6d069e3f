import type { Migration } from './migration.js';

/**
 * The outbox's events as `json` rather than `jsonb` on PostgreSQL. Each ingest batch writes one row
 * holding every event of the batch (about 1.8 MB for 8,000 lines), inside the commit, which is an
 * import's serial part; the row is read back whole once by the relay and deleted, never searched, so
 * jsonb's binary form bought nothing and cost a full parse and rebuild of that text on every batch
 * (25 such rows: 2.0-2.2 s as jsonb, 0.8-1.1 s as json). SQLite keeps JSON as TEXT already.
 */
export const outboxJson: Migration = {
  version: 4,
  name: 'outbox-json',
  sqlite: [],
  postgres: ['ALTER TABLE outbox ALTER COLUMN events TYPE json USING events::json'],
};

import type { Database } from '../connection.js';
import type { IngestStore } from './ingest-tx.js';
import { postgresIngestStore } from './postgres.js';
import { sqliteIngestStore } from './sqlite.js';

export type * from './ingest-tx.js';

export function ingestStore(database: Database): IngestStore {
  return database.dialect === 'sqlite' ? sqliteIngestStore(database) : postgresIngestStore(database);
}

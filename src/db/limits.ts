/** Database limits and timings, in one place. */
export const DB_LIMITS = {
  /** SQLite waits this long for another writer (a CLI import, the API) before failing a write. */
  sqliteBusyTimeoutMs: 30_000,
  /** Page cache per SQLite connection: an ingest batch touches index pages all over; 64 MiB keeps them. */
  sqliteCacheKiB: 65_536,
  /**
   * WAL pages before SQLite copies them into the database file. The default (1000 pages, 4 MiB)
   * checkpoints several times a second under bulk ingest; 16384 (64 MiB) checkpoints a few times a
   * minute and bounds the WAL file at roughly that size.
   */
  sqliteWalCheckpointPages: 16_384,
  /** PostgreSQL pool size: the ingester, the API and workers share it; 2 cores do not need more. */
  pgPoolSize: 10,
  /** One connection attempt to PostgreSQL. */
  pgConnectAttemptTimeoutMs: 5_000,
  /** Total time `openDatabase` keeps retrying an unreachable PostgreSQL before it gives up. */
  pgConnectTimeoutMs: 60_000,
  /** Backoff between attempts: doubling from 1 s up to 15 s, so an outage logs a handful of lines. */
  pgRetryInitialMs: 1_000,
  pgRetryMaxMs: 15_000,
} as const;

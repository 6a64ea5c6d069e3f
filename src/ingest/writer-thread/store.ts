import type { DbTarget } from '../../config/urls.js';
import type { IngestStore } from '../../db/ingest/ingest-tx.js';

/**
 * The writer's SQLite page cache. Batches append to the end of the tables and indexes, so a few MiB of
 * hot pages are all it needs; a larger cache only grows resident memory during a big import.
 */
const WRITER_CACHE_KIB = 16 * 1024;

/**
 * A connection of its own for a thread that writes ingest batches, loading only the driver of its
 * dialect (no query builder), which keeps each thread's copy of the runtime small. On SQLite the
 * connection never checkpoints: a checkpointer thread does that beside it (see storeSink), or the
 * import threads between their commits.
 */
export async function openIngestStore(
  target: DbTarget,
  { cacheKiB = WRITER_CACHE_KIB }: { cacheKiB?: number } = {},
): Promise<IngestStore> {
  if (target.kind === 'sqlite') {
    const [{ openSqliteHandle }, { sqliteIngestStore }] = await Promise.all([
      import('../../db/sqlite-handle.js'),
      import('../../db/ingest/sqlite.js'),
    ]);
    return sqliteIngestStore(
      openSqliteHandle(target.file, { cacheKiB, autoCheckpoint: false, tempInMemory: true }),
    );
  }
  const [{ openPostgresPool }, { postgresIngestStore }] = await Promise.all([
    import('../../db/postgres-pool.js'),
    import('../../db/ingest/postgres.js'),
  ]);
  return postgresIngestStore(await openPostgresPool(target.url));
}

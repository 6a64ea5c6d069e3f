/**
 * The ingest writer thread: owns its own connection to the database and applies planned batches one at
 * a time, each in one transaction. It loads only the driver of its dialect (no query builder), which
 * keeps this second copy of the runtime small.
 */
import { randomUUID } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import type { IngestStore } from '../../db/ingest/ingest-tx.js';
import { applyPlan } from '../apply.js';
import type { ApplyRequest, ApplyResponse, WriterData } from './protocol.js';

const { target } = workerData as WriterData;
const port = parentPort!;

async function openStore(): Promise<IngestStore> {
  if (target.kind === 'sqlite') {
    const [{ openSqliteHandle }, { sqliteIngestStore }] = await Promise.all([
      import('../../db/sqlite-handle.js'),
      import('../../db/ingest/sqlite.js'),
    ]);
    return sqliteIngestStore(openSqliteHandle(target.file, WRITER_CACHE_KIB));
  }
  const [{ openPostgresPool }, { postgresIngestStore }] = await Promise.all([
    import('../../db/postgres-pool.js'),
    import('../../db/ingest/postgres.js'),
  ]);
  return postgresIngestStore(await openPostgresPool(target.url));
}

/**
 * The writer's SQLite page cache. Batches append to the end of the tables and indexes, so a few MiB of
 * hot pages are all it needs; a larger cache only grows resident memory during a big import.
 */
const WRITER_CACHE_KIB = 16 * 1024;

const store = await openStore();

let queue: Promise<void> = Promise.resolve();
port.on('message', (request: ApplyRequest) => {
  queue = queue.then(async () => {
    let response: ApplyResponse;
    try {
      const result = await store.transaction((tx) => applyPlan(tx, request.plan, randomUUID));
      response = { id: request.id, ok: true, result };
    } catch (err) {
      response = { id: request.id, ok: false, error: (err as Error).message };
    }
    port.postMessage(response);
  });
});
port.postMessage({ ready: true });

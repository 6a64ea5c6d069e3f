/**
 * The ingest writer thread: owns its own connection to the database and applies planned batches one at
 * a time, each in one transaction. It loads only the driver of its dialect (no query builder), which
 * keeps this second copy of the runtime small.
 */
import { randomUUID } from 'node:crypto';
import { parentPort, type Worker, workerData } from 'node:worker_threads';
import type { IngestStore } from '../../db/ingest/ingest-tx.js';
import { applyPlan } from '../apply.js';
import type { BatchPlan } from '../plan.js';
import type { ApplyRequest, ApplyResponse, CheckpointerData, WriterData } from './protocol.js';
import { startThread, threadModule } from './spawn.js';

const { target } = workerData as WriterData;
const port = parentPort!;

async function openStore(): Promise<IngestStore> {
  if (target.kind === 'sqlite') {
    const [{ openSqliteHandle }, { sqliteIngestStore }] = await Promise.all([
      import('../../db/sqlite-handle.js'),
      import('../../db/ingest/sqlite.js'),
    ]);
    startCheckpointer(target.file);
    return sqliteIngestStore(
      openSqliteHandle(target.file, { cacheKiB: WRITER_CACHE_KIB, autoCheckpoint: false }),
    );
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

/**
 * Roughly how much a batch adds to the write-ahead log: its log text, counted twice for the indexes,
 * the other tables and page overhead. Only needs to be proportional, to pace checkpoints.
 */
function walGrowth(plan: BatchPlan): number {
  return plan.logs.text.byteLength * 2;
}

/** A checkpoint is asked for each time about this much has been written since the last one. */
const CHECKPOINT_EVERY_BYTES = 32 * 1024 * 1024;

let checkpointer: Worker | null = null;
let writtenSinceCheckpoint = 0;

function startCheckpointer(file: string): void {
  checkpointer = startThread(threadModule('checkpointer'), { file } satisfies CheckpointerData);
  // A checkpointer that fails leaves the log to grow until the writer's connection closes and
  // checkpoints it; the ingest itself goes on.
  checkpointer.on('error', () => {
    checkpointer = null;
  });
}

function afterCommit(plan: BatchPlan): void {
  if (!checkpointer) return;
  writtenSinceCheckpoint += walGrowth(plan);
  if (writtenSinceCheckpoint < CHECKPOINT_EVERY_BYTES) return;
  writtenSinceCheckpoint = 0;
  checkpointer.postMessage('checkpoint');
}

const store = await openStore();

let queue: Promise<void> = Promise.resolve();
port.on('message', (request: ApplyRequest) => {
  queue = queue.then(async () => {
    let response: ApplyResponse;
    try {
      const result = await store.transaction((tx) => applyPlan(tx, request.plan, randomUUID));
      response = { id: request.id, ok: true, result };
      afterCommit(request.plan);
    } catch (err) {
      response = { id: request.id, ok: false, error: (err as Error).message };
    }
    port.postMessage(response);
  });
});
port.postMessage({ ready: true });

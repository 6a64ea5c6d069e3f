import { randomUUID } from 'node:crypto';
import type { Database } from '../db/connection.js';
import { ingestStore } from '../db/ingest/index.js';
import type { IngestStore } from '../db/ingest/ingest-tx.js';
import { applyPlan, type BatchResult } from './apply.js';
import type { BatchPlan } from './plan.js';
import { WriterThread } from './writer-thread/client.js';

/** Where planned batches are written, each in one transaction with its cursor. */
export interface BatchSink {
  apply(plan: BatchPlan): Promise<BatchResult>;
  getState(key: string): Promise<unknown>;
  close(): Promise<void>;
}

/** Writes on the calling thread (tests of the write path without a thread). */
export function inThreadSink(store: IngestStore, newId: () => string = randomUUID): BatchSink {
  return {
    apply: (plan) => store.transaction((tx) => applyPlan(tx, plan, newId)),
    getState: (key) => store.getState(key),
    close: async () => {},
  };
}

/**
 * The sink for a database: writes happen on a thread of their own, with its own connection. SQLite
 * works synchronously and a large batch would otherwise stall the event loop that also serves every
 * decky's sockets; on both dialects the next batch is planned while this one is written.
 */
export function ingestSink(database: Database): BatchSink {
  const store = ingestStore(database);
  const thread = new WriterThread(database.target);
  return {
    apply: (plan) => thread.apply(plan),
    getState: (key) => store.getState(key),
    close: () => thread.close(),
  };
}

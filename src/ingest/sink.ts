import type { Database } from '../db/connection.js';
import { getState } from '../db/repositories/state.js';
import type { BatchResult } from './apply.js';
import type { BatchPlan } from './plan.js';
import { WriterThread } from './writer-thread/client.js';

/** Where planned batches are written, each in one transaction with its cursor. */
export interface BatchSink {
  apply(plan: BatchPlan): Promise<BatchResult>;
  /** A committed cursor (or any state value), read through the caller's own connection. */
  getState(key: string): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * The sink for a database: writes happen on a thread of their own, with its own connection. SQLite
 * works synchronously and a large batch would otherwise stall the event loop that also serves every
 * decky's sockets; on both dialects the next batch is planned while this one is written.
 */
export function ingestSink(database: Database): BatchSink {
  const thread = new WriterThread(database.target);
  thread.warmUp();
  return {
    apply: (plan) => thread.apply(plan),
    getState: (key) => getState(database, key),
    close: () => thread.close(),
  };
}

import { randomUUID } from 'node:crypto';
import type { DbTarget } from '../config/urls.js';
import { applyPlan, type BatchResult } from './apply.js';
import type { BatchPlan } from './plan.js';
import { Checkpoints, walGrowth } from './writer-thread/checkpoints.js';
import { openIngestStore } from './writer-thread/store.js';

/** Where planned batches are written, each in one transaction with its cursor. */
export interface BatchSink {
  apply(plan: BatchPlan): Promise<BatchResult>;
  close(): Promise<void>;
}

/**
 * Writes batches on the calling thread, with a connection of its own that loads no query builder (see
 * openIngestStore). On SQLite a checkpointer thread copies the write-ahead log back into the database
 * beside the writes, so that commits never wait for its disk syncs. Batches commit one at a time, in
 * the order they were handed over.
 */
export async function storeSink(target: DbTarget): Promise<BatchSink> {
  const store = await openIngestStore(target);
  const checkpoints = target.kind === 'sqlite' ? new Checkpoints(target.file) : null;
  // One transaction at a time, in the order asked: a caller may hand over the next batch before the
  // last one committed (Ingester.drain plans ahead), and the connection holds one transaction.
  let last: Promise<unknown> = Promise.resolve();
  return {
    apply(plan) {
      const applied = last.then(async () => {
        const result = await store.transaction((tx) => applyPlan(tx, plan, randomUUID));
        checkpoints?.committed(walGrowth(plan));
        return result;
      });
      last = applied.catch(() => undefined);
      return applied;
    },
    async close() {
      await last;
      await checkpoints?.close();
      await store.close();
    },
  };
}

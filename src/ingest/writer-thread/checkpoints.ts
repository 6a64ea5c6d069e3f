import type { Worker } from 'node:worker_threads';
import type { BatchPlan } from '../plan.js';
import type { CheckpointerData } from './protocol.js';
import { startThread, threadModule } from './spawn.js';

/**
 * Roughly how much a batch adds to the write-ahead log: its log text, counted twice for the indexes,
 * the other tables and page overhead. Only needs to be proportional, to pace checkpoints.
 */
export function walGrowth(plan: BatchPlan): number {
  return plan.logs.text.byteLength * 2;
}

/** A checkpoint is asked for each time about this much has been written since the last one. */
export const CHECKPOINT_EVERY_BYTES = 32 * 1024 * 1024;

/**
 * Paces the checkpoints of a SQLite database written by connections that do not checkpoint themselves:
 * told how much each commit wrote, it asks the checkpointer thread to copy the log back into the
 * database every CHECKPOINT_EVERY_BYTES.
 */
export class Checkpoints {
  private thread: Worker | null;
  private sinceLast = 0;

  constructor(file: string) {
    this.thread = startThread(threadModule('checkpointer'), { file } satisfies CheckpointerData);
    // A checkpointer that fails leaves the log to grow until the writer's connection closes and
    // checkpoints it; the ingest itself goes on.
    this.thread.on('error', () => {
      this.thread = null;
    });
  }

  committed(walBytes: number): void {
    if (!this.thread) return;
    this.sinceLast += walBytes;
    if (this.sinceLast < CHECKPOINT_EVERY_BYTES) return;
    this.sinceLast = 0;
    this.thread.postMessage('checkpoint');
  }

  async close(): Promise<void> {
    const thread = this.thread;
    this.thread = null;
    await thread?.terminate();
  }
}

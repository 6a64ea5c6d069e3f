import type { Worker } from 'node:worker_threads';
import type { IngestTotals } from '../ingester.js';
import { startThread, threadModule } from '../writer-thread/spawn.js';
import type { ImportBegin, ImportData, ImportOutcome } from './protocol.js';

/**
 * The import thread's heap. Its live data is a few batches (well under 32 MiB); a small young
 * generation makes the chunk-by-chunk garbage of planning die there, and the old-generation cap makes
 * V8 collect rather than grow. Measured in bench/ingest.ts (peak resident memory of a 1M-line import).
 */
export const IMPORT_THREAD_LIMITS = {
  maxOldGenerationSizeMb: 96,
  maxYoungGenerationSizeMb: 16,
} as const;

/**
 * A file import on a thread of its own. Started first, so that the thread loads its modules while the
 * main thread migrates the database; `run` then gives it the resume point and resolves with the totals.
 */
export class ImportThread {
  private readonly worker: Worker;
  private readonly outcome: Promise<IngestTotals>;

  constructor(data: ImportData) {
    this.worker = startThread(threadModule('thread', import.meta.url), data, IMPORT_THREAD_LIMITS);
    const worker = this.worker;
    this.outcome = new Promise((resolve, reject) => {
      let settled = false;
      worker.once('message', (outcome: ImportOutcome) => {
        settled = true;
        if (outcome.ok) resolve(outcome.totals);
        else reject(new Error(outcome.error));
      });
      worker.once('error', (err) => {
        settled = true;
        reject(err);
      });
      worker.once('exit', (code) => {
        if (!settled) reject(new Error(`the import thread exited (code ${code}) before it finished`));
      });
    });
    // Observed now: a thread that fails while the database is still being migrated is not "unhandled".
    this.outcome.catch(() => undefined);
  }

  run(offset: number): Promise<IngestTotals> {
    this.worker.postMessage({ offset } satisfies ImportBegin);
    return this.outcome;
  }

  /** Stops the thread when the import cannot begin (the database could not be opened). */
  async cancel(): Promise<void> {
    await this.worker.terminate();
  }
}

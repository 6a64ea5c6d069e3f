import type { Worker } from 'node:worker_threads';
import type { IngestTotals } from '../ingester.js';
import { startThread, threadModule } from '../writer-thread/spawn.js';
import type { ImportBegin, ImportData, ImportOutcome } from './protocol.js';

/**
 * The import thread's heap. Its live data is a few batches (well under 64 MiB). Uncapped, V8 lets the
 * garbage of planning grow the heap to ~200 MiB before collecting it; capped, it collects sooner. A
 * tighter cap costs time: on bench/ingest.ts, 96/16 gave 300 MB but a 200k-line import 25% slower,
 * 128/32 the same speed as uncapped at ~350 MB for 1M lines (uncapped: 470-500 MB).
 */
export const IMPORT_THREAD_LIMITS = {
  maxOldGenerationSizeMb: 128,
  maxYoungGenerationSizeMb: 32,
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

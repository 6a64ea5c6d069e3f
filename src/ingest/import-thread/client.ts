import type { Worker } from 'node:worker_threads';
import type { IngestTotals } from '../ingester.js';
import { startThread, threadModule } from '../writer-thread/spawn.js';
import type { ImportBegin, ImportData, ImportOutcome } from './protocol.js';
import { BatchTurns } from './turns.js';

/**
 * Threads an import runs on. Each reads, plans and writes every other batch, so the two cores each
 * plan and write with no batch copied between threads (a planner thread handing plans to a writer
 * thread spent about a second of 200k lines' import copying them).
 */
export const IMPORT_THREADS = 2;

/**
 * Each import thread's heap. Planning garbage dies young; what outlives a young collection is the
 * batch being planned or written. A 12 MiB young generation gives two 4 MiB semi-spaces: 8 MiB of new
 * space instead of 32 (which 32 MiB gives), so a 1M-line import peaks under 200 MB (about 190 MB
 * against 255-265), at the price of more frequent young collections: the 200k import takes about a
 * tenth longer (see the README's performance section).
 */
export const IMPORT_THREAD_LIMITS = {
  maxOldGenerationSizeMb: 128,
  maxYoungGenerationSizeMb: 12,
} as const;

export type ImportOptions = Omit<ImportData, 'index' | 'threads' | 'turns'>;

/**
 * A file import on threads of its own. Started first, so that the threads load their modules while the
 * main thread migrates the database; `run` then gives them the resume point and resolves with the
 * totals, or rejects with the first batch that failed (every batch before it is stored).
 */
export class ImportThreads {
  private readonly turns = BatchTurns.create();
  private readonly workers: Worker[] = [];
  private readonly outcome: Promise<IngestTotals>;

  constructor(options: ImportOptions) {
    const module = threadModule('thread', import.meta.url);
    for (let index = 0; index < IMPORT_THREADS; index++) {
      const data: ImportData = { ...options, index, threads: IMPORT_THREADS, turns: this.turns };
      this.workers.push(startThread(module, data, IMPORT_THREAD_LIMITS));
    }
    this.outcome = this.collect();
    // Observed now: a thread that fails while the database is still being migrated is not "unhandled".
    this.outcome.catch(() => undefined);
  }

  run(offset: number): Promise<IngestTotals> {
    new BatchTurns(this.turns).startAt(offset);
    for (const worker of this.workers) worker.postMessage({ begin: true } satisfies ImportBegin);
    return this.outcome;
  }

  /** Stops the threads when the import cannot begin (the database could not be opened). */
  async cancel(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private async collect(): Promise<IngestTotals> {
    const outcomes = await Promise.allSettled(this.workers.map((w) => this.share(w)));
    await this.cancel();
    const failed = outcomes.find((o) => o.status === 'rejected');
    if (failed) throw failed.reason;
    const totals: IngestTotals = { read: 0, stored: 0, deadLettered: 0, batches: 0 };
    for (const o of outcomes) {
      if (o.status !== 'fulfilled') continue;
      totals.read += o.value.read;
      totals.stored += o.value.stored;
      totals.deadLettered += o.value.deadLettered;
      totals.batches += o.value.batches;
    }
    return totals;
  }

  /** What one thread stored; a thread that fails or dies stops the others at their next turn. */
  private share(worker: Worker): Promise<IngestTotals> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (err: Error) => {
        settled = true;
        new BatchTurns(this.turns).fail();
        reject(err);
      };
      worker.once('message', (outcome: ImportOutcome) => {
        if (outcome.ok) {
          settled = true;
          resolve(outcome.totals);
        } else fail(new Error(outcome.error));
      });
      worker.once('error', fail);
      worker.once('exit', (code) => {
        if (!settled) fail(new Error(`an import thread exited (code ${code}) before it finished`));
      });
    });
  }
}

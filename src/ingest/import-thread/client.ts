import type { Worker } from 'node:worker_threads';
import type { IngestTotals } from '../ingester.js';
import { CHECKPOINT_EVERY_BYTES } from '../writer-thread/checkpoints.js';
import { startThread, threadModule } from '../writer-thread/spawn.js';
import type { ImportBegin, ImportJob, ImportMessage, ImportThreadData } from './protocol.js';
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

export interface ImportOptions extends Omit<ImportJob, 'checkpointEveryBytes'> {
  /** How the write-ahead log is kept short on SQLite; the defaults suit any import (tests shrink them). */
  log?: { checkpointEveryBytes: number; restartAtBytes: number };
}

/**
 * How long the write-ahead log may grow before the import threads start it over, with a checkpoint
 * inside a commit turn (see the import thread). That checkpoint is part of the import's serial work,
 * the other thread waiting on it, so it is worth doing rarely; until then the log costs disk, not time.
 * Starting it over after every checkpoint, which kept it under about 130 MB, made a 1M-line import
 * about 8 % slower than this, which lets it reach about 300 MB (5 of 5 interleaved pairs; no difference
 * at 200k lines).
 */
const RESTART_LOG_AT_BYTES = 192 * 1024 * 1024;

const LOG_PACING = { checkpointEveryBytes: CHECKPOINT_EVERY_BYTES, restartAtBytes: RESTART_LOG_AT_BYTES };

/** The main thread's checkpoints read pages straight from the log; they need almost no cache. */
const CHECKPOINT_CACHE_KIB = 1024;

/**
 * A file import on threads of its own. Started first, before the command has even read its settings:
 * a thread takes about as long to load its modules as the command's own start-up and the database's
 * migration. `run` then gives them the import and its resume point, and resolves with the totals, or
 * rejects with the first batch that failed (every batch before it is stored).
 *
 * On SQLite the main thread, otherwise idle, checkpoints the write-ahead log when a thread asks: a
 * checkpoint ends in disk syncs (about half a second of the 200k-line import's in all), which the
 * threads, each planning or writing all the time, would otherwise sit out.
 */
export class ImportThreads {
  /** Shared with the threads; `turns` is this thread's view of it. */
  private readonly turnsBuffer = BatchTurns.create();
  private readonly turns = new BatchTurns(this.turnsBuffer);
  private readonly workers: Worker[] = [];
  private readonly outcome: Promise<IngestTotals>;
  private checkpointer: { checkpoint(): number | null; close(): void } | null = null;

  private restartLogAtBytes = RESTART_LOG_AT_BYTES;

  constructor() {
    const module = threadModule('thread', import.meta.url);
    for (let index = 0; index < IMPORT_THREADS; index++) {
      const data: ImportThreadData = { index, threads: IMPORT_THREADS, turns: this.turnsBuffer };
      this.workers.push(startThread(module, data, IMPORT_THREAD_LIMITS));
    }
    this.outcome = this.collect();
    // Observed now: a thread that fails while the database is still being migrated is not "unhandled".
    this.outcome.catch(() => undefined);
  }

  async run({ log = LOG_PACING, ...options }: ImportOptions, offset: number): Promise<IngestTotals> {
    const { target } = options;
    this.restartLogAtBytes = log.restartAtBytes;
    if (target.kind === 'sqlite') {
      const { openSqliteHandle, checkpointLog } = await import('../../db/sqlite-handle.js');
      const handle = openSqliteHandle(target.file, { cacheKiB: CHECKPOINT_CACHE_KIB, autoCheckpoint: false });
      this.checkpointer = { checkpoint: () => checkpointLog(handle), close: () => handle.close() };
    }
    this.turns.startAt(offset);
    // The threads share the pace: each asks after its share of what one checkpoint copies.
    const job: ImportJob = { ...options, checkpointEveryBytes: log.checkpointEveryBytes / IMPORT_THREADS };
    for (const worker of this.workers) worker.postMessage({ begin: job } satisfies ImportBegin);
    return this.outcome;
  }

  /** Stops the threads when the import does not happen here (handed over, or the database could not be opened). */
  async cancel(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    // The last connection to close copies what is left of the log into the database.
    this.checkpointer?.close();
    this.checkpointer = null;
  }

  /** A thread asked for a checkpoint: copy the log, and have it started over once it is long. */
  private checkpoint(): void {
    // Once a restart is asked for, the commit turn's checkpoint copies everything; one of ours running
    // then would only make it busy, putting the restart off turn after turn while the log grows.
    if (this.turns.logRestartRequested) return;
    const logBytes = this.checkpointer?.checkpoint() ?? null;
    if (logBytes !== null && logBytes >= this.restartLogAtBytes) this.turns.requestLogRestart();
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
        this.turns.fail();
        reject(err);
      };
      worker.on('message', (message: ImportMessage) => {
        if ('checkpoint' in message) {
          try {
            this.checkpoint();
          } catch {
            // A checkpoint that fails leaves the log to grow until the next one; the import goes on.
          }
        } else if (message.ok) {
          settled = true;
          resolve(message.totals);
        } else fail(new Error(message.error));
      });
      worker.once('error', fail);
      worker.once('exit', (code) => {
        if (!settled) fail(new Error(`an import thread exited (code ${code}) before it finished`));
      });
    });
  }
}

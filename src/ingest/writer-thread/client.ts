import { type Clock, isAbortError } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';
import type { BatchResult } from '../apply.js';
import type { IngestTotals } from '../ingester.js';
import { INGEST_LIMITS } from '../limits.js';
import { SPOOL_START, type SpoolPosition } from '../spool/position.js';
import type { TailData, TailReport, TailStop } from './protocol.js';
import { startThread, threadModule } from './spawn.js';

/**
 * The ingest thread's heap, sized as an import thread's (see IMPORT_THREAD_LIMITS): planning garbage
 * dies young, and what outlives a young collection is the batch being planned or written.
 */
export const INGEST_THREAD_LIMITS = {
  maxOldGenerationSizeMb: 128,
  maxYoungGenerationSizeMb: 12,
} as const;

/** How long a stopping thread may take to finish its batch before it is cut off (nothing of it commits). */
const STOP_GRACE_MS = 30_000;

export interface IngestThreadOptions {
  /** Where the thread reads and writes; it starts from the position given to `run`. */
  tail: Omit<TailData, 'start'>;
  clock: Clock;
  logger: Logger;
  /** Called on the main thread after each batch the thread committed, in commit order. */
  onCommitted(position: SpoolPosition, result: BatchResult): void;
}

/**
 * The main thread's handle on the ingest thread (thread.ts), which tails the spool into the database.
 * The main thread keeps only what the rest of the instance asks of the ingester: the committed position
 * and the running totals. A thread that dies is started again from the last committed position after
 * a pause that doubles up to INGEST_LIMITS.retryMaxMs, so no line is lost or stored twice.
 */
export class IngestThread {
  readonly totals: IngestTotals = { read: 0, stored: 0, deadLettered: 0, batches: 0 };
  private committed: SpoolPosition = SPOOL_START;

  constructor(private readonly opts: IngestThreadOptions) {}

  /** Runs the thread from `start` until `signal` aborts; resolves once the thread has stopped. */
  async run(start: SpoolPosition, signal: AbortSignal): Promise<void> {
    this.committed = start;
    let retryDelay: number = INGEST_LIMITS.retryInitialMs;
    while (!signal.aborted) {
      const batches = this.totals.batches;
      const failure = await this.runOnce(this.committed, signal);
      if (!failure) return;
      // A thread that committed something before it died starts the pauses over.
      if (this.totals.batches > batches) retryDelay = INGEST_LIMITS.retryInitialMs;
      this.opts.logger.error(
        { err: failure.message, retryInMs: retryDelay },
        'the ingest thread stopped; starting it again from the last committed position',
      );
      try {
        await this.opts.clock.sleep(retryDelay, signal);
      } catch (err) {
        if (isAbortError(err)) return;
        throw err;
      }
      retryDelay = Math.min(retryDelay * 2, INGEST_LIMITS.retryMaxMs);
    }
  }

  /** One thread's life: null once it stopped as asked, or what ended it. */
  private async runOnce(start: SpoolPosition, signal: AbortSignal): Promise<Error | null> {
    const { logger, onCommitted } = this.opts;
    const worker = startThread(
      threadModule('thread'),
      { ...this.opts.tail, start } satisfies TailData,
      INGEST_THREAD_LIMITS,
    );
    // The thread counts from zero: its totals add to what the threads before it stored.
    const before = { ...this.totals };
    let failure: Error | null = null;
    let stopped = false;
    worker.on('message', (report: TailReport) => {
      if ('committed' in report) {
        this.committed = report.committed;
        for (const key of TOTALS) this.totals[key] = before[key] + report.totals[key];
        onCommitted(report.committed, report.result);
      } else if ('log' in report) logger.error(report.fields, report.message);
      else stopped = true;
    });
    worker.on('error', (err) => {
      failure ??= err;
    });
    // Not events.once: it rejects on the 'error' that comes before 'exit', which is handled above.
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    let cutOff: NodeJS.Timeout | undefined;
    const stop = () => {
      worker.postMessage({ stop: true } satisfies TailStop);
      cutOff = setTimeout(() => void worker.terminate(), STOP_GRACE_MS);
    };
    signal.addEventListener('abort', stop, { once: true });
    if (signal.aborted) stop();
    try {
      await exited;
    } finally {
      clearTimeout(cutOff);
      signal.removeEventListener('abort', stop);
    }
    if (stopped) return null;
    return failure ?? new Error('the ingest thread exited before it was asked to stop');
  }
}

const TOTALS = ['read', 'stored', 'deadLettered', 'batches'] as const;

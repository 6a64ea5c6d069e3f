import type { Worker } from 'node:worker_threads';
import type { DbTarget } from '../../config/urls.js';
import type { BatchResult } from '../apply.js';
import type { BatchPlan } from '../plan.js';
import type { ApplyRequest, ApplyResponse, WriterData } from './protocol.js';
import { startThread, threadModule } from './spawn.js';

/**
 * The writer's heap. It holds the batch being applied and the one queued behind it (their log text is
 * off the heap, in a transferred buffer); capped, V8 collects the garbage of decoding and binding each
 * batch instead of letting it grow the heap for minutes. Sized as the import thread's (see there).
 */
export const WRITER_THREAD_LIMITS = {
  maxOldGenerationSizeMb: 128,
  maxYoungGenerationSizeMb: 32,
} as const;

interface Pending {
  resolve: (r: BatchResult) => void;
  reject: (e: Error) => void;
}

/**
 * The main thread's handle on the ingest writer thread. The thread starts on first use and again after
 * it died (a failed batch is reported to the caller, who retries it: its transaction never committed).
 */
export class WriterThread {
  private worker: Worker | null = null;
  /** The worker once it said it is ready. */
  private started: Worker | null = null;
  private ready: Promise<void> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly inflight = new Set<Promise<BatchResult>>();

  constructor(private readonly target: DbTarget) {}

  apply(plan: BatchPlan): Promise<BatchResult> {
    const id = this.nextId++;
    const result = new Promise<BatchResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Posted now when the thread is up, not after an await: the caller goes straight on to plan the
      // next batch, and the thread should be writing this one meanwhile.
      // The log text buffer is transferred, not copied: the plan is the writer's from now on.
      const transfer = [plan.logs.text.buffer as ArrayBuffer];
      if (this.started) this.started.postMessage({ id, plan } satisfies ApplyRequest, transfer);
      else
        this.start().then(
          (worker) => worker.postMessage({ id, plan } satisfies ApplyRequest, transfer),
          (err: Error) => {
            this.pending.delete(id);
            reject(err);
          },
        );
    });
    this.inflight.add(result);
    const forget = () => this.inflight.delete(result);
    result.then(forget, forget);
    return result;
  }

  /**
   * Starts the thread now rather than on the first batch, so its start-up (loading the driver, opening
   * the database) overlaps with reading and planning that batch. A failure here shows on first use.
   */
  warmUp(): void {
    this.start().catch(() => undefined);
  }

  async close(): Promise<void> {
    // Batches already handed over finish first: a clean shutdown never cuts a transaction.
    await Promise.allSettled([...this.inflight]);
    const worker = this.worker;
    this.worker = null;
    this.ready = null;
    this.started = null;
    await worker?.terminate();
  }

  private start(): Promise<Worker> {
    if (this.worker && this.ready) return this.ready.then(() => this.worker!);
    const worker = startThread(
      threadModule('thread'),
      { target: this.target } satisfies WriterData,
      WRITER_THREAD_LIMITS,
    );
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      const onMessage = (message: ApplyResponse | { ready: true }) => {
        if ('ready' in message) {
          this.started = worker;
          resolve();
          return;
        }
        const waiter = this.pending.get(message.id);
        if (!waiter) return;
        this.pending.delete(message.id);
        if (message.ok) waiter.resolve(message.result);
        else waiter.reject(new Error(message.error));
      };
      worker.on('message', onMessage);
      worker.once('error', (err) => {
        reject(err);
        this.fail(worker, new Error(`ingest writer thread failed: ${err.message}`));
      });
      worker.once('exit', (code) => {
        reject(new Error(`ingest writer thread exited (code ${code}) before it was ready`));
        this.fail(worker, new Error(`ingest writer thread exited (code ${code})`));
      });
    });
    return this.ready.then(() => worker);
  }

  private fail(worker: Worker, err: Error): void {
    if (this.worker === worker) {
      this.worker = null;
      this.ready = null;
    }
    if (this.started === worker) this.started = null;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}

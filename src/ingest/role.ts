import type { Bus } from '../bus/bus.js';
import type { Database } from '../db/connection.js';
import { getState } from '../db/repositories/state.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { Role } from '../runtime/supervisor.js';
import type { TrustedProxies } from './bounties/index.js';
import type { IngestTotals } from './ingester.js';
import { OutboxRelay } from './outbox-relay.js';
import { comparePositions, SPOOL_START, type SpoolPosition } from './spool/position.js';
import { pruneSpool } from './spool/retention.js';
import { IngestThread } from './writer-thread/client.js';

export interface IngestRoleOptions {
  database: Database;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  spoolDir: string;
  /** The state key of this installation's spool cursor (several hosts may share one PostgreSQL). */
  cursorKey: string;
  batchSize: number;
  batchMaxWaitMs: number;
  /** Finished spool segments kept on disk after ingestion. */
  keepSegments: number;
  trustedProxies: TrustedProxies;
}

/**
 * The ingest role: tails the spool into the database and relays the bus events each batch committed.
 * Also answers "has everything up to this spool position been stored?" for imports handed over to it.
 * The tailing, planning and writing run on a thread of their own (IngestThread), so the main thread
 * that serves every decky's sockets spends nothing on them but a message per committed batch.
 */
export class IngestRole implements Role {
  readonly name = 'ingest';
  readonly relay: OutboxRelay;
  private readonly thread: IngestThread;
  private committed: SpoolPosition = SPOOL_START;
  private readonly waiters = new Set<{ target: SpoolPosition; resolve: () => void }>();

  constructor(private readonly opts: IngestRoleOptions) {
    this.relay = new OutboxRelay(opts.database, opts.bus, opts.clock, opts.logger);
    this.thread = new IngestThread({
      tail: {
        target: opts.database.target,
        spoolDir: opts.spoolDir,
        cursorKey: opts.cursorKey,
        batchSize: opts.batchSize,
        batchMaxWaitMs: opts.batchMaxWaitMs,
        trustedProxies: opts.trustedProxies,
      },
      clock: opts.clock,
      logger: opts.logger,
      onCommitted: (position) => {
        const previous = this.committed;
        this.committed = position;
        if (this.committed.segment !== previous.segment) this.prune();
        this.relay.wake();
        for (const w of this.waiters) {
          if (comparePositions(this.committed, w.target) >= 0) {
            this.waiters.delete(w);
            w.resolve();
          }
        }
      },
    });
  }

  private prune(): void {
    try {
      const removed = pruneSpool(this.opts.spoolDir, this.committed.segment, this.opts.keepSegments);
      if (removed.length > 0) this.opts.logger.debug({ removed }, 'removed ingested spool segments');
    } catch (err) {
      this.opts.logger.warn({ err: (err as Error).message }, 'could not remove old spool segments');
    }
  }

  get committedPosition(): SpoolPosition {
    return this.committed;
  }

  /** Lines read, stored and dead-lettered since this instance started. */
  get totals(): IngestTotals {
    return this.thread.totals;
  }

  async start(ctx: Parameters<Role['start']>[0]): Promise<void> {
    const saved = (await getState(this.opts.database, this.opts.cursorKey)) as SpoolPosition | null;
    this.committed = saved ?? SPOOL_START;
    ctx.tasks.spawn('ingest:tail', (signal) => this.thread.run(this.committed, signal));
    ctx.tasks.spawn('ingest:outbox', (signal) => this.relay.run(signal));
  }

  /** Resolves once every spool line before `target` is committed, or when `signal` aborts. */
  waitFor(target: SpoolPosition, signal: AbortSignal): Promise<boolean> {
    if (comparePositions(this.committed, target) >= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = {
        target,
        resolve: () => {
          signal.removeEventListener('abort', onAbort);
          resolve(true);
        },
      };
      const onAbort = () => {
        this.waiters.delete(waiter);
        resolve(false);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
    });
  }
}

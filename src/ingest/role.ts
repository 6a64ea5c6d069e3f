import type { Bus } from '../bus/bus.js';
import type { Database } from '../db/connection.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { Role } from '../runtime/supervisor.js';
import type { TrustedProxies } from './bounties/index.js';
import { Ingester } from './ingester.js';
import { OutboxRelay } from './outbox-relay.js';
import { type BatchSink, ingestSink } from './sink.js';
import { spoolSource } from './sources.js';
import { comparePositions, SPOOL_START, type SpoolPosition } from './spool/position.js';
import { pruneSpool } from './spool/retention.js';

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
 */
export class IngestRole implements Role {
  readonly name = 'ingest';
  readonly ingester: Ingester;
  readonly relay: OutboxRelay;
  private readonly sink: BatchSink;
  private committed: SpoolPosition = SPOOL_START;
  private readonly waiters = new Set<{ target: SpoolPosition; resolve: () => void }>();

  constructor(private readonly opts: IngestRoleOptions) {
    this.relay = new OutboxRelay(opts.database, opts.bus, opts.clock, opts.logger);
    this.sink = ingestSink(opts.database);
    this.ingester = new Ingester({
      sink: this.sink,
      clock: opts.clock,
      logger: opts.logger,
      batchSize: opts.batchSize,
      batchMaxWaitMs: opts.batchMaxWaitMs,
      bounties: { trustedProxies: opts.trustedProxies },
      onCommitted: (_result, cursor) => {
        const previous = this.committed;
        this.committed = cursor as SpoolPosition;
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

  async start(ctx: Parameters<Role['start']>[0]): Promise<void> {
    const saved = (await this.sink.getState(this.opts.cursorKey)) as SpoolPosition | null;
    this.committed = saved ?? SPOOL_START;
    const source = spoolSource(this.opts.spoolDir, this.committed, this.opts.cursorKey);
    ctx.tasks.spawn('ingest:tail', async (signal) => {
      try {
        await this.ingester.tail(source, signal);
      } finally {
        source.close();
      }
    });
    ctx.tasks.spawn('ingest:outbox', (signal) => this.relay.run(signal));
  }

  async stop(): Promise<void> {
    await this.sink.close();
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

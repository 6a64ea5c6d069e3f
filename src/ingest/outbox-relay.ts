import type { Bus } from '../bus/bus.js';
import type { Database } from '../db/connection.js';
import { type Clock, isAbortError } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import { Wakeup } from '../runtime/wake.js';

export const OUTBOX_LIMITS = {
  /** Events published per round. */
  batch: 500,
  /** How often the relay looks for events when nobody woke it (another process may have written them). */
  idlePollMs: 1_000,
  /** Pause after the bus refused an event (broker down), doubling up to the maximum. */
  retryInitialMs: 500,
  retryMaxMs: 15_000,
} as const;

/**
 * Publishes the bus events the ingester wrote into the outbox table, in order, then deletes them. The
 * rows were committed with the data they announce, so an event is published at least once even if the
 * process dies between commit and publish; its id is fixed at commit, so a consumer (and JetStream's
 * de-duplication window) recognises a repeat.
 */
export class OutboxRelay {
  private readonly wakeup: Wakeup;
  published = 0;

  constructor(
    private readonly database: Database,
    private readonly bus: Bus,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.wakeup = new Wakeup(clock);
  }

  /** There are new rows: publish them now rather than at the next poll. */
  wake(): void {
    this.wakeup.wake();
  }

  /** Publishes one round; returns how many events went out. */
  async relayOnce(): Promise<number> {
    const rows = await this.database.db
      .selectFrom('outbox')
      .selectAll()
      .orderBy('id')
      .limit(OUTBOX_LIMITS.batch)
      .execute();
    let done = 0;
    try {
      for (const row of rows) {
        await this.bus.publish(row.topic, row.type, row.payload, { id: row.event_id, ts: row.ts });
        done++;
      }
    } finally {
      if (done > 0) {
        const ids = rows.slice(0, done).map((r) => r.id);
        await this.database.db.deleteFrom('outbox').where('id', 'in', ids).execute();
        this.published += done;
      }
    }
    return done;
  }

  async run(signal: AbortSignal): Promise<void> {
    let retryDelay: number = OUTBOX_LIMITS.retryInitialMs;
    try {
      while (!signal.aborted) {
        let sent: number;
        try {
          sent = await this.relayOnce();
          retryDelay = OUTBOX_LIMITS.retryInitialMs;
        } catch (err) {
          this.logger.warn(
            { err: (err as Error).message, retryInMs: retryDelay },
            'publishing outbox events failed; they stay queued',
          );
          await this.clock.sleep(retryDelay, signal);
          retryDelay = Math.min(retryDelay * 2, OUTBOX_LIMITS.retryMaxMs);
          continue;
        }
        if (sent < OUTBOX_LIMITS.batch) await this.wakeup.wait(OUTBOX_LIMITS.idlePollMs, signal);
      }
    } catch (err) {
      if (!isAbortError(err)) throw err;
    }
  }
}

import type { Bus } from '../bus/bus.js';
import type { Database } from '../db/connection.js';
import { type Clock, isAbortError } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import { Wakeup } from '../runtime/wake.js';

export const OUTBOX_LIMITS = {
  /** Outbox rows (one per ingest batch) read per round. */
  rowsPerRound: 8,
  /** How often the relay looks for events when nobody woke it (another process may have written them). */
  idlePollMs: 1_000,
  /** Pause after the bus refused an event (broker down), doubling up to the maximum. */
  retryInitialMs: 500,
  retryMaxMs: 15_000,
} as const;

/**
 * Publishes the bus events the ingester wrote into the outbox table, in order, then deletes their row.
 * The rows were committed with the data they announce, so an event is published at least once even if
 * the process dies between commit and publish; its id is fixed at commit, so a consumer (and the bus's
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

  /** Publishes one round; returns how many outbox rows were done. */
  async relayOnce(): Promise<number> {
    const rows = await this.database.db
      .selectFrom('outbox')
      .select(['id', 'events'])
      .orderBy('id')
      .limit(OUTBOX_LIMITS.rowsPerRound)
      .execute();
    for (const row of rows) {
      // A row is deleted only once all its events are out: a failure midway publishes it whole again
      // (same ids) on the next round.
      for (const e of row.events) {
        await this.bus.publish(e.topic, e.type, e.payload, { id: e.id, ts: e.ts });
        this.published++;
      }
      await this.database.db.deleteFrom('outbox').where('id', '=', row.id).execute();
    }
    return rows.length;
  }

  async run(signal: AbortSignal): Promise<void> {
    let retryDelay: number = OUTBOX_LIMITS.retryInitialMs;
    try {
      while (!signal.aborted) {
        let done: number;
        try {
          done = await this.relayOnce();
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
        if (done < OUTBOX_LIMITS.rowsPerRound) await this.wakeup.wait(OUTBOX_LIMITS.idlePollMs, signal);
      }
    } catch (err) {
      if (!isAbortError(err)) throw err;
    }
  }
}

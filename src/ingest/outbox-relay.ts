import { hash } from 'node:crypto';
import type { Bus } from '../bus/bus.js';
import { CREDENTIAL_CAPTURED } from '../bus/topics.js';
import type { Database } from '../db/connection.js';
import type { CredentialEvents, OutboxEvent } from '../db/schema.js';
import { type Clock, isAbortError } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import { Wakeup } from '../runtime/wake.js';

export const OUTBOX_LIMITS = {
  /** Outbox rows (one per ingest batch) read per round. */
  rowsPerRound: 8,
  /** How often the relay looks for events when nobody woke it (another process may have written them). */
  idlePollMs: 1_000,
  /** Credentials read per query while building a row's `credential.captured` events. */
  credentialsPerQuery: 500,
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
      .select(['id', 'events', 'credential_events'])
      .orderBy('id')
      .limit(OUTBOX_LIMITS.rowsPerRound)
      .execute();
    for (const row of rows) {
      // A row is deleted only once all its events are out: a failure midway publishes it whole again
      // (same ids) on the next round.
      if (row.credential_events) {
        for await (const events of expandCredentialEvents(this.database, row.credential_events)) {
          for (const e of events) await this.publish(e);
        }
      }
      for (const e of row.events) await this.publish(e);
      await this.database.db.deleteFrom('outbox').where('id', '=', row.id).execute();
    }
    return rows.length;
  }

  private async publish(e: OutboxEvent): Promise<void> {
    await this.bus.publish(e.topic, e.type, e.payload, { id: e.id, ts: e.ts });
    this.published++;
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

/**
 * The `credential.captured` events an outbox row keeps compactly (see CredentialEvents), in its order, a
 * query's worth at a time: each event's payload comes from the credential's row, whose identity columns
 * never change, and the attempts the batch saw. A credential no longer stored has no event.
 */
async function* expandCredentialEvents(
  database: Database,
  batch: CredentialEvents,
): AsyncGenerator<OutboxEvent[]> {
  for (let i = 0; i < batch.items.length; i += OUTBOX_LIMITS.credentialsPerQuery) {
    const items = batch.items.slice(i, i + OUTBOX_LIMITS.credentialsPerQuery);
    const rows = await database.db
      .selectFrom('credentials')
      .select([
        'credential_key',
        'attacker_ip',
        'decky',
        'service',
        'principal',
        'secret_kind',
        'secret_sha256',
      ])
      .where(
        'credential_key',
        'in',
        items.map(([key]) => key),
      )
      .execute();
    const byKey = new Map(rows.map((r) => [r.credential_key, r]));
    const events: OutboxEvent[] = [];
    for (const [key, attempts] of items) {
      const c = byKey.get(key);
      if (!c) continue;
      events.push({
        id: credentialEventId(batch.id, key),
        topic: CREDENTIAL_CAPTURED,
        type: 'credential.captured',
        ts: batch.ts,
        payload: {
          attacker_ip: c.attacker_ip,
          decky: c.decky,
          service: c.service,
          principal: c.principal,
          secret_kind: c.secret_kind,
          secret_sha256: c.secret_sha256,
          attempts,
        },
      });
    }
    yield events;
  }
}

/**
 * The id of a credential's event in a batch: the same every time the row is published, distinct for
 * every batch and credential. UUID-shaped (version 8, made from SHA-256 of both), like the others.
 */
function credentialEventId(batchId: string, credentialKey: string): string {
  const h = hash('sha256', `${batchId}/${credentialKey}`, 'hex');
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

import { z } from 'zod';
import type { BusEvent, Subscription } from '../../bus/bus.js';
import { CREDENTIAL_CAPTURED, SYSTEM_LOG } from '../../bus/topics.js';
import type { Database } from '../../db/connection.js';
import type { LogRow } from '../../db/schema.js';
import type { Clock } from '../../runtime/clock.js';
import { isAbortError } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';
import { CountCache } from '../count-cache.js';
import { ApiError, ERROR_RESPONSES } from '../errors.js';
import type { SseStream } from '../sse.js';
import type { RouteGroup } from './group.js';

/** The numbers of the live streams' content (the transport's are in `SSE_LIMITS`). */
export const STREAM_LIMITS = {
  /**
   * Log rows in one `logs` event. A batch can hold thousands; a live view shows the newest and flags
   * the rest as left out (`truncated`), which `GET /logs` can page through.
   */
  logsPerEvent: 500,
  /** `stats` at most this often per stream: the reference's dashboard polled once a second. */
  statsIntervalMs: 1_000,
} as const;

/** Every event about attackers (observed, scored, sessions, fingerprints, observations, files). */
const ATTACKER_TOPICS = 'attacker.>';

const StreamQuery = z.object({
  ticket: z
    .string()
    .max(128)
    .optional()
    .describe('A single-use ticket from `POST /auth/sse-ticket`, for clients that cannot send headers'),
  last_event_id: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .describe('Resume after this log id; the `Last-Event-ID` header (sent by EventSource) wins'),
});

const GlobalStreamQuery = StreamQuery.extend({
  service: z.string().min(1).max(64).optional(),
  decky: z.string().min(1).max(64).optional(),
  attacker_ip: z.string().min(1).max(64).optional(),
});

const AttackerParams = z.object({ uuid: z.string().min(1).max(64) });

/** SSE responses: the OpenAPI document names the media type; each event is described in the summary. */
const EVENT_STREAM = {
  200: {
    description: 'A `text/event-stream` of events until the client or the server closes it',
    content: { 'text/event-stream': { schema: z.string() } },
  },
  ...ERROR_RESPONSES,
};

interface LogFilter {
  service?: string;
  decky?: string;
  attackerIp?: string;
}

/**
 * Live streams (reference: `GET /stream` and `GET /attackers/{id}/events`). Both tail the logs table as
 * the ingester announces committed batches on `system.log`, so nothing polls the database; log ids
 * are the event ids, so a reconnecting EventSource resumes where it left off.
 */
export const streamRoutes: RouteGroup = (deps) => async (app) => {
  const counts = new CountCache(deps.clock);

  app.get(
    '/stream',
    {
      config: { access: 'viewer', stream: true },
      schema: {
        summary: 'Live logs and totals',
        description:
          'Events: `logs` ({logs, truncated}; id = last log id covered) for each ' +
          'committed batch, `stats` ({logs, attackers, credentials}) at most once a second when they ' +
          'changed. Send `Last-Event-ID` to resume; a comment line every 15 s keeps it alive',
        tags: ['streams'],
        querystring: GlobalStreamQuery,
        response: EVENT_STREAM,
      },
    },
    async (request, reply) => {
      const { service, decky, attacker_ip } = request.query;
      const resumeAfter = lastEventId(request.headers['last-event-id'], request.query.last_event_id);
      const database = deps.database();
      const bus = deps.bus();
      const stream = app.streams.open(request, reply);
      const tail = new LogTail(stream, database, { service, decky, attackerIp: attacker_ip }, deps.logger);
      const stats = new StatsFeed(stream, deps.clock, () => totals(database, counts), deps.logger);
      await startOrDrop(stream, deps.logger, async () => {
        await subscribe(
          stream,
          bus.subscribe(SYSTEM_LOG, (event) => {
            const range = committedRange(event);
            if (!range) return;
            tail.committed(range.first, range.last);
            stats.changed();
          }),
        );
        await tail.start(resumeAfter);
        stats.changed();
      });
    },
  );

  app.get(
    '/attackers/:uuid/events',
    {
      config: { access: 'viewer', stream: true },
      schema: {
        summary: "One attacker's live events",
        description:
          '`ready` ({attacker_uuid, attacker_ip}) once subscribed, each bus event about them under its own type (`attacker.observed`, ' +
          '`session.ended`, `credential.captured`, …; data {topic, type, ts, payload}) and `logs` from ' +
          'their address for each committed batch, as on `/stream`',
        tags: ['streams'],
        params: AttackerParams,
        querystring: StreamQuery,
        response: EVENT_STREAM,
      },
    },
    async (request, reply) => {
      const database = deps.database();
      const attacker = await database.db
        .selectFrom('attackers')
        .select(['uuid', 'ip'])
        .where('uuid', '=', request.params.uuid)
        .executeTakeFirst();
      if (!attacker) throw new ApiError(404, 'not_found', `no attacker ${request.params.uuid}`);
      const resumeAfter = lastEventId(request.headers['last-event-id'], request.query.last_event_id);
      const bus = deps.bus();
      const stream = app.streams.open(request, reply);
      const tail = new LogTail(stream, database, { attackerIp: attacker.ip }, deps.logger);
      const concerns = (event: BusEvent) => {
        const payload = event.payload as Record<string, unknown>;
        return payload.attacker_uuid === attacker.uuid || payload.attacker_ip === attacker.ip;
      };
      const relay = (event: BusEvent) => {
        if (concerns(event))
          stream.send(event.type, {
            topic: event.topic,
            type: event.type,
            ts: event.ts,
            payload: event.payload,
          });
      };
      await startOrDrop(stream, deps.logger, async () => {
        await subscribe(stream, bus.subscribe(ATTACKER_TOPICS, relay));
        await subscribe(stream, bus.subscribe(CREDENTIAL_CAPTURED, relay));
        await subscribe(
          stream,
          bus.subscribe(SYSTEM_LOG, (event) => {
            const range = committedRange(event);
            if (range) tail.committed(range.first, range.last);
          }),
        );
        await tail.start(resumeAfter);
        stream.send('ready', { attacker_uuid: attacker.uuid, attacker_ip: attacker.ip });
      });
    },
  );
};

/**
 * The log id to resume after: the `Last-Event-ID` header (EventSource sends the last `id:` it saw when
 * it reconnects) or the query parameter for a first connection. Anything but a log id is ignored.
 */
export function lastEventId(header: string | string[] | undefined, query: number | undefined): number | null {
  const text = Array.isArray(header) ? header[0] : header;
  if (text !== undefined && /^\d{1,15}$/.test(text.trim())) return Number(text.trim());
  return query ?? null;
}

/** The log ids a `system.log` batch_committed event announces, or null for any other event. */
export function committedRange(event: BusEvent): { first: number; last: number } | null {
  if (event.type !== 'batch_committed') return null;
  const { first_log_id: first, last_log_id: last } = event.payload as Record<string, unknown>;
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last)) return null;
  return (last as number) >= (first as number) ? { first: first as number, last: last as number } : null;
}

/**
 * The logs part of a stream. Ranges announced while a read is running are merged and read next, so a
 * burst of batches costs one query per stream, not one each, and nothing queues without bound.
 * Every row at or below `sentUpTo` has been sent or was not wanted, so a resume backlog and the live
 * batches never send a row twice.
 */
class LogTail {
  private sentUpTo = 0;
  private pending: { first: number; last: number } | null = null;
  private started = false;
  private running = false;

  constructor(
    private readonly stream: SseStream,
    private readonly database: Database,
    private readonly filter: LogFilter,
    private readonly logger: Logger,
  ) {}

  /** Starts after the newest log now stored, or sends what came after `resumeAfter` first. */
  async start(resumeAfter: number | null): Promise<void> {
    const newest = await newestLogId(this.database);
    if (resumeAfter === null || resumeAfter >= newest) this.sentUpTo = newest;
    else {
      this.sentUpTo = resumeAfter;
      this.merge(resumeAfter + 1, newest);
    }
    this.started = true;
    await this.drain();
  }

  committed(first: number, last: number): void {
    this.merge(first, last);
    if (this.started) void this.drain();
  }

  private merge(first: number, last: number): void {
    this.pending = this.pending
      ? { first: Math.min(this.pending.first, first), last: Math.max(this.pending.last, last) }
      : { first, last };
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.pending && !this.stream.closed) {
        const { first, last } = this.pending;
        this.pending = null;
        const after = Math.max(first - 1, this.sentUpTo);
        if (last <= after) continue;
        const { logs, truncated } = await readLogs(this.database, this.filter, after, last);
        this.sentUpTo = Math.max(this.sentUpTo, last);
        if (logs.length > 0) this.stream.send('logs', { logs, truncated }, last);
      }
    } catch (err) {
      this.logger.warn({ err: errorText(err) }, 'live stream could not read logs; closing it');
      this.stream.close();
    } finally {
      this.running = false;
    }
  }
}

/**
 * The `stats` events of a stream: after a change, one event as soon as the last one is a second old.
 * Totals come through the shared count cache, so any number of streams cost one count a second.
 */
class StatsFeed {
  private lastSentMs = Number.NEGATIVE_INFINITY;
  private scheduled = false;

  constructor(
    private readonly stream: SseStream,
    private readonly clock: Clock,
    private readonly read: () => Promise<Totals>,
    private readonly logger: Logger,
  ) {}

  changed(): void {
    if (this.scheduled || this.stream.closed) return;
    this.scheduled = true;
    void this.sendWhenDue();
  }

  private async sendWhenDue(): Promise<void> {
    try {
      const wait = this.lastSentMs + STREAM_LIMITS.statsIntervalMs - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait, this.stream.signal);
      this.scheduled = false;
      this.lastSentMs = this.clock.now();
      const totals = await this.read();
      this.stream.send('stats', totals);
    } catch (err) {
      this.scheduled = false;
      if (isAbortError(err)) return;
      this.logger.warn({ err: errorText(err) }, 'live stream could not count totals; closing it');
      this.stream.close();
    }
  }
}

interface Totals {
  logs: number;
  attackers: number;
  credentials: number;
}

async function totals(database: Database, counts: CountCache): Promise<Totals> {
  const count = (table: 'logs' | 'attackers' | 'credentials') =>
    counts
      .get(`stream:${table}`, async () => {
        const row = await database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow();
        return Number(row.n);
      })
      .then((c) => c.total);
  const [logs, attackers, credentials] = await Promise.all([
    count('logs'),
    count('attackers'),
    count('credentials'),
  ]);
  return { logs, attackers, credentials };
}

async function newestLogId(database: Database): Promise<number> {
  const row = await database.db
    .selectFrom('logs')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** The newest `logsPerEvent` rows in (after, upTo] that pass the filter, oldest first. */
async function readLogs(
  database: Database,
  filter: LogFilter,
  after: number,
  upTo: number,
): Promise<{ logs: LogRow[]; truncated: boolean }> {
  let q = database.db.selectFrom('logs').selectAll().where('id', '>', after).where('id', '<=', upTo);
  if (filter.service) q = q.where('service', '=', filter.service);
  if (filter.decky) q = q.where('decky', '=', filter.decky);
  if (filter.attackerIp) q = q.where('attacker_ip', '=', filter.attackerIp);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(STREAM_LIMITS.logsPerEvent + 1)
    .execute();
  const truncated = rows.length > STREAM_LIMITS.logsPerEvent;
  return { logs: rows.slice(0, STREAM_LIMITS.logsPerEvent).reverse(), truncated };
}

/** Unsubscribes when the stream ends (at once if it already has). */
async function subscribe(stream: SseStream, subscribing: Promise<Subscription>): Promise<void> {
  const subscription = await subscribing;
  stream.onClose(() => subscription.unsubscribe());
}

/** Runs a stream's set-up; if it fails (bus or database down) the stream closes and the client retries. */
async function startOrDrop(stream: SseStream, logger: Logger, setUp: () => Promise<void>): Promise<void> {
  try {
    await setUp();
  } catch (err) {
    logger.warn({ err: errorText(err) }, 'live stream could not start; closing it');
    stream.close();
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

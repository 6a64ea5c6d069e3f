/**
 * What one attacker did, read for the attacker detail routes: its row, a behaviour summary, and its
 * commands, credentials, sessions and captured files. Every query is by the attacker's IP over an
 * indexed column (or a bounded window of its logs), so a detail page costs the same for a scanner with
 * ten events as for one with a million.
 */
import type { Selectable, SelectQueryBuilder, StringReference } from 'kysely';
import type { Database } from '../connection.js';
import type { AttackerRow, CommandRow, CredentialRow, LogRow, Schema, SessionRow } from '../schema.js';

export const ATTACKER_DETAIL_LIMITS = {
  /**
   * Most recent log rows the behaviour summary counts (a one-second budget on either dialect at about
   * 10 µs a row); an attacker with more says so (`complete: false`) instead of slowing every view.
   */
  behaviourLogWindow: 100_000,
  /** Service/event-type pairs, principals and fingerprint types listed in the summary. */
  behaviourTopN: 50,
} as const;

/** The event types whose rows name a stored file, and what kind of artifact each is. */
export const ARTIFACT_EVENT_TYPES = { file_captured: 'file', message_stored: 'mail' } as const;

export async function attackerByUuid(database: Database, uuid: string): Promise<AttackerRow | undefined> {
  return database.db.selectFrom('attackers').selectAll().where('uuid', '=', uuid).executeTakeFirst();
}

export interface BehaviourSummary {
  /** Events per service and event type, most frequent first. */
  activity: { service: string | null; event_type: string | null; count: number }[];
  /** Log rows the counts are over. */
  logsExamined: number;
  /** Principals (user names) tried with credentials, most attempts first. */
  principals: { principal: string; attempts: number; services: string[] }[];
  /** The latest fingerprint of each type. */
  fingerprints: {
    fingerprint_type: string;
    timestamp: string;
    decky: string | null;
    service: string | null;
    payload: Record<string, unknown>;
  }[];
}

export async function behaviourOf(database: Database, ip: string): Promise<BehaviourSummary> {
  const { db } = database;
  const { behaviourLogWindow, behaviourTopN } = ATTACKER_DETAIL_LIMITS;
  const recent = db
    .selectFrom('logs')
    .select(['service', 'event_type'])
    .where('attacker_ip', '=', ip)
    .orderBy('id', 'desc')
    .limit(behaviourLogWindow)
    .as('recent');
  const [activity, principals, fingerprints] = await Promise.all([
    db
      .selectFrom(recent)
      .select(['service', 'event_type', (eb) => eb.fn.countAll<number | string>().as('n')])
      .groupBy(['service', 'event_type'])
      .execute(),
    db
      .selectFrom('credentials')
      .select(['principal', 'service', (eb) => eb.fn.sum<number | string>('attempt_count').as('n')])
      .where('attacker_ip', '=', ip)
      .where('principal', 'is not', null)
      .groupBy(['principal', 'service'])
      .execute(),
    db
      .selectFrom('bounties')
      .select(['fingerprint_type', 'timestamp', 'decky', 'service', 'payload'])
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('bounties')
          .select((b) => b.fn.max('id').as('id'))
          .where('attacker_ip', '=', ip)
          .where('bounty_type', '=', 'fingerprint')
          .groupBy('fingerprint_type'),
      )
      .orderBy('timestamp', 'desc')
      .limit(behaviourTopN)
      .execute(),
  ]);

  const counted = activity
    .map((r) => ({ service: r.service, event_type: r.event_type, count: Number(r.n) }))
    .sort((a, b) => b.count - a.count || String(a.service).localeCompare(String(b.service)));
  const byPrincipal = new Map<string, { attempts: number; services: Set<string> }>();
  for (const r of principals) {
    const p = byPrincipal.get(r.principal!) ?? { attempts: 0, services: new Set() };
    p.attempts += Number(r.n);
    p.services.add(r.service);
    byPrincipal.set(r.principal!, p);
  }
  return {
    activity: counted.slice(0, behaviourTopN),
    logsExamined: counted.reduce((sum, r) => sum + r.count, 0),
    principals: [...byPrincipal]
      .map(([principal, p]) => ({ principal, attempts: p.attempts, services: [...p.services].sort() }))
      .sort((a, b) => b.attempts - a.attempts || a.principal.localeCompare(b.principal))
      .slice(0, behaviourTopN),
    fingerprints: fingerprints.map((f) => ({
      fingerprint_type: f.fingerprint_type ?? 'unknown',
      timestamp: f.timestamp,
      decky: f.decky,
      service: f.service,
      payload: f.payload,
    })),
  };
}

/** One offset page of rows and how to count all of them. */
export interface OffsetListing<Row> {
  rows(limit: number, offset: number): Promise<Row[]>;
  count(): Promise<number>;
}

export interface CommandFilter {
  sessionId?: string;
  decky?: string;
  service?: string;
}

/** The attacker's commands, newest first. */
export function commandsOf(database: Database, ip: string, filter: CommandFilter): OffsetListing<CommandRow> {
  return newestFirst(() => {
    let q = database.db.selectFrom('commands').where('attacker_ip', '=', ip);
    if (filter.sessionId !== undefined) q = q.where('session_id', '=', filter.sessionId);
    if (filter.decky !== undefined) q = q.where('decky', '=', filter.decky);
    if (filter.service !== undefined) q = q.where('service', '=', filter.service);
    return q;
  }, 'timestamp');
}

/** The attacker's credentials, most recently used first. */
export function credentialsOf(database: Database, ip: string): OffsetListing<CredentialRow> {
  return newestFirst(() => database.db.selectFrom('credentials').where('attacker_ip', '=', ip), 'last_seen');
}

/** The attacker's recorded sessions, latest ended first. */
export function sessionsOf(database: Database, ip: string): OffsetListing<SessionRow> {
  return newestFirst(() => database.db.selectFrom('sessions').where('attacker_ip', '=', ip), 'ended_at');
}

/** Log rows of files and mails the attacker left, newest first. */
export function artifactLogsOf(database: Database, ip: string): OffsetListing<LogRow> {
  return newestFirst(
    () =>
      database.db
        .selectFrom('logs')
        .where('attacker_ip', '=', ip)
        .where('event_type', 'in', Object.keys(ARTIFACT_EVENT_TYPES)),
    'id',
  );
}

/** The tables listed per attacker, each with the time column it is listed by. */
type Listed = 'commands' | 'credentials' | 'sessions' | 'logs';

/**
 * Pages of `base()`'s rows, newest first by `newest` (ties broken by id, newest first), and their
 * count. `base` builds the filtered query anew for each use.
 */
function newestFirst<T extends Listed>(
  base: () => SelectQueryBuilder<Schema, T, object>,
  newest: StringReference<Schema, T>,
): OffsetListing<Selectable<Schema[T]>> {
  const id = 'id' as StringReference<Schema, T>;
  return {
    // selectAll on one table T is exactly T's row; Kysely cannot prove it for a generic T.
    rows: (limit, offset) =>
      base()
        .selectAll()
        .orderBy(newest, 'desc')
        .orderBy(id, 'desc')
        .limit(limit)
        .offset(offset)
        .execute() as unknown as Promise<Selectable<Schema[T]>[]>,
    count: async () =>
      countOf(
        await base()
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .execute(),
      ),
  };
}

/** PostgreSQL answers count(*) as a bigint string, SQLite as a number. */
function countOf(rows: { n: number | string }[]): number {
  return Number(rows[0]?.n ?? 0);
}

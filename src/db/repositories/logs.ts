import { type SelectQueryBuilder, sql } from 'kysely';
import { formatTimestamp } from '../../events/rfc5424/timestamp.js';
import type { Database } from '../connection.js';
import type { LogRow, Schema } from '../schema.js';
import { keysetPages } from './paging.js';
import { anyColumnContains } from './text-search.js';

const MICROS_PER_SECOND = 1_000_000;

export interface LogFilter {
  service?: string;
  attackerIp?: string;
  eventType?: string;
  decky?: string;
  /** Case-insensitive substring of the raw line or the message. */
  search?: string;
  /** Earliest event time, inclusive, in the stored form (UTC, six fraction digits). */
  since?: string;
  /** Latest event time, exclusive, in the stored form. */
  until?: string;
}

/** Restricts a query over `logs` to the rows `filter` selects. */
function whereLog<O>(
  database: Database,
  query: SelectQueryBuilder<Schema, 'logs', O>,
  filter: LogFilter,
): SelectQueryBuilder<Schema, 'logs', O> {
  let q = query;
  if (filter.service) q = q.where('service', '=', filter.service);
  if (filter.attackerIp) q = q.where('attacker_ip', '=', filter.attackerIp);
  if (filter.eventType) q = q.where('event_type', '=', filter.eventType);
  if (filter.decky) q = q.where('decky', '=', filter.decky);
  if (filter.since !== undefined) q = q.where('timestamp', '>=', filter.since);
  if (filter.until !== undefined) q = q.where('timestamp', '<', filter.until);
  if (filter.search) q = q.where(anyColumnContains(database, ['raw_line', 'msg'], filter.search));
  return q;
}

/** Logs newest first, in pages keyed on id (constant cost per page however deep the listing goes). */
export async function listLogs(
  database: Database,
  filter: LogFilter,
  limit: number,
  beforeId?: number,
): Promise<LogRow[]> {
  let q = whereLog(database, database.db.selectFrom('logs').selectAll(), filter);
  if (beforeId !== undefined) q = q.where('id', '<', beforeId);
  return q.orderBy('id', 'desc').limit(limit).execute();
}

export function iterateLogs(
  database: Database,
  filter: LogFilter,
  total: number,
  pageSize?: number,
): AsyncGenerator<LogRow> {
  return keysetPages(
    (limit, beforeId: number | undefined) => listLogs(database, filter, limit, beforeId),
    (row) => row.id,
    total,
    pageSize,
  );
}

/**
 * One page of logs by event time, newest first (ties: last stored first), for the API's offset paging.
 * Lines arrive out of order across deckies, so event time, not id, is what "newest" means here.
 */
export async function pageLogs(
  database: Database,
  filter: LogFilter,
  limit: number,
  offset: number,
): Promise<LogRow[]> {
  return whereLog(database, database.db.selectFrom('logs').selectAll(), filter)
    .orderBy('timestamp', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countLogs(database: Database, filter: LogFilter): Promise<number> {
  const row = await whereLog(
    database,
    database.db.selectFrom('logs').select((eb) => eb.fn.countAll<number>().as('n')),
    filter,
  ).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The earliest and latest event time of every stored log (both null when there are none). */
export async function logTimeSpan(
  database: Database,
): Promise<{ first: string | null; last: string | null }> {
  // Two index look-ups; MIN and MAX in one statement would make SQLite scan.
  const first = await database.db
    .selectFrom('logs')
    .select('timestamp')
    .orderBy('timestamp', 'asc')
    .limit(1)
    .executeTakeFirst();
  const last = await database.db
    .selectFrom('logs')
    .select('timestamp')
    .orderBy('timestamp', 'desc')
    .limit(1)
    .executeTakeFirst();
  return { first: first?.timestamp ?? null, last: last?.timestamp ?? null };
}

export interface HistogramBuckets {
  /** Epoch seconds where bucket 0 starts; bucket n holds [originS + n·intervalS, originS + (n+1)·intervalS). */
  originS: number;
  intervalS: number;
  count: number;
}

/**
 * Logs per time bucket over the rows `filter` selects, within `since`..`until` (both required; `since`
 * not before the first bucket): one count per bucket, empty buckets included.
 */
export async function logHistogram(
  database: Database,
  filter: LogFilter & { since: string; until: string },
  buckets: HistogramBuckets,
): Promise<number[]> {
  return database.dialect === 'postgres'
    ? histogramByGrouping(database, filter, buckets)
    : histogramByRanges(database, filter, buckets);
}

/**
 * SQLite: one count per bucket over the timestamp index. Grouping a million rows by a computed bucket
 * sorts them in a temporary b-tree (about 1.4 s for 1M rows); counting index ranges reads the same
 * entries in order without the sort (about 0.2 s).
 */
async function histogramByRanges(
  database: Database,
  filter: LogFilter & { since: string; until: string },
  { originS, intervalS, count }: HistogramBuckets,
): Promise<number[]> {
  const counts: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = formatTimestamp((originS + i * intervalS) * MICROS_PER_SECOND);
    const end = formatTimestamp((originS + (i + 1) * intervalS) * MICROS_PER_SECOND);
    // Stored timestamps sort as text: the later of two is the greater string.
    // biome-ignore lint/complexity/useMathMinMax: strings, not numbers
    const since = start > filter.since ? start : filter.since;
    // biome-ignore lint/complexity/useMathMinMax: strings, not numbers
    const until = end < filter.until ? end : filter.until;
    counts.push(since < until ? await countLogs(database, { ...filter, since, until }) : 0);
  }
  return counts;
}

/** PostgreSQL: one grouped scan; it aggregates by hash, in parallel, without sorting. */
async function histogramByGrouping(
  database: Database,
  filter: LogFilter,
  { originS, intervalS, count }: HistogramBuckets,
): Promise<number[]> {
  const bucket = sql<number>`floor((extract(epoch from ${sql.ref('timestamp')}) - ${originS}::bigint) / ${intervalS}::bigint)::bigint`;
  const rows = await whereLog(
    database,
    database.db.selectFrom('logs').select([bucket.as('bucket'), (eb) => eb.fn.countAll<number>().as('n')]),
    filter,
  )
    .groupBy(sql`1`)
    .execute();
  const counts = new Array<number>(count).fill(0);
  for (const row of rows) {
    const n = Number(row.bucket);
    if (n >= 0 && n < count) counts[n] = Number(row.n);
  }
  return counts;
}

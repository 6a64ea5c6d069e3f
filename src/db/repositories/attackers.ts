import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, sql } from 'kysely';
import type { Database } from '../connection.js';
import { ATTACKER_COLUMNS, type AttackerRow } from '../schema.js';
import { memoisedRead } from '../sqlite-read-memo.js';
import { keysetPages } from './paging.js';

export interface AttackerFilter {
  /** Attackers that touched this service. */
  service?: string;
  ip?: string;
  decky?: string;
}

interface AttackerCursor {
  lastSeen: string;
  uuid: string;
}

/** Attackers most recently active first, paged on (last_seen, uuid). */
export async function listAttackers(
  database: Database,
  filter: AttackerFilter,
  limit: number,
  after?: AttackerCursor,
): Promise<AttackerRow[]> {
  let q = database.db.selectFrom('attackers').selectAll();
  if (filter.ip) q = q.where('ip', '=', filter.ip);
  if (filter.service) q = q.where(jsonArrayContains(database, 'services', filter.service));
  if (filter.decky) q = q.where(jsonArrayContains(database, 'deckies', filter.decky));
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb('last_seen', '<', after.lastSeen),
        eb.and([eb('last_seen', '=', after.lastSeen), eb('uuid', '<', after.uuid)]),
      ]),
    );
  }
  return q.orderBy('last_seen', 'desc').orderBy('uuid', 'desc').limit(limit).execute();
}

export function iterateAttackers(
  database: Database,
  filter: AttackerFilter,
  total: number,
  pageSize?: number,
): AsyncGenerator<AttackerRow> {
  return keysetPages(
    (limit, after: AttackerCursor | undefined) => listAttackers(database, filter, limit, after),
    (row) => ({ lastSeen: row.last_seen, uuid: row.uuid }),
    total,
    pageSize,
  );
}

/** `column` (a JSON array of strings) contains `value`, on either dialect. */
function jsonArrayContains(database: Database, column: 'services' | 'deckies', value: string) {
  return database.dialect === 'postgres'
    ? sql<boolean>`${sql.ref(column)} @> ${JSON.stringify([value])}::jsonb`
    : sql<boolean>`EXISTS (SELECT 1 FROM json_each(${sql.ref(column)}) WHERE json_each.value = ${value})`;
}

/** The orders the attackers listing offers; each has an index `(column, uuid)` since migration 3. */
export const ATTACKER_SORTS = [
  'last_seen',
  'first_seen',
  'event_count',
  'credential_count',
  'session_count',
  'command_count',
  'bounty_count',
  'ip',
] as const;
export type AttackerSort = (typeof ATTACKER_SORTS)[number];
export type SortOrder = 'asc' | 'desc';

/** What the API's attackers listing filters on. */
export interface AttackerSearch {
  /** A piece of the address (prefix or any substring). */
  search?: string;
  service?: string;
  decky?: string;
}

export interface AttackerPageRequest extends AttackerSearch {
  sortBy: AttackerSort;
  order: SortOrder;
  limit: number;
  offset: number;
}

/**
 * One page of attackers for the API, sorted on `sortBy` and then on uuid in the same direction, so rows
 * that tie keep one order across pages and the `(column, uuid)` index is read in a single direction.
 */
export async function pageAttackers(
  database: Database,
  request: AttackerPageRequest,
): Promise<AttackerRow[]> {
  return searchAttackers(database, request)
    .selectAll()
    .orderBy(request.sortBy, request.order)
    .orderBy('uuid', request.order)
    .limit(request.limit)
    .offset(request.offset)
    .execute();
}

/** How many attackers match `filter` (the total of the API's listing). */
export async function countAttackers(database: Database, filter: AttackerSearch): Promise<number> {
  const row = await searchAttackers(database, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function searchAttackers(database: Database, filter: AttackerSearch) {
  let q = database.db.selectFrom('attackers');
  if (filter.search) q = q.where(ipContains(database, filter.search));
  if (filter.service) q = q.where(jsonArrayContains(database, 'services', filter.service));
  if (filter.decky) q = q.where(jsonArrayContains(database, 'deckies', filter.decky));
  return q;
}

/** The address contains `part` (a plain substring test: no LIKE wildcards to escape). */
function ipContains(database: Database, part: string) {
  return database.dialect === 'postgres'
    ? sql<boolean>`strpos(ip, ${part}) > 0`
    : sql<boolean>`instr(ip, ${part}) > 0`;
}

/** A page rendered as a JSON array (UTF-8), and whether it was served from the SQLite read memo. */
export interface AttackerPageJson {
  json: Buffer;
  memoised: boolean;
}

/**
 * The same page as {@link pageAttackers}, rendered as a JSON array by the database itself: the API sends
 * it as it comes. Building 50 objects of 16 fields in JavaScript, checking them and encoding them again
 * cost more than the query; SQLite's and PostgreSQL's JSON functions render each row in one pass. Each
 * element has exactly the fields of an {@link AttackerRow}, with the same values (timestamps in DECNET's
 * `…T12:00:00.000000Z` form, `is_traversal` a boolean, `services` and `deckies` arrays).
 *
 * On SQLite the statement is prepared once per query shape and the page is kept until any connection
 * commits a change (see memoisedRead): a busy dashboard re-reading the first page costs one version
 * check, and never sees a page older than the database. PostgreSQL statements are named, so each
 * pooled connection plans them once.
 */
export async function pageAttackersJson(
  database: Database,
  request: AttackerPageRequest,
): Promise<AttackerPageJson> {
  const { text, params, key } = pageStatement(database.dialect, request);
  const handle = database.sqlite;
  if (handle && !handle.inTransaction) {
    return sharedWithinTurn(handle, key, async () => pageAttackersJsonNow(database, request)!);
  }
  const asArray = (rows: readonly { row: string }[]) => Buffer.from(`[${rows.map((r) => r.row).join(',')}]`);
  const pool = database.pool;
  if (pool) {
    return sharedWithinTurn(pool, key, async () => {
      const result = await pool.query<{ row: string }>({
        name: `attackers_page_${hashOf(text)}`,
        text,
        values: params,
      });
      return { json: asArray(result.rows), memoised: false };
    });
  }
  // Inside a transaction someone opened through Kysely, wait for it like any Kysely query would.
  const result = await database.db.executeQuery<{ row: string }>(CompiledQuery.raw(text, params));
  return { json: asArray(result.rows), memoised: false };
}

/** Page reads asked for in this turn of the event loop and not sent yet, per pool and page. */
const queuedReads = new WeakMap<object, Map<string, Promise<AttackerPageJson>>>();

/**
 * Runs `read` once for every caller asking for the same page during one turn of the event loop: the
 * query goes out at the end of the turn (setImmediate), after every caller that shares it arrived, so
 * each still gets an answer read after it asked. A caller after the query went out starts the next one.
 * On PostgreSQL a busy dashboard then costs one round trip per turn instead of one per request. On
 * SQLite too the requests of a turn are answered together, after the turn's parsing: measured with wrk
 * on the 100k-attacker bench, that doubled the rate (6.9k → 13.2–13.9k req/s, 148 → 73–78 µs of server
 * CPU per request) against answering each request synchronously as it was parsed.
 */
function sharedWithinTurn(
  owner: object,
  key: string,
  read: () => Promise<AttackerPageJson>,
): Promise<AttackerPageJson> {
  let queued = queuedReads.get(owner);
  if (!queued) {
    queued = new Map();
    queuedReads.set(owner, queued);
  }
  const waiting = queued.get(key);
  if (waiting) return waiting;
  const reads = queued;
  const promise = new Promise<AttackerPageJson>((resolve, reject) => {
    setImmediate(() => {
      reads.delete(key);
      read().then(resolve, reject);
    });
  });
  reads.set(key, promise);
  return promise;
}

/**
 * The page read synchronously (SQLite outside a transaction, through the read memo); null when it
 * must be read asynchronously (PostgreSQL, or inside a transaction).
 */
function pageAttackersJsonNow(database: Database, request: AttackerPageRequest): AttackerPageJson | null {
  const handle = database.sqlite;
  if (!handle || handle.inTransaction) return null;
  const { text, params, key } = pageStatement(database.dialect, request);
  const statement = preparedOn(handle, text);
  const { value, memoised } = memoisedRead(handle, key, () =>
    Buffer.from(`[${(statement.all(...params) as string[]).join(',')}]`),
  );
  return { json: value, memoised };
}

/** The statement of a page, its parameters, and a key naming exactly this page. */
function pageStatement(
  dialect: Database['dialect'],
  request: AttackerPageRequest,
): { text: string; params: unknown[]; key: string } {
  const postgres = dialect === 'postgres';
  const params: unknown[] = [];
  if (request.search) params.push(request.search);
  if (request.service) params.push(postgres ? JSON.stringify([request.service]) : request.service);
  if (request.decky) params.push(postgres ? JSON.stringify([request.decky]) : request.decky);
  params.push(request.limit, request.offset);
  const shape = `${dialect} ${request.sortBy} ${request.order} ${request.search ? 's' : ''}${request.service ? 'v' : ''}${request.decky ? 'd' : ''}`;
  let text = pageSql.get(shape);
  if (text === undefined) {
    text = attackerPageSql(dialect, request);
    pageSql.set(shape, text);
  }
  return { text, params, key: `${shape} ${JSON.stringify(params)}` };
}

/** The statement text of each page shape (dialect, sort, order, which filters), built once. */
const pageSql = new Map<string, string>();

function attackerPageSql(dialect: Database['dialect'], request: AttackerPageRequest): string {
  const postgres = dialect === 'postgres';
  let n = 0;
  const param = () => (postgres ? `$${++n}` : '?');
  const where: string[] = [];
  if (request.search) where.push(`${postgres ? 'strpos' : 'instr'}(ip, ${param()}) > 0`);
  for (const column of ['services', 'deckies'] as const) {
    if (!(column === 'services' ? request.service : request.decky)) continue;
    where.push(
      postgres
        ? `${column} @> ${param()}::jsonb`
        : `EXISTS (SELECT 1 FROM json_each(${column}) WHERE json_each.value = ${param()})`,
    );
  }
  // Both come from closed lists (ATTACKER_SORTS, asc/desc), never from the request's text.
  const column = ATTACKER_SORTS.includes(request.sortBy) ? request.sortBy : 'last_seen';
  const order = request.order === 'asc' ? 'ASC' : 'DESC';
  return (
    `SELECT ${postgres ? `${PG_ATTACKER_OBJECT}::text` : SQLITE_ATTACKER_OBJECT} AS row FROM attackers` +
    `${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${column} ${order}, uuid ${order}` +
    ` LIMIT ${param()} OFFSET ${param()}`
  );
}

const SQLITE_ATTACKER_OBJECT = `json_object(${ATTACKER_COLUMNS.map((f) => {
  if (f === 'services' || f === 'deckies') return `'${f}', json(${f})`;
  if (f === 'is_traversal') return `'${f}', CASE WHEN ${f} THEN json('true') ELSE json('false') END`;
  return `'${f}', ${f}`;
}).join(', ')})`;

/** Timestamps as the pool's type parser gives them (normalisePgTimestamp): UTC, six fraction digits, `Z`. */
const PG_ATTACKER_OBJECT = `jsonb_build_object(${ATTACKER_COLUMNS.map((f) =>
  f === 'first_seen' || f === 'last_seen' || f === 'updated_at'
    ? `'${f}', to_char(${f} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
    : `'${f}', ${f}`,
).join(', ')})`;

const statements = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

function preparedOn(handle: BetterSqlite3.Database, text: string): BetterSqlite3.Statement {
  let byText = statements.get(handle);
  if (!byText) {
    byText = new Map();
    statements.set(handle, byText);
  }
  let statement = byText.get(text);
  if (!statement) {
    statement = handle.prepare(text).pluck();
    byText.set(text, statement);
  }
  return statement;
}

/** FNV-1a of a statement's text and its length: a short, stable name for it. */
function hashOf(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `${text.length.toString(36)}_${(h >>> 0).toString(36)}`;
}

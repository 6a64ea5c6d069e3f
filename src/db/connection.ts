import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { type DbTarget, redactUrl } from '../config/urls.js';
import { type Clock, isAbortError, systemClock } from '../runtime/clock.js';
import { type Logger, silentLogger } from '../runtime/logger.js';
import { DB_LIMITS } from './limits.js';
import type { Schema } from './schema.js';
import { ValueCodecPlugin } from './value-codec-plugin.js';

export type { DbTarget };

export interface Database {
  readonly dialect: 'sqlite' | 'postgres';
  readonly db: Kysely<Schema>;
  /** Printable description with any password removed. */
  readonly description: string;
  /** Where it is: another thread or process opens the same database from this. */
  readonly target: DbTarget;
  /** The raw SQLite handle (SQLite only), for the ingest fast path. Use only inside `withSqlite`. */
  readonly sqlite: BetterSqlite3.Database | null;
  /** The pool (PostgreSQL only), for the ingest fast path. */
  readonly pool: pg.Pool | null;
  close(): Promise<void>;
}

export class DatabaseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseError';
  }
}

export interface OpenOptions {
  logger?: Logger;
  clock?: Clock;
  signal?: AbortSignal;
  /** PostgreSQL only: how long to keep retrying an unreachable server before giving up. */
  connectTimeoutMs?: number;
}

export async function openDatabase(target: DbTarget, opts: OpenOptions = {}): Promise<Database> {
  return target.kind === 'sqlite' ? openSqlite(target.file) : openPostgres(target.url, opts);
}

function openSqlite(file: string): Database {
  let handle: BetterSqlite3.Database;
  try {
    mkdirSync(dirname(file), { recursive: true });
    handle = new BetterSqlite3(file);
    // A corrupt or foreign file only fails on first read: check now, with a message that says what to do.
    handle.pragma('schema_version');
  } catch (err) {
    throw new DatabaseError(sqliteOpenMessage(file, err), { cause: err });
  }
  // WAL lets readers (CLI listings, API) run while the ingester writes; NORMAL sync keeps every
  // committed transaction across a process crash (kill -9) and only risks the last ones on power loss.
  handle.pragma('journal_mode = WAL');
  handle.pragma('synchronous = NORMAL');
  handle.pragma(`busy_timeout = ${DB_LIMITS.sqliteBusyTimeoutMs}`);
  handle.pragma('foreign_keys = ON');
  handle.pragma(`cache_size = -${DB_LIMITS.sqliteCacheKiB}`);
  handle.pragma(`wal_autocheckpoint = ${DB_LIMITS.sqliteWalCheckpointPages}`);
  const db = new Kysely<Schema>({
    dialect: new SqliteDialect({ database: handle }),
    plugins: [new ValueCodecPlugin('sqlite')],
  });
  return {
    dialect: 'sqlite',
    db,
    description: `SQLite ${file}`,
    target: { kind: 'sqlite', file },
    sqlite: handle,
    pool: null,
    close: async () => {
      await db.destroy();
    },
  };
}

function sqliteOpenMessage(file: string, err: unknown): string {
  const code = (err as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return (
      `database file ${file} is not a usable SQLite database (${code}): it is corrupt or another kind of file. ` +
      'Move it aside to start fresh, or point DECNET_DB_URL at the right database.'
    );
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'EACCES' || code === 'EROFS') {
    return `cannot open database file ${file} (${code}): check that the directory exists and is writable, or set DECNET_HOME / DECNET_DB_URL.`;
  }
  return `cannot open database file ${file}: ${(err as Error).message}`;
}

const PG_TIMESTAMPTZ = 1184;
const PG_TIMESTAMP = 1114;
const PG_INT8 = 20;

/** `2026-05-10 12:00:01.5+00` → `2026-05-10T12:00:01.500000Z` (the session time zone is UTC). */
export function normalisePgTimestamp(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?(?:\+00(?::?00)?|Z)?$/.exec(text);
  if (!m) return text;
  return `${m[1]}T${m[2]}.${(m[3] ?? '').padEnd(6, '0')}Z`;
}

const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === PG_TIMESTAMPTZ || oid === PG_TIMESTAMP) return normalisePgTimestamp;
    // Counters and ids stay far below 2^53; numbers are what the rest of the code expects.
    if (oid === PG_INT8) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

async function openPostgres(url: string, opts: OpenOptions): Promise<Database> {
  const logger = opts.logger ?? silentLogger;
  const clock = opts.clock ?? systemClock;
  const description = `PostgreSQL ${redactUrl(url)}`;
  const pool = new pg.Pool({
    connectionString: url,
    types: pgTypes,
    max: DB_LIMITS.pgPoolSize,
    options: '-c TimeZone=UTC',
    connectionTimeoutMillis: DB_LIMITS.pgConnectAttemptTimeoutMs,
  });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', (err) => logger.warn({ err: err.message }, 'PostgreSQL connection lost'));
  await waitForPostgres(pool, description, logger, clock, opts);
  const db = new Kysely<Schema>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new ValueCodecPlugin('postgres')],
  });
  return {
    dialect: 'postgres',
    db,
    description,
    target: { kind: 'postgres', url },
    sqlite: null,
    pool,
    close: async () => {
      await db.destroy();
    },
  };
}

async function waitForPostgres(
  pool: pg.Pool,
  description: string,
  logger: Logger,
  clock: Clock,
  opts: OpenOptions,
): Promise<void> {
  const deadline = clock.now() + (opts.connectTimeoutMs ?? DB_LIMITS.pgConnectTimeoutMs);
  let delay: number = DB_LIMITS.pgRetryInitialMs;
  for (let attempt = 1; ; attempt++) {
    try {
      const client = await pool.connect();
      client.release();
      return;
    } catch (err) {
      const reason = (err as { code?: string }).code ?? (err as Error).message;
      if (isPermanentPgError(err)) {
        await pool.end();
        throw new DatabaseError(`${description} refused the connection: ${(err as Error).message}`, {
          cause: err,
        });
      }
      if (clock.now() + delay > deadline) {
        await pool.end();
        throw new DatabaseError(
          `${description} is unreachable (${reason}) after ${attempt} attempts: check that the server runs and DECNET_DB_URL is right.`,
          { cause: err },
        );
      }
      logger.warn(`${description} unreachable (${reason}); retrying in ${Math.round(delay / 1000)} s`);
      try {
        await clock.sleep(delay, opts.signal);
      } catch (sleepErr) {
        await pool.end();
        if (isAbortError(sleepErr))
          throw new DatabaseError(`gave up connecting to ${description}: shutting down`);
        throw sleepErr;
      }
      delay = Math.min(delay * 2, DB_LIMITS.pgRetryMaxMs);
    }
  }
}

/** Wrong password, unknown database or role: retrying cannot help. */
function isPermanentPgError(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? '';
  return code === '28P01' || code === '28000' || code === '3D000' || code === '42501';
}

import pg from 'pg';
import { redactUrl } from '../config/urls.js';
import { type Clock, isAbortError, systemClock } from '../runtime/clock.js';
import { type Logger, silentLogger } from '../runtime/logger.js';
import { DatabaseError } from './errors.js';
import { DB_LIMITS } from './limits.js';

export interface PoolOptions {
  logger?: Logger;
  clock?: Clock;
  signal?: AbortSignal;
  /** How long to keep retrying an unreachable server before giving up. */
  connectTimeoutMs?: number;
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

/**
 * A connection pool to PostgreSQL with DECNET's settings (UTC, timestamps as ISO text, int8 as number),
 * once the server answers: an unreachable server is retried with backoff until `connectTimeoutMs`.
 */
export async function openPostgresPool(url: string, opts: PoolOptions = {}): Promise<pg.Pool> {
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
  return pool;
}

async function waitForPostgres(
  pool: pg.Pool,
  description: string,
  logger: Logger,
  clock: Clock,
  opts: PoolOptions,
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

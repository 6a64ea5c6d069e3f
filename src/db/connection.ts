import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type pg from 'pg';
import { type DbTarget, redactUrl } from '../config/urls.js';
import type { PoolOptions } from './postgres-pool.js';
import type { Schema } from './schema.js';
import { ValueCodecPlugin } from './value-codec-plugin.js';

export { DatabaseError } from './errors.js';
export type { DbTarget };

export interface Database {
  readonly dialect: 'sqlite' | 'postgres';
  readonly db: Kysely<Schema>;
  /** Printable description with any password removed. */
  readonly description: string;
  /** Where it is: another thread or process opens the same database from this. */
  readonly target: DbTarget;
  /** The raw SQLite handle (SQLite only): Kysely's connection, for migrations. */
  readonly sqlite: BetterSqlite3.Database | null;
  /** The pool (PostgreSQL only), shared with Kysely. */
  readonly pool: pg.Pool | null;
  close(): Promise<void>;
}

/** PostgreSQL only: the connection-retry options of `openPostgresPool`. */
export type OpenOptions = PoolOptions;

export async function openDatabase(target: DbTarget, opts: OpenOptions = {}): Promise<Database> {
  return target.kind === 'sqlite' ? openSqlite(target.file) : openPostgres(target.url, opts);
}

async function openSqlite(file: string): Promise<Database> {
  // Each dialect's driver is loaded only when used: an installation on SQLite never loads pg.
  const { openSqliteHandle } = await import('./sqlite-handle.js');
  const handle = openSqliteHandle(file);
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

async function openPostgres(url: string, opts: OpenOptions): Promise<Database> {
  const { openPostgresPool } = await import('./postgres-pool.js');
  const pool = await openPostgresPool(url, opts);
  const db = new Kysely<Schema>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new ValueCodecPlugin('postgres')],
  });
  return {
    dialect: 'postgres',
    db,
    description: `PostgreSQL ${redactUrl(url)}`,
    target: { kind: 'postgres', url },
    sqlite: null,
    pool,
    close: async () => {
      await db.destroy();
    },
  };
}

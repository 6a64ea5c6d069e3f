import type { DbTarget } from '../config/urls.js';
import type { MigrationTarget } from './migrate.js';
import type { PoolOptions } from './postgres-pool.js';
import { decodeSqliteRow } from './value-codec.js';

/**
 * A database opened through its driver alone, for a command that reads a value or two and leaves the
 * real work to threads of its own (`decnet ingest --from`). Kysely's module graph would add about 7 MB
 * of heap to that command's main thread, held for the whole import, and about 0.15 s to its start.
 */
export interface DriverDatabase extends MigrationTarget {
  /** A value of the key/value state table (cursors, import progress), or null. */
  getState(key: string): Promise<unknown>;
  close(): Promise<void>;
}

const GET_STATE = 'SELECT value FROM state WHERE key = ';

/**
 * Opens `target` as `openDatabase` does (same settings, same errors), without the query builder; `migrate`
 * takes it as it takes a `Database`.
 */
export async function openDriverDatabase(target: DbTarget, opts: PoolOptions = {}): Promise<DriverDatabase> {
  if (target.kind === 'sqlite') {
    const { openSqliteHandle } = await import('./sqlite-handle.js');
    const sqlite = openSqliteHandle(target.file);
    const database: DriverDatabase = {
      dialect: 'sqlite',
      sqlite,
      pool: null,
      async getState(key) {
        const row = sqlite.prepare(`${GET_STATE}?`).get(key) as Record<string, unknown> | undefined;
        if (!row) return null;
        decodeSqliteRow(row);
        return row.value;
      },
      async close() {
        sqlite.close();
      },
    };
    return database;
  }
  const { openPostgresPool } = await import('./postgres-pool.js');
  const pool = await openPostgresPool(target.url, opts);
  const database: DriverDatabase = {
    dialect: 'postgres',
    sqlite: null,
    pool,
    async getState(key) {
      const { rows } = await pool.query<{ value: unknown }>(`${GET_STATE}$1`, [key]);
      return rows[0]?.value ?? null;
    },
    async close() {
      await pool.end();
    },
  };
  return database;
}

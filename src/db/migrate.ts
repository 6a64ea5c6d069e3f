import type { Database } from './connection.js';
import { DatabaseError } from './errors.js';
import { migrations as allMigrations } from './migrations/index.js';
import type { Migration } from './migrations/migration.js';

export interface MigrationReport {
  /** Versions applied by this call, in order. */
  applied: Array<{ version: number; name: string }>;
  /** The schema version after the call. */
  version: number;
}

/**
 * What a migration needs of a database: its driver's connection, SQLite handle or PostgreSQL pool. A
 * `Database` is one; so is a connection opened without the query builder (see openDriverDatabase), which
 * keeps Kysely's module graph, about 7 MB of heap, out of commands that need none of it.
 */
export type MigrationTarget = Pick<Database, 'dialect' | 'sqlite' | 'pool'>;

/** An arbitrary constant naming DECNET's migration lock among PostgreSQL advisory locks. */
const PG_MIGRATION_LOCK = 55555_0001;

/**
 * Brings the schema up to date. Safe to call from every command on every start: it does nothing when
 * the schema is current, and concurrent callers (two processes starting at once) serialise on a lock
 * (PostgreSQL advisory lock; SQLite's write lock through BEGIN IMMEDIATE).
 */
export async function migrate(
  database: MigrationTarget | Database,
  migrations: readonly Migration[] = allMigrations,
): Promise<MigrationReport> {
  return database.dialect === 'postgres'
    ? migratePostgres(database, migrations)
    : migrateSqlite(database, migrations);
}

const CREATE_VERSIONS_SQLITE =
  'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)';
const CREATE_VERSIONS_PG =
  'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)';

function checkKnown(current: number, migrations: readonly Migration[]): void {
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new DatabaseError(
      `the database schema is at version ${current}, newer than this DECNET knows (${newest}): upgrade DECNET or use another database`,
    );
  }
}

async function migrateSqlite(
  database: MigrationTarget | Database,
  migrations: readonly Migration[],
): Promise<MigrationReport> {
  const handle = database.sqlite!;
  const applied: MigrationReport['applied'] = [];
  const run = () => {
    handle.exec(CREATE_VERSIONS_SQLITE);
    for (const migration of migrations) {
      const step = handle.transaction(() => {
        const row = handle.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as {
          v: number | null;
        };
        const current = row.v ?? 0;
        checkKnown(current, migrations);
        if (migration.version <= current) return false;
        for (const statement of migration.sqlite) handle.exec(statement);
        handle
          .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
          .run(migration.version, migration.name, new Date().toISOString());
        return true;
      });
      if (step.immediate()) applied.push({ version: migration.version, name: migration.name });
    }
    if (migrations.length === 0) {
      const row = handle.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as {
        v: number | null;
      };
      checkKnown(row.v ?? 0, migrations);
    }
  };
  // A handle shared with Kysely is used inside Kysely's connection, so none of its queries interleaves.
  if ('db' in database) await database.db.connection().execute(async () => run());
  else run();
  return { applied, version: await currentVersion(database) };
}

async function migratePostgres(
  database: MigrationTarget | Database,
  migrations: readonly Migration[],
): Promise<MigrationReport> {
  const client = await database.pool!.connect();
  const applied: MigrationReport['applied'] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PG_MIGRATION_LOCK]);
    try {
      await client.query(CREATE_VERSIONS_PG);
      const { rows } = await client.query<{ v: number | null }>(
        'SELECT MAX(version) AS v FROM schema_migrations',
      );
      const current = rows[0]?.v ?? 0;
      checkKnown(current, migrations);
      for (const migration of migrations) {
        if (migration.version <= current) continue;
        await client.query('BEGIN');
        try {
          for (const statement of migration.postgres) await client.query(statement);
          await client.query(
            'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())',
            [migration.version, migration.name],
          );
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw new DatabaseError(
            `migration ${migration.version} (${migration.name}) failed: ${(err as Error).message}`,
            {
              cause: err,
            },
          );
        }
        applied.push({ version: migration.version, name: migration.name });
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PG_MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
  return { applied, version: await currentVersion(database) };
}

export async function currentVersion(database: MigrationTarget | Database): Promise<number> {
  const query = 'SELECT MAX(version) AS v FROM schema_migrations';
  if (database.dialect === 'sqlite') {
    return Number((database.sqlite!.prepare(query).get() as { v: number | null }).v ?? 0);
  }
  const { rows } = await database.pool!.query<{ v: number | null }>(query);
  return Number(rows[0]?.v ?? 0);
}

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Database, type DbTarget, openDatabase } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';

/** Both dialects: every repository and ingest test runs on each. */
export const DIALECTS = ['sqlite', 'postgres'] as const;
export type Dialect = (typeof DIALECTS)[number];

/** The real PostgreSQL server of the machine; tests create and drop their own databases on it. */
export const PG_ADMIN_URL = process.env.DECNET_TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface ScratchDatabase {
  target: DbTarget;
  /** The database as DECNET_DB_URL names it. */
  url: string;
  /** Removes the database (PostgreSQL) or its directory (SQLite). */
  drop(): Promise<void>;
}

/** A new, empty database that no other test or run shares. */
export async function scratchDatabase(dialect: Dialect): Promise<ScratchDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'decnet-db-'));
    return {
      target: { kind: 'sqlite', file: join(dir, 'decnet.db') },
      url: `sqlite://${join(dir, 'decnet.db')}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `decnet_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    target: { kind: 'postgres', url: url.toString() },
    url: url.toString(),
    drop: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** A migrated, open database plus its cleanup. */
export async function openScratch(
  dialect: Dialect,
): Promise<{ database: Database; scratch: ScratchDatabase; cleanup(): Promise<void> }> {
  const scratch = await scratchDatabase(dialect);
  const database = await openDatabase(scratch.target);
  await migrate(database);
  return {
    database,
    scratch,
    cleanup: async () => {
      await database.close();
      await scratch.drop();
    },
  };
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

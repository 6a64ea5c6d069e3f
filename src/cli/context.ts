import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config/errors.js';
import { loadSettings, type Settings } from '../config/settings.js';
import type { Database } from '../db/connection.js';
import type { DriverDatabase } from '../db/driver-database.js';
import { DatabaseError } from '../db/errors.js';
import { type MigrationTarget, migrate } from '../db/migrate.js';
import { createLogger, type Logger } from '../runtime/logger.js';
import { CliError } from './errors.js';

let cached: Settings | null = null;

/** The settings, validated once; a bad value ends the command with the message naming it. */
export function settings(): Settings {
  if (cached) return cached;
  try {
    cached = loadSettings();
    return cached;
  } catch (err) {
    if (err instanceof ConfigError)
      throw new CliError(`configuration error:\n  ${err.problems.join('\n  ')}`);
    throw err;
  }
}

export function logger(name = 'decnet'): Logger {
  return createLogger(settings().logLevel, name);
}

/**
 * Opens the database and brings its schema up to date (every command migrates on first use). The query
 * builder loads here, not with this module: a command that needs none (see openMigratedDriver) never
 * pays for it.
 */
export async function openMigrated(log?: Logger, signal?: AbortSignal): Promise<Database> {
  const { openDatabase } = await import('../db/connection.js');
  return migrated(openDatabase(settings().dbUrl, { logger: log, signal }));
}

/** `openMigrated` through the database driver alone (see DriverDatabase). */
export async function openMigratedDriver(log?: Logger): Promise<DriverDatabase> {
  const { openDriverDatabase } = await import('../db/driver-database.js');
  return migrated(openDriverDatabase(settings().dbUrl, { logger: log }));
}

async function migrated<D extends MigrationTarget & { close(): Promise<void> }>(
  opening: Promise<D>,
): Promise<D> {
  try {
    const database = await opening;
    try {
      await migrate(database);
    } catch (err) {
      await database.close();
      throw err;
    }
    return database;
  } catch (err) {
    if (err instanceof DatabaseError) throw new CliError(err.message);
    throw err;
  }
}

export async function withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openMigrated();
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

/**
 * A stable identity for this DECNET_HOME. Several installations may share one PostgreSQL; each keeps its
 * own spool cursor under a key that includes this id.
 */
export function installationId(home: string): string {
  const file = join(home, 'installation-id');
  try {
    const id = readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f-]{36}$/.test(id)) return id;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(home, { recursive: true });
  const id = randomUUID();
  writeFileSync(file, `${id}\n`, { mode: 0o600 });
  return id;
}

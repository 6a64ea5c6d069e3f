/**
 * Where an installation keeps its files, all under DECNET_HOME. One function derives them so every role
 * (fabric, ingester, workers, API, CLI) agrees on the same locations.
 */
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UNIX_SOCKET_PATH_MAX_BYTES } from './limits.js';
import type { DbTarget } from './urls.js';

export const SPOOL_DIR_NAME = 'spool';
export const DEFAULT_DB_FILE_NAME = 'decnet.db';
export const KEYS_DIR_NAME = 'keys';
export const CAPTURES_DIR_NAME = 'captures';
export const RECORDINGS_DIR_NAME = 'recordings';
export const RUN_DIR_NAME = 'run';
export const CONTROL_SOCKET_NAME = 'control.sock';
export const PID_FILE_NAME = 'decnet.pid';
export const STATE_FILE_NAME = 'fabric-state.json';
export const JWT_KEY_FILE_NAME = 'api-jwt.key';

export interface InstallationPaths {
  home: string;
  /** Append-only event spool segments, before and after ingestion. */
  spoolDir: string;
  /** The SQLite database file in use; null when the database is PostgreSQL. */
  dbFile: string | null;
  /** Host keys and TLS material generated for deckies and the API. */
  keysDir: string;
  /** The key that signs API tokens, unless DECNET_JWT_SECRET gives one. */
  jwtKeyFile: string;
  /** Files attackers uploaded or dropped, stored by content hash, never executed. */
  capturesDir: string;
  /** Recorded interactive sessions (asciinema-style). */
  recordingsDir: string;
  /** Runtime files of running processes. */
  runDir: string;
  /** Unix socket of the running fabric's control interface. */
  controlSocket: string;
  pidFile: string;
  /** What the fabric has deployed (namespaces, links, addresses), for teardown after a crash. */
  stateFile: string;
}

/** Paths of an installation rooted at `home` (absolute). */
export function paths(settings: { home: string; dbUrl: DbTarget }): InstallationPaths {
  const { home } = settings;
  const runDir = join(home, RUN_DIR_NAME);
  return {
    home,
    spoolDir: join(home, SPOOL_DIR_NAME),
    dbFile: settings.dbUrl.kind === 'sqlite' ? settings.dbUrl.file : null,
    keysDir: join(home, KEYS_DIR_NAME),
    jwtKeyFile: join(home, KEYS_DIR_NAME, JWT_KEY_FILE_NAME),
    capturesDir: join(home, CAPTURES_DIR_NAME),
    recordingsDir: join(home, RECORDINGS_DIR_NAME),
    runDir,
    controlSocket: controlSocketPath(home),
    pidFile: join(runDir, PID_FILE_NAME),
    stateFile: join(runDir, STATE_FILE_NAME),
  };
}

/** The default SQLite file of an installation. */
export function defaultDbFile(home: string): string {
  return join(home, DEFAULT_DB_FILE_NAME);
}

/**
 * The control socket of the instance running on `home`: in `run/` unless that path is too long for a
 * Unix socket, in which case it moves to the temp directory under a name derived from `home`, so every
 * command computes the same path and two homes never share one.
 */
export function controlSocketPath(home: string): string {
  const inHome = join(home, RUN_DIR_NAME, CONTROL_SOCKET_NAME);
  if (Buffer.byteLength(inHome) <= UNIX_SOCKET_PATH_MAX_BYTES) return inHome;
  const digest = createHash('sha256').update(home).digest('hex').slice(0, 20);
  return join(tmpdir(), `decnet-${digest}.sock`);
}

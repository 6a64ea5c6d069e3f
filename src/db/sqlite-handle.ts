import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { DatabaseError } from './errors.js';
import { DB_LIMITS } from './limits.js';

/**
 * A raw connection to a SQLite file with DECNET's settings, for code that needs no query builder
 * (the ingest and import threads). Throws DatabaseError naming the file and what to do.
 */
export interface SqliteHandleOptions {
  /** Page cache of this connection. */
  cacheKiB?: number;
  /**
   * Whether commits on this connection copy the WAL back into the database when it is large. A writer
   * that leaves this to a checkpointer on another thread never waits for the disk syncs it costs.
   */
  autoCheckpoint?: boolean;
  /**
   * Keep this connection's temporary files in memory. Every multi-row statement inside a transaction
   * keeps a statement journal (a copy of each page it touches, so that it alone can be undone); on disk
   * that is two write system calls per page, which for the ingest writer outnumbered its writes to
   * the database and its log together. The journal lives only as long as one statement.
   */
  tempInMemory?: boolean;
}

export function openSqliteHandle(file: string, opts: SqliteHandleOptions = {}): BetterSqlite3.Database {
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
  handle.pragma(`cache_size = -${opts.cacheKiB ?? DB_LIMITS.sqliteCacheKiB}`);
  if (opts.tempInMemory) handle.pragma('temp_store = MEMORY');
  handle.pragma(
    `wal_autocheckpoint = ${opts.autoCheckpoint === false ? 0 : DB_LIMITS.sqliteWalCheckpointPages}`,
  );
  return handle;
}

/**
 * Copies the write-ahead log back into the database as far as readers and writers allow, without
 * waiting for them (PASSIVE), and returns the log's length in bytes as the checkpoint found it; null
 * when another connection held the checkpoint lock, so nothing was copied or measured.
 */
export function checkpointLog(handle: BetterSqlite3.Database): number | null {
  const [result] = handle.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number; log: number }>;
  if (result?.busy !== 0 || result.log < 0) return null;
  const pageBytes = handle.pragma('page_size', { simple: true }) as number;
  return result.log * (pageBytes + WAL_FRAME_HEADER_BYTES);
}

/** Each page in the write-ahead log is preceded by a frame header of this size. */
const WAL_FRAME_HEADER_BYTES = 24;

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

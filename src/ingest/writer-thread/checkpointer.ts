/**
 * The SQLite checkpointer thread: copies the write-ahead log back into the database file when the
 * ingest thread says it has grown large. A checkpoint ends in disk syncs; done here, the writer goes on
 * committing meanwhile (WAL allows a checkpoint beside a writer) instead of waiting for them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteHandle } from '../../db/sqlite-handle.js';
import type { CheckpointerData } from './protocol.js';

/** The checkpointer reads pages straight from the log; it needs almost no cache of its own. */
const CHECKPOINTER_CACHE_KIB = 1024;

const { file } = workerData as CheckpointerData;
const handle = openSqliteHandle(file, { cacheKiB: CHECKPOINTER_CACHE_KIB, autoCheckpoint: false });
const port = parentPort!;

port.on('message', (message: 'checkpoint' | 'close') => {
  if (message === 'checkpoint') {
    // PASSIVE copies what it can without waiting for readers or the writer, so it never blocks them;
    // the next write transaction starts the log over once everything has been copied.
    handle.pragma('wal_checkpoint(PASSIVE)');
    return;
  }
  handle.close();
  port.close();
});

import type { DbTarget } from '../../config/urls.js';
import type { IngestTotals } from '../ingester.js';

/**
 * What each import thread is started with: its place among the threads. The threads start before the
 * command knows what to import (see ImportThreads); the import comes with ImportBegin.
 */
export interface ImportThreadData {
  /** This thread takes batches `index`, `index + threads`, … */
  index: number;
  threads: number;
  /** The threads' BatchTurns. */
  turns: SharedArrayBuffer;
}

/** The import: the file, where to write, and how. */
export interface ImportJob {
  file: string;
  /** Names the file in dead letters (`attack.log@56`). */
  label: string;
  /** State key the import's position commits under. */
  cursorKey: string;
  target: DbTarget;
  batchSize: number;
  /** On SQLite, each thread asks the main thread for a checkpoint after adding about this much to the log. */
  checkpointEveryBytes: number;
}

/**
 * Main thread → import threads, once the database is migrated and the resume point is in the turns:
 * the threads load their modules meanwhile, and only then open the database and start reading.
 */
export interface ImportBegin {
  begin: ImportJob;
}

/** Import thread → main thread, once, when the thread has no more batches or its batch failed. */
export type ImportOutcome = { ok: true; totals: IngestTotals } | { ok: false; error: string };

/**
 * Import thread → main thread, on SQLite, each time the thread has added about its share of
 * CHECKPOINT_EVERY_BYTES to the write-ahead log: the main thread, idle during an import, copies the log
 * back into the database (see ImportThreads).
 */
export interface ImportCheckpoint {
  checkpoint: true;
}

export type ImportMessage = ImportOutcome | ImportCheckpoint;

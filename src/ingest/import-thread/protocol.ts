import type { DbTarget } from '../../config/urls.js';
import type { IngestTotals } from '../ingester.js';

/** What the import thread is started with: the file and where to write. */
export interface ImportData {
  file: string;
  /** Names the file in dead letters (`attack.log@56`). */
  label: string;
  /** State key the import's position commits under. */
  cursorKey: string;
  target: DbTarget;
  batchSize: number;
  batchMaxWaitMs: number;
  logLevel: string;
}

/**
 * Main thread → import thread, once the database is migrated and the resume point read: the thread
 * loads its modules meanwhile, and only then starts its writer and reads from `offset`.
 */
export interface ImportBegin {
  /** Byte offset already imported by an earlier, interrupted run. */
  offset: number;
}

/** Import thread → main thread, once, when the file is done or the import failed. */
export type ImportOutcome = { ok: true; totals: IngestTotals } | { ok: false; error: string };

import type { DbTarget } from '../../config/urls.js';
import type { BatchResult } from '../apply.js';
import type { TrustedProxies } from '../bounties/index.js';
import type { IngestTotals } from '../ingester.js';
import type { SpoolPosition } from '../spool/position.js';

/** What the ingest thread is started with: where to read, from where, and where to write. */
export interface TailData {
  target: DbTarget;
  spoolDir: string;
  /** The committed position: the thread reads on from here. */
  start: SpoolPosition;
  cursorKey: string;
  batchSize: number;
  batchMaxWaitMs: number;
  trustedProxies: TrustedProxies;
}

/** Main thread → ingest thread: finish the batch in hand, close the database and exit. */
export interface TailStop {
  stop: true;
}

/** Ingest thread → main thread. */
export type TailReport =
  | { committed: SpoolPosition; result: BatchResult; totals: IngestTotals }
  | { log: 'error'; fields: Record<string, unknown>; message: string }
  | { stopped: true };

/** What the checkpointer thread is started with. */
export interface CheckpointerData {
  file: string;
}

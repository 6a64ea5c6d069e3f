import type { DbTarget } from '../../config/urls.js';
import type { BatchResult } from '../apply.js';
import type { BatchPlan } from '../plan.js';

/** Main thread → writer thread. */
export interface ApplyRequest {
  id: number;
  plan: BatchPlan;
}

/** Writer thread → main thread. */
export type ApplyResponse =
  | { id: number; ok: true; result: BatchResult }
  | { id: number; ok: false; error: string };

/** What the writer thread is started with. */
export interface WriterData {
  target: DbTarget;
}

/** What the checkpointer thread is started with. */
export interface CheckpointerData {
  file: string;
}

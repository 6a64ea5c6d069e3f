import { INGEST_LIMITS } from '../limits.js';

/**
 * The smallest batch the end of an import is cut into, in bytes (about 280 reference lines): below this
 * a batch's fixed costs (its commit, the attacker rows it loads and saves) outweigh what the split saves.
 */
export const TAIL_MIN_BYTES = 64 * 1024;

/**
 * The most bytes the next batch of a file import may take when `remaining` bytes of the file are left
 * for `threads` threads. Far from the end it is the usual cap, and the line count decides. Near the end
 * each batch takes at most its share of what is left, so the last batches shrink by halves and the
 * threads finish together: with whole batches, one thread planned and wrote the file's last batch
 * alone while the other waited with nothing to do (about a quarter of a second of one core).
 */
export function batchBytesLeft(remaining: number, threads: number): number {
  return Math.min(INGEST_LIMITS.maxBatchBytes, Math.max(TAIL_MIN_BYTES, Math.ceil(remaining / threads)));
}

/** Ingest limits and timings, in one place. */
export const INGEST_LIMITS = {
  /**
   * Longest line kept whole (RFC 5424 §6.1 lets receivers cap size; our formatter never writes more).
   * Longer lines are dead-lettered with their first bytes kept.
   */
  maxLineBytes: 64 * 1024,
  /**
   * Raw bytes of lines in one batch, whatever the line count: 10,000 lines of 64 KiB would otherwise
   * hold 640 MiB in memory at once. Typical lines are ~250 bytes, so batches end on the line count.
   */
  maxBatchBytes: 8 * 1024 * 1024,
  /**
   * Lines parsed and planned together inside a batch: the chunk's parsed records are dropped before the
   * next is parsed, so they die in the young generation rather than being copied and promoted by the
   * garbage collector. Planning allocates about 5.5 KB a line, and an import thread's young generation
   * fills every 4 MiB or so (IMPORT_THREAD_LIMITS): a chunk must be a small fraction of that, or most
   * scavenges find a whole chunk alive. 1,000-line chunks (5.5 MB) kept about 40 % of what was
   * allocated alive through a scavenge, 50-line chunks 26 %; 100-line chunks made the 200k import about
   * 7 % quicker, and 40-line ones about 2 % more.
   */
  planChunkLines: 50,
  /**
   * Planned batches handed to the writer and not yet committed, at most, during an import: two keep
   * the writer busy while the planner works on the next, and bound what is held in memory.
   */
  batchesInFlight: 2,
  /** Bytes read from a file per system call. */
  readChunkBytes: 1024 * 1024,
  /** How often an idle ingester looks at the spool again (events reach the database within this). */
  idlePollMs: 50,
  /** Pause after a failed batch (database down) before trying again, doubling up to the maximum. */
  retryInitialMs: 500,
  retryMaxMs: 15_000,
  /** Command text kept per command row. */
  maxCommandChars: 16 * 1024,
} as const;

/** Spool writer limits. */
export const SPOOL_LIMITS = {
  /** Buffered bytes that force an immediate write instead of waiting for the next flush tick. */
  maxBufferedBytes: 4 * 1024 * 1024,
} as const;

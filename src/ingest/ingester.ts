import { randomUUID } from 'node:crypto';
import type { DeadLetterInsert } from '../db/ingest/ingest-tx.js';
import type { LogRecord, ParseError, ParseResult } from '../events/record.js';
import { parseLine } from '../events/rfc5424/parse.js';
import { formatTimestamp } from '../events/rfc5424/timestamp.js';
import { replaceNul } from '../events/text.js';
import { type Clock, isAbortError } from '../runtime/clock.js';
import type { BatchResult } from './apply.js';
import type { ExtractBountiesOptions } from './bounties/index.js';
import { INGEST_LIMITS } from './limits.js';
import { lineBytes } from './line-reader.js';
import { type BatchInput, type BatchPlan, PlanBuilder } from './plan.js';
import type { BatchSink } from './sink.js';
import type { LineSource, SourceLine } from './sources.js';

/** What the ingester logs: a batch that failed and is retried. */
export interface IngestLog {
  error(fields: Record<string, unknown>, message: string): void;
}

export interface IngesterOptions {
  sink: BatchSink;
  clock: Clock;
  logger: IngestLog;
  /** A batch commits once it has this many lines… */
  batchSize: number;
  /** …or once its first line has waited this long. */
  batchMaxWaitMs: number;
  bounties: ExtractBountiesOptions;
  /** Ids of the bus events the planner writes (default: random UUIDs). */
  newId?: () => string;
  /** Called after every committed batch (the outbox relay uses it to publish without polling). */
  onCommitted?: (result: BatchResult, cursor: unknown) => void;
}

export interface IngestTotals {
  read: number;
  stored: number;
  deadLettered: number;
  batches: number;
}

/**
 * Tails a line source into the database in batches. Parsing is pure and never throws; a malformed line
 * becomes a dead letter and the ingester carries on. Each batch and the source position commit in
 * one transaction, so after kill -9 the next start replays only what had not committed.
 */
export class Ingester {
  readonly totals: IngestTotals = { read: 0, stored: 0, deadLettered: 0, batches: 0 };

  constructor(private readonly opts: IngesterOptions) {}

  /**
   * Reads and commits batches until the source has nothing more. While batches are being written the
   * next is read and planned, so parsing and writing overlap. Errors propagate. (A file import with no
   * instance running uses ImportThreads instead, which also spreads the planning over threads.)
   */
  async drain(source: LineSource, signal?: AbortSignal): Promise<IngestTotals> {
    const inFlight: Array<Promise<unknown>> = [];
    try {
      for (;;) {
        if (signal?.aborted) break;
        const { lines, cursor } = source.read(this.opts.batchSize, INGEST_LIMITS.maxBatchBytes);
        if (lines.length === 0) break;
        const plan = this.plan(source, lines, cursor);
        if (inFlight.length >= INGEST_LIMITS.batchesInFlight) await inFlight.shift();
        const writing = this.write(plan, lines.length, cursor);
        // Observed at once, so a failure that lands while the next batch is planned is not "unhandled".
        writing.catch(() => undefined);
        inFlight.push(writing);
      }
    } finally {
      // Never leave a batch half-reported: wait for those in flight (the first error propagates).
      for (const writing of inFlight) await writing;
    }
    return this.totals;
  }

  /**
   * Follows a live source until `signal` aborts. A batch waits for more lines up to `batchMaxWaitMs`;
   * a failed commit (database unreachable) is retried with backoff, keeping the lines already read.
   */
  async tail(source: LineSource, signal: AbortSignal): Promise<void> {
    const { clock, batchSize, batchMaxWaitMs } = this.opts;
    let pending: SourceLine[] = [];
    let pendingBytes = 0;
    let cursor: unknown = null;
    let firstAt = 0;
    let retryDelay: number = INGEST_LIMITS.retryInitialMs;
    try {
      while (!signal.aborted) {
        const full = pending.length >= batchSize || pendingBytes >= INGEST_LIMITS.maxBatchBytes;
        if (!full) {
          const got = source.read(batchSize - pending.length, INGEST_LIMITS.maxBatchBytes - pendingBytes);
          if (got.lines.length > 0) {
            if (pending.length === 0) firstAt = clock.now();
            pending = pending.concat(got.lines);
            for (const line of got.lines) pendingBytes += line.size + 1;
            cursor = got.cursor;
          }
        }
        if (pending.length === 0) {
          await clock.sleep(INGEST_LIMITS.idlePollMs, signal);
          continue;
        }
        const waited = clock.now() - firstAt;
        const batchFull = pending.length >= batchSize || pendingBytes >= INGEST_LIMITS.maxBatchBytes;
        if (!batchFull && waited < batchMaxWaitMs) {
          await clock.sleep(Math.min(INGEST_LIMITS.idlePollMs, batchMaxWaitMs - waited), signal);
          continue;
        }
        try {
          await this.commit(source, pending, cursor);
          pending = [];
          pendingBytes = 0;
          retryDelay = INGEST_LIMITS.retryInitialMs;
        } catch (err) {
          this.opts.logger.error(
            { err: (err as Error).message, lines: pending.length, retryInMs: retryDelay },
            'ingest batch failed; nothing of it was stored, retrying',
          );
          await clock.sleep(retryDelay, signal);
          retryDelay = Math.min(retryDelay * 2, INGEST_LIMITS.retryMaxMs);
        }
      }
    } catch (err) {
      if (!isAbortError(err)) throw err;
    }
    // Lines read but not committed are simply read again on the next start: the cursor did not move.
  }

  private async commit(source: LineSource, lines: SourceLine[], cursor: unknown): Promise<BatchResult> {
    return this.write(this.plan(source, lines, cursor), lines.length, cursor);
  }

  private plan(source: LineSource, lines: SourceLine[], cursor: unknown): BatchPlan {
    return planLines(source, lines, cursor, {
      clock: this.opts.clock,
      newId: this.opts.newId ?? randomUUID,
      bounties: this.opts.bounties,
    });
  }

  private async write(plan: BatchPlan, lineCount: number, cursor: unknown): Promise<BatchResult> {
    const result = await this.opts.sink.apply(plan);
    this.totals.read += lineCount;
    this.totals.stored += result.stored;
    this.totals.deadLettered += result.deadLettered;
    this.totals.batches++;
    this.opts.onCommitted?.(result, cursor);
    return result;
  }
}

/** What planning a batch needs besides its lines. */
export interface PlanLinesOptions {
  clock: Clock;
  newId: () => string;
  bounties: ExtractBountiesOptions;
}

/**
 * Parses and plans one batch of a source's lines, a chunk at a time (see PlanBuilder: each chunk's
 * records die young). `cursor` is where the source stands after these lines.
 */
export function planLines(
  source: Pick<LineSource, 'name' | 'cursorKey' | 'describe'>,
  lines: SourceLine[],
  cursor: unknown,
  opts: PlanLinesOptions,
): BatchPlan {
  const nowMs = opts.clock.now();
  const now = formatTimestamp(nowMs * 1000);
  let lineBytes = 0;
  for (const line of lines) lineBytes += line.oversized ? 0 : line.size;
  const builder = new PlanBuilder({
    now,
    ts: nowMs / 1000,
    newId: opts.newId,
    bounties: opts.bounties,
    lineBytes,
  });
  for (let i = 0; i < lines.length; i += INGEST_LIMITS.planChunkLines) {
    const chunk = parseLines(source, lines.slice(i, i + INGEST_LIMITS.planChunkLines), now);
    builder.addLogs(chunk.logs);
    builder.addDeadLetters(chunk.deadLetters);
  }
  return builder.build(source.cursorKey ? { key: source.cursorKey, value: cursor } : null, source.name);
}

function parseLines(
  source: Pick<LineSource, 'describe'>,
  lines: SourceLine[],
  receivedAt: string,
): Pick<BatchInput, 'logs' | 'deadLetters'> {
  const logs: Array<{ record: LogRecord; rawLine: string }> = [];
  const deadLetters: DeadLetterInsert[] = [];
  for (const line of lines) {
    const text = line.text;
    const parsed: ParseResult = line.oversized
      ? {
          ok: false,
          error: {
            code: 'too_long',
            column: INGEST_LIMITS.maxLineBytes + 1,
            message: `line is ${line.size} bytes; the limit is ${INGEST_LIMITS.maxLineBytes}`,
          },
        }
      : parseLine(text, { receivedAt: () => receivedAt });
    if (parsed.ok) logs.push({ record: parsed.record, rawLine: replaceNul(text) });
    else deadLetters.push(deadLetter(line, source.describe(line), text, receivedAt, parsed.error));
  }
  return { logs, deadLetters };
}

function deadLetter(
  line: SourceLine,
  where: string,
  text: string,
  receivedAt: string,
  error: ParseError,
): DeadLetterInsert {
  return {
    received_at: receivedAt,
    source: where,
    error_code: error.code,
    error_column: error.column,
    error_message: error.message,
    raw_line: replaceNul(text),
    raw_b64: lineBytes(line).toString('base64'),
    raw_size: line.size,
  };
}

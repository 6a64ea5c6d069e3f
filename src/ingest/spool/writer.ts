import { closeSync, fdatasyncSync, fstatSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { type Clock, isAbortError } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';
import { SPOOL_LIMITS } from '../limits.js';
import { listSegments, type SpoolPosition, segmentPath } from './position.js';

export interface SpoolWriterOptions {
  /** A segment is closed and the next one started once it reaches this size. */
  segmentBytes: number;
  /** Buffered lines are written and fsync'd at least this often. */
  fsyncMs: number;
  clock: Clock;
  logger: Logger;
}

const NEWLINE = 0x0a;

/**
 * The append-only spool of RFC 5424 lines in DECNET_HOME. Emitters append; lines are buffered and
 * written with one write + fdatasync per flush, so a burst of events costs one disk sync. One writer
 * per spool directory (the running instance); the ingester reads behind it.
 */
export class SpoolWriter {
  private handle: FileHandle | null = null;
  private segment = 0;
  private size = 0;
  private pending: Buffer[] = [];
  /** Lines appended since the last seal, encoded together (one Buffer per line cost more than the line). */
  private pendingLines: string[] = [];
  /** Bytes in `pending` plus UTF-16 units (and newlines) in `pendingLines`. */
  private pendingBytes = 0;
  private flushing: Promise<SpoolPosition> = Promise.resolve({ segment: 0, offset: 0 });
  private closed = false;
  private linesWritten = 0;
  /** The file ends inside a line whose rest is still buffered (a write failed part-way). */
  private midLine = false;

  private constructor(
    private readonly dir: string,
    private readonly opts: SpoolWriterOptions,
  ) {}

  static async open(dir: string, opts: SpoolWriterOptions): Promise<SpoolWriter> {
    mkdirSync(dir, { recursive: true });
    const writer = new SpoolWriter(dir, opts);
    const last = listSegments(dir).at(-1) ?? 1;
    terminateTornLine(segmentPath(dir, last));
    await writer.openSegment(last);
    return writer;
  }

  /** Appends one line (without its newline). A line must not contain a newline; one would split it. */
  append(line: string): void {
    if (this.closed) throw new Error('spool is closed');
    const safe = line.includes('\n') || line.includes('\r') ? line.replace(/[\r\n]/g, ' ') : line;
    this.pendingLines.push(safe);
    this.pendingBytes += safe.length + 1;
    this.linesWritten += 1;
    if (this.pendingBytes >= SPOOL_LIMITS.maxBufferedBytes)
      void this.flush().catch((err) => this.reportFailure(err));
  }

  /** Encodes the appended lines into `pending`, behind what is there. */
  private seal(): void {
    if (this.pendingLines.length === 0) return;
    const text = `${this.pendingLines.join('\n')}\n`;
    this.pendingLines = [];
    const bytes = Buffer.from(text, 'utf8');
    this.pending.push(bytes);
    this.pendingBytes += bytes.length - text.length;
  }

  /** Appends exact bytes: whole lines, each ending with a newline (an import handed over verbatim). */
  appendBytes(block: Buffer): void {
    if (this.closed) throw new Error('spool is closed');
    if (block.length === 0) return;
    const whole = block[block.length - 1] === NEWLINE ? block : Buffer.concat([block, Buffer.from('\n')]);
    let lines = 0;
    for (let i = whole.indexOf(NEWLINE); i !== -1; i = whole.indexOf(NEWLINE, i + 1)) lines++;
    this.seal();
    this.push(whole, lines);
  }

  /** Lines appended since this writer opened (for status). */
  get appended(): number {
    return this.linesWritten;
  }

  /** Writes and syncs everything appended so far; resolves with the end position once it is durable. */
  flush(): Promise<SpoolPosition> {
    this.flushing = this.flushing.then(
      () => this.writePending(),
      () => this.writePending(),
    );
    return this.flushing;
  }

  /** Resolves when the write in progress (if any) has finished; schedules nothing. */
  async settled(): Promise<void> {
    await this.flushing.catch(() => undefined);
  }

  /** Flushes every `fsyncMs` until the signal aborts, then flushes once more. */
  async run(signal: AbortSignal): Promise<void> {
    try {
      for (;;) {
        await this.opts.clock.sleep(this.opts.fsyncMs, signal);
        if (this.pendingBytes > 0) await this.flush().catch((err) => this.reportFailure(err));
      }
    } catch (err) {
      if (!isAbortError(err)) throw err;
    }
    await this.flush().catch((err) => this.reportFailure(err));
  }

  async close(): Promise<SpoolPosition> {
    const end = await this.flush();
    this.closed = true;
    await this.handle?.close();
    this.handle = null;
    return end;
  }

  private push(buf: Buffer, lines: number): void {
    this.pending.push(buf);
    this.pendingBytes += buf.length;
    this.linesWritten += lines;
    if (this.pendingBytes >= SPOOL_LIMITS.maxBufferedBytes)
      void this.flush().catch((err) => this.reportFailure(err));
  }

  private reportFailure(err: unknown): void {
    // The lines stay buffered and the next flush retries them; a full disk must not lose events silently.
    this.opts.logger.error({ err: (err as Error).message, dir: this.dir }, 'spool write failed; will retry');
  }

  /**
   * Takes the buffered lines before the first await, so lines appended while the write and sync are in
   * flight wait for the next flush instead of being cleared with this batch. A failed write puts back
   * what did not reach the file, in front of anything appended since.
   */
  private async writePending(): Promise<SpoolPosition> {
    if (this.pendingBytes > 0 && !this.closed) {
      this.seal();
      const batch =
        this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
      this.pending = [];
      this.pendingBytes = 0;
      let written = 0;
      try {
        // A rotation that failed to open the next segment is retried here.
        if (this.handle === null) await this.openSegment(this.segment);
        // A batch that resumes a half-written line stays in that line's segment.
        if (!this.midLine && this.size > 0 && this.size + batch.length > this.opts.segmentBytes) {
          const full = this.handle as FileHandle;
          await full.datasync();
          await full.close();
          this.handle = null;
          await this.openSegment(this.segment + 1);
        }
        const handle = this.handle as FileHandle;
        while (written < batch.length) {
          const { bytesWritten } = await handle.write(batch, written, batch.length - written);
          written += bytesWritten;
          this.size += bytesWritten;
        }
        await handle.datasync();
      } catch (err) {
        const rest = batch.subarray(written);
        if (rest.length > 0) {
          this.pending.unshift(rest);
          this.pendingBytes += rest.length;
        }
        if (written > 0) this.midLine = batch[written - 1] !== NEWLINE;
        throw err;
      }
      this.midLine = false;
    }
    return { segment: this.segment, offset: this.size };
  }

  private async openSegment(segment: number): Promise<void> {
    this.handle = await open(segmentPath(this.dir, segment), 'a');
    this.segment = segment;
    this.size = (await this.handle.stat()).size;
  }
}

/**
 * A crash in the middle of a write can leave the last line without its newline. Ending it now makes it
 * one malformed line (dead-lettered, kept) instead of silently gluing it to the next event.
 */
function terminateTornLine(file: string): void {
  let fd: number;
  try {
    fd = openSync(file, 'r+');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  try {
    const { size } = fstatSync(fd);
    if (size === 0) return;
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    if (last[0] !== NEWLINE) {
      writeSync(fd, Buffer.from('\n'), 0, 1, size);
      fdatasyncSync(fd);
    }
  } finally {
    closeSync(fd);
  }
}

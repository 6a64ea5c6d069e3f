import { readSync } from 'node:fs';

/** One line as read from a file: exact bytes, never more than the cap. */
export interface RawLine {
  /** The line without its newline (and without a trailing CR), cut to `maxLineBytes` when oversized. */
  bytes: Buffer;
  /** The full length of the line in bytes, without its newline. */
  size: number;
  /** Byte offset of the line's first byte in its file. */
  offset: number;
  oversized: boolean;
}

export interface ReadResult {
  lines: RawLine[];
  /** The offset just past the last returned line: where the next read starts. */
  offset: number;
}

const NEWLINE = 0x0a;
const CR = 0x0d;

/**
 * Splits a file into lines from a byte offset, in bounded memory: a line longer than `maxLineBytes` is
 * returned cut to that size with `oversized` set, however long it is, and the rest of it is skipped.
 * A final line without a newline is returned only when the caller says the file is complete (`final`),
 * since a live spool may be in the middle of writing it.
 */
export class FileLineReader {
  private buf: Buffer;
  /** File offset of buf[0]. */
  private bufStart: number;
  private bufLen = 0;
  /** Scan position inside buf. */
  private pos = 0;

  constructor(
    private readonly fd: number,
    offset: number,
    private readonly maxLineBytes: number,
    chunkBytes: number,
  ) {
    this.buf = Buffer.allocUnsafe(Math.max(chunkBytes, maxLineBytes + 1) + maxLineBytes);
    this.bufStart = offset;
  }

  read(maxLines: number, final: boolean): ReadResult {
    const lines: RawLine[] = [];
    while (lines.length < maxLines) {
      const nl = this.buf.indexOf(NEWLINE, this.pos);
      if (nl !== -1 && nl < this.bufLen) {
        lines.push(this.takeLine(this.pos, nl, nl - this.pos));
        this.pos = nl + 1;
        continue;
      }
      const pending = this.bufLen - this.pos;
      if (pending > this.maxLineBytes) {
        const line = this.skipOversized(final);
        if (!line) break;
        lines.push(line);
        continue;
      }
      if (this.fill() === 0) {
        if (final && this.bufLen > this.pos) {
          lines.push(this.takeLine(this.pos, this.bufLen, this.bufLen - this.pos));
          this.pos = this.bufLen;
        }
        break;
      }
    }
    return { lines, offset: this.bufStart + this.pos };
  }

  private takeLine(start: number, end: number, size: number): RawLine {
    let stop = end;
    let length = size;
    if (stop > start && this.buf[stop - 1] === CR) {
      stop--;
      length--;
    }
    const oversized = stop - start > this.maxLineBytes;
    const bytes = Buffer.from(this.buf.subarray(start, oversized ? start + this.maxLineBytes : stop));
    return { bytes, size: length, offset: this.bufStart + start, oversized };
  }

  /**
   * The line at `pos` is longer than the cap. Keep its head, then read on, discarding, until its
   * newline. If the file ends first and is not final, rewind to the line's start and report nothing:
   * the next read tries again once more has been written.
   */
  private skipOversized(final: boolean): RawLine | null {
    const lineStart = this.bufStart + this.pos;
    const head = Buffer.from(this.buf.subarray(this.pos, this.pos + this.maxLineBytes));
    let size = this.bufLen - this.pos;
    let fileOffset = this.bufStart + this.bufLen;
    for (;;) {
      const n = readSync(this.fd, this.buf, 0, this.buf.length, fileOffset);
      if (n === 0) {
        if (final) {
          this.reset(fileOffset);
          return { bytes: head, size, offset: lineStart, oversized: true };
        }
        this.reset(lineStart);
        return null;
      }
      const nl = this.buf.indexOf(NEWLINE, 0);
      if (nl !== -1 && nl < n) {
        size += nl;
        this.bufStart = fileOffset;
        this.bufLen = n;
        this.pos = nl + 1;
        return { bytes: head, size, offset: lineStart, oversized: true };
      }
      size += n;
      fileOffset += n;
    }
  }

  private reset(offset: number): void {
    this.bufStart = offset;
    this.bufLen = 0;
    this.pos = 0;
  }

  /** Moves unread bytes to the front of the buffer and reads more after them. Returns bytes read. */
  private fill(): number {
    if (this.pos > 0) {
      this.buf.copy(this.buf, 0, this.pos, this.bufLen);
      this.bufStart += this.pos;
      this.bufLen -= this.pos;
      this.pos = 0;
    }
    const room = this.buf.length - this.bufLen;
    if (room === 0) return 0;
    const n = readSync(this.fd, this.buf, this.bufLen, room, this.bufStart + this.bufLen);
    this.bufLen += n;
    return n;
  }
}

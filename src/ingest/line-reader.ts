import { isUtf8 } from 'node:buffer';
import { readSync } from 'node:fs';

/** One line as read from a file, never more than the cap. */
export interface RawLine {
  /** The line without its newline (and without a trailing CR) as text, cut to `maxLineBytes` when oversized. */
  text: string;
  /**
   * The exact bytes when `text` cannot give them back (invalid UTF-8), else null: copying every line's
   * bytes would double the memory of a batch for the rare line that needs them. See `lineBytes`.
   */
  invalidUtf8Bytes: Buffer | null;
  /** The full length of the line in bytes, without its newline. */
  size: number;
  /** Byte offset of the line's first byte in its file. */
  offset: number;
  /** Which file of a series the line is in (the spool segment), or 0. */
  file: number;
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
    /** Stamped on every line as `file`. */
    private readonly fileNumber = 0,
  ) {
    this.buf = Buffer.allocUnsafe(Math.max(chunkBytes, maxLineBytes + 1) + maxLineBytes);
    this.bufStart = offset;
  }

  /** Up to `maxLines` lines, stopping early once they hold `maxBytes` (at least one line is returned). */
  read(maxLines: number, final: boolean, maxBytes = Number.POSITIVE_INFINITY): ReadResult {
    const lines: RawLine[] = [];
    let bytes = 0;
    while (lines.length < maxLines && bytes < maxBytes) {
      const nl = this.buf.indexOf(NEWLINE, this.pos);
      if (nl !== -1 && nl < this.bufLen) {
        lines.push(this.takeLine(this.pos, nl, nl - this.pos));
        bytes += nl - this.pos + 1;
        this.pos = nl + 1;
        continue;
      }
      const pending = this.bufLen - this.pos;
      if (pending > this.maxLineBytes) {
        const line = this.skipOversized(final);
        if (!line) break;
        lines.push(line);
        bytes += this.maxLineBytes;
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

  /**
   * Continues from `offset`, which must start a line: what is buffered is kept if it covers the offset,
   * so a reader that is moved forward past lines another reader took does not read them again.
   */
  seek(offset: number): void {
    if (offset >= this.bufStart && offset <= this.bufStart + this.bufLen) this.pos = offset - this.bufStart;
    else this.reset(offset);
  }

  private takeLine(start: number, end: number, size: number): RawLine {
    let stop = end;
    let length = size;
    if (stop > start && this.buf[stop - 1] === CR) {
      stop--;
      length--;
    }
    const oversized = stop - start > this.maxLineBytes;
    const { text, invalidUtf8Bytes } = decode(
      this.buf.subarray(start, oversized ? start + this.maxLineBytes : stop),
    );
    return {
      text,
      invalidUtf8Bytes,
      size: length,
      offset: this.bufStart + start,
      file: this.fileNumber,
      oversized,
    };
  }

  /**
   * The line at `pos` is longer than the cap. Keep its head, then read on, discarding, until its
   * newline. If the file ends first and is not final, rewind to the line's start and report nothing:
   * the next read tries again once more has been written.
   */
  private skipOversized(final: boolean): RawLine | null {
    const lineStart = this.bufStart + this.pos;
    const head = decode(this.buf.subarray(this.pos, this.pos + this.maxLineBytes));
    let size = this.bufLen - this.pos;
    let fileOffset = this.bufStart + this.bufLen;
    for (;;) {
      const n = readSync(this.fd, this.buf, 0, this.buf.length, fileOffset);
      if (n === 0) {
        if (final) {
          this.reset(fileOffset);
          return { ...head, size, offset: lineStart, file: this.fileNumber, oversized: true };
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
        return { ...head, size, offset: lineStart, file: this.fileNumber, oversized: true };
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

function decode(view: Buffer): { text: string; invalidUtf8Bytes: Buffer | null } {
  return { text: view.toString('utf8'), invalidUtf8Bytes: isUtf8(view) ? null : Buffer.from(view) };
}

/** The exact bytes of a line (as kept: an oversized line's first `maxLineBytes`). */
export function lineBytes(line: RawLine): Buffer {
  return line.invalidUtf8Bytes ?? Buffer.from(line.text, 'utf8');
}

/**
 * Lines out of a byte stream, bounded: a line longer than the caller's limit is never kept whole (its
 * bytes are dropped as they come and the reader reports `too_long` once its end arrives), so nothing a
 * client sends grows memory past one chunk plus one line. Raw byte runs (IMAP literals) come out of the
 * same buffer with `bytes`.
 */

/** RFC 5321 §4.5.3.1: command lines, text lines and how long each may be (without CRLF). */
export const MAIL_LINE_LIMITS = {
  /** §4.5.3.1.4: a command line is at most 512 octets with CRLF. */
  commandLine: 510,
  /** §4.5.3.1.6: a text line (DATA) is at most 1000 octets with CRLF. */
  textLine: 998,
} as const;

export type LineItem = { kind: 'line'; line: Buffer } | { kind: 'too_long' };

const LF = 0x0a;
const CR = 0x0d;
const EMPTY = Buffer.alloc(0);

export class LineReader {
  private pending: Buffer = EMPTY;
  /** Inside a line already over the limit: its bytes are dropped until its LF. */
  private discarding = false;

  push(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
  }

  /** The next whole line (without CRLF or LF), `too_long` for one over `maxLength`, or null for none yet. */
  next(maxLength: number): LineItem | null {
    const lf = this.pending.indexOf(LF);
    if (lf < 0) {
      if (this.pending.length > maxLength + 1) {
        this.discarding = true;
        this.pending = EMPTY;
      }
      return null;
    }
    const raw = this.pending.subarray(0, lf);
    this.pending = this.pending.subarray(lf + 1);
    if (this.discarding) {
      this.discarding = false;
      return { kind: 'too_long' };
    }
    const line = raw.length > 0 && raw[raw.length - 1] === CR ? raw.subarray(0, -1) : raw;
    if (line.length > maxLength) return { kind: 'too_long' };
    return { kind: 'line', line };
  }

  /** Up to `max` raw bytes already received (IMAP literals); an empty buffer when none are. */
  bytes(max: number): Buffer {
    const taken = this.pending.subarray(0, max);
    this.pending = this.pending.subarray(taken.length);
    return taken;
  }

  /** Puts bytes taken with `bytes` but not used back in front of the buffer. */
  unshift(bytes: Buffer): void {
    this.pending = this.pending.length === 0 ? bytes : Buffer.concat([bytes, this.pending]);
  }

  /** Bytes received and not yet taken. */
  get buffered(): number {
    return this.pending.length;
  }
}

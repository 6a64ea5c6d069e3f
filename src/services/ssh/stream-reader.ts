/**
 * Pull-style reads over a channel (lines, exact byte counts, single bytes) for protocols that take turns,
 * such as scp's. Reads go through the stream's async iterator, so a client sending faster than we
 * consume is held back by the channel window instead of filling memory. A stream that errors or is
 * destroyed reads as ended. The iterator leaves the stream open at its end: the channel still has an
 * exit status to send after the client's EOF.
 */
import type { Readable } from 'node:stream';

export class LineTooLongError extends Error {
  constructor(readonly limit: number) {
    super(`line longer than ${limit} bytes`);
    this.name = 'LineTooLongError';
  }
}

export class StreamReader {
  private readonly iterator: AsyncIterator<unknown>;
  private pending: Buffer = Buffer.alloc(0);
  private ended = false;

  constructor(stream: Readable) {
    this.iterator = stream.iterator({ destroyOnReturn: false });
  }

  /** The next line without its LF; null at end of stream. Throws LineTooLongError past `maxBytes`. */
  async readLine(maxBytes: number): Promise<Buffer | null> {
    for (;;) {
      const lf = this.pending.indexOf(0x0a);
      if (lf !== -1 && lf <= maxBytes) {
        const line = this.pending.subarray(0, lf);
        this.pending = this.pending.subarray(lf + 1);
        return line;
      }
      if (lf > maxBytes || (lf === -1 && this.pending.length > maxBytes))
        throw new LineTooLongError(maxBytes);
      if (!(await this.fill())) return null;
    }
  }

  /** Exactly `length` bytes, or null if the stream ends first. */
  async readExactly(length: number): Promise<Buffer | null> {
    const parts: Buffer[] = [];
    let have = 0;
    while (have < length) {
      if (this.pending.length === 0 && !(await this.fill())) return null;
      const take = this.pending.subarray(0, length - have);
      parts.push(take);
      have += take.length;
      this.pending = this.pending.subarray(take.length);
    }
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, length);
  }

  /** One byte, or null at end of stream. */
  async readByte(): Promise<number | null> {
    if (this.pending.length === 0 && !(await this.fill())) return null;
    const byte = this.pending[0] as number;
    this.pending = this.pending.subarray(1);
    return byte;
  }

  private async fill(): Promise<boolean> {
    if (this.ended) return false;
    let next: IteratorResult<unknown>;
    try {
      next = await this.iterator.next();
    } catch {
      next = { done: true, value: undefined };
    }
    if (next.done) {
      this.ended = true;
      return false;
    }
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(String(next.value));
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    return true;
  }
}

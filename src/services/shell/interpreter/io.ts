/**
 * The shell's file descriptors. Nothing streams: a pipeline stage runs to completion and hands its whole
 * output to the next, so an input is a buffer read from the front, and an output is a sink. Every
 * buffer that collects output is bounded; past the bound the writer is told (a pipe's reader "closed").
 */

export interface OutputSink {
  write(data: Buffer): void;
}

export const NULL_SINK: OutputSink = { write() {} };

/** A descriptor's input: bytes read from the front (`read` takes a line, a command takes the rest). */
export class InputStream {
  private offset = 0;

  constructor(private readonly data: Buffer = Buffer.alloc(0)) {}

  get atEnd(): boolean {
    return this.offset >= this.data.length;
  }

  /** Everything not yet read. */
  readAll(): Buffer {
    const rest = this.data.subarray(this.offset);
    this.offset = this.data.length;
    return rest;
  }

  /** Up to (not including) the delimiter byte; null when nothing is left. */
  readUntil(delimiter: number): { bytes: string; terminated: boolean } | null {
    if (this.atEnd) return null;
    const end = this.data.indexOf(delimiter, this.offset);
    if (end === -1) return { bytes: this.readAll().toString('latin1'), terminated: false };
    const bytes = this.data.subarray(this.offset, end).toString('latin1');
    this.offset = end + 1;
    return { bytes, terminated: true };
  }

  /** Up to `count` bytes; null when nothing is left. */
  readBytes(count: number): string | null {
    if (this.atEnd) return null;
    const end = Math.min(this.data.length, this.offset + count);
    const bytes = this.data.subarray(this.offset, end).toString('latin1');
    this.offset = end;
    return bytes;
  }
}

/**
 * Collects output up to `limit` bytes (a pipe, a command substitution, a file being written). The first
 * write past the limit keeps what fits and calls `onFull` once, as a reader closing its end would.
 */
export class Collector implements OutputSink {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  full = false;

  constructor(
    private readonly limit: number,
    private readonly onFull?: () => void,
  ) {}

  write(data: Buffer): void {
    if (this.full) return;
    const room = this.limit - this.size;
    if (data.length > room) {
      if (room > 0) this.chunks.push(Buffer.from(data.subarray(0, room)));
      this.size = this.limit;
      this.full = true;
      this.onFull?.();
      return;
    }
    this.chunks.push(Buffer.from(data));
    this.size += data.length;
  }

  get length(): number {
    return this.size;
  }

  bytes(): Buffer {
    return this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
  }
}

export type Fd = { kind: 'in'; stream: InputStream } | { kind: 'out'; sink: OutputSink };

const EMPTY_INPUT_DATA = Buffer.alloc(0);

/** A command's descriptor table (0, 1, 2 and any a redirection opened). Copied, never shared, when changed. */
export class Fds {
  private constructor(private readonly table: ReadonlyMap<number, Fd>) {}

  static of(stdin: InputStream, stdout: OutputSink, stderr: OutputSink): Fds {
    return new Fds(
      new Map<number, Fd>([
        [0, { kind: 'in', stream: stdin }],
        [1, { kind: 'out', sink: stdout }],
        [2, { kind: 'out', sink: stderr }],
      ]),
    );
  }

  get(fd: number): Fd | undefined {
    return this.table.get(fd);
  }

  with(fd: number, entry: Fd): Fds {
    const table = new Map(this.table);
    table.set(fd, entry);
    return new Fds(table);
  }

  without(fd: number): Fds {
    const table = new Map(this.table);
    table.delete(fd);
    return new Fds(table);
  }

  /** The input on `fd` (0 by default); a closed or output descriptor reads as empty. */
  input(fd = 0): InputStream {
    const entry = this.table.get(fd);
    return entry?.kind === 'in' ? entry.stream : new InputStream(EMPTY_INPUT_DATA);
  }

  output(fd: number): OutputSink {
    const entry = this.table.get(fd);
    return entry?.kind === 'out' ? entry.sink : NULL_SINK;
  }

  get stdout(): OutputSink {
    return this.output(1);
  }

  get stderr(): OutputSink {
    return this.output(2);
  }
}

/**
 * A session's terminal recording in asciinema's v2 format (https://docs.asciinema.org/manual/asciicast/v2/):
 * a JSON header line, then one `[seconds, code, data]` line per chunk ("o" output, "i" input, "r"
 * resize), so `asciinema play` and compatible players replay it as the attacker saw it. Written as it
 * happens, bounded in size; a session past the bound keeps its beginning and says it was truncated.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';

export const RECORDING_LIMITS = {
  /** The reference's sessrec cap (spec §3.1). */
  maxBytes: 10 * 1024 * 1024,
} as const;

export interface RecordingHeader {
  columns: number;
  rows: number;
  /** Session start, epoch milliseconds. */
  startedMs: number;
  shell: string;
  term: string;
}

export interface RecordingSummary {
  /** File name inside the recordings directory. */
  file: string;
  bytes: number;
  truncated: boolean;
}

export class SessionRecording {
  private readonly stream: WriteStream | null;
  private readonly decoders = { o: new StringDecoder('utf8'), i: new StringDecoder('utf8') };
  private bytes = 0;
  private truncated = false;
  private closed = false;
  private readonly done: Promise<void>;
  readonly file: string;

  constructor(
    dir: string,
    sid: string,
    private readonly header: RecordingHeader,
    private readonly now: () => number,
    onError: (err: Error) => void,
  ) {
    this.file = `${sid}.cast`;
    let stream: WriteStream | null = null;
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      stream = createWriteStream(join(dir, this.file), { flags: 'wx', mode: 0o600 });
      stream.on('error', onError);
    } catch (err) {
      onError(err as Error);
    }
    this.stream = stream;
    this.done = stream
      ? new Promise((resolve) => {
          stream.once('close', () => resolve());
          stream.once('error', () => resolve());
        })
      : Promise.resolve();
    this.write(
      `${JSON.stringify({
        version: 2,
        width: header.columns,
        height: header.rows,
        timestamp: Math.floor(header.startedMs / 1000),
        env: { SHELL: header.shell, TERM: header.term },
      })}\n`,
    );
  }

  output(data: Buffer | string): void {
    this.event('o', data);
  }

  input(data: Buffer | string): void {
    this.event('i', data);
  }

  resize(columns: number, rows: number): void {
    this.line('r', `${columns}x${rows}`);
  }

  /** Flushes and closes the file; what it recorded. */
  close(): RecordingSummary {
    if (!this.closed) {
      this.closed = true;
      this.stream?.end();
    }
    return { file: this.file, bytes: this.bytes, truncated: this.truncated };
  }

  /** Resolves once the file is written and closed (after `close`). */
  flushed(): Promise<void> {
    return this.done;
  }

  private event(code: 'o' | 'i', data: Buffer | string): void {
    // A decoder per direction keeps a UTF-8 character split across two chunks whole.
    const text = typeof data === 'string' ? data : this.decoders[code].write(data);
    if (text !== '') this.line(code, text);
  }

  private line(code: string, data: string): void {
    const seconds = Math.max(0, (this.now() - this.header.startedMs) / 1000);
    this.write(`${JSON.stringify([Number(seconds.toFixed(6)), code, data])}\n`);
  }

  private write(text: string): void {
    if (this.closed || this.truncated) return;
    const size = Buffer.byteLength(text);
    if (this.bytes + size > RECORDING_LIMITS.maxBytes) {
      this.truncated = true;
      return;
    }
    this.bytes += size;
    this.stream?.write(text);
  }
}

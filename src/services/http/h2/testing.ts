/**
 * Test support for HTTP/2 (not shipped: tsconfig.build.json excludes `testing.ts`): a raw client that
 * sends hand-made frames over a real socket and reads the server's frames back with the same frame
 * reader and HPACK decoder the server uses. Every wait is on received bytes or the close, never a timer.
 */
import { connect, type Socket } from 'node:net';
import { type HeaderField, HpackDecoder } from '../../../fingerprint/hpack.js';
import { encodeFrame, FrameReader, FrameType, headerFrames, settingsFrame } from './frame.js';
import { HTTP2_PREFACE } from './h2c.js';
import { encodeHeaderBlock } from './hpack-encoder.js';
import { MAX_MAX_FRAME_SIZE } from './limits.js';

export interface ReceivedFrame {
  type: number;
  flags: number;
  streamId: number;
  payload: Buffer;
}

/** A request's HEADERS (and CONTINUATIONs) from plain fields, as a client would send them. */
export function requestFrames(
  streamId: number,
  fields: readonly (readonly [string, string])[],
  endStream = true,
  maxFrameSize = 16_384,
): Buffer {
  return headerFrames(streamId, encodeHeaderBlock(fields), endStream, maxFrameSize);
}

export const GET_ROOT: readonly (readonly [string, string])[] = [
  [':method', 'GET'],
  [':scheme', 'http'],
  [':authority', 'decoy'],
  [':path', '/'],
  ['user-agent', 'raw-h2-test'],
];

export class RawHttp2Client {
  readonly frames: ReceivedFrame[] = [];
  private readonly reader = new FrameReader(MAX_MAX_FRAME_SIZE);
  private readonly decoder = new HpackDecoder();
  private data: Buffer[] = [];
  private waiters: Array<() => void> = [];
  private isClosed = false;
  /** The HTTP/1.1 head before the frames, when the client expects one (an h2c Upgrade's 101). */
  http1Head: string | null = null;
  private pendingHead: Buffer | null;
  readonly closed: Promise<void>;

  private constructor(
    readonly socket: Socket,
    expectHttp1Head: boolean,
  ) {
    this.pendingHead = expectHttp1Head ? Buffer.alloc(0) : null;
    socket.on('data', (chunk: Buffer) => {
      this.read(chunk);
      this.wake();
    });
    socket.on('error', () => {});
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.isClosed = true;
        this.wake();
        resolve();
      }),
    );
  }

  /** Connects; by default sends the preface and an empty SETTINGS, as the shortest valid client does. */
  static connect(
    port: number,
    options: {
      preface?: boolean;
      settings?: readonly (readonly [number, number])[];
      /** The server answers with an HTTP/1.1 head first (101 Switching Protocols). */
      http1Head?: boolean;
    } = {},
  ): Promise<RawHttp2Client> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1' });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        const client = new RawHttp2Client(socket, options.http1Head === true);
        if (options.preface !== false) client.send(HTTP2_PREFACE, settingsFrame(options.settings ?? []));
        resolve(client);
      });
    });
  }

  get isOpen(): boolean {
    return !this.isClosed;
  }

  send(...chunks: Buffer[]): void {
    if (!this.socket.destroyed) this.socket.write(Buffer.concat(chunks));
  }

  frame(type: number, flags: number, streamId: number, payload: Buffer = Buffer.alloc(0)): void {
    this.send(encodeFrame(type, flags, streamId, payload));
  }

  /** Resolves with the first received frame `match` accepts; rejects if the connection closes first. */
  async until(match: (frame: ReceivedFrame) => boolean, what = 'frame'): Promise<ReceivedFrame> {
    for (;;) {
      const found = this.frames.find(match);
      if (found !== undefined) return found;
      if (this.isClosed) throw new Error(`closed before ${what}; got ${this.describe()}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** The GOAWAY the server sent: its last stream id and error code. */
  async goaway(): Promise<{ lastStreamId: number; code: number }> {
    const frame = await this.until((f) => f.type === FrameType.goaway, 'GOAWAY');
    return { lastStreamId: frame.payload.readUInt32BE(0), code: frame.payload.readUInt32BE(4) };
  }

  /** The RST_STREAM error code the server sent on `streamId`. */
  async reset(streamId: number): Promise<number> {
    const frame = await this.until(
      (f) => f.type === FrameType.rstStream && f.streamId === streamId,
      'RST_STREAM',
    );
    return frame.payload.readUInt32BE(0);
  }

  /** A whole response: decoded header fields and the body, once END_STREAM has arrived. */
  async response(streamId: number): Promise<{ headers: HeaderField[]; body: Buffer }> {
    await this.until(
      (f) =>
        f.streamId === streamId &&
        (f.type === FrameType.data || f.type === FrameType.headers) &&
        (f.flags & 0x1) !== 0,
      `the end of stream ${streamId}`,
    );
    const blocks = this.frames.filter(
      (f) => f.streamId === streamId && (f.type === FrameType.headers || f.type === FrameType.continuation),
    );
    const decoded = this.decoder.decode(Buffer.concat(blocks.map((f) => f.payload)));
    if (decoded.kind === 'invalid') throw new Error(`undecodable response headers: ${decoded.reason}`);
    const body = Buffer.concat(
      this.frames.filter((f) => f.streamId === streamId && f.type === FrameType.data).map((f) => f.payload),
    );
    return { headers: decoded.headers, body };
  }

  end(): Promise<void> {
    this.socket.end();
    return this.closed;
  }

  private describe(): string {
    return JSON.stringify(this.frames.map((f) => [f.type, f.flags, f.streamId, f.payload.length]));
  }

  private read(input: Buffer): void {
    let chunk = input;
    if (this.pendingHead !== null) {
      const bytes = Buffer.concat([this.pendingHead, chunk]);
      const end = bytes.indexOf('\r\n\r\n');
      if (end < 0) {
        this.pendingHead = bytes;
        return;
      }
      this.http1Head = bytes.subarray(0, end + 4).toString('latin1');
      this.pendingHead = null;
      chunk = bytes.subarray(end + 4);
    }
    for (const event of this.reader.push(chunk)) {
      switch (event.kind) {
        case 'frame':
          this.frames.push({ ...event.header, payload: event.payload });
          break;
        case 'data':
          this.data.push(Buffer.from(event.bytes));
          break;
        case 'data-end':
          this.frames.push({ ...event.header, payload: Buffer.concat(this.data) });
          this.data = [];
          break;
        default:
          break;
      }
    }
  }

  private wake(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}

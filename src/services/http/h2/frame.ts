/**
 * The HTTP/2 frame layer (RFC 9113 §4, §6): an incremental reader that cuts a byte stream into frames
 * without ever holding more than a bounded frame (DATA payloads are streamed through, frames of unknown
 * type are skipped unread), and the encoders of the frames a server sends. Pure; never throws on input.
 */
import { H2_LIMITS } from './limits.js';

/** RFC 9113 §6 frame types. */
export const FrameType = {
  data: 0x0,
  headers: 0x1,
  priority: 0x2,
  rstStream: 0x3,
  settings: 0x4,
  pushPromise: 0x5,
  ping: 0x6,
  goaway: 0x7,
  windowUpdate: 0x8,
  continuation: 0x9,
} as const;

/** RFC 9113 §6 flags (ACK and END_STREAM share a bit on different frame types). */
export const Flag = { endStream: 0x1, ack: 0x1, endHeaders: 0x4, padded: 0x8, priority: 0x20 } as const;

/** RFC 9113 §7 error codes. */
export const ErrorCode = {
  noError: 0x0,
  protocolError: 0x1,
  internalError: 0x2,
  flowControlError: 0x3,
  settingsTimeout: 0x4,
  streamClosed: 0x5,
  frameSizeError: 0x6,
  refusedStream: 0x7,
  cancel: 0x8,
  compressionError: 0x9,
  connectError: 0xa,
  enhanceYourCalm: 0xb,
  inadequateSecurity: 0xc,
  http11Required: 0xd,
} as const;

/** RFC 9113 §4.1: length (24), type (8), flags (8), R + stream id (32). */
export const FRAME_HEADER_BYTES = 9;
const STREAM_ID_MASK = 0x7fff_ffff;
const EMPTY = Buffer.alloc(0);

export interface FrameHeader {
  length: number;
  type: number;
  flags: number;
  streamId: number;
}

/**
 * What the reader makes of the bytes, in order. A DATA frame arrives as `data-start`, its data (padding
 * removed) in any number of `data` pieces, then `data-end`; flow control counts `header.length`.
 */
export type FrameEvent =
  | { kind: 'frame'; header: FrameHeader; payload: Buffer }
  | { kind: 'data-start'; header: FrameHeader }
  | { kind: 'data'; header: FrameHeader; bytes: Buffer }
  | { kind: 'data-end'; header: FrameHeader }
  /** A frame of a type this endpoint does not know: consumed unread (RFC 9113 §4.1 "MUST ignore"). */
  | { kind: 'skipped'; header: FrameHeader }
  /** A known frame larger than the reader holds (H2_LIMITS.maxBufferedFrameBytes); reading stops. */
  | { kind: 'oversized'; header: FrameHeader }
  /** The stream cannot be read further (RFC 9113 §4.2 frame size, §6.1 padding); reading stops. */
  | { kind: 'error'; code: number; reason: string };

type Mode = 'header' | 'buffer' | 'data-pad-length' | 'data' | 'data-padding' | 'skip' | 'failed';

export class FrameReader {
  private parts: Buffer[] = [];
  private held = 0;
  private mode: Mode = 'header';
  private header: FrameHeader = { length: 0, type: 0, flags: 0, streamId: 0 };
  /** Payload bytes of the current frame not yet read (buffer, skip) or data/padding bytes left (DATA). */
  private left = 0;
  private padding = 0;

  /** `maxFrameSize`: the SETTINGS_MAX_FRAME_SIZE this endpoint announced (RFC 9113 §4.2). */
  constructor(private readonly maxFrameSize: number) {}

  /** Whether a frame has been begun and not finished. */
  get partial(): boolean {
    return this.mode !== 'header' || this.held > 0;
  }

  /** Every event the bytes so far complete. After an `error` or `oversized` event, nothing more. */
  push(chunk: Buffer): FrameEvent[] {
    const out: FrameEvent[] = [];
    let pos = 0;
    while (pos < chunk.length && this.mode !== 'failed') {
      const available = chunk.length - pos;
      switch (this.mode) {
        case 'header': {
          const take = Math.min(FRAME_HEADER_BYTES - this.held, available);
          this.hold(chunk.subarray(pos, pos + take));
          pos += take;
          if (this.held === FRAME_HEADER_BYTES) this.begin(this.release(), out);
          break;
        }
        case 'buffer': {
          const take = Math.min(this.left, available);
          this.hold(chunk.subarray(pos, pos + take));
          pos += take;
          this.left -= take;
          if (this.left === 0) {
            out.push({ kind: 'frame', header: this.header, payload: this.release() });
            this.mode = 'header';
          }
          break;
        }
        case 'data-pad-length': {
          const pad = chunk[pos] as number;
          pos += 1;
          // RFC 9113 §6.1: padding as long as the payload or longer is a connection error.
          if (pad >= this.header.length) {
            this.fail(out, ErrorCode.protocolError, 'DATA padding exceeds the frame');
            break;
          }
          this.left = this.header.length - 1 - pad;
          this.padding = pad;
          this.mode = 'data';
          this.finishData(out);
          break;
        }
        case 'data': {
          const take = Math.min(this.left, available);
          out.push({ kind: 'data', header: this.header, bytes: chunk.subarray(pos, pos + take) });
          pos += take;
          this.left -= take;
          this.finishData(out);
          break;
        }
        case 'data-padding': {
          const take = Math.min(this.padding, available);
          pos += take;
          this.padding -= take;
          this.finishData(out);
          break;
        }
        case 'skip': {
          const take = Math.min(this.left, available);
          pos += take;
          this.left -= take;
          if (this.left === 0) this.mode = 'header';
          break;
        }
      }
    }
    return out;
  }

  private hold(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.parts.push(bytes);
    this.held += bytes.length;
  }

  /** What was held, as one buffer of its own (the caller's chunk is not kept referenced). */
  private release(): Buffer {
    const whole = this.parts.length === 1 ? Buffer.from(this.parts[0] as Buffer) : Buffer.concat(this.parts);
    this.parts = [];
    this.held = 0;
    return whole;
  }

  private fail(out: FrameEvent[], code: number, reason: string): void {
    this.mode = 'failed';
    this.parts = [];
    this.held = 0;
    out.push({ kind: 'error', code, reason });
  }

  private begin(bytes: Buffer, out: FrameEvent[]): void {
    const header: FrameHeader = {
      length: bytes.readUIntBE(0, 3),
      type: bytes[3] as number,
      flags: bytes[4] as number,
      streamId: bytes.readUInt32BE(5) & STREAM_ID_MASK,
    };
    this.header = header;
    if (header.length > this.maxFrameSize) {
      // RFC 9113 §4.2: larger than SETTINGS_MAX_FRAME_SIZE.
      this.fail(
        out,
        ErrorCode.frameSizeError,
        `frame of ${header.length} bytes exceeds ${this.maxFrameSize}`,
      );
      return;
    }
    if (header.type === FrameType.data) {
      out.push({ kind: 'data-start', header });
      const padded = (header.flags & Flag.padded) !== 0;
      if (padded && header.length === 0) {
        this.fail(out, ErrorCode.frameSizeError, 'padded DATA without a pad length');
        return;
      }
      this.left = header.length;
      this.padding = 0;
      this.mode = padded ? 'data-pad-length' : 'data';
      if (!padded) this.finishData(out);
      return;
    }
    if (header.type > FrameType.continuation) {
      out.push({ kind: 'skipped', header });
      this.left = header.length;
      this.mode = header.length === 0 ? 'header' : 'skip';
      return;
    }
    if (header.length > H2_LIMITS.maxBufferedFrameBytes) {
      this.mode = 'failed';
      out.push({ kind: 'oversized', header });
      return;
    }
    if (header.length === 0) {
      out.push({ kind: 'frame', header, payload: EMPTY });
      return;
    }
    this.left = header.length;
    this.mode = 'buffer';
  }

  /** Moves a DATA frame on once its data, then its padding, are read. */
  private finishData(out: FrameEvent[]): void {
    if (this.mode === 'data' && this.left === 0) this.mode = 'data-padding';
    if (this.mode === 'data-padding' && this.padding === 0) {
      out.push({ kind: 'data-end', header: this.header });
      this.mode = 'header';
    }
  }
}

/** One frame on the wire. */
export function encodeFrame(type: number, flags: number, streamId: number, payload: Buffer = EMPTY): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  frame.writeUIntBE(payload.length, 0, 3);
  frame[3] = type;
  frame[4] = flags;
  frame.writeUInt32BE(streamId & STREAM_ID_MASK, 5);
  payload.copy(frame, FRAME_HEADER_BYTES);
  return frame;
}

/** RFC 9113 §6.5.1: identifier (16) and value (32) per setting. */
export function settingsFrame(entries: readonly (readonly [id: number, value: number])[]): Buffer {
  const payload = Buffer.allocUnsafe(entries.length * 6);
  entries.forEach(([id, value], i) => {
    payload.writeUInt16BE(id, i * 6);
    payload.writeUInt32BE(value, i * 6 + 2);
  });
  return encodeFrame(FrameType.settings, 0, 0, payload);
}

export function settingsAckFrame(): Buffer {
  return encodeFrame(FrameType.settings, Flag.ack, 0);
}

/** RFC 9113 §6.7: the ACK carries the PING's own 8 bytes. */
export function pingAckFrame(payload: Buffer): Buffer {
  return encodeFrame(FrameType.ping, Flag.ack, 0, payload);
}

/** RFC 9113 §6.8, without debug data: nothing about the server leaks into it. */
export function goawayFrame(lastStreamId: number, code: number): Buffer {
  const payload = Buffer.allocUnsafe(8);
  payload.writeUInt32BE(lastStreamId & STREAM_ID_MASK, 0);
  payload.writeUInt32BE(code, 4);
  return encodeFrame(FrameType.goaway, 0, 0, payload);
}

export function rstStreamFrame(streamId: number, code: number): Buffer {
  const payload = Buffer.allocUnsafe(4);
  payload.writeUInt32BE(code, 0);
  return encodeFrame(FrameType.rstStream, 0, streamId, payload);
}

export function windowUpdateFrame(streamId: number, increment: number): Buffer {
  const payload = Buffer.allocUnsafe(4);
  payload.writeUInt32BE(increment & STREAM_ID_MASK, 0);
  return encodeFrame(FrameType.windowUpdate, 0, streamId, payload);
}

export function dataFrame(streamId: number, bytes: Buffer, endStream: boolean): Buffer {
  return encodeFrame(FrameType.data, endStream ? Flag.endStream : 0, streamId, bytes);
}

/**
 * A header block as HEADERS and as many CONTINUATIONs as `maxFrameSize` needs (RFC 9113 §6.2, §6.10),
 * in one buffer so nothing can be written between them.
 */
export function headerFrames(
  streamId: number,
  block: Buffer,
  endStream: boolean,
  maxFrameSize: number,
): Buffer {
  const frames: Buffer[] = [];
  let offset = 0;
  do {
    const piece = block.subarray(offset, offset + maxFrameSize);
    offset += piece.length;
    const last = offset >= block.length;
    const first = frames.length === 0;
    const flags = (last ? Flag.endHeaders : 0) | (first && endStream ? Flag.endStream : 0);
    frames.push(encodeFrame(first ? FrameType.headers : FrameType.continuation, flags, streamId, piece));
  } while (offset < block.length);
  return Buffer.concat(frames);
}

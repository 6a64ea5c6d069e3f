/**
 * The client's first bytes, as `data_received` logs them: a bounded capture (pure: no sockets, no
 * timers) and the printable form of raw bytes.
 */

/** Decides whether the bytes kept so far hold the client's whole first message. */
export type CaptureComplete = (kept: Buffer) => boolean;

/** Line-based protocols (and the default): the first line is whole once a LF arrived. */
export const firstLineComplete: CaptureComplete = (kept) => kept.includes(0x0a);

const HEX = '0123456789abcdef';

/**
 * Bytes as readable text that keeps every byte recoverable: printable ASCII as is, `\` doubled, CR LF
 * TAB as `\r` `\n` `\t`, every other byte as `\xHH`. Unlike the credential shape's `?` (spec §1.1),
 * a protocol's first bytes are mostly framing, and an analyst needs to see which bytes they were.
 */
export function escapeBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    if (b === 0x5c) out += '\\\\';
    else if (b >= 0x20 && b <= 0x7e) out += String.fromCharCode(b);
    else if (b === 0x0d) out += '\\r';
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x09) out += '\\t';
    else out += `\\x${HEX[b >> 4]}${HEX[b & 15]}`;
  }
  return out;
}

/** The `data_received` fields that describe the bytes. */
export interface FirstBytesFields {
  bytes: number;
  data_printable: string;
  data_b64: string;
  data_truncated: boolean;
}

/** Fields for `kept`, the first bytes of `received` bytes the client sent. */
export function firstBytesFields(kept: Buffer, received: number): FirstBytesFields {
  return {
    bytes: received,
    data_printable: escapeBytes(kept),
    data_b64: kept.toString('base64'),
    data_truncated: received > kept.length,
  };
}

/**
 * Keeps at most `maxBytes` of what a client sends until its first message is complete. Memory is bounded
 * by `maxBytes` however much arrives; bytes past the cap are only counted.
 */
export class FirstBytesCapture {
  private keptBytes: Buffer = Buffer.alloc(0);
  private receivedBytes = 0;
  private complete = false;

  constructor(
    private readonly maxBytes: number,
    private readonly isComplete: CaptureComplete = firstLineComplete,
  ) {}

  /** Adds a chunk; true once the capture is complete (whole message, or the cap reached). */
  push(chunk: Buffer): boolean {
    this.receivedBytes += chunk.length;
    if (this.complete) return true;
    const room = this.maxBytes - this.keptBytes.length;
    if (room > 0) {
      this.keptBytes = Buffer.concat([this.keptBytes, chunk.subarray(0, room)]);
    }
    this.complete = this.keptBytes.length >= this.maxBytes || this.isComplete(this.keptBytes);
    return this.complete;
  }

  get kept(): Buffer {
    return this.keptBytes;
  }

  get received(): number {
    return this.receivedBytes;
  }

  get done(): boolean {
    return this.complete;
  }

  fields(): FirstBytesFields {
    return firstBytesFields(this.keptBytes, this.receivedBytes);
  }
}

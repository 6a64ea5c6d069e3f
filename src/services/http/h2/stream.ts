/**
 * One HTTP/2 stream as the server sees it (RFC 9113 §5.1): open while the client sends its request,
 * half-closed (remote) once it has, gone once the response is sent or either side resets it. It holds
 * the request as it arrives (its body kept up to a budget and counted beyond), both flow-control windows
 * (§5.2, §6.9) and the part of the response still waiting for window.
 */
import { HTTP_LIMITS } from '../limits.js';
import type { Http2RequestHead } from './request.js';

export type StreamState = 'open' | 'half-closed-remote';

/** A response being sent: headers are out, `body` goes as DATA as the windows allow. */
export interface PendingResponse {
  status: number;
  body: Buffer;
  /** Body bytes sent so far. */
  sent: number;
}

export class Http2Stream {
  state: StreamState;
  /** What the client may still send before we grant more (our receive window for it). */
  receiveWindow: number;
  /** Received bytes not yet granted back with a WINDOW_UPDATE. */
  unacknowledged = 0;
  /** What we may still send on it (the client's receive window). */
  sendWindow: number;
  response: PendingResponse | null = null;
  /** Body bytes received, kept or not. */
  bodyBytes = 0;
  /** The most body bytes this stream keeps; the connection lends it out of its own budget. */
  readonly keepBudget: number;
  private readonly kept: Buffer[] = [];
  private keptBytes = 0;

  constructor(
    readonly id: number,
    readonly head: Http2RequestHead,
    options: {
      endStream: boolean;
      receiveWindow: number;
      sendWindow: number;
      /** Body bytes this stream may keep: HTTP_LIMITS.maxKeptBodyBytes or what the connection has left. */
      keepBudget: number;
    },
    readonly openedAt: number,
  ) {
    this.state = options.endStream ? 'half-closed-remote' : 'open';
    this.receiveWindow = options.receiveWindow;
    this.sendWindow = options.sendWindow;
    this.keepBudget = Math.min(HTTP_LIMITS.maxKeptBodyBytes, options.keepBudget);
  }

  /** Counts body bytes and keeps a copy of those within the budget. */
  receiveBody(bytes: Buffer): void {
    this.bodyBytes += bytes.length;
    const room = this.keepBudget - this.keptBytes;
    if (room <= 0 || bytes.length === 0) return;
    // Copied: the socket's chunk must not stay referenced by a body we keep.
    const part = Buffer.from(bytes.subarray(0, room));
    this.kept.push(part);
    this.keptBytes += part.length;
  }

  get body(): Buffer {
    return this.kept.length === 1 ? (this.kept[0] as Buffer) : Buffer.concat(this.kept);
  }

  /** Whether the client may still send body bytes the server will take (HTTP_LIMITS.maxBodyBytes). */
  get acceptsBody(): boolean {
    return this.state === 'open' && this.bodyBytes <= HTTP_LIMITS.maxBodyBytes;
  }
}

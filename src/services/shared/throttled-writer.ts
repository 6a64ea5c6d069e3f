/**
 * Writes to a client through the tarpit (spec §5 "Tarpit", user-space fallback: "delay writes / drip
 * banners in the service"). While `throttle.delayMs()` is above zero every write waits that long and
 * goes out `dripBytes` at a time, one slice per delay; at zero writes go straight to the socket.
 *
 * Memory stays bounded whatever the client does: the bytes we hold (our queue plus the socket's own
 * buffer once the kernel's is full) never exceed `maxQueuedBytes`; a client that lets them reach it
 * is not reading, and is dropped (`write_stalled`).
 */
import type { Socket } from 'node:net';
import { type Clock, isAbortError } from '../../runtime/clock.js';
import { SERVICE_LIMITS } from '../limits.js';
import type { Throttle } from '../service.js';
import { closeSocket, markClosing } from './close-reason.js';
import { CloseSignal } from './close-signal.js';
import { holdIdleTimeout } from './connection-limits.js';

export interface ThrottledWriterOptions {
  throttle: Throttle;
  clock: Clock;
  /** Default SERVICE_LIMITS.maxQueuedWriteBytes. */
  maxQueuedBytes?: number;
  /** Bytes sent per delay while throttled. Default SERVICE_LIMITS.tarpitDripBytes. */
  dripBytes?: number;
}

export class ThrottledWriter {
  private readonly throttle: Throttle;
  private readonly clock: Clock;
  private readonly maxQueuedBytes: number;
  private readonly dripBytes: number;
  private readonly queue: Buffer[] = [];
  private queued = 0;
  private pumping = false;
  private ending = false;
  /** Ends a pending drip when the connection closes. */
  private readonly stop = new CloseSignal();

  constructor(
    private readonly socket: Socket,
    options: ThrottledWriterOptions,
  ) {
    this.throttle = options.throttle;
    this.clock = options.clock;
    this.maxQueuedBytes = options.maxQueuedBytes ?? SERVICE_LIMITS.maxQueuedWriteBytes;
    this.dripBytes = Math.max(1, options.dripBytes ?? SERVICE_LIMITS.tarpitDripBytes);
    socket.on('error', () => {});
    // A pending drip must not outlive its connection.
    socket.once('close', () => this.stop.close());
  }

  /** Bytes accepted but not yet handed to the socket. */
  get pending(): number {
    return this.queued;
  }

  /** Sends `data` (a string as UTF-8), now or through the tarpit. Ignored once ending or closed. */
  write(data: Buffer | string): void {
    if (this.ending || this.socket.destroyed) return;
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (bytes.length === 0) return;
    if (this.queued + this.socket.writableLength + bytes.length > this.maxQueuedBytes) {
      closeSocket(this.socket, 'write_stalled');
      return;
    }
    if (!this.pumping && this.currentDelay() <= 0) {
      this.socket.write(bytes);
      return;
    }
    this.queue.push(bytes);
    this.queued += bytes.length;
    if (!this.pumping) void this.pump();
  }

  /** Ends the connection from our side (`server_closed`) once everything written so far has gone out. */
  end(): void {
    if (this.ending || this.socket.destroyed) return;
    this.ending = true;
    markClosing(this.socket, 'server_closed');
    if (!this.pumping) this.socket.end();
  }

  private currentDelay(): number {
    const delay = this.throttle.delayMs();
    return Number.isFinite(delay) && delay > 0 ? delay : 0;
  }

  private take(max: number): Buffer {
    const head = this.queue[0] as Buffer;
    if (head.length <= max) {
      this.queue.shift();
      this.queued -= head.length;
      return head;
    }
    this.queue[0] = head.subarray(max);
    this.queued -= max;
    return head.subarray(0, max);
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        const delay = this.currentDelay();
        if (delay > 0) {
          holdIdleTimeout(this.socket, true);
          if (this.socket.destroyed) return;
          await this.clock.sleep(delay, this.stop.signal);
          holdIdleTimeout(this.socket, false);
        }
        if (this.socket.destroyed) return;
        // The tarpit may have been lifted while we slept: then the rest goes at once.
        this.socket.write(delay > 0 ? this.take(this.dripBytes) : this.take(Number.POSITIVE_INFINITY));
      }
      if (this.ending && !this.socket.destroyed) this.socket.end();
    } catch (err) {
      if (!isAbortError(err)) this.socket.destroy();
    } finally {
      holdIdleTimeout(this.socket, false);
      this.pumping = false;
    }
  }
}

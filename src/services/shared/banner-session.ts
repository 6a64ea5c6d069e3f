/**
 * The connection life of a banner-level service (and of tcp_banner): log `connect`, greet like the real
 * server, log the client's first bytes (`data_received`), optionally answer them once, then read and
 * discard until the client leaves or a limit closes the connection, and log `disconnect` with how long
 * it lasted, the bytes each way and why it ended.
 *
 * Nothing a client sends can throw out of here: every handler is wrapped, and a failure (a bug, never
 * the input) is logged for the operator and closes only that connection.
 */
import type { Socket } from 'node:net';
import { isAbortError } from '../../runtime/clock.js';
import { SERVICE_LIMITS } from '../limits.js';
import type { ServiceContext } from '../service.js';
import { markClosing } from './close-reason.js';
import { applyConnectionLimits } from './connection-limits.js';
import { logConnection } from './connection-log.js';
import { type CaptureComplete, FirstBytesCapture } from './first-bytes.js';
import { peerOf } from './peer.js';
import { ThrottledWriter } from './throttled-writer.js';

export interface BannerBehaviour {
  /** Bytes sent on connect (called once per connection), or null when the client speaks first. */
  greeting(): Buffer | null;
  /** Ends the first-bytes capture once the client's first message is whole (default: its first line). */
  captureComplete?: CaptureComplete;
  /** The answer to the client's first message; the connection is closed once it has been sent. */
  respond?(request: Buffer): Buffer;
  /** `protocol` of data_received (tcp_banner's protocol_name). */
  protocol?: string;
}

/** Runs the sessions of one service instance on one decky. */
/**
 * The reason the capture window is cut short. Given explicitly because `abort()` without one builds a
 * DOMException with a stack trace on every connection, a fifth of the fabric's time per connection.
 */
const WINDOW_CLOSED = new Error('capture window closed');

export class BannerSessions {
  private readonly open = new Set<Socket>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly behaviour: BannerBehaviour,
  ) {}

  handleTcp(socket: Socket, port: number): void {
    socket.on('error', () => {});
    try {
      this.start(socket, port);
    } catch (err) {
      this.fail(socket, err);
    }
  }

  /** Ends every connection (`shutdown`); resolves once all have closed and logged `disconnect`. */
  async close(): Promise<void> {
    await Promise.all(
      [...this.open].map(
        (socket) =>
          new Promise<void>((resolve) => {
            if (socket.closed) return resolve();
            socket.once('close', () => resolve());
            markClosing(socket, 'shutdown');
            socket.destroy();
          }),
      ),
    );
  }

  private start(socket: Socket, port: number): void {
    const { ctx, behaviour } = this;
    const peer = peerOf(socket);
    if (peer === null) {
      socket.destroy();
      return;
    }
    const src = { src_ip: peer.ip, src_port: peer.port };
    const writer = new ThrottledWriter(socket, { throttle: ctx.throttle, clock: ctx.clock });
    const capture = new FirstBytesCapture(ctx.limits.maxLoggedBytes, behaviour.captureComplete);
    /** Made when the first byte opens the capture window. */
    let captureWindow: AbortController | null = null;
    let logged = false;

    const logCapture = (): void => {
      if (logged || capture.received === 0) return;
      logged = true;
      captureWindow?.abort(WINDOW_CLOSED);
      ctx.emit('data_received', {
        ...src,
        dst_port: port,
        transport: 'tcp',
        ...capture.fields(),
        protocol: behaviour.protocol,
      });
    };
    const finishCapture = (): void => {
      if (logged) return;
      logCapture();
      if (behaviour.respond !== undefined && !socket.destroyed) {
        writer.write(behaviour.respond(capture.kept));
        writer.end();
      }
    };
    const startWindow = (): void => {
      captureWindow = new AbortController();
      ctx.clock
        .sleep(SERVICE_LIMITS.firstBytesWindowMs, captureWindow.signal)
        .then(this.guarded(socket, finishCapture), (err: unknown) => {
          if (!isAbortError(err)) this.fail(socket, err);
        });
    };

    applyConnectionLimits(socket, ctx.limits);
    this.open.add(socket);
    // `connect` now; on close, what was captured is logged before `disconnect`.
    logConnection(
      ctx,
      socket,
      peer,
      this.guarded(socket, () => {
        this.open.delete(socket);
        captureWindow?.abort(WINDOW_CLOSED);
        logCapture();
      }),
    );
    // Past the capture the bytes are only counted (socket.bytesRead); the guard bounds how many.
    socket.on(
      'data',
      this.guarded(socket, (chunk: Buffer) => {
        if (logged) return;
        const first = capture.received === 0;
        if (capture.push(chunk)) finishCapture();
        else if (first) startWindow();
      }),
    );

    const greeting = behaviour.greeting();
    if (greeting !== null) writer.write(greeting);
  }

  private guarded<A extends unknown[]>(socket: Socket, fn: (...args: A) => void): (...args: A) => void {
    return (...args) => {
      try {
        fn(...args);
      } catch (err) {
        this.fail(socket, err);
      }
    };
  }

  private fail(socket: Socket, err: unknown): void {
    this.ctx.logger.error({ err, decky: this.ctx.decky.name }, 'service handler failed; connection closed');
    socket.destroy();
  }
}

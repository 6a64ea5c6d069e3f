import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Clock, isAbortError } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import { principalOf } from './access.js';
import type { Principal } from './auth/principal.js';
import { ApiError } from './errors.js';

/** Every number the live streams depend on, with where it comes from. */
export const SSE_LIMITS = {
  /** The reference's per-user cap (`DECNET_SSE_MAX_PER_USER`, `decnet/web/sse_limits.py`): 5 at once. */
  maxStreamsPerUser: 5,
  /**
   * A comment line this often keeps an idle stream alive through proxies and load balancers, which
   * commonly cut silent connections after 30-60 s.
   */
  heartbeatMs: 15_000,
  /** How long EventSource waits before reconnecting (`retry:`, WHATWG HTML §9.2.6). */
  retryMs: 3_000,
  /**
   * Bytes a stream may have waiting for a slow client. Beyond it the connection is dropped rather than
   * the server buffering without bound; the client reconnects and resumes with Last-Event-ID.
   */
  maxBufferedBytes: 1024 * 1024,
} as const;

/** An event name or id: no line breaks (they would end the field, WHATWG HTML §9.2.6) and no NUL. */
const FIELD_VALUE = /^[^\r\n\0]*$/;
const LINE_BREAK = /\r\n|\r|\n/;

/**
 * One open event stream over a hijacked reply. `send` frames an event; the stream ends when the client
 * goes away, the server closes it, or a slow client lets too much pile up. `signal` aborts then, and
 * the functions given to `onClose` run once (unsubscribe, stop timers).
 */
export class SseStream {
  private readonly ended = new AbortController();
  private readonly closers: Array<() => unknown> = [];

  constructor(
    private readonly res: ServerResponse,
    readonly principal: Principal,
    private readonly logger: Logger,
  ) {
    res.on('close', () => this.finish());
  }

  /** Aborts once the stream has ended, whatever ended it. */
  get signal(): AbortSignal {
    return this.ended.signal;
  }

  get closed(): boolean {
    return this.ended.signal.aborted;
  }

  /**
   * Sends one event: `data` is JSON (which has no raw line breaks; a line break would still be framed
   * as several `data:` lines, as the spec reassembles them). False when the stream is closed or was
   * just dropped as too slow.
   */
  send(event: string, data: unknown, id?: string | number): boolean {
    if (!FIELD_VALUE.test(event) || event.length === 0) throw new Error(`invalid SSE event name ${event}`);
    const idText = id === undefined ? undefined : String(id);
    if (idText !== undefined && !FIELD_VALUE.test(idText)) throw new Error(`invalid SSE event id ${idText}`);
    const json = JSON.stringify(data) ?? 'null';
    let frame = idText === undefined ? '' : `id: ${idText}\n`;
    frame += `event: ${event}\n`;
    for (const line of json.split(LINE_BREAK)) frame += `data: ${line}\n`;
    return this.write(`${frame}\n`);
  }

  /** A comment line: ignored by EventSource, keeps the connection visibly alive. */
  comment(text: string): boolean {
    return this.write(`: ${text.replace(/[\r\n]+/g, ' ')}\n\n`);
  }

  /** Tells EventSource how long to wait before reconnecting. */
  retry(ms: number): boolean {
    return this.write(`retry: ${Math.round(ms)}\n\n`);
  }

  /** Runs `fn` once the stream has ended (immediately if it already has). */
  onClose(fn: () => unknown): void {
    if (this.closed) void this.runCloser(fn);
    else this.closers.push(fn);
  }

  /** Ends the stream cleanly: the client sees the response end and may reconnect after `retry`. */
  close(): void {
    if (this.closed) return;
    this.res.end();
    // Done with this connection: a stream is not followed by another request on it.
    this.res.once('finish', () => this.res.socket?.end());
    this.finish();
  }

  /** Ends the connection at once (a client too slow to read what it asked for). */
  drop(reason: string): void {
    if (this.closed) return;
    this.logger.warn({ user: this.principal.username, reason }, 'live stream dropped');
    this.res.destroy();
    this.finish();
  }

  private write(chunk: string): boolean {
    if (this.closed) return false;
    if (this.res.writableLength > SSE_LIMITS.maxBufferedBytes) {
      this.drop(`more than ${SSE_LIMITS.maxBufferedBytes} bytes waiting for the client`);
      return false;
    }
    this.res.write(chunk);
    return true;
  }

  private finish(): void {
    if (this.closed) return;
    this.ended.abort();
    for (const fn of this.closers.splice(0)) void this.runCloser(fn);
  }

  private async runCloser(fn: () => unknown): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.logger.warn(
        { err: err instanceof Error ? err.message : String(err) },
        'live stream cleanup failed',
      );
    }
  }
}

/**
 * Every live stream of the app: opens them (the per-user cap, headers, `retry:`, heartbeats) and closes
 * them all when the app closes, so `app.close()` does not wait on connections that never end.
 */
export class SseHub {
  private readonly byUser = new Map<string, Set<SseStream>>();
  private closing = false;

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** Whether a stream's token would still be accepted (logout, password or role change end it). */
    private readonly stillValid: (principal: Principal) => Promise<boolean> = async () => true,
  ) {}

  /** Streams open now, all users together. */
  get size(): number {
    let n = 0;
    for (const streams of this.byUser.values()) n += streams.size;
    return n;
  }

  /**
   * Starts an event stream on an SSE route. Refusals (429 over the cap, 503 while closing) are thrown
   * before the reply is hijacked, so they get the usual error body; after this the route writes only
   * through the returned stream.
   */
  open(request: FastifyRequest, reply: FastifyReply): SseStream {
    const principal = principalOf(request);
    if (this.closing)
      throw new ApiError(503, 'shutting_down', 'the server is shutting down; reconnect shortly');
    const mine = this.byUser.get(principal.uuid) ?? new Set<SseStream>();
    if (mine.size >= SSE_LIMITS.maxStreamsPerUser) {
      throw new ApiError(
        429,
        'too_many_streams',
        `${principal.username} already has ${mine.size} live streams open, the most one user may hold; ` +
          'close one (every browser tab holds its own)',
      );
    }
    // A hijacked reply skips Fastify's header handling: carry over what the hooks set (security
    // headers, CORS), then the stream's own.
    const headers: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined) headers[name] = typeof value === 'number' ? String(value) : value;
    }
    headers['content-type'] = 'text/event-stream; charset=utf-8';
    headers['cache-control'] = 'no-store';
    // nginx would otherwise buffer the stream.
    headers['x-accel-buffering'] = 'no';
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, headers);
    const stream = new SseStream(res, principal, this.logger);
    mine.add(stream);
    this.byUser.set(principal.uuid, mine);
    stream.onClose(() => {
      mine.delete(stream);
      if (mine.size === 0 && this.byUser.get(principal.uuid) === mine) this.byUser.delete(principal.uuid);
    });
    stream.retry(SSE_LIMITS.retryMs);
    void this.heartbeat(stream);
    return stream;
  }

  /** Ends the streams opened with one token (it was logged out). */
  closeToken(jti: string): void {
    for (const streams of this.byUser.values())
      for (const stream of [...streams]) if (stream.principal.jti === jti) stream.close();
  }

  /** Ends every stream of one user (their tokens were revoked: password or role change, deletion). */
  closeUser(uuid: string): void {
    for (const stream of [...(this.byUser.get(uuid) ?? [])]) stream.close();
  }

  /** Ends every stream and refuses new ones (the app is closing). */
  closeAll(): void {
    this.closing = true;
    for (const streams of [...this.byUser.values()]) for (const stream of [...streams]) stream.close();
  }

  /**
   * A comment every heartbeat interval on the injected clock. At each, the stream ends if its token
   * would no longer be accepted (expired, logged out, or revoked by a password or role change in
   * another process): a stream must not outlive the right to open it.
   */
  private async heartbeat(stream: SseStream): Promise<void> {
    try {
      for (;;) {
        await this.clock.sleep(SSE_LIMITS.heartbeatMs, stream.signal);
        const expired = this.clock.now() >= stream.principal.expiresMs;
        if (expired || !(await this.stillValid(stream.principal).catch(() => true))) {
          stream.close();
          return;
        }
        stream.comment('heartbeat');
      }
    } catch (err) {
      if (!isAbortError(err)) throw err;
    }
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's live streams (`installStreams`). */
    streams: SseHub;
  }
}

/** Gives the app its stream hub, and ends every stream as the app starts closing. */
export function installStreams(
  app: FastifyInstance,
  clock: Clock,
  logger: Logger,
  stillValid?: (principal: Principal) => Promise<boolean>,
): void {
  const hub = new SseHub(clock, logger, stillValid);
  app.decorate('streams', hub);
  app.addHook('preClose', async () => hub.closeAll());
}

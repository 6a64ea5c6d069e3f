/**
 * One HTTP/1.1 connection: bytes through the bounded parser, each request answered in order by the
 * persona and logged as `request` (with its credential), `http_request_fingerprint` (JA4H) and
 * `http_access`. Keep-alive and pipelining per RFC 9112 §9.3; the first parse error gets the
 * persona's error page and closes. With h2c it becomes an HTTP/2 connection when its first bytes are
 * the HTTP/2 preface or a request asks to upgrade. Nothing the client sends can throw out of here.
 */
import type { Socket } from 'node:net';
import type { ServiceContext } from '../service.js';
import { closeSocket } from '../shared/close-reason.js';
import type { Peer } from '../shared/peer.js';
import { ThrottledWriter } from '../shared/throttled-writer.js';
import type { Reply } from './apps.js';
import { errorPage } from './error-pages.js';
import { answerRequest, logAccess, remoteAddress } from './exchange.js';
import type { ExtraHeaders } from './extra-headers.js';
import { Http2Connection } from './h2/connection.js';
import { h2cUpgradeSettings, matchPreface } from './h2/h2c.js';
import { HTTP_LIMITS } from './limits.js';
import { type ParsedRequest, RequestParser } from './parser.js';
import type { HttpPersona } from './personas.js';
import { serializeResponse } from './response.js';
import { HTTP1_ONLY, type HttpVersions } from './versions.js';

export interface HttpShared {
  ctx: ServiceContext;
  persona: HttpPersona;
  customBody: string | null;
  extraHeaders: ExtraHeaders;
  lastModifiedMs: number;
  /** The Date header, formatted once per second. */
  date(): string;
}

export class HttpConnection {
  private readonly parser = new RequestParser();
  private readonly writer: ThrottledWriter;
  private readonly remote: string;
  private done = false;
  /** When the request being read began: a client dripping a request byte by byte gets the same total time. */
  private requestStartedAt: number | null = null;
  /** The connection's first bytes while they may still be the HTTP/2 preface (h2c prior knowledge). */
  private sniffed: Buffer | null;
  private readonly onData = (chunk: Buffer): void => this.receive(chunk);
  /** What the connection became after h2c prior knowledge or Upgrade. */
  private http2: Http2Connection | null = null;
  /**
   * The socket timeout last set. Node restarts the timer on every read and write by itself, so it is set
   * again only when it changes (between a partial request and keep-alive idling).
   */
  private timeoutMs = 0;

  constructor(
    private readonly shared: HttpShared,
    private readonly socket: Socket,
    private readonly peer: Peer,
    private readonly versions: HttpVersions = HTTP1_ONLY,
  ) {
    this.sniffed = versions.h2c ? Buffer.alloc(0) : null;
    this.remote = remoteAddress(peer);
    this.writer = new ThrottledWriter(socket, {
      throttle: shared.ctx.throttle,
      clock: shared.ctx.clock,
      maxQueuedBytes: HTTP_LIMITS.maxQueuedWriteBytes,
    });
  }

  start(): void {
    // An h2c-only server reads every connection as HTTP/2 (RFC 9113 §3.3).
    if (!this.versions.http1) {
      this.becomeHttp2();
      return;
    }
    this.setTimeout(HTTP_LIMITS.requestTimeoutMs);
    this.socket.on('data', this.onData);
  }

  private setTimeout(ms: number): void {
    if (ms === this.timeoutMs) return;
    this.timeoutMs = ms;
    this.socket.setTimeout(ms);
  }

  /** Hands the socket, and what has been read of the HTTP/2 stream, to an HTTP/2 connection. */
  private becomeHttp2(initial?: Buffer, upgraded?: ParsedRequest): void {
    this.done = true;
    this.socket.off('data', this.onData);
    this.http2 = new Http2Connection(this.shared, this.socket, this.peer, {
      scheme: 'http',
      ...(upgraded === undefined ? {} : { upgraded }),
    });
    this.http2.start(initial);
  }

  onClose(): void {
    this.http2?.onClose();
  }

  private receive(input: Buffer): void {
    if (this.done) return;
    const now = this.shared.ctx.clock.now();
    if (this.requestStartedAt !== null && now - this.requestStartedAt > HTTP_LIMITS.requestTimeoutMs) {
      // Slowloris: nginx's client_header_timeout bounds the whole head, not the gap between bytes.
      this.done = true;
      closeSocket(this.socket, 'idle_timeout');
      return;
    }
    let chunk = input;
    if (this.sniffed !== null) {
      // RFC 9113 §3.3: with prior knowledge the preface is the first thing sent; a prefix of it waits.
      const sniffed = Buffer.concat([this.sniffed, chunk]);
      const match = matchPreface(sniffed);
      if (match === 'preface') {
        this.becomeHttp2(sniffed);
        return;
      }
      if (match === 'partial') {
        this.sniffed = sniffed;
        this.requestStartedAt ??= now;
        return;
      }
      this.sniffed = null;
      chunk = sniffed;
    }
    try {
      const results = this.parser.push(chunk, (request) => this.upgrades(request));
      // Pipelined requests (RFC 9112 §9.3.2): their responses leave in one write, not one each.
      const batch = results.length > 1;
      if (batch) this.socket.cork();
      try {
        for (const result of results) {
          if (this.done) return;
          if (result.kind === 'error') this.refuse(result.status);
          else if (this.upgrades(result.request)) {
            this.becomeHttp2(this.parser.detach(), result.request);
            return;
          } else this.serve(result.request);
        }
      } finally {
        if (batch) this.socket.uncork();
      }
      if (!this.done) {
        const partial = this.parser.partial;
        if (!partial) this.requestStartedAt = null;
        else if (results.length > 0 || this.requestStartedAt === null) this.requestStartedAt = now;
        this.setTimeout(partial ? HTTP_LIMITS.requestTimeoutMs : HTTP_LIMITS.keepAliveTimeoutMs);
      }
    } catch (err) {
      this.done = true;
      this.shared.ctx.logger.error(
        { err: (err as Error).message, decky: this.shared.ctx.decky.name },
        'http connection failed',
      );
      closeSocket(this.socket, 'server_closed');
    }
  }

  /**
   * Whether `request` switches the connection to h2c (RFC 7540 §3.2). Not while an earlier response is
   * still queued: its bytes and the 101 must not be interleaved by two writers.
   */
  private upgrades(request: ParsedRequest): boolean {
    return this.versions.h2c && this.writer.pending === 0 && h2cUpgradeSettings(request) !== null;
  }

  private refuse(status: number): void {
    const { persona } = this.shared;
    const p = errorPage(persona, status, '/', 'GET');
    this.send(
      { status, headers: [], contentType: p.contentType, body: p.body, isStatic: false },
      false,
      true,
    );
    logAccess(
      this.shared,
      this.remote,
      { method: '-', target: '-' },
      'h1',
      status,
      Buffer.byteLength(p.body),
    );
  }

  private serve(request: ParsedRequest): void {
    const reply = answerRequest(this.shared, request, this.remote, 'h1');
    const bytes = this.send(reply, request.method === 'HEAD', !request.keepAlive);
    logAccess(this.shared, this.remote, request, 'h1', reply.status, bytes);
  }

  /** Writes the reply; returns its body bytes. Ends the connection when `close`. */
  private send(reply: Reply, head: boolean, close: boolean): number {
    const out = serializeResponse(reply, {
      persona: this.shared.persona,
      date: this.shared.date(),
      lastModifiedMs: this.shared.lastModifiedMs,
      head,
      close,
      extraHeaders: this.shared.extraHeaders,
    });
    this.writer.write(out.bytes);
    if (close) {
      this.done = true;
      this.writer.end();
    }
    return out.bodyBytes;
  }
}

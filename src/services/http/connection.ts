/**
 * One HTTP/1.1 connection: bytes through the bounded parser, each request answered in order by the
 * persona and logged as `request` (with its credential), `http_request_fingerprint` (JA4H) and
 * `http_access`. Keep-alive and pipelining per RFC 9112 §9.3; the first parse error gets the
 * persona's error page and closes. Nothing the client sends can throw out of here.
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
import { HTTP_LIMITS } from './limits.js';
import { type ParsedRequest, RequestParser } from './parser.js';
import type { HttpPersona } from './personas.js';
import { serializeResponse } from './response.js';

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

  constructor(
    private readonly shared: HttpShared,
    private readonly socket: Socket,
    peer: Peer,
  ) {
    this.remote = remoteAddress(peer);
    this.writer = new ThrottledWriter(socket, {
      throttle: shared.ctx.throttle,
      clock: shared.ctx.clock,
      maxQueuedBytes: HTTP_LIMITS.maxQueuedWriteBytes,
    });
  }

  start(): void {
    this.socket.setTimeout(HTTP_LIMITS.requestTimeoutMs);
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk));
  }

  private receive(chunk: Buffer): void {
    if (this.done) return;
    const now = this.shared.ctx.clock.now();
    if (this.requestStartedAt !== null && now - this.requestStartedAt > HTTP_LIMITS.requestTimeoutMs) {
      // Slowloris: nginx's client_header_timeout bounds the whole head, not the gap between bytes.
      this.done = true;
      closeSocket(this.socket, 'idle_timeout');
      return;
    }
    try {
      const results = this.parser.push(chunk);
      for (const result of results) {
        if (this.done) return;
        if (result.kind === 'error') this.refuse(result.status);
        else this.serve(result.request);
      }
      if (!this.done) {
        const partial = this.parser.partial;
        if (!partial) this.requestStartedAt = null;
        else if (results.length > 0 || this.requestStartedAt === null) this.requestStartedAt = now;
        this.socket.setTimeout(partial ? HTTP_LIMITS.requestTimeoutMs : HTTP_LIMITS.keepAliveTimeoutMs);
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

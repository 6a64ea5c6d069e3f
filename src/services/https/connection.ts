/**
 * One connection to the HTTPS port. The ClientHello is read off the raw socket before any TLS runs, so
 * the fingerprint is of exactly the bytes the client sent (`tls_client_hello`: JA3, JA4, SNI, ALPN);
 * those bytes are then put back and the TLS stack takes the socket, with the decky's certificate and
 * ALPN h2/http/1.1. After the handshake the negotiated protocol picks the HTTP/2 or HTTP/1.1 connection
 * of the `http` service, which log `request` and `http_access` as on port 80. Plain text on the port gets
 * the persona's "plain HTTP to an HTTPS port" answer. A handshake that fails is the client's problem, not
 * ours: logged at debug and closed. Nothing the client sends can throw out of here.
 */
import type { Socket } from 'node:net';
import { type SecureContext, TLSSocket } from 'node:tls';
import { type Cancel, schedule } from '../../runtime/clock.js';
import { HttpConnection, type HttpShared } from '../http/connection.js';
import { logAccess, remoteAddress } from '../http/exchange.js';
import { Http2Connection } from '../http/h2/connection.js';
import { HTTP_LIMITS } from '../http/limits.js';
import { serializeResponse } from '../http/response.js';
import { closeReason, closeSocket, markClosing } from '../shared/close-reason.js';
import { applyConnectionLimits } from '../shared/connection-limits.js';
import type { ServedConnection } from '../shared/connection-service.js';
import { firstBytesFields } from '../shared/first-bytes.js';
import type { Peer } from '../shared/peer.js';
import { ThrottledWriter } from '../shared/throttled-writer.js';
import { clientHelloFields } from './client-hello-event.js';
import { FirstFlightReader } from './first-flight.js';
import { HTTPS_LIMITS } from './limits.js';
import { plainAnswer, plainRequest } from './plain-http.js';
import { ReceivedBytes } from './received-bytes.js';

export interface HttpsShared {
  http: HttpShared;
  secureContext: SecureContext;
  /** ALPN protocols offered, in preference order. */
  alpn: string[];
}

type Phase = 'first-flight' | 'plain' | 'handshake' | 'http' | 'done';

/** Errors of a client that went away mid-handshake, rather than one the TLS stack refused. */
const CLIENT_GONE = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

export class HttpsConnection implements ServedConnection {
  private phase: Phase = 'first-flight';
  private readonly firstFlight = new FirstFlightReader();
  private plain: ReceivedBytes | null = null;
  /** Bytes of the plain-text request, counted past what is kept. */
  private plainReceived = 0;
  private tls: TLSSocket | null = null;
  /** The HTTP/1.1 or HTTP/2 connection running over TLS, once the handshake is done. */
  private http: HttpConnection | Http2Connection | null = null;
  private firstBytesLogged = false;
  /** Ends the handshake deadline once HTTP runs or the connection closes. */
  private cancelDeadline: Cancel | null = null;
  private readonly onData = (chunk: Buffer) => this.guard(() => this.receive(chunk));

  constructor(
    private readonly shared: HttpsShared,
    private readonly socket: Socket,
    private readonly peer: Peer,
    private readonly port: number,
  ) {}

  start(): void {
    this.socket.on('data', this.onData);
    this.cancelDeadline = schedule(this.shared.http.ctx.clock, HTTPS_LIMITS.handshakeTimeoutMs, () =>
      this.guard(() => this.expire()),
    );
  }

  onClose(): void {
    this.cancelDeadline?.();
    if (this.phase === 'first-flight' || this.phase === 'plain') this.logFirstBytes();
    this.phase = 'done';
    // What HTTP logs at its end must come before `disconnect`, which the raw socket's close triggers.
    this.http?.onClose();
    // HTTP closes the TLS socket and says why there; `disconnect` reads the reason off the raw one.
    if (this.tls !== null) markClosing(this.socket, closeReason(this.tls));
  }

  private get ctx() {
    return this.shared.http.ctx;
  }

  private receive(chunk: Buffer): void {
    if (this.phase === 'plain') {
      this.plainReceived += chunk.length;
      this.plain?.append(chunk);
      this.answerPlain();
      return;
    }
    if (this.phase !== 'first-flight') return;
    const flight = this.firstFlight.push(chunk);
    switch (flight.kind) {
      case 'incomplete':
        return;
      case 'client-hello':
        this.ctx.emit('tls_client_hello', {
          src_ip: this.peer.ip,
          src_port: this.peer.port,
          dst_ip: this.ctx.decky.ip,
          dst_port: this.port,
          ...clientHelloFields(flight.hello),
        });
        this.handshake();
        return;
      case 'malformed':
        // The TLS stack answers it as a real server's would (an alert); the bytes are worth keeping.
        this.logFirstBytes();
        this.handshake();
        return;
      case 'plain':
        this.phase = 'plain';
        this.plain = new ReceivedBytes(HTTPS_LIMITS.maxPlainRequestBytes);
        this.plainReceived = this.firstFlight.size;
        this.plain.append(this.firstFlight.bytes);
        this.answerPlain();
        return;
    }
  }

  /** Puts the bytes read back and lets the TLS stack take the socket from the start of the stream. */
  private handshake(): void {
    this.phase = 'handshake';
    this.socket.off('data', this.onData);
    this.socket.pause();
    this.socket.unshift(this.firstFlight.bytes);
    const tls = new TLSSocket(this.socket, {
      isServer: true,
      secureContext: this.shared.secureContext,
      ALPNProtocols: this.shared.alpn,
    });
    this.tls = tls;
    tls.on('error', (err: NodeJS.ErrnoException) => {
      this.ctx.logger.debug(
        { err: err.message, code: err.code, decky: this.ctx.decky.name, phase: this.phase },
        'https: TLS connection failed',
      );
      closeSocket(
        this.socket,
        err.code !== undefined && CLIENT_GONE.has(err.code) ? 'client_closed' : 'server_closed',
      );
    });
    tls.once('close', () => this.socket.destroy());
    tls.once('secure', () => this.guard(() => this.serve(tls)));
  }

  private serve(tls: TLSSocket): void {
    if (this.phase !== 'handshake') return;
    this.phase = 'http';
    this.cancelDeadline?.();
    // The raw socket no longer sees the bytes: the limits (idle timeout, byte cap) move to the TLS stream,
    // where HTTP sets its own timeouts and the tarpit can hold them; its close closes the raw socket.
    this.socket.setTimeout(0);
    applyConnectionLimits(tls, this.ctx.limits);
    this.http =
      tls.alpnProtocol === 'h2'
        ? new Http2Connection(this.shared.http, tls, this.peer, { scheme: 'https' })
        : new HttpConnection(this.shared.http, tls, this.peer);
    this.http.start();
  }

  private answerPlain(): void {
    const plain = this.plain;
    if (plain === null) return;
    const request = plainRequest(plain.bytes, plain.full);
    if (request.kind === 'incomplete') return;
    this.logFirstBytes();
    this.phase = 'done';
    this.cancelDeadline?.();
    this.socket.off('data', this.onData);
    const persona = this.shared.http.persona;
    const answer = plainAnswer(persona, request, persona.port ?? this.port);
    if (answer.kind === 'close') {
      closeSocket(this.socket, 'server_closed');
      return;
    }
    const writer = new ThrottledWriter(this.socket, {
      throttle: this.ctx.throttle,
      clock: this.ctx.clock,
      maxQueuedBytes: HTTP_LIMITS.maxQueuedWriteBytes,
    });
    let status: number;
    let bytes: number;
    if (answer.kind === 'raw') {
      writer.write(answer.bytes);
      status = answer.status;
      bytes = answer.bodyBytes;
    } else {
      const out = serializeResponse(answer.reply, {
        persona: this.shared.http.persona,
        date: this.shared.http.date(),
        lastModifiedMs: this.shared.http.lastModifiedMs,
        head: request.kind === 'request' && request.method === 'HEAD',
        close: true,
        extraHeaders: this.shared.http.extraHeaders,
      });
      writer.write(out.bytes);
      status = answer.reply.status;
      bytes = out.bodyBytes;
    }
    writer.end();
    const line = request.kind === 'request' ? request : { method: '-', target: '-' };
    logAccess(this.shared.http, remoteAddress(this.peer), line, 'h1', status, bytes);
  }

  /** `data_received` with what a client that is not (or not yet) speaking TLS sent. */
  private logFirstBytes(): void {
    if (this.firstBytesLogged) return;
    const kept = this.plain?.bytes ?? this.firstFlight.bytes;
    const received = this.plain === null ? this.firstFlight.size : this.plainReceived;
    if (received === 0) return;
    this.firstBytesLogged = true;
    this.ctx.emit('data_received', {
      src_ip: this.peer.ip,
      src_port: this.peer.port,
      dst_port: this.port,
      transport: 'tcp',
      ...firstBytesFields(kept.subarray(0, this.ctx.limits.maxLoggedBytes), received),
    });
  }

  /** The handshake deadline: a client that has not finished it by now is dripping or stalled. */
  private expire(): void {
    if (this.phase === 'http' || this.phase === 'done') return;
    closeSocket(this.socket, 'idle_timeout');
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.phase = 'done';
      this.ctx.logger.error(
        { err: (err as Error).message, decky: this.ctx.decky.name },
        'https connection failed',
      );
      closeSocket(this.socket, 'server_closed');
    }
  }
}

/**
 * What SMTP, POP3 and IMAP connections share: bounded line reading, writes through the tarpit, the
 * `command` and `auth_attempt` events, and a handler that nothing the client sends can throw out of.
 * A protocol subclass answers lines (`onLine`) and may take raw bytes (IMAP literals) with `takeBytes`.
 */
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { credentialFields } from '../../events/credential.js';
import type { ServiceContext } from '../service.js';
import { closeSocket, markClosing } from '../shared/close-reason.js';
import type { Peer } from '../shared/peer.js';
import { seededRandom } from '../shared/seeded-random.js';
import { deckyCertificate, type TlsMaterial } from '../shared/self-signed-certificate.js';
import { ThrottledWriter } from '../shared/throttled-writer.js';
import { type LineItem, LineReader } from './line-reader.js';

export const MAIL_CONNECTION_LIMITS = {
  /** Output held for a client that does not read: the largest bait message many times over. */
  maxQueuedWriteBytes: 1024 * 1024,
  /** Characters of a command line kept in a `command` event. */
  maxLoggedCommandChars: 512,
} as const;

/** The decky's certificate for STARTTLS, or null when it has none (the command is then refused). */
export type TlsProvider = () => TlsMaterial | null;

export abstract class MailConnection {
  protected reader = new LineReader();
  protected writer: ThrottledWriter;
  protected closing = false;
  /** Whether the session runs over TLS (after STARTTLS / STLS). */
  protected secure = false;

  constructor(
    protected readonly ctx: ServiceContext,
    protected readonly socket: Socket,
    protected readonly peer: Peer,
    private readonly tls: TlsProvider | null = null,
  ) {
    this.writer = this.writerFor(socket);
  }

  private writerFor(stream: Socket): ThrottledWriter {
    return new ThrottledWriter(stream, {
      throttle: this.ctx.throttle,
      clock: this.ctx.clock,
      maxQueuedBytes: MAIL_CONNECTION_LIMITS.maxQueuedWriteBytes,
    });
  }

  /** Whether STARTTLS can be offered and taken now. */
  protected canStartTls(): boolean {
    return !this.secure && this.tls !== null && this.writer.pending === 0;
  }

  /**
   * Sends `ready` in clear, then runs the rest of the session over TLS with the decky's certificate
   * (RFC 3207 §4, RFC 2595 §3.1). Anything the client pipelined after the command is dropped unread
   * (RFC 3207 §4.2: the STARTTLS command injection of CVE-2011-0411). False when no certificate is
   * available; the caller then refuses the command.
   */
  protected startTls(ready: string): boolean {
    const material = this.canStartTls() ? this.tls?.() : null;
    if (!material) return false;
    this.reader = new LineReader();
    this.secure = true;
    // Straight to the socket: the reply must go out in clear, before the handshake takes the stream.
    this.socket.write(ready);
    const stream = new TLSSocket(this.socket, { isServer: true, key: material.key, cert: material.cert });
    // The raw socket keeps the idle timer, byte counts and close; the bytes it no longer sees are counted here.
    let read = 0;
    stream.on('error', () => closeSocket(this.socket, 'client_closed'));
    stream.on('close', () => this.socket.destroy());
    stream.on('data', (chunk: Buffer) =>
      this.guard(() => {
        read += chunk.length;
        if (read > this.ctx.limits.maxBytesPerConnection) {
          closeSocket(this.socket, 'byte_limit');
          return;
        }
        this.reader.push(chunk);
        this.drain();
      }),
    );
    this.writer = this.writerFor(stream);
    return true;
  }

  start(): void {
    this.socket.on('data', (chunk: Buffer) =>
      this.guard(() => {
        this.reader.push(chunk);
        this.drain();
      }),
    );
    this.socket.once('close', () => {
      this.closing = true;
      this.closed();
    });
    this.guard(() => this.greet());
  }

  protected abstract greet(): void;
  /** The longest line the protocol reads in its current state. */
  protected abstract lineLimit(): number;
  protected abstract onLine(item: LineItem): void;
  /** Whether the protocol is waiting for raw bytes (a literal) rather than a line. */
  protected wantsBytes(): boolean {
    return false;
  }
  protected onBytes(_bytes: Buffer): void {}
  protected closed(): void {}

  /** Hands everything buffered to the protocol, a line (or a run of literal bytes) at a time. */
  protected drain(): void {
    while (!this.closing && !this.socket.destroyed) {
      if (this.wantsBytes()) {
        if (this.reader.buffered === 0) return;
        this.onBytes(this.reader.bytes(Number.POSITIVE_INFINITY));
        continue;
      }
      const item = this.reader.next(this.lineLimit());
      if (item === null) return;
      this.onLine(item);
    }
  }

  protected send(text: string): void {
    this.writer.write(Buffer.from(text, 'utf8'));
  }

  protected sendBytes(bytes: Buffer): void {
    this.writer.write(bytes);
  }

  /** Ends the connection once what was written has gone out. */
  protected hangUp(): void {
    if (this.closing) return;
    this.closing = true;
    // Over TLS the writer ends the TLS stream; the disconnect is logged from the raw socket.
    markClosing(this.socket, 'server_closed');
    this.writer.end();
  }

  protected logCommand(cmd: string, state: string): void {
    this.ctx.emit('command', {
      cmd: cmd.slice(0, MAIL_CONNECTION_LIMITS.maxLoggedCommandChars),
      src_ip: this.peer.ip,
      state,
    });
  }

  protected logAuth(username: string, secret: Buffer, accepted: boolean): void {
    this.ctx.emit('auth_attempt', {
      username,
      ...credentialFields({ principal: username, secret, outcome: accepted ? 'success' : 'failure' }),
      src_ip: this.peer.ip,
      src_port: this.peer.port,
    });
  }

  protected guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.ctx.logger.error(
        { err, decky: this.ctx.decky.name },
        'mail protocol handler failed; connection closed',
      );
      closeSocket(this.socket, 'server_closed');
    }
  }
}

/** The decky's certificate, made on the first STARTTLS and kept under its keys directory. */
export function deckyTls(ctx: ServiceContext): TlsProvider {
  let material: TlsMaterial | null = null;
  return () => {
    try {
      material ??= deckyCertificate(
        ctx.dirs.keys,
        ctx.decky.hostname,
        ctx.clock.now(),
        seededRandom(ctx.decky.seed, 'tls-certificate'),
      );
    } catch (err) {
      ctx.logger.warn(
        { err: (err as Error).message, decky: ctx.decky.name },
        'no TLS certificate; STARTTLS refused',
      );
    }
    return material;
  };
}

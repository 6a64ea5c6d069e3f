/**
 * The FTP data connection (RFC 959 §3.2): one at a time per control connection, made for the next
 * transfer and closed after it.
 *
 * Passive (PASV/EPSV): an ephemeral listener on the decky's address, asked of the fabric
 * (ServiceContext.listenTcp) because a passive data port is chosen per transfer, not declared: under the
 * netns driver the address exists only inside the decky's namespace, where the fabric's socket helper
 * opens it. The fabric does not admit its connections: only the control connection's client may
 * connect, once, within the accept timeout; the listener closes then. One per session: a new PASV
 * drops the previous one.
 *
 * Active (PORT/EPRT): the service connects back to the address the client named, which must be the
 * control connection's own source address (FTP bounce protection, RFC 2577 §3, as vsftpd's
 * port_promiscuous=NO). That connection is the protocol itself, not outbound fetching.
 *
 * Bounds: accept/connect timeout, an idle timeout while transferring, a byte cap on uploads.
 */
import type { Server, Socket } from 'node:net';
import { connect as tcpConnect } from 'node:net';
import type { Clock } from '../../runtime/clock.js';
import { normaliseIp } from '../shared/peer.js';
import { FTP_LIMITS } from './limits.js';
import type { HostPort } from './protocol.js';

/**
 * Abort reasons, given so that no DOMException is built (see CONNECTION_CLOSED in
 * ../shared/close-signal.ts): a newer preparation or the session's end drops the current one; the
 * client's data connection arrived before the deadline.
 */
const PREPARATION_DROPPED = new Error('data connection preparation dropped');
const CLIENT_CONNECTED = new Error('data connection made');

export interface Received {
  data: Buffer;
  /** The client closed the connection after sending everything (not cut, not timed out). */
  complete: boolean;
  /** Cut at `maxBytes`. */
  tooLarge: boolean;
}

/** Opens a listening server on the decky's address (`port` 0: ephemeral); rejects when it cannot. */
export type PassiveListen = (port: number) => Promise<Server>;

export class DataChannel {
  private server: Server | null = null;
  private accepted: Promise<Socket | null> | null = null;
  private target: HostPort | null = null;
  private readonly sockets = new Set<Socket>();
  /**
   * Aborted when the current preparation is dropped. Made by the preparation that needs it: most
   * connections never transfer anything, and an AbortController with its signal costs each of them.
   */
  private stop: AbortController | null = null;

  constructor(
    private readonly peerIp: string,
    private readonly listen: PassiveListen,
    private readonly clock: Clock,
  ) {}

  /** Whether PASV, EPSV, PORT or EPRT has prepared a data connection for the next transfer. */
  get prepared(): boolean {
    return this.accepted !== null || this.target !== null;
  }

  /**
   * Listens on an ephemeral port of the decky's address for the next transfer; resolves to the port,
   * or null when no listener could be opened (the caller answers 425).
   */
  async listenPassive(): Promise<number | null> {
    this.reset();
    const stop = new AbortController();
    this.stop = stop;
    let server: Server;
    try {
      server = await this.listen(0);
    } catch {
      return null;
    }
    server.on('error', () => {});
    const address = server.address();
    const port = address !== null && typeof address === 'object' ? address.port : null;
    // Reset (a newer PASV, the session closing) while the listener was being opened: it is not wanted.
    if (port === null || stop.signal.aborted) {
      server.close();
      return null;
    }
    this.server = server;
    this.accepted = new Promise<Socket | null>((resolve) => {
      const waiting = new AbortController();
      const done = (socket: Socket | null) => {
        waiting.abort(CLIENT_CONNECTED);
        server.close();
        resolve(socket);
      };
      server.on('connection', (socket) => {
        socket.on('error', () => {});
        // Only the client itself may connect (vsftpd: "425 Security: Bad IP connecting.").
        if (normaliseIp(socket.remoteAddress ?? '') !== this.peerIp || stop.signal.aborted) {
          socket.destroy();
          return;
        }
        this.track(socket);
        done(socket);
      });
      this.clock.sleep(FTP_LIMITS.dataConnectTimeoutMs, AbortSignal.any([stop.signal, waiting.signal])).then(
        () => done(null),
        () => done(null),
      );
    });
    return port;
  }

  /** Connects to `target` for the next transfer (the caller has checked it is the client's address). */
  setActive(target: HostPort): void {
    this.reset();
    this.target = target;
  }

  /** The data connection for the next transfer, or null when none could be made; consumes the preparation. */
  async open(): Promise<Socket | null> {
    const accepted = this.accepted;
    const target = this.target;
    this.accepted = null;
    this.target = null;
    if (accepted !== null) return accepted;
    if (target === null) return null;
    this.stop ??= new AbortController();
    const stop = this.stop;
    return new Promise<Socket | null>((resolve) => {
      const socket = tcpConnect({ host: target.ip, port: target.port });
      this.track(socket);
      socket.on('error', () => resolve(null));
      // A reset (the control connection closed) destroys it without an error.
      socket.once('close', () => resolve(null));
      socket.setTimeout(FTP_LIMITS.dataConnectTimeoutMs, () => {
        socket.destroy();
        resolve(null);
      });
      socket.once('connect', () => {
        socket.setTimeout(0);
        resolve(stop.signal.aborted ? null : socket);
      });
    });
  }

  /** Sends `data` and closes the connection; resolves true once it was all handed over. */
  send(socket: Socket, data: Buffer): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      socket.setTimeout(FTP_LIMITS.dataIdleTimeoutMs, () => socket.destroy());
      socket.once('close', (hadError) => resolve(!hadError && socket.writableFinished));
      socket.on('data', () => {});
      socket.end(data);
    });
  }

  /** Reads until the client closes, at most `maxBytes` (then the connection is cut). */
  receive(socket: Socket, maxBytes: number): Promise<Received> {
    return new Promise<Received>((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let tooLarge = false;
      let ended = false;
      socket.setTimeout(FTP_LIMITS.dataIdleTimeoutMs, () => socket.destroy());
      socket.on('data', (chunk: Buffer) => {
        if (tooLarge) return;
        if (size + chunk.length > maxBytes) {
          tooLarge = true;
          chunks.push(chunk.subarray(0, maxBytes - size));
          size = maxBytes;
          socket.destroy();
          return;
        }
        chunks.push(chunk);
        size += chunk.length;
      });
      socket.once('end', () => {
        ended = true;
        socket.end();
      });
      socket.once('close', () =>
        resolve({ data: Buffer.concat(chunks, size), complete: ended && !tooLarge, tooLarge }),
      );
    });
  }

  /** Drops any prepared or open data connection. */
  reset(): void {
    this.stop?.abort(PREPARATION_DROPPED);
    this.stop = null;
    this.server?.close();
    this.server = null;
    this.accepted = null;
    this.target = null;
    for (const socket of this.sockets) socket.destroy();
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }
}

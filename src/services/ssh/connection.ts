/**
 * One SSH connection, from accept to close. We speak first, as sshd does, with the decky's ident; we
 * read the client's ident and KEXINIT ourselves (the HASSH fingerprint, and whether the client needs an
 * RSA host key); then the socket goes to an ssh2 server with those bytes put back in front, and ssh2
 * runs the transport while we answer authentication and channels.
 *
 * A client that does not speak SSH-2 gets sshd's one-line complaint and is closed, its bytes logged as
 * `data_received`. Nothing a client sends can throw out of here: ssh2's errors are expected (hostile
 * input) and only end the connection; a throw in our own handlers is a bug, logged for the operator.
 */

import type { Socket } from 'node:net';
import ssh2, { type Connection, type ServerConfig, type Session } from 'ssh2';
import type { Hassh } from '../../fingerprint/hassh.js';
import { hasshOf } from '../../fingerprint/hassh.js';
import type { KexInit } from '../../fingerprint/ssh-kexinit.js';
import { type Cancel, schedule } from '../../runtime/clock.js';
import type { ServiceContext } from '../service.js';
import { closeSocket, markClosing } from '../shared/close-reason.js';
import { CloseSignal } from '../shared/close-signal.js';
import type { ServedConnection } from '../shared/connection-service.js';
import { firstBytesFields } from '../shared/first-bytes.js';
import type { Peer } from '../shared/peer.js';
import { ThrottledWriter } from '../shared/throttled-writer.js';
import type { SshAlgorithms } from './algorithms.js';
import { Authenticator, DISCONNECT_PROTOCOL_ERROR, TOO_MANY_FAILURES } from './auth.js';
import { type HostKeyStore, needsRsaHostKey } from './host-keys.js';
import { rejectionLine, type ServerSoftware } from './identification.js';
import type { InteractiveSession, InteractiveSessionSource, LoginCheck } from './interactive.js';
import { SSH_LIMITS } from './limits.js';
import { ClientPreamble } from './preamble.js';
import { serveSessionChannel } from './session.js';
import { disconnectWithReason, dropNextWriteOf, KEEPALIVE_NEVER_MS } from './ssh2-quirks.js';

/** What every connection of one service instance shares. */
export interface SshServiceState {
  ctx: ServiceContext;
  /** The decky's identification line, without CR LF. */
  ident: string;
  software: ServerSoftware;
  algorithms: SshAlgorithms;
  hasshServer: Hassh;
  hostKeys: HostKeyStore;
  policy: LoginCheck;
  sessions: InteractiveSessionSource;
  acceptPublicKeys: boolean;
  /** Interactive sessions running across the instance (bounded by SSH_LIMITS.maxConcurrentSessions). */
  running: { count: number };
}

export class SshConnection implements ServedConnection {
  /** Ends the waits of a connection (auth delays, the ident's drip) when it closes. */
  private readonly stop = new CloseSignal();
  private cancelLoginGrace: Cancel | null = null;
  private readonly preamble = new ClientPreamble();
  private readonly sessions = new Set<InteractiveSession>();
  private writer: ThrottledWriter | null = null;
  private cancelKexinitWait: Cancel | null = null;
  /** Set once the socket belongs to ssh2. */
  private handedOver = false;
  /** Preamble bytes ssh2 will read again from the socket, which our tap must not count twice. */
  private replayed = 0;
  private fingerprinted = false;
  /** Our 'data' listener, removed once the preamble no longer needs reading. */
  private tap: ((chunk: Buffer) => void) | null = null;
  private logged = false;
  private authenticated = false;
  private channels = 0;
  /** The socket is admitted and logged by connectionService; this object speaks SSH on it. */
  constructor(
    private readonly state: SshServiceState,
    private readonly socket: Socket,
    private readonly peer: Peer,
    private readonly dstPort: number,
  ) {}

  start(): void {
    try {
      this.begin();
    } catch (err) {
      this.fail(err);
    }
  }

  private begin(): void {
    const { socket, state } = this;
    const { ctx } = state;
    this.tap = this.guarded((chunk: Buffer) => this.onData(chunk));
    socket.on('data', this.tap);
    this.writer = new ThrottledWriter(socket, { throttle: ctx.throttle, clock: ctx.clock });
    this.writer.write(Buffer.from(`${state.ident}\r\n`, 'latin1'));
    this.cancelLoginGrace = schedule(
      ctx.clock,
      SSH_LIMITS.loginGraceMs,
      this.guarded(() => {
        // sshd's LoginGraceTime: "Timeout before authentication", and the connection is dropped.
        if (!this.authenticated) closeSocket(socket, 'idle_timeout');
      }),
    );
  }

  private get src(): { src_ip: string; src_port: number } {
    const peer = this.peer;
    return { src_ip: peer.ip, src_port: peer.port };
  }

  /** Our tap on the socket: reads the preamble until it is decided, and the fingerprint if it came late. */
  private onData(chunk: Buffer): void {
    if (this.handedOver) {
      const skip = Math.min(this.replayed, chunk.length);
      this.replayed -= skip;
      const phase = skip < chunk.length ? this.preamble.push(chunk.subarray(skip)) : this.preamble.phase;
      if (phase === 'complete') this.fingerprint();
      if (phase !== 'kexinit') this.untap();
      return;
    }
    switch (this.preamble.push(chunk)) {
      case 'ident':
        return;
      case 'kexinit':
        this.awaitKexinit();
        return;
      case 'complete':
        this.fingerprint();
        this.untap();
        this.handOver(this.preamble.kexinit);
        return;
      case 'not_ssh': {
        this.logFirstBytes();
        const line = rejectionLine(this.state.software, this.preamble.rejection ?? 'invalid');
        if (line !== null) this.writer?.write(line);
        this.writer?.end();
        return;
      }
      case 'bad_kexinit':
        // sshd answers a malformed first packet by dropping the connection ("Bad packet length").
        this.logFirstBytes();
        closeSocket(this.socket, 'server_closed');
        return;
    }
  }

  private untap(): void {
    if (this.tap !== null) this.socket.off('data', this.tap);
    this.tap = null;
  }

  /** The ident is in; its KEXINIT normally follows at once. A client that waits for ours gets it after a while. */
  private awaitKexinit(): void {
    if (this.cancelKexinitWait !== null) return;
    this.cancelKexinitWait = schedule(
      this.state.ctx.clock,
      SSH_LIMITS.kexinitWaitMs,
      this.guarded(() => {
        if (!this.handedOver && !this.socket.destroyed) this.handOver(null);
      }),
    );
  }

  private fingerprint(): void {
    if (this.fingerprinted) return;
    const kexinit = this.preamble.kexinit as KexInit;
    this.fingerprinted = true;
    this.logged = true;
    const hassh = hasshOf(kexinit);
    this.state.ctx.emit('ssh_fingerprint', {
      ...this.src,
      client_version: this.preamble.ident ?? '',
      hassh: hassh.hash,
      hassh_algorithms: hassh.algorithms,
      hassh_server: this.state.hasshServer.hash,
      hassh_server_algorithms: this.state.hasshServer.algorithms,
    });
  }

  /** `data_received` with what a client that is not (or not yet) speaking SSH-2 sent. */
  private logFirstBytes(): void {
    if (this.logged) return;
    const bytes = this.preamble.bytes;
    if (bytes.length === 0) return;
    this.logged = true;
    this.state.ctx.emit('data_received', {
      ...this.src,
      dst_port: this.dstPort,
      transport: 'tcp',
      ...firstBytesFields(bytes.subarray(0, this.state.ctx.limits.maxLoggedBytes), bytes.length),
    });
  }

  /**
   * Gives the socket to ssh2. The socket is paused meanwhile, so nothing is lost while an RSA host key is
   * made for a client that can use no other (once per decky, off the event loop).
   */
  private handOver(kexinit: KexInit | null): void {
    this.handedOver = true;
    this.cancelKexinitWait?.();
    this.socket.pause();
    const keys = this.state.hostKeys;
    const ready =
      kexinit !== null && needsRsaHostKey(kexinit.serverHostKeyAlgorithms) && !keys.hasRsa()
        ? keys.ensureRsa()
        : Promise.resolve();
    const inject = this.guarded(() => this.inject());
    ready.then(inject, (err: unknown) => {
      this.state.ctx.logger.error({ err }, 'cannot make the ssh RSA host key; offering the others');
      inject();
    });
  }

  private async identSent(): Promise<void> {
    const { writer, socket } = this;
    while (writer !== null && writer.pending > 0 && !socket.destroyed) {
      await this.state.ctx.clock.sleep(Math.max(1, this.state.ctx.throttle.delayMs()), this.stop.signal);
    }
  }

  private inject(): void {
    // A tarpitted ident may still be dripping; ssh2's packets must not overtake it.
    if (this.writer !== null && this.writer.pending > 0) {
      this.identSent().then(
        this.guarded(() => this.inject()),
        () => {},
      );
      return;
    }
    const { socket, state } = this;
    if (socket.destroyed) return;
    if (socket.readableEnded) {
      // The client sent its KEXINIT and hung up: nothing is left for ssh2 to answer.
      socket.destroy();
      return;
    }
    const config: ServerConfig = {
      // Parsed once per decky; ssh2 takes a parsed key only inside `{ key }`.
      hostKeys: state.hostKeys.current().map((key) => ({ key })),
      // ssh2 prepends "SSH-2.0-" to the software part it is given.
      ident: state.ident.replace(/^SSH-2\.0-/, ''),
      algorithms: {
        kex: [...state.algorithms.kex],
        cipher: [...state.algorithms.cipher],
        hmac: [...state.algorithms.mac],
        compress: [...state.algorithms.compress],
        serverHostKey: ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
      },
      keepaliveInterval: KEEPALIVE_NEVER_MS,
    };
    const server = new ssh2.Server(
      config,
      this.guarded((client: Connection) => this.onClient(client)),
    );
    const replay = this.preamble.bytes;
    this.replayed = replay.length;
    dropNextWriteOf(socket, Buffer.from(`${state.ident}\r\n`, 'latin1'));
    server.injectSocket(socket);
    // ssh2 paused the socket and reads from 'data' once its crypto is ready: what we read comes first.
    if (replay.length > 0) socket.unshift(replay);
  }

  private onClient(client: Connection): void {
    const { state } = this;
    const { ctx } = state;
    client.on('error', (err: Error) => {
      // Hostile or broken input, a reset: expected, and ssh2 has already ended the socket.
      ctx.logger.debug({ err: err.message, decky: ctx.decky.name }, 'ssh connection error');
    });
    let username = '';
    new Authenticator({
      policy: state.policy,
      acceptPublicKeys: state.acceptPublicKeys,
      emit: ctx.emit,
      clock: ctx.clock,
      src: this.src,
      signal: this.stop.signal,
      onTooManyFailures: () => {
        markClosing(this.socket, 'server_closed');
        disconnectWithReason(client, this.socket, DISCONNECT_PROTOCOL_ERROR, TOO_MANY_FAILURES);
      },
      onSuccess: (name) => {
        username = name;
        this.authenticated = true;
      },
      guard: (fn) => this.guarded(fn),
    }).attach(client);
    client.on(
      'session',
      this.guarded((accept: () => Session, reject: () => void) => {
        if (this.channels >= SSH_LIMITS.maxChannelsPerConnection) return reject();
        this.channels++;
        let holdsSlot = false;
        serveSessionChannel(
          accept(),
          {
            clock: ctx.clock,
            logger: ctx.logger,
            emit: ctx.emit,
            srcIp: this.src.src_ip,
            open: (terminal, env) => {
              if (state.running.count >= SSH_LIMITS.maxConcurrentSessions || this.socket.destroyed)
                return null;
              const session = state.sessions.open(
                { username, srcIp: this.src.src_ip, srcPort: this.src.src_port, dstPort: this.dstPort },
                terminal,
                env,
              );
              if (session === null) return null;
              state.running.count++;
              holdsSlot = true;
              this.sessions.add(session);
              return session;
            },
          },
          () => {
            this.channels--;
            if (holdsSlot) state.running.count--;
            holdsSlot = false;
          },
        );
      }),
    );
    // Port forwarding, remote or local, is refused as sshd refuses it with AllowTcpForwarding no: global
    // requests fail, and with no 'tcpip' listener ssh2 refuses direct-tcpip as administratively prohibited.
    client.on('request', (_accept, reject) => reject?.());
  }

  onClose(): void {
    this.guarded(() => this.closeDown())();
  }

  private closeDown(): void {
    this.stop.close();
    this.cancelLoginGrace?.();
    this.cancelKexinitWait?.();
    if (!this.fingerprinted) this.logFirstBytes();
    for (const session of this.sessions) {
      try {
        session.end();
      } catch (err) {
        this.state.ctx.logger.error({ err }, 'ending an ssh session failed');
      }
    }
    this.sessions.clear();
  }

  private guarded<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
    return (...args) => {
      try {
        fn(...args);
      } catch (err) {
        this.fail(err);
      }
    };
  }

  private fail(err: unknown): void {
    this.state.ctx.logger.error(
      { err, decky: this.state.ctx.decky.name },
      'ssh handler failed; connection closed',
    );
    this.socket.destroy();
  }
}

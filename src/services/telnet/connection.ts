/**
 * One Telnet connection: option negotiation, the login dialogue of the decky's persona (every attempt
 * logged as `auth_attempt`), then the fake shell — or, on a Cisco persona, the IOS command line — until
 * the client leaves. Input is read in bounded pieces; nothing the client sends can throw out of here.
 */
import type { Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { credentialFields } from '../../events/credential.js';
import { type Cancel, isAbortError, schedule } from '../../runtime/clock.js';
import { CiscoCli } from '../interactive/ios-cli.js';
import type { LoginPolicy } from '../interactive/login-policy.js';
import type { InteractiveSession, InteractiveSessions } from '../interactive/sessions.js';
import type { ServiceContext } from '../service.js';
import { closeSocket } from '../shared/close-reason.js';
import { CloseSignal } from '../shared/close-signal.js';
import type { Peer } from '../shared/peer.js';
import { ThrottledWriter } from '../shared/throttled-writer.js';
import type { TerminalInfo } from '../shell/command.js';
import type { TelnetPersona } from './personas.js';
import {
  escapeIac,
  IAC,
  OPTION,
  SB,
  SE,
  type TelnetCommand,
  TelnetDecoder,
  TTYPE_SEND,
  terminalType,
  windowSize,
} from './protocol.js';

export const TELNET_LIMITS = {
  /** login(1)'s LOGIN_TIMEOUT: the whole login dialogue must end within it. */
  loginTimeoutMs: 60_000,
  /** Characters kept of a typed user name or password. */
  maxCredentialChars: 256,
  /** Pause before "Login incorrect", as login(1) makes (FAIL_DELAY). */
  failureDelayMs: 1_500,
  /**
   * How long a persona that waits for the client's answer to its opening options waits before going on
   * anyway (a client that never negotiates still gets a login prompt).
   */
  negotiationWaitMs: 10_000,
  /**
   * How long a persona that does not wait takes to print its login prompt after its options: BusyBox
   * telnetd sends the options, then forks login(1), whose prompt follows a moment later in a segment of
   * its own (hydra reads the options apart from the prompt only then; else it waits 6 s for more).
   */
  loginStartMs: 20,
  /** Output held for a client that does not read: a `cat` of a large file fits. */
  maxQueuedWriteBytes: 2 * 1024 * 1024,
} as const;

/** Options a terminal client agrees to when asked (a terminal type, a window size, remote echo). */
function agreesLikeTerminal(command: TelnetCommand): boolean {
  if (command.kind !== 'option') return false;
  if (command.verb === 'WILL') return TERMINAL_REPORTS.has(command.option);
  return (
    command.verb === 'DO' && (command.option === OPTION.echo || command.option === OPTION.suppressGoAhead)
  );
}

const TERMINAL_REPORTS: ReadonlySet<number> = new Set([
  OPTION.terminalType,
  OPTION.terminalSpeed,
  OPTION.windowSize,
  OPTION.xDisplayLocation,
  OPTION.newEnvironment,
]);

const BACKSPACE = 0x08;
const DEL = 0x7f;
const CR = 0x0d;
const LF = 0x0a;
const CTRL_C = 0x03;
const CTRL_D = 0x04;

type Phase = 'user' | 'password' | 'checking' | 'shell' | 'closed';

export class TelnetConnection {
  private readonly decoder = new TelnetDecoder();
  private readonly writer: ThrottledWriter;
  private phase: Phase = 'user';
  private line = '';
  private username = '';
  private attempts = 0;
  private readonly terminal: TerminalInfo = { isTty: true, columns: 80, rows: 24, term: 'xterm' };
  /** Cuts the failed-login delay short when the connection closes. */
  private readonly stop = new CloseSignal();
  /** The greeting and login deadlines, cancelled when the connection closes. */
  private readonly timers: Cancel[] = [];
  private shellInput: PassThrough | null = null;
  private session: InteractiveSession | null = null;
  private cisco: CiscoCli | null = null;
  /** Text held while one received chunk is processed, to be sent in one write; null when not holding. */
  private pendingText: string | null = null;
  /** Whether the login prompt has been sent (a waiting persona sends it once the client answered). */
  private greeted = false;
  /** Whether the client agreed to an option a terminal agrees to (a script declines them all). */
  private answeredLikeTerminal = false;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly sessions: InteractiveSessions,
    private readonly policy: LoginPolicy,
    private readonly persona: TelnetPersona,
    private readonly socket: Socket,
    private readonly peer: Peer,
    private readonly port: number,
  ) {
    this.writer = new ThrottledWriter(socket, {
      throttle: ctx.throttle,
      clock: ctx.clock,
      maxQueuedBytes: TELNET_LIMITS.maxQueuedWriteBytes,
    });
  }

  start(): void {
    this.socket.on('data', (chunk: Buffer) => this.guard(() => this.receive(chunk)));
    this.socket.once('close', () => this.closed());
    this.writer.write(this.persona.negotiation);
    const greetAfterMs = this.persona.waitsForClient
      ? TELNET_LIMITS.negotiationWaitMs
      : TELNET_LIMITS.loginStartMs;
    this.timers.push(
      schedule(this.ctx.clock, greetAfterMs, () => this.guard(() => this.greet())),
      schedule(this.ctx.clock, TELNET_LIMITS.loginTimeoutMs, () =>
        this.guard(() => {
          if (this.phase !== 'shell' && this.phase !== 'closed') {
            this.text('\r\nLogin timed out after 60 seconds.\r\n');
            this.hangUp('idle_timeout');
          }
        }),
      ),
    );
  }

  /** The rest of the opening: follow-up options, the preamble and the first login prompt. */
  private greet(): void {
    if (this.greeted || this.phase === 'closed') return;
    this.greeted = true;
    this.writer.write(this.persona.followUp);
    this.text(this.persona.preamble + this.persona.loginPrompt);
  }

  private receive(chunk: Buffer): void {
    this.greet();
    const { data, commands } = this.decoder.push(chunk);
    for (const command of commands) {
      if (agreesLikeTerminal(command)) this.answeredLikeTerminal = true;
      if (command.kind === 'option' && command.verb === 'WILL' && command.option === OPTION.terminalType) {
        this.writer.write(Buffer.from([IAC, SB, OPTION.terminalType, TTYPE_SEND, IAC, SE]));
      } else if (command.kind === 'subnegotiation' && command.option === OPTION.windowSize) {
        const size = windowSize(command.data);
        if (size) {
          this.terminal.columns = size.columns;
          this.terminal.rows = size.rows;
          this.session?.resize(size.columns, size.rows);
        }
      } else if (command.kind === 'subnegotiation' && command.option === OPTION.terminalType) {
        this.terminal.term = terminalType(command.data) ?? this.terminal.term;
      }
    }
    if (data.length === 0) return;
    if (this.phase === 'shell') {
      if (this.cisco) this.cisco.input(data);
      else this.shellInput?.write(data);
      return;
    }
    // What one chunk of typing produces goes out in one write, as a terminal's echo does: clients such
    // as hydra read a reply per segment and lose their place when an echo arrives a byte at a time.
    this.pendingText = '';
    for (const byte of data) {
      if (this.phase !== 'user' && this.phase !== 'password') break;
      this.loginByte(byte);
    }
    const text = this.pendingText;
    this.pendingText = null;
    if (text) this.text(text);
  }

  /** A byte of the login dialogue: line editing, echoed for the user name and never for the password. */
  private loginByte(byte: number): void {
    const echo = this.phase === 'user';
    if (byte === CR || byte === LF) {
      this.text('\r\n');
      const entered = this.line;
      this.line = '';
      if (this.phase === 'user') {
        if (entered === '') {
          this.text(this.persona.loginPrompt);
          return;
        }
        this.username = entered;
        this.phase = 'password';
        this.text(this.persona.passwordPrompt);
      } else {
        this.phase = 'checking';
        void this.check(this.username, entered);
      }
      return;
    }
    if (byte === BACKSPACE || byte === DEL) {
      if (this.line.length > 0) {
        this.line = this.line.slice(0, -1);
        if (echo) this.text('\b \b');
      }
      return;
    }
    if (byte === CTRL_C || byte === CTRL_D) {
      this.hangUp('client_closed');
      return;
    }
    if (byte < 0x20) return;
    if (this.line.length >= TELNET_LIMITS.maxCredentialChars) return;
    const char = String.fromCharCode(byte);
    this.line += char;
    if (echo) this.text(char);
  }

  private async check(username: string, password: string): Promise<void> {
    const accepted = this.policy.check(username, password, this.peer.ip);
    this.ctx.emit('auth_attempt', {
      username,
      ...credentialFields({
        principal: username,
        secret: Buffer.from(password, 'latin1'),
        outcome: accepted ? 'success' : 'failure',
      }),
      src_ip: this.peer.ip,
      src_port: this.peer.port,
    });
    if (accepted) {
      this.startSession(username);
      return;
    }
    this.attempts++;
    try {
      await this.ctx.clock.sleep(TELNET_LIMITS.failureDelayMs, this.stop.signal);
    } catch (err) {
      if (isAbortError(err)) return;
      throw err;
    }
    const allowed = this.answeredLikeTerminal ? this.persona.maxAttempts : this.persona.scriptAttempts;
    if (this.attempts >= allowed) {
      this.text(this.persona.failure);
      this.hangUp('server_closed');
      return;
    }
    this.phase = 'user';
    // One write, as login(1) prints both before it reads again: a guesser that reads the failure apart
    // from the prompt may take a line of it for the answer.
    this.text(this.persona.failure + this.persona.loginPrompt);
  }

  private startSession(username: string): void {
    this.phase = 'shell';
    if (this.persona.name === 'cisco') {
      this.cisco = new CiscoCli(this.ctx, {
        username,
        srcIp: this.peer.ip,
        write: (text) => this.text(text),
        hangUp: () => this.hangUp('server_closed'),
      });
      this.cisco.start();
      return;
    }
    const session = this.sessions.open(
      { username, srcIp: this.peer.ip, srcPort: this.peer.port, dstPort: this.port },
      this.terminal,
    );
    if (session === null) {
      this.hangUp('shutdown');
      return;
    }
    this.session = session;
    const input = new PassThrough();
    this.shellInput = input;
    this.text(session.loginBanner().replace(/\r?\n/g, '\r\n'));
    session
      .interact(input, (data) => this.writer.write(escapeIac(data)))
      .then(
        () => this.hangUp('server_closed'),
        (err: unknown) => this.fail(err),
      );
  }

  private text(text: string): void {
    if (this.pendingText !== null) {
      this.pendingText += text;
      return;
    }
    this.writer.write(escapeIac(Buffer.from(text, 'utf8')));
  }

  private hangUp(reason: 'server_closed' | 'idle_timeout' | 'client_closed' | 'shutdown'): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    this.writer.end();
    if (reason !== 'server_closed') closeSocket(this.socket, reason);
  }

  private closed(): void {
    this.phase = 'closed';
    this.stop.close();
    for (const cancel of this.timers) cancel();
    this.shellInput?.end();
    this.session?.end();
    this.cisco?.end();
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.fail(err);
    }
  }

  private fail(err: unknown): void {
    this.ctx.logger.error({ err, decky: this.ctx.decky.name }, 'telnet handler failed; connection closed');
    this.socket.destroy();
  }
}

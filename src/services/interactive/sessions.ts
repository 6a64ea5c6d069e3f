/**
 * Logged-in sessions on a decky's SSH or Telnet service: each gets its own copy-on-write view of the
 * decky's filesystem, a fake shell running as the login account, an asciinema recording, and a host
 * that turns what happens into events — `command` per line typed, `file_captured` per file left
 * behind, `download_attempt` per URL asked for, and `session_recorded` when the session ends.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Transform } from 'node:stream';
import type { ServiceContext } from '../service.js';
import type { Machine, ShellUser, TerminalInfo } from '../shell/command.js';
import { COMMANDS } from '../shell/commands/index.js';
import type { ShellFs } from '../shell/filesystem.js';
import type { FetchRequest, FetchResult, ShellHost } from '../shell/host.js';
import { machineFor } from '../shell/machine.js';
import { loginBanner } from '../shell/motd.js';
import { ShellSession } from '../shell/session.js';
import { accountFor, ensureAccount } from '../shell/vfs/accounts.js';
import { type BaseTree, baseTreeFor } from '../shell/vfs/base-tree.js';
import { createSessionFs } from '../shell/vfs/session-fs.js';
import { windowsAccount } from '../shell/windows/accounts.js';
import { windowsPathOf } from '../shell/windows/paths.js';
import { CmdSession } from '../shell/windows/session.js';
import { isWindows } from '../shell/windows/system.js';
import { windowsBaseTreeFor } from '../shell/windows/tree.js';
import { fetchBounded, offlineFailure } from './fetcher.js';
import { CiscoCli } from './ios-cli.js';
import { Quarantine } from './quarantine.js';
import { SessionRecording } from './recording.js';

export const SESSION_LIMITS = {
  /** Sessions open at once per service of a decky; past it a login gets no shell. */
  maxOpenSessions: 256,
  /** Files captured per session: a loop writing thousands of files keeps the first ones. */
  maxCapturesPerSession: 200,
  /** Files written by the shell are captured once they have been left alone this long (a loop of `>>` is one capture). */
  captureSettleMs: 250,
  /** Characters of a command line kept in its `command` event (the ingester keeps as many). */
  maxLoggedCommandChars: 16 * 1024,
  /** Accounts whose last login a service remembers (for "Last login: …"). */
  rememberedLogins: 1000,
} as const;

export interface LoginInfo {
  username: string;
  srcIp: string;
  srcPort: number;
  /** The decky port the client connected to. */
  dstPort: number;
}

export type UploadMethod = 'sftp' | 'scp';

export interface InteractiveSession {
  readonly sid: string;
  readonly fs: ShellFs;
  readonly user: ShellUser;
  /** What the login prints before the first prompt (motd, last login), with `\n` line ends. */
  loginBanner(): string;
  /** Runs the interactive shell on `input` until the user leaves; input and output are recorded. */
  interact(input: NodeJS.ReadableStream, output: (data: Buffer) => void): Promise<number>;
  /** Runs one command line (ssh exec); its output is recorded. */
  exec(
    line: string,
    io: { stdin?: Buffer; stdout(data: Buffer): void; stderr(data: Buffer): void },
  ): Promise<number>;
  resize(columns: number, rows: number): void;
  /** A file that arrived outside the shell (SFTP, SCP): written to the session's filesystem and captured. */
  receiveFile(path: string, content: Buffer, method: UploadMethod): void;
  /** Ends the session (idempotent): stops the shell, closes the recording, emits `session_recorded`. */
  end(): void;
}

/** The sessions of one service instance on one decky. */
export class InteractiveSessions {
  private machine: Machine | null = null;
  private base: BaseTree | null = null;
  private readonly quarantine: Quarantine;
  private readonly sessions = new Set<DeckySession>();
  private readonly lastLogins = new Map<string, { at: number; from: string }>();
  /** Recordings still being written out. */
  private readonly writing = new Set<Promise<void>>();

  constructor(
    private readonly ctx: ServiceContext,
    readonly service: 'ssh' | 'telnet',
  ) {
    this.quarantine = new Quarantine(
      ctx.dirs.captures,
      () => ctx.clock.now(),
      (err) => ctx.logger.warn({ err: err.message }, 'could not store a captured file'),
    );
  }

  get openCount(): number {
    return this.sessions.size;
  }

  /** A session for a login that succeeded; null when the service already holds its maximum. */
  open(
    login: LoginInfo,
    terminal: TerminalInfo,
    env: Readonly<Record<string, string>> = {},
  ): InteractiveSession | null {
    if (this.sessions.size >= SESSION_LIMITS.maxOpenSessions) return null;
    const machine = this.deckyMachine();
    const lastLogin = this.lastLogins.get(login.username) ?? null;
    this.rememberLogin(login);
    const session = new DeckySession(this, login, terminal, env, machine, lastLogin);
    this.sessions.add(session);
    return session;
  }

  /** Ends every open session (the service is closing). */
  closeAll(): void {
    for (const session of [...this.sessions]) session.end();
  }

  /** Resolves once every captured file and ended session's recording is on disk (tests, shutdown). */
  async flushed(): Promise<void> {
    await Promise.all([this.quarantine.flushed(), ...this.writing]);
  }

  /** @internal */
  get context(): ServiceContext {
    return this.ctx;
  }

  /** @internal */
  get store(): Quarantine {
    return this.quarantine;
  }

  /** @internal */
  baseTree(machine: Machine): BaseTree {
    this.base ??= isWindows(machine) ? windowsBaseTreeFor(machine) : baseTreeFor(machine, COMMANDS);
    return this.base;
  }

  /** @internal */
  forget(session: DeckySession, recordingWritten: Promise<void>): void {
    this.sessions.delete(session);
    this.writing.add(recordingWritten);
    void recordingWritten.finally(() => this.writing.delete(recordingWritten));
  }

  private deckyMachine(): Machine {
    this.machine ??= machineFor(this.ctx.decky);
    return this.machine;
  }

  private rememberLogin(login: LoginInfo): void {
    this.lastLogins.delete(login.username);
    if (this.lastLogins.size >= SESSION_LIMITS.rememberedLogins) {
      const oldest = this.lastLogins.keys().next().value;
      if (oldest !== undefined) this.lastLogins.delete(oldest);
    }
    this.lastLogins.set(login.username, { at: this.ctx.clock.now(), from: login.srcIp });
  }
}

type CaptureMethod = 'shell' | 'download' | UploadMethod;

class DeckySession implements InteractiveSession, ShellHost {
  readonly sid = randomUUID();
  readonly fs: ShellFs;
  /** bash-like on Linux deckies, cmd.exe on Windows ones. */
  private readonly shell: ShellSession | CmdSession;
  private readonly recording: SessionRecording;
  private readonly startedMs: number;
  private ended = false;
  /** Files written since the last capture, latest content per path. */
  private readonly unsettled = new Map<string, { content: Buffer; method: CaptureMethod }>();
  private settleTimer: NodeJS.Timeout | null = null;
  private captures = 0;
  /** How the next write arrives: uploads set it around their write. */
  private writing: CaptureMethod = 'shell';
  /** SHA-256 of bodies fetched in this session, so the file a download writes is captured as one. */
  private readonly fetched = new Set<string>();
  /** Until the shell exists the session sets itself up as root (adding the login account). */
  private setUp = false;

  constructor(
    private readonly owner: InteractiveSessions,
    private readonly login: LoginInfo,
    private readonly terminal: TerminalInfo,
    env: Readonly<Record<string, string>>,
    private readonly machine: Machine,
    private readonly lastLogin: { at: number; from: string } | null,
  ) {
    const ctx = owner.context;
    this.startedMs = ctx.clock.now();
    if (isWindows(machine)) {
      // Windows has no Unix permissions to check: the session's fs runs as its owner (root) throughout.
      this.fs = createSessionFs(owner.baseTree(machine), {
        clock: ctx.clock,
        onFileWritten: (path, content) => this.fileWritten(windowsPathOf(path), content),
      });
      const account = windowsAccount(this.fs, login.username);
      this.shell = new CmdSession({
        fs: this.fs,
        user: account.user,
        profile: account.profile,
        machine,
        host: this,
        clock: ctx.clock,
        terminal,
        env: this.connectionVariables(),
        onInternalError: (err) =>
          ctx.logger.error({ err: (err as Error).message, sid: this.sid }, 'fake cmd.exe internal error'),
      });
    } else {
      this.fs = createSessionFs(owner.baseTree(machine), {
        clock: ctx.clock,
        onFileWritten: (path, content) => this.fileWritten(path, content),
        // File permissions follow the account the shell runs as now (su changes it).
        user: () =>
          this.setUp ? { uid: this.shell.user.uid, gid: this.shell.user.gid } : { uid: 0, gid: 0 },
      });
      const user = accountFor(this.fs, login.username) ?? ensureAccount(this.fs, login.username);
      this.shell = new ShellSession({
        fs: this.fs,
        user,
        machine,
        host: this,
        clock: ctx.clock,
        terminal,
        env: { ...env, ...this.connectionVariables() },
        accountFor: (name) => accountFor(this.fs, name),
        onInternalError: (err) =>
          ctx.logger.error({ err: (err as Error).message, sid: this.sid }, 'fake shell internal error'),
      });
    }
    this.recording = new SessionRecording(
      ctx.dirs.recordings,
      this.sid,
      {
        columns: terminal.columns,
        rows: terminal.rows,
        startedMs: this.startedMs,
        shell: this.shell.user.shell,
        term: terminal.term,
      },
      () => ctx.clock.now(),
      (err) => ctx.logger.warn({ err: err.message, sid: this.sid }, 'could not write a session recording'),
    );
    this.setUp = true;
  }

  get user(): ShellUser {
    return this.shell.user;
  }

  loginBanner(): string {
    if (this.isIos) return '';
    if (this.shell instanceof CmdSession) return this.shell.banner();
    return loginBanner(this.machine, this.shell.user, this.lastLogin, this.owner.context.clock.now());
  }

  async interact(input: NodeJS.ReadableStream, output: (data: Buffer) => void): Promise<number> {
    if (this.isIos) return this.interactIos(input, output);
    const recording = this.recording;
    const recorded = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        recording.input(chunk);
        done(null, chunk);
      },
    });
    input.pipe(recorded);
    try {
      return await this.shell.interact(recorded, (data) => {
        recording.output(data);
        output(data);
      });
    } finally {
      input.unpipe(recorded);
    }
  }

  exec(
    line: string,
    io: { stdin?: Buffer; stdout(data: Buffer): void; stderr(data: Buffer): void },
  ): Promise<number> {
    if (this.isIos) {
      const cli = this.iosCli(
        (data) => io.stdout(data),
        () => {},
      );
      cli.runLine(line);
      return Promise.resolve(0);
    }
    return this.shell.exec(line, {
      stdin: io.stdin,
      stdout: (data) => {
        this.recording.output(data);
        io.stdout(data);
      },
      stderr: (data) => {
        this.recording.output(data);
        io.stderr(data);
      },
    });
  }

  /** A Cisco IOS decky has no Unix shell: its logins get the IOS command line. */
  private get isIos(): boolean {
    return this.machine.distro.name === 'ios';
  }

  private iosCli(output: (data: Buffer) => void, hangUp: () => void): CiscoCli {
    return new CiscoCli(this.owner.context, {
      username: this.login.username,
      srcIp: this.login.srcIp,
      sid: this.sid,
      write: (text) => {
        const data = Buffer.from(text, 'utf8');
        this.recording.output(data);
        output(data);
      },
      hangUp,
    });
  }

  private interactIos(input: NodeJS.ReadableStream, output: (data: Buffer) => void): Promise<number> {
    return new Promise((resolve) => {
      const onData = (chunk: Buffer) => {
        this.recording.input(chunk);
        cli.input(chunk);
      };
      const finish = () => {
        input.off('data', onData);
        input.off('end', finish);
        input.off('close', finish);
        resolve(0);
      };
      const cli = this.iosCli(output, finish);
      input.on('data', onData);
      input.once('end', finish);
      input.once('close', finish);
      cli.start();
    });
  }

  resize(columns: number, rows: number): void {
    this.shell.resize(columns, rows);
    this.recording.resize(columns, rows);
  }

  receiveFile(path: string, content: Buffer, method: UploadMethod): void {
    this.writing = method;
    try {
      this.fs.writeFile(path, content);
    } finally {
      this.writing = 'shell';
    }
    this.settle();
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.shell.close();
    this.settle();
    const ctx = this.owner.context;
    const summary = this.recording.close();
    const duration = (ctx.clock.now() - this.startedMs) / 1000;
    ctx.emit('session_recorded', {
      sid: this.sid,
      service: this.owner.service,
      src_ip: this.login.srcIp,
      duration_s: duration.toFixed(3),
      bytes: String(summary.bytes),
      ...(summary.truncated ? { truncated: 'true' } : {}),
    });
    this.owner.forget(this, this.recording.flushed());
  }

  // ShellHost: what the shell reports.

  commandEntered(line: string, state: { cwd: string; user: string; uid: number }): void {
    this.settle();
    this.owner.context.emit('command', {
      cmd: line.slice(0, SESSION_LIMITS.maxLoggedCommandChars),
      src_ip: this.login.srcIp,
      uid: String(state.uid),
      user: state.user,
      pwd: state.cwd,
      sid: this.sid,
    });
  }

  fileWritten(path: string, content: Buffer): void {
    if (this.ended) return;
    const method = this.writing === 'shell' && this.wasFetched(content) ? 'download' : this.writing;
    this.unsettled.set(path, { content, method });
    this.settleTimer ??= setTimeout(() => this.settle(), SESSION_LIMITS.captureSettleMs);
  }

  async fetch(request: FetchRequest): Promise<FetchResult> {
    const ctx = this.owner.context;
    const allowed = ctx.config.allow_fetch === true;
    const result = allowed ? await fetchBounded(request) : offlineFailure(request.url);
    const base = { url: request.url, tool: request.tool, src_ip: this.login.srcIp, sid: this.sid };
    if (!result.ok) {
      ctx.emit('download_attempt', { ...base, outcome: allowed ? 'failed' : 'blocked' });
      return result;
    }
    const capture = this.owner.store.keep(request.url, result.body);
    if (capture) this.fetched.add(capture.sha256);
    ctx.emit('download_attempt', {
      ...base,
      outcome: 'fetched',
      status: String(result.status),
      size: String(result.body.length),
      ...(capture ? { sha256: capture.sha256 } : {}),
    });
    return result;
  }

  private wasFetched(content: Buffer): boolean {
    if (this.fetched.size === 0) return false;
    return this.fetched.has(sha256Hex(content));
  }

  /** Captures every file written since the last capture. */
  private settle(): void {
    if (this.settleTimer) {
      clearTimeout(this.settleTimer);
      this.settleTimer = null;
    }
    const ctx = this.owner.context;
    for (const [path, { content, method }] of this.unsettled) {
      if (this.captures >= SESSION_LIMITS.maxCapturesPerSession) break;
      const stored = this.owner.store.keep(path, content);
      if (!stored) continue;
      this.captures++;
      ctx.emit('file_captured', {
        stored_as: stored.storedAs,
        sha256: stored.sha256,
        size: String(stored.size),
        orig_path: path,
        src_ip: this.login.srcIp,
        src_port: String(this.login.srcPort),
        ssh_user: this.shell.user.name,
        sid: this.sid,
        method,
      });
    }
    this.unsettled.clear();
  }

  private connectionVariables(): Record<string, string> {
    if (this.owner.service !== 'ssh') return {};
    const { srcIp, srcPort, dstPort } = this.login;
    return {
      SSH_CLIENT: `${srcIp} ${srcPort} ${dstPort}`,
      SSH_CONNECTION: `${srcIp} ${srcPort} ${this.owner.context.decky.ip} ${dstPort}`,
      ...(this.terminal.isTty ? { SSH_TTY: '/dev/pts/0' } : {}),
    };
  }
}

function sha256Hex(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * One FTP control connection: the persona's greeting, USER/PASS (every attempt an `auth_attempt`), then
 * the commands of RFC 959/2428/3659 over a session view of the decky's fake tree, each logged as a
 * `command` event. Lines are served one at a time, in order; nothing the client sends can throw out of
 * here.
 */
import type { Socket } from 'node:net';
import { credentialFields } from '../../events/credential.js';
import { isAbortError } from '../../runtime/clock.js';
import type { LoginPolicy } from '../interactive/login-policy.js';
import type { Quarantine } from '../interactive/quarantine.js';
import type { ServiceContext } from '../service.js';
import { closeSocket } from '../shared/close-reason.js';
import { CloseSignal } from '../shared/close-signal.js';
import { holdIdleTimeout } from '../shared/connection-limits.js';
import { listenTcpOn } from '../shared/listen.js';
import type { Peer } from '../shared/peer.js';
import { ThrottledWriter } from '../shared/throttled-writer.js';
import { DataChannel, type PassiveListen } from './data-channel.js';
import { baseName, resolvePath, SessionFilesystem } from './filesystem.js';
import { FTP_LIMITS } from './limits.js';
import { dosLine, factTime, mlsdLine, nlstLine, unixLine } from './listing.js';
import type { FtpPersona, FtpReplies } from './personas.js';
import {
  type Command,
  type ControlLine,
  epsvAddress,
  LineReader,
  loggableCommand,
  parseCommand,
  parseEprtArgument,
  parsePortArgument,
  pasvAddress,
} from './protocol.js';
import type { FtpTree } from './tree.js';

/** What every persona answers when the decky's address cannot take a passive listener (see data-channel.ts). */
const PASSIVE_UNAVAILABLE = "425 Can't open data connection.\r\n";
const ANONYMOUS_USERS: ReadonlySet<string> = new Set(['anonymous', 'ftp']);
/** Commands on one path that answer at once. */
const FILE_VERBS: ReadonlySet<string> = new Set([
  'SIZE',
  'MDTM',
  'DELE',
  'MKD',
  'XMKD',
  'RMD',
  'XRMD',
  'RNFR',
  'RNTO',
]);
const TRANSFER_VERBS: ReadonlySet<string> = new Set(['LIST', 'NLST', 'MLSD', 'RETR', 'STOR', 'APPE', 'STOU']);

export interface FtpShared {
  ctx: ServiceContext;
  policy: LoginPolicy;
  quarantine: Quarantine;
  persona: FtpPersona;
  tree: FtpTree;
  allowAnonymous: boolean;
}

type Phase = 'login' | 'ready' | 'closed';

export class FtpConnection {
  private readonly reader = new LineReader(FTP_LIMITS.maxLineBytes);
  private readonly writer: ThrottledWriter;
  private readonly replies: FtpReplies;
  private readonly data: DataChannel;
  /** Cuts the failed-login delay short when the connection closes. */
  private readonly stop = new CloseSignal();
  private readonly queue: ControlLine[] = [];
  private serving = false;
  private phase: Phase = 'login';
  private pendingUser: string | null = null;
  private user = '';
  private failures = 0;
  private cwd = '/';
  private files: SessionFilesystem | null = null;
  private renameFrom: string | null = null;

  constructor(
    private readonly shared: FtpShared,
    private readonly socket: Socket,
    private readonly peer: Peer,
  ) {
    this.replies = shared.persona.replies;
    this.writer = new ThrottledWriter(socket, {
      throttle: shared.ctx.throttle,
      clock: shared.ctx.clock,
      maxQueuedBytes: FTP_LIMITS.maxQueuedWriteBytes,
    });
    const { ctx } = shared;
    const listen: PassiveListen = ctx.listenTcp
      ? ctx.listenTcp.bind(ctx)
      : (port) => listenTcpOn(ctx.decky.ip, port);
    this.data = new DataChannel(peer.ip, listen, ctx.clock);
  }

  start(): void {
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk));
    this.socket.once('close', () => this.closed());
    this.reply(this.replies.greeting);
  }

  private receive(chunk: Buffer): void {
    if (this.phase === 'closed') return;
    this.queue.push(...this.reader.push(chunk));
    if (this.queue.length > FTP_LIMITS.maxPendingLines) {
      // A client that pipelines more than any real one does is flooding the control channel.
      closeSocket(this.socket, 'byte_limit');
      return;
    }
    if (!this.serving) void this.serve();
  }

  private async serve(): Promise<void> {
    this.serving = true;
    try {
      while (this.queue.length > 0 && this.phase !== 'closed') {
        const line = this.queue.shift() as ControlLine;
        if (line.kind === 'too_long') this.reply(this.replies.tooLong);
        else await this.handle(line.text);
      }
    } catch (err) {
      if (!isAbortError(err)) this.fail(err);
    } finally {
      this.serving = false;
    }
  }

  private async handle(text: string): Promise<void> {
    const command = parseCommand(text);
    const { verb } = command;
    if (this.phase === 'ready') {
      const { ctx } = this.shared;
      ctx.emit('command', {
        cmd: loggableCommand(text),
        src_ip: this.peer.ip,
        user: this.user,
        pwd: this.cwd,
        state: TRANSFER_VERBS.has(verb) ? 'transfer' : 'auth',
      });
    }
    if (verb === 'QUIT') return this.quit();
    if (verb === 'USER') return this.userCommand(command.argument);
    if (verb === 'PASS') return this.passCommand(command.argument);
    if (this.phase !== 'ready' && !this.shared.persona.preLogin.has(verb)) {
      this.reply(this.replies.notLoggedIn);
      return;
    }
    await this.dispatch(command);
  }

  private userCommand(argument: string): void {
    if (this.phase === 'ready') {
      this.reply(this.replies.alreadyLoggedIn);
      return;
    }
    const user = argument.slice(0, FTP_LIMITS.maxCredentialChars);
    this.pendingUser = user;
    this.reply(this.isAnonymous(user) ? this.replies.anonymousUserOk : this.replies.userOk(user));
  }

  private isAnonymous(user: string): boolean {
    return this.shared.allowAnonymous && ANONYMOUS_USERS.has(user.toLowerCase());
  }

  private async passCommand(argument: string): Promise<void> {
    if (this.phase === 'ready') {
      this.reply(this.replies.alreadyLoggedIn);
      return;
    }
    const user = this.pendingUser;
    if (user === null) {
      this.reply(this.replies.passWithoutUser);
      return;
    }
    this.pendingUser = null;
    const password = argument.slice(0, FTP_LIMITS.maxCredentialChars);
    const anonymous = this.isAnonymous(user);
    const accepted = anonymous || this.shared.policy.check(user, password, this.peer.ip);
    this.shared.ctx.emit('auth_attempt', {
      username: user,
      ...credentialFields({
        principal: user,
        secret: password,
        outcome: accepted ? 'success' : 'failure',
      }),
      src_ip: this.peer.ip,
      src_port: this.peer.port,
    });
    if (accepted) {
      this.phase = 'ready';
      this.user = user;
      this.files = new SessionFilesystem(this.shared.tree);
      this.reply(anonymous ? this.replies.anonymousLoginOk : this.replies.loginOk(user));
      return;
    }
    this.failures++;
    await this.shared.ctx.clock.sleep(FTP_LIMITS.failedLoginDelayMs, this.stop.signal);
    this.reply(this.replies.loginFailed);
    if (this.failures >= FTP_LIMITS.maxFailedLogins) {
      this.reply(this.replies.tooManyFailures);
      this.hangUp();
    }
  }

  private async dispatch(command: Command): Promise<void> {
    const r = this.replies;
    const { verb, argument } = command;
    switch (verb) {
      case 'SYST':
        return this.reply(r.syst);
      case 'FEAT':
        return this.reply(r.feat);
      case 'HELP':
        return this.reply(r.help);
      case 'NOOP':
        return this.reply(r.noop);
      case 'OPTS':
        return this.reply(/^utf8( on)?$/i.test(argument.trim()) ? r.optsUtf8 : r.optsBad);
      case 'AUTH':
        return this.reply(r.authTls);
      case 'PWD':
      case 'XPWD':
        return this.reply(r.pwd(this.cwd));
      case 'CWD':
      case 'XCWD':
        return this.changeDirectory(argument);
      case 'CDUP':
      case 'XCUP':
        return this.changeDirectory('..');
      case 'TYPE': {
        const code = argument.trim().toUpperCase();
        if (code === 'A' || code === 'A N') return this.reply(r.type('A'));
        if (code === 'I' || code === 'L 8') return this.reply(r.type('I'));
        return this.reply(r.typeBad);
      }
      case 'MODE':
        return this.reply(argument.trim().toUpperCase() === 'S' ? r.modeOk : r.modeBad);
      case 'STRU':
        return this.reply(argument.trim().toUpperCase() === 'F' ? r.struOk : r.struBad);
      case 'PASV':
        return this.passive(false);
      case 'EPSV':
        // RFC 2428 §4: after EPSV ALL the client sends no PORT, EPRT or PASV.
        return /^all$/i.test(argument.trim()) ? this.reply('200 EPSV ALL ok.\r\n') : this.passive(true);
      case 'PORT':
        return this.active(parsePortArgument(argument), argument, r.portOk);
      case 'EPRT':
        return this.active(parseEprtArgument(argument), argument, r.eprtOk);
      case 'REST':
        return this.reply(
          /^\d{1,18}$/.test(argument.trim()) ? r.rest(argument.trim()) : r.missingArgument(verb),
        );
      case 'ABOR':
        return this.reply('225 No transfer to ABOR.\r\n');
      case 'LIST':
      case 'NLST':
        return this.list(verb, argument);
      case 'MLSD':
        return this.shared.persona.mlsd ? this.list(verb, argument) : this.reply(r.unknown(verb));
      case 'RETR':
        return this.retrieve(argument);
      case 'STOR':
      case 'STOU':
        return this.store(argument, false);
      case 'APPE':
        return this.store(argument, true);
      default:
        return this.reply(this.fileReply(command));
    }
  }

  /** The reply to a command on one path that answers at once (unknown verbs included). */
  private fileReply({ verb, argument }: Command): string {
    const r = this.replies;
    if (!FILE_VERBS.has(verb)) return r.unknown(verb);
    if (argument === '') return r.missingArgument(verb);
    const files = this.files as SessionFilesystem;
    const path = resolvePath(this.cwd, argument);
    const entry = path === null ? undefined : files.get(path);
    const now = this.shared.ctx.clock.now();
    switch (verb) {
      case 'SIZE':
        return entry?.kind === 'file' ? r.size(entry.size) : r.sizeFailed(argument);
      case 'MDTM':
        return entry?.kind === 'file' ? r.mdtm(factTime(entry.mtimeMs)) : r.mdtmFailed(argument);
      case 'DELE':
        return path !== null && files.removeFile(path) ? r.deleOk(argument) : r.deleFailed(argument);
      case 'MKD':
      case 'XMKD':
        return path !== null && files.makeDirectory(path, now) ? r.mkdOk(path) : r.mkdFailed(argument);
      case 'RMD':
      case 'XRMD':
        return path !== null && files.removeDirectory(path) ? r.rmdOk : r.rmdFailed(argument);
      case 'RNFR':
        this.renameFrom = entry === undefined ? null : path;
        return entry === undefined ? r.rnfrFailed(argument) : r.rnfrOk;
      default: {
        const from = this.renameFrom;
        this.renameFrom = null;
        if (from === null) return r.rntoWithoutRnfr;
        return path !== null && files.rename(from, path) ? r.rntoOk : r.rntoFailed;
      }
    }
  }

  private changeDirectory(argument: string): void {
    const path = resolvePath(this.cwd, argument === '' ? '/' : argument);
    if (path === null || !this.files?.isDirectory(path)) {
      this.reply(this.replies.cwdFailed(argument));
      return;
    }
    this.cwd = path;
    this.reply(this.replies.cwdOk(path));
  }

  private async passive(extended: boolean): Promise<void> {
    const port = await this.data.listenPassive();
    if (port === null) {
      this.reply(PASSIVE_UNAVAILABLE);
      return;
    }
    if (extended) {
      this.reply(this.replies.epsv(epsvAddress(port)));
      return;
    }
    const address = pasvAddress(this.shared.ctx.decky.ip, port);
    if (address === null) {
      this.data.reset();
      this.reply(PASSIVE_UNAVAILABLE);
      return;
    }
    this.reply(this.replies.pasv(address));
  }

  private active(target: { ip: string; port: number } | null, argument: string, ok: string): void {
    if (target === null) {
      this.reply(argument.trim() === '' ? this.replies.missingArgument('PORT') : this.replies.portBad);
      return;
    }
    if (target.ip !== this.peer.ip) {
      this.reply(this.replies.portRefused(target.ip, this.peer.ip));
      return;
    }
    this.data.setActive(target);
    this.reply(ok);
  }

  /** LIST/NLST/MLSD of a directory (or one file); ls options such as `-la` are skipped. */
  private async list(verb: string, argument: string): Promise<void> {
    const files = this.files as SessionFilesystem;
    const target = argument
      .split(' ')
      .filter((word) => word !== '' && !word.startsWith('-'))
      .join(' ');
    const path = resolvePath(this.cwd, target === '' ? '.' : target);
    const entry = path === null ? undefined : files.get(path);
    let items = entry === undefined || path === null ? [] : [{ name: baseName(path), entry }];
    if (entry?.kind === 'dir' && path !== null) items = files.list(path);
    const now = this.shared.ctx.clock.now();
    const persona = this.shared.persona;
    const lines = items.map((item) => {
      if (verb === 'NLST') return nlstLine(item);
      if (verb === 'MLSD') return mlsdLine(item);
      return persona.listing.style === 'dos' ? dosLine(item) : unixLine(item, persona.listing.unix, now);
    });
    await this.transfer(this.replies.listStart, async (socket) => {
      const sent = await this.data.send(socket, Buffer.from(lines.join(''), 'utf8'));
      return sent ? this.replies.listDone(items.length) : this.replies.transferAborted;
    });
  }

  private async retrieve(argument: string): Promise<void> {
    const path = resolvePath(this.cwd, argument);
    const entry = path === null ? undefined : this.files?.get(path);
    if (argument === '' || entry?.kind !== 'file' || entry.content === null) {
      this.reply(this.replies.fileNotFound(argument));
      return;
    }
    const content = entry.content;
    await this.transfer(this.replies.retrStart(argument, content.length), async (socket) => {
      const sent = await this.data.send(socket, content);
      return sent ? this.replies.transferDone : this.replies.transferAborted;
    });
  }

  private async store(argument: string, append: boolean): Promise<void> {
    const files = this.files as SessionFilesystem;
    const path = resolvePath(this.cwd, argument);
    const existing = path === null ? undefined : files.get(path);
    if (
      argument === '' ||
      path === null ||
      existing?.kind === 'dir' ||
      (existing === undefined && !files.canCreate(path))
    ) {
      this.reply(this.replies.writeFailed(argument));
      return;
    }
    await this.transfer(this.replies.storStart(argument), async (socket) => {
      const received = await this.data.receive(socket, FTP_LIMITS.maxUploadBytes);
      if (received.data.length > 0) this.capture(path, received.data, append);
      if (received.tooLarge) return this.replies.uploadTooLarge;
      return received.complete ? this.replies.transferDone : this.replies.transferAborted;
    });
  }

  /** Keeps an upload in quarantine, logs it, and lets later listings of this session show it. */
  private capture(path: string, content: Buffer, append: boolean): void {
    const { ctx, quarantine } = this.shared;
    this.files?.write(path, content, ctx.clock.now(), append);
    const stored = quarantine.keep(path, content);
    if (stored === null) return;
    ctx.emit('file_captured', {
      stored_as: stored.storedAs,
      sha256: stored.sha256,
      size: stored.size,
      orig_path: path,
      src_ip: this.peer.ip,
      src_port: this.peer.port,
      method: 'ftp',
    });
  }

  /**
   * Runs one transfer on the prepared data connection: the preliminary reply once it is open, then the
   * final one `work` returns. The control channel is quiet meanwhile, which must not count as idle.
   */
  private async transfer(start: string, work: (socket: Socket) => Promise<string>): Promise<void> {
    if (!this.data.prepared) {
      this.reply(this.replies.noDataConnection);
      return;
    }
    const socket = await this.data.open();
    if (socket === null) {
      this.reply(this.replies.dataConnectFailed);
      return;
    }
    this.reply(start);
    holdIdleTimeout(this.socket, true);
    try {
      this.reply(await work(socket));
    } finally {
      holdIdleTimeout(this.socket, false);
      socket.destroy();
    }
  }

  private quit(): void {
    this.reply(this.replies.quit);
    this.hangUp();
  }

  private reply(text: string): void {
    this.writer.write(text);
  }

  private hangUp(): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    this.writer.end();
  }

  private closed(): void {
    this.phase = 'closed';
    this.queue.length = 0;
    this.stop.close();
    this.data.reset();
  }

  private fail(err: unknown): void {
    this.shared.ctx.logger.error(
      { err, decky: this.shared.ctx.decky.name },
      'ftp handler failed; connection closed',
    );
    this.socket.destroy();
  }
}

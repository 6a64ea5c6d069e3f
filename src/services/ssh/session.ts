/**
 * One `session` channel after login (RFC 4254 §6): its pty, env and window-change requests, then the one
 * thing it runs, a shell, a command (`exec`, or legacy scp), or the SFTP subsystem, on an interactive
 * session from the shell glue. X11 and agent forwarding and other subsystems are refused; ssh2 refuses
 * every request this module does not listen for.
 */
import type { ServerChannel, Session } from 'ssh2';
import type { Emit } from '../../events/emitter.js';
import type { Clock } from '../../runtime/clock.js';
import type { Logger } from '../../runtime/logger.js';
import type { InteractiveSession, TerminalInfo } from './interactive.js';
import { SSH_LIMITS } from './limits.js';
import { parseScpCommand, runScpSink, runScpSource } from './scp.js';
import { SftpServer } from './sftp.js';
import { endSftpChannel } from './ssh2-quirks.js';
import { StreamReader } from './stream-reader.js';

export interface SessionChannelDeps {
  clock: Clock;
  logger: Logger;
  emit: Emit;
  srcIp: string;
  /** Opens an interactive session for this channel; null when the service runs as many as it may. */
  open(terminal: TerminalInfo, env: Readonly<Record<string, string>>): InteractiveSession | null;
}

/** What sshd assumes without a pty-req: no terminal, and a size programs fall back to. */
const NO_PTY: TerminalInfo = { isTty: false, columns: 80, rows: 24, term: 'dumb' };
/** Terminal sizes beyond this are a client lying; they are clamped (the shell formats for them). */
const MAX_TERMINAL_CELLS = 1000;
/** Debian and Ubuntu sshd_config: `AcceptEnv LANG LC_*`; other variables are refused. */
const ACCEPTED_ENV = /^(LANG|LC_[A-Z_]+)$/;

function dimension(value: number, fallback: number): number {
  return Number.isInteger(value) && value > 0 ? Math.min(value, MAX_TERMINAL_CELLS) : fallback;
}

/** Serves one session channel; `onEnd` runs once when it is over (closed by either side). */
export function serveSessionChannel(channel: Session, deps: SessionChannelDeps, onEnd: () => void): void {
  let terminal: TerminalInfo = { ...NO_PTY };
  const env: Record<string, string> = Object.create(null);
  let envCount = 0;
  let active: InteractiveSession | null = null;
  let sftp: SftpServer | null = null;
  let ended = false;

  const end = (): void => {
    if (ended) return;
    ended = true;
    sftp?.finish();
    active?.end();
    onEnd();
  };
  const failed = (err: unknown): void => {
    deps.logger.error({ err }, 'ssh session failed; channel closed');
  };
  /** The channel's one session; null (the request is refused) if it has one or none can be opened. */
  const begin = (): InteractiveSession | null => {
    if (active !== null || ended) return null;
    try {
      active = deps.open(terminal, { ...env });
    } catch (err) {
      failed(err);
    }
    return active;
  };

  channel.on('pty', (accept, _reject, info) => {
    terminal = {
      isTty: true,
      columns: dimension(info.cols, 80),
      rows: dimension(info.rows, 24),
      term: (info.term || 'xterm').slice(0, 64),
    };
    accept?.();
  });
  channel.on('env', (accept, reject, info) => {
    const size = Buffer.byteLength(info.key) + Buffer.byteLength(info.val);
    if (!ACCEPTED_ENV.test(info.key) || size > SSH_LIMITS.maxEnvBytes || envCount >= SSH_LIMITS.maxEnvVars) {
      reject?.();
      return;
    }
    if (!(info.key in env)) envCount++;
    env[info.key] = info.val;
    accept?.();
  });
  channel.on('window-change', (accept, _reject, info) => {
    terminal = {
      ...terminal,
      columns: dimension(info.cols, terminal.columns),
      rows: dimension(info.rows, terminal.rows),
    };
    active?.resize(terminal.columns, terminal.rows);
    accept?.();
  });
  channel.on('shell', (accept, reject) => {
    const session = begin();
    if (session === null) return reject?.();
    const stream = accept();
    stream.on('close', end);
    runShell(stream, session, terminal.isTty).then(
      (status) => finishChannel(stream, status),
      (err: unknown) => {
        failed(err);
        finishChannel(stream, 255);
      },
    );
  });
  channel.on('exec', (accept, reject, info) => {
    const session = begin();
    if (session === null) return reject?.();
    const stream = accept();
    stream.on('close', end);
    runExec(stream, session, info.command, deps).then(
      (status) => finishChannel(stream, status),
      (err: unknown) => {
        failed(err);
        finishChannel(stream, 255);
      },
    );
  });
  channel.on('sftp', (accept, reject) => {
    const session = begin();
    if (session === null) return reject?.();
    const stream = accept();
    sftp = new SftpServer(stream, session, { clock: deps.clock, logger: deps.logger });
    // The client's EOF ends sftp-server, and sshd then reports its exit and closes the channel.
    stream.on('end', () => {
      sftp?.finish();
      endSftpChannel(stream, 0);
    });
    stream.on('close', end);
  });
  channel.on('subsystem', (_accept, reject) => reject?.());
  channel.on('close', end);
}

/**
 * Writes to a channel while the client keeps reading. A client whose window stays shut while output piles
 * up past SSH_LIMITS.maxQueuedChannelBytes is not reading, and the channel is closed.
 */
function boundedWriter(channel: ServerChannel, stream: NodeJS.WritableStream & { writableLength: number }) {
  return (data: Buffer): void => {
    if (!channel.writable) return;
    if (channel.writableLength + channel.stderr.writableLength > SSH_LIMITS.maxQueuedChannelBytes) {
      channel.destroy();
      return;
    }
    stream.write(data);
  };
}

/** Exit status, EOF and close once everything written has gone out, in sshd's order. */
function finishChannel(channel: ServerChannel, status: number): void {
  const done = (): void => {
    try {
      channel.exit(status);
      channel.end();
    } catch {
      channel.destroy();
    }
  };
  if (channel.writableNeedDrain) channel.once('drain', done);
  else done();
}

async function runShell(channel: ServerChannel, session: InteractiveSession, tty: boolean): Promise<number> {
  const out = boundedWriter(channel, channel);
  const banner = session.loginBanner();
  if (banner !== '') out(Buffer.from(tty ? banner.replace(/\r?\n/g, '\r\n') : banner, 'utf8'));
  return session.interact(channel, out);
}

async function runExec(
  channel: ServerChannel,
  session: InteractiveSession,
  command: string,
  deps: SessionChannelDeps,
): Promise<number> {
  const stdout = boundedWriter(channel, channel);
  const stderr = boundedWriter(channel, channel.stderr);
  const scp = parseScpCommand(command);
  if (scp !== null) {
    deps.emit('command', {
      cmd: command,
      src_ip: deps.srcIp,
      uid: String(session.user.uid),
      user: session.user.name,
      sid: session.sid,
    });
    const io = { reader: new StreamReader(channel), write: (d: Buffer | string) => stdout(Buffer.from(d)) };
    return scp.direction === 'sink' ? runScpSink(io, scp, session) : runScpSource(io, scp, session);
  }
  const stdin = await collectStdin(channel, deps.clock);
  return session.exec(command, { ...(stdin === undefined ? {} : { stdin }), stdout, stderr });
}

/** Abort reason for a quiet-window sleep that more input replaced. */
const MORE_INPUT = new Error('more stdin arrived');

/**
 * The command's stdin: what arrives until the client sends EOF or goes quiet for
 * SSH_LIMITS.execStdinQuietMs, at most SSH_LIMITS.maxExecStdinBytes. Later input is discarded, as it is
 * by a command that has already run.
 */
function collectStdin(channel: ServerChannel, clock: Clock): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let kept = 0;
    let quiet: AbortController | null = null;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      quiet?.abort(MORE_INPUT);
      channel.off('data', onData);
      channel.off('end', finish);
      channel.off('close', finish);
      channel.resume();
      resolve(kept === 0 ? undefined : Buffer.concat(parts, kept));
    };
    const arm = (): void => {
      quiet?.abort(MORE_INPUT);
      quiet = new AbortController();
      clock.sleep(SSH_LIMITS.execStdinQuietMs, quiet.signal).then(finish, () => {});
    };
    const onData = (chunk: Buffer): void => {
      const room = SSH_LIMITS.maxExecStdinBytes - kept;
      if (room > 0) {
        const part = chunk.subarray(0, room);
        parts.push(part);
        kept += part.length;
      }
      arm();
    };
    channel.on('data', onData);
    channel.once('end', finish);
    channel.once('close', finish);
    arm();
  });
}

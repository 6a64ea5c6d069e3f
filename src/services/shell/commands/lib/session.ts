/**
 * The attacker's own login as the programs that list logins and processes see it (w, who, last, ps,
 * top, netstat): where it comes from (SSH_CLIENT, which the session sets), its terminal, when it began,
 * and the pids of its sshd and shell, stable for the session.
 */
import type { CommandContext } from '../../command.js';
import type { ShellFs } from '../../filesystem.js';
import { familyOf } from '../../machine.js';
import { type ProcessInfo, processTable, sessionPidBase } from '../../vfs/processes.js';

export interface SessionInfo {
  /** Terminal name (`pts/0`), or null without a PTY. */
  tty: string | null;
  /** Client address, or null for a local login. */
  from: string | null;
  fromPort: number | null;
  /** Server-side port (22, 23 …). */
  localPort: number;
  /** When the login happened, epoch milliseconds. */
  loginAt: number;
  sshdPid: number;
  shellPid: number;
}

/** Login times by session: one session has one filesystem object, which outlives every command in it. */
const LOGINS = new WeakMap<ShellFs, number>();

/** Processes killed in this session (kill, pkill, killall): they stay gone from ps, top and pgrep. */
const KILLED = new WeakMap<ShellFs, Set<number>>();

export function markKilled(ctx: CommandContext, pid: number): void {
  let set = KILLED.get(ctx.fs);
  if (!set) {
    set = new Set();
    KILLED.set(ctx.fs, set);
  }
  set.add(pid);
}

/** How long before its first inspection a session's login is dated (the banner and a first prompt). */
const LOGIN_LEAD_MS = 4_000;

export function sessionInfo(ctx: CommandContext): SessionInfo {
  const client = (ctx.env.get('SSH_CLIENT') ?? ctx.env.get('SSH_CONNECTION') ?? '').trim().split(/\s+/);
  const from = client[0] && /^[0-9a-fA-F.:]+$/.test(client[0]) ? client[0] : null;
  const fromPort = client[1] ? Number(client[1]) || null : null;
  const localPort = Number(client[client.length === 4 ? 3 : 2]) || 22;
  let loginAt = LOGINS.get(ctx.fs);
  if (loginAt === undefined) {
    loginAt = ctx.clock.now() - LOGIN_LEAD_MS - ctx.history.length * 5_000;
    LOGINS.set(ctx.fs, loginAt);
  }
  const table = processTable(ctx.machine, ctx.clock.now());
  const base = sessionPidBase(table, `${from}:${fromPort}:${loginAt}`);
  return {
    tty: ctx.terminal.isTty ? (ctx.env.get('SSH_TTY')?.replace('/dev/', '') ?? 'pts/0') : null,
    from,
    fromPort,
    localPort,
    loginAt,
    sshdPid: base,
    shellPid: base + (ctx.user.uid === 0 ? 2 : 3),
  };
}

/** The pid the running command gets: above the shell's, growing with every command typed. */
export function commandPid(ctx: CommandContext, info: SessionInfo): number {
  return info.shellPid + 1 + ctx.history.length * 2;
}

/**
 * The decky's process table at this moment plus this session's: its sshd, the login shell and the
 * command asking (`ps`, `top` …) with the given command line.
 */
export function processesWithSession(ctx: CommandContext, selfCommand: string): ProcessInfo[] {
  const now = ctx.clock.now();
  const info = sessionInfo(ctx);
  const table = processTable(ctx.machine, now);
  const family = familyOf(ctx.machine.distro);
  const tty = info.tty ?? '?';
  const user = ctx.user.name;
  const shell = (ctx.user.shell.slice(ctx.user.shell.lastIndexOf('/') + 1) || 'sh').replace('zsh', 'zsh');
  const listener = table.find((p) => p.comm === 'sshd' || p.comm === 'dropbear' || p.comm === 'telnetd');
  const daemonPid = listener?.pid ?? 1;
  const base = {
    cpuSeconds: 0,
    kernelThread: false,
    nice: 0,
  };
  const killed = KILLED.get(ctx.fs);
  const out = killed ? table.filter((p) => !killed.has(p.pid)) : [...table];
  if (family === 'busybox') {
    out.push({
      ...base,
      pid: info.sshdPid,
      ppid: daemonPid,
      user: 'root',
      tty: '?',
      stat: 'S',
      startMs: info.loginAt,
      vszKiB: 2_300,
      rssKiB: 1_100,
      command: listener?.comm === 'telnetd' ? '/usr/sbin/telnetd -F' : '/usr/sbin/dropbear -R',
      comm: listener?.comm ?? 'dropbear',
    });
  } else if (ctx.user.uid === 0) {
    out.push({
      ...base,
      pid: info.sshdPid,
      ppid: daemonPid,
      user: 'root',
      tty: '?',
      stat: 'Ss',
      startMs: info.loginAt,
      vszKiB: 17_100,
      rssKiB: 11_000,
      command: `sshd: root@${tty === '?' ? 'notty' : tty}`,
      comm: 'sshd',
    });
  } else {
    out.push({
      ...base,
      pid: info.sshdPid,
      ppid: daemonPid,
      user: 'root',
      tty: '?',
      stat: 'Ss',
      startMs: info.loginAt,
      vszKiB: 17_100,
      rssKiB: 10_900,
      command: `sshd: ${user} [priv]`,
      comm: 'sshd',
    });
    out.push({
      ...base,
      pid: info.sshdPid + 2,
      ppid: info.sshdPid,
      user,
      tty: '?',
      stat: 'S',
      startMs: info.loginAt + 200,
      vszKiB: 17_300,
      rssKiB: 7_000,
      command: `sshd: ${user}@${tty === '?' ? 'notty' : tty}`,
      comm: 'sshd',
    });
  }
  out.push({
    ...base,
    pid: info.shellPid,
    ppid: ctx.user.uid === 0 ? info.sshdPid : info.sshdPid + 2,
    user,
    tty,
    stat: 'Ss',
    startMs: info.loginAt + 300,
    vszKiB: family === 'busybox' || family === 'alpine' ? 1_700 : 8_900,
    rssKiB: family === 'busybox' || family === 'alpine' ? 1_000 : 5_400,
    command: `-${shell}`,
    comm: shell,
  });
  const self = selfCommand.split(' ')[0] ?? selfCommand;
  out.push({
    ...base,
    pid: commandPid(ctx, info),
    ppid: info.shellPid,
    user,
    tty,
    stat: 'R+',
    startMs: now,
    vszKiB: 10_000,
    rssKiB: 3_400,
    command: selfCommand,
    comm: self.slice(self.lastIndexOf('/') + 1).slice(0, 15),
  });
  return out;
}

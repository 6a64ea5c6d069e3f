/** kill(1) (procps), killall (psmisc), pkill and pgrep: over the session's view of the process table. */
import type { CommandContext } from '../command.js';
import type { ProcessInfo } from '../vfs/processes.js';
import { coreTool } from './lib/availability.js';
import { defineCommand, isBusybox, progName } from './lib/program.js';
import { compileRegex, RegexBudget } from './lib/regex/vm.js';
import { markKilled, processesWithSession, sessionInfo } from './lib/session.js';

const SIGNALS = [
  'HUP',
  'INT',
  'QUIT',
  'ILL',
  'TRAP',
  'ABRT',
  'BUS',
  'FPE',
  'KILL',
  'USR1',
  'SEGV',
  'USR2',
  'PIPE',
  'ALRM',
  'TERM',
  'STKFLT',
  'CHLD',
  'CONT',
  'STOP',
  'TSTP',
  'TTIN',
  'TTOU',
  'URG',
  'XCPU',
  'XFSZ',
  'VTALRM',
  'PROF',
  'WINCH',
  'POLL',
  'PWR',
  'SYS',
];

function signalNumber(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text) <= 64 ? Number(text) : null;
  const name = text.toUpperCase().replace(/^SIG/, '');
  const i = SIGNALS.indexOf(name === 'IOT' ? 'ABRT' : name === 'IO' ? 'POLL' : name);
  return i === -1 ? null : i + 1;
}

/** Whether the caller may signal the process (same user, or root). */
function permitted(ctx: CommandContext, p: ProcessInfo): boolean {
  return ctx.user.uid === 0 || p.user === ctx.user.name;
}

/** Deliver a signal: init ignores what it has no handler for; the session's own shell and sshd are left alone. */
function deliver(ctx: CommandContext, p: ProcessInfo, signal: number): void {
  if (p.pid === 1 || p.kernelThread) return;
  const info = sessionInfo(ctx);
  if (p.pid === info.shellPid || p.pid === info.sshdPid || p.pid === info.sshdPid + 2) return;
  if ([1, 2, 3, 6, 9, 15].includes(signal)) markKilled(ctx, p.pid);
}

export const killCommand = defineCommand({
  name: 'kill',
  path: '/usr/bin/kill',
  availableOn: coreTool('kill'),
  run: (ctx) => {
    const prog = progName(ctx, 'kill');
    const args = ctx.argv.slice(1);
    if (args[0] === '-l' || args[0] === '-L' || args[0] === '--list') {
      ctx.stdout(`${SIGNALS.join(' ')}\n`);
      return 0;
    }
    let signal = 15;
    const pids: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '-s' || a === '--signal') {
        const s = signalNumber(args[++i] ?? '');
        if (s === null) {
          ctx.stderr(`${prog}: unknown signal: ${args[i]}\n`);
          return 1;
        }
        signal = s;
      } else if (/^-\w+$/.test(a) && pids.length === 0) {
        const s = signalNumber(a.slice(1));
        if (s === null) {
          ctx.stderr(`${prog}: unknown signal: ${a.slice(1)}; valid signals:\n${SIGNALS.join(' ')}\n`);
          return 1;
        }
        signal = s;
      } else pids.push(a);
    }
    if (pids.length === 0) {
      ctx.stderr(
        `\nUsage:\n ${prog} [options] <pid> [...]\n\nOptions:\n <pid> [...]            send signal to every <pid> listed\n -<signal>, -s, --signal <signal>\n                        specify the <signal> to be sent\n -l, --list=[<signal>]  list all signal names, or convert one to a name\n -L, --table            list all signal names in a nice table\n\n -h, --help     display this help and exit\n -V, --version  output version information and exit\n\nFor more details see kill(1).\n`,
      );
      return 1;
    }
    const table = processesWithSession(ctx, prog);
    let status = 0;
    for (const text of pids) {
      const pid = Number(text);
      if (!Number.isInteger(pid)) {
        ctx.stderr(`${prog}: failed to parse argument: '${text}'\n`);
        status = 1;
        continue;
      }
      const p = table.find((x) => x.pid === pid);
      if (!p) {
        ctx.stderr(
          isBusybox(ctx)
            ? `${prog}: can't kill pid ${pid}: No such process\n`
            : `${prog}: (${pid}): No such process\n`,
        );
        status = 1;
        continue;
      }
      if (!permitted(ctx, p)) {
        ctx.stderr(
          isBusybox(ctx)
            ? `${prog}: can't kill pid ${pid}: Operation not permitted\n`
            : `${prog}: (${pid}): Operation not permitted\n`,
        );
        status = 1;
        continue;
      }
      deliver(ctx, p, signal);
    }
    return status;
  },
});

function matcher(pattern: string, exact: boolean, icase: boolean): (text: string) => boolean {
  if (exact) return (text) => (icase ? text.toLowerCase() === pattern.toLowerCase() : text === pattern);
  const re = compileRegex(pattern, { syntax: 'ere', icase }, new RegexBudget());
  if ('error' in re) return () => false;
  return (text) => re.test(text);
}

function select(
  ctx: CommandContext,
  prog: string,
  args: string[],
):
  | { procs: ProcessInfo[]; flags: Set<string>; pattern: string | undefined; signal: number }
  | { status: number } {
  const flags = new Set<string>();
  let pattern: string | undefined;
  let signal = 15;
  let user: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-u' || a === '-U') user = args[++i];
    else if (a === '-signal' || a === '--signal') signal = signalNumber(args[++i] ?? '') ?? 15;
    else if (/^-\d+$/.test(a) || (/^-[A-Z]+$/.test(a) && signalNumber(a.slice(1)) !== null))
      signal = signalNumber(a.slice(1)) ?? 15;
    else if (a.startsWith('-') && a.length > 1) for (const c of a.slice(1)) flags.add(c);
    else pattern = a;
  }
  if (pattern === undefined) {
    ctx.stderr(`${prog}: no matching criteria specified\nTry \`${prog} --help' for more information.\n`);
    return { status: 2 };
  }
  const test = matcher(pattern, flags.has('x'), flags.has('i'));
  const self = processesWithSession(ctx, prog);
  const me = self[self.length - 1]!.pid;
  const procs = self.filter(
    (p) =>
      p.pid !== me && (user === undefined || p.user === user) && test(flags.has('f') ? p.command : p.comm),
  );
  return { procs, flags, pattern, signal };
}

export const pgrepCommand = defineCommand({
  name: 'pgrep',
  path: '/usr/bin/pgrep',
  availableOn: coreTool('pgrep'),
  run: (ctx) => {
    const prog = progName(ctx, 'pgrep');
    const r = select(ctx, prog, ctx.argv.slice(1));
    if ('status' in r) return r.status;
    if (r.flags.has('c')) {
      ctx.stdout(`${r.procs.length}\n`);
      return r.procs.length > 0 ? 0 : 1;
    }
    ctx.stdout(
      r.procs
        .map((p) =>
          r.flags.has('a')
            ? `${p.pid} ${p.command}\n`
            : r.flags.has('l')
              ? `${p.pid} ${p.comm}\n`
              : `${p.pid}\n`,
        )
        .join(''),
    );
    return r.procs.length > 0 ? 0 : 1;
  },
});

export const pkillCommand = defineCommand({
  name: 'pkill',
  path: '/usr/bin/pkill',
  availableOn: coreTool('pkill'),
  run: (ctx) => {
    const prog = progName(ctx, 'pkill');
    const r = select(ctx, prog, ctx.argv.slice(1));
    if ('status' in r) return r.status;
    let any = false;
    for (const p of r.procs) {
      if (!permitted(ctx, p)) {
        ctx.stderr(`${prog}: killing pid ${p.pid} failed: Operation not permitted\n`);
        continue;
      }
      deliver(ctx, p, r.signal);
      any = true;
    }
    return any ? 0 : 1;
  },
});

export const killallCommand = defineCommand({
  name: 'killall',
  path: '/usr/bin/killall',
  availableOn: coreTool('killall'),
  run: (ctx) => {
    const prog = progName(ctx, 'killall');
    const args = ctx.argv.slice(1);
    let signal = 15;
    const names: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '-s' || a === '--signal') signal = signalNumber(args[++i] ?? '') ?? 15;
      else if (/^-\w+$/.test(a) && signalNumber(a.slice(1)) !== null) signal = signalNumber(a.slice(1))!;
      else if (a.startsWith('-')) continue;
      else names.push(a);
    }
    if (names.length === 0) {
      ctx.stderr(
        `Usage: ${prog} [ -Z CONTEXT ] [ -u USER ] [ -y TIME ] [ -o TIME ] [ -eIgiqrvw ]\n               [ -s SIGNAL | -SIGNAL ] NAME...\n       ${prog} -l, --list\n       ${prog} -V, --version\n`,
      );
      return 1;
    }
    const table = processesWithSession(ctx, prog);
    let status = 0;
    for (const name of names) {
      const found = table.filter((p) => p.comm === name.slice(0, 15) && !p.kernelThread && p.stat !== 'R+');
      if (found.length === 0) {
        ctx.stderr(isBusybox(ctx) ? `${prog}: no process killed\n` : `${name}: no process found\n`);
        status = 1;
        continue;
      }
      for (const p of found) {
        if (!permitted(ctx, p)) {
          ctx.stderr(`${prog}: ${name}(${p.pid}): Operation not permitted\n`);
          status = 1;
          continue;
        }
        deliver(ctx, p, signal);
      }
    }
    return status;
  },
});

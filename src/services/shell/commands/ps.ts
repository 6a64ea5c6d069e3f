/**
 * ps(1): procps-ng's selections and formats (default, `aux`, `ax`, `-ef`, `-e`, `-o …`, `-p`, `-u`,
 * `-C`), over the decky's process table plus this session's sshd, shell and the ps itself; BusyBox's
 * two formats on Alpine and firmware.
 */
import type { CommandContext } from '../command.js';
import { familyOf } from '../machine.js';
import type { ProcessInfo } from '../vfs/processes.js';
import { memorySnapshot } from '../vfs/system-state.js';
import { coreTool } from './lib/availability.js';
import { strftime } from './lib/format.js';
import { defineCommand, isBusybox, progName } from './lib/program.js';
import { processesWithSession } from './lib/session.js';

interface Selection {
  all: boolean;
  /** BSD `a`: every user's processes (with a terminal unless `x`). */
  allUsers: boolean;
  /** BSD `x`: include processes without a terminal. */
  noTty: boolean;
  users: string[];
  pids: number[];
  names: string[];
}

type Format = 'default' | 'bsd-user' | 'bsd' | 'full' | 'custom';

const PROCPS_USAGE = `
Usage:
 ps [options]

 Try 'ps --help <simple|list|output|threads|misc|all>'
  or 'ps --help <s|l|o|t|m|a>'
 for additional help text.

For more details see ps(1).
`;

/** PID column width: procps ≥ 3.3.16 sizes it from kernel.pid_max (4194304 under systemd: 7 digits). */
function pidWidth(ctx: CommandContext): number {
  return ctx.machine.distro.name === 'centos7' ? 5 : 7;
}

function cpuTime(seconds: number): string {
  const s = Math.floor(seconds);
  const days = Math.floor(s / 86_400);
  const hms = `${String(Math.floor((s % 86_400) / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  return days > 0 ? `${days}-${hms}` : hms;
}

/** BSD TIME column: minutes:seconds. */
function bsdTime(seconds: number): string {
  const s = Math.floor(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** START/STIME (procps pr_stime): the time if it started today, the day this year, the year otherwise. */
function startColumn(startMs: number, now: number): string {
  if (strftime('%Y', startMs) !== strftime('%Y', now)) return strftime('%Y', startMs);
  if (strftime('%j', startMs) !== strftime('%j', now)) return strftime('%b%d', startMs);
  return strftime('%H:%M', startMs);
}

function elapsed(seconds: number): string {
  const s = Math.floor(seconds);
  const days = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const mmss = `${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  if (days > 0) return `${days}-${String(h).padStart(2, '0')}:${mmss}`;
  if (h > 0) return `${String(h).padStart(2, '0')}:${mmss}`;
  return mmss;
}

export function pcpu(p: ProcessInfo, now: number): number {
  const life = Math.max(1, (now - p.startMs) / 1000);
  return Math.min(99.9, (p.cpuSeconds / life) * 100);
}

function pmem(p: ProcessInfo, totalKiB: number): number {
  return (p.rssKiB / totalKiB) * 100;
}

interface Column {
  header: string;
  width: number;
  left?: boolean;
  value(p: ProcessInfo): string;
}

function columns(ctx: CommandContext, now: number): Record<string, Column> {
  const pw = pidWidth(ctx);
  const total = memorySnapshot(ctx.machine, now).totalKiB;
  return {
    pid: { header: 'PID', width: pw, value: (p) => String(p.pid) },
    ppid: { header: 'PPID', width: pw, value: (p) => String(p.ppid) },
    user: {
      header: 'USER',
      width: 8,
      left: true,
      value: (p) => (p.user.length > 8 ? `${p.user.slice(0, 7)}+` : p.user),
    },
    uid: {
      header: 'UID',
      width: 5,
      value: (p) => (p.user === 'root' ? '0' : String(p.user === ctx.user.name ? ctx.user.uid : 100)),
    },
    comm: { header: 'COMMAND', width: 15, left: true, value: (p) => p.comm },
    args: { header: 'COMMAND', width: 27, left: true, value: (p) => p.command },
    cmd: { header: 'CMD', width: 27, left: true, value: (p) => p.command },
    pcpu: { header: '%CPU', width: 4, value: (p) => pcpu(p, now).toFixed(1) },
    pmem: { header: '%MEM', width: 4, value: (p) => pmem(p, total).toFixed(1) },
    stat: { header: 'STAT', width: 4, left: true, value: (p) => p.stat },
    s: { header: 'S', width: 1, value: (p) => p.stat[0] ?? 'S' },
    tty: { header: 'TT', width: 8, left: true, value: (p) => p.tty },
    time: { header: 'TIME', width: 8, value: (p) => cpuTime(p.cpuSeconds) },
    etime: { header: 'ELAPSED', width: 11, value: (p) => elapsed((now - p.startMs) / 1000) },
    etimes: { header: 'ELAPSED', width: 7, value: (p) => String(Math.floor((now - p.startMs) / 1000)) },
    start: {
      header: 'STARTED',
      width: 8,
      value: (p) =>
        now - p.startMs < 86_400_000 ? strftime('%H:%M:%S', p.startMs) : strftime('%b %d', p.startMs),
    },
    lstart: {
      header: 'STARTED',
      width: 24,
      left: true,
      value: (p) => strftime('%a %b %e %H:%M:%S %Y', p.startMs),
    },
    rss: { header: 'RSS', width: 5, value: (p) => String(p.rssKiB) },
    vsz: { header: 'VSZ', width: 6, value: (p) => String(p.vszKiB) },
    nice: { header: 'NI', width: 3, value: (p) => String(p.nice) },
    pri: { header: 'PRI', width: 3, value: (p) => String(19 - p.nice) },
  };
}

const ALIASES: Readonly<Record<string, string>> = {
  command: 'args',
  ucomm: 'comm',
  '%cpu': 'pcpu',
  '%mem': 'pmem',
  tname: 'tty',
  tt: 'tty',
  ni: 'nice',
  euser: 'user',
  uname: 'user',
  ruser: 'user',
  cputime: 'time',
  rssize: 'rss',
  rsz: 'rss',
  vsize: 'vsz',
  state: 's',
  start_time: 'start',
  bsdstart: 'start',
  euid: 'uid',
  tid: 'pid',
  spid: 'pid',
};

function render(
  ctx: CommandContext,
  rows: readonly ProcessInfo[],
  fields: Array<{ key: string; header: string }>,
  headers: boolean,
  wide: boolean,
): string {
  const now = ctx.clock.now();
  const cols = columns(ctx, now);
  const lines: string[] = [];
  const cell = (col: Column, text: string, last: boolean) =>
    col.left ? (last ? text : text.padEnd(col.width)) : text.padStart(col.width);
  if (headers)
    lines.push(fields.map((f, i) => cell(cols[f.key]!, f.header, i === fields.length - 1)).join(' '));
  for (const p of rows)
    lines.push(
      fields.map((f, i) => cell(cols[f.key]!, cols[f.key]!.value(p), i === fields.length - 1)).join(' '),
    );
  const limit = ctx.terminal.isTty && !wide ? ctx.terminal.columns : Number.POSITIVE_INFINITY;
  return lines.map((l) => `${l.length > limit ? l.slice(0, limit) : l.trimEnd()}\n`).join('');
}

function selectRows(ctx: CommandContext, all: readonly ProcessInfo[], sel: Selection): ProcessInfo[] {
  const me = ctx.user.name;
  // The ps itself is the last entry; its terminal is the session's.
  const myTty = all[all.length - 1]?.tty ?? '?';
  return all.filter((p) => {
    if (sel.pids.length > 0 || sel.users.length > 0 || sel.names.length > 0) {
      return sel.pids.includes(p.pid) || sel.users.includes(p.user) || sel.names.includes(p.comm);
    }
    if (sel.all) return true;
    if (sel.allUsers && sel.noTty) return true;
    if (sel.allUsers) return p.tty !== '?';
    if (sel.noTty) return p.user === me;
    return p.user === me && p.tty === myTty;
  });
}

async function ps(ctx: CommandContext): Promise<number> {
  const prog = progName(ctx, 'ps');
  if (isBusybox(ctx)) return busyboxPs(ctx, prog);
  if (familyOf(ctx.machine.distro) === 'bsd') return freebsdPs(ctx, prog);
  const sel: Selection = { all: false, allUsers: false, noTty: false, users: [], pids: [], names: [] };
  let format: Format = 'default';
  let custom: Array<{ key: string; header: string }> = [];
  let headers = true;
  let wide = false;
  let sortBy: string | null = null;
  const argv = ctx.argv.slice(1);
  const bad = (kind: 'BSD' | 'SysV' | 'long') => {
    ctx.stderr(
      `error: unsupported ${kind === 'long' ? 'option (BSD syntax)' : kind === 'BSD' ? 'option (BSD syntax)' : 'SysV option'}\n${PROCPS_USAGE}`,
    );
    return 1;
  };
  const list = (v: string | undefined) => (v ?? '').split(/[,\s]+/).filter((x) => x !== '');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help') {
      ctx.stdout(`${PROCPS_USAGE.replace('\nUsage:', '\nUsage:').trimEnd()}\n`);
      return 0;
    }
    if (arg === '--version' || arg === '-V' || arg === 'V') {
      ctx.stdout(
        `ps from procps-ng ${ctx.machine.distro.name === 'debian12' ? '4.0.2' : ctx.machine.distro.name === 'centos7' ? '3.3.10' : '3.3.17'}\n`,
      );
      return 0;
    }
    if (arg.startsWith('--')) {
      const [name, value] = arg.includes('=')
        ? [arg.slice(2, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg.slice(2), undefined];
      const take = () => value ?? argv[++i];
      if (name === 'no-headers' || name === 'no-heading') headers = false;
      else if (name === 'sort') sortBy = take() ?? null;
      else if (name === 'pid') sel.pids.push(...list(take()).map(Number));
      else if (name === 'user' || name === 'User') sel.users.push(...list(take()));
      else if (name === 'forest' || name === 'cols' || name === 'columns' || name === 'width') {
        if (name !== 'forest') take();
      } else if (name === 'format') {
        format = 'custom';
        custom = parseFields(take() ?? '');
      } else return bad('long');
      continue;
    }
    if (arg.startsWith('-')) {
      for (let j = 1; j < arg.length; j++) {
        const c = arg[j]!;
        const rest = arg.slice(j + 1);
        const value = () => (rest !== '' ? rest : argv[++i]);
        if (c === 'e' || c === 'A') sel.all = true;
        else if (c === 'f' || c === 'F') format = format === 'custom' ? format : 'full';
        else if (
          c === 'l' ||
          c === 'j' ||
          c === 'H' ||
          c === 'w' ||
          c === 'M' ||
          c === 'y' ||
          c === 'T' ||
          c === 'L'
        ) {
          if (c === 'w') wide = true;
        } else if (c === 'a' || c === 'd' || c === 'N') {
          if (c === 'a') sel.allUsers = true;
        } else if (c === 'x') sel.noTty = true;
        else if (c === 'u' || c === 'U' || c === 'G' || c === 'g') {
          sel.users.push(...list(value()));
          break;
        } else if (c === 'p' || c === 'q') {
          sel.pids.push(...list(value()).map(Number));
          break;
        } else if (c === 'C') {
          sel.names.push(...list(value()));
          break;
        } else if (c === 'o') {
          format = 'custom';
          custom = [...custom, ...parseFields(value() ?? '')];
          break;
        } else return bad('SysV');
      }
      continue;
    }
    if (/^[0-9,]+$/.test(arg)) {
      sel.pids.push(...list(arg).map(Number));
      continue;
    }
    for (const c of arg) {
      if (c === 'a') sel.allUsers = true;
      else if (c === 'x') sel.noTty = true;
      else if (c === 'u') format = 'bsd-user';
      else if (c === 'w') wide = true;
      else if (c === 'h') headers = false;
      else if (c === 'f' || c === 'e' || c === 'c' || c === 'r' || c === 'S' || c === 'n') continue;
      else if (c === 'j' || c === 'l' || c === 'v' || c === 's') format = 'bsd';
      else return bad('BSD');
    }
    if (format === 'default') format = 'bsd';
  }
  if (custom.some((f) => f.key === '')) {
    ctx.stderr(
      `error: unknown user-defined format specifier "${custom.find((f) => f.key === '')!.header}"\n${PROCPS_USAGE}`,
    );
    return 1;
  }
  const self = ctx.argv.join(' ');
  const all = processesWithSession(ctx, self);
  let rows = selectRows(ctx, all, sel);
  if (sortBy) rows = sortRows(ctx, rows, sortBy);
  switch (format) {
    case 'bsd-user':
      return out(ctx, renderBsdUser(ctx, rows, headers, wide));
    case 'bsd':
      return out(ctx, renderBsd(ctx, rows, headers, wide));
    case 'full':
      return out(ctx, renderFull(ctx, rows, headers, wide));
    case 'custom':
      return out(ctx, render(ctx, rows, custom, headers, wide));
    default:
      return out(ctx, renderDefault(ctx, rows, headers));
  }
}

function out(ctx: CommandContext, text: string): number {
  ctx.stdout(text);
  return 0;
}

function parseFields(spec: string): Array<{ key: string; header: string }> {
  return spec
    .split(/[,\s]+/)
    .filter((f) => f !== '')
    .map((f) => {
      const [name = '', header] = f.split('=');
      const key = ALIASES[name.toLowerCase()] ?? name.toLowerCase();
      const known = [
        'pid',
        'ppid',
        'user',
        'uid',
        'comm',
        'args',
        'cmd',
        'pcpu',
        'pmem',
        'stat',
        's',
        'tty',
        'time',
        'etime',
        'etimes',
        'start',
        'lstart',
        'rss',
        'vsz',
        'nice',
        'pri',
      ];
      if (!known.includes(key)) return { key: '', header: name };
      const defaults: Record<string, string> = {
        pid: 'PID',
        ppid: 'PPID',
        user: 'USER',
        uid: 'UID',
        comm: 'COMMAND',
        args: 'COMMAND',
        cmd: 'CMD',
        pcpu: '%CPU',
        pmem: '%MEM',
        stat: 'STAT',
        s: 'S',
        tty: 'TT',
        time: 'TIME',
        etime: 'ELAPSED',
        etimes: 'ELAPSED',
        start: 'STARTED',
        lstart: 'STARTED',
        rss: 'RSS',
        vsz: 'VSZ',
        nice: 'NI',
        pri: 'PRI',
      };
      return { key, header: header ?? defaults[key]! };
    });
}

function sortRows(ctx: CommandContext, rows: ProcessInfo[], spec: string): ProcessInfo[] {
  const now = ctx.clock.now();
  const keys = spec.split(',').map((k) => ({
    desc: k.startsWith('-'),
    key: ALIASES[k.replace(/^[-+]/, '').toLowerCase()] ?? k.replace(/^[-+]/, '').toLowerCase(),
  }));
  const value = (p: ProcessInfo, key: string): number | string => {
    switch (key) {
      case 'pcpu':
        return pcpu(p, now);
      case 'pmem':
      case 'rss':
        return p.rssKiB;
      case 'vsz':
        return p.vszKiB;
      case 'pid':
        return p.pid;
      case 'ppid':
        return p.ppid;
      case 'time':
        return p.cpuSeconds;
      case 'start':
      case 'etime':
        return p.startMs;
      case 'user':
        return p.user;
      default:
        return p.comm;
    }
  };
  return [...rows].sort((a, b) => {
    for (const { key, desc } of keys) {
      const x = value(a, key);
      const y = value(b, key);
      if (x === y) continue;
      const r = x < y ? -1 : 1;
      return desc ? -r : r;
    }
    return a.pid - b.pid;
  });
}

function truncate(ctx: CommandContext, lines: string[], wide: boolean): string {
  const limit = ctx.terminal.isTty && !wide ? ctx.terminal.columns : Number.POSITIVE_INFINITY;
  return lines.map((l) => `${l.length > limit ? l.slice(0, limit) : l}\n`).join('');
}

function renderDefault(ctx: CommandContext, rows: readonly ProcessInfo[], headers: boolean): string {
  const pw = pidWidth(ctx);
  const lines = headers ? [`${'PID'.padStart(pw)} TTY          TIME CMD`] : [];
  for (const p of rows)
    lines.push(`${String(p.pid).padStart(pw)} ${p.tty.padEnd(8)} ${cpuTime(p.cpuSeconds)} ${p.comm}`);
  return lines.map((l) => `${l}\n`).join('');
}

function renderBsdUser(
  ctx: CommandContext,
  rows: readonly ProcessInfo[],
  headers: boolean,
  wide: boolean,
): string {
  const now = ctx.clock.now();
  const pw = pidWidth(ctx);
  const total = memorySnapshot(ctx.machine, now).totalKiB;
  const lines = headers
    ? [`USER     ${'PID'.padStart(pw)} %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND`]
    : [];
  for (const p of rows) {
    const user = p.user.length > 8 ? `${p.user.slice(0, 7)}+` : p.user;
    lines.push(
      `${user.padEnd(8)} ${String(p.pid).padStart(pw)} ${pcpu(p, now).toFixed(1).padStart(4)} ${pmem(p, total).toFixed(1).padStart(4)} ${String(p.vszKiB).padStart(6)} ${String(p.rssKiB).padStart(5)} ${p.tty.padEnd(8)} ${p.stat.padEnd(4)} ${startColumn(p.startMs, now).padStart(5)} ${bsdTime(p.cpuSeconds).padStart(6)} ${p.command}`,
    );
  }
  return truncate(ctx, lines, wide);
}

function renderBsd(
  ctx: CommandContext,
  rows: readonly ProcessInfo[],
  headers: boolean,
  wide: boolean,
): string {
  const pw = pidWidth(ctx);
  const lines = headers ? [`${'PID'.padStart(pw)} TTY      STAT   TIME COMMAND`] : [];
  for (const p of rows)
    lines.push(
      `${String(p.pid).padStart(pw)} ${p.tty.padEnd(8)} ${p.stat.padEnd(4)} ${bsdTime(p.cpuSeconds).padStart(6)} ${p.command}`,
    );
  return truncate(ctx, lines, wide);
}

function renderFull(
  ctx: CommandContext,
  rows: readonly ProcessInfo[],
  headers: boolean,
  wide: boolean,
): string {
  const now = ctx.clock.now();
  const pw = pidWidth(ctx);
  const lines = headers
    ? [`UID      ${'PID'.padStart(pw)} ${'PPID'.padStart(pw)}  C STIME TTY          TIME CMD`]
    : [];
  for (const p of rows) {
    const user = p.user.length > 8 ? `${p.user.slice(0, 7)}+` : p.user;
    lines.push(
      `${user.padEnd(8)} ${String(p.pid).padStart(pw)} ${String(p.ppid).padStart(pw)} ${String(Math.floor(pcpu(p, now))).padStart(2)} ${startColumn(p.startMs, now).padStart(5)} ${p.tty.padEnd(8)} ${cpuTime(p.cpuSeconds)} ${p.command}`,
    );
  }
  return truncate(ctx, lines, wide);
}

/** BusyBox ps: Alpine's build prints "PID USER TIME COMMAND", firmware builds "PID USER VSZ STAT COMMAND". */
function busyboxPs(ctx: CommandContext, prog: string): number {
  const args = ctx.argv.slice(1);
  for (const arg of args) {
    if (arg.startsWith('-') && !/^-[aAdeflwT]+$/.test(arg) && arg !== '-o') {
      ctx.stderr(
        `${prog}: unrecognized option: ${arg.replace(/^-+/, '').replace(/[aAdeflwT]/g, '')[0] ?? arg}\n`,
      );
      return 1;
    }
  }
  const rows = processesWithSession(ctx, ctx.argv.join(' ').replace(/^\S*ps\b/, 'ps'));
  const alpine = familyOf(ctx.machine.distro) === 'alpine';
  const lines: string[] = [];
  if (alpine) {
    lines.push('PID   USER     TIME  COMMAND');
    for (const p of rows)
      lines.push(
        `${String(p.pid).padStart(5)} ${p.user.slice(0, 8).padEnd(8)} ${bsdTime(p.cpuSeconds).padStart(5)} ${p.command}`,
      );
  } else {
    lines.push('  PID USER       VSZ STAT COMMAND');
    for (const p of rows) {
      const stat = p.kernelThread
        ? `${p.stat[0] ?? 'S'}W${p.nice < 0 ? '<' : p.nice > 0 ? 'N' : ''}`
        : (p.stat[0] ?? 'S') + (p.nice < 0 ? '<' : '');
      lines.push(
        `${String(p.pid).padStart(5)} ${p.user.slice(0, 8).padEnd(8)} ${String(p.vszKiB).padStart(5)} ${stat.padEnd(4)} ${p.command}`,
      );
    }
  }
  const limit = ctx.terminal.isTty ? ctx.terminal.columns : Number.POSITIVE_INFINITY;
  ctx.stdout(lines.map((l) => `${l.length > limit ? l.slice(0, limit) : l}\n`).join(''));
  return 0;
}

const FREEBSD_PS_USAGE =
  'usage: ps [--libxo] [-aCcdefHhjlmrSTuvwXxZ] [-O fmt | -o fmt]\n' +
  '          [-G gid[,gid...]] [-J jid[,jid...]] [-M core] [-N system]\n' +
  '          [-p pid[,pid...]] [-t tty[,tty...]] [-U user[,user...]]\n' +
  '       ps [--libxo] -L\n';

/** FreeBSD's TT column (print.c tname): `pts/0` → `0`, `ttyv0` → `v0`, none → `-`, then a space. */
function freebsdTty(tty: string): string {
  if (tty === '?' || tty === '-') return '- ';
  return `${tty.replace(/^pts\//, '').replace(/^tty/, '')} `;
}

/** FreeBSD's STARTED column (print.c started) in the C locale, which has AM/PM: `10:22AM`, `Wed10AM`, `27Nov24`. */
function freebsdStarted(startMs: number, now: number): string {
  const age = now - startMs;
  if (age < 86_400_000) return strftime('%l:%M%p', startMs).trimStart().padStart(7);
  if (age < 7 * 86_400_000) return strftime('%a%I%p', startMs);
  return strftime('%e%b%y', startMs);
}

/** FreeBSD's TIME column: minutes, seconds and hundredths (`4:24.18`). */
function freebsdTime(seconds: number): string {
  const hundredths = Math.round(seconds * 100);
  const s = Math.floor(hundredths / 100);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}.${String(hundredths % 100).padStart(2, '0')}`;
}

/** ps(1) of FreeBSD: BSD options only (`aux`, `-ax`, `-u`), its own columns and `(comm)` after a retitled command. */
function freebsdPs(ctx: CommandContext, prog: string): number {
  let allUsers = false;
  let noTty = false;
  let userFormat = false;
  let wide = false;
  for (const arg of ctx.argv.slice(1)) {
    for (const c of arg.replace(/^-/, '')) {
      if (c === 'a') allUsers = true;
      else if (c === 'x') noTty = true;
      else if (c === 'A') {
        allUsers = true;
        noTty = true;
      } else if (c === 'u' || c === 'v') userFormat = true;
      else if (c === 'w') wide = true;
      else if (!'cCdefhHjlmrSTXZ'.includes(c)) {
        ctx.stderr(`${prog}: illegal option -- ${c}\n${FREEBSD_PS_USAGE}`);
        return 1;
      }
    }
  }
  const now = ctx.clock.now();
  const total = memorySnapshot(ctx.machine, now).totalKiB;
  const rows = processesWithSession(ctx, ctx.argv.join(' ')).filter(
    (p) => (allUsers || p.user === ctx.user.name) && (noTty || (p.tty !== '?' && p.tty !== '-')),
  );
  if (!userFormat || allUsers) rows.sort((a, b) => a.pid - b.pid);
  const command = (p: ProcessInfo) => {
    const argv0 = p.command.split(' ')[0] ?? p.command;
    const retitled = !p.kernelThread && argv0.slice(argv0.lastIndexOf('/') + 1) !== p.comm;
    return retitled ? `${p.command} (${p.comm})` : p.command;
  };
  const stat = (p: ProcessInfo) =>
    p.tty.startsWith('v') || p.stat === 'R+' ? `${p.stat.replace('+', '')}+` : p.stat;
  type Column = { header: string; right: boolean; value: (p: ProcessInfo) => string };
  const columns: Column[] = userFormat
    ? [
        { header: 'USER', right: false, value: (p) => p.user },
        { header: 'PID', right: true, value: (p) => String(p.pid) },
        { header: '%CPU', right: true, value: (p) => pcpu(p, now).toFixed(1) },
        { header: '%MEM', right: true, value: (p) => pmem(p, total).toFixed(1) },
        { header: 'VSZ', right: true, value: (p) => String(p.vszKiB) },
        { header: 'RSS', right: true, value: (p) => String(p.rssKiB) },
        { header: 'TT ', right: true, value: (p) => freebsdTty(p.tty) },
        { header: 'STAT', right: false, value: stat },
        { header: 'STARTED', right: false, value: (p) => freebsdStarted(p.startMs, now) },
        { header: 'TIME', right: true, value: (p) => freebsdTime(p.cpuSeconds) },
      ]
    : [
        { header: 'PID', right: true, value: (p) => String(p.pid) },
        { header: 'TT ', right: true, value: (p) => freebsdTty(p.tty) },
        { header: 'STAT', right: false, value: stat },
        { header: 'TIME', right: true, value: (p) => freebsdTime(p.cpuSeconds) },
      ];
  const cells = rows.map((p) => columns.map((c) => c.value(p)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: readonly string[], last: string) =>
    `${values.map((v, i) => (columns[i]!.right ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join(' ')} ${last}`;
  const lines = [
    line(
      columns.map((c) => c.header),
      'COMMAND',
    ),
    ...rows.map((p, i) => line(cells[i]!, command(p))),
  ];
  const limit = ctx.terminal.isTty && !wide ? ctx.terminal.columns : Number.POSITIVE_INFINITY;
  ctx.stdout(lines.map((l) => `${l.length > limit ? l.slice(0, limit) : l}\n`).join(''));
  return 0;
}

export const psCommand = defineCommand({
  name: 'ps',
  path: '/usr/bin/ps',
  availableOn: coreTool('ps'),
  run: ps,
});

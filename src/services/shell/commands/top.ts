/**
 * top(1): one batch-style screen (what `top -bn1` prints, and what an interactive `top` shows first),
 * then exit; there is no live screen to keep refreshing. procps' summary and task area, or BusyBox's.
 */
import type { CommandContext } from '../command.js';
import { familyOf } from '../machine.js';
import type { ProcessInfo } from '../vfs/processes.js';
import { loadAverage, memorySnapshot, uptimeSeconds } from '../vfs/system-state.js';
import { coreTool } from './lib/availability.js';
import { strftime } from './lib/format.js';
import { defineCommand, isBusybox, progName } from './lib/program.js';
import { processesWithSession } from './lib/session.js';
import { pcpu } from './ps.js';
import { uptimeLine } from './uptime.js';

function time100(seconds: number): string {
  const hundredths = Math.floor(seconds * 100);
  const minutes = Math.floor(hundredths / 6000);
  const secs = Math.floor((hundredths % 6000) / 100);
  return `${minutes}:${String(secs).padStart(2, '0')}.${String(hundredths % 100).padStart(2, '0')}`;
}

function procpsScreen(ctx: CommandContext, rows: ProcessInfo[], limit: number): string {
  const now = ctx.clock.now();
  const m = memorySnapshot(ctx.machine, now);
  const old = ctx.machine.distro.name === 'centos7';
  const procps4 = ['debian12', 'kali', 'arch', 'fedora39'].includes(ctx.machine.distro.name);
  const running = 1;
  const f1 = (n: number) => n.toFixed(1).padStart(5);
  const idle = Math.max(0, 100 - rows.reduce((a, p) => a + pcpu(p, now), 0) / ctx.machine.cpu.cores - 0.4);
  const sy = Math.min(3, (100 - idle) / 2);
  const lines: string[] = [];
  lines.push(`top - ${uptimeLine(ctx, 1).trimStart()}`);
  lines.push(
    `Tasks: ${String(rows.length).padStart(3)} total, ${String(running).padStart(3)} running, ${String(rows.length - running).padStart(3)} sleeping,   0 stopped,   0 zombie`,
  );
  lines.push(
    `%Cpu(s):${f1(100 - idle - sy)} us,${f1(sy)} sy,${f1(0)} ni,${f1(idle)} id,${f1(0)} wa,${f1(0)} hi,${f1(0)} si,${f1(0)} st${old ? '' : ' '}`,
  );
  const buffCache = m.buffersKiB + m.cachedKiB + m.sReclaimableKiB;
  const used = procps4 ? m.totalKiB - m.availableKiB : m.totalKiB - m.freeKiB - buffCache;
  const swapUsed = m.swapTotalKiB - m.swapFreeKiB;
  if (old) {
    const k = (n: number) => String(n).padStart(8);
    lines.push(
      `KiB Mem : ${k(m.totalKiB)} total, ${k(m.freeKiB)} free, ${k(used)} used, ${k(buffCache)} buff/cache`,
    );
    lines.push(
      `KiB Swap: ${k(m.swapTotalKiB)} total, ${k(m.swapFreeKiB)} free, ${k(swapUsed)} used. ${k(m.availableKiB)} avail Mem `,
    );
  } else {
    const mb = (kib: number) => (kib / 1024).toFixed(1).padStart(9);
    lines.push(
      `MiB Mem :${mb(m.totalKiB)} total,${mb(m.freeKiB)} free,${mb(used)} used,${mb(buffCache)} buff/cache     `,
    );
    lines.push(
      `MiB Swap:${mb(m.swapTotalKiB)} total,${mb(m.swapFreeKiB)} free,${mb(swapUsed)} used.${mb(m.availableKiB)} avail Mem `,
    );
  }
  lines.push('');
  const pw = old ? 5 : 7;
  const cpuWidth = old ? 4 : 5;
  const header = `${'PID'.padStart(pw)} USER      PR  NI    VIRT    RES    SHR S ${'%CPU'.padStart(cpuWidth)} ${'%MEM'.padStart(cpuWidth)}     TIME+ COMMAND`;
  lines.push(header);
  const width = ctx.terminal.isTty ? ctx.terminal.columns : 80;
  const commandWidth = Math.max(1, width - header.length + 'COMMAND'.length);
  const sorted = [...rows].sort((a, b) => pcpu(b, now) - pcpu(a, now) || a.pid - b.pid);
  for (const p of sorted.slice(0, limit)) {
    const user = p.user.length > 8 ? `${p.user.slice(0, 7)}+` : p.user;
    const pr = p.kernelThread && p.nice < 0 ? '0' : String(20 + p.nice);
    const shr = Math.round(p.rssKiB * 0.7);
    const name = p.comm.length > commandWidth ? `${p.comm.slice(0, commandWidth - 1)}+` : p.comm;
    lines.push(
      `${String(p.pid).padStart(pw)} ${user.padEnd(8)} ${pr.padStart(3)} ${String(p.nice).padStart(3)} ${String(p.vszKiB).padStart(7)} ${String(p.rssKiB).padStart(6)} ${String(shr).padStart(6)} ${(p.stat[0] ?? 'S').replace('R', 'R')} ${pcpu(p, now).toFixed(1).padStart(cpuWidth)} ${((p.rssKiB / m.totalKiB) * 100).toFixed(1).padStart(cpuWidth)} ${time100(p.cpuSeconds).padStart(9)} ${name}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function busyboxScreen(ctx: CommandContext, rows: ProcessInfo[], limit: number): string {
  const now = ctx.clock.now();
  const m = memorySnapshot(ctx.machine, now);
  const [a, b, c] = loadAverage(ctx.machine, now);
  const buff = m.buffersKiB;
  const lines = [
    `Mem: ${m.totalKiB - m.freeKiB}K used, ${m.freeKiB}K free, ${m.shmemKiB}K shrd, ${buff}K buff, ${m.cachedKiB}K cached`,
    'CPU:   0% usr   0% sys   0% nic 100% idle   0% io   0% irq   0% sirq',
    `Load average: ${a.toFixed(2)} ${b.toFixed(2)} ${c.toFixed(2)} 1/${rows.length} ${rows[rows.length - 1]?.pid ?? 1}`,
    `${familyOf(ctx.machine.distro) === 'alpine' ? '  PID  PPID USER     STAT   VSZ %VSZ CPU %CPU COMMAND' : '  PID  PPID USER     STAT   VSZ %VSZ %CPU COMMAND'}`,
  ];
  for (const p of rows.slice(0, limit)) {
    const vszShare = Math.round((p.vszKiB / m.totalKiB) * 100);
    const stat = p.kernelThread ? `${p.stat[0] ?? 'S'}W` : (p.stat[0] ?? 'S');
    lines.push(
      `${String(p.pid).padStart(5)} ${String(p.ppid).padStart(5)} ${p.user.slice(0, 8).padEnd(8)} ${stat.padEnd(4)} ${String(p.vszKiB).padStart(5)} ${String(vszShare).padStart(3)}%${familyOf(ctx.machine.distro) === 'alpine' ? '   0' : ''} ${pcpu(p, now).toFixed(0).padStart(3)}% ${p.command}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** FreeBSD top's format_k: kilobytes up to 9999K, then megabytes, then gigabytes. */
function freebsdK(kib: number): string {
  if (kib < 10_000) return `${kib}K`;
  const mib = Math.floor(kib / 1024);
  return mib < 10_000 ? `${mib}M` : `${Math.floor(mib / 1024)}G`;
}

/**
 * FreeBSD's top(1) first screen: last pid and load averages, the process count, CPU states, the
 * Active/Inact/Wired/Buf/Free memory line (UFS, so no ARC line), swap, then user processes only
 * (system processes need -S), busiest first.
 */
function freebsdScreen(ctx: CommandContext, rows: ProcessInfo[], limit: number): string {
  const now = ctx.clock.now();
  const m = memorySnapshot(ctx.machine, now);
  const [a, b, c] = loadAverage(ctx.machine, now);
  const up = Math.floor(uptimeSeconds(ctx.machine, now));
  const two = (n: number) => String(n).padStart(2, '0');
  const upText = `${Math.floor(up / 86_400)}+${two(Math.floor((up % 86_400) / 3600))}:${two(Math.floor((up % 3600) / 60))}:${two(up % 60)}`;
  const lastPid = rows.reduce((max, p) => Math.max(max, p.pid), 0);
  const f = (n: number) => n.toFixed(2).padStart(5);
  const wired = Math.round(m.totalKiB * 0.06);
  const active = Math.max(0, m.totalKiB - m.freeKiB - m.cachedKiB - m.buffersKiB - wired);
  const users = rows.filter((p) => !p.kernelThread && p.pid !== 0);
  const lines = [
    `last pid: ${String(lastPid).padStart(5)};  load averages: ${f(a)}, ${f(b)}, ${f(c)}  up ${upText}    ${strftime('%H:%M:%S', now)}`,
    `${rows.length} processes:  1 running, ${rows.length - 1} sleeping`,
    'CPU:  0.0% user,  0.0% nice,  0.2% system,  0.0% interrupt, 99.8% idle',
    `Mem: ${freebsdK(active)} Active, ${freebsdK(m.cachedKiB)} Inact, ${freebsdK(wired)} Wired, ${freebsdK(m.buffersKiB)} Buf, ${freebsdK(m.freeKiB)} Free`,
    `Swap: ${freebsdK(m.swapTotalKiB)} Total, ${freebsdK(m.swapFreeKiB)} Free`,
    '',
    '  PID USERNAME    THR PRI NICE   SIZE    RES STATE    C   TIME    WCPU COMMAND',
  ];
  const state = (p: ProcessInfo) =>
    p.stat.startsWith('R')
      ? 'CPU0'
      : p.tty.startsWith('v')
        ? 'ttyin'
        : p.comm === 'cron'
          ? 'nanslp'
          : 'select';
  const sorted = [...users].sort((x, y) => pcpu(y, now) - pcpu(x, now) || y.pid - x.pid);
  for (const p of sorted.slice(0, limit)) {
    const cpuTime = `${Math.floor(p.cpuSeconds / 60)}:${two(Math.floor(p.cpuSeconds % 60))}`;
    lines.push(
      `${String(p.pid).padStart(5)} ${p.user.slice(0, 10).padEnd(10)} ${'1'.padStart(4)} ${String(p.stat.startsWith('R') ? 20 : p.tty.startsWith('v') ? 52 : 20).padStart(3)} ${String(p.nice).padStart(4)} ${freebsdK(p.vszKiB).padStart(6)} ${freebsdK(p.rssKiB).padStart(6)} ${state(p).padEnd(8)} ${String(p.pid % ctx.machine.cpu.cores).padStart(1)} ${cpuTime.padStart(6)} ${`${Math.min(99.99, pcpu(p, now)).toFixed(2)}%`.padStart(7)} ${p.comm}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export const topCommand = defineCommand({
  name: 'top',
  path: '/usr/bin/top',
  availableOn: coreTool('top'),
  run: (ctx) => {
    const prog = progName(ctx, 'top');
    const args = ctx.argv.slice(1);
    let limit = Math.max(5, (ctx.terminal.isTty ? ctx.terminal.rows : 24) - 7);
    if (familyOf(ctx.machine.distro) === 'bsd') {
      if (args.includes('-v')) ctx.stdout(`${prog}: version 3.8b1\n`);
      else ctx.stdout(freebsdScreen(ctx, processesWithSession(ctx, prog), limit));
      return 0;
    }
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      if (arg === '-v' || arg === '-V' || arg === '--version') {
        if (isBusybox(ctx)) break;
        ctx.stdout(`  procps-ng ${ctx.machine.distro.name === 'debian12' ? '4.0.2' : '3.3.17'}\n`);
        return 0;
      }
      if (arg === '-h' || arg === '--help') {
        ctx.stdout(
          `Usage:\n  ${prog} -hv | -bcEeHiOSs1 -d secs -n max -u|U user -p pid(s) -o field -w [num]\n`,
        );
        return 0;
      }
      if (!arg.startsWith('-')) {
        ctx.stderr(
          `${prog}: unknown option '${arg}'\nUsage:\n  ${prog} -hv | -bcEeHiOSs1 -d secs -n max -u|U user -p pid(s) -o field -w [num]\n`,
        );
        return 1;
      }
      // -b, -n N, -d N, -c, -H, -i … only change refreshing, which one screen never does.
      if (/^-[nduUpowm]$/.test(arg)) i++;
      if (arg === '-b' || arg.startsWith('-bn') || arg === '-n1') limit = Number.POSITIVE_INFINITY;
    }
    const rows = processesWithSession(ctx, prog);
    ctx.stdout(isBusybox(ctx) ? busyboxScreen(ctx, rows, limit) : procpsScreen(ctx, rows, limit));
    return 0;
  },
});

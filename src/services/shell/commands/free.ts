/** free(1): procps-ng's table (its column width and "used" formula by release) or BusyBox's. */
import type { CommandContext } from '../command.js';
import { memorySnapshot } from '../vfs/system-state.js';
import { coreTool } from './lib/availability.js';
import { procpsHuman } from './lib/format.js';
import { defineCommand, isBusybox, parseOrReport } from './lib/program.js';

const OPTIONS = [
  { key: 'b', short: 'b', long: 'bytes' },
  { key: 'k', short: 'k', long: 'kibi' },
  { key: 'm', short: 'm', long: 'mebi' },
  { key: 'g', short: 'g', long: 'gibi' },
  { key: 'kilo', long: 'kilo' },
  { key: 'mega', long: 'mega' },
  { key: 'giga', long: 'giga' },
  { key: 'h', short: 'h', long: 'human' },
  { key: 'si', long: 'si' },
  { key: 'l', short: 'l', long: 'lohi' },
  { key: 't', short: 't', long: 'total' },
  { key: 'w', short: 'w', long: 'wide' },
  { key: 's', short: 's', long: 'seconds', arg: 'required' },
  { key: 'c', short: 'c', long: 'count', arg: 'required' },
  { key: 'help', long: 'help' },
  { key: 'version', short: 'V', long: 'version' },
] as const;

/** procps before 3.3.17 (CentOS 7, Ubuntu 20.04) labels in 7 columns, later ones in 8. */
function labelWidth(ctx: CommandContext): number {
  return ['centos7', 'ubuntu20'].includes(ctx.machine.distro.name) ? 7 : 8;
}

/** procps-ng 4 counts "used" as total minus available; 3.3 as total minus free, buffers and cache. */
function usedFromAvailable(ctx: CommandContext): boolean {
  return ['debian12', 'kali', 'arch', 'fedora39'].includes(ctx.machine.distro.name);
}

export const freeCommand = defineCommand({
  name: 'free',
  path: '/usr/bin/free',
  availableOn: coreTool('free'),
  run: (ctx) => {
    const parsed = parseOrReport(ctx, 'free', OPTIONS, { gnuStatus: 1, busybox: '[-bkmgh]' });
    if (!parsed.ok) return parsed.status;
    const { args } = parsed;
    if (args.has('version')) {
      ctx.stdout(
        `free from procps-ng ${ctx.machine.distro.name === 'debian12' ? '4.0.2' : ctx.machine.distro.name === 'centos7' ? '3.3.10' : '3.3.17'}\n`,
      );
      return 0;
    }
    if (args.has('help')) {
      ctx.stdout(
        '\nUsage:\n free [options]\n\nOptions:\n -b, --bytes         show output in bytes\n     --kilo          show output in kilobytes\n     --mega          show output in megabytes\n     --giga          show output in gigabytes\n     --tera          show output in terabytes\n     --peta          show output in petabytes\n -k, --kibi          show output in kibibytes\n -m, --mebi          show output in mebibytes\n -g, --gibi          show output in gibibytes\n     --tebi          show output in tebibytes\n     --pebi          show output in pebibytes\n -h, --human         show human-readable output\n     --si            use powers of 1000 not 1024\n -l, --lohi          show detailed low and high memory statistics\n -t, --total         show total for RAM + swap\n -s N, --seconds N   repeat printing every N seconds\n -c N, --count N     repeat printing N times, then exit\n -w, --wide          wide output\n\n     --help     display this help and exit\n -V, --version  output version information and exit\n\nFor more details see free(1).\n',
      );
      return 0;
    }
    const m = memorySnapshot(ctx.machine, ctx.clock.now());
    const buffCache = m.buffersKiB + m.cachedKiB + m.sReclaimableKiB;
    const used = usedFromAvailable(ctx) ? m.totalKiB - m.availableKiB : m.totalKiB - m.freeKiB - buffCache;
    const swapUsed = m.swapTotalKiB - m.swapFreeKiB;
    if (isBusybox(ctx)) {
      const k = (n: number) =>
        String(args.has('m') ? Math.floor(n / 1024) : args.has('g') ? Math.floor(n / 1048576) : n).padStart(
          11,
        );
      ctx.stdout(
        `       ${['total', 'used', 'free', 'shared', 'buff/cache', 'available'].map((h) => h.padStart(11)).join('')}\n` +
          `Mem:   ${k(m.totalKiB)}${k(m.totalKiB - m.freeKiB - buffCache)}${k(m.freeKiB)}${k(m.shmemKiB)}${k(buffCache)}${k(m.availableKiB)}\n` +
          `Swap:  ${k(m.swapTotalKiB)}${k(swapUsed)}${k(m.swapFreeKiB)}\n`,
      );
      return 0;
    }
    const si = args.has('si');
    const divisor = args.has('b')
      ? 1 / 1024
      : args.has('m')
        ? 1024
        : args.has('g')
          ? 1024 * 1024
          : args.has('mega')
            ? (1000 * 1000) / 1024
            : args.has('giga')
              ? 1e9 / 1024
              : args.has('kilo')
                ? 1000 / 1024
                : 1;
    const human = args.has('h');
    const cell = (kib: number) =>
      (human ? procpsHuman(kib, si) : String(Math.floor(kib / divisor))).padStart(12);
    const lw = labelWidth(ctx);
    const wide = args.has('w');
    const header = wide
      ? ['total', 'used', 'free', 'shared', 'buffers', 'cache', 'available']
      : ['total', 'used', 'free', 'shared', 'buff/cache', 'available'];
    let out = `${' '.repeat(lw)}${header.map((h) => h.padStart(12)).join('')}\n`;
    const memCells = wide
      ? [
          m.totalKiB,
          used,
          m.freeKiB,
          m.shmemKiB,
          m.buffersKiB,
          m.cachedKiB + m.sReclaimableKiB,
          m.availableKiB,
        ]
      : [m.totalKiB, used, m.freeKiB, m.shmemKiB, buffCache, m.availableKiB];
    out += `${'Mem:'.padEnd(lw)}${memCells.map(cell).join('')}\n`;
    out += `${'Swap:'.padEnd(lw)}${[m.swapTotalKiB, swapUsed, m.swapFreeKiB].map(cell).join('')}\n`;
    if (args.has('t'))
      out += `${'Total:'.padEnd(lw)}${[m.totalKiB + m.swapTotalKiB, used + swapUsed, m.freeKiB + m.swapFreeKiB].map(cell).join('')}\n`;
    ctx.stdout(out);
    return 0;
  },
});

/** uptime(1) (procps; BusyBox's on Alpine and firmware), from the machine's boot time and load. */
import type { CommandContext } from '../command.js';
import { familyOf } from '../machine.js';
import { loadAverage, uptimeSeconds } from '../vfs/system-state.js';
import { coreTool } from './lib/availability.js';
import { strftime, uptimeText } from './lib/format.js';
import { defineCommand, isBusybox, parseOrReport } from './lib/program.js';

const OPTIONS = [
  { key: 'p', short: 'p', long: 'pretty' },
  { key: 's', short: 's', long: 'since' },
  { key: 'help', short: 'h', long: 'help' },
  { key: 'version', short: 'V', long: 'version' },
] as const;

/** The first line of `uptime`, `w` and `top`: " 10:15:32 up 72 days,  5:03,  1 user,  load average: …". */
export function uptimeLine(ctx: CommandContext, users: number | null): string {
  const now = ctx.clock.now();
  const [a, b, c] = loadAverage(ctx.machine, now);
  const up = uptimeText(uptimeSeconds(ctx.machine, now));
  // procps: "up %s, " then "%2d user%s, " then " load average: …"; BusyBox leaves the users out.
  const userPart =
    users === null ? ' ' : `${String(users).padStart(2, ' ')} user${users === 1 ? '' : 's'},  `;
  return ` ${strftime('%H:%M:%S', now)} up ${up}, ${userPart}load average: ${a.toFixed(2)}, ${b.toFixed(2)}, ${c.toFixed(2)}`;
}

/**
 * FreeBSD's first line of `uptime` and `w` (w.c pr_header): "10:15AM  up 72 days,  5:03, 1 user, load
 * averages: 0.12, 0.08, 0.05" — 12-hour time in the C locale, minutes rounded, "load averages".
 */
export function freebsdUptimeLine(ctx: CommandContext, users: number): string {
  const now = ctx.clock.now();
  const [a, b, c] = loadAverage(ctx.machine, now);
  let up = uptimeSeconds(ctx.machine, now);
  if (up > 60) up += 30;
  const days = Math.floor(up / 86_400);
  const hours = Math.floor((up % 86_400) / 3600);
  const minutes = Math.floor((up % 3600) / 60);
  let text = ' up';
  if (days > 0) text += ` ${days} day${days === 1 ? '' : 's'},`;
  if (hours > 0 && minutes > 0) text += ` ${String(hours).padStart(2)}:${String(minutes).padStart(2, '0')},`;
  else if (hours > 0) text += ` ${hours} hr${hours === 1 ? '' : 's'},`;
  else if (minutes > 0) text += ` ${minutes} min${minutes === 1 ? '' : 's'},`;
  else text += ` ${Math.floor(up)} sec${Math.floor(up) === 1 ? '' : 's'},`;
  return `${strftime('%l:%M%p', now)} ${text} ${users} user${users === 1 ? '' : 's'}, load averages: ${a.toFixed(2)}, ${b.toFixed(2)}, ${c.toFixed(2)}`;
}

/** `uptime -p`: "up 10 weeks, 2 days, 5 hours, 3 minutes". */
function pretty(seconds: number): string {
  const units: Array<[number, string]> = [
    [52 * 7 * 86_400, 'year'],
    [7 * 86_400, 'week'],
    [86_400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  let rest = Math.floor(seconds);
  const parts: string[] = [];
  for (const [size, name] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n} ${name}${n === 1 ? '' : 's'}`);
  }
  return `up ${parts.length > 0 ? parts.join(', ') : '0 minutes'}`;
}

export const uptimeCommand = defineCommand({
  name: 'uptime',
  path: '/usr/bin/uptime',
  availableOn: coreTool('uptime'),
  run: (ctx) => {
    if (familyOf(ctx.machine.distro) === 'bsd') {
      ctx.stdout(`${freebsdUptimeLine(ctx, 1)}\n`);
      return 0;
    }
    const parsed = parseOrReport(ctx, 'uptime', OPTIONS, { gnuStatus: 1, busybox: '' });
    if (!parsed.ok) return parsed.status;
    const { args } = parsed;
    if (args.has('version')) {
      ctx.stdout('uptime from procps-ng 4.0.2\n');
      return 0;
    }
    if (args.has('help')) {
      ctx.stdout(
        '\nUsage:\n uptime [options]\n\nOptions:\n -p, --pretty   show uptime in pretty format\n -h, --help     display this help and exit\n -s, --since    system up since\n -V, --version  output version information and exit\n\nFor more details see uptime(1).\n',
      );
      return 0;
    }
    const now = ctx.clock.now();
    if (args.has('p')) ctx.stdout(`${pretty(uptimeSeconds(ctx.machine, now))}\n`);
    else if (args.has('s')) ctx.stdout(`${strftime('%Y-%m-%d %H:%M:%S', ctx.machine.bootMs)}\n`);
    else ctx.stdout(`${uptimeLine(ctx, isBusybox(ctx) ? null : 1)}\n`);
    return 0;
  },
});

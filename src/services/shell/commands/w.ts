/** w(1) (procps): the uptime line and the attacker's own login, with what it is running. */
import type { CommandContext } from '../command.js';
import { familyOf } from '../machine.js';
import { coreTool } from './lib/availability.js';
import { strftime } from './lib/format.js';
import { defineCommand, parseOrReport } from './lib/program.js';
import { sessionInfo } from './lib/session.js';
import { freebsdUptimeLine, uptimeLine } from './uptime.js';

const OPTIONS = [
  { key: 'h', short: 'h', long: 'no-header' },
  { key: 'u', short: 'u', long: 'no-current' },
  { key: 's', short: 's', long: 'short' },
  { key: 'f', short: 'f', long: 'from' },
  { key: 'o', short: 'o', long: 'old-style' },
  { key: 'i', short: 'i', long: 'ip-addr' },
  { key: 'help', long: 'help' },
  { key: 'version', short: 'V', long: 'version' },
] as const;

/** procps' 7-character interval: " 1.00s", " 3:05 ", " 2:03m", " 3days". */
export function interval7(seconds: number, centi = 0): string {
  const t = Math.floor(seconds);
  if (t >= 48 * 3600) return ` ${String(Math.floor(t / 86_400)).padStart(2)}days`;
  if (t >= 3600)
    return ` ${String(Math.floor(t / 3600)).padStart(2)}:${String(Math.floor(t / 60) % 60).padStart(2, '0')}m`;
  if (t > 60) return ` ${String(Math.floor(t / 60)).padStart(2)}:${String(t % 60).padStart(2, '0')} `;
  return ` ${String(t).padStart(2)}.${String(centi).padStart(2, '0')}s`;
}

/** procps' login time column: " 10:12  " today, " Tue09  " this week, " 27Nov24" before. */
export function loginTime(loginAt: number, now: number): string {
  const sameDay = strftime('%j%Y', loginAt) === strftime('%j%Y', now);
  if (now - loginAt > 12 * 3600_000 && !sameDay) {
    if (now - loginAt > 6 * 86_400_000) return ` ${strftime('%d%b%y', loginAt)}`;
    return ` ${strftime('%a%H', loginAt)}  `;
  }
  return ` ${strftime('%H:%M', loginAt)}  `;
}

export function wLines(
  ctx: CommandContext,
  what: string,
  options: { header: boolean; short: boolean; from: boolean },
): string {
  const info = sessionInfo(ctx);
  const now = ctx.clock.now();
  let out = '';
  if (options.header) {
    out += `${uptimeLine(ctx, 1)}\n`;
    out += options.short
      ? `USER     TTY      ${options.from ? 'FROM             ' : ''} IDLE WHAT\n`
      : `USER     TTY      ${options.from ? 'FROM             ' : ''}LOGIN@   IDLE   JCPU   PCPU WHAT\n`;
  }
  const idle = Math.max(0, (now - info.loginAt) / 1000) % 7;
  const row =
    ctx.user.name.slice(0, 8).padEnd(9) +
    (info.tty ?? '?').slice(0, 8).padEnd(9) +
    (options.from ? (info.from ?? '-').slice(0, 16).padEnd(16) : '') +
    (options.short ? '' : loginTime(info.loginAt, now)) +
    interval7(idle, 0) +
    (options.short ? '' : `${interval7(0, 2 + ctx.history.length)}${interval7(0, 0)}`) +
    ` ${what}`;
  return `${out}${row}\n`;
}

/** FreeBSD's w (w.c): USER 10 wide, TTY without "tty", FROM 16, LOGIN@ in 12-hour time, IDLE "-" under a minute. */
function freebsdW(ctx: CommandContext): number {
  const info = sessionInfo(ctx);
  const now = ctx.clock.now();
  const header = !ctx.argv.slice(1).some((a) => a.startsWith('-') && a.includes('h'));
  const loginAt =
    now - info.loginAt < 86_400_000
      ? strftime('%l:%M%p', info.loginAt).trimStart()
      : strftime('%a%I%p', info.loginAt);
  const row = `${ctx.user.name.padEnd(10)} ${(info.tty ?? '-').padEnd(8)} ${(info.from ?? '-').padEnd(15)} ${loginAt.padStart(7)}     - ${ctx.argv.join(' ')}`;
  ctx.stdout(
    `${header ? `${freebsdUptimeLine(ctx, 1)}\nUSER       TTY      FROM            LOGIN@  IDLE WHAT\n` : ''}${row}\n`,
  );
  return 0;
}

export const wCommand = defineCommand({
  name: 'w',
  path: '/usr/bin/w',
  availableOn: coreTool('w'),
  run: (ctx) => {
    if (familyOf(ctx.machine.distro) === 'bsd') return freebsdW(ctx);
    const parsed = parseOrReport(ctx, 'w', OPTIONS, { gnuStatus: 1, busybox: '' });
    if (!parsed.ok) return parsed.status;
    const { args } = parsed;
    if (args.has('version')) {
      ctx.stdout('w from procps-ng 4.0.2\n');
      return 0;
    }
    const wanted = args.operands[0];
    if (wanted !== undefined && wanted !== ctx.user.name) {
      ctx.stdout(
        args.has('h')
          ? ''
          : `${uptimeLine(ctx, 1)}\nUSER     TTY      FROM             LOGIN@   IDLE   JCPU   PCPU WHAT\n`,
      );
      return 0;
    }
    ctx.stdout(
      wLines(ctx, ctx.argv.join(' '), { header: !args.has('h'), short: args.has('s'), from: !args.has('f') }),
    );
    return 0;
  },
});

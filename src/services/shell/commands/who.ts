/** who(1) (coreutils): the attacker's own login, the boot time with -b. */
import type { CommandContext } from '../command.js';
import { coreTool } from './lib/availability.js';
import { strftime, timeLocale } from './lib/format.js';
import { coreutilsVersion, defineCommand, parseOrReport } from './lib/program.js';
import { sessionInfo } from './lib/session.js';

const OPTIONS = [
  { key: 'a', short: 'a', long: 'all' },
  { key: 'b', short: 'b', long: 'boot' },
  { key: 'H', short: 'H', long: 'heading' },
  { key: 'q', short: 'q', long: 'count' },
  { key: 'r', short: 'r', long: 'runlevel' },
  { key: 'm', short: 'm' },
  { key: 's', short: 's', long: 'short' },
  { key: 'u', short: 'u', long: 'users' },
  { key: 'help', long: 'help' },
  { key: 'version', long: 'version' },
] as const;

function timeColumn(ctx: CommandContext, ms: number): string {
  // coreutils uses ISO times in any locale but C, where it prints "Nov 27 10:12".
  return timeLocale(ctx) === 'C' && !ctx.env.get('LANG')?.includes('UTF-8')
    ? strftime('%b %e %H:%M', ms)
    : strftime('%Y-%m-%d %H:%M', ms);
}

export const whoCommand = defineCommand({
  name: 'who',
  path: '/usr/bin/who',
  availableOn: coreTool('who'),
  run: (ctx) => {
    const parsed = parseOrReport(ctx, 'who', OPTIONS, { gnuStatus: 1, busybox: '[-a]' });
    if (!parsed.ok) return parsed.status;
    const { args } = parsed;
    if (args.has('version')) {
      ctx.stdout(coreutilsVersion(ctx, 'who', 'Joseph Arceneaux, David MacKenzie, and Michael Stone'));
      return 0;
    }
    const info = sessionInfo(ctx);
    const line = info.tty ?? 'pts/0';
    const me = `${ctx.user.name.padEnd(8)} ${line.padEnd(12)} ${timeColumn(ctx, info.loginAt)}${info.from ? ` (${info.from})` : ''}\n`;
    if (args.has('q')) {
      ctx.stdout(`${ctx.user.name}\n# users=1\n`);
      return 0;
    }
    let out = '';
    if (args.has('H')) out += 'NAME     LINE         TIME             COMMENT\n';
    if (args.has('b') || args.has('a'))
      out += `         system boot  ${timeColumn(ctx, ctx.machine.bootMs)}\n`;
    if (args.has('r') || args.has('a'))
      out += `         run-level 5  ${timeColumn(ctx, ctx.machine.bootMs + 7000)}\n`;
    const only = args.has('b') || args.has('r');
    // `who am i` / `who -m`: only the terminal asking.
    if (!only) out += me;
    ctx.stdout(out);
    return 0;
  },
});

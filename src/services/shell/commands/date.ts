/** date(1) and sleep(1). */
import { coreTool } from './lib/availability.js';
import { parseDate } from './lib/dates.js';
import { defaultDate, strftime, timeLocale } from './lib/format.js';
import { COMMAND_LIMITS } from './lib/limits.js';
import { absolute, defineCommand, isBusybox, progName, quote } from './lib/program.js';

export const dateCommand = defineCommand({
  name: 'date',
  path: '/usr/bin/date',
  availableOn: coreTool('date'),
  run: (ctx) => {
    const prog = progName(ctx, 'date');
    const args = ctx.argv.slice(1);
    let when = ctx.clock.now();
    let format: string | null = null;
    let setTo: string | null = null;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      const value = () => (a.includes('=') ? a.slice(a.indexOf('=') + 1) : (args[++i] ?? ''));
      if (a.startsWith('+')) format = a.slice(1);
      else if (a === '-d' || a.startsWith('--date')) {
        const text = value();
        const ms = parseDate(text, ctx.clock.now());
        if (ms === null) {
          ctx.stderr(`${prog}: invalid date ${quote(text)}\n`);
          return 1;
        }
        when = ms;
      } else if (a.startsWith('-d') && a.length > 2) {
        const ms = parseDate(a.slice(2), ctx.clock.now());
        if (ms === null) {
          ctx.stderr(`${prog}: invalid date ${quote(a.slice(2))}\n`);
          return 1;
        }
        when = ms;
      } else if (a === '-r' || a.startsWith('--reference')) {
        const file = value();
        const st = ctx.fs.stat(absolute(ctx, file));
        if (!st) {
          ctx.stderr(`${prog}: ${file}: No such file or directory\n`);
          return 1;
        }
        when = st.mtimeMs;
      } else if (a === '-u' || a === '--utc' || a === '--universal') continue;
      else if (a === '-R' || a === '--rfc-email' || a === '--rfc-2822') format = '%a, %d %b %Y %H:%M:%S %z';
      else if (a === '-I' || a.startsWith('--iso-8601') || a.startsWith('-I')) {
        const spec = a.includes('=') ? a.slice(a.indexOf('=') + 1) : a.slice(2);
        format =
          spec === 'seconds'
            ? '%Y-%m-%dT%H:%M:%S%:z'
            : spec === 'minutes'
              ? '%Y-%m-%dT%H:%M%:z'
              : spec === 'hours'
                ? '%Y-%m-%dT%H%:z'
                : spec === 'ns'
                  ? '%Y-%m-%dT%H:%M:%S,%N%:z'
                  : '%Y-%m-%d';
      } else if (a === '-s' || a.startsWith('--set')) setTo = value();
      else if (a === '--version') {
        ctx.stdout('date (GNU coreutils) 9.1\n');
        return 0;
      } else if (a.startsWith('-')) {
        ctx.stderr(
          `${prog}: invalid option -- '${a.slice(1, 2)}'\nTry '${prog} --help' for more information.\n`,
        );
        return 1;
      } else if (ctx.user.uid !== 0) {
        ctx.stderr(`${prog}: cannot set date: Operation not permitted\n`);
        return 1;
      }
    }
    if (setTo !== null) {
      const ms = parseDate(setTo, ctx.clock.now());
      if (ms === null) {
        ctx.stderr(`${prog}: invalid date ${quote(setTo)}\n`);
        return 1;
      }
      if (ctx.user.uid !== 0) {
        ctx.stderr(`${prog}: cannot set date: Operation not permitted\n`);
        return 1;
      }
      when = ms;
    }
    const locale = isBusybox(ctx) ? 'C' : timeLocale(ctx);
    const nanos = (ctx.clock.now() % 1000) * 1_000_000 + 123_456;
    ctx.stdout(
      `${format !== null ? strftime(format, when, locale, nanos) : defaultDate(when, locale, ctx.machine.distro.name === 'centos7')}\n`,
    );
    return 0;
  },
});

/** "1.5", "2m", "1h30m" … in seconds; null when invalid. */
function interval(text: string): number | null {
  const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(text);
  if (!m) return text === 'inf' || text === 'infinity' ? Number.POSITIVE_INFINITY : null;
  return Number(m[1]) * { s: 1, '': 1, m: 60, h: 3600, d: 86_400 }[m[2] as 's']!;
}

export const sleepCommand = defineCommand({
  name: 'sleep',
  path: '/usr/bin/sleep',
  availableOn: coreTool('sleep'),
  run: async (ctx) => {
    const prog = progName(ctx, 'sleep');
    const args = ctx.argv.slice(1);
    if (args.length === 0) {
      ctx.stderr(`${prog}: missing operand\nTry '${prog} --help' for more information.\n`);
      return 1;
    }
    let total = 0;
    for (const a of args) {
      const s = interval(a);
      if (s === null) {
        ctx.stderr(
          isBusybox(ctx)
            ? `${prog}: invalid number '${a}'\n`
            : `${prog}: invalid time interval ${quote(a)}\nTry '${prog} --help' for more information.\n`,
        );
        return 1;
      }
      total += s;
    }
    await ctx.sleep(Math.min(total, COMMAND_LIMITS.maxSleepSeconds) * 1000);
    return 0;
  },
});

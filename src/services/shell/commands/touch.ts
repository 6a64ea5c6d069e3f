/** touch(1): creates empty files and sets modification times (-d, -t, -r, -c). */
import { coreTool } from './lib/availability.js';
import { parseDate, parseTouchStamp } from './lib/dates.js';
import {
  absolute,
  codeOf,
  coreutilsVersion,
  defineCommand,
  errorText,
  isBusybox,
  parseOrReport,
  quote,
} from './lib/program.js';

const OPTIONS = [
  { key: 'a', short: 'a' },
  { key: 'c', short: 'c', long: 'no-create' },
  { key: 'd', short: 'd', long: 'date', arg: 'required' },
  { key: 'f', short: 'f' },
  { key: 'h', short: 'h', long: 'no-dereference' },
  { key: 'm', short: 'm' },
  { key: 'r', short: 'r', long: 'reference', arg: 'required' },
  { key: 't', short: 't', arg: 'required' },
  { key: 'time', long: 'time', arg: 'required' },
  { key: 'help', long: 'help' },
  { key: 'version', long: 'version' },
] as const;

export const touchCommand = defineCommand({
  name: 'touch',
  path: '/usr/bin/touch',
  availableOn: coreTool('touch'),
  run: (ctx) => {
    const parsed = parseOrReport(ctx, 'touch', OPTIONS, {
      gnuStatus: 1,
      busybox: '[-c] [-d DATE] [-t DATE] [-r FILE] FILE...',
    });
    if (!parsed.ok) return parsed.status;
    const { args, prog } = parsed;
    if (args.has('version')) {
      ctx.stdout(
        coreutilsVersion(
          ctx,
          'touch',
          'Paul Rubin, Arnold Robbins, Jim Kingdon,\nDavid MacKenzie, and Randy Smith',
        ),
      );
      return 0;
    }
    const busybox = isBusybox(ctx);
    if (args.operands.length === 0) {
      ctx.stderr(`${prog}: missing file operand\nTry '${prog} --help' for more information.\n`);
      return 1;
    }
    const now = ctx.clock.now();
    let when = now;
    const date = args.value('d');
    const stamp = args.value('t');
    const reference = args.value('r');
    if (date !== undefined) {
      const ms = parseDate(date, now);
      if (ms === null) {
        ctx.stderr(`${prog}: invalid date format ${quote(date)}\n`);
        return 1;
      }
      when = ms;
    } else if (stamp !== undefined) {
      const ms = parseTouchStamp(stamp, now);
      if (ms === null) {
        ctx.stderr(`${prog}: invalid date format ${quote(stamp)}\n`);
        return 1;
      }
      when = ms;
    } else if (reference !== undefined) {
      try {
        const st = ctx.fs.stat(absolute(ctx, reference));
        if (!st) throw new Error('ENOENT');
        when = st.mtimeMs;
      } catch {
        ctx.stderr(`${prog}: failed to get attributes of ${quote(reference)}: No such file or directory\n`);
        return 1;
      }
    }
    let status = 0;
    for (const operand of args.operands) {
      const path = absolute(ctx, operand);
      try {
        const st = ctx.fs.stat(path);
        if (!st) {
          if (args.has('c')) continue;
          ctx.fs.writeFile(path, Buffer.alloc(0));
        }
        ctx.fs.utimes(path, when);
      } catch (err) {
        const text = errorText(codeOf(err));
        ctx.stderr(
          busybox ? `${prog}: ${operand}: ${text}\n` : `${prog}: cannot touch ${quote(operand)}: ${text}\n`,
        );
        status = 1;
      }
    }
    return status;
  },
});

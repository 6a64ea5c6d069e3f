/**
 * timeout(1): checks its operands as coreutils does and runs the command through the shell. The limit
 * is not enforced: the shell cannot stop a command it started, and emulated ones end within their bounds.
 */
import { coreTool } from './lib/availability.js';
import { coreutilsVersion, defineCommand, parseOrReport } from './lib/program.js';

/** A duration as timeout(1) reads it: a number with an optional s/m/h/d suffix, in milliseconds. */
function duration(text: string): number | null {
  const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(text);
  if (!m) return null;
  const factor = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as ''];
  return Number(m[1]) * factor;
}

export const timeoutCommand = defineCommand({
  name: 'timeout',
  path: '/usr/bin/timeout',
  availableOn: coreTool('timeout'),
  run: async (ctx) => {
    const parsed = parseOrReport(
      ctx,
      'timeout',
      [
        { key: 's', short: 's', long: 'signal', arg: 'required' },
        { key: 'k', short: 'k', long: 'kill-after', arg: 'required' },
        { key: 'preserve', long: 'preserve-status' },
        { key: 'foreground', long: 'foreground' },
        { key: 'v', short: 'v', long: 'verbose' },
        { key: 'help', long: 'help' },
        { key: 'version', long: 'version' },
      ],
      { gnuStatus: 125, busybox: '[-s SIG] [-k KILL_SECS] SECS PROG ARGS' },
      { stopAtOperand: true },
    );
    if (!parsed.ok) return parsed.status;
    const { args, prog } = parsed;
    if (args.has('version')) {
      ctx.stdout(coreutilsVersion(ctx, 'timeout', 'Padraig Brady'));
      return 0;
    }
    const [limitText, ...command] = args.operands;
    if (limitText === undefined || command.length === 0) {
      ctx.stderr(
        `${prog}: missing operand${limitText === undefined ? '' : ` after '${limitText}'`}\nTry '${prog} --help' for more information.\n`,
      );
      return 125;
    }
    if (duration(limitText) === null) {
      ctx.stderr(
        `${prog}: invalid time interval '${limitText}'\nTry '${prog} --help' for more information.\n`,
      );
      return 125;
    }
    // Emulated programs end within their own bounds; the limit is not enforced on them.
    return ctx.run(command);
  },
});

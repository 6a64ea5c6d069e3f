/** yes(1) and seq(1), both bounded in output. */
import { coreTool } from './lib/availability.js';
import { COMMAND_LIMITS } from './lib/limits.js';
import { defineCommand, progName, quote } from './lib/program.js';

export const yesCommand = defineCommand({
  name: 'yes',
  path: '/usr/bin/yes',
  availableOn: coreTool('yes'),
  run: (ctx) => {
    const line = `${ctx.argv.length > 1 ? ctx.argv.slice(1).join(' ') : 'y'}\n`;
    // A real yes runs until its reader goes away; here the reader gets a bounded number of lines.
    ctx.stdout(
      line.repeat(
        Math.min(COMMAND_LIMITS.maxYesLines, Math.floor(COMMAND_LIMITS.maxOutputBytes / line.length)),
      ),
    );
    return 0;
  },
});

export const seqCommand = defineCommand({
  name: 'seq',
  path: '/usr/bin/seq',
  availableOn: coreTool('seq'),
  run: (ctx) => {
    const prog = progName(ctx, 'seq');
    const args = ctx.argv.slice(1);
    let separator = '\n';
    let equalWidth = false;
    let format: string | null = null;
    const nums: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '-s' || a === '--separator') separator = args[++i] ?? '\n';
      else if (a.startsWith('-s') && a.length > 2) separator = a.slice(2);
      else if (a === '-w' || a === '--equal-width') equalWidth = true;
      else if (a === '-f' || a === '--format') format = args[++i] ?? null;
      else nums.push(a);
    }
    if (nums.length === 0 || nums.length > 3) {
      ctx.stderr(
        nums.length === 0
          ? `${prog}: missing operand\nTry '${prog} --help' for more information.\n`
          : `${prog}: extra operand ${quote(nums[3]!)}\nTry '${prog} --help' for more information.\n`,
      );
      return 1;
    }
    const values = nums.map(Number);
    const bad = nums.find((_, i) => Number.isNaN(values[i]));
    if (bad !== undefined) {
      ctx.stderr(
        `${prog}: invalid floating point argument: ${quote(bad)}\nTry '${prog} --help' for more information.\n`,
      );
      return 1;
    }
    const [first, step, last] =
      values.length === 1
        ? [1, 1, values[0]!]
        : values.length === 2
          ? [values[0]!, 1, values[1]!]
          : [values[0]!, values[1]!, values[2]!];
    if (step === 0) {
      ctx.stderr(
        `${prog}: invalid Zero increment value: ${quote(nums[1]!)}\nTry '${prog} --help' for more information.\n`,
      );
      return 1;
    }
    const decimals = Math.max(...nums.map((n) => (n.includes('.') ? n.length - n.indexOf('.') - 1 : 0)));
    const width = equalWidth
      ? Math.max(String(first.toFixed(decimals)).length, String(last.toFixed(decimals)).length)
      : 0;
    const out: string[] = [];
    for (let v = first, n = 0; step > 0 ? v <= last + 1e-9 : v >= last - 1e-9; v = first + ++n * step) {
      if (out.length >= COMMAND_LIMITS.maxSeqLines) break;
      let text = decimals > 0 ? v.toFixed(decimals) : String(Math.round(v));
      if (format)
        text = format.replace(/%(\d*)(?:\.(\d+))?[fgde]/, (_, w, p) =>
          v.toFixed(p ? Number(p) : 6).padStart(Number(w || 0)),
        );
      out.push(equalWidth ? text.padStart(width, '0') : text);
    }
    if (out.length > 0) ctx.stdout(`${out.join(separator)}\n`);
    return 0;
  },
});

/** tac(1) and rev(1): lines in reverse order, characters of each line reversed. */
import { coreTool } from './lib/availability.js';
import { coreutilsVersion, defineCommand, parseOrReport, readInputs, splitLines } from './lib/program.js';

export const tacCommand = defineCommand({
  name: 'tac',
  path: '/usr/bin/tac',
  availableOn: coreTool('tac'),
  run: (ctx) => {
    const parsed = parseOrReport(
      ctx,
      'tac',
      [
        { key: 'help', long: 'help' },
        { key: 'version', long: 'version' },
      ],
      { gnuStatus: 1, busybox: '[FILE]...' },
    );
    if (!parsed.ok) return parsed.status;
    const { args, prog } = parsed;
    if (args.has('version')) {
      ctx.stdout(coreutilsVersion(ctx, 'tac', 'Jay Lepreau and David MacKenzie'));
      return 0;
    }
    const { inputs, failed } = readInputs(ctx, prog, args.operands);
    for (const input of inputs) {
      const lines = splitLines(input.data);
      ctx.stdout(
        lines
          .reverse()
          .map((l) => `${l}\n`)
          .join(''),
      );
    }
    return failed ? 1 : 0;
  },
});

export const revCommand = defineCommand({
  name: 'rev',
  path: '/usr/bin/rev',
  availableOn: coreTool('rev'),
  run: (ctx) => {
    const parsed = parseOrReport(ctx, 'rev', [], { gnuStatus: 1, busybox: '[FILE]...' });
    if (!parsed.ok) return parsed.status;
    const { inputs, failed } = readInputs(ctx, parsed.prog, parsed.args.operands);
    for (const input of inputs)
      ctx.stdout(
        splitLines(input.data)
          .map((l) => `${[...l].reverse().join('')}\n`)
          .join(''),
      );
    return failed ? 1 : 0;
  },
});

/** base64(1) (and base32 is not needed): encode with line wrapping, decode with -d (-i ignores garbage). */
import { coreTool } from './lib/availability.js';
import { coreutilsVersion, defineCommand, isBusybox, parseOrReport, readInputs } from './lib/program.js';

export const base64Command = defineCommand({
  name: 'base64',
  path: '/usr/bin/base64',
  availableOn: coreTool('base64'),
  run: (ctx) => {
    const parsed = parseOrReport(
      ctx,
      'base64',
      [
        { key: 'd', short: 'd', long: 'decode' },
        { key: 'i', short: 'i', long: 'ignore-garbage' },
        { key: 'w', short: 'w', long: 'wrap', arg: 'required' },
        { key: 'help', long: 'help' },
        { key: 'version', long: 'version' },
      ],
      { gnuStatus: 1, busybox: '[-d] [-w COL] [FILE]' },
    );
    if (!parsed.ok) return parsed.status;
    const { args, prog } = parsed;
    if (args.has('version')) {
      ctx.stdout(coreutilsVersion(ctx, 'base64', 'Simon Josefsson'));
      return 0;
    }
    if (args.operands.length > 1) {
      ctx.stderr(
        `${prog}: extra operand '${args.operands[1]}'\nTry '${prog} --help' for more information.\n`,
      );
      return 1;
    }
    const { inputs, failed } = readInputs(ctx, prog, args.operands);
    if (failed) return 1;
    const data = Buffer.concat(inputs.map((i) => i.data));
    if (args.has('d')) {
      let text = data.toString('latin1');
      if (args.has('i')) text = text.replace(/[^A-Za-z0-9+/=]/g, '');
      else text = text.replace(/\n/g, '');
      const valid = /^[A-Za-z0-9+/]*={0,2}$/.test(text);
      // Decode what is valid, then complain, as coreutils does on bad input.
      const good = valid ? text : text.slice(0, text.search(/[^A-Za-z0-9+/=]/));
      ctx.stdout(Buffer.from(good.slice(0, good.length - (good.length % 4 === 1 ? 1 : 0)), 'base64'));
      if (!valid || text.length % 4 === 1) {
        ctx.stderr(isBusybox(ctx) ? `${prog}: invalid input\n` : `${prog}: invalid input\n`);
        return 1;
      }
      return 0;
    }
    const wrap = args.value('w') !== undefined ? Number(args.value('w')) : 76;
    if (Number.isNaN(wrap) || wrap < 0) {
      ctx.stderr(`${prog}: invalid wrap size: '${args.value('w')}'\n`);
      return 1;
    }
    const encoded = data.toString('base64');
    if (wrap === 0) ctx.stdout(encoded);
    else {
      let out = '';
      for (let i = 0; i < encoded.length; i += wrap) out += `${encoded.slice(i, i + wrap)}\n`;
      ctx.stdout(out);
    }
    return 0;
  },
});

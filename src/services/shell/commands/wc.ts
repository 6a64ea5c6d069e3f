/** wc(1): lines, words, bytes, characters and the longest line, with GNU's column width rule. */
import { coreTool } from './lib/availability.js';
import { coreutilsVersion, defineCommand, isBusybox, parseOrReport, readInputs } from './lib/program.js';

const OPTIONS = [
  { key: 'l', short: 'l', long: 'lines' },
  { key: 'w', short: 'w', long: 'words' },
  { key: 'c', short: 'c', long: 'bytes' },
  { key: 'm', short: 'm', long: 'chars' },
  { key: 'L', short: 'L', long: 'max-line-length' },
  { key: 'help', long: 'help' },
  { key: 'version', long: 'version' },
] as const;

export const wcCommand = defineCommand({
  name: 'wc',
  path: '/usr/bin/wc',
  availableOn: coreTool('wc'),
  run: (ctx) => {
    const parsed = parseOrReport(ctx, 'wc', OPTIONS, { gnuStatus: 1, busybox: '[-cmlwL] [FILE]...' });
    if (!parsed.ok) return parsed.status;
    const { args, prog } = parsed;
    if (args.has('version')) {
      ctx.stdout(coreutilsVersion(ctx, 'wc', 'Paul Rubin and David MacKenzie'));
      return 0;
    }
    const { inputs, failed } = readInputs(ctx, prog, args.operands);
    const selected = ['l', 'w', 'm', 'c', 'L'].filter((k) => args.has(k));
    const fields = selected.length > 0 ? selected : ['l', 'w', 'c'];
    const rows = inputs.map(({ name, data }) => {
      const text = data.toString('utf8');
      const counts: Record<string, number> = {
        l: data.reduce((n, b) => n + (b === 10 ? 1 : 0), 0),
        w: text.split(/\s+/).filter((w) => w !== '').length,
        c: data.length,
        m: [...text].length,
        L: Math.max(0, ...text.split('\n').map((l) => l.replace(/\t/g, '        ').length)),
      };
      return { name, counts };
    });
    if (rows.length > 1) {
      const total: Record<string, number> = { l: 0, w: 0, c: 0, m: 0, L: 0 };
      for (const r of rows)
        for (const k of Object.keys(total))
          total[k] = k === 'L' ? Math.max(total[k]!, r.counts[k]!) : total[k]! + r.counts[k]!;
      rows.push({ name: 'total', counts: total });
    }
    // GNU: one number read from stdin alone is printed unpadded; otherwise every column is as wide as
    // the largest count (at least 7 when stdin is among the inputs).
    const busybox = isBusybox(ctx);
    const onlyStdin = args.operands.length === 0;
    const widest = Math.max(1, ...rows.flatMap((r) => fields.map((f) => String(r.counts[f]).length)));
    const width = busybox
      ? 7
      : onlyStdin
        ? fields.length === 1
          ? 0
          : 7
        : inputs.some((i) => i.name === '-')
          ? Math.max(7, widest)
          : widest;
    let out = '';
    for (const r of rows) {
      const nums = fields.map((f) => String(r.counts[f]).padStart(width)).join(' ');
      out +=
        onlyStdin && r.name === '-'
          ? `${busybox && fields.length === 1 ? String(r.counts[fields[0]!]) : nums}\n`
          : `${nums} ${r.name}\n`;
    }
    ctx.stdout(out);
    return failed ? 1 : 0;
  },
});

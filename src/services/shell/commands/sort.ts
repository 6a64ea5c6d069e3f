/** sort(1) and uniq(1): keys (-k, -t), numeric/human/version/reverse/unique, case folding; uniq's -c/-d/-u/-i. */
import type { CommandContext } from '../command.js';
import { coreTool } from './lib/availability.js';
import { collator } from './lib/format.js';
import { COMMAND_LIMITS } from './lib/limits.js';
import {
  coreutilsVersion,
  defineCommand,
  parseOrReport,
  quote,
  readInputs,
  splitLines,
} from './lib/program.js';

const SORT_OPTIONS = [
  { key: 'n', short: 'n', long: 'numeric-sort' },
  { key: 'g', short: 'g', long: 'general-numeric-sort' },
  { key: 'h', short: 'h', long: 'human-numeric-sort' },
  { key: 'V', short: 'V', long: 'version-sort' },
  { key: 'M', short: 'M', long: 'month-sort' },
  { key: 'r', short: 'r', long: 'reverse' },
  { key: 'u', short: 'u', long: 'unique' },
  { key: 'f', short: 'f', long: 'ignore-case' },
  { key: 'b', short: 'b', long: 'ignore-leading-blanks' },
  { key: 'd', short: 'd', long: 'dictionary-order' },
  { key: 's', short: 's', long: 'stable' },
  { key: 'R', short: 'R', long: 'random-sort' },
  { key: 'k', short: 'k', long: 'key', arg: 'required' },
  { key: 't', short: 't', long: 'field-separator', arg: 'required' },
  { key: 'o', short: 'o', long: 'output', arg: 'required' },
  { key: 'z', short: 'z', long: 'zero-terminated' },
  { key: 'c', short: 'c', long: 'check' },
  { key: 'S', short: 'S', long: 'buffer-size', arg: 'required' },
  { key: 'T', short: 'T', long: 'temporary-directory', arg: 'required' },
  { key: 'parallel', long: 'parallel', arg: 'required' },
  { key: 'help', long: 'help' },
  { key: 'version', long: 'version' },
] as const;

const HUMAN: Record<string, number> = { K: 1, M: 2, G: 3, T: 4, P: 5, E: 6 };
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

function fieldsOf(line: string, sep: string | undefined): string[] {
  if (sep !== undefined) return line.split(sep);
  // Without -t a field is a run of blanks followed by non-blanks (the blanks belong to the field).
  return line.match(/\s*\S+/g) ?? [''];
}

function keyText(line: string, spec: string | undefined, sep: string | undefined): string {
  if (!spec) return line;
  const m = /^(\d+)(?:\.(\d+))?[a-zA-Z]*(?:,(\d+)(?:\.(\d+))?[a-zA-Z]*)?$/.exec(spec);
  if (!m) return line;
  const fields = fieldsOf(line, sep);
  const start = Number(m[1]) - 1;
  const end = m[3] ? Number(m[3]) : fields.length;
  const joiner = sep ?? '';
  let text = fields.slice(start, end).join(joiner);
  if (m[2]) text = text.slice(Number(m[2]) - 1);
  return text;
}

function numberOf(text: string): number {
  const m = /^\s*([-+]?\d*\.?\d+)/.exec(text);
  return m ? Number(m[1]) : 0;
}

function compareFor(
  ctx: CommandContext,
  args: { has(k: string): boolean; value(k: string): string | undefined; values(k: string): string[] },
) {
  const sep = args.value('t');
  const keys = args.values('k');
  const collate = collator(ctx);
  const one = (a: string, b: string, spec: string | undefined): number => {
    const flags = spec?.replace(/[\d.,]/g, '') ?? '';
    let x = keyText(a, spec, sep);
    let y = keyText(b, spec, sep);
    if (args.has('b') || flags.includes('b')) {
      x = x.trimStart();
      y = y.trimStart();
    }
    if (args.has('n') || flags.includes('n') || args.has('g') || flags.includes('g'))
      return numberOf(x) - numberOf(y);
    if (args.has('h') || flags.includes('h')) {
      const hv = (t: string) => {
        const m = /^\s*([-+]?\d*\.?\d+)([KMGTPE])?/i.exec(t);
        return m ? Number(m[1]) * 1024 ** (HUMAN[(m[2] ?? '').toUpperCase()] ?? 0) : 0;
      };
      return hv(x) - hv(y);
    }
    if (args.has('M') || flags.includes('M'))
      return (
        MONTHS.indexOf(x.trim().slice(0, 3).toUpperCase()) -
        MONTHS.indexOf(y.trim().slice(0, 3).toUpperCase())
      );
    if (args.has('V') || flags.includes('V')) return x.localeCompare(y, 'en', { numeric: true });
    if (args.has('f') || flags.includes('f')) {
      x = x.toUpperCase();
      y = y.toUpperCase();
    }
    return collate(x, y);
  };
  const reverse = args.has('r');
  return (a: string, b: string): number => {
    let r = 0;
    for (const k of keys.length > 0 ? keys : [undefined]) {
      r = one(a, b, k);
      if (r !== 0) break;
    }
    // Last resort: whole-line byte comparison (GNU), unless -s or -u.
    if (r === 0 && !args.has('s') && !args.has('u')) r = a < b ? -1 : a > b ? 1 : 0;
    return reverse ? -r : r;
  };
}

export const sortCommand = defineCommand({
  name: 'sort',
  path: '/usr/bin/sort',
  availableOn: coreTool('sort'),
  run: (ctx) => {
    const parsed = parseOrReport(ctx, 'sort', SORT_OPTIONS, {
      gnuStatus: 2,
      busybox: '[-nrugMcszbdfiokt] [-o FILE] [-k START[.OFS][OPTS][,END[.OFS][OPTS]] [-t CHAR] [FILE]...',
    });
    if (!parsed.ok) return parsed.status;
    const { args, prog } = parsed;
    if (args.has('version')) {
      ctx.stdout(coreutilsVersion(ctx, 'sort', 'Mike Haertel and Paul Eggert'));
      return 0;
    }
    const sep = args.value('t');
    if (sep !== undefined && sep.length !== 1) {
      ctx.stderr(`${prog}: multi-character tab ${quote(sep)}\n`);
      return 2;
    }
    const { inputs, failed } = readInputs(ctx, prog, args.operands);
    if (failed) return 2;
    const lines = inputs.flatMap((i) => splitLines(i.data)).slice(0, COMMAND_LIMITS.maxLines);
    const compare = compareFor(ctx, args);
    if (args.has('c')) {
      for (let i = 1; i < lines.length; i++) {
        if (compare(lines[i - 1]!, lines[i]!) > 0) {
          ctx.stderr(`${prog}: -:${i + 1}: disorder: ${lines[i]}\n`);
          return 1;
        }
      }
      return 0;
    }
    let sorted = [...lines].sort(compare);
    if (args.has('u')) sorted = sorted.filter((l, i) => i === 0 || compare(sorted[i - 1]!, l) !== 0);
    const text = sorted.map((l) => `${l}\n`).join('');
    const out = args.value('o');
    if (out !== undefined) {
      try {
        ctx.fs.writeFile(out.startsWith('/') ? out : `${ctx.cwd}/${out}`, Buffer.from(text));
      } catch {
        ctx.stderr(`${prog}: open failed: ${out}: Permission denied\n`);
        return 2;
      }
      return 0;
    }
    ctx.stdout(text);
    return 0;
  },
});

export const uniqCommand = defineCommand({
  name: 'uniq',
  path: '/usr/bin/uniq',
  availableOn: coreTool('uniq'),
  run: (ctx) => {
    const parsed = parseOrReport(
      ctx,
      'uniq',
      [
        { key: 'c', short: 'c', long: 'count' },
        { key: 'd', short: 'd', long: 'repeated' },
        { key: 'u', short: 'u', long: 'unique' },
        { key: 'i', short: 'i', long: 'ignore-case' },
        { key: 'f', short: 'f', long: 'skip-fields', arg: 'required' },
        { key: 's', short: 's', long: 'skip-chars', arg: 'required' },
        { key: 'w', short: 'w', long: 'check-chars', arg: 'required' },
        { key: 'help', long: 'help' },
        { key: 'version', long: 'version' },
      ],
      { gnuStatus: 1, busybox: '[-cduiz] [-f,s,w N] [FILE [OUTFILE]]' },
    );
    if (!parsed.ok) return parsed.status;
    const { args, prog } = parsed;
    const { inputs, failed } = readInputs(ctx, prog, args.operands.slice(0, 1));
    if (failed) return 1;
    const lines = inputs.flatMap((i) => splitLines(i.data)).slice(0, COMMAND_LIMITS.maxLines);
    const skipFields = Number(args.value('f') ?? 0);
    const skipChars = Number(args.value('s') ?? 0);
    const width = args.value('w') !== undefined ? Number(args.value('w')) : undefined;
    const key = (l: string) => {
      let t = l;
      for (let i = 0; i < skipFields; i++) t = t.replace(/^\s*\S+/, '');
      t = t.slice(skipChars);
      if (width !== undefined) t = t.slice(0, width);
      return args.has('i') ? t.toLowerCase() : t;
    };
    let out = '';
    for (let i = 0; i < lines.length; ) {
      let j = i + 1;
      while (j < lines.length && key(lines[j]!) === key(lines[i]!)) j++;
      const n = j - i;
      const show = (args.has('d') ? n > 1 : true) && (args.has('u') ? n === 1 : true);
      if (show) out += args.has('c') ? `${String(n).padStart(7)} ${lines[i]}\n` : `${lines[i]}\n`;
      i = j;
    }
    ctx.stdout(out);
    return 0;
  },
});

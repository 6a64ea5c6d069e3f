/** cut(1), tr(1) and tee(1). */
import type { CommandContext } from '../command.js';
import { coreTool } from './lib/availability.js';
import {
  absolute,
  codeOf,
  coreutilsVersion,
  defineCommand,
  errorText,
  isBusybox,
  parseOrReport,
  quote,
  readInputs,
  splitLines,
} from './lib/program.js';

/** "1,3-5,7-" into a membership test for 1-based positions. */
function ranges(list: string): ((n: number) => boolean) | null {
  const parts = list.split(',');
  const tests: Array<(n: number) => boolean> = [];
  for (const p of parts) {
    const m = /^(\d*)(-?)(\d*)$/.exec(p);
    if (!m || (m[1] === '' && m[3] === '') || m[1] === '0') return null;
    const lo = m[1] === '' ? 1 : Number(m[1]);
    const hi = m[2] === '' ? lo : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3]);
    if (hi < lo) return null;
    tests.push((n) => n >= lo && n <= hi);
  }
  return (n) => tests.some((t) => t(n));
}

export const cutCommand = defineCommand({
  name: 'cut',
  path: '/usr/bin/cut',
  availableOn: coreTool('cut'),
  run: (ctx) => {
    const parsed = parseOrReport(
      ctx,
      'cut',
      [
        { key: 'b', short: 'b', long: 'bytes', arg: 'required' },
        { key: 'c', short: 'c', long: 'characters', arg: 'required' },
        { key: 'f', short: 'f', long: 'fields', arg: 'required' },
        { key: 'd', short: 'd', long: 'delimiter', arg: 'required' },
        { key: 's', short: 's', long: 'only-delimited' },
        { key: 'complement', long: 'complement' },
        { key: 'output-delimiter', long: 'output-delimiter', arg: 'required' },
        { key: 'n', short: 'n' },
        { key: 'help', long: 'help' },
        { key: 'version', long: 'version' },
      ],
      { gnuStatus: 1, busybox: '[OPTIONS] [FILE]...' },
    );
    if (!parsed.ok) return parsed.status;
    const { args, prog } = parsed;
    if (args.has('version')) {
      ctx.stdout(coreutilsVersion(ctx, 'cut', 'David M. Ihnat, David MacKenzie, and Jim Meyering'));
      return 0;
    }
    const list = args.value('f') ?? args.value('c') ?? args.value('b');
    const mode = args.has('f') ? 'f' : args.has('c') ? 'c' : args.has('b') ? 'b' : null;
    if (list === undefined || mode === null) {
      ctx.stderr(
        `${prog}: you must specify a list of bytes, characters, or fields\nTry '${prog} --help' for more information.\n`,
      );
      return 1;
    }
    const inList = ranges(list);
    if (!inList) {
      ctx.stderr(
        isBusybox(ctx)
          ? `${prog}: invalid range\n`
          : `${prog}: invalid field value ${quote(list)}\nTry '${prog} --help' for more information.\n`,
      );
      return 1;
    }
    const complement = args.has('complement');
    const pick = (n: number) => inList(n) !== complement;
    const delim = args.value('d') ?? '\t';
    if (delim.length !== 1) {
      ctx.stderr(
        `${prog}: the delimiter must be a single character\nTry '${prog} --help' for more information.\n`,
      );
      return 1;
    }
    const outDelim = args.value('output-delimiter') ?? delim;
    const { inputs, failed } = readInputs(ctx, prog, args.operands);
    let out = '';
    for (const { data } of inputs) {
      for (const line of splitLines(data)) {
        if (mode === 'f') {
          if (!line.includes(delim)) {
            if (!args.has('s')) out += `${line}\n`;
            continue;
          }
          out += `${line
            .split(delim)
            .filter((_, i) => pick(i + 1))
            .join(outDelim)}\n`;
        } else {
          const units = mode === 'c' ? [...line] : [...Buffer.from(line)].map((b) => String.fromCharCode(b));
          out += `${units.filter((_, i) => pick(i + 1)).join('')}\n`;
        }
      }
    }
    ctx.stdout(out);
    return failed ? 1 : 0;
  },
});

const CLASSES: Record<string, string> = {
  alpha: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digit: '0123456789',
  alnum: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  lower: 'abcdefghijklmnopqrstuvwxyz',
  space: ' \t\n\r\v\f',
  blank: ' \t',
  punct: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
  xdigit: '0123456789ABCDEFabcdef',
  cntrl: Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('') + '\x7f',
  print: Array.from({ length: 95 }, (_, i) => String.fromCharCode(i + 32)).join(''),
  graph: Array.from({ length: 94 }, (_, i) => String.fromCharCode(i + 33)).join(''),
};

/** Expands a tr SET: escapes, ranges (a-z), classes ([:lower:]), repeats ([x*n]). */
function expandSet(set: string): string | null {
  let out = '';
  let i = 0;
  const nextChar = (): string => {
    const c = set[i]!;
    if (c !== '\\' || i + 1 >= set.length) {
      i++;
      return c;
    }
    const n = set[i + 1]!;
    i += 2;
    const map: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      '\\': '\\',
      a: '\x07',
      b: '\b',
      f: '\f',
      v: '\v',
    };
    if (/[0-7]/.test(n)) {
      let digits = n;
      while (digits.length < 3 && /[0-7]/.test(set[i] ?? '')) digits += set[i++];
      return String.fromCharCode(Number.parseInt(digits, 8));
    }
    return map[n] ?? n;
  };
  while (i < set.length) {
    const cls = /^\[:(\w+):\]/.exec(set.slice(i));
    if (cls) {
      const chars = CLASSES[cls[1]!];
      if (chars === undefined) return null;
      out += chars;
      i += cls[0].length;
      continue;
    }
    const rep = /^\[(.)\*(\d*)\]/.exec(set.slice(i));
    if (rep) {
      out += rep[1]!.repeat(rep[2] ? Number(rep[2]) : 1);
      i += rep[0].length;
      continue;
    }
    const c = nextChar();
    if (set[i] === '-' && i + 1 < set.length) {
      i++;
      const end = nextChar();
      if (end.charCodeAt(0) < c.charCodeAt(0)) return null;
      for (let code = c.charCodeAt(0); code <= end.charCodeAt(0); code++) out += String.fromCharCode(code);
      continue;
    }
    out += c;
  }
  return out;
}

export const trCommand = defineCommand({
  name: 'tr',
  path: '/usr/bin/tr',
  availableOn: coreTool('tr'),
  run: (ctx) => {
    const parsed = parseOrReport(
      ctx,
      'tr',
      [
        { key: 'c', short: 'c', long: 'complement' },
        { key: 'c', short: 'C' },
        { key: 'd', short: 'd', long: 'delete' },
        { key: 's', short: 's', long: 'squeeze-repeats' },
        { key: 't', short: 't', long: 'truncate-set1' },
        { key: 'help', long: 'help' },
        { key: 'version', long: 'version' },
      ],
      { gnuStatus: 1, busybox: '[-cds] STRING1 [STRING2]' },
    );
    if (!parsed.ok) return parsed.status;
    const { args, prog } = parsed;
    const [set1Text, set2Text] = args.operands;
    if (set1Text === undefined) {
      ctx.stderr(`${prog}: missing operand\nTry '${prog} --help' for more information.\n`);
      return 1;
    }
    const deleting = args.has('d');
    const squeezing = args.has('s');
    if (!deleting && !squeezing && set2Text === undefined) {
      ctx.stderr(
        `${prog}: missing operand after ${quote(set1Text)}\nTwo strings must be given when translating.\nTry '${prog} --help' for more information.\n`,
      );
      return 1;
    }
    const set1 = expandSet(set1Text);
    const set2 = set2Text === undefined ? '' : expandSet(set2Text);
    if (set1 === null || set2 === null) {
      ctx.stderr(`${prog}: range-endpoints of '${set1Text}' are in reverse collating sequence order\n`);
      return 1;
    }
    const input = ctx.stdin.toString('latin1');
    const inSet1 = (ch: string) => set1.includes(ch) !== args.has('c');
    let out = '';
    let last = '';
    const squeezeSet = deleting ? set2 : set2Text !== undefined ? set2 : set1;
    for (const ch of input) {
      let c = ch;
      if (deleting && inSet1(c)) continue;
      if (!deleting && set2Text !== undefined && inSet1(c)) {
        const idx = args.has('c') ? set2.length - 1 : set1.indexOf(c);
        c = set2[Math.min(idx, set2.length - 1)] ?? c;
      }
      if (squeezing && c === last && squeezeSet.includes(c)) continue;
      out += c;
      last = c;
    }
    ctx.stdout(Buffer.from(out, 'latin1'));
    return 0;
  },
});

export const teeCommand = defineCommand({
  name: 'tee',
  path: '/usr/bin/tee',
  availableOn: coreTool('tee'),
  run: (ctx: CommandContext) => {
    const parsed = parseOrReport(
      ctx,
      'tee',
      [
        { key: 'a', short: 'a', long: 'append' },
        { key: 'i', short: 'i', long: 'ignore-interrupts' },
        { key: 'p', short: 'p' },
        { key: 'help', long: 'help' },
        { key: 'version', long: 'version' },
      ],
      { gnuStatus: 1, busybox: '[-ai] [FILE]...' },
    );
    if (!parsed.ok) return parsed.status;
    const { args, prog } = parsed;
    let status = 0;
    for (const file of args.operands) {
      try {
        ctx.fs.writeFile(absolute(ctx, file), ctx.stdin, { append: args.has('a') });
      } catch (err) {
        ctx.stderr(
          isBusybox(ctx)
            ? `${prog}: can't open '${file}': ${errorText(codeOf(err))}\n`
            : `${prog}: ${file}: ${errorText(codeOf(err))}\n`,
        );
        status = 1;
      }
    }
    ctx.stdout(ctx.stdin);
    return status;
  },
});

/** head(1) and tail(1), with -n/-c (and the old `-5` form); `tail -f` prints the end and returns. */
import type { CommandContext } from '../command.js';
import { coreTool } from './lib/availability.js';
import {
  coreutilsVersion,
  defineCommand,
  openFailure,
  parseOrReport,
  quote,
  readPath,
  withArgv,
} from './lib/program.js';

/** coreutils' size suffixes for -n/-c (b, K/KiB, kB, M …). */
function parseCount(text: string): { n: number; fromStart: boolean; negative: boolean } | null {
  const m = /^([+-]?)(\d+)(b|kB|K|KiB|MB|M|MiB|GB|G|GiB)?$/.exec(text);
  if (!m) return null;
  const mult: Record<string, number> = {
    b: 512,
    kB: 1000,
    K: 1024,
    KiB: 1024,
    MB: 1e6,
    M: 1_048_576,
    MiB: 1_048_576,
    GB: 1e9,
    G: 1_073_741_824,
    GiB: 1_073_741_824,
  };
  return { n: Number(m[2]) * (m[3] ? mult[m[3]]! : 1), fromStart: m[1] === '+', negative: m[1] === '-' };
}

/** Turns the obsolete `-5` / `-5c` / `+5` into `-n 5`. */
function modernize(argv: readonly string[]): string[] {
  const out = [argv[0] ?? 'head'];
  for (const [i, a] of argv.slice(1).entries()) {
    const m = /^-(\d+)([cl]?)$/.exec(a);
    if (m && i === 0) out.push(m[2] === 'c' ? '-c' : '-n', m[1]!);
    else out.push(a);
  }
  return out;
}

const OPTIONS = [
  { key: 'n', short: 'n', long: 'lines', arg: 'required' },
  { key: 'c', short: 'c', long: 'bytes', arg: 'required' },
  { key: 'q', short: 'q', long: 'quiet' },
  { key: 'q', long: 'silent' },
  { key: 'v', short: 'v', long: 'verbose' },
  { key: 'z', short: 'z', long: 'zero-terminated' },
  { key: 'f', short: 'f', long: 'follow', arg: 'optional' },
  { key: 'F', short: 'F' },
  { key: 's', short: 's', long: 'sleep-interval', arg: 'required' },
  { key: 'pid', long: 'pid', arg: 'required' },
  { key: 'retry', long: 'retry' },
  { key: 'help', long: 'help' },
  { key: 'version', long: 'version' },
] as const;

function lineSlices(data: Buffer, sep: number): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] === sep) {
      out.push(data.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (start < data.length) out.push(data.subarray(start));
  return out;
}

async function headOrTail(ctx: CommandContext, which: 'head' | 'tail'): Promise<number> {
  const parsed = parseOrReport(withArgv(ctx, modernize(ctx.argv)), which, OPTIONS, {
    gnuStatus: 1,
    busybox: which === 'head' ? '[OPTIONS] [FILE]...' : '[OPTIONS] [FILE]...',
  });
  if (!parsed.ok) return parsed.status;
  const { args, prog } = parsed;
  if (args.has('version')) {
    ctx.stdout(
      coreutilsVersion(
        ctx,
        which,
        which === 'head'
          ? 'David MacKenzie and Jim Meyering'
          : 'Paul Rubin, David MacKenzie, Ian Lance Taylor,\nand Jim Meyering',
      ),
    );
    return 0;
  }
  if (args.has('help')) {
    ctx.stdout(
      `Usage: ${prog} [OPTION]... [FILE]...\nPrint the ${which === 'head' ? 'first' : 'last'} 10 lines of each FILE to standard output.\n`,
    );
    return 0;
  }
  const byBytes = args.has('c');
  const countText = byBytes ? args.value('c')! : (args.value('n') ?? '10');
  const count = parseCount(countText);
  if (!count) {
    ctx.stderr(`${prog}: invalid number of ${byBytes ? 'bytes' : 'lines'}: ${quote(countText)}\n`);
    return 1;
  }
  const files = args.operands.length > 0 ? args.operands : ['-'];
  const headers = (files.length > 1 && !args.has('q')) || args.has('v');
  const sep = args.has('z') ? 0 : 10;
  let status = 0;
  let first = true;
  for (const file of files) {
    let data: Buffer;
    if (file === '-') data = ctx.stdin;
    else {
      const read = readPath(ctx, file);
      if (!read.ok) {
        ctx.stderr(
          which === 'tail' && read.code === 'ENOENT'
            ? `${prog}: cannot open ${quote(file)} for reading: No such file or directory\n`
            : read.code === 'EISDIR'
              ? `${prog}: error reading ${quote(file)}: Is a directory\n`
              : which === 'head'
                ? `${prog}: cannot open ${quote(file)} for reading: ${read.code === 'EACCES' ? 'Permission denied' : 'No such file or directory'}\n`
                : openFailure(ctx, prog, file, read.code),
        );
        status = 1;
        continue;
      }
      data = read.data;
    }
    if (headers) ctx.stdout(`${first ? '' : '\n'}==> ${file === '-' ? 'standard input' : file} <==\n`);
    first = false;
    if (byBytes) {
      if (which === 'head')
        ctx.stdout(
          count.negative ? data.subarray(0, Math.max(0, data.length - count.n)) : data.subarray(0, count.n),
        );
      else
        ctx.stdout(
          count.fromStart
            ? data.subarray(Math.max(0, count.n - 1))
            : data.subarray(Math.max(0, data.length - count.n)),
        );
      continue;
    }
    const lines = lineSlices(data, sep);
    let picked: Buffer[];
    if (which === 'head')
      picked = count.negative ? lines.slice(0, Math.max(0, lines.length - count.n)) : lines.slice(0, count.n);
    else
      picked = count.fromStart
        ? lines.slice(Math.max(0, count.n - 1))
        : count.n === 0
          ? []
          : lines.slice(-count.n);
    ctx.stdout(Buffer.concat(picked));
  }
  // tail -f: a real tail would wait for more; there is never more, and the prompt comes back.
  return status;
}

export const headCommand = defineCommand({
  name: 'head',
  path: '/usr/bin/head',
  availableOn: coreTool('head'),
  run: (ctx) => headOrTail(ctx, 'head'),
});
export const tailCommand = defineCommand({
  name: 'tail',
  path: '/usr/bin/tail',
  availableOn: coreTool('tail'),
  run: (ctx) => headOrTail(ctx, 'tail'),
});

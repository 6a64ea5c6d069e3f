/** xargs(1): builds command lines from input and runs them through the shell, bounded in count. */
import { coreTool } from './lib/availability.js';
import { COMMAND_LIMITS } from './lib/limits.js';
import { defineCommand, isBusybox, parseOrReport } from './lib/program.js';

const OPTIONS = [
  { key: '0', short: '0', long: 'null' },
  { key: 'd', short: 'd', long: 'delimiter', arg: 'required' },
  { key: 'I', short: 'I', arg: 'required' },
  { key: 'i', short: 'i', long: 'replace', arg: 'optional' },
  { key: 'n', short: 'n', long: 'max-args', arg: 'required' },
  { key: 'L', short: 'L', long: 'max-lines', arg: 'required' },
  { key: 'P', short: 'P', long: 'max-procs', arg: 'required' },
  { key: 'r', short: 'r', long: 'no-run-if-empty' },
  { key: 't', short: 't', long: 'verbose' },
  { key: 'p', short: 'p', long: 'interactive' },
  { key: 's', short: 's', long: 'max-chars', arg: 'required' },
  { key: 'x', short: 'x', long: 'exit' },
  { key: 'a', short: 'a', long: 'arg-file', arg: 'required' },
  { key: 'E', short: 'E', arg: 'required' },
  { key: 'help', long: 'help' },
  { key: 'version', long: 'version' },
] as const;

/** Splits input as xargs does: blanks and newlines separate, quotes and backslashes group. */
function items(text: string): string[] | { error: string } {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\n')
        return {
          error: `unmatched ${quote === '"' ? 'double' : 'single'} quote; by default quotes are special to xargs unless you use the -0 option`,
        };
      else cur += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      has = true;
      continue;
    }
    if (c === '\\' && i + 1 < text.length) {
      cur += text[++i];
      has = true;
      continue;
    }
    if (/\s/.test(c)) {
      if (has) out.push(cur);
      cur = '';
      has = false;
      continue;
    }
    cur += c;
    has = true;
  }
  if (quote)
    return {
      error: `unmatched ${quote === '"' ? 'double' : 'single'} quote; by default quotes are special to xargs unless you use the -0 option`,
    };
  if (has) out.push(cur);
  return out;
}

export const xargsCommand = defineCommand({
  name: 'xargs',
  path: '/usr/bin/xargs',
  availableOn: coreTool('xargs'),
  run: async (ctx) => {
    const parsed = parseOrReport(
      ctx,
      'xargs',
      OPTIONS,
      { gnuStatus: 1, busybox: '[OPTIONS] [PROG ARGS]' },
      { stopAtOperand: true },
    );
    if (!parsed.ok) return parsed.status;
    const { args, prog } = parsed;
    if (args.has('version')) {
      ctx.stdout(
        'xargs (GNU findutils) 4.9.0\nCopyright (C) 2022 Free Software Foundation, Inc.\nLicense GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\nThis is free software: you are free to change and redistribute it.\nThere is NO WARRANTY, to the extent permitted by law.\n\nWritten by Eric B. Decker, James Youngman, and Kevin Dalley.\n',
      );
      return 0;
    }
    const command = args.operands.length > 0 ? [...args.operands] : ['echo'];
    const text = ctx.stdin.toString('utf8');
    const replace = args.value('I') ?? (args.has('i') ? (args.value('i') ?? '{}') : undefined);
    let list: string[];
    if (args.has('0')) list = text.split('\0').filter((x, i, a) => i < a.length - 1 || x !== '');
    else if (args.has('d')) {
      const d = (args.value('d') ?? '\n').replace('\\n', '\n').replace('\\t', '\t');
      list = text.split(d).filter((x, i, a) => i < a.length - 1 || x !== '');
    } else if (replace !== undefined)
      list = text
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '');
    else {
      const parsedItems = items(text);
      if ('error' in parsedItems) {
        ctx.stderr(`${prog}: ${parsedItems.error}\n`);
        return 1;
      }
      list = parsedItems;
    }
    const eof = args.value('E');
    if (eof !== undefined) {
      const at = list.indexOf(eof);
      if (at !== -1) list = list.slice(0, at);
    }
    const batches: string[][] = [];
    if (replace !== undefined)
      for (const item of list) batches.push(command.map((a) => a.replaceAll(replace, item)));
    else {
      const n =
        args.value('n') !== undefined
          ? Math.max(1, Number(args.value('n')))
          : args.value('L') !== undefined
            ? Math.max(1, Number(args.value('L')))
            : Number.POSITIVE_INFINITY;
      for (let i = 0; i < list.length; i += Number.isFinite(n) ? n : list.length)
        batches.push([...command, ...list.slice(i, i + (Number.isFinite(n) ? n : list.length))]);
      // GNU xargs runs the command once even with no input, unless -r; BusyBox never does.
      if (list.length === 0 && !args.has('r') && !isBusybox(ctx)) batches.push([...command]);
    }
    let status = 0;
    for (const argv of batches.slice(0, COMMAND_LIMITS.maxXargsRuns)) {
      if (args.has('t') || args.has('p')) ctx.stderr(`${argv.join(' ')}\n`);
      const code = await ctx.run(argv);
      if (code === 127) {
        ctx.stderr(`${prog}: ${argv[0]}: No such file or directory\n`);
        return 127;
      }
      if (code === 255) {
        ctx.stderr(`${prog}: ${argv[0]}: exited with status 255; aborting\n`);
        return 124;
      }
      if (code !== 0) status = 123;
    }
    return status;
  },
});

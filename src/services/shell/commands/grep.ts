/**
 * grep(1), egrep and fgrep (GNU grep of the decky's release; BusyBox's on firmware): BRE/ERE/fixed/PCRE
 * patterns through the linear-time matcher, -i -v -c -n -r -o -l -L -w -x -h -H -q -s -m -A/-B/-C,
 * --include/--exclude, colour, binary-file handling.
 */
import type { CommandContext } from '../command.js';
import type { FileStat } from '../filesystem.js';
import { familyOf } from '../machine.js';
import { globMatch } from './find.js';
import { coreTool, gnuOnly } from './lib/availability.js';
import { COMMAND_LIMITS } from './lib/limits.js';
import {
  absolute,
  codeOf,
  defineCommand,
  errorText,
  isBusybox,
  parseOrReport,
  withArgv,
} from './lib/program.js';
import type { Syntax } from './lib/regex/parse.js';
import { compileRegex, escapeLiteral, type Match, type Regex, RegexBudget } from './lib/regex/vm.js';
import { walk } from './lib/walk.js';

const OPTIONS = [
  { key: 'E', short: 'E', long: 'extended-regexp' },
  { key: 'F', short: 'F', long: 'fixed-strings' },
  { key: 'G', short: 'G', long: 'basic-regexp' },
  { key: 'P', short: 'P', long: 'perl-regexp' },
  { key: 'e', short: 'e', long: 'regexp', arg: 'required' },
  { key: 'f', short: 'f', long: 'file', arg: 'required' },
  { key: 'i', short: 'i', long: 'ignore-case' },
  { key: 'i', short: 'y' },
  { key: 'no-ignore-case', long: 'no-ignore-case' },
  { key: 'w', short: 'w', long: 'word-regexp' },
  { key: 'x', short: 'x', long: 'line-regexp' },
  { key: 'v', short: 'v', long: 'invert-match' },
  { key: 'c', short: 'c', long: 'count' },
  { key: 'color', long: 'color', arg: 'optional' },
  { key: 'color', long: 'colour', arg: 'optional' },
  { key: 'L', short: 'L', long: 'files-without-match' },
  { key: 'l', short: 'l', long: 'files-with-matches' },
  { key: 'm', short: 'm', long: 'max-count', arg: 'required' },
  { key: 'o', short: 'o', long: 'only-matching' },
  { key: 'q', short: 'q', long: 'quiet' },
  { key: 'q', long: 'silent' },
  { key: 's', short: 's', long: 'no-messages' },
  { key: 'b', short: 'b', long: 'byte-offset' },
  { key: 'H', short: 'H', long: 'with-filename' },
  { key: 'h', short: 'h', long: 'no-filename' },
  { key: 'label', long: 'label', arg: 'required' },
  { key: 'n', short: 'n', long: 'line-number' },
  { key: 'T', short: 'T', long: 'initial-tab' },
  { key: 'Z', short: 'Z', long: 'null' },
  { key: 'z', short: 'z', long: 'null-data' },
  { key: 'A', short: 'A', long: 'after-context', arg: 'required' },
  { key: 'B', short: 'B', long: 'before-context', arg: 'required' },
  { key: 'C', short: 'C', long: 'context', arg: 'required' },
  { key: 'a', short: 'a', long: 'text' },
  { key: 'I', short: 'I' },
  { key: 'binary-files', long: 'binary-files', arg: 'required' },
  { key: 'r', short: 'r', long: 'recursive' },
  { key: 'R', short: 'R', long: 'dereference-recursive' },
  { key: 'include', long: 'include', arg: 'required' },
  { key: 'exclude', long: 'exclude', arg: 'required' },
  { key: 'exclude-dir', long: 'exclude-dir', arg: 'required' },
  { key: 'line-buffered', long: 'line-buffered' },
  { key: 'U', short: 'U', long: 'binary' },
  { key: 'help', long: 'help' },
  { key: 'version', short: 'V', long: 'version' },
] as const;

/** GNU grep release per distro: 3.5 moved "binary file matches" to stderr; 3.8 warns about egrep/fgrep. */
function grepVersion(ctx: CommandContext): string {
  return (
    {
      debian12: '3.8',
      ubuntu22: '3.7',
      ubuntu20: '3.4',
      rocky9: '3.6',
      centos7: '2.20',
      fedora39: '3.11',
      kali: '3.11',
      arch: '3.11',
    }[ctx.machine.distro.name] ?? '3.8'
  );
}

const SGR = {
  match: '\x1b[01;31m\x1b[K',
  file: '\x1b[35m\x1b[K',
  line: '\x1b[32m\x1b[K',
  sep: '\x1b[36m\x1b[K',
  end: '\x1b[m\x1b[K',
};

function isWord(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}_]/u.test(ch);
}

async function grep(ctx: CommandContext): Promise<number> {
  const parsed = parseOrReport(ctx, 'grep', OPTIONS, {
    gnuStatus: 2,
    busybox: '[-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...',
  });
  if (!parsed.ok) return parsed.status;
  const { args, prog } = parsed;
  const busybox = isBusybox(ctx);
  if (args.has('version')) {
    ctx.stdout(
      `grep (GNU grep) ${grepVersion(ctx)}\nCopyright (C) 2022 Free Software Foundation, Inc.\nLicense GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\nThis is free software: you are free to change and redistribute it.\nThere is NO WARRANTY, to the extent permitted by law.\n\nWritten by Mike Haertel and others; see\n<https://git.sv.gnu.org/cgit/grep.git/tree/AUTHORS>.\n`,
    );
    return 0;
  }
  if (args.has('help')) {
    ctx.stdout(
      `Usage: ${prog} [OPTION]... PATTERNS [FILE]...\nSearch for PATTERNS in each FILE.\nExample: ${prog} -i 'hello world' menu.h main.c\nPATTERNS can contain multiple patterns separated by newlines.\n`,
    );
    return 0;
  }
  const operands = [...args.operands];
  let patterns: string[] = [];
  for (const e of args.values('e')) patterns.push(...e.split('\n'));
  for (const f of args.values('f')) {
    try {
      patterns.push(
        ...ctx.fs
          .readFile(absolute(ctx, f))
          .toString()
          .split('\n')
          .filter((l, i, all) => i < all.length - 1 || l !== ''),
      );
    } catch (err) {
      ctx.stderr(`${prog}: ${f}: ${errorText(codeOf(err))}\n`);
      return 2;
    }
  }
  if (!args.has('e') && !args.has('f')) {
    const p = operands.shift();
    if (p === undefined) {
      ctx.stderr(
        busybox
          ? `${prog}: no pattern\n`
          : `Usage: ${prog} [OPTION]... PATTERNS [FILE]...\nTry '${prog} --help' for more information.\n`,
      );
      return 2;
    }
    patterns = p.split('\n');
  }
  const syntax: Syntax | 'fixed' = args.has('F')
    ? 'fixed'
    : args.has('P')
      ? 'pcre'
      : args.has('E')
        ? 'ere'
        : 'bre';
  if (syntax === 'pcre' && busybox) {
    ctx.stderr(`${prog}: unrecognized option: P\n`);
    return 2;
  }
  const icase = args.has('i') && !args.has('no-ignore-case');
  const budget = new RegexBudget();
  const regexes: Regex[] = [];
  for (const p of patterns) {
    const source = syntax === 'fixed' ? escapeLiteral(p, 'bre') : p;
    const compiled = compileRegex(source, { syntax: syntax === 'fixed' ? 'bre' : syntax, icase }, budget);
    if ('error' in compiled) {
      ctx.stderr(`${prog}: ${compiled.error}\n`);
      return 2;
    }
    regexes.push(compiled);
  }
  const word = args.has('w');
  const whole = args.has('x');
  const invert = args.has('v');

  /** Every match in a line (for -o and colour), honouring -w and -x. */
  const matchesIn = (line: string): Match[] => {
    const found: Match[] = [];
    for (const re of regexes) {
      let from = 0;
      while (from <= line.length) {
        const m = re.exec(line, from);
        if (!m) break;
        const ok = whole
          ? m.start === 0 && m.end === line.length
          : word
            ? !isWord(line[m.start - 1]) && !isWord(line[m.end]) && m.end > m.start
            : true;
        if (ok) found.push(m);
        from = m.end > m.start && ok ? m.end : m.start + 1;
        if (whole) break;
      }
    }
    return found
      .sort((a, b) => a.start - b.start || b.end - a.end)
      .filter((m, i, all) => i === 0 || m.start >= all[i - 1]!.end);
  };
  const lineMatches = (line: string): boolean => {
    const cut =
      line.length > COMMAND_LIMITS.maxLineLength ? line.slice(0, COMMAND_LIMITS.maxLineLength) : line;
    if (!word && !whole) return regexes.some((re) => re.test(cut));
    return matchesIn(cut).length > 0;
  };

  const colorArg = args.value('color');
  const color =
    args.has('color') &&
    (colorArg === undefined ||
      colorArg === 'always' ||
      ((colorArg === 'auto' || colorArg === 'tty') && ctx.terminal.isTty));
  const recursive = args.has('r') || args.has('R');
  const files = operands.length > 0 ? operands : recursive ? ['.'] : ['-'];
  const showName = args.has('H') || (!args.has('h') && (files.length > 1 || recursive));
  const maxCount = args.value('m') !== undefined ? Number(args.value('m')) : Number.POSITIVE_INFINITY;
  const after = Number(args.value('A') ?? args.value('C') ?? 0);
  const before = Number(args.value('B') ?? args.value('C') ?? 0);
  const oldGrep = ['centos7', 'ubuntu20'].includes(ctx.machine.distro.name);
  const includes = args.values('include');
  const excludes = args.values('exclude');
  let anyMatch = false;
  let error = false;
  let out = '';

  const prefix = (name: string, n: number | null, sep: ':' | '-') => {
    let p = '';
    if (showName) p += color ? `${SGR.file}${name}${SGR.end}${SGR.sep}${sep}${SGR.end}` : `${name}${sep}`;
    if (n !== null) p += color ? `${SGR.line}${n}${SGR.end}${SGR.sep}${sep}${SGR.end}` : `${n}${sep}`;
    return p;
  };

  const searchText = (name: string, data: Buffer): void => {
    const binary = !args.has('a') && data.subarray(0, 32_768).includes(0);
    if (binary && args.has('I')) return;
    const text = data.toString(binary ? 'latin1' : 'utf8');
    const lines = text.split(args.has('z') ? '\0' : '\n');
    if (lines[lines.length - 1] === '') lines.pop();
    let count = 0;
    let lastPrinted = -1;
    let pendingAfter = 0;
    let printedAny = false;
    for (let i = 0; i < lines.length && count < maxCount; i++) {
      const line = lines[i]!;
      const hit = lineMatches(line) !== invert;
      if (!hit) {
        if (pendingAfter > 0 && !args.has('c') && !args.has('l') && !args.has('q') && !binary) {
          out += `${prefix(name, args.has('n') ? i + 1 : null, '-')}${line}\n`;
          lastPrinted = i;
          pendingAfter--;
        }
        continue;
      }
      count++;
      anyMatch = true;
      if (args.has('q') || args.has('l') || args.has('L') || args.has('c')) continue;
      if (binary) continue;
      if ((before > 0 || after > 0) && printedAny && i - before > lastPrinted + 1)
        out += color ? `${SGR.sep}--${SGR.end}\n` : '--\n';
      for (let b = Math.max(lastPrinted + 1, i - before); b < i; b++)
        out += `${prefix(name, args.has('n') ? b + 1 : null, '-')}${lines[b]}\n`;
      if (args.has('o') && !invert) {
        for (const m of matchesIn(line)) {
          if (m.end === m.start) continue;
          const piece = line.slice(m.start, m.end);
          out += `${prefix(name, args.has('n') ? i + 1 : null, ':')}${args.has('b') ? `${m.start}:` : ''}${color ? `${SGR.match}${piece}${SGR.end}` : piece}\n`;
        }
      } else {
        let shown = line;
        if (color && !invert) {
          shown = '';
          let at = 0;
          for (const m of matchesIn(line)) {
            if (m.end === m.start) continue;
            shown += `${line.slice(at, m.start)}${SGR.match}${line.slice(m.start, m.end)}${SGR.end}`;
            at = m.end;
          }
          shown += line.slice(at);
        }
        out += `${prefix(name, args.has('n') ? i + 1 : null, ':')}${shown}\n`;
      }
      lastPrinted = i;
      pendingAfter = after;
      printedAny = true;
    }
    if (args.has('c'))
      out += `${showName ? (color ? `${SGR.file}${name}${SGR.end}${SGR.sep}:${SGR.end}` : `${name}:`) : ''}${count}\n`;
    if (args.has('l') && count > 0) out += `${color ? `${SGR.file}${name}${SGR.end}` : name}\n`;
    if (args.has('L') && count === 0) out += `${name}\n`;
    if (binary && count > 0 && !args.has('c') && !args.has('l') && !args.has('q') && !args.has('L')) {
      if (oldGrep || busybox) out += `Binary file ${name === '-' ? '(standard input)' : name} matches\n`;
      else {
        ctx.stdout(out);
        out = '';
        ctx.stderr(`${prog}: ${name === '-' ? '(standard input)' : name}: binary file matches\n`);
      }
    }
  };

  const report = (name: string, text: string) => {
    if (!args.has('s')) ctx.stderr(`${prog}: ${name}: ${text}\n`);
    error = true;
  };

  for (const file of files) {
    if (args.has('q') && anyMatch) break;
    if (file === '-') {
      searchText(args.value('label') ?? '(standard input)', ctx.stdin);
      continue;
    }
    const path = absolute(ctx, file);
    let stat: FileStat | null;
    try {
      stat = ctx.fs.stat(path);
    } catch (err) {
      report(file, errorText(codeOf(err)));
      continue;
    }
    if (!stat) {
      report(file, 'No such file or directory');
      continue;
    }
    if (stat.type === 'dir') {
      if (!recursive) {
        if (busybox) report(file, 'Is a directory');
        else if (!oldGrep) report(file, 'Is a directory');
        else report(file, 'Is a directory');
        continue;
      }
      walk(
        ctx,
        { display: file, path, stat, depth: 0 },
        {
          enter: (e) =>
            !args
              .values('exclude-dir')
              .some((g) => e.depth > 0 && globMatch(g, e.display.slice(e.display.lastIndexOf('/') + 1))),
          leave: (e) => {
            if (e.stat.type !== 'file') return;
            const base = e.display.slice(e.display.lastIndexOf('/') + 1);
            if (includes.length > 0 && !includes.some((g) => globMatch(g, base))) return;
            if (excludes.some((g) => globMatch(g, base))) return;
            if (e.path.startsWith('/proc/') || e.path.startsWith('/sys/')) return;
            try {
              searchText(e.display, ctx.fs.readFile(e.path));
            } catch (err) {
              report(e.display, errorText(codeOf(err)));
            }
          },
          error: (e, code) => report(e.display, errorText(code)),
        },
      );
      continue;
    }
    try {
      searchText(file, ctx.fs.readFile(path));
    } catch (err) {
      report(file, errorText(codeOf(err)));
    }
  }
  if (!args.has('q')) ctx.stdout(out);
  if (args.has('q') && anyMatch) return 0;
  return error ? 2 : anyMatch ? 0 : 1;
}

export const grepCommand = defineCommand({
  name: 'grep',
  path: '/usr/bin/grep',
  availableOn: coreTool('grep'),
  run: grep,
});

/** egrep and fgrep: grep -E / -F; grep 3.8 and later warn that they are obsolescent. */
function legacy(name: 'egrep' | 'fgrep', flag: '-E' | '-F') {
  return defineCommand({
    name,
    path: `/usr/bin/${name}`,
    availableOn: (d) => coreTool(name)(d) || gnuOnly(d),
    run: (ctx) => {
      const modern =
        ['debian12', 'fedora39', 'kali', 'arch'].includes(ctx.machine.distro.name) &&
        familyOf(ctx.machine.distro) !== 'busybox';
      if (modern) ctx.stderr(`${name}: warning: ${name} is obsolescent; using grep ${flag}\n`);
      // egrep/fgrep are scripts running `grep -E`/`grep -F`: diagnostics come from "grep".
      return grep(withArgv(ctx, [isBusybox(ctx) ? name : 'grep', flag, ...ctx.argv.slice(1)]));
    },
  });
}

export const egrepCommand = legacy('egrep', '-E');
export const fgrepCommand = legacy('fgrep', '-F');

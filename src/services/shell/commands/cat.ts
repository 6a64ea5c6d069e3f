/** cat(1): concatenates files and stdin, with -n/-b/-s/-E/-T/-A/-v; GNU's or BusyBox's error wording. */
import { coreTool } from './lib/availability.js';
import { coreutilsVersion, defineCommand, openFailure, parseOrReport, readPath } from './lib/program.js';

const OPTIONS = [
  { key: 'A', short: 'A', long: 'show-all' },
  { key: 'b', short: 'b', long: 'number-nonblank' },
  { key: 'e', short: 'e' },
  { key: 'E', short: 'E', long: 'show-ends' },
  { key: 'n', short: 'n', long: 'number' },
  { key: 's', short: 's', long: 'squeeze-blank' },
  { key: 't', short: 't' },
  { key: 'T', short: 'T', long: 'show-tabs' },
  { key: 'u', short: 'u' },
  { key: 'v', short: 'v', long: 'show-nonprinting' },
  { key: 'help', long: 'help' },
  { key: 'version', long: 'version' },
] as const;

/** cat -v's notation for control and high bytes (^X, M-x). */
function visible(data: Buffer, tabs: boolean): string {
  let out = '';
  for (const b of data) {
    if (b === 10) out += '\n';
    else if (b === 9) out += tabs ? '^I' : '\t';
    else if (b < 32) out += `^${String.fromCharCode(b + 64)}`;
    else if (b === 127) out += '^?';
    else if (b >= 128) {
      const low = b - 128;
      out +=
        low < 32
          ? `M-^${String.fromCharCode(low + 64)}`
          : low === 127
            ? 'M-^?'
            : `M-${String.fromCharCode(low)}`;
    } else out += String.fromCharCode(b);
  }
  return out;
}

export const catCommand = defineCommand({
  name: 'cat',
  path: '/usr/bin/cat',
  availableOn: coreTool('cat'),
  run: (ctx) => {
    const parsed = parseOrReport(ctx, 'cat', OPTIONS, { gnuStatus: 1, busybox: '[-nbvteA] [FILE]...' });
    if (!parsed.ok) return parsed.status;
    const { args, prog } = parsed;
    if (args.has('help')) {
      ctx.stdout(
        `Usage: ${prog} [OPTION]... [FILE]...\nConcatenate FILE(s) to standard output.\n\nWith no FILE, or when FILE is -, read standard input.\n\n  -A, --show-all           equivalent to -vET\n  -b, --number-nonblank    number nonempty output lines, overrides -n\n  -e                       equivalent to -vE\n  -E, --show-ends          display $ at end of each line\n  -n, --number             number all output lines\n  -s, --squeeze-blank      suppress repeated empty output lines\n  -t                       equivalent to -vT\n  -T, --show-tabs          display TAB characters as ^I\n  -u                       (ignored)\n  -v, --show-nonprinting   use ^ and M- notation, except for LFD and TAB\n      --help        display this help and exit\n      --version     output version information and exit\n`,
      );
      return 0;
    }
    if (args.has('version')) {
      ctx.stdout(coreutilsVersion(ctx, 'cat', 'Torbjorn Granlund and Richard M. Stallman'));
      return 0;
    }
    const showEnds = args.has('A') || args.has('e') || args.has('E');
    const showTabs = args.has('A') || args.has('t') || args.has('T');
    const nonPrinting = args.has('A') || args.has('e') || args.has('t') || args.has('v');
    const numberAll = args.has('n');
    const numberNonBlank = args.has('b');
    const squeeze = args.has('s');
    const plain = !showEnds && !showTabs && !nonPrinting && !numberAll && !numberNonBlank && !squeeze;
    let status = 0;
    let lineNo = 0;
    let lastBlank = false;
    for (const name of args.operands.length > 0 ? args.operands : ['-']) {
      let data: Buffer;
      if (name === '-') data = ctx.stdin;
      else {
        const read = readPath(ctx, name);
        if (!read.ok) {
          ctx.stderr(openFailure(ctx, prog, name, read.code));
          status = 1;
          continue;
        }
        data = read.data;
      }
      if (plain) {
        ctx.stdout(data);
        continue;
      }
      const text = nonPrinting ? visible(data, showTabs) : data.toString('latin1');
      const lines = text.split('\n');
      const endsWithNewline = lines[lines.length - 1] === '';
      if (endsWithNewline) lines.pop();
      let out = '';
      lines.forEach((line, i) => {
        const blank = line === '';
        if (squeeze && blank && lastBlank) return;
        lastBlank = blank;
        let body = showTabs && !nonPrinting ? line.replaceAll('\t', '^I') : line;
        if (numberNonBlank ? !blank : numberAll) body = `${String(++lineNo).padStart(6)}\t${body}`;
        const last = i === lines.length - 1 && !endsWithNewline;
        out += last ? body : `${body}${showEnds ? '$' : ''}\n`;
      });
      ctx.stdout(nonPrinting ? out : Buffer.from(out, 'latin1'));
    }
    return status;
  },
});

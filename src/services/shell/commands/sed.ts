/**
 * sed(1) (GNU sed 4.x; BusyBox's wording on firmware): addresses (numbers, `$`, /re/, ranges, `!`,
 * `first~step`, `addr,+N`), the commands people script (s y d D p P n N q Q h H g G x = a i c l r w b t
 * T : { }), -n -e -f -E/-r -i[SUFFIX] -s -z, with the linear-time matcher and a bound on executed steps.
 */
import type { CommandContext } from '../command.js';
import { coreTool } from './lib/availability.js';
import { COMMAND_LIMITS } from './lib/limits.js';
import { absolute, codeOf, defineCommand, errorText, isBusybox, progName } from './lib/program.js';
import { compileRegex, type Regex, RegexBudget } from './lib/regex/vm.js';

type Address =
  | { t: 'line'; n: number }
  | { t: 'last' }
  | { t: 're'; re: Regex | null }
  | { t: 'step'; first: number; step: number }
  | { t: 'zero' };

interface Command {
  a1?: Address;
  a2?: Address | { t: 'plus'; n: number } | { t: 'mult'; n: number };
  negate: boolean;
  name: string;
  /** s: regex (null = last used), replacement, flags. */
  re?: Regex | null;
  replacement?: string;
  global?: boolean;
  occurrence?: number;
  print?: boolean;
  text?: string;
  label?: string;
  file?: string;
  from?: string;
  to?: string;
  /** Index of the matching `}` for `{`. */
  end?: number;
  exitCode?: number;
  /** Range state. */
  active?: boolean;
  rangeEnd?: number;
}

class SedError extends Error {}

class ScriptParser {
  pos = 0;
  constructor(
    private readonly src: string,
    private readonly expr: number,
    private readonly extended: boolean,
    private readonly budget: RegexBudget,
    private readonly lastRe: { re: Regex | null },
  ) {}

  private fail(message: string): never {
    throw new SedError(`-e expression #${this.expr}, char ${this.pos}: ${message}`);
  }

  private peek(): string | undefined {
    return this.src[this.pos];
  }

  private skipSpace(): void {
    while (this.pos < this.src.length && /[ \t]/.test(this.src[this.pos]!)) this.pos++;
  }

  /** Text up to an unescaped delimiter; `\n` becomes a newline, an escaped delimiter the delimiter. */
  private delimited(delim: string, what: string, keepEscapes: boolean): string {
    let out = '';
    while (this.pos < this.src.length) {
      const c = this.src[this.pos++]!;
      if (c === '\\' && this.pos < this.src.length) {
        const n = this.src[this.pos++]!;
        if (n === delim) out += delim;
        else if (n === 'n' && !keepEscapes) out += '\n';
        else out += `\\${n}`;
        continue;
      }
      if (c === delim) return out;
      if (c === '\n' && what !== 'y') this.fail(`unterminated \`${what}' command`);
      out += c;
    }
    this.fail(`unterminated \`${what}' command`);
  }

  private regex(text: string, flags: string): Regex | null {
    if (text === '') {
      if (!this.lastRe.re) this.fail('no previous regular expression');
      return this.lastRe.re;
    }
    const re = compileRegex(
      text,
      { syntax: this.extended ? 'ere' : 'bre', icase: flags.includes('I') || flags.includes('i') },
      this.budget,
    );
    if ('error' in re) this.fail(re.error);
    this.lastRe.re = re;
    return re;
  }

  private address(): Address | undefined {
    const c = this.peek();
    if (c === undefined) return undefined;
    if (/[0-9]/.test(c)) {
      let digits = '';
      while (/[0-9]/.test(this.peek() ?? '')) digits += this.src[this.pos++];
      if (this.peek() === '~') {
        this.pos++;
        let step = '';
        while (/[0-9]/.test(this.peek() ?? '')) step += this.src[this.pos++];
        return { t: 'step', first: Number(digits), step: Number(step || 0) };
      }
      return Number(digits) === 0 ? { t: 'zero' } : { t: 'line', n: Number(digits) };
    }
    if (c === '$') {
      this.pos++;
      return { t: 'last' };
    }
    if (c === '/' || c === '\\') {
      this.pos++;
      const delim = c === '\\' ? this.src[this.pos++]! : '/';
      const text = this.delimited(delim, 'address regex', true);
      let flags = '';
      while (this.peek() === 'I' || this.peek() === 'M') flags += this.src[this.pos++];
      return { t: 're', re: this.regex(text, flags) };
    }
    return undefined;
  }

  private restOfLine(): string {
    const end = this.src.indexOf('\n', this.pos);
    const text = this.src.slice(this.pos, end === -1 ? undefined : end);
    this.pos = end === -1 ? this.src.length : end + 1;
    return text;
  }

  private label(): string {
    this.skipSpace();
    let out = '';
    while (this.pos < this.src.length && !/[;\n]/.test(this.src[this.pos]!)) out += this.src[this.pos++];
    return out.trim();
  }

  /** a/i/c text: GNU one-liner form (`a text`) or the classic `a\` newline form. */
  private text(): string {
    this.skipSpace();
    if (this.peek() === '\\') {
      this.pos++;
      if (this.peek() === '\n') this.pos++;
    }
    let out = '';
    while (this.pos < this.src.length) {
      const c = this.src[this.pos++]!;
      if (c === '\\' && this.pos < this.src.length) {
        const n = this.src[this.pos++]!;
        out += n === '\n' ? '\n' : n === 't' ? '\t' : n;
        continue;
      }
      if (c === '\n') break;
      out += c;
    }
    return out;
  }

  parse(into: Command[]): void {
    const blocks: number[] = [];
    while (this.pos < this.src.length) {
      this.skipSpace();
      const c = this.peek();
      if (c === undefined) break;
      if (c === ';' || c === '\n') {
        this.pos++;
        continue;
      }
      if (c === '#') {
        this.restOfLine();
        continue;
      }
      const cmd: Command = { negate: false, name: '' };
      cmd.a1 = this.address();
      if (cmd.a1 && this.peek() === ',') {
        this.pos++;
        if (this.peek() === '+' || this.peek() === '~') {
          const kind = this.src[this.pos++];
          let digits = '';
          while (/[0-9]/.test(this.peek() ?? '')) digits += this.src[this.pos++];
          cmd.a2 = kind === '+' ? { t: 'plus', n: Number(digits) } : { t: 'mult', n: Number(digits) };
        } else {
          cmd.a2 = this.address();
          if (!cmd.a2) this.fail("unexpected `,'");
        }
      }
      this.skipSpace();
      while (this.peek() === '!') {
        cmd.negate = true;
        this.pos++;
        this.skipSpace();
      }
      const name = this.src[this.pos++];
      if (name === undefined) this.fail('missing command');
      cmd.name = name;
      switch (name) {
        case '{':
          blocks.push(into.length);
          break;
        case '}':
          if (cmd.a1) this.fail("} doesn't want any addresses");
          if (blocks.length === 0) this.fail("unexpected `}'");
          into[blocks.pop()!]!.end = into.length;
          break;
        case 's': {
          const delim = this.src[this.pos++];
          if (delim === undefined || delim === '\n' || delim === '\\') this.fail("unterminated `s' command");
          const pattern = this.delimited(delim, 's', true);
          const replacement = this.delimited(delim, 's', true);
          let flags = '';
          while (this.pos < this.src.length && /[gpiImMe0-9w]/.test(this.src[this.pos]!)) {
            const f = this.src[this.pos++]!;
            if (f === 'w') {
              cmd.file = this.restOfLine().trim();
              break;
            }
            flags += f;
          }
          this.skipSpace();
          if (this.pos < this.src.length && !/[;\n}#]/.test(this.src[this.pos]!))
            this.fail("unknown option to `s'");
          cmd.re = this.regex(pattern, flags);
          cmd.replacement = replacement;
          cmd.global = flags.includes('g');
          cmd.print = flags.includes('p');
          const n = /\d+/.exec(flags);
          cmd.occurrence = n ? Number(n[0]) : 1;
          if (cmd.occurrence === 0) this.fail("number option to `s' command may not be zero");
          break;
        }
        case 'y': {
          const delim = this.src[this.pos++]!;
          const from = this.delimited(delim, 'y', false);
          const to = this.delimited(delim, 'y', false);
          if ([...from].length !== [...to].length) this.fail("strings for `y' command are different lengths");
          cmd.from = from;
          cmd.to = to;
          break;
        }
        case 'a':
        case 'i':
        case 'c':
          cmd.text = this.text();
          break;
        case ':':
          if (cmd.a1) this.fail(": doesn't want any addresses");
          cmd.label = this.label();
          if (cmd.label === '') this.fail('":" lacks a label');
          break;
        case 'b':
        case 't':
        case 'T':
          cmd.label = this.label();
          break;
        case 'r':
        case 'R':
        case 'w':
        case 'W':
          cmd.file = this.restOfLine().trim();
          break;
        case 'q':
        case 'Q': {
          this.skipSpace();
          let digits = '';
          while (/[0-9]/.test(this.peek() ?? '')) digits += this.src[this.pos++];
          cmd.exitCode = digits === '' ? 0 : Number(digits);
          break;
        }
        case 'l':
        case 'L': {
          this.skipSpace();
          while (/[0-9]/.test(this.peek() ?? '')) this.pos++;
          break;
        }
        case 'd':
        case 'D':
        case 'p':
        case 'P':
        case 'n':
        case 'N':
        case 'h':
        case 'H':
        case 'g':
        case 'G':
        case 'x':
        case '=':
        case 'z':
        case 'F':
          break;
        default:
          this.fail(`unknown command: \`${name}'`);
      }
      into.push(cmd);
      this.skipSpace();
      if (
        this.pos < this.src.length &&
        !/[;\n}#]/.test(this.src[this.pos]!) &&
        !['a', 'i', 'c', ':', 'b', 't', 'T', 'r', 'R', 'w', 'W', '}', '{'].includes(name)
      ) {
        this.fail(`extra characters after command`);
      }
    }
    if (blocks.length > 0) throw new SedError(`-e expression #${this.expr}, char 0: unmatched \`{'`);
  }
}

/** Expands `&`, `\1`…`\9`, `\n` and GNU's case conversions (\U \L \u \l \E) in a replacement. */
function substitute(replacement: string, input: string, groups: Array<[number, number] | null>): string {
  let out = '';
  let mode: 'U' | 'L' | null = null;
  let once: 'u' | 'l' | null = null;
  const emit = (text: string) => {
    for (const ch of text) {
      let c = mode === 'U' ? ch.toUpperCase() : mode === 'L' ? ch.toLowerCase() : ch;
      if (once) {
        c = once === 'u' ? c.toUpperCase() : c.toLowerCase();
        once = null;
      }
      out += c;
    }
  };
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i]!;
    if (c === '&') {
      const g = groups[0];
      emit(g ? input.slice(g[0], g[1]) : '');
      continue;
    }
    if (c === '\\' && i + 1 < replacement.length) {
      const n = replacement[++i]!;
      if (/[0-9]/.test(n)) {
        const g = groups[Number(n)];
        emit(g ? input.slice(g[0], g[1]) : '');
      } else if (n === 'n') emit('\n');
      else if (n === 't') emit('\t');
      else if (n === 'U' || n === 'L') mode = n;
      else if (n === 'E') mode = null;
      else if (n === 'u' || n === 'l') once = n;
      else emit(n);
      continue;
    }
    emit(c);
  }
  return out;
}

/** `l`: the pattern space with non-printables escaped and lines folded at 69 characters. */
function unambiguous(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    const map: Record<number, string> = {
      7: '\\a',
      8: '\\b',
      9: '\\t',
      10: '\\n',
      11: '\\v',
      12: '\\f',
      13: '\\r',
      92: '\\\\',
    };
    out += map[code] ?? (code < 32 || code >= 127 ? `\\${code.toString(8).padStart(3, '0')}` : ch);
  }
  const folded: string[] = [];
  for (let i = 0; i < out.length; i += 69) folded.push(out.slice(i, i + 69));
  return `${folded.join('\\\n')}$\n`;
}

async function sed(ctx: CommandContext): Promise<number> {
  const prog = progName(ctx, 'sed');
  const busybox = isBusybox(ctx);
  const argv = ctx.argv.slice(1);
  const scripts: string[] = [];
  const files: string[] = [];
  let quiet = false;
  let extended = false;
  let inPlace: string | null = null;
  let separate = false;
  let nul = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      files.push(...argv.slice(i + 1));
      break;
    }
    if (a === '--version') {
      ctx.stdout(
        'sed (GNU sed) 4.9\nCopyright (C) 2022 Free Software Foundation, Inc.\nLicense GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\nThis is free software: you are free to change and redistribute it.\nThere is NO WARRANTY, to the extent permitted by law.\n\nWritten by Jay Fenlason, Tom Lord, Ken Pizzini,\nPaolo Bonzini, Jim Meyering, and Assaf Gordon.\n',
      );
      return 0;
    }
    if (a === '--help') {
      ctx.stdout(
        `Usage: ${prog} [OPTION]... {script-only-if-no-other-script} [input-file]...\n\n  -n, --quiet, --silent\n                 suppress automatic printing of pattern space\n  -e script, --expression=script\n                 add the script to the commands to be executed\n  -f script-file, --file=script-file\n                 add the contents of script-file to the commands to be executed\n  -i[SUFFIX], --in-place[=SUFFIX]\n                 edit files in place (makes backup if SUFFIX supplied)\n  -E, -r, --regexp-extended\n                 use extended regular expressions in the script\n`,
      );
      return 0;
    }
    if (a.startsWith('--')) {
      const [name, value] = a.slice(2).split('=');
      if (name === 'quiet' || name === 'silent') quiet = true;
      else if (name === 'expression') scripts.push(value ?? argv[++i] ?? '');
      else if (name === 'regexp-extended') extended = true;
      else if (name === 'in-place') inPlace = value ?? '';
      else if (name === 'separate') separate = true;
      else if (name === 'null-data') nul = true;
      else if (
        name === 'posix' ||
        name === 'sandbox' ||
        name === 'debug' ||
        name === 'unbuffered' ||
        name === 'follow-symlinks'
      )
        continue;
      else if (name === 'file') {
        try {
          scripts.push(ctx.fs.readFile(absolute(ctx, value ?? argv[++i] ?? '')).toString());
        } catch (err) {
          ctx.stderr(`${prog}: couldn't open file ${value}: ${errorText(codeOf(err))}\n`);
          return 1;
        }
      } else {
        ctx.stderr(
          `${prog}: unrecognized option '${a}'\nUsage: ${prog} [OPTION]... {script-only-if-no-other-script} [input-file]...\n\n`,
        );
        return 1;
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        const rest = a.slice(j + 1);
        if (c === 'n') quiet = true;
        else if (c === 'E' || c === 'r') extended = true;
        else if (c === 's') separate = true;
        else if (c === 'z') nul = true;
        else if (c === 'u') continue;
        else if (c === 'i') {
          inPlace = rest;
          break;
        } else if (c === 'e' || c === 'f' || c === 'l') {
          const value = rest !== '' ? rest : argv[++i];
          if (value === undefined) {
            ctx.stderr(
              `${prog}: option requires an argument -- '${c}'\nUsage: ${prog} [OPTION]... {script-only-if-no-other-script} [input-file]...\n\n`,
            );
            return 1;
          }
          if (c === 'e') scripts.push(value);
          else if (c === 'f') {
            try {
              scripts.push(ctx.fs.readFile(absolute(ctx, value)).toString());
            } catch (err) {
              ctx.stderr(`${prog}: couldn't open file ${value}: ${errorText(codeOf(err))}\n`);
              return 1;
            }
          }
          break;
        } else {
          ctx.stderr(
            busybox
              ? `${prog}: unrecognized option: ${c}\n`
              : `${prog}: invalid option -- '${c}'\nUsage: ${prog} [OPTION]... {script-only-if-no-other-script} [input-file]...\n\n`,
          );
          return 1;
        }
      }
      continue;
    }
    if (
      scripts.length === 0 &&
      !argv
        .slice(0, i)
        .some(
          (x) =>
            x === '-e' ||
            x === '-f' ||
            x.startsWith('--expression') ||
            x.startsWith('--file') ||
            /^-[^-]*[ef]/.test(x),
        )
    ) {
      scripts.push(a);
      continue;
    }
    files.push(a);
  }
  if (scripts.length === 0) {
    ctx.stderr(`Usage: ${prog} [OPTION]... {script-only-if-no-other-script} [input-file]...\n\n`);
    return 1;
  }
  const budget = new RegexBudget();
  const lastRe = { re: null as Regex | null };
  const program: Command[] = [];
  try {
    scripts.forEach((s, i) => {
      new ScriptParser(s, i + 1, extended, budget, lastRe).parse(program);
    });
  } catch (err) {
    if (err instanceof SedError) {
      ctx.stderr(`${prog}: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const labels = new Map<string, number>();
  program.forEach((c, i) => {
    if (c.name === ':') labels.set(c.label!, i);
  });
  for (const c of program) {
    if ((c.name === 'b' || c.name === 't' || c.name === 'T') && c.label && !labels.has(c.label)) {
      ctx.stderr(`${prog}: -e expression #1, char 0: can't find label for jump to \`${c.label}'\n`);
      return 1;
    }
  }
  if (inPlace !== null && files.length === 0) {
    ctx.stderr(`${prog}: no input files\n`);
    return 1;
  }

  const sep = nul ? '\0' : '\n';
  let steps = 0;
  let status = 0;
  let exitCode: number | null = null;
  let hold = '';
  const writes = new Map<string, string>();

  const inputs: Array<{ name: string; text: string }> = [];
  for (const f of files.length > 0 ? files : ['-']) {
    if (f === '-') {
      inputs.push({ name: '-', text: ctx.stdin.toString('utf8') });
      continue;
    }
    try {
      const path = absolute(ctx, f);
      const st = ctx.fs.stat(path);
      if (st?.type === 'dir') {
        ctx.stderr(
          inPlace !== null
            ? `${prog}: couldn't edit ${f}: not a regular file\n`
            : `${prog}: read error on ${f}: Is a directory\n`,
        );
        status = inPlace !== null ? 4 : 2;
        continue;
      }
      inputs.push({ name: f, text: ctx.fs.readFile(path).toString('utf8') });
    } catch (err) {
      ctx.stderr(`${prog}: can't read ${f}: ${errorText(codeOf(err))}\n`);
      status = 2;
    }
  }

  const runStream = (streams: Array<{ name: string; text: string }>, emit: (s: string) => void): void => {
    const lines: string[] = [];
    for (const s of streams) {
      const parts = s.text.split(sep);
      if (parts[parts.length - 1] === '') parts.pop();
      lines.push(...parts);
    }
    let lineNo = 0;
    let idx = 0;
    const matchAddr = (a: Address, line: string, n: number, last: boolean): boolean => {
      switch (a.t) {
        case 'line':
          return n === a.n;
        case 'last':
          return last;
        case 'zero':
          return false;
        case 'step':
          return a.step <= 0 ? n === a.first : n >= a.first && (n - a.first) % a.step === 0;
        case 're':
          return (a.re ?? lastRe.re)?.test(line) ?? false;
      }
    };
    cycle: while (idx < lines.length && exitCode === null) {
      let space = lines[idx++]!;
      lineNo++;
      let appendQueue = '';
      let substituted = false;
      let deleted = false;
      let autoprint = !quiet;
      const isLast = () => idx >= lines.length;
      for (let pc = 0; pc < program.length; pc++) {
        if (++steps > COMMAND_LIMITS.maxScriptSteps) throw new RangeError('sed step budget');
        const c = program[pc]!;
        let selected = true;
        if (c.a1) {
          if (c.a2) {
            if (!c.active) {
              if (
                c.a1.t === 'zero'
                  ? c.a2.t === 're' && (c.a2.re ?? lastRe.re)?.test(space)
                  : matchAddr(c.a1, space, lineNo, isLast())
              ) {
                c.active = true;
                if (c.a2.t === 'plus') c.rangeEnd = lineNo + c.a2.n;
                else if (c.a2.t === 'mult')
                  c.rangeEnd = c.a2.n > 0 ? Math.ceil(lineNo / c.a2.n) * c.a2.n : lineNo;
                else if (c.a2.t === 'line') c.rangeEnd = c.a2.n;
                if (c.a1.t === 'zero') c.active = false;
                else if (c.rangeEnd !== undefined && c.rangeEnd <= lineNo) c.active = false;
                selected = true;
              } else selected = false;
            } else {
              const a2 = c.a2;
              let ends = false;
              if (a2.t === 'plus' || a2.t === 'mult' || a2.t === 'line') ends = lineNo >= (c.rangeEnd ?? 0);
              else if (a2.t === 'last') ends = isLast();
              else if (a2.t === 're') ends = (a2.re ?? lastRe.re)?.test(space) ?? false;
              else ends = true;
              if (ends) c.active = false;
              selected = true;
            }
          } else selected = matchAddr(c.a1, space, lineNo, isLast());
        }
        if (selected === c.negate) {
          if (c.name === '{') pc = c.end ?? pc;
          continue;
        }
        switch (c.name) {
          case '{':
          case '}':
          case ':':
            break;
          case '=':
            emit(`${lineNo}\n`);
            break;
          case 'a':
            appendQueue += `${c.text}\n`;
            break;
          case 'i':
            emit(`${c.text}\n`);
            break;
          case 'c':
            if (!c.a2 || !c.active) emit(`${c.text}\n`);
            deleted = true;
            break;
          case 'd':
            deleted = true;
            break;
          case 'D': {
            const nl = space.indexOf('\n');
            if (nl === -1) deleted = true;
            else {
              space = space.slice(nl + 1);
              idx--;
              lines[idx] = space;
              lineNo--;
              if (appendQueue) emit(appendQueue);
              continue cycle;
            }
            break;
          }
          case 'p':
            emit(`${space}${sep}`);
            break;
          case 'P':
            emit(`${space.split('\n')[0]}\n`);
            break;
          case 'l':
            emit(unambiguous(space));
            break;
          case 'n':
            if (autoprint) emit(`${space}${sep}`);
            if (idx >= lines.length) {
              autoprint = false;
              deleted = true;
              break;
            }
            space = lines[idx++]!;
            lineNo++;
            break;
          case 'N':
            if (idx >= lines.length) {
              // GNU prints the pattern space when N runs out of input (POSIXLY_CORRECT would not).
              break;
            }
            space += `\n${lines[idx++]}`;
            lineNo++;
            break;
          case 'h':
            hold = space;
            break;
          case 'H':
            hold += `\n${space}`;
            break;
          case 'g':
            space = hold;
            break;
          case 'G':
            space += `\n${hold}`;
            break;
          case 'x':
            [space, hold] = [hold, space];
            break;
          case 'z':
            space = '';
            break;
          case 'F':
            emit(`${streams[0]?.name === '-' ? '-' : (streams[0]?.name ?? '-')}\n`);
            break;
          case 'y': {
            const from = [...c.from!];
            const to = [...c.to!];
            space = [...space]
              .map((ch) => {
                const k = from.indexOf(ch);
                return k === -1 ? ch : to[k]!;
              })
              .join('');
            break;
          }
          case 'q':
            exitCode = c.exitCode ?? 0;
            if (autoprint && !deleted) emit(`${space}${sep}`);
            if (appendQueue) emit(appendQueue);
            return;
          case 'Q':
            exitCode = c.exitCode ?? 0;
            return;
          case 'r':
            try {
              appendQueue += ctx.fs.readFile(absolute(ctx, c.file ?? '')).toString();
            } catch {
              // sed silently ignores an unreadable `r` file.
            }
            break;
          case 'w':
          case 'W':
            writes.set(
              c.file ?? '',
              `${writes.get(c.file ?? '') ?? ''}${c.name === 'W' ? space.split('\n')[0] : space}\n`,
            );
            break;
          case 'b':
            pc = c.label ? labels.get(c.label)! : program.length;
            break;
          case 't':
            if (substituted) {
              substituted = false;
              pc = c.label ? labels.get(c.label)! : program.length;
            }
            break;
          case 'T':
            if (!substituted) pc = c.label ? labels.get(c.label)! : program.length;
            else substituted = false;
            break;
          case 's': {
            const re = c.re ?? lastRe.re;
            if (!re) break;
            let out = '';
            let at = 0;
            let count = 0;
            let done = false;
            let pos = 0;
            while (pos <= space.length && !done) {
              const m = re.exec(space, pos, pos > 0);
              if (!m) break;
              count++;
              if (count >= (c.occurrence ?? 1)) {
                out += space.slice(at, m.start) + substitute(c.replacement ?? '', space, m.groups);
                at = m.end;
                substituted = true;
                if (!c.global) done = true;
              }
              if (m.end === m.start) {
                if (m.start < space.length && count >= (c.occurrence ?? 1)) out += space[m.start];
                if (count >= (c.occurrence ?? 1)) at = m.start + 1;
                pos = m.start + 1;
              } else pos = m.end;
            }
            if (at > 0 || substituted) {
              space = out + space.slice(at);
              if (c.print) emit(`${space}${sep}`);
              if (c.file) writes.set(c.file, `${writes.get(c.file) ?? ''}${space}\n`);
            }
            break;
          }
        }
        if (deleted) break;
      }
      if (!deleted && autoprint) emit(`${space}${sep}`);
      if (appendQueue) emit(appendQueue);
    }
  };

  if (inPlace !== null) {
    for (const input of inputs) {
      let text = '';
      runStream([input], (s) => {
        text += s;
      });
      try {
        const path = absolute(ctx, input.name);
        if (inPlace !== '')
          ctx.fs.writeFile(
            inPlace.includes('*') ? absolute(ctx, inPlace.replace('*', input.name)) : `${path}${inPlace}`,
            Buffer.from(input.text),
          );
        ctx.fs.writeFile(path, Buffer.from(text));
      } catch (err) {
        // GNU sed writes a temporary file beside the input (sedXXXXXX) and renames it over.
        ctx.stderr(
          `${prog}: couldn't open temporary file ${input.name.replace(/[^/]*$/, '')}sed${tempSuffix(input.name)}: ${errorText(codeOf(err))}\n`,
        );
        status = 4;
      }
      if (exitCode !== null) break;
    }
  } else if (separate) {
    for (const input of inputs) {
      runStream([input], (s) => ctx.stdout(s));
      if (exitCode !== null) break;
    }
  } else {
    let out = '';
    runStream(inputs, (s) => {
      out += s;
    });
    ctx.stdout(out);
  }
  for (const [file, text] of writes) {
    if (file === '/dev/stdout') ctx.stdout(text);
    else if (file === '/dev/stderr') ctx.stderr(text);
    else {
      try {
        ctx.fs.writeFile(absolute(ctx, file), Buffer.from(text));
      } catch (err) {
        ctx.stderr(`${prog}: couldn't open file ${file}: ${errorText(codeOf(err))}\n`);
        status = 4;
      }
    }
  }
  return exitCode ?? status;
}

/** The six characters mkstemp would pick, derived from the name so output is reproducible. */
function tempSuffix(name: string): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619) >>> 0;
  let out = '';
  for (let i = 0; i < 6; i++) {
    out += alphabet[h % alphabet.length];
    h = Math.floor(h / alphabet.length) + i * 7919;
  }
  return out;
}

export const sedCommand = defineCommand({
  name: 'sed',
  path: '/usr/bin/sed',
  availableOn: coreTool('sed'),
  run: sed,
});

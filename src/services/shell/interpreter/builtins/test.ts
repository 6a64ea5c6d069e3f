/**
 * `test` and `[` (bash(1) "CONDITIONAL EXPRESSIONS", POSIX XCU test: the rules by argument count),
 * and the file tests `[[ ]]` shares.
 */
import type { FileStat } from '../../filesystem.js';
import { resolvePath } from '../../path.js';
import { toText } from '../../syntax/bytes.js';
import {
  BINARY_TEST_OPERATORS,
  FILE_TEST_OPERATORS,
  UNARY_TEST_OPERATORS,
} from '../../syntax/test-operators.js';
import { permits } from '../access.js';
import { type BuiltinContext, compareIntegers, type Shell } from '../shell.js';

const BINARY = new Set([...BINARY_TEST_OPERATORS, '<', '>']);

export function isFileTest(op: string): boolean {
  return FILE_TEST_OPERATORS.has(op);
}

function statOf(shell: Shell, arg: string, follow = true): FileStat | null {
  if (arg === '') return null;
  const path = resolvePath(shell.state.cwd, toText(arg));
  try {
    return follow ? shell.runtime.fs.stat(path) : shell.runtime.fs.lstat(path);
  } catch {
    return null;
  }
}

/** A file test on `arg` (and `other` for -nt, -ot, -ef). */
export function fileTest(shell: Shell, op: string, arg: string, other?: string): boolean {
  if (op === '-t')
    return shell.runtime.terminal.isTty && /^[0-2]$/.test(arg.trim()) && shell.state.mode === 'interactive';
  if (op === '-h' || op === '-L') return statOf(shell, arg, false)?.type === 'symlink';
  const stat = statOf(shell, arg);
  if (op === '-nt' || op === '-ot' || op === '-ef') {
    const b = statOf(shell, other ?? '');
    if (op === '-ef') return stat !== null && b !== null && stat.ino === b.ino;
    if (op === '-nt') return stat !== null && (b === null || stat.mtimeMs > b.mtimeMs);
    return b !== null && (stat === null || stat.mtimeMs < b.mtimeMs);
  }
  if (!stat) return false;
  const user = shell.state.user;
  switch (op) {
    case '-a':
    case '-e':
      return true;
    case '-f':
      return stat.type === 'file';
    case '-d':
      return stat.type === 'dir';
    case '-c':
      return stat.type === 'chardev';
    case '-b':
    case '-p':
    case '-S':
    case '-N':
      return false;
    case '-r':
      return permits(stat, user, 'r');
    case '-w':
      return permits(stat, user, 'w');
    case '-x':
      return permits(stat, user, 'x');
    case '-s':
      return stat.size > 0;
    case '-g':
      return (stat.mode & 0o2000) !== 0;
    case '-u':
      return (stat.mode & 0o4000) !== 0;
    case '-k':
      return (stat.mode & 0o1000) !== 0;
    case '-O':
      return stat.uid === user.uid;
    case '-G':
      return stat.gid === user.gid;
    default:
      return false;
  }
}

class TestError extends Error {}

/** `test`'s integers: optional blanks and sign, then decimal digits only. */
function integer(text: string): bigint {
  const trimmed = text.trim();
  if (!/^[-+]?[0-9]+$/.test(trimmed)) throw new TestError(`${text}: integer expression expected`);
  return BigInt(trimmed);
}

class Evaluator {
  private i = 0;

  constructor(
    private readonly shell: Shell,
    private readonly args: readonly string[],
  ) {}

  /** POSIX's rules for up to four arguments, then a general parse. */
  run(): boolean {
    const a = this.args;
    switch (a.length) {
      case 0:
        return false;
      case 1:
        return (a[0] as string) !== '';
      case 2:
        if (a[0] === '!') return (a[1] as string) === '';
        if (UNARY_TEST_OPERATORS.has(a[0] as string)) return this.unary(a[0] as string, a[1] as string);
        throw new TestError(`${a[0]}: unary operator expected`);
      case 3:
        if (BINARY.has(a[1] as string)) return this.binary(a[1] as string, a[0] as string, a[2] as string);
        if (a[1] === '-a' || a[1] === '-o') return this.general();
        if (a[0] === '!') return !new Evaluator(this.shell, a.slice(1)).run();
        if (a[0] === '(' && a[2] === ')') return (a[1] as string) !== '';
        throw new TestError(`${a[1]}: binary operator expected`);
      case 4:
        if (a[0] === '!') return !new Evaluator(this.shell, a.slice(1)).run();
        if (a[0] === '(' && a[3] === ')') return new Evaluator(this.shell, a.slice(1, 3)).run();
        return this.general();
      default:
        return this.general();
    }
  }

  private general(): boolean {
    const value = this.or();
    if (this.i < this.args.length) throw new TestError('too many arguments');
    return value;
  }

  private peek(): string | undefined {
    return this.args[this.i];
  }

  private or(): boolean {
    let value = this.and();
    while (this.peek() === '-o') {
      this.i++;
      const right = this.and();
      value = value || right;
    }
    return value;
  }

  private and(): boolean {
    let value = this.not();
    while (this.peek() === '-a') {
      this.i++;
      const right = this.not();
      value = value && right;
    }
    return value;
  }

  private not(): boolean {
    if (this.peek() === '!' && this.i + 1 < this.args.length) {
      this.i++;
      return !this.not();
    }
    return this.primary();
  }

  private primary(): boolean {
    const token = this.args[this.i];
    if (token === undefined) throw new TestError('argument expected');
    if (token === '(') {
      this.i++;
      const value = this.or();
      if (this.peek() !== ')') throw new TestError("`)' expected");
      this.i++;
      return value;
    }
    const next = this.args[this.i + 1];
    if (next !== undefined && BINARY.has(next) && this.i + 2 < this.args.length) {
      this.i += 3;
      return this.binary(next, token, this.args[this.i - 1] as string);
    }
    if (UNARY_TEST_OPERATORS.has(token) && next !== undefined) {
      this.i += 2;
      return this.unary(token, next);
    }
    this.i++;
    return token !== '';
  }

  private unary(op: string, arg: string): boolean {
    switch (op) {
      case '-z':
        return arg === '';
      case '-n':
        return arg !== '';
      case '-v':
        return this.shell.lookup(arg) !== undefined;
      case '-o':
        return this.shell.state.options.has(arg.slice(0, 1));
      case '-R':
        return false;
      default:
        return fileTest(this.shell, op, arg);
    }
  }

  private binary(op: string, left: string, right: string): boolean {
    switch (op) {
      case '=':
      case '==':
        return left === right;
      case '!=':
        return left !== right;
      case '<':
        return left < right;
      case '>':
        return left > right;
      case '-nt':
      case '-ot':
      case '-ef':
        return fileTest(this.shell, op, left, right);
      default:
        return compareIntegers(op, integer(left), integer(right));
    }
  }
}

export function test(ctx: BuiltinContext): number {
  let args = ctx.argv.slice(1);
  if (ctx.argv[0] === '[') {
    if (args[args.length - 1] !== ']') {
      ctx.error("missing `]'");
      return 2;
    }
    args = args.slice(0, -1);
  }
  try {
    return new Evaluator(ctx.shell, args).run() ? 0 : 1;
  } catch (err) {
    if (!(err instanceof TestError)) throw err;
    ctx.error(err.message);
    return 2;
  }
}
